/**
 * Issue 15 item 3: at boot the hash chain is checked in a worker thread while
 * the hall's thread folds. A row changed anywhere — the first, one in the
 * middle, the last — must still be found, reported by the boot exactly as a
 * check in the hall's own thread reports it (the hall opens, /healthz and the
 * log say where the chain broke), and found again by `npm run verify-log`.
 */
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { HallService } from '../../server/hall/hall-service.ts';
import { startChainCheck } from '../../server/store/chain-check.ts';
import { openDatabase, SqliteEventStore, WORKER_CHECK_FROM } from '../../server/store/sqlite-event-store.ts';
import { buildLog, replayFixtureConfig } from '../bench/replay.ts';

const SMALL = 3_000;

function verifyLog(dataDir: string) {
  return spawnSync('npm', ['run', '--silent', 'verify-log', '--', '--data', dataDir], { encoding: 'utf8' });
}

/** A copy of `source`'s log in a new data dir, with one row's actor changed by hand (the guard trigger dropped first). */
function tamperedCopy(source: string, seq: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'yc-tampered-'));
  copyFileSync(join(source, 'hall.sqlite'), join(dir, 'hall.sqlite'));
  const db = new Database(join(dir, 'hall.sqlite'));
  db.exec('DROP TRIGGER events_no_update');
  expect(db.prepare("UPDATE events SET actor = actor || '.' WHERE seq = ?").run(seq).changes).toBe(1);
  db.close();
  return dir;
}

function boot(dir: string, workerCheckFrom?: number) {
  const store = new SqliteEventStore(openDatabase(join(dir, 'hall.sqlite')), workerCheckFrom === undefined ? {} : { workerCheckFrom });
  const hall = new HallService(replayFixtureConfig, store, { checkpointEvery: Number.MAX_SAFE_INTEGER });
  const report = hall.boot();
  const checkedBy = store.lastChainCheck;
  const seq = hall.seq;
  store.close();
  return { report, checkedBy, seq };
}

describe('the boot checks the hash chain in a worker thread beside the fold', () => {
  let small: string;
  beforeAll(() => {
    small = mkdtempSync(join(tmpdir(), 'yc-chain-'));
    buildLog(small, SMALL);
  });

  it('an intact log: the worker agrees, the fold is the same as with the check in the hall thread', () => {
    const inWorker = boot(small, 1);
    expect(inWorker.checkedBy).toBe('worker');
    expect(inWorker.report.integrity).toEqual({ ok: true });
    expect(inWorker.seq).toBe(SMALL);
    const inThread = boot(small);
    expect(inThread.checkedBy).toBe('thread');
    expect(inThread.report.integrity).toEqual({ ok: true });
  });

  it.each([
    ['the first', 1],
    ['a middle', SMALL / 2],
    ['the last', SMALL],
  ])('%s row changed: the boot names it as the hall thread would, and verify-log finds it', (_which, seq) => {
    const dir = tamperedCopy(small, seq);
    const worker = boot(dir, 1);
    expect(worker.checkedBy).toBe('worker');
    expect(worker.report.integrity).toEqual({ ok: false, badSeq: seq, reason: 'content does not match its hash (altered)' });
    // Every event is still folded (an actor is not part of the event): the hall opens and says the chain is broken.
    expect(worker.seq).toBe(SMALL);
    expect(boot(dir).report.integrity).toEqual(worker.report.integrity);
    const verified = verifyLog(dir);
    expect(verified.status).toBe(1);
    expect(verified.stderr).toContain(`BROKEN at event ${seq}: content does not match its hash (altered) (${seq - 1} events verified before it)`);
  });

  it('a worker that cannot check (no such file) answers nothing, and the boot then checks in its own thread', () => {
    expect(startChainCheck(join(small, 'no-such.sqlite'), 1, SMALL).verdict()).toBeUndefined();
  });

  it('a row the fold cannot read still stops the boot with its own error while the worker checks', () => {
    const dir = mkdtempSync(join(tmpdir(), 'yc-malformed-'));
    copyFileSync(join(small, 'hall.sqlite'), join(dir, 'hall.sqlite'));
    const db = new Database(join(dir, 'hall.sqlite'));
    db.exec('DROP TRIGGER events_no_update');
    db.prepare('UPDATE events SET payload = ? WHERE seq = 1000').run('{"type":"ticket.issued"}');
    db.close();
    expect(() => boot(dir, 1)).toThrow('event 1000 in the log is malformed: ticket.issued.ticketId is missing');
  });

  it('a large log broken near its end: the worker, on by default, is what finds it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'yc-chain-large-'));
    const events = WORKER_CHECK_FROM + 5_000;
    buildLog(dir, events);
    const db = new Database(join(dir, 'hall.sqlite'));
    db.exec('DROP TRIGGER events_no_update');
    // A payload changed, still a valid event: the fold takes it, only the chain can tell.
    const row = db.prepare("SELECT seq, payload FROM events WHERE type = 'ticket.called' AND seq > ? ORDER BY seq LIMIT 1").get(events - 50) as {
      seq: number;
      payload: string;
    };
    const altered = row.payload.replace(/"window":(\d+)/, (_m, w: string) => `"window":${w} `);
    expect(altered).not.toBe(row.payload);
    db.prepare('UPDATE events SET payload = ? WHERE seq = ?').run(altered, row.seq);
    db.close();
    const booted = boot(dir);
    expect(booted.checkedBy).toBe('worker');
    expect(booted.report.integrity).toEqual({ ok: false, badSeq: row.seq, reason: 'content does not match its hash (altered)' });
    expect(booted.seq).toBe(events);
    expect(verifyLog(dir).stderr).toContain(`BROKEN at event ${row.seq}`);
  }, 60_000);
});
