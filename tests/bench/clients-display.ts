/**
 * Load generator for call → display latency (a separate process, forked by
 * the bench with IPC). It holds N display sockets on /display plus one window
 * panel socket on /window, and times, on its own clock (performance.now()),
 * from the panel emitting "call next" to each display socket receiving the
 * resulting `hall:event`. Sender and receivers share one process and one
 * clock, so no cross-process clock is involved.
 *
 * mode "hall": the real protocol (device tokens, ticket:call-next, then
 * ticket:complete so the window is free for the next call).
 * mode "bare": tests/bench/bare-server.ts, `bench:call` with a payload of the
 * same shape; also two broadcasts per round, like the hall.
 *
 * IPC: { cmd: 'connect', … } → { type: 'connected' }; { cmd: 'run', … } →
 * { type: 'result' }; { cmd: 'exit' }.
 */
import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import type { Ack, HallDelta } from '../../state-machines/protocol/socket-events.ts';
import { PROTOCOL_VERSION } from '../../state-machines/protocol/version.ts';

interface ConnectCommand {
  cmd: 'connect';
  url: string;
  mode: 'hall' | 'bare';
  clients: number;
  displayTokens: string[];
  panelToken?: string;
  kioskToken?: string;
  window: number;
  queueId: string;
  /** Tickets to take at start so "call next" always has someone to call. */
  tickets: number;
}
interface RunCommand {
  cmd: 'run';
  calls: number;
  /** Rounds run first and not recorded (JIT, connection warm-up). */
  warmup: number;
  /** Bound for one round (all displays must have the event by then). */
  roundTimeoutMs: number;
}

const CONNECT_BATCH = 50;
const CONNECT_TIMEOUT_MS = 20_000;

let setup: ConnectCommand | undefined;
const displays: Socket[] = [];
let panel: Socket | undefined;
/** seq → receive times (performance.now()) across all display sockets. */
const arrivals = new Map<number, number[]>();
let waiting: { seq: number; resolve: () => void } | undefined;

function send(message: Record<string, unknown>) {
  process.send?.(message);
}

function open(url: string, nsp: string, token: string, ready: 'hall:snapshot' | 'connect'): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = io(`${url}${nsp}`, {
      auth: { protocol: PROTOCOL_VERSION, token },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      timeout: CONNECT_TIMEOUT_MS,
    });
    const timer = setTimeout(() => {
      socket.close();
      reject(new Error(`${nsp}: not ready in ${CONNECT_TIMEOUT_MS} ms`));
    }, CONNECT_TIMEOUT_MS);
    socket.once('connect_error', (err) => {
      clearTimeout(timer);
      socket.close();
      reject(err);
    });
    socket.once(ready, () => {
      clearTimeout(timer);
      resolve(socket);
    });
  });
}

function onDelta(delta: HallDelta) {
  const t = performance.now();
  let list = arrivals.get(delta.seq);
  if (!list) arrivals.set(delta.seq, (list = []));
  list.push(t);
  if (waiting && waiting.seq === delta.seq && list.length >= displays.length) waiting.resolve();
}

function allReceived(seq: number, timeoutMs: number): Promise<boolean> {
  if ((arrivals.get(seq)?.length ?? 0) >= displays.length) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      waiting = undefined;
      resolve(false);
    }, timeoutMs);
    waiting = {
      seq,
      resolve: () => {
        clearTimeout(timer);
        waiting = undefined;
        resolve(true);
      },
    };
  });
}

async function connect(cmd: ConnectCommand) {
  setup = cmd;
  const started = performance.now();
  const ready = cmd.mode === 'hall' ? 'hall:snapshot' : 'connect';
  for (let i = 0; i < cmd.clients; i += CONNECT_BATCH) {
    const batch = Array.from({ length: Math.min(CONNECT_BATCH, cmd.clients - i) }, (_, j) =>
      open(cmd.url, '/display', cmd.displayTokens[(i + j) % cmd.displayTokens.length]!, ready),
    );
    for (const socket of await Promise.all(batch)) {
      socket.on('hall:event', onDelta);
      displays.push(socket);
    }
  }
  const connectMs = performance.now() - started;
  panel = await open(cmd.url, '/window', cmd.panelToken ?? 'bare', ready);
  if (cmd.mode === 'hall') {
    // Open the window (refused harmlessly if an earlier level already did) and queue enough visitors.
    await panel.timeout(10_000).emitWithAck('window:open', { requestId: randomUUID(), window: cmd.window });
    const kiosk = await open(cmd.url, '/kiosk', cmd.kioskToken!, 'hall:snapshot');
    for (let i = 0; i < cmd.tickets; i++) {
      const ack = (await kiosk.timeout(10_000).emitWithAck('ticket:take', { requestId: randomUUID(), queueId: cmd.queueId })) as Ack<unknown>;
      if (!ack.ok) throw new Error(`ticket:take refused: ${ack.error.code} ${ack.error.messageEn}`);
    }
    kiosk.close();
  }
  arrivals.clear();
  send({ type: 'connected', clients: displays.length, connectMs });
}

const CALLED_TEMPLATE = { type: 'ticket.called', ticketId: '2026-11-21/A001', clerkId: '1009', window: 5 };
const COMPLETED_TEMPLATE = { type: 'ticket.completed', ticketId: '2026-11-21/A001', clerkId: '1009', window: 5 };

async function round(cmd: RunCommand): Promise<{ latencies: number[]; ackMs: number; missing: number }> {
  const p = panel!;
  const s = setup!;
  const t0 = performance.now();
  const ack =
    s.mode === 'hall'
      ? ((await p.timeout(10_000).emitWithAck('ticket:call-next', { requestId: randomUUID(), window: s.window })) as Ack<{ ticket: { id: string } }>)
      : ((await p.timeout(10_000).emitWithAck('bench:call', { event: CALLED_TEMPLATE })) as Ack<null>);
  const ackMs = performance.now() - t0;
  if (!ack.ok) throw new Error(`call refused: ${ack.error.code} ${ack.error.messageEn}`);
  const complete = await allReceived(ack.seq, cmd.roundTimeoutMs);
  const times = arrivals.get(ack.seq) ?? [];
  const latencies = times.map((t) => t - t0);
  const missing = complete ? 0 : displays.length - times.length;
  // Second broadcast of the round, not timed: free the window (hall) / same traffic (bare).
  const done =
    s.mode === 'hall'
      ? ((await p.timeout(10_000).emitWithAck('ticket:complete', {
          requestId: randomUUID(),
          window: s.window,
          ticketId: (ack as { result: { ticket: { id: string } } }).result.ticket.id,
        })) as Ack<unknown>)
      : ((await p.timeout(10_000).emitWithAck('bench:call', { event: COMPLETED_TEMPLATE })) as Ack<null>);
  if (!done.ok) throw new Error(`complete refused: ${done.error.code} ${done.error.messageEn}`);
  await allReceived(done.seq, cmd.roundTimeoutMs);
  arrivals.clear();
  return { latencies, ackMs, missing };
}

async function run(cmd: RunCommand) {
  const latencies: number[] = [];
  const acks: number[] = [];
  let missing = 0;
  for (let i = 0; i < cmd.warmup; i++) await round(cmd);
  for (let i = 0; i < cmd.calls; i++) {
    const r = await round(cmd);
    latencies.push(...r.latencies);
    acks.push(r.ackMs);
    missing += r.missing;
    await new Promise((res) => setTimeout(res, 20)); // let ticks and acks settle between rounds
  }
  send({ type: 'result', latencies, acks, missing });
}

process.on('message', (msg: ConnectCommand | RunCommand | { cmd: 'exit' }) => {
  const fail = (err: unknown) => send({ type: 'error', error: err instanceof Error ? err.message : String(err) });
  if (msg.cmd === 'connect') connect(msg).catch(fail);
  else if (msg.cmd === 'run') run(msg).catch(fail);
  else if (msg.cmd === 'exit') {
    for (const s of displays) s.close();
    panel?.close();
    setTimeout(() => process.exit(0), 200);
  }
});
process.on('disconnect', () => process.exit(0));
