/**
 * What a socket has not yet handed to the operating system, and how to drop
 * it without waiting for that data to drain.
 *
 * Engine.IO keeps packets in the connection's `writeBuffer` while its
 * transport is busy (WebSocket: the previous batch's write callback has not
 * fired; long-polling: no poll request is waiting); the `ws` WebSocket under
 * a websocket transport keeps the frames Node could not write yet
 * (`bufferedAmount`: the TCP socket's writable buffer plus ws's own queue).
 * A client that stops reading fills the kernel's buffers first, then these.
 * Neither field is in the public typings, so they are read defensively.
 */
import type { Socket } from 'socket.io';

interface EngineConnection {
  writeBuffer?: { data?: unknown }[];
  transport?: { name?: string; socket?: { bufferedAmount?: number; terminate?: () => void } };
  close(discard?: boolean): void;
}

export interface Unsent {
  bytes: number;
  packets: number;
}

/** Bytes and packets waiting in user space; counting stops past `maxPackets` (the caller drops such a socket anyway). */
export function unsentOf(socket: Pick<Socket, 'conn'>, maxPackets = Number.MAX_SAFE_INTEGER): Unsent {
  const conn = socket.conn as unknown as EngineConnection;
  const transport = conn.transport;
  let bytes = transport?.name === 'websocket' ? (transport.socket?.bufferedAmount ?? 0) : 0;
  const queued = conn.writeBuffer ?? [];
  const packets = queued.length;
  if (packets > maxPackets) return { bytes, packets };
  for (const p of queued) {
    const data = p.data;
    if (typeof data === 'string') bytes += data.length;
    else if (data instanceof Uint8Array) bytes += data.byteLength;
  }
  return { bytes, packets };
}

/**
 * Close the connection now, discarding what it has not sent: a graceful close
 * would wait for the unsent data to drain, which for a client that stopped
 * reading is never. Its Socket.IO sockets see `disconnect` as usual.
 */
export function dropConnection(socket: Pick<Socket, 'conn'>): void {
  const conn = socket.conn as unknown as EngineConnection;
  conn.transport?.socket?.terminate?.();
  conn.close(true);
}
