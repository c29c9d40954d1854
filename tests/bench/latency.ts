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
import { login } from '../support/hall-client.ts';
import { CLERK_W5, DEMO_TOKENS } from '../support/demo.ts';
import { startBare, startClients, startHall, type ServerChild } from './processes.ts';
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

async function measure(
  server: ServerChild,
  mode: 'hall' | 'bare',
  clients: number,
  calls: number,
  panelToken: string | undefined,
): Promise<{ lat: number[]; acks: number[]; missing: number; connectMs: number; rssPerClient: number; heapPerClient: number }> {
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
    const r = await gen.ask<RoundResult>({ cmd: 'run', calls, warmup: WARMUP, roundTimeoutMs: 15_000 }, 'result', (calls + WARMUP) * 35_000);
    return {
      lat: r.latencies,
      acks: r.acks,
      missing: r.missing,
      connectMs: connected.connectMs,
      rssPerClient: (after.rss - before.rss) / clients / 1024,
      heapPerClient: (after.heapUsed - before.heapUsed) / clients / 1024,
    };
  } finally {
    await gen.stop();
  }
}

export async function benchLatency(levels: number[], calls: number, dataDir: string, log: (s: string) => void): Promise<LatencyResult> {
  const hall = await startHall(dataDir);
  const bare = await startBare();
  const rows: LatencyRow[] = [];
  const memory: MemoryRow[] = [];
  try {
    const session = await login(hall.url, { ...CLERK_W5 });
    if (!session.token) throw new Error(`clerk sign-in failed: ${JSON.stringify(session.body)}`);
    for (const n of levels) {
      // Alternate which side goes first at each level so neither always runs on a warmer machine.
      const first = rows.length % 2 === 0 ? 'hall' : 'bare';
      const results: Record<string, Awaited<ReturnType<typeof measure>>> = {};
      for (const side of first === 'hall' ? (['hall', 'bare'] as const) : (['bare', 'hall'] as const)) {
        results[side] = await measure(side === 'hall' ? hall : bare, side, n, calls, side === 'hall' ? session.token : undefined);
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
      });
      log(`  call→display ${n} clients: hall p99 ${hs.p99.toFixed(1)} ms, bare p99 ${bs.p99.toFixed(1)} ms`);
    }
  } finally {
    await hall.stop();
    await bare.stop();
  }
  return { rows, memory, calls };
}
