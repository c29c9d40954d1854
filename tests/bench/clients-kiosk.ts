/**
 * Load generator for durable ticket issuing (a separate process, forked by the
 * bench with IPC): K kiosk sockets on /kiosk, each taking tickets one after
 * another (the next request only after the previous acknowledgement, as a
 * kiosk does), round-robin over the hall's queues, until the total or the time
 * bound is reached. Times each acknowledgement on its own clock.
 *
 * IPC: { cmd: 'open', … } → { type: 'opened' } (every socket connected and
 * snapshotted, so the bench can read the server's CPU before the level);
 * { cmd: 'run', … } → { type: 'result', latencies, elapsedMs, issued, errors }; { cmd: 'exit' }.
 */
import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import type { Ack } from '../../state-machines/protocol/socket-events.ts';
import { PROTOCOL_VERSION } from '../../state-machines/protocol/version.ts';

interface OpenCommand {
  cmd: 'open';
  url: string;
  kiosks: number;
  tokens: string[];
}

interface RunCommand {
  cmd: 'run';
  queues: string[];
  tickets: number;
  timeLimitMs: number;
}

const sockets: Socket[] = [];

function open(url: string, token: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = io(`${url}/kiosk`, { auth: { protocol: PROTOCOL_VERSION, token }, transports: ['websocket'], reconnection: false, forceNew: true });
    const timer = setTimeout(() => reject(new Error('kiosk not ready in 20 s')), 20_000);
    socket.once('connect_error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    socket.once('hall:snapshot', () => {
      clearTimeout(timer);
      resolve(socket);
    });
  });
}

async function openAll(cmd: OpenCommand) {
  for (let i = 0; i < cmd.kiosks; i++) sockets.push(await open(cmd.url, cmd.tokens[i % cmd.tokens.length]!));
  process.send?.({ type: 'opened' });
}

async function run(cmd: RunCommand) {
  const latencies: number[] = [];
  const errors: Record<string, number> = {};
  let started = 0;
  let next = 0;
  const t0 = performance.now();
  const deadline = t0 + cmd.timeLimitMs;
  const loop = async (socket: Socket) => {
    while (started < cmd.tickets && performance.now() < deadline) {
      started++;
      const queueId = cmd.queues[next++ % cmd.queues.length]!;
      const t = performance.now();
      const ack = (await socket.timeout(10_000).emitWithAck('ticket:take', { requestId: randomUUID(), queueId })) as Ack<unknown>;
      if (ack.ok) latencies.push(performance.now() - t);
      else errors[ack.error.code] = (errors[ack.error.code] ?? 0) + 1;
    }
  };
  await Promise.all(sockets.map(loop));
  const elapsedMs = performance.now() - t0;
  process.send?.({ type: 'result', latencies, elapsedMs, issued: latencies.length, errors });
}

const failed = (err: unknown) => process.send?.({ type: 'error', error: err instanceof Error ? err.message : String(err) });

process.on('message', (msg: OpenCommand | RunCommand | { cmd: 'exit' }) => {
  if (msg.cmd === 'open') openAll(msg).catch(failed);
  else if (msg.cmd === 'run') run(msg).catch(failed);
  else if (msg.cmd === 'exit') {
    for (const s of sockets) s.close();
    setTimeout(() => process.exit(0), 200);
  }
});
process.on('disconnect', () => process.exit(0));
