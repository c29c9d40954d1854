/**
 * A client that behaves like a browser page across server restarts:
 * socket.io-client with reconnection on, and the same HallSync the front ends
 * use (snapshot on every connect, ordered deltas, gap filling).
 */
import { io, type Socket } from 'socket.io-client';
import { HallSync } from '../../state-machines/client/hall-sync.ts';
import type { Ack } from '../../state-machines/protocol/socket-events.ts';
import { PROTOCOL_VERSION } from '../../state-machines/protocol/version.ts';
import type { Namespace } from './hall-client.ts';

export interface LiveClient {
  socket: Socket;
  sync: HallSync;
  /** The ack, or undefined when none came in time (server gone: outcome unknown). */
  request<T>(event: string, payload: unknown, timeoutMs?: number): Promise<Ack<T> | undefined>;
  close(): void;
}

export function liveClient(url: string, nsp: Namespace, token: string): LiveClient {
  const socket = io(`${url}${nsp}`, {
    auth: { protocol: PROTOCOL_VERSION, token },
    transports: ['websocket'],
    reconnection: true,
    reconnectionDelay: 100,
    reconnectionDelayMax: 400,
    forceNew: true,
  });
  const sync = new HallSync(socket as never);
  return {
    socket,
    sync,
    request: async <T>(event: string, payload: unknown, timeoutMs = 2000) => {
      try {
        return (await socket.timeout(timeoutMs).emitWithAck(event, payload)) as Ack<T>;
      } catch {
        return undefined;
      }
    },
    close: () => socket.close(),
  };
}
