/**
 * Assemble the hall server: configuration → log → hall state → HTTP + sockets.
 * Used by `main.ts` and by the integration tests (which start it on port 0).
 */
import { createServer, type Server as HttpServer } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFileSync, realpathSync } from 'node:fs';
import pino from 'pino';
import { Server } from 'socket.io';
import { LoginGuard } from './auth/login-guard.ts';
import { SessionStore } from './auth/session-store.ts';
import { loadHallConfig } from './config/load-config.ts';
import { AppointmentDesk } from './hall/appointment-desk.ts';
import { CaseDesk } from './hall/case-desk.ts';
import { TicketKeys } from './devices/ticket-keys.ts';
import { ClockService } from './hall/clock-service.ts';
import { HallService } from './hall/hall-service.ts';
import { DeviceManager, type DeviceManagerOptions } from './devices/device-manager.ts';
import { attachDeviceSockets } from './devices/device-sockets.ts';
import { createApp } from './http/app.ts';
import { engineAdmission } from './sockets/engine-admission.ts';
import { attachHallSockets } from './sockets/hall-sockets.ts';
import { attachDeviceAdminSockets } from './sockets/device-admin-sockets.ts';
import { attachSignInAdminSockets } from './sockets/sign-in-admin-sockets.ts';
import { commandLogMixin } from './sockets/command-log.ts';
import { DevicePairing } from './devices/device-pairing.ts';
import type { PinVerifier } from './auth/pin.ts';
import { isLoopbackHost } from './http/client-address.ts';
import type { DemoHours } from './http/landing-page.ts';
import { openDatabase, SqliteEventStore } from './store/sqlite-event-store.ts';
import { LogShipper } from './hub-link/log-shipper.ts';
import { LiveWaitsPublisher } from './hub-link/live-waits.ts';
import { probeEspeak } from './voice/espeak.ts';
import { hallVocabulary } from '../state-machines/voice/kiosk-speech.ts';
import { HallVoice } from './voice/hall-voice.ts';
import { HallMetrics } from './metrics/hall-metrics.ts';
import { ReportProjection } from './reports/report-projection.ts';
import { PrimaryLink } from './standby/primary-link.ts';
import { attachStandbyDesk } from './standby/standby-desk.ts';
import type { StandbyOptions } from './standby/standby-options.ts';
import { NAMESPACES, type Role } from '../state-machines/protocol/socket-events.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const serverVersion = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;

/**
 * The demo hall as shipped in this repository. It is recognised by its path,
 * not by a flag inside it: a copy made to start a real hall (even unchanged)
 * is a real hall, so it never shows demo tokens on / nor runs all day.
 */
export const SHIPPED_DEMO_HALL = join(repoRoot, 'server', 'halls', 'demo-hall.json');

export function isShippedDemoHall(configPath: string): boolean {
  try {
    return realpathSync(configPath) === realpathSync(SHIPPED_DEMO_HALL);
  } catch {
    return false;
  }
}

export interface HallServerOptions {
  port: number;
  host: string;
  configPath: string;
  dataDir: string;
  checkpointEvery?: number;
  logLevel?: string;
  /**
   * The hall's clock. Production uses Date.now; the day simulation drives a
   * simulated clock through the real server with it.
   */
  now?: () => number;
  /** The clock service's longest sleep (default 30 s); tests that move a simulated clock use a short one. */
  clockMaxSleepMs?: number;
  /** Devices: how node-hid is loaded (tests inject a fake HID transport). */
  loadHid?: DeviceManagerOptions['loadHid'];
  /** How sign-in checks a PIN against its hash (tests count the scrypt runs). */
  verifyPin?: PinVerifier;
  /**
   * 全天演示: run the shipped demo hall without its calendar, so tickets are
   * issued at any hour (`npm start` sets this unless `--real-hours`). Has no
   * effect on any other hall file.
   */
  demoAllDay?: boolean;
  /** HTTPS: PEM certificate (chain) and key files. With them the server speaks TLS only (Socket.IO over wss) and sends HSTS. */
  tls?: { certPath: string; keyPath: string } | undefined;
  /** With TLS: a plain-HTTP port that only redirects to HTTPS (e.g. 80). */
  httpRedirectPort?: number | undefined;
  /** Where the JSON log lines go (default stdout; tests read them). */
  logStream?: pino.DestinationStream;
  /** The speech engine for the server voice (default `espeak-ng` on the PATH; `VOICE_COMMAND`). */
  voiceCommand?: string;
  /** A city/province hub to ship the log to (README § Many halls); none: the hall stands alone. */
  hub?: { url: string; credential: string } | undefined;
  /**
   * 双机热备 (README § Standby): this server is the pair's primary; `tookOver` when it just took the hall over from
   * the other (it then appends `hall.taken_over` before it listens). Started by server/standby/hall-node.ts.
   */
  standby?: { options: StandbyOptions; tookOver: boolean } | undefined;
  /** Where made clips are kept (default `<dataDir>/voice`). */
  voiceCacheDir?: string;
  /** The bearer token that opens /metrics to other machines (default METRICS_TOKEN, then the hall file's metrics.token). */
  metricsToken?: string;
}

export interface RunningHallServer {
  url: string;
  port: number;
  /** The plain-HTTP port that redirects to HTTPS, when asked for. */
  redirectPort?: number | undefined;
  hall: HallService;
  devices: DeviceManager;
  /** 统计报表: the report projection (undefined when its tables could not be set up, e.g. a read-only disk). */
  reports: ReportProjection | undefined;
  /** The Socket.IO server (its namespaces and sockets: what the hall holds per client). */
  io: Server;
  voice: HallVoice;
  hubLink: LogShipper | undefined;
  /** 双机热备: the link to the standby, when the hall has one. */
  standbyLink: PrimaryLink | undefined;
  close(): Promise<void>;
}

export async function startHallServer(options: HallServerOptions): Promise<RunningHallServer> {
  // Every line logged while a socket command runs carries its actor, event and requestId (sockets/command-log.ts).
  const logOptions = { level: options.logLevel ?? process.env.LOG_LEVEL ?? 'info', base: { svc: 'hall' }, mixin: commandLogMixin };
  const log = options.logStream ? pino(logOptions, options.logStream) : pino(logOptions);
  const shippedDemo = isShippedDemoHall(options.configPath);
  const demoHours: DemoHours | undefined = shippedDemo ? (options.demoAllDay ? 'all-day' : 'real-hours') : undefined;
  const loaded = loadHallConfig(options.configPath);
  // 全天演示: the calendar is dropped from this run's configuration only (the file is untouched).
  const config = demoHours === 'all-day' ? { ...loaded, schedule: undefined } : loaded;
  if (demoHours)
    log.info(
      { demoHours },
      demoHours === 'all-day' ? 'demo hall in all-day mode (its calendar is not applied; --real-hours applies it)' : 'demo hall on its real calendar',
    );
  const tls = options.tls && { cert: readFileSync(options.tls.certPath), key: readFileSync(options.tls.keyPath) };
  const dbFile = join(options.dataDir, 'hall.sqlite');
  const db = openDatabase(dbFile);
  // 双机热备: every batch reaches the standby's disk before this one's (server/standby/primary-link.ts).
  const standbyLink = options.standby && new PrimaryLink(db, dbFile, config.hall.id, options.standby.options, options.standby.tookOver);
  const store = standbyLink ? standbyLink.store() : new SqliteEventStore(db);
  const sessions = new SessionStore(db);
  const now = options.now ?? Date.now;
  const loginGuard = new LoginGuard(db, config.limits, new Set(config.staff.map((s) => s.id)), log.child({ part: 'sign-in' }));
  const pairing = new DevicePairing(db, config, { now, log: log.child({ part: 'pairing' }) });
  const hall = new HallService(config, store, { checkpointEvery: options.checkpointEvery, now });
  const boot = hall.boot();
  log.info({ ...boot, seq: hall.seq }, 'hall state rebuilt from the log');
  if (!boot.integrity.ok) log.error(boot.integrity, 'EVENT LOG INTEGRITY BROKEN: run `npm run verify-log`');
  if (boot.checkpointRejected) log.error({ reason: boot.checkpointRejected }, 'checkpoint set aside: the whole log was folded from its first event');
  if (standbyLink && options.standby) {
    if (options.standby.tookOver) {
      // The log says who holds the hall from here: one term more than any before (the old primary is fenced by it).
      const lastFromPrimary = hall.seq;
      const term = (hall.state.takeover?.term ?? 0) + 1;
      const done = hall.execute(
        { type: 'hall.take_over', term, server: options.standby.options.name, lastFromPrimary },
        `standby:${options.standby.options.name}`,
      );
      if (!done.ok) throw new Error(`taking the hall over failed: ${done.error.messageEn}`);
      log.warn({ term, lastFromPrimary }, 'took the hall over from the other server');
    }
    standbyLink.start(hall.state.takeover?.term ?? 0, hall.state.takeover?.lastFromPrimary ?? 0);
  }
  // 统计报表: the projection catches up with the log it has not folded yet, then folds each event as it is appended.
  // Reports are not worth a hall that does not open: if their tables cannot be set up (a read-only disk), the hall runs without them.
  let reports: ReportProjection | undefined;
  try {
    const projection = new ReportProjection(db, config, {
      now,
      onError: (err, seq) => log.error({ err, seq }, 'the report projection could not fold an event: reports are unavailable until a restart'),
    });
    const reportCatchUp = projection.catchUp(store);
    if (reportCatchUp > 0) log.info({ events: reportCatchUp, seq: projection.seq }, 'report projection caught up with the log');
    hall.on('event', (e) => projection.apply(e));
    reports = projection;
  } catch (err) {
    log.error({ err }, 'the report tables cannot be set up: reports are unavailable until a restart');
  }
  hall.on('storageError', (err) => log.error({ err: err.message }, 'cannot write the event log: refusing commands'));
  hall.on('halted', (fault, err) =>
    log.fatal({ ...fault, err }, 'an accepted event could not be folded into the hall state: refusing every command until the server is restarted'),
  );

  // 中心: the log follows to the hub behind the hall's own work (server/hub-link/log-shipper.ts), never in front of it.
  const hubLink = options.hub && new LogShipper(db, { ...options.hub, hallId: config.hall.id }, log.child({ part: 'hub-link' }));
  // 实时等候: the public numbers follow within a second of a change (server/hub-link/live-waits.ts).
  const liveWaits = options.hub && new LiveWaitsPublisher(hall, { ...options.hub, hallId: config.hall.id }, log.child({ part: 'hub-live' }), now);
  if (hubLink) {
    hall.on('event', () => {
      hubLink.poke();
      liveWaits?.poke();
    });
    hubLink.start();
    liveWaits?.poke();
  }

  const appointments = new AppointmentDesk(hall, db, now);
  const cases = new CaseDesk(hall, db);
  const ticketKeys = new TicketKeys(db);
  const devices = new DeviceManager({
    config,
    hall,
    db,
    ticketKeys,
    dataDir: options.dataDir,
    log: log.child({ part: 'devices' }),
    loadHid: options.loadHid,
    now,
  });

  const voice = new HallVoice(
    probeEspeak(options.voiceCommand ?? process.env.VOICE_COMMAND ?? 'espeak-ng'),
    options.voiceCacheDir ?? join(options.dataDir, 'voice'),
    log.child({ part: 'voice' }),
    hallVocabulary(config),
  );

  // /metrics: clients are counted on the Socket.IO server made below (read only when scraped, once it exists).
  const metrics = new HallMetrics({
    hall,
    devices,
    now,
    clients: () => {
      const count = {} as Record<Role, number>;
      for (const role of Object.keys(NAMESPACES) as Role[]) count[role] = io.of(NAMESPACES[role]).sockets.size;
      return count;
    },
  });
  let sockets: ReturnType<typeof attachHallSockets> | undefined;
  const app = createApp({
    hall,
    log: log.child({ part: 'http' }),
    sessions,
    loginGuard,
    verifyPin: options.verifyPin,
    pairing,
    demoHours,
    hsts: tls !== undefined,
    serverVersion,
    webRoot: join(repoRoot, 'dist', 'web'),
    photosDir: join(dirname(resolve(options.configPath)), 'photos'),
    onSignOut: (id) => sockets?.endSession(id),
    now,
    devices,
    appointments,
    cases,
    voice,
    hubLink,
    standby: standbyLink && { status: () => standbyLink.status(hall.seq, hall.state.takeover) },
    metrics: { source: metrics, token: options.metricsToken ?? process.env.METRICS_TOKEN ?? config.metrics?.token },
  });
  const httpServer: HttpServer = tls ? createTlsServer(tls, app) : createServer(app);
  const io: Server = new Server(httpServer, {
    serveClient: false,
    maxHttpBufferSize: 64 * 1024,
    pingInterval: 20_000,
    pingTimeout: 15_000,
    // A session that has not joined a role namespace by then is closed (Socket.IO's default is 45 s).
    connectTimeout: 10_000,
    allowRequest: engineAdmission({
      perAddressPerMinute: config.limits.handshakesPerAddressPerMinute,
      maxSessions: config.limits.engineSessions,
      now,
      sessions: () => io.engine.clientsCount,
    }),
  });
  sockets = attachHallSockets(io, hall, sessions, {
    serverVersion,
    now,
    appointments,
    cases,
    devices,
    pairing,
    signIn: loginGuard,
    log: log.child({ part: 'sockets' }),
    metrics,
    reports,
    otherServer: options.standby?.options.peerUrl,
  });
  const detachDeviceSockets = attachDeviceSockets(io, devices);
  const detachDeviceAdmin = attachDeviceAdminSockets(io, pairing);
  const detachSignInAdmin = attachSignInAdminSockets(io, loginGuard, now);
  const detachStandbyDesk = standbyLink && attachStandbyDesk(io, standbyLink, () => hall.seq);
  await devices.start();
  // After the sockets: the boundaries missed while the server was down are broadcast like any event.
  const clock = new ClockService(hall, config, { now, maxSleepMs: options.clockMaxSleepMs });
  clock.start();

  const listen = (server: HttpServer, port: number) =>
    new Promise<void>((ok, fail) => {
      server.once('error', fail);
      server.listen(port, options.host, ok);
    });
  await listen(httpServer, options.port);
  const port = (httpServer.address() as AddressInfo).port;
  const scheme = tls ? 'https' : 'http';
  const url = `${scheme}://${urlHost(options.host)}:${port}`;
  log.info({ url, hall: config.hall.name, version: serverVersion }, 'hall server listening');
  if (!tls && !isLoopbackHost(options.host)) {
    log.warn(
      { host: options.host, port },
      'serving plain HTTP beyond this machine: staff PINs, session and device tokens cross the LAN in clear. Set TLS_CERT and TLS_KEY (README § Security), or HOST=127.0.0.1 for a demo',
    );
  }
  let redirect: HttpServer | undefined;
  if (tls && options.httpRedirectPort !== undefined) {
    redirect = createServer((req, res) => {
      const host = (req.headers.host ?? urlHost(options.host)).replace(/:\d+$/, '');
      res.writeHead(308, { Location: `https://${host}${port === 443 ? '' : `:${port}`}${req.url ?? '/'}` }).end();
    });
    await listen(redirect, options.httpRedirectPort);
    log.info({ port: (redirect.address() as AddressInfo).port }, 'plain HTTP port redirects to HTTPS');
  }

  return {
    url,
    port,
    redirectPort: redirect && (redirect.address() as AddressInfo).port,
    hall,
    devices,
    reports,
    io,
    voice,
    hubLink,
    standbyLink,
    async close() {
      clock.stop();
      await standbyLink?.close();
      hubLink?.close();
      liveWaits?.close();
      sockets?.close();
      detachDeviceSockets();
      detachDeviceAdmin();
      detachSignInAdmin();
      detachStandbyDesk?.();
      await devices.close();
      hall.checkpoint();
      reports?.close();
      await new Promise<void>((ok) => {
        void io.close(() => ok());
      });
      await new Promise<void>((ok) => (redirect ? redirect.close(() => ok()) : ok()));
      store.close();
    },
  };
}

/** How a client on this machine reaches a listening host. */
function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}
