/** Start the real hall server in this process on a free port with a fresh SQLite file. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHallServer, type RunningHallServer } from '../../server/hall-server.ts';
import { DEMO_CONFIG_PATH, writeHallVariant, type HallFile } from './demo.ts';

export type { HallFile };

export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'yc-data-'));
}

export interface TestServerOptions {
  dataDir?: string;
  /** A hall file other than the demo hall (see `demoHallVariant`). */
  configPath?: string;
  /** A simulated clock for the hall. */
  now?: () => number;
  /** How often at most the clock service looks at a (simulated) clock that may have jumped. */
  clockMaxSleepMs?: number;
}

export function startTestServer(options: string | TestServerOptions = {}): Promise<RunningHallServer & { dataDir: string }> {
  const { dataDir = tempDataDir(), configPath = DEMO_CONFIG_PATH, now, clockMaxSleepMs } = typeof options === 'string' ? { dataDir: options } : options;
  return startHallServer({ port: 0, host: '127.0.0.1', configPath, dataDir, logLevel: 'warn', now, clockMaxSleepMs }).then((s) => ({ ...s, dataDir }));
}

/** A copy of the test demo hall (no calendar) with some settings changed, e.g. a short 过号 grace or a daily cap. */
export function demoHallVariant(change: (hall: HallFile) => void): string {
  return writeHallVariant(change, DEMO_CONFIG_PATH);
}
