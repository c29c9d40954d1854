/**
 * A real hall server for one spec file: demo configuration, empty log in a
 * temporary directory, random port. Serves the built front ends from dist/web.
 */
import { DEMO_CONFIG_PATH, writeHallVariant, type HallFileEdit, type LooseHallFile } from '../support/demo.ts';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHallServer, type HallServerOptions, type RunningHallServer } from '../../server/hall-server.ts';

export const DEMO = {
  kioskToken: 'demo-kiosk-1f-1-token',
  hallDisplayToken: 'demo-display-hall-token',
  window5DisplayToken: 'demo-display-w5-token',
  /** Window 5, post A: 周婷. */
  clerk: { staffId: '1009', name: '周婷', pin: '123456', window: 5 },
} as const;

export interface HallUnderTest {
  url: string;
  readonly server: RunningHallServer;
  /** Stop the server, keeping its log: clients see the link drop. */
  halt(): Promise<void>;
  /** Start it again on the same port and log, as after a power cut. */
  resume(): Promise<void>;
  stop(): Promise<void>;
}

/** The demo hall without its calendar, so the browser tests run at any hour (tests/support/demo.ts). */
const DEMO_HALL_FILE = DEMO_CONFIG_PATH;

/**
 * The demo hall as it is, or a copy with some settings changed (a short 过号
 * grace, a daily cap, a cut-off), written to its own temporary folder. The copy
 * has no photos folder: window screens show the placeholder.
 */
export interface DemoHallOptions {
  /** The speech engine (default espeak-ng; a path that does not exist = a server without one). */
  voiceCommand?: string;
  /** The hall's clock (default the real one). */
  now?: () => number;
  /** Where the log lives (default a new temporary folder); removed on stop. */
  dataDir?: string;
  /** Another hall file as the base (default the demo hall without its calendar). */
  hallFile?: string;
  /** Where the server's log lines go, and from which level (default: warn, to stdout). */
  logStream?: HallServerOptions['logStream'];
  logLevel?: string;
}

export async function startDemoHall(change?: HallFileEdit, options: DemoHallOptions = {}): Promise<HallUnderTest> {
  if (!existsSync('dist/web/kiosk/index.html')) {
    throw new Error('dist/web is not built: run `npx vite build` before the end-to-end tests');
  }
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'yichuang-e2e-')));
  const base = options.hallFile ?? DEMO_HALL_FILE;
  const configPath = change ? writeHallVariant<LooseHallFile>(change, base) : base;
  const start = (port: number) =>
    startHallServer({
      port,
      host: '127.0.0.1',
      configPath,
      dataDir,
      logLevel: options.logLevel ?? 'warn',
      logStream: options.logStream,
      voiceCommand: options.voiceCommand,
      now: options.now,
    });
  let server = await start(0);
  let running = true;
  return {
    url: server.url,
    get server() {
      return server;
    },
    async halt() {
      await server.close();
      running = false;
    },
    async resume() {
      server = await start(server.port);
      running = true;
    },
    async stop() {
      if (running) await server.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
