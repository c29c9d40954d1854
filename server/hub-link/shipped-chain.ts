/**
 * The hall's log as a hub receives it: each event's payload with the
 * hall-only fields removed (state-machines/protocol/hub-projection.ts), chained
 * like the hall's own log (hash-chain.ts's rowHash over the shipped bytes).
 * A pure function of the log, so the hall never stores it: the shipper keeps
 * only where it stands (seq and hash) and can recompute any point from the
 * start. The hub recomputes every hash it stores, so a row altered on the way
 * or a history rewritten after shipping is refused there.
 */
import { forHub } from '../../state-machines/protocol/hub-projection.ts';
import { GENESIS_HASH, rowHash } from '../store/hash-chain.ts';
import type { ShippedRow } from '../hub/hub-ingest.ts';

/** A row of the hall's `events` table as the shipper reads it. */
export interface LogRow {
  seq: number;
  at: number;
  type: string;
  actor: string;
  payload: string;
}

export interface ChainPoint {
  seq: number;
  hash: string;
}

export const CHAIN_START: ChainPoint = { seq: 0, hash: GENESIS_HASH };

export function shipRow(prevHash: string, row: LogRow): ShippedRow {
  const payload = JSON.stringify(forHub(JSON.parse(row.payload)));
  const hash = rowHash(prevHash, { seq: row.seq, at: row.at, type: row.type, actor: row.actor, requestKey: null, payload });
  return { seq: row.seq, at: row.at, type: row.type, actor: row.actor, payload, prevHash, hash };
}
