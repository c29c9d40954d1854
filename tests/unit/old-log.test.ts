/**
 * A log written by the hall before issue 12 (commit 5220dcd: decide in one
 * file, hand-written status checks, the recall guard switched off on replay)
 * must still be read, folded and decided the same way. The fixture
 * (tests/fixtures/old-log, made by make-old-log.ts at that commit) holds the
 * events table row for row, the state it folded to, and the commands that
 * produced it with their answers.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { loadHallConfig } from '../../server/config/load-config.ts';
import { HallService } from '../../server/hall/hall-service.ts';
import { openDatabase, SqliteEventStore } from '../../server/store/sqlite-event-store.ts';
import type { HallEvent } from '../../state-machines/domain/events.ts';
import { decide, type HallCommand } from '../../state-machines/hall/decide.ts';
import { evolve } from '../../state-machines/hall/evolve.ts';
import { initialHallState } from '../../state-machines/hall/state.ts';
import type { ProtocolError } from '../../state-machines/protocol/errors.ts';
import { canonicalJson } from '../fixtures/old-log/canonical.ts';
import { tempDataDir } from '../support/server.ts';

const FIXTURE = join(import.meta.dirname, '../fixtures/old-log');
const config = loadHallConfig(join(FIXTURE, 'hall.json'));

/** A row of the events table, as SQLite holds it. */
type Row = { seq: number; at: number; type: string; actor: string; request_key: string | null; payload: string; prev_hash: string; hash: string };
type Step = { at: number; tick: number } | { at: number; actor: string; requestKey: string; command: HallCommand; seq?: number; error?: ProtocolError };

/** A decision probe: at this point of the log (after event `seq`, at `at`), what decide answered then. */
type Probe = { seq: number; at: number; command: HallCommand; decision: unknown };

function jsonLines<T>(file: string): T[] {
  return gunzipSync(readFileSync(join(FIXTURE, file)))
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as T);
}
const rows = jsonLines<Row>('events.jsonl.gz');
const steps = jsonLines<Step>('commands.jsonl.gz');
const probes = jsonLines<Probe>('probes.jsonl.gz');
const foldedThen = readFileSync(join(FIXTURE, 'state.json'), 'utf8').trim();

const closers: (() => void)[] = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

/** An empty events table (the store's schema) in a fresh SQLite file. */
function freshDb() {
  const db = openDatabase(join(tempDataDir(), 'hall.sqlite'));
  new SqliteEventStore(db);
  closers.push(() => db.close());
  return db;
}

describe('a log written before issue 12', () => {
  it('covers every event type the hall writes', () => {
    const types = new Set(rows.map((r) => r.type));
    expect([...types].sort()).toEqual(
      [
        'appointment.booked',
        'appointment.cancelled',
        'appointment.checked_in',
        'appointment.forfeited',
        'clerk.signed_in',
        'clerk.signed_out',
        'hall.phase_changed',
        'post.assigned',
        'post.escalated',
        'post.taken_over',
        'ticket.called',
        'ticket.cancelled',
        'ticket.completed',
        'ticket.issued',
        'ticket.no_show',
        'ticket.parked',
        'ticket.prioritised',
        'ticket.recalled',
        'ticket.requeued',
        'ticket.resumed',
        'ticket.serving_started',
        'ticket.transferred',
        'window.closed',
        'window.opened',
        'window.paused',
        'window.resumed',
      ].sort(),
    );
  });

  it('folds with evolve to the state it folded to then', () => {
    const state = initialHallState(config);
    for (const r of rows) evolve(state, { seq: r.seq, at: r.at, event: JSON.parse(r.payload) as HallEvent });
    expect(canonicalJson(state, 1)).toBe(foldedThen);
  });

  it('boots the hall service from SQLite: chain intact, the same state', () => {
    const db = freshDb();
    const insert = db.prepare('INSERT INTO events (seq, at, type, actor, request_key, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    db.transaction(() => {
      for (const r of rows) insert.run(r.seq, r.at, r.type, r.actor, r.request_key, r.payload, r.prev_hash, r.hash);
    })();
    const hall = new HallService(config, new SqliteEventStore(db), { checkpointEvery: 1_000_000 });
    const report = hall.boot();
    expect(report.integrity).toEqual({ ok: true });
    expect(report.replayed).toBe(rows.length);
    expect(canonicalJson(hall.state, 1)).toBe(foldedThen);
  });

  it('the same commands are decided the same way today: every answer, every row byte for byte', () => {
    const db = freshDb();
    const store = new SqliteEventStore(db);
    const clock = { now: steps[0]!.at };
    const hall = new HallService(config, store, { now: () => clock.now, checkpointEvery: 1_000_000 });
    hall.boot();
    for (const step of steps) {
      clock.now = step.at;
      if ('tick' in step) {
        hall.settleClock(step.at);
        expect(hall.seq, `clock at ${new Date(step.at).toISOString()}`).toBe(step.tick);
        continue;
      }
      const result = hall.execute(step.command, step.actor, step.requestKey);
      const answer = result.ok ? { seq: result.event.seq } : { error: result.error };
      expect(answer, `${step.requestKey} ${step.command.type}`).toEqual(step.error ? { error: step.error } : { seq: step.seq });
    }
    expect(hall.seq).toBe(rows.length);
    const written = db.prepare('SELECT seq, at, type, actor, request_key, payload, prev_hash, hash FROM events ORDER BY seq').all() as Row[];
    for (const [i, r] of rows.entries()) expect(written[i], `row ${r.seq}`).toEqual(r);
    expect(canonicalJson(hall.state, 1)).toBe(foldedThen);
  });

  it('every probe gets the answer it got then: the same event, or the same refusal word for word', () => {
    expect(probes.length).toBeGreaterThan(10_000);
    const state = initialHallState(config);
    let next = 0;
    const differ: string[] = [];
    for (const probe of probes) {
      while (state.seq < probe.seq) {
        const r = rows[next++]!;
        evolve(state, { seq: r.seq, at: r.at, event: JSON.parse(r.payload) as HallEvent });
      }
      const now = JSON.parse(JSON.stringify(decide(state, config, probe.command, probe.at))) as unknown;
      if (JSON.stringify(now) !== JSON.stringify(probe.decision))
        differ.push(`after ${probe.seq}: ${JSON.stringify(probe.command)}\n  then ${JSON.stringify(probe.decision)}\n  now  ${JSON.stringify(now)}`);
    }
    expect(differ.slice(0, 5).join('\n')).toBe('');
  });
});
