/**
 * The limit for the hub's public fan-out: one bare Socket.IO process and
 * nothing else. Subscribers join the hall's room on `subscribe`; a PUT of a
 * hall's live document is broadcast to that room as `waits`, in the shape
 * the hub sends. No credential, no database, no validation, no adapter.
 *
 *   PORT=… node --import tsx tests/bench/bare-fanout.ts
 */
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const port = Number(process.env.PORT ?? 0);
const httpServer = createServer((req, res) => {
  if (req.url === '/ready') return void res.writeHead(200).end('ok');
  if (req.method !== 'PUT' || req.url !== '/live') return void res.writeHead(404).end();
  let body = '';
  req.on('data', (c: Buffer) => {
    body += c.toString();
  });
  req.on('end', () => {
    const waits = JSON.parse(body) as { hallId: string };
    io.of('/public').to(`hall:${waits.hallId}`).emit('waits', { hallId: waits.hallId, district: '', updatedAt: Date.now(), waits });
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
});
// The hub's options (server/hub/hub-server.ts), so the transport costs are the same.
const io = new Server(httpServer, { serveClient: false, cors: { origin: '*' }, maxHttpBufferSize: 16 * 1024 });
io.of('/public').on('connection', (socket) => {
  socket.on('subscribe', async (request: { halls?: string[] }, ack?: (r: unknown) => void) => {
    await socket.join((request.halls ?? []).map((h) => `hall:${h}`));
    ack?.({ ok: true, result: { halls: [] } });
  });
});
httpServer.listen(port, '127.0.0.1');
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void io.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  });
}
