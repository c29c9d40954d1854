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
 * The hall's row is locked (`SELECT … FOR UPDATE`) for the transaction, so
 * concurrent batches of one hall — two hub processes, a hall's retry racing its
 * first try — run one after the other, and each sees the other's result.
 * A refusal rolls everything back, then is written to `hub_incidents`.
 */
import type { Pool, PoolClient } from 'pg';
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

export async function ingestBatch(pool: Pool, hallId: string, rows: readonly ShippedRow[]): Promise<IngestResult> {
  const client = await pool.connect();
  // A connection lost while checked out (PostgreSQL restarted) fails the query in hand; the event itself is not news.
  client.on('error', ignore);
  let refusal: Extract<IngestResult, { ok: false }> | undefined;
  try {
    await client.query('BEGIN');
    const hall = await client.query<{ last_seq: string; last_hash: string }>('SELECT last_seq, last_hash FROM halls WHERE hall_id = $1 FOR UPDATE', [hallId]);
    const position = hall.rows[0];
    if (!position) {
      await client.query('ROLLBACK');
      return { ok: false, code: 'UNKNOWN_HALL', message: `hall "${hallId}" is not registered at this hub`, lastSeq: 0, lastHash: '' };
    }
    let lastSeq = Number(position.last_seq);
    let lastHash = position.last_hash;
    const known = rows.filter((r) => r.seq <= lastSeq);
    const fresh = rows.filter((r) => r.seq > lastSeq);
    refusal = await checkKnown(client, hallId, known, lastSeq, lastHash);
    const toStore: ShippedRow[] = [];
    for (const row of refusal ? [] : fresh) {
      const expected = lastSeq + 1;
      if (row.seq !== expected) {
        refusal = { ok: false, code: 'GAP', message: `seq ${row.seq} arrived where ${expected} was expected`, seq: row.seq, lastSeq, lastHash };
        break;
      }
      if (row.prevHash !== lastHash) {
        refusal = { ok: false, code: 'FORK', message: `seq ${row.seq} does not follow the stored chain`, seq: row.seq, lastSeq, lastHash };
        break;
      }
      if (rowHash(lastHash, { seq: row.seq, at: row.at, type: row.type, actor: row.actor, requestKey: null, payload: row.payload }) !== row.hash) {
        refusal = { ok: false, code: 'ALTERED', message: `seq ${row.seq}: content does not match its hash`, seq: row.seq, lastSeq, lastHash };
        break;
      }
      toStore.push(row);
      lastSeq = row.seq;
      lastHash = row.hash;
    }
    if (refusal) {
      await client.query('ROLLBACK');
    } else {
      if (toStore.length > 0) {
        await client.query(
          `INSERT INTO hall_events (hall_id, seq, at, type, actor, payload, prev_hash, hash)
           SELECT $1, * FROM unnest($2::bigint[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])`,
          [
            hallId,
            toStore.map((r) => r.seq),
            toStore.map((r) => r.at),
            toStore.map((r) => r.type),
            toStore.map((r) => r.actor),
            toStore.map((r) => r.payload),
            toStore.map((r) => r.prevHash),
            toStore.map((r) => r.hash),
          ],
        );
        await client.query('UPDATE halls SET last_seq = $2, last_hash = $3, last_ingest_at = now() WHERE hall_id = $1', [hallId, lastSeq, lastHash]);
      }
      await client.query('COMMIT');
      return { ok: true, stored: toStore.length, skipped: known.length, lastSeq, lastHash };
    }
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.off('error', ignore);
    client.release();
  }
  await recordIncident(pool, hallId, refusal.code, refusal.seq, refusal.message);
  return refusal;
}

const ignore = () => undefined;

/** Rows the hub already holds: a retry when the hashes are equal, another history when not. */
async function checkKnown(
  client: PoolClient,
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
