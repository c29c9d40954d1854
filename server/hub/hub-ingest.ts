/**
 * Ingest: a batch of one hall's shipped events into PostgreSQL, all or none
 * (README § Many halls). The hall ships its log in order (server/hub-link/log-shipper.ts);
 * each row carries its own hash over the hall's shipped chain (hash-chain.ts's
 * rowHash over the payload as shipped, hub-projection.ts), so the hub checks
 * every row it stores:
 *
 * - a row at the next seq must link to the hall's last hash and match its own
 *   hash, else it is `ALTERED` (changed content) or a `FORK` (another history);
 * - a row at a seq already stored is a retry: the same hash is skipped (a lost
 *   answer, a hall resending after an outage), another hash is a `FORK` (a hall
 *   replaying an old or rewritten log);
 * - a row past the next seq is a `GAP`: refused, with the seq the hub expects.
 *
 * A batch goes in whole or not at all, by a compare-and-set on the hall's row
 * (HubIngest below): concurrent batches of one hall — two hub processes, a
 * hall's retry racing its first try — cannot both store, and the loser sees
 * the winner's result. A refusal stores nothing and is written to
 * `hub_incidents`.
 */
import type { Pool } from 'pg';
import { rowHash } from '../store/hash-chain.ts';

export interface ShippedRow {
  seq: number;
  at: number;
  type: string;
  actor: string;
  /** The event's JSON as shipped (hub-projection.ts), exactly the bytes hashed. */
  payload: string;
  prevHash: string;
  hash: string;
}

export type IngestRefusal = 'GAP' | 'FORK' | 'ALTERED' | 'UNKNOWN_HALL';

export type IngestResult =
  | { ok: true; stored: number; skipped: number; lastSeq: number; lastHash: string }
  | { ok: false; code: IngestRefusal; message: string; seq?: number; lastSeq: number; lastHash: string };

/** Most rows in one batch (the shipper sends ≤ 500): bounds the work one request can ask of the hub. */
export const MAX_BATCH_ROWS = 1000;

/** Where a hall's copy ends, as this process last saw it (a hint: the store's compare-and-set decides). */
interface Position {
  seq: number;
  hash: string;
}

/**
 * One hub process's ingest. The common case — the next batch of a hall — is
 * ONE statement: a compare-and-set on the hall's row (`UPDATE … WHERE last_seq
 * = <what we checked against> AND last_hash = …`) joined to the INSERT, so the
 * rows go in only if the position is still the one every hash was checked
 * against. Two processes (or a retry racing its first try) cannot both win:
 * PostgreSQL serialises the two UPDATEs on the row and re-checks the second's
 * WHERE against the first's result, so the loser inserts nothing, re-reads
 * the position and classifies its rows again (now as retries or a gap).
 */
export class HubIngest {
  private readonly positions = new Map<string, Position>();

  constructor(private readonly pool: Pool) {}

  async ingest(hallId: string, rows: readonly ShippedRow[]): Promise<IngestResult> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const position = this.positions.get(hallId) ?? (await this.readPosition(hallId));
      if (!position) return { ok: false, code: 'UNKNOWN_HALL', message: `hall "${hallId}" is not registered at this hub`, lastSeq: 0, lastHash: '' };
      const outcome = await this.tryAt(hallId, position, rows);
      if (outcome !== 'moved') {
        if (!outcome.ok) await recordIncident(this.pool, hallId, outcome.code, outcome.seq, outcome.message);
        return outcome;
      }
      this.positions.delete(hallId);
    }
    throw new Error(`ingest of hall ${hallId}: the position kept moving`);
  }

  private async readPosition(hallId: string): Promise<Position | undefined> {
    const row = (await this.pool.query<{ last_seq: string; last_hash: string }>('SELECT last_seq, last_hash FROM halls WHERE hall_id = $1', [hallId])).rows[0];
    if (!row) return undefined;
    const position = { seq: Number(row.last_seq), hash: row.last_hash };
    this.positions.set(hallId, position);
    return position;
  }

  /** The batch checked against `position`; 'moved' when the store's position was another. */
  private async tryAt(hallId: string, position: Position, rows: readonly ShippedRow[]): Promise<IngestResult | 'moved'> {
    let lastSeq = position.seq;
    let lastHash = position.hash;
    const known = rows.filter((r) => r.seq <= lastSeq);
    const refusedKnown = await checkKnown(this.pool, hallId, known, lastSeq, lastHash);
    if (refusedKnown) return refusedKnown;
    const toStore: ShippedRow[] = [];
    for (const row of rows) {
      if (row.seq <= position.seq) continue;
      const expected = lastSeq + 1;
      if (row.seq !== expected)
        return { ok: false, code: 'GAP', message: `seq ${row.seq} arrived where ${expected} was expected`, seq: row.seq, lastSeq, lastHash };
      if (row.prevHash !== lastHash)
        return { ok: false, code: 'FORK', message: `seq ${row.seq} does not follow the stored chain`, seq: row.seq, lastSeq, lastHash };
      if (rowHash(lastHash, { seq: row.seq, at: row.at, type: row.type, actor: row.actor, requestKey: null, payload: row.payload }) !== row.hash) {
        return { ok: false, code: 'ALTERED', message: `seq ${row.seq}: content does not match its hash`, seq: row.seq, lastSeq, lastHash };
      }
      toStore.push(row);
      lastSeq = row.seq;
      lastHash = row.hash;
    }
    if (toStore.length === 0) return { ok: true, stored: 0, skipped: known.length, lastSeq, lastHash };
    const inserted = await this.pool.query(
      `WITH moved AS (
         UPDATE halls SET last_seq = $9, last_hash = $10, last_ingest_at = now()
         WHERE hall_id = $1 AND last_seq = $11 AND last_hash = $12
         RETURNING hall_id)
       INSERT INTO hall_events (hall_id, seq, at, type, actor, payload, prev_hash, hash)
       SELECT moved.hall_id, u.* FROM moved,
         unnest($2::bigint[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[]) AS u`,
      [
        hallId,
        toStore.map((r) => r.seq),
        toStore.map((r) => r.at),
        toStore.map((r) => r.type),
        toStore.map((r) => r.actor),
        toStore.map((r) => r.payload),
        toStore.map((r) => r.prevHash),
        toStore.map((r) => r.hash),
        lastSeq,
        lastHash,
        position.seq,
        position.hash,
      ],
    );
    if (inserted.rowCount !== toStore.length) return 'moved';
    this.positions.set(hallId, { seq: lastSeq, hash: lastHash });
    return { ok: true, stored: toStore.length, skipped: known.length, lastSeq, lastHash };
  }
}

/** Rows the hub already holds: a retry when the hashes are equal, another history when not. */
async function checkKnown(
  client: Pool,
  hallId: string,
  known: readonly ShippedRow[],
  lastSeq: number,
  lastHash: string,
): Promise<Extract<IngestResult, { ok: false }> | undefined> {
  if (known.length === 0) return undefined;
  const stored = await client.query<{ seq: string; hash: string }>('SELECT seq, hash FROM hall_events WHERE hall_id = $1 AND seq = ANY($2::bigint[])', [
    hallId,
    known.map((r) => r.seq),
  ]);
  const hashOf = new Map(stored.rows.map((r) => [Number(r.seq), r.hash]));
  for (const row of known) {
    if (hashOf.get(row.seq) !== row.hash) {
      return {
        ok: false,
        code: 'FORK',
        message: `seq ${row.seq} differs from the event already stored (an old or rewritten log)`,
        seq: row.seq,
        lastSeq,
        lastHash,
      };
    }
  }
  return undefined;
}

export async function recordIncident(pool: Pool, hallId: string, kind: string, seq: number | undefined, detail: string): Promise<void> {
  await pool.query('INSERT INTO hub_incidents (hall_id, kind, seq, detail) VALUES ($1, $2, $3, $4)', [hallId, kind, seq ?? null, detail.slice(0, 500)]);
}
