/**
 * Assemble the hall server: configuration → log → hall state → HTTP + sockets.
 * Used by `main.ts` and by the integration tests (which start it on port 0).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import pino from 'pino';
import { Server } from 'socket.io';
import { LoginGuard } from './auth/login-guard.ts';
import { SessionStore } from './auth/session-store.ts';
import { loadHallConfig } from './config/load-config.ts';
import { AppointmentDesk } from './hall/appointment-desk.ts';
import { ClockService } from './hall/clock-service.ts';
import { HallService } from './hall/hall-service.ts';
import { DeviceManager, type DeviceManagerOptions } from './devices/device-manager.ts';
import { attachDeviceSockets } from './devices/device-sockets.ts';
import { createApp } from './http/app.ts';
import { attachHallSockets } from './sockets/hall-sockets.ts';
import { openDatabase, SqliteEventStore } from './store/sqlite-event-store.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const serverVersion = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;

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
}

export interface RunningHallServer {
  url: string;
  port: number;
  hall: HallService;
  devices: DeviceManager;
  /** The Socket.IO server (its namespaces and sockets: what the hall holds per client). */
  io: Server;
  close(): Promise<void>;
}

export async function startHallServer(options: HallServerOptions): Promise<RunningHallServer> {
  const log = pino({ level: options.logLevel ?? process.env.LOG_LEVEL ?? 'info', base: { svc: 'hall' } });
  const config = loadHallConfig(options.configPath);
  const db = openDatabase(join(options.dataDir, 'hall.sqlite'));
  const store = new SqliteEventStore(db);
  const sessions = new SessionStore(db);
  const loginGuard = new LoginGuard(db, config.limits);
  const now = options.now ?? Date.now;
  const hall = new HallService(config, store, { checkpointEvery: options.checkpointEvery, now });
  const boot = hall.boot();
  log.info({ ...boot, seq: hall.seq }, 'hall state rebuilt from the log');
  if (!boot.integrity.ok) log.error(boot.integrity, 'EVENT LOG INTEGRITY BROKEN: run `npm run verify-log`');
  if (boot.checkpointRejected) log.error({ reason: boot.checkpointRejected }, 'checkpoint set aside: the whole log was folded from its first event');
  hall.on('storageError', (err) => log.error({ err: err.message }, 'cannot write the event log: refusing commands'));
  hall.on('halted', (fault, err) =>
    log.fatal({ ...fault, err }, 'an accepted event could not be folded into the hall state: refusing every command until the server is restarted'),
  );

  const appointments = new AppointmentDesk(hall, db, now);
  const devices = new DeviceManager({
    config,
    hall,
    db,
    dataDir: options.dataDir,
    log: log.child({ svc: 'devices' }),
    loadHid: options.loadHid,
    now,
  });

  let sockets: ReturnType<typeof attachHallSockets> | undefined;
  const app = createApp({
    hall,
    sessions,
    loginGuard,
    serverVersion,
    webRoot: join(repoRoot, 'dist', 'web'),
    photosDir: join(dirname(resolve(options.configPath)), 'photos'),
    onSignOut: (id) => sockets?.endSession(id),
    now,
    devices,
    appointments,
  });
  const httpServer = createServer(app);
  const io = new Server(httpServer, {
    serveClient: false,
    maxHttpBufferSize: 64 * 1024,
    pingInterval: 20_000,
    pingTimeout: 15_000,
  });
  sockets = attachHallSockets(io, hall, sessions, { serverVersion, now, appointments, log: log.child({ svc: 'sockets' }) });
  const detachDeviceSockets = attachDeviceSockets(io, devices, hall, now);
  await devices.start();
  // After the sockets: the boundaries missed while the server was down are broadcast like any event.
  const clock = new ClockService(hall, config, { now, maxSleepMs: options.clockMaxSleepMs });
  clock.start();

  await new Promise<void>((ok, fail) => {
    httpServer.once('error', fail);
    httpServer.listen(options.port, options.host, ok);
  });
  const port = (httpServer.address() as AddressInfo).port;
  const url = `http://${options.host === '0.0.0.0' ? '127.0.0.1' : options.host}:${port}`;
  log.info({ url, hall: config.hall.name, version: serverVersion }, 'hall server listening');

  return {
    url,
    port,
    hall,
    devices,
    io,
    async close() {
      clock.stop();
      sockets?.close();
      detachDeviceSockets();
      await devices.close();
      hall.checkpoint();
      await new Promise<void>((ok) => {
        void io.close(() => ok());
      });
      store.close();
    },
  };
}
