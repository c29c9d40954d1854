/**
 * Connections per device token are limited in rate and number, and the work
 * one socket can cause is bounded (issue 11 item 2), tried as an
 * attacker would over the real server: a display that stops reading its TCP
 * socket and repeats `sync:since { lastSeq: lastSeq − 1000 }`, and a
 * long-polling display that stops polling while the hall keeps working. The
 * hall must drop them, stay responsive (/healthz answers), hold no more than a
 * bounded amount of unsent data for them (the memory one socket can cost), and keep serving the well-behaved
 * display beside them.
 *
 * What the server holds unsent is read straight from Engine.IO and ws (the
 * connection's writeBuffer, the WebSocket's bufferedAmount), independently of
 * the server's own accounting.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { io as ioClient, type Socket as ClientSocket } from 'socket.io-client';
import type { Socket as NetSocket } from 'node:net';
import type { Socket as ServerSocket } from 'socket.io';
import type { RunningHallServer } from '../../server/hall-server.ts';
import { MAX_UNSENT_BYTES, MAX_UNSENT_PACKETS } from '../../server/sockets/limits.ts';
import type { HallDelta } from '../../state-machines/protocol/socket-events.ts';
import { PROTOCOL_VERSION } from '../../state-machines/protocol/version.ts';
import { DEMO_TOKENS } from '../support/demo.ts';
import { connect, until, type TestClient } from '../support/hall-client.ts';
import { demoHallVariant, startTestServer } from '../support/server.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Events in the log before the attack: enough that lastSeq − 1000 is a real request. */
const EVENTS = 1200;
const ATTACK_REQUESTS = 300;
const FLOOR_DISPLAY = 'demo-display-2f-token';

const FILL_QUEUES = ['comprehensive', 'tax', 'police', 'social-insurance'];

/** Fill the log through the hall service itself (no kiosk limits): tickets spread over four queues (999 a day each). */
function fillLog(server: RunningHallServer, n: number): void {
  for (let i = 0; i < n; i++) {
    const queueId = FILL_QUEUES[(server.hall.seq + i) % FILL_QUEUES.length]!;
    const r = server.hall.execute({ type: 'ticket.take', deviceId: 'kiosk-1f-2', queueId }, 'kiosk:kiosk-1f-2');
    if (!r.ok) throw new Error(`fill: ${r.error.code}`);
  }
}

/** What the server has not handed to the kernel for this socket: ws frames and Engine.IO packets. */
function heldFor(socket: ServerSocket): { bytes: number; packets: number } {
  const conn = socket.conn as unknown as { writeBuffer: { data?: unknown }[]; transport: { name: string; socket?: { bufferedAmount: number } } };
  let bytes = conn.transport.name === 'websocket' ? (conn.transport.socket?.bufferedAmount ?? 0) : 0;
  for (const p of conn.writeBuffer) bytes += typeof p.data === 'string' ? p.data.length : 0;
  return { bytes, packets: conn.writeBuffer.length };
}

function rawDisplay(url: string, token: string, transport: 'websocket' | 'polling'): Promise<ClientSocket> {
  return new Promise((resolve, reject) => {
    const socket = ioClient(`${url}/display`, {
      auth: { protocol: PROTOCOL_VERSION, token },
      transports: [transport],
      upgrade: false,
      reconnection: false,
      forceNew: true,
    });
    socket.once('connect_error', reject);
    socket.once('hall:snapshot', () => resolve(socket));
  });
}

async function healthzMs(url: string): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  const res = await fetch(`${url}/healthz`);
  await res.arrayBuffer();
  return { status: res.status, ms: performance.now() - started };
}

describe('connections per device token', () => {
  it('are limited in rate (each one costs a snapshot) and in number (a new socket closes the oldest)', async () => {
    const configPath = demoHallVariant((hall) => {
      hall.limits = { connectsPerMinute: 5, socketsPerToken: 3 };
    });
    const server = await startTestServer({ configPath });
    cleanups.push(() => server.close());
    const sockets: TestClient[] = [];
    for (let i = 0; i < 5; i++) {
      const c = await connect(server.url, '/display', DEMO_TOKENS.display);
      cleanups.push(() => c.close());
      sockets.push(c);
    }
    // Three live at most: the two oldest were closed by the server as newer ones came.
    await until(() => sockets.filter((c) => c.socket.connected).length === 3);
    expect(sockets.slice(2).every((c) => c.socket.connected)).toBe(true);
    const refused = await connect(server.url, '/display', DEMO_TOKENS.display).then(
      (c) => {
        c.close();
        return 'connected';
      },
      (err: Error & { data?: { code?: string; retryAfterSeconds?: number } }) => err.data,
    );
    expect(refused).toMatchObject({ code: 'RATE_LIMITED' });
    expect(typeof refused === 'object' && refused.retryAfterSeconds).toBeGreaterThan(0);
    // Another device's token is not affected.
    const other = await connect(server.url, '/display', FLOOR_DISPLAY);
    other.close();
  });
});

describe('one socket cannot run the hall out of memory', () => {
  it('a display that stops reading and repeats sync:since (lastSeq − 1000) is dropped; the hall stays responsive and the other display keeps up', async () => {
    const server = await startTestServer();
    cleanups.push(() => server.close());
    fillLog(server, EVENTS);
    const good = await connect(server.url, '/display', DEMO_TOKENS.display);
    cleanups.push(() => good.close());

    const attacker = await rawDisplay(server.url, FLOOR_DISPLAY, 'websocket');
    cleanups.push(() => attacker.close());
    const serverSide = server.io.of('/display').sockets.get(attacker.id!);
    expect(serverSide).toBeDefined();
    // Stop reading: the TCP socket under the client's WebSocket is paused, so answers pile up on the server's side.
    const tcp = (attacker.io.engine.transport as unknown as { ws: { _socket: NetSocket } }).ws._socket;
    tcp.pause();

    const rssBefore = process.memoryUsage().rss;
    let maxHeld = 0;
    let maxRss = rssBefore;
    let slowestHealthz = 0;
    const lastSeq = server.hall.seq;
    for (let i = 0; i < ATTACK_REQUESTS; i++) {
      attacker.emit('sync:since', { lastSeq: lastSeq - 1000 }, () => undefined);
      if (i % 20 === 19) {
        await new Promise((r) => setTimeout(r, 5));
        if (serverSide!.connected) maxHeld = Math.max(maxHeld, heldFor(serverSide!).bytes);
        maxRss = Math.max(maxRss, process.memoryUsage().rss);
        const h = await healthzMs(server.url);
        expect(h.status).toBe(200);
        slowestHealthz = Math.max(slowestHealthz, h.ms);
      }
    }
    await until(() => !serverSide!.connected, 10_000);
    expect(server.io.of('/display').sockets.has(attacker.id!)).toBe(false);
    console.log(
      `sync attack: ${ATTACK_REQUESTS} requests; held for the attacker at most ${(maxHeld / 1024).toFixed(0)} KiB; ` +
        `RSS +${((maxRss - rssBefore) / 2 ** 20).toFixed(0)} MiB; slowest /healthz ${slowestHealthz.toFixed(0)} ms`,
    );
    // On the code before the bounds, these 300 requests left ~55 MiB unsent for this one socket (RSS +70 MiB).
    expect(maxHeld).toBeLessThanOrEqual(MAX_UNSENT_BYTES);
    expect(slowestHealthz).toBeLessThan(2000);

    // The well-behaved display is still connected and receives the next event.
    const before = good.deltas.length;
    fillLog(server, 1);
    await until(() => good.deltas.length > before);
    expect(good.deltas.at(-1)?.seq).toBe(server.hall.seq);
    expect(good.socket.connected).toBe(true);
  }, 120_000);

  it('a long-polling display that stops polling is dropped once its unsent packets pass the bound; the other display gets every event', async () => {
    const server = await startTestServer();
    cleanups.push(() => server.close());
    const good = await connect(server.url, '/display', DEMO_TOKENS.display);
    cleanups.push(() => good.close());
    const stalled = await rawDisplay(server.url, FLOOR_DISPLAY, 'polling');
    cleanups.push(() => stalled.close());
    const serverSide = server.io.of('/display').sockets.get(stalled.id!)!;
    // Stop polling (what a frozen browser tab does): every broadcast now waits in the server's writeBuffer.
    await new Promise<void>((resolve) => (stalled.io.engine.transport as unknown as { pause(done: () => void): void }).pause(resolve));

    const seq = server.hall.seq;
    let maxPackets = 0;
    for (let i = 0; i < MAX_UNSENT_PACKETS * 2 && serverSide.connected; i++) {
      fillLog(server, 1);
      if (serverSide.connected) maxPackets = Math.max(maxPackets, heldFor(serverSide).packets);
      if (i % 10 === 9) await new Promise((r) => setTimeout(r, 20));
    }
    await until(() => !serverSide.connected, 10_000);
    console.log(`stalled poller: dropped with at most ${maxPackets} packets held`);
    // The sweep looks every second: what piled up within that second beyond the bound is still bounded.
    expect(maxPackets).toBeLessThanOrEqual(2 * MAX_UNSENT_PACKETS);
    const sent = server.hall.seq - seq;
    await until(() => good.deltas.filter((d: HallDelta) => d.seq > seq).length === sent);
    expect((await healthzMs(server.url)).status).toBe(200);
  }, 120_000);
});
