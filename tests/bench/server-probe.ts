/**
 * Preloaded into the server processes the bench starts (`--import` after tsx):
 * answers `{ probe: 'memory' }` on the IPC channel with process.memoryUsage()
 * after a full GC, so the bench can measure memory per connected client in the
 * server's own process without any endpoint in the product; and
 * `{ probe: 'cpu' }` with process.cpuUsage() (µs of user and system CPU so
 * far), so the bench can give the server's CPU per command over a level.
 */
process.on('message', (msg: unknown) => {
  if (typeof msg !== 'object' || msg === null) return;
  const probe = (msg as { probe?: unknown }).probe;
  if (probe === 'cpu') {
    process.send?.({ probe: 'cpu', usage: process.cpuUsage() });
    return;
  }
  if (probe !== 'memory') return;
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
  process.send?.({ probe: 'memory', usage: process.memoryUsage() });
});
// The IPC channel must not keep a server alive after it has closed everything else.
process.channel?.unref();
