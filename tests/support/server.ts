/** Start the real hall server in this process on a free port with a fresh SQLite file. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHallServer, type RunningHallServer } from '../../server/hall-server.ts';
import { DEMO_CONFIG_PATH, writeHallVariant, type HallFile } from './demo.ts';
import { connect, login, type Namespace } from './hall-client.ts';

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

/**
 * The demo hall on a simulated clock (starting at `start`) with protocol clients that close with the test:
 * `open` connects to a namespace, `clerk` signs in (a window → /window, no window → /admin) and connects.
 * `cleanups` is the test file's list, emptied in its afterEach.
 */
export async function startProtocolHall(cleanups: (() => unknown)[], start: number) {
  const clock = { now: start };
  const s = await startTestServer({ now: () => clock.now });
  cleanups.push(() => s.close());
  const open = async (nsp: Namespace, token: string | undefined) => {
    const c = await connect(s.url, nsp, token);
    cleanups.push(() => c.close());
    return c;
  };
  const clerk = async (who: { staffId: string; pin: string; window?: number }) => open(who.window ? '/window' : '/admin', (await login(s.url, who)).token);
  return { s, clock, open, clerk };
}

/**
 * The demo hall for load and kill tests: kiosks may take tickets as fast as they are answered, and no ticket
 * printers (the log is the only write; a print job is its own write, tested with the devices).
 */
export function kioskFloodHall(): string {
  return demoHallVariant((hall) => {
    hall.limits = {
      kioskTicketsPerMinute: 100_000,
      kioskTicketBurst: 100_000,
      kioskTicketsPerHour: 1_000_000,
      connectsPerMinute: 100_000,
      socketsPerToken: 1000,
    };
    delete (hall as { peripherals?: unknown }).peripherals;
  });
}
