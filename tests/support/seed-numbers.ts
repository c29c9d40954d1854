/**
 * A queue far into its day: issue tickets straight through the hall service
 * (the path a kiosk's command takes, minus the socket) until the queue's
 * counter reaches `last`. The device id is no kiosk's, so nothing is printed.
 *
 * Each ticket is an fsynced append: ~6 ms on a disk, far less on tmpfs, so
 * tests that seed a thousand tickets keep their log in RAM (`ramDataDir`).
 */
import { mkdtempSync } from 'node:fs';
import { ramTempRoot } from './temp-root.ts';
import { join } from 'node:path';
import type { RunningHallServer } from '../../server/hall-server.ts';

export function issueUpTo(server: Pick<RunningHallServer, 'hall'>, queueId: string, last: number): void {
  const bound = last + 1;
  for (let i = 0; i < bound && (server.hall.state.counters[queueId]?.last ?? 0) < last; i++) {
    const r = server.hall.execute({ type: 'ticket.take', deviceId: 'test:seed', queueId }, 'test:seed');
    if (!r.ok) throw new Error(`seeding ${queueId}: ${r.error.code} ${r.error.messageEn}`);
  }
}

/** A data directory on tmpfs when the machine has one (Linux: /dev/shm), else in the temp folder. */
export function ramDataDir(): string {
  return mkdtempSync(join(ramTempRoot(), 'yc-data-'));
}
