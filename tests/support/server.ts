/** Start the real hall server in this process on a free port with a fresh SQLite file. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHallServer, type RunningHallServer } from '../../server/hall-server.ts';
import type { z } from 'zod';
import type { hallConfigSchema } from '../../state-machines/config/hall-config.ts';
import { DEMO_CONFIG_PATH } from './demo.ts';

/** A hall file as written on disk (defaults not yet applied). */
export type HallFile = z.input<typeof hallConfigSchema>;

export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'yc-data-'));
}

export interface TestServerOptions {
  dataDir?: string;
  /** A hall file other than the demo hall (see `demoHallVariant`). */
  configPath?: string;
  /** A simulated clock for the hall. */
  now?: () => number;
}

export function startTestServer(options: string | TestServerOptions = {}): Promise<RunningHallServer & { dataDir: string }> {
  const { dataDir = tempDataDir(), configPath = DEMO_CONFIG_PATH, now } = typeof options === 'string' ? { dataDir: options } : options;
  return startHallServer({ port: 0, host: '127.0.0.1', configPath, dataDir, logLevel: 'warn', now }).then((s) => ({ ...s, dataDir }));
}

/**
 * Write a copy of the demo hall with some settings changed (e.g. a short
 * 过号 grace or a daily cap) and return its path. The copy sits beside the
 * demo file's photos only by name; tests that need photos use the demo hall.
 */
export function demoHallVariant(change: (hall: HallFile) => void): string {
  const raw = JSON.parse(readFileSync(DEMO_CONFIG_PATH, 'utf8')) as HallFile;
  change(raw);
  const path = join(mkdtempSync(join(tmpdir(), 'yc-hall-')), 'hall.json');
  writeFileSync(path, JSON.stringify(raw, null, 2));
  return path;
}
