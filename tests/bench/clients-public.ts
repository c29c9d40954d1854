/**
 * Load generator for the hub's public fan-out (a separate process, forked by
 * the bench with IPC): N Socket.IO subscribers of one hall, spread round-robin
 * over the given servers, and the sender of that hall's live documents — in
 * one process on one clock (performance.now()), so each latency is from the
 * PUT leaving to one subscriber holding that seq.
 *
 * IPC: { cmd: 'connect', urls, clients, key? } → { type: 'connected' };
 * { cmd: 'run', putUrl, credential?, rounds, warmup, roundTimeoutMs } → { type: 'result', samples, missing };
 * { cmd: 'exit' }.
 */
import { io, type Socket } from 'socket.io-client';

interface ConnectCommand {
  cmd: 'connect';
  urls: string[];
  clients: number;
  key?: string;
}
interface RunCommand {
  cmd: 'run';
  putUrl: string;
  credential?: string;
  rounds: number;
  warmup: number;
  roundTimeoutMs: number;
}

const CONNECT_BATCH = 100;
const sockets: Socket[] = [];
/** seq → receive times across all subscribers. */
const received = new Map<number, number[]>();

function send(message: Record<string, unknown>): void {
  process.send?.(message);
}

async function connectAll(c: ConnectCommand): Promise<void> {
  for (let i = 0; i < c.clients; i += CONNECT_BATCH) {
    const batch = Array.from({ length: Math.min(CONNECT_BATCH, c.clients - i) }, (_, j) => {
      const url = c.urls[(i + j) % c.urls.length]!;
      const socket = io(`${url}/public`, { transports: ['websocket'], forceNew: true, reconnection: false, auth: c.key ? { key: c.key } : {} });
      socket.on('waits', (view: { waits: { seq: number } }) => {
        const at = performance.now();
        const list = received.get(view.waits.seq) ?? [];
        list.push(at);
        received.set(view.waits.seq, list);
      });
      sockets.push(socket);
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`subscriber ${i + j} did not connect`)), 30_000);
        socket.once('connect_error', (err) => {
          clearTimeout(timer);
          reject(err);
        });
        socket.once('connect', () => {
          socket.timeout(30_000).emit('subscribe', { halls: ['demo'] }, (err: Error | null) => {
            clearTimeout(timer);
            if (err) reject(err);
            else resolve();
          });
        });
      });
    });
    await Promise.all(batch);
  }
}

async function run(c: RunCommand): Promise<{ samples: number[]; missing: number }> {
  const samples: number[] = [];
  let missing = 0;
  // The hub keeps the newest seq only (an older document is not pushed): increasing across runs.
  const base = Date.now();
  for (let round = 0; round < c.warmup + c.rounds; round++) {
    const seq = base + round;
    const doc = { hallId: 'demo', name: { zh: '示范', en: 'Demo' }, seq, at: Date.now(), issuing: true, queues: [] };
    const t0 = performance.now();
    const res = await fetch(c.putUrl, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...(c.credential ? { authorization: `Bearer ${c.credential}` } : {}) },
      body: JSON.stringify(doc),
    });
    if (!res.ok) throw new Error(`PUT ${res.status}: ${await res.text()}`);
    const deadline = t0 + c.roundTimeoutMs;
    while ((received.get(seq)?.length ?? 0) < sockets.length && performance.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    const got = received.get(seq) ?? [];
    if (round >= c.warmup) {
      for (const at of got) samples.push(at - t0);
      missing += sockets.length - got.length;
    }
    received.delete(seq);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { samples, missing };
}

process.on('message', (msg: ConnectCommand | RunCommand | { cmd: 'exit' }) => {
  if (msg.cmd === 'connect') {
    connectAll(msg).then(
      () => send({ type: 'connected' }),
      (err: unknown) => send({ type: 'error', error: err instanceof Error ? err.message : String(err) }),
    );
  } else if (msg.cmd === 'run') {
    run(msg).then(
      (r) => send({ type: 'result', ...r }),
      (err: unknown) => send({ type: 'error', error: err instanceof Error ? err.message : String(err) }),
    );
  } else {
    for (const s of sockets) s.close();
    process.exit(0);
  }
});
