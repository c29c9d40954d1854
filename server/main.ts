/**
 * Start the hall server: `npm start`.
 *
 *   PORT               (default 8080)
 *   HOST               (default 0.0.0.0, all interfaces; the shipped demo hall: 127.0.0.1, this machine only)
 *   HALL_CONFIG        or --config <file>     (default server/halls/demo-hall.json)
 *   DATA_DIR           or --data <dir>        (default ./data; the log is <dir>/hall.sqlite)
 *   TLS_CERT, TLS_KEY  or --tls-cert, --tls-key <file>   PEM files: serve HTTPS (and wss) only
 *   HTTP_REDIRECT_PORT or --http-redirect-port <port>    with TLS: a plain-HTTP port that redirects to HTTPS
 *   --real-hours       the shipped demo hall keeps its calendar (default: 全天演示, tickets at any hour)
 *   HUB_URL, HUB_CREDENTIAL   ship the log to a city/province hub (README § Many halls); unset: the hall stands alone
 *   STANDBY_PEER, STANDBY_SECRET, …   双机热备 with a second server (README § Standby, server/standby/standby-options.ts)
 */
import { isShippedDemoHall, startHallServer, type HallServerOptions } from './hall-server.ts';
import { startHallNode } from './standby/hall-node.ts';
import { standbyFromEnv } from './standby/standby-options.ts';

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const certPath = flag('tls-cert') ?? process.env.TLS_CERT;
const keyPath = flag('tls-key') ?? process.env.TLS_KEY;
if ((certPath === undefined) !== (keyPath === undefined)) {
  console.error('TLS needs both a certificate and a key: set TLS_CERT and TLS_KEY (or --tls-cert and --tls-key)');
  process.exit(1);
}
const redirectPort = flag('http-redirect-port') ?? process.env.HTTP_REDIRECT_PORT;
if (redirectPort !== undefined && certPath === undefined) {
  console.error('HTTP_REDIRECT_PORT redirects plain HTTP to HTTPS: it needs TLS_CERT and TLS_KEY as well');
  process.exit(1);
}

const configPath = flag('config') ?? process.env.HALL_CONFIG ?? 'server/halls/demo-hall.json';
// The demo hall's tokens and PIN are public (they are in the repository): by default it is served to this
// machine only. A real hall file listens on every interface, for the hall's kiosks, displays and panels.
const host = process.env.HOST ?? (isShippedDemoHall(configPath) ? '127.0.0.1' : '0.0.0.0');

const hubUrl = process.env.HUB_URL;
const hubCredential = process.env.HUB_CREDENTIAL;
if ((hubUrl === undefined) !== (hubCredential === undefined)) {
  console.error('Shipping to a hub needs both HUB_URL and HUB_CREDENTIAL (from `npm run hub -- add-hall` on the hub)');
  process.exit(1);
}

let standby: ReturnType<typeof standbyFromEnv>;
try {
  standby = standbyFromEnv(process.env);
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}

const options: HallServerOptions = {
  port: Number(process.env.PORT ?? 8080),
  host,
  configPath,
  dataDir: flag('data') ?? process.env.DATA_DIR ?? 'data',
  demoAllDay: !process.argv.includes('--real-hours'),
  tls: certPath && keyPath ? { certPath, keyPath } : undefined,
  httpRedirectPort: redirectPort === undefined ? undefined : Number(redirectPort),
  hub: hubUrl && hubCredential ? { url: hubUrl, credential: hubCredential } : undefined,
};
const server = await (standby ? startHallNode(options, standby) : startHallServer(options)).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void server.close().then(() => process.exit(0));
  });
}
