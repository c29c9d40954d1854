/**
 * Durable ticket issuing: K kiosks (a separate process, clients-kiosk.ts)
 * taking tickets from a fresh hall server, beside the physical limit: bare
 * better-sqlite3 single-row INSERTs (autocommit, journal_mode=WAL,
 * synchronous=FULL — the hall log's settings) on a temp file in the same
 * filesystem, one after another.
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { demoConfig, DEMO_TOKENS } from '../support/demo.ts';
import { logWrites } from '../support/log-writes.ts';
import { startClients, startHall } from './processes.ts';
import { ratio, summarise, type Summary } from './stats.ts';

export interface IssuingRow {
  kiosks: number;
  issued: number;
  ticketsPerSecond: number;
  ack: Summary;
  errors: Record<string, number>;
  /** The server process's CPU (user + system, process.cpuUsage) over the level divided by the commands answered (issued or refused). */
  cpuMicrosPerCommand: number;
  /** Events written per log transaction (one fsync each) over the level, from the hall's /metrics: how far group commit shared the fsync. */
  eventsPerWrite: number;
}

export interface BareInsert {
  rows: number;
  insertsPerSecond: number;
  insert: Summary;
}

export interface IssuingResult {
  /** Each level with the bare-insert limit measured right before it (the shared disk's fsync cost drifts). */
  rows: (IssuingRow & { bare: BareInsert; ratioToBare: number })[];
}

/** A row shaped like a hall event (same columns, similar sizes), inserted the way the store does. */
export function bareInsert(dir: string, rows: number, timeLimitMs: number): BareInsert {
  const db = new Database(join(dir, 'bare.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`CREATE TABLE events (seq INTEGER PRIMARY KEY, at INTEGER NOT NULL, type TEXT NOT NULL, actor TEXT NOT NULL,
    request_key TEXT UNIQUE, payload TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL)`);
  const insert = db.prepare('INSERT INTO events (seq, at, type, actor, request_key, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const payload = JSON.stringify({
    type: 'ticket.issued',
    ticketId: '2026-11-21/A001',
    number: 'A001',
    queueId: 'comprehensive',
    class: 'walk_in',
    serviceDay: '2026-11-21',
    sequence: 1,
    deviceId: 'kiosk-1f-1',
  });
  const hash = 'f'.repeat(64);
  const times: number[] = [];
  const t0 = performance.now();
  const deadline = t0 + timeLimitMs;
  for (let seq = 1; seq <= rows && performance.now() < deadline; seq++) {
    const t = performance.now();
    insert.run(seq, Date.now(), 'ticket.issued', 'kiosk:kiosk-1f-1', `kiosk:kiosk-1f-1:${randomUUID()}`, payload, hash, hash);
    times.push(performance.now() - t);
  }
  const elapsed = performance.now() - t0;
  db.close();
  return { rows: times.length, insertsPerSecond: (times.length * 1000) / elapsed, insert: summarise(times) };
}

interface KioskResult {
  latencies: number[];
  elapsedMs: number;
  issued: number;
  errors: Record<string, number>;
}

export async function benchIssuing(
  levels: number[],
  ticketsPerLevel: number,
  timeLimitMs: number,
  tmp: string,
  log: (s: string) => void,
): Promise<IssuingResult> {
  const rows: IssuingResult['rows'] = [];
  const kioskTokens = demoConfig.devices.filter((d) => d.kind === 'kiosk').map((d) => d.token);
  // Spread over every queue: at most 999 numbers per queue and day.
  const queues = demoConfig.queues.map((q) => q.id);
  if (ticketsPerLevel > queues.length * 999) throw new Error('more tickets than the demo hall can number in a day');
  for (const kiosks of levels) {
    const bareDir = mkdtempSync(join(tmp, 'yc-bench-bare-'));
    let bare: BareInsert;
    try {
      bare = bareInsert(bareDir, ticketsPerLevel, timeLimitMs);
    } finally {
      rmSync(bareDir, { recursive: true, force: true });
    }
    const dataDir = mkdtempSync(join(tmp, 'yc-bench-issue-'));
    const hall = await startHall(dataDir);
    const gen = startClients('tests/bench/clients-kiosk.ts');
    try {
      await gen.ask({ cmd: 'open', url: hall.url, kiosks, tokens: kioskTokens.length ? kioskTokens : [DEMO_TOKENS.kiosk] }, 'opened', 60_000 + kiosks * 500);
      // CPU over the level only: connecting the kiosks (handshakes, snapshots) is not issuing.
      const writes0 = await logWrites(hall.url);
      const cpu0 = await hall.cpu();
      const r = await gen.ask<KioskResult>({ cmd: 'run', queues, tickets: ticketsPerLevel, timeLimitMs }, 'result', timeLimitMs + 60_000);
      const cpu1 = await hall.cpu();
      const writes1 = await logWrites(hall.url);
      const eventsPerWrite = (writes1.events - writes0.events) / (writes1.writes - writes0.writes);
      const commands = r.issued + Object.values(r.errors).reduce((a, b) => a + b, 0);
      const cpuMicrosPerCommand = commands === 0 ? Number.NaN : (cpu1.user + cpu1.system - cpu0.user - cpu0.system) / commands;
      const ticketsPerSecond = (r.issued * 1000) / r.elapsedMs;
      rows.push({
        kiosks,
        issued: r.issued,
        ticketsPerSecond,
        ack: summarise(r.latencies),
        errors: r.errors,
        cpuMicrosPerCommand,
        eventsPerWrite,
        bare,
        ratioToBare: ratio(ticketsPerSecond, bare.insertsPerSecond),
      });
      log(
        `  issuing ${kiosks} kiosks: ${ticketsPerSecond.toFixed(0)} tickets/s, ${cpuMicrosPerCommand.toFixed(0)} µs CPU/command, ${eventsPerWrite.toFixed(1)} events/fsync (bare insert just before: ${bare.insertsPerSecond.toFixed(0)} rows/s)`,
      );
    } finally {
      await gen.stop();
      await hall.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  return { rows };
}
