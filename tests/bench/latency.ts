/**
 * Call → display latency, hall vs bare Socket.IO broadcast, and server memory
 * per connected client (same run, same client counts).
 *
 * For each client count N: a fresh client process (clients-display.ts) opens
 * N display sockets (+1 panel socket) to the server; the bench reads the
 * server's memory (GC'd, over IPC) before and after; then the client process
 * runs `calls` rounds of call next → every display has the event → complete.
 * Then the same against the bare server.
 */
import { join } from 'node:path';
import { login } from '../support/hall-client.ts';
import { CLERK_W5, DEMO_TOKENS } from '../support/demo.ts';
import { startBare, startClients, startHall, type ClientsChild, type ServerChild } from './processes.ts';
import { ratio, summarise, type Summary } from './stats.ts';

/** Unrecorded rounds before each measurement. */
const WARMUP = 3;

export interface LatencyRow {
  clients: number;
  hall: Summary;
  bare: Summary;
  /** hall ÷ bare, for p50 / p99 / max. */
  ratio: { p50: number; p99: number; max: number };
  hallAckP50: number;
  bareAckP50: number;
  missing: { hall: number; bare: number };
  connectMs: { hall: number; bare: number };
}

export interface MemoryRow {
  clients: number;
  hallRssPerClientKiB: number;
  hallHeapPerClientKiB: number;
  bareRssPerClientKiB: number;
  bareHeapPerClientKiB: number;
  /** Buffers outside the JS heap (socket write buffers, …). */
  hallExternalPerClientKiB: number;
  bareExternalPerClientKiB: number;
}

export interface LatencyResult {
  rows: LatencyRow[];
  memory: MemoryRow[];
  calls: number;
}

interface Connected {
  clients: number;
  connectMs: number;
}
interface RoundResult {
  latencies: number[];
  acks: number[];
  missing: number;
}

interface Side {
  gen: ClientsChild;
  connectMs: number;
  rssPerClient: number;
  heapPerClient: number;
  externalPerClient: number;
  lat: number[];
  acks: number[];
  missing: number;
}

/** Start a client process, connect N displays (+ panel) and measure the server's memory before and after. */
async function connectSide(server: ServerChild, mode: 'hall' | 'bare', clients: number, calls: number, panelToken: string | undefined): Promise<Side> {
  const gen = startClients('tests/bench/clients-display.ts');
  try {
    const before = await server.memory();
    const connected = await gen.ask<Connected>(
      {
        cmd: 'connect',
        url: server.url,
        mode,
        clients,
        displayTokens: [DEMO_TOKENS.display, 'demo-display-2f-token', DEMO_TOKENS.windowScreen5],
        panelToken,
        kioskToken: DEMO_TOKENS.kiosk,
        window: CLERK_W5.window,
        queueId: 'comprehensive',
        tickets: calls + WARMUP + 1,
      },
      'connected',
      120_000,
    );
    const after = await server.memory();
    return {
      gen,
      connectMs: connected.connectMs,
      rssPerClient: (after.rss - before.rss) / clients / 1024,
      heapPerClient: (after.heapUsed - before.heapUsed) / clients / 1024,
      externalPerClient: (after.external - before.external) / clients / 1024,
      lat: [],
      acks: [],
      missing: 0,
    };
  } catch (err) {
    await gen.stop();
    throw err;
  }
}

async function oneRound(side: Side, record: boolean): Promise<void> {
  const r = await side.gen.ask<RoundResult>({ cmd: 'run', calls: 1, warmup: 0, roundTimeoutMs: 15_000 }, 'result', 35_000);
  if (!record) return;
  side.lat.push(...r.latencies);
  side.acks.push(...r.acks);
  side.missing += r.missing;
}

export async function benchLatency(levels: number[], calls: number, dataDir: string, log: (s: string) => void): Promise<LatencyResult> {
  const rows: LatencyRow[] = [];
  const memory: MemoryRow[] = [];
  for (const [i, n] of levels.entries()) {
    // Fresh servers per level: memory "before" is then a just-booted server, not one still holding the pages
    // of the previous level's sockets (which made small-N deltas negative).
    const hall = await startHall(join(dataDir, `level-${i}`));
    const bare = await startBare();
    try {
      const session = await login(hall.url, { ...CLERK_W5 });
      if (!session.token) throw new Error(`clerk sign-in failed: ${JSON.stringify(session.body)}`);
      // Both sides connected at once, rounds interleaved (hall, bare, bare, hall, …) so that both see the same
      // machine: on a shared box the load drifts more between minutes than the two servers differ.
      const results: Record<'hall' | 'bare', Side> = {
        hall: await connectSide(hall, 'hall', n, calls, session.token),
        bare: await connectSide(bare, 'bare', n, calls, undefined),
      };
      try {
        for (let w = 0; w < WARMUP; w++) {
          await oneRound(results.hall, false);
          await oneRound(results.bare, false);
        }
        for (let c = 0; c < calls; c++) {
          const order = c % 2 === 0 ? (['hall', 'bare'] as const) : (['bare', 'hall'] as const);
          for (const side of order) await oneRound(results[side], true);
        }
      } finally {
        await results.hall.gen.stop();
        await results.bare.gen.stop();
      }
      const h = results.hall!;
      const b = results.bare!;
      const hs = summarise(h.lat);
      const bs = summarise(b.lat);
      rows.push({
        clients: n,
        hall: hs,
        bare: bs,
        ratio: { p50: ratio(hs.p50, bs.p50), p99: ratio(hs.p99, bs.p99), max: ratio(hs.max, bs.max) },
        hallAckP50: summarise(h.acks).p50,
        bareAckP50: summarise(b.acks).p50,
        missing: { hall: h.missing, bare: b.missing },
        connectMs: { hall: h.connectMs, bare: b.connectMs },
      });
      memory.push({
        clients: n,
        hallRssPerClientKiB: h.rssPerClient,
        hallHeapPerClientKiB: h.heapPerClient,
        bareRssPerClientKiB: b.rssPerClient,
        bareHeapPerClientKiB: b.heapPerClient,
        hallExternalPerClientKiB: h.externalPerClient,
        bareExternalPerClientKiB: b.externalPerClient,
      });
      log(`  call→display ${n} clients: hall p99 ${hs.p99.toFixed(1)} ms, bare p99 ${bs.p99.toFixed(1)} ms`);
    } finally {
      await hall.stop();
      await bare.stop();
    }
  }
  return { rows, memory, calls };
}
