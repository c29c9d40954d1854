/**
 * One write to the network per socket for what a batch broadcasts.
 *
 * A batch of commands broadcasts its events one after another in the same
 * turn of the event loop (hall-service.ts). Socket.IO encodes each event once
 * per namespace; per socket, engine.io sends the first at once and queues the
 * rest until that write is done, then hands them to its websocket transport in
 * one `send` — which writes them frame by frame, one `writev` system call each
 * (issue 15: ~25% of a busy server at 50 kiosks). Corking the TCP socket around
 * that `send` lets Node pass the frames to the kernel in one call. Nothing
 * changes on the wire: the same frames in the same order.
 *
 * It reaches into engine.io's websocket transport (`send`, `socket._socket`,
 * stable since engine.io 4 and ws 7); a transport without them is left as is.
 */
import type { Server } from 'socket.io';

interface WebSocketTransport {
  name: string;
  send(packets: unknown[]): void;
  socket?: { _socket?: { cork(): void; uncork(): void } };
}

export function coalesceWebSocketWrites(io: Server): void {
  io.engine.on('connection', (socket: { transport: WebSocketTransport; on(event: 'upgrade', f: (t: WebSocketTransport) => void): void }) => {
    corkSends(socket.transport);
    socket.on('upgrade', corkSends);
  });
}

function corkSends(transport: WebSocketTransport): void {
  const raw = transport.socket?._socket;
  if (transport.name !== 'websocket' || typeof raw?.cork !== 'function') return;
  const send = transport.send.bind(transport);
  transport.send = (packets) => {
    if (packets.length < 2) return send(packets);
    raw.cork();
    try {
      send(packets);
    } finally {
      raw.uncork();
    }
  };
}
