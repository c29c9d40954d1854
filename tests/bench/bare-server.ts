/**
 * The physical limit for call → display: a bare Socket.IO server with the hall
 * server's Socket.IO options and nothing else. A "panel" on /window emits
 * `bench:call` with a delta-sized payload; the server broadcasts it as
 * `hall:event` to /display and /window (as the hall broadcasts to every
 * namespace) and acknowledges. No auth, no decide, no log, no fold.
 *
 *   PORT=… node --import tsx tests/bench/bare-server.ts
 */
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const port = Number(process.env.PORT ?? 0);
const httpServer = createServer((req, res) => {
  res.writeHead(req.url === '/ready' ? 200 : 404, { 'content-type': 'text/plain' }).end('ok');
});
// Same options as server/hall-server.ts, so the transport costs are the same.
const io = new Server(httpServer, { serveClient: false, maxHttpBufferSize: 64 * 1024, pingInterval: 20_000, pingTimeout: 15_000 });
const display = io.of('/display');
const window = io.of('/window');
let seq = 0;
display.on('connection', () => undefined);
window.on('connection', (socket) => {
  socket.on('bench:call', (payload: { event: unknown }, ack: (r: unknown) => void) => {
    seq++;
    const delta = { seq, at: Date.now(), event: payload.event };
    display.emit('hall:event', delta);
    window.emit('hall:event', delta);
    if (typeof ack === 'function') ack({ ok: true, seq, result: null });
  });
});
httpServer.listen(port, '127.0.0.1');
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void io.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  });
}
