/**
 * Replay / start-up: how long the hall takes to rebuild its state from a log
 * of N events, beside the floor of simply reading those rows from SQLite.
 *
 * The log is a realistic hall day repeated: tickets across every queue, each
 * one called, started and completed at a window that serves its queue, 1,500
 * tickets a day, so the fold's daily pruning runs; each morning the hall's
 * clock first records 未评价 (rating.expired) for the day before's services
 * nobody rated, as the server's first command of the day would. It is built with the real
 * decide → SqliteEventStore.append → evolve path (a valid hash chain), but with
 * synchronous=OFF inside one transaction, which makes 1M events a matter of
 * seconds; the file is deleted afterwards.
 *
 * Per size: bare read (all columns, raw, chunked: the I/O floor), full replay
 * (HallService.boot with no checkpoint, as a first start runs it: read, parse
 * and fold in the hall's thread while a worker thread checks the hash chain,
 * then the checkpoint the boot writes at its end), the same with the chain
 * checked in the hall's thread instead, chain verification alone, writing a
 * checkpoint, boot from that checkpoint, and the real server process
 * (server/main.ts) from spawn to a healthy /healthz.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadHallConfig } from '../../server/config/load-config.ts';
import { CLOCK_ACTOR, HallService } from '../../server/hall/hall-service.ts';
import { openDatabase, SqliteEventStore } from '../../server/store/sqlite-event-store.ts';
import { decide, type HallCommand } from '../../state-machines/hall/decide.ts';
import { evolve } from '../../state-machines/hall/evolve.ts';
import { useFastPath } from '../../state-machines/machines/step.ts';
import { initialHallState } from '../../state-machines/hall/state.ts';
import { startHall } from './processes.ts';
import { ratio } from './stats.ts';

// The replay log is built at made-up hours: the demo hall without its calendar.
export const replayFixtureConfig = (() => {
  const shipped = loadHallConfig('server/halls/demo-hall.json');
  return { ...shipped, schedule: undefined };
})();
const config = replayFixtureConfig;
const TICKETS_PER_DAY = 1500;

export interface ReplayRow {
  events: number;
  dbMiB: number;
  buildMs: number;
  bareReadMs: number;
  fullReplayMs: number;
  /** CPU time (user + system) of the full replay: less sensitive than wall time to a busy machine. */
  fullReplayCpuMs: number;
  perEventUs: number;
  /** full replay ÷ bare read */
  ratioToRead: number;
  /** Where the full replay checked the hash chain: a worker thread beside the fold, or the hall's thread. */
  chainCheckedBy: string;
  /** The same full replay with the chain checked in the hall's thread after the fold (no worker). */
  threadCheckReplayMs: number;
  /** The same full replay with the machines stepped through xstate's public API only (step.ts's fast path off). */
  publicApiReplayMs: number;
  verifyMs: number;
  checkpointWriteMs: number;
  fromCheckpointMs: number;
  /** spawn of server/main.ts → /healthz 200 (includes loading Node, tsx and the modules). */
  serverStartMs: number;
}

/** Build a log of exactly `events` events (or one more day's worth less) in `dir`/hall.sqlite. */
export function buildLog(dir: string, events: number): void {
  const db = openDatabase(join(dir, 'hall.sqlite'));
  db.pragma('synchronous = OFF'); // fixture only; the measured server keeps FULL
  const store = new SqliteEventStore(db);
  const state = initialHallState(config);
  let now = Date.parse('2026-01-05T08:30:00+08:00');
  const run = (command: HallCommand, actor: string) => {
    const d = decide(state, config, command, now);
    if (!d.ok) return undefined;
    evolve(state, store.append({ at: now, actor, event: d.event }));
    return d.event;
  };
  const servers = new Map(config.queues.map((q) => [q.id, config.windows.find((w) => w.queues.includes(q.id))!]));
  db.transaction(() => {
    for (const w of config.windows) run({ type: 'window.open', window: w.number, clerkId: w.posts.a }, `clerk:${w.posts.a}@${w.number}`);
    for (let i = 0; store.lastSeq() < events; i++) {
      if (i % TICKETS_PER_DAY === TICKETS_PER_DAY - 1) {
        now += 15 * 3600_000; // next morning
        // What the server settles before the morning's first command: without it every unrated service stays
        // invited for ever, and the fold's day change walks them all (a 1M-event replay took 30 s instead of 7).
        while (store.lastSeq() < events && run({ type: 'clock.tick' }, CLOCK_ACTOR) !== undefined);
        if (store.lastSeq() >= events) break;
      }
      now += 15_000;
      const q = config.queues[i % config.queues.length]!;
      const taken = run({ type: 'ticket.take', deviceId: 'kiosk-1f-1', queueId: q.id }, 'kiosk:kiosk-1f-1');
      if (store.lastSeq() >= events) break;
      const w = servers.get(q.id)!;
      const actor = `clerk:${w.posts.a}@${w.number}`;
      // The ticket just issued is the only one waiting for this window, so "call next" would pick it; the
      // event is written directly because decide's scan of the day's tickets (nextTicketFor) would make a
      // 1M-event fixture take minutes. evolve still checks the transition.
      const issued = taken?.type === 'ticket.issued' ? state.tickets[taken.ticketId] : undefined;
      if (issued?.status !== 'waiting') continue;
      const called = { type: 'ticket.called' as const, ticketId: issued.id, clerkId: w.posts.a, window: w.number };
      evolve(state, store.append({ at: now, actor, event: called }));
      if (store.lastSeq() >= events) break;
      run({ type: 'ticket.start', window: w.number, clerkId: w.posts.a, ticketId: called.ticketId }, actor);
      if (store.lastSeq() >= events) break;
      run({ type: 'ticket.complete', window: w.number, clerkId: w.posts.a, ticketId: called.ticketId }, actor);
    }
  })();
  store.close();
}

/** Read every column of every row the way replay does (raw arrays, chunks of 4096), and nothing else. */
function bareRead(file: string): number {
  const db = new Database(file, { readonly: true });
  const stmt = db.prepare('SELECT seq, at, type, actor, request_key, payload, prev_hash, hash FROM events WHERE seq > ? ORDER BY seq LIMIT 4096').raw(true);
  const t0 = performance.now();
  let after = 0;
  let rows = 0;
  for (;;) {
    const chunk = stmt.all(after) as [number][];
    rows += chunk.length;
    if (chunk.length < 4096) break;
    after = chunk[chunk.length - 1]![0];
  }
  const ms = performance.now() - t0;
  db.close();
  if (rows === 0) throw new Error('empty log');
  return ms;
}

function dropCheckpoints(file: string): void {
  const db = new Database(file);
  db.exec('DELETE FROM checkpoints');
  db.close();
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function benchReplay(sizes: number[], tmp: string, log: (s: string) => void): Promise<ReplayRow[]> {
  const rows: ReplayRow[] = [];
  for (const n of sizes) {
    const dir = mkdtempSync(join(tmp, 'yc-bench-replay-'));
    try {
      const file = join(dir, 'hall.sqlite');
      const b0 = performance.now();
      buildLog(dir, n);
      const buildMs = performance.now() - b0;
      const repeats = n <= 100_000 ? 3 : 1;
      bareRead(file); // warm the page cache once, for both
      const store = new SqliteEventStore(openDatabase(file));
      // The first start's boot as the server does it (a checkpoint at its end): dropped again, so each repeat folds it all.
      const firstStart = (s: SqliteEventStore) => {
        dropCheckpoints(file);
        const hall = new HallService(config, s);
        const cpu = process.cpuUsage();
        const t = performance.now();
        const report = hall.boot();
        const ms = performance.now() - t;
        const used = process.cpuUsage(cpu);
        dropCheckpoints(file);
        if (!report.integrity.ok) throw new Error(`fixture chain broken: ${JSON.stringify(report.integrity)}`);
        if (hall.seq !== n) throw new Error(`fixture has ${hall.seq} events, wanted ${n}`);
        return { hall, ms, cpuMs: (used.user + used.system) / 1000, checkedBy: s.lastChainCheck ?? 'thread' };
      };
      // What the worker saves: the same boot with the chain checked in the hall's thread after the fold.
      const threadStore = new SqliteEventStore(openDatabase(file), { workerCheckFrom: Number.MAX_SAFE_INTEGER });
      const readTimes: number[] = [];
      const fullTimes: number[] = [];
      const fullCpu: number[] = [];
      const threadTimes: number[] = [];
      let full: HallService | undefined;
      let checkedBy = '';
      for (let r = 0; r < repeats; r++) {
        // The limit right before each replay: the machine's load drifts, so keep the pair adjacent.
        readTimes.push(bareRead(file));
        const boot = firstStart(store);
        full = boot.hall;
        checkedBy = boot.checkedBy;
        fullTimes.push(boot.ms);
        fullCpu.push(boot.cpuMs);
        threadTimes.push(firstStart(threadStore).ms);
      }
      threadStore.close();
      // Why step.ts keeps its fast path: the same boot, every transition through xstate's public API.
      const publicApiTimes: number[] = [];
      useFastPath(false);
      try {
        for (let r = 0; r < repeats; r++) {
          const slow = firstStart(store);
          publicApiTimes.push(slow.ms);
          if (JSON.stringify(slow.hall.state) !== JSON.stringify(full!.state)) throw new Error('public-API replay folded a different state');
        }
      } finally {
        useFastPath(true);
      }
      const v0 = performance.now();
      const verified = store.verify();
      const verifyMs = performance.now() - v0;
      if (!verified.ok) throw new Error('fixture chain broken');
      const c0 = performance.now();
      full!.checkpoint();
      const checkpointWriteMs = performance.now() - c0;
      const fromTimes: number[] = [];
      for (let r = 0; r < 3; r++) {
        const again = new HallService(config, store);
        const t = performance.now();
        again.boot();
        fromTimes.push(performance.now() - t);
        if (again.bootReport?.fromCheckpoint !== n) throw new Error('checkpoint not used');
      }
      store.close();
      const dbMiB = statSync(file).size / 2 ** 20;
      const s0 = performance.now();
      const server = await startHall(dir);
      const serverStartMs = performance.now() - s0;
      await server.stop();
      const fullReplayMs = median(fullTimes);
      const bareReadMs = median(readTimes);
      rows.push({
        events: n,
        dbMiB,
        buildMs,
        bareReadMs,
        fullReplayMs,
        fullReplayCpuMs: median(fullCpu),
        perEventUs: (fullReplayMs * 1000) / n,
        ratioToRead: ratio(fullReplayMs, bareReadMs),
        chainCheckedBy: checkedBy,
        threadCheckReplayMs: median(threadTimes),
        publicApiReplayMs: median(publicApiTimes),
        verifyMs,
        checkpointWriteMs,
        fromCheckpointMs: median(fromTimes),
        serverStartMs,
      });
      log(
        `  replay ${n}: full ${fullReplayMs.toFixed(0)} ms, chain checked by the ${checkedBy} (read floor ${bareReadMs.toFixed(0)} ms; chain in the hall thread ${median(threadTimes).toFixed(0)} ms; public xstate API only ${median(publicApiTimes).toFixed(0)} ms), from checkpoint ${median(fromTimes).toFixed(1)} ms`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return rows;
}
