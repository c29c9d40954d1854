/**
 * One temporary folder per test run, removed when the run ends. Tests make
 * many data directories and hall-file variants (os.tmpdir(), /dev/shm); before
 * this they were never removed and a machine that runs `npm test` daily
 * collected thousands. The run's global setup (vitest and Playwright) points
 * TMPDIR — which os.tmpdir() follows in every worker and child server — and
 * YC_SHM_DIR at fresh folders and removes both at the end.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function useRunTempFolders(): () => void {
  const made: string[] = [];
  const tmp = mkdtempSync(join(tmpdir(), 'yc-run-'));
  made.push(tmp);
  process.env.TMPDIR = tmp;
  if (existsSync('/dev/shm')) {
    const shm = mkdtempSync(join('/dev/shm', 'yc-run-'));
    made.push(shm);
    process.env.YC_SHM_DIR = shm;
  }
  return () => {
    for (const dir of made) {
      try {
        rmSync(dir, { recursive: true, force: true });
      } catch {
        // A tmpfs a fault test mounted and could not unmount: leave it rather than fail the run.
      }
    }
  };
}

/** Where a test keeps a data directory it wants in RAM (the run's /dev/shm folder), else the temp folder. */
export function ramTempRoot(): string {
  return process.env.YC_SHM_DIR ?? (existsSync('/dev/shm') ? '/dev/shm' : tmpdir());
}
