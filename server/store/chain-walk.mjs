/**
 * The hash chain's formula and its one walk (hash-chain.ts says why the chain
 * exists). Plain JavaScript on purpose: a worker thread loads it with no
 * TypeScript loader in between (chain-check-worker.mjs), so the boot's check in
 * the worker, a short tail's check in the hall's own thread and `npm run
 * verify-log` all run this same code. Types: chain-walk.d.mts.
 */
import { hash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

/** Rows per read: big enough to amortise the query, small enough to keep memory flat. */
export const CHAIN_CHUNK = 4096;

/** A row's hash: over the previous row's hash and every column of its own. */
export function linkHash(prevHash, seq, at, type, actor, requestKey, payload) {
  // crypto.hash: one-shot, same digest as createHash().update().digest(), ~2× cheaper per row on replay.
  return hash('sha256', `${prevHash}\n${seq}\n${at}\n${type}\n${actor}\n${requestKey ?? ''}\n${payload}`, 'hex');
}

/**
 * Check the rows fromSeq…toSeq of `db` (a better-sqlite3 connection): each one
 * present, linked to the one before and matching its hash. Stops at the first
 * break. `progress(checked)` after every chunk (the worker's sign of life).
 */
export function verifyChain(db, fromSeq, toSeq = Number.MAX_SAFE_INTEGER, progress = undefined) {
  const first = Math.max(1, fromSeq);
  let prev =
    first === 1
      ? GENESIS_HASH
      : (db
          .prepare('SELECT hash FROM events WHERE seq = ?')
          .pluck()
          .get(first - 1) ?? '');
  // Raw arrays in chunks with .all(): about twice as fast per row as object rows through .iterate().
  const chunk = db
    .prepare('SELECT seq, at, type, actor, request_key, payload, prev_hash, hash FROM events WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?')
    .raw(true);
  let expected = first;
  let after = first - 1;
  for (;;) {
    const rows = chunk.all(after, toSeq, CHAIN_CHUNK);
    for (const [seq, at, type, actor, requestKey, payload, prevHash, rowHash] of rows) {
      const events = expected - first;
      if (seq !== expected) return { ok: false, events, badSeq: expected, reason: `event ${expected} is missing` };
      if (prevHash !== prev) return { ok: false, events, badSeq: seq, reason: 'link to the previous event is broken' };
      if (linkHash(prev, seq, at, type, actor, requestKey, payload) !== rowHash) {
        return { ok: false, events, badSeq: seq, reason: 'content does not match its hash (altered)' };
      }
      prev = rowHash;
      expected++;
    }
    if (progress !== undefined) progress(expected - first);
    if (rows.length < CHAIN_CHUNK) break;
    after = rows[rows.length - 1][0];
  }
  return { ok: true, events: expected - first, lastHash: prev };
}
