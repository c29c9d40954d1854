/**
 * Replay benchmark: how long the hall takes to rebuild its state from the log
 * at start-up, with and without a checkpoint. Writes bench-results/replay.json
 * and prints a Markdown table.
 *
 *   npm run bench -- [events…]     default: 10000 100000
 *
 * The log is a realistic hall day repeated: tickets across all queues, every
 * one called, started and completed at a window; day boundaries included so
 * the fold's daily pruning is exercised.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadHallConfig } from '../../server/config/load-config.ts';
import { HallService } from '../../server/hall/hall-service.ts';
import { openDatabase, SqliteEventStore } from '../../server/store/sqlite-event-store.ts';
import { decide, type HallCommand } from '../../state-machines/hall/decide.ts';
import { evolve } from '../../state-machines/hall/evolve.ts';
import { initialHallState } from '../../state-machines/hall/state.ts';

const config = loadHallConfig('server/halls/demo-hall.json');
const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const targets = sizes.length ? sizes : [10_000, 100_000];

function buildLog(dir: string, events: number): void {
  const db = openDatabase(join(dir, 'hall.sqlite'));
  db.pragma('synchronous = OFF'); // building the fixture only; replay is measured separately
  const store = new SqliteEventStore(db);
  const state = initialHallState(config);
  let now = Date.parse('2026-01-05T08:30:00+08:00');
  const run = (command: HallCommand, actor: string) => {
    const d = decide(state, config, command, now);
    if (!d.ok) return undefined;
    const stored = store.append({ at: now, actor, event: d.event });
    evolve(state, stored);
    return d.event;
  };
  const windows = config.windows;
  db.transaction(() => {
    let i = 0;
    while (store.lastSeq() < events) {
      const hour = new Date(now).getUTCHours() + 8;
      if (hour >= 17 || i % 1500 === 1499) now += 15 * 3600_000; // next morning
      for (const w of windows) run({ type: 'window.open', window: w.number, clerkId: w.posts.a }, `clerk:${w.posts.a}@${w.number}`);
      const q = config.queues[i % config.queues.length]!;
      now += 15_000;
      run({ type: 'ticket.take', deviceId: 'kiosk-1f-1', queueId: q.id }, 'kiosk:kiosk-1f-1');
      const w = windows.find((x) => x.queues.includes(q.id))!;
      const clerk = w.posts.a;
      const called = run({ type: 'ticket.call_next', window: w.number, clerkId: clerk }, `clerk:${clerk}@${w.number}`);
      if (called?.type === 'ticket.called') {
        run({ type: 'ticket.start', window: w.number, clerkId: clerk, ticketId: called.ticketId }, `clerk:${clerk}@${w.number}`);
        run({ type: 'ticket.complete', window: w.number, clerkId: clerk, ticketId: called.ticketId }, `clerk:${clerk}@${w.number}`);
      }
      i++;
    }
  })();
  store.close();
}

const results: { events: number; fullReplayMs: number; perEventUs: number; withCheckpointMs: number; verifyMs: number }[] = [];
for (const n of targets) {
  const dir = mkdtempSync(join(tmpdir(), 'yc-bench-'));
  buildLog(dir, n);
  const store = new SqliteEventStore(openDatabase(join(dir, 'hall.sqlite')));
  const full = new HallService(config, store, { checkpointEvery: Number.MAX_SAFE_INTEGER });
  const t0 = performance.now();
  full.boot();
  const fullReplayMs = performance.now() - t0;
  const v0 = performance.now();
  store.verify();
  const verifyMs = performance.now() - v0;
  full.checkpoint();
  const again = new HallService(config, store);
  const t1 = performance.now();
  again.boot();
  const withCheckpointMs = performance.now() - t1;
  store.close();
  rmSync(dir, { recursive: true, force: true });
  results.push({ events: n, fullReplayMs, perEventUs: (fullReplayMs * 1000) / n, withCheckpointMs, verifyMs });
}

mkdirSync('bench-results', { recursive: true });
writeFileSync('bench-results/replay.json', JSON.stringify({ at: new Date().toISOString(), node: process.version, results }, null, 2));
const table = [
  '| events | full replay (ms) | per event (µs) | from checkpoint (ms) | verify chain (ms) |',
  '|---:|---:|---:|---:|---:|',
  ...results.map((r) => `| ${r.events} | ${r.fullReplayMs.toFixed(0)} | ${r.perEventUs.toFixed(1)} | ${r.withCheckpointMs.toFixed(1)} | ${r.verifyMs.toFixed(0)} |`),
].join('\n');
writeFileSync('bench-results/replay.md', `${table}\n`);
console.log(table);
