/**
 * 双机热备, the primary's side of the link (README § Standby): a worker thread, so the hall's one thread can wait
 * for the standby's answer with Atomics.wait inside its synchronous commit — the same way it waits for its own fsync —
 * while this thread keeps the socket, the heartbeat and the catch-up going. Plain JS: worker threads get no
 * TypeScript loader under every runner (tsx, vitest).
 *
 * The link's states (shared Int32 `LINK`): DOWN → (hello, position) → CATCHING_UP (rows read from this server's own
 * log until the standby holds every committed row) → IN_SYNC (every batch is shipped before it is written here, and
 * acknowledged once the standby has it on disk) → DOWN on any error or timeout, then again. FENCED: the other
 * server holds a higher term (it took the hall over) or the two logs forked; this side stops trying.
 */
import { connect } from 'node:net';
import { randomBytes } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { proof, proofMatches, readMessages, send } from './wire.mjs';

export const LINK = 0;
export const DONE_ID = 1;
export const OUTCOME = 2;
export const STANDBY_SEQ = 3;
export const EVER_IN_SYNC = 4;
export const LINK_DOWN = 0;
export const LINK_CATCHING_UP = 1;
export const LINK_IN_SYNC = 2;
export const LINK_FENCED = 3;
export const ACKED = 1;
export const LOST = 2;
export const FENCED = 3;

/** Rows per catch-up message. */
const CATCH_UP_ROWS = 500;
const BEAT_MS = 200;
const RECONNECT_MS = 300;

if (parentPort !== null && workerData?.kind === 'ship-worker') run(workerData, parentPort);

/** @param {any} data @param {import('node:worker_threads').MessagePort} port */
function run(data, port) {
  const shared = new Int32Array(data.shared);
  const db = new Database(data.dbFile, { readonly: true, fileMustExist: true });
  const lastRow = db.prepare('SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1');
  const hashAt = db.prepare('SELECT hash FROM events WHERE seq = ?').pluck();
  const rowsAfter = db.prepare('SELECT seq, at, type, actor, request_key, payload, prev_hash, hash FROM events WHERE seq > ? ORDER BY seq LIMIT ?').raw(true);
  let term = data.term;
  let lastFromPrimary = data.lastFromPrimary;
  let lastAlive = Date.now();
  /** @type {unknown} */
  let tables;
  /** @type {import('node:net').Socket | undefined} */
  let socket;
  let stopped = false;
  /** The standby's log ends here (as far as this side has sent it). */
  let shipped = 0;
  let shippedHash = '';
  /** Ids of batches sent and not yet answered. */
  const pending = new Set();

  const status = (detail) => port.postMessage({ t: 'status', link: Atomics.load(shared, LINK), detail, standbySeq: Atomics.load(shared, STANDBY_SEQ) });
  const setLink = (link, detail) => {
    Atomics.store(shared, LINK, link);
    status(detail);
  };
  const complete = (id, outcome) => {
    Atomics.store(shared, OUTCOME, outcome);
    Atomics.store(shared, DONE_ID, id);
    Atomics.notify(shared, DONE_ID);
  };
  const dropLink = (detail) => {
    for (const id of pending) complete(id, LOST);
    pending.clear();
    if (socket !== undefined) socket.destroy();
    socket = undefined;
    if (Atomics.load(shared, LINK) !== LINK_FENCED) setLink(LINK_DOWN, detail);
  };
  const fence = (detail) => {
    setLink(LINK_FENCED, detail);
    dropLink(detail);
  };
  const hashOf = (seq) => (seq === 0 ? '0'.repeat(64) : hashAt.get(seq));

  const dial = () => {
    if (stopped || Atomics.load(shared, LINK) === LINK_FENCED) return;
    const s = connect({ host: data.peerHost, port: data.peerPort });
    socket = s;
    s.setNoDelay(true);
    s.setTimeout(data.ackTimeoutMs * 3, () => s.destroy(new Error('no answer')));
    const myNonce = randomBytes(16).toString('base64url');
    let ready = false;
    readMessages(s, (m) => {
      if (m.t === 'challenge') {
        send(s, { t: 'hello', hall: data.hallId, server: data.server, term, nonce: myNonce, proof: proof(data.secret, 'primary', String(m.nonce)) });
      } else if (m.t === 'fenced') {
        fence(`the other server holds term ${m.term}: it has taken the hall over`);
      } else if (m.t === 'position') {
        if (!proofMatches(data.secret, 'standby', myNonce, m.proof)) return dropLink('the standby did not prove the shared secret');
        if (m.term > term) return fence(`the other server holds term ${m.term}`);
        Atomics.store(shared, STANDBY_SEQ, m.seq);
        const mine = lastRow.get() ?? { seq: 0, hash: '0'.repeat(64) };
        if (m.seq <= mine.seq && hashOf(m.seq) === m.hash) {
          ready = true;
          shipped = m.seq;
          shippedHash = m.hash;
          if (tables !== undefined) send(s, { t: 'tables', tables });
          setLink(LINK_CATCHING_UP, `catching up from event ${m.seq}`);
          pump();
        } else if (term > m.term && lastFromPrimary > 0 && hashOf(lastFromPrimary) !== undefined) {
          // The old primary come back: its rows after the takeover point were never acknowledged here.
          send(s, { t: 'rewind', toSeq: lastFromPrimary, hash: hashOf(lastFromPrimary) });
        } else if (m.seq > mine.seq && m.term === term) {
          // The standby holds rows this server never confirmed (its write failed after shipping): drop them there.
          send(s, { t: 'rows', id: -2, afterSeq: mine.seq, afterHash: mine.hash, rows: [] });
        } else {
          fence(`the logs have forked at or before event ${m.seq}: this server and the other disagree`);
        }
      } else if (m.t === 'ack') {
        Atomics.store(shared, STANDBY_SEQ, m.seq);
        if (m.id > 0) {
          pending.delete(m.id);
          complete(m.id, ACKED);
        } else if (m.id === -2) {
          dropLink('standby rewound its unconfirmed rows');
        } else if (ready && Atomics.load(shared, LINK) === LINK_CATCHING_UP) {
          pump();
        }
      } else if (m.t === 'nack') {
        if (m.reason === 'fork') fence(`the standby refused event ${m.seq}: the logs have forked`);
        else dropLink(`the standby refused: ${m.reason}`);
      }
    });
    s.on('close', () => {
      if (socket === s) dropLink('link closed');
      setTimeout(dial, RECONNECT_MS);
    });
    s.on('error', () => {});
  };

  /** Catch-up: the next rows of this server's log, one message at a time, until the standby holds them all. */
  const pump = () => {
    const s = socket;
    if (s === undefined) return;
    const rows = rowsAfter.all(shipped, CATCH_UP_ROWS);
    if (rows.length === 0) {
      Atomics.store(shared, EVER_IN_SYNC, 1);
      setLink(LINK_IN_SYNC, `in sync at event ${shipped}`);
      send(s, { t: 'in-sync', seq: shipped });
      return;
    }
    send(s, { t: 'rows', id: -1, afterSeq: shipped, afterHash: shippedHash, rows });
    const last = rows[rows.length - 1];
    shipped = last[0];
    shippedHash = last[7];
  };

  port.on('message', (m) => {
    if (m.t === 'ship') {
      const s = socket;
      if (s === undefined || Atomics.load(shared, LINK) !== LINK_IN_SYNC) return complete(m.id, LOST);
      if (m.afterSeq > shipped) {
        // Rows this server wrote alone while the link was catching up: from its log first.
        for (let rows = rowsAfter.all(shipped, m.afterSeq - shipped); rows.length > 0; rows = rowsAfter.all(shipped, m.afterSeq - shipped)) {
          send(s, { t: 'rows', id: -3, afterSeq: shipped, afterHash: shippedHash, rows });
          shipped = rows[rows.length - 1][0];
          shippedHash = rows[rows.length - 1][7];
        }
      }
      send(s, { t: 'rows', id: m.id, afterSeq: m.afterSeq, afterHash: m.afterHash, rows: m.rows });
      pending.add(m.id);
      const last = m.rows[m.rows.length - 1];
      shipped = last[0];
      shippedHash = last[7];
    } else if (m.t === 'timeout') {
      dropLink(`no answer from the standby within ${data.ackTimeoutMs} ms`);
    } else if (m.t === 'alive') {
      lastAlive = Date.now();
    } else if (m.t === 'term') {
      term = m.term;
      lastFromPrimary = m.lastFromPrimary;
    } else if (m.t === 'tables') {
      tables = m.tables;
      if (socket !== undefined && Atomics.load(shared, LINK) !== LINK_DOWN) send(socket, { t: 'tables', tables });
    } else if (m.t === 'stop') {
      stopped = true;
      clearInterval(beat);
      dropLink('stopped');
      db.close();
      port.close();
    }
  });

  // The heartbeat says the hall's own thread is alive, not just this one: a wedged primary lets the standby take over.
  const beat = setInterval(() => {
    if (socket !== undefined && Atomics.load(shared, LINK) !== LINK_DOWN && Date.now() - lastAlive < 1000) send(socket, { t: 'beat' });
  }, BEAT_MS);
  dial();
}
