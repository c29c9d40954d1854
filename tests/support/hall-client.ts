/**
 * Test clients that speak the real protocol with the real socket.io-client,
 * exactly as the browsers do.
 */
import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import type { Ack, HallDelta, HallSnapshot } from '../../state-machines/protocol/socket-events.ts';
import { PROTOCOL_VERSION } from '../../state-machines/protocol/version.ts';

export type Namespace = '/kiosk' | '/display' | '/window' | '/admin' | '/guide';

export interface TestClient {
  socket: Socket;
  snapshot: HallSnapshot;
  deltas: HallDelta[];
  request<T>(event: string, payload: unknown): Promise<Ack<T>>;
  close(): void;
}

export const newRequestId = (): string => randomUUID();

/** Connect and wait for the first snapshot. Rejects with the connect_error (data.code) when refused. */
export function connect(url: string, nsp: Namespace, token: string | undefined, extraAuth: Record<string, unknown> = {}): Promise<TestClient> {
  return new Promise((resolve, reject) => {
    const auth = token === undefined ? { protocol: PROTOCOL_VERSION, ...extraAuth } : { protocol: PROTOCOL_VERSION, token, ...extraAuth };
    const socket = io(`${url}${nsp}`, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
    const deltas: HallDelta[] = [];
    socket.on('hall:event', (d: HallDelta) => deltas.push(d));
    socket.once('connect_error', (err: Error & { data?: { code?: string } }) => {
      socket.close();
      reject(err);
    });
    socket.once('hall:snapshot', (snapshot: HallSnapshot) => {
      resolve({
        socket,
        snapshot,
        deltas,
        request: <T>(event: string, payload: unknown) => socket.timeout(5000).emitWithAck(event, payload) as Promise<Ack<T>>,
        close: () => socket.close(),
      });
    });
  });
}

export async function login(url: string, body: Record<string, unknown>): Promise<{ status: number; token?: string; body: unknown }> {
  const res = await fetch(`${url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = (await res.json()) as { token?: string };
  return { status: res.status, token: json.token, body: json };
}

/** Wait until `predicate` holds, polling; bounded in time. */
export async function until(predicate: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
