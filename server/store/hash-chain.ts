/**
 * Tamper evidence for the event log (seed 004 §14: records are never
 * back-filled or altered). Each row stores the SHA-256 of its own content and
 * of the previous row's hash, so changing any byte of any row — or deleting or
 * inserting one — breaks every hash after it. `npm run verify-log` walks the
 * chain. The formula and the walk live in chain-walk.mjs (a worker thread
 * runs them at boot).
 */
import { GENESIS_HASH, linkHash } from './chain-walk.mjs';

export { GENESIS_HASH };

export interface ChainedRow {
  seq: number;
  at: number;
  type: string;
  actor: string;
  requestKey: string | null;
  payload: string;
}

export function rowHash(prevHash: string, row: ChainedRow): string {
  return linkHash(prevHash, row.seq, row.at, row.type, row.actor, row.requestKey, row.payload);
}
