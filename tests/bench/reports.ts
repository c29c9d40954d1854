/**
 * 统计报表: how fast a month report answers over a long, busy log, and what the incremental report
 * projection costs the command path (README § Reports, issue 13 "Speed").
 *
 * The log is replay.ts's fixture (buildLog): days of 1,500 tickets, each issued, called, started and
 * completed through the real decide → SqliteEventStore.append → evolve path, except that the call is
 * written directly (see buildLog) — so 1M events is about 134 service days of a busy hall, not a
 * calendar year; the month report covers its last 30 days (~45,000 visits). The projection is built
 * from that log by `ReportProjection.catchUp` (the same fold the server runs per event).
 *
 * Month report: `ReportProjection.report(last 30 days, by window)`: warm (the day summaries stored,
 * as they are except for today's), median of 5, and cold (every summary dropped first: each day made
 * from its rows), median of 3. The limit beside both: reading the same month's visit rows from SQLite
 * and doing nothing with them — what a report without summaries could not go below.
 *
 * Command path: two hall services on two fresh SQLite files (WAL, synchronous=FULL, as the server),
 * one with the report projection fed from its `event` as the server does, one without; the same
 * commands (take, call next, start, complete) in alternating blocks (with, without, without, with, …)
 * so both see the same machine load; the event loop is let run between commands, so the projection's
 * timed write-backs happen inside the measured span. Time = HallService.execute() wall time (decide,
 * fsync'd append, fold, projection): the socket layer, the same for both, is left out, which makes
 * the overhead look larger than a client would see it. The limit shown beside: one fsync'd INSERT of
 * an event-sized row.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadHallConfig } from '../../server/config/load-config.ts';
import { HallService } from '../../server/hall/hall-service.ts';
import { ReportProjection } from '../../server/reports/report-projection.ts';
import { openDatabase, SqliteEventStore } from '../../server/store/sqlite-event-store.ts';
import { addDays } from '../../state-machines/domain/appointment.ts';
import type { HallCommand } from '../../state-machines/hall/decide.ts';
import { buildLog } from './replay.ts';
import { ratio, summarise, type Summary } from './stats.ts';

const config = { ...loadHallConfig('server/halls/demo-hall.json'), schedule: undefined };

export interface ReportsResult {
  events: number;
  days: number;
  monthVisits: number;
  buildLogMs: number;
  /** Folding the whole log into a fresh projection (an upgrade, or a dropped schema). */
  catchUpMs: number;
  /** Day summaries stored (the usual case: only today's is remade). */
  monthReportMs: number;
  /** No day summary stored: all 30 made from the rows. */
  monthColdMs: number;
  monthReadMs: number;
  monthRatio: number;
  monthColdRatio: number;
  commands: number;
  withProjection: Summary;
  withoutProjection: Summary;
  /** mean with ÷ mean without − 1 (write-backs included in the mean). */
  overheadMean: number;
  overheadP50: number;
  fsyncInsert: Summary;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function benchReports(events: number, commands: number, tmp: string, log: (s: string) => void): Promise<ReportsResult> {
  const dir = mkdtempSync(join(tmp, 'yc-bench-reports-'));
  try {
    const b0 = performance.now();
    buildLog(dir, events);
    const buildLogMs = performance.now() - b0;
    const db = openDatabase(join(dir, 'hall.sqlite'));
    const store = new SqliteEventStore(db);
    const lastAt = store.readFrom(store.lastSeq() - 1, 1)[0]!.at;
    const projection = new ReportProjection(db, config, { now: () => lastAt });
    const c0 = performance.now();
    projection.catchUp(store);
    const catchUpMs = performance.now() - c0;
    const lastDay = (db.prepare('SELECT MAX(day) AS d FROM report_visits').get() as { d: string }).d;
    const firstDay = (db.prepare('SELECT MIN(day) AS d FROM report_visits').get() as { d: string }).d;
    const days = (db.prepare('SELECT COUNT(DISTINCT day) AS n FROM report_visits').get() as { n: number }).n;
    const range = { from: addDays(lastDay, -29), to: lastDay };
    const read = db.prepare('SELECT * FROM report_visits WHERE day BETWEEN ? AND ?').raw(true);
    let monthVisits = 0;
    const reportTimes: number[] = [];
    const coldTimes: number[] = [];
    const readTimes: number[] = [];
    const dropSummaries = db.prepare('DELETE FROM report_day_summaries');
    for (let r = 0; r < 3; r++) {
      // Cold: no day summary stored (the first report after an upgrade, or after every day of the month changed).
      dropSummaries.run();
      const t = performance.now();
      projection.report(range, 'window');
      coldTimes.push(performance.now() - t);
    }
    for (let r = 0; r < 5; r++) {
      const t0 = performance.now();
      monthVisits = (read.all(range.from, range.to) as unknown[]).length;
      readTimes.push(performance.now() - t0);
      const t1 = performance.now();
      const report = projection.report(range, 'window');
      reportTimes.push(performance.now() - t1);
      if (report.total.issued !== monthVisits) throw new Error(`report counts ${report.total.issued}, the table ${monthVisits}`);
    }
    store.close();
    log(
      `  reports: ${events} events (${days} days ${firstDay}…${lastDay}), projection built in ${catchUpMs.toFixed(0)} ms; month report ${median(reportTimes).toFixed(1)} ms over ${monthVisits} visits (cold ${median(coldTimes).toFixed(0)} ms; reading the month's rows ${median(readTimes).toFixed(1)} ms)`,
    );

    const path = await commandPath(tmp, commands);
    log(
      `  reports: command path ${path.with.p50.toFixed(3)} ms with the projection, ${path.without.p50.toFixed(3)} ms without (p50; mean overhead ${(100 * (path.with.mean / path.without.mean - 1)).toFixed(1)}%)`,
    );
    return {
      events,
      days,
      monthVisits,
      buildLogMs,
      catchUpMs,
      monthReportMs: median(reportTimes),
      monthColdMs: median(coldTimes),
      monthReadMs: median(readTimes),
      monthRatio: ratio(median(reportTimes), median(readTimes)),
      monthColdRatio: ratio(median(coldTimes), median(readTimes)),
      commands: path.with.n + path.without.n,
      withProjection: path.with,
      withoutProjection: path.without,
      overheadMean: path.with.mean / path.without.mean - 1,
      overheadP50: path.with.p50 / path.without.p50 - 1,
      fsyncInsert: path.fsync,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Hall {
  hall: HallService;
  clock: { now: number };
  close(): void;
  visitor: number;
}

function newHall(tmp: string, withProjection: boolean): Hall & { dir: string } {
  const dir = mkdtempSync(join(tmp, 'yc-bench-cmd-'));
  const db = openDatabase(join(dir, 'hall.sqlite'));
  const store = new SqliteEventStore(db);
  const clock = { now: Date.parse('2026-11-23T08:30:00+08:00') };
  const hall = new HallService(config, store, { now: () => clock.now });
  hall.boot();
  let projection: ReportProjection | undefined;
  if (withProjection) {
    projection = new ReportProjection(db, config, { now: () => clock.now });
    projection.catchUp(store);
    const p = projection;
    hall.on('event', (e) => p.apply(e));
  }
  for (const w of config.windows) {
    hall.execute({ type: 'clerk.sign_in', clerkId: w.posts.a, window: w.number }, 'bench');
    hall.execute({ type: 'window.open', clerkId: w.posts.a, window: w.number }, 'bench');
  }
  return {
    dir,
    hall,
    clock,
    visitor: 0,
    close() {
      projection?.close();
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** One visitor at window 5 (综合受理): take, call next, start, complete — four commands, each timed. */
async function visit(h: Hall, out: number[]): Promise<void> {
  const w5 = { clerkId: config.windows.find((w) => w.number === 5)!.posts.a, window: 5 };
  const timed = async (command: HallCommand) => {
    h.clock.now += 15_000;
    const t = performance.now();
    const r = h.hall.execute(command, 'bench');
    out.push(performance.now() - t);
    if (!r.ok) throw new Error(`${command.type}: ${r.error.messageEn}`);
    // Let timers run (the projection's write-back every second), as the server's event loop does.
    await new Promise((resolve) => setImmediate(resolve));
    return r.event.event;
  };
  const issued = await timed({ type: 'ticket.take', deviceId: 'kiosk-1f-1', queueId: 'comprehensive' });
  if (issued.type !== 'ticket.issued') throw new Error(issued.type);
  await timed({ type: 'ticket.call_next', ...w5 });
  await timed({ type: 'ticket.start', ticketId: issued.ticketId, ...w5 });
  await timed({ type: 'ticket.complete', ticketId: issued.ticketId, ...w5 });
  h.visitor++;
}

async function commandPath(tmp: string, commands: number): Promise<{ with: Summary; without: Summary; fsync: Summary }> {
  const withHall = newHall(tmp, true);
  const withoutHall = newHall(tmp, false);
  const fsync = fsyncFloor(tmp, 200);
  try {
    const withTimes: number[] = [];
    const withoutTimes: number[] = [];
    const block = 50; // visitors per block (200 commands)
    const blocks = Math.max(2, Math.ceil(commands / 4 / block));
    for (let b = 0; b < blocks; b++) {
      // with, without, without, with, …: the pair order alternates so drift hits both alike.
      const order = b % 2 === 0 ? [true, false] : [false, true];
      for (const withProjection of order) {
        for (let i = 0; i < block; i++) await visit(withProjection ? withHall : withoutHall, withProjection ? withTimes : withoutTimes);
      }
    }
    return { with: summarise(withTimes), without: summarise(withoutTimes), fsync };
  } finally {
    withHall.close();
    withoutHall.close();
  }
}

/** One autocommitted INSERT of an event-sized row, WAL + synchronous=FULL: the durable append's floor. */
function fsyncFloor(tmp: string, n: number): Summary {
  const dir = mkdtempSync(join(tmp, 'yc-bench-fsync-'));
  const db = new Database(join(dir, 'floor.sqlite'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec('CREATE TABLE t (seq INTEGER PRIMARY KEY, payload TEXT NOT NULL)');
    const insert = db.prepare('INSERT INTO t (seq, payload) VALUES (?, ?)');
    const payload = 'x'.repeat(300);
    const times: number[] = [];
    for (let i = 1; i <= n; i++) {
      const t = performance.now();
      insert.run(i, payload);
      times.push(performance.now() - t);
    }
    return summarise(times);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
