/** Start the real hall server in this process on a free port with a fresh SQLite file. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHallServer, type RunningHallServer } from '../../server/hall-server.ts';
import { DEMO_CONFIG_PATH } from './demo.ts';

export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'yc-data-'));
}

export function startTestServer(dataDir = tempDataDir()): Promise<RunningHallServer & { dataDir: string }> {
  return startHallServer({ port: 0, host: '127.0.0.1', configPath: DEMO_CONFIG_PATH, dataDir, logLevel: 'warn' }).then((s) => ({
    ...s,
    dataDir,
  }));
}
