/**
 * A real hall server for one spec file: demo configuration, empty log in a
 * temporary directory, random port. Serves the built front ends from dist/web.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHallServer, type RunningHallServer } from '../../server/hall-server.ts';

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

export async function startDemoHall(): Promise<HallUnderTest> {
  if (!existsSync('dist/web/kiosk/index.html')) {
    throw new Error('dist/web is not built: run `npx vite build` before the end-to-end tests');
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'yichuang-e2e-'));
  const start = (port: number) =>
    startHallServer({ port, host: '127.0.0.1', configPath: 'server/halls/demo-hall.json', dataDir, logLevel: 'warn' });
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
