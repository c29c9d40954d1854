/**
 * Start the hall server: `npm start`.
 *
 *   PORT          (default 8080)
 *   HOST          (default 0.0.0.0, all interfaces)
 *   HALL_CONFIG   or --config <file>  (default server/halls/demo-hall.json)
 *   DATA_DIR      or --data <dir>     (default ./data; the log is <dir>/hall.sqlite)
 */
import { startHallServer } from './hall-server.ts';

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const server = await startHallServer({
  port: Number(process.env.PORT ?? 8080),
  host: process.env.HOST ?? '0.0.0.0',
  configPath: flag('config') ?? process.env.HALL_CONFIG ?? 'server/halls/demo-hall.json',
  dataDir: flag('data') ?? process.env.DATA_DIR ?? 'data',
}).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void server.close().then(() => process.exit(0));
  });
}
