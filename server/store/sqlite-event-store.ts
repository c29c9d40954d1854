/**
 * SQLite implementation of the event log (better-sqlite3).
 *
 * WAL + synchronous=FULL: a commit is fsync'd to the WAL before `commit`
 * (or `append`) returns, so an acknowledged ticket survives `kill -9` and
 * power loss. The hall service stages the events of every command that
 * arrived together and commits them in one transaction: one fsync for the
 * batch, all of it on disk or none of it. better-sqlite3 is synchronous, which
 * is what we want: a batch is decided, written and folded before the next
 * command is looked at.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { LoggedEvent } from '../../state-machines/domain/events.ts';
import { startChainCheck } from './chain-check.ts';
import { CHAIN_CHUNK, verifyChain } from './chain-walk.mjs';
import { readEvent } from './event-check.ts';
import { GENESIS_HASH, rowHash, type ChainedRow } from './hash-chain.ts';
import { StorageError, type AppendInput, type Checkpoint, type EventStore, type StoredEvent, type VerifyResult } from './event-store.ts';

interface EventRow {
  seq: number;
  at: number;
  type: string;
  actor: string;
  request_key: string | null;
  payload: string;
  prev_hash: string;
  hash: string;
}

/** An event staged for the next commit, as its row. */
interface StagedRow extends ChainedRow {
  prevHash: string;
  hash: string;
}

function rowValues(r: StagedRow): [number, number, string, string, string | null, string, string, string] {
  return [r.seq, r.at, r.type, r.actor, r.requestKey, r.payload, r.prevHash, r.hash];
}

/** A row as stored, in column order: what the standby receives (server/standby/). */
export type RawEventRow = [seq: number, at: number, type: string, actor: string, requestKey: string | null, payload: string, prevHash: string, hash: string];

/** What the fold needs of a row: the hash chain's columns are the checker's. */
type FoldRow = [seq: number, at: number, payload: string];

/**
 * From this many events to replay, the boot checks their chain in a worker thread while it folds (starting one
 * costs a few ms, which a checkpoint's short tail would notice); below, it checks them itself after the fold.
 */
export const WORKER_CHECK_FROM = 20_000;

export interface SqliteEventStoreOptions {
  /** Events to replay from which the chain is checked in a worker thread (tests set 1). */
  workerCheckFrom?: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  seq         INTEGER PRIMARY KEY,
  at          INTEGER NOT NULL,
  type        TEXT    NOT NULL,
  actor       TEXT    NOT NULL,
  request_key TEXT    UNIQUE,
  payload     TEXT    NOT NULL,
  prev_hash   TEXT    NOT NULL,
  hash        TEXT    NOT NULL
);
CREATE TABLE IF NOT EXISTS checkpoints (
  seq           INTEGER NOT NULL,
  state_version INTEGER NOT NULL,
  hash          TEXT    NOT NULL,
  state         TEXT    NOT NULL,
  PRIMARY KEY (seq, state_version)
);
`;

export function openDatabase(file: string): Database.Database {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  // The hall server is the only writer. If an outside tool (a backup, a DB browser) holds a write lock,
  // fail the command after a second with STORAGE_UNAVAILABLE rather than freeze every screen: the
  // driver is synchronous, so waiting blocks the whole event loop.
  db.pragma('busy_timeout = 1000');
  return db;
}

export class SqliteEventStore implements EventStore {
  private readonly insert: Database.Statement;
  private readonly byRequestKey: Database.Statement;
  private readonly fromSeq: Database.Statement;
  private readonly fromSeqLimited: Database.Statement;
  private readonly foldChunk: Database.Statement;
  private readonly rowsChunk: Database.Statement;
  private readonly workerCheckFrom: number;
  private readonly hashAtSeq: Database.Statement;
  private readonly insertCheckpoint: Database.Statement;
  private readonly selectCheckpoint: Database.Statement;
  private readonly insertAll: (rows: StagedRow[]) => void;
  /** The last committed event (what readers see)… */
  private seq: number;
  private hash: string;
  /** …and what is staged after it, not yet written. */
  private staged: StagedRow[] = [];
  private stagedSeq: number;
  private stagedHash: string;

  /** Who checked the chain of the last replay: a worker beside the fold, or this thread (a short tail, or the worker failed). */
  lastChainCheck: 'worker' | 'thread' | undefined;

  constructor(
    private readonly db: Database.Database,
    options: SqliteEventStoreOptions = {},
  ) {
    this.workerCheckFrom = options.workerCheckFrom ?? WORKER_CHECK_FROM;
    db.exec(SCHEMA);
    // Guard rail: the log is append-only. A careless UPDATE or DELETE by hand
    // fails loudly instead of rewriting history (the hash chain catches the rest).
    db.exec(`
      CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events
      BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
      CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events
      BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
    `);
    this.insert = db.prepare('INSERT INTO events (seq, at, type, actor, request_key, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    this.byRequestKey = db.prepare('SELECT * FROM events WHERE request_key = ?');
    this.fromSeq = db.prepare('SELECT * FROM events WHERE seq > ? ORDER BY seq');
    this.fromSeqLimited = db.prepare('SELECT * FROM events WHERE seq > ? ORDER BY seq LIMIT ?');
    // The fold reads rows as arrays (raw) in chunks with .all(): about twice as fast per row as object rows through
    // .iterate(), and no statement stays open across the caller's work; only its three columns: half the read.
    this.foldChunk = db.prepare('SELECT seq, at, payload FROM events WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?').raw(true);
    // 双机热备: whole rows, as stored, for the standby's catch-up.
    this.rowsChunk = db.prepare('SELECT seq, at, type, actor, request_key, payload, prev_hash, hash FROM events WHERE seq > ? ORDER BY seq LIMIT ?').raw(true);
    this.hashAtSeq = db.prepare('SELECT hash FROM events WHERE seq = ?');
    this.insertCheckpoint = db.prepare('INSERT OR REPLACE INTO checkpoints (seq, state_version, hash, state) VALUES (?, ?, ?, ?)');
    this.selectCheckpoint = db.prepare(
      'SELECT seq, state_version AS stateVersion, hash, state FROM checkpoints WHERE state_version = ? ORDER BY seq DESC LIMIT 1',
    );
    const last = db.prepare('SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
    this.seq = last?.seq ?? 0;
    this.hash = last?.hash ?? GENESIS_HASH;
    this.stagedSeq = this.seq;
    this.stagedHash = this.hash;
    // One transaction for a batch: better-sqlite3 rolls it back when an insert or the COMMIT throws.
    this.insertAll = db.transaction((rows: StagedRow[]) => {
      for (const r of rows) this.insert.run(...rowValues(r));
    });
  }

  lastSeq(): number {
    return this.seq;
  }

  lastHash(): string {
    return this.hash;
  }

  append(input: AppendInput): StoredEvent {
    const stored = this.stage(input);
    this.commit();
    return stored;
  }

  stage(input: AppendInput): StoredEvent {
    const seq = this.stagedSeq + 1;
    const payload = JSON.stringify(input.event);
    const requestKey = input.requestKey ?? null;
    const row = { seq, at: input.at, type: input.event.type, actor: input.actor, requestKey, payload };
    const hash = rowHash(this.stagedHash, row);
    this.staged.push({ ...row, prevHash: this.stagedHash, hash });
    this.stagedSeq = seq;
    this.stagedHash = hash;
    return { seq, at: input.at, event: input.event, actor: input.actor, requestKey, hash };
  }

  commit(): void {
    const rows = this.staged;
    if (rows.length === 0) return;
    this.staged = [];
    try {
      if (rows.length === 1) this.insert.run(...rowValues(rows[0]!));
      else this.insertAll(rows);
    } catch (err) {
      this.stagedSeq = this.seq;
      this.stagedHash = this.hash;
      const which = rows.length === 1 ? `event ${rows[0]!.seq}` : `events ${rows[0]!.seq}–${rows[rows.length - 1]!.seq}`;
      throw new StorageError(`could not append ${which}: ${(err as Error).message}`, err);
    }
    this.seq = this.stagedSeq;
    this.hash = this.stagedHash;
  }

  discard(): void {
    this.staged = [];
    this.stagedSeq = this.seq;
    this.stagedHash = this.hash;
  }

  findByRequestKey(requestKey: string): StoredEvent | undefined {
    const row = this.byRequestKey.get(requestKey) as EventRow | undefined;
    return row && toStored(row);
  }

  *iterateFrom(afterSeq: number): IterableIterator<StoredEvent> {
    for (const row of this.fromSeq.iterate(afterSeq) as IterableIterator<EventRow>) yield toStored(row);
  }

  readFrom(afterSeq: number, limit: number): StoredEvent[] {
    return (this.fromSeqLimited.all(afterSeq, limit) as EventRow[]).map(toStored);
  }

  hashAt(seq: number): string | undefined {
    return (this.hashAtSeq.get(seq) as { hash: string } | undefined)?.hash;
  }

  saveCheckpoint(checkpoint: Checkpoint): void {
    this.insertCheckpoint.run(checkpoint.seq, checkpoint.stateVersion, checkpoint.hash, checkpoint.state);
  }

  latestCheckpoint(stateVersion: number): Checkpoint | undefined {
    return this.selectCheckpoint.get(stateVersion) as Checkpoint | undefined;
  }

  verify(fromSeq = 1): VerifyResult {
    return verifyChain(this.db, fromSeq);
  }

  /**
   * Fold every event after `afterSeq` and check their chain: a long tail's in a worker thread on the other core
   * while this one parses and folds (chain-check.ts), a short one's here after the fold. The answer is what
   * `verify(afterSeq + 1)` says; every event is visited even after a break (the hall still opens, /healthz says
   * the chain is broken). Nothing is written during a boot, so both walk the same rows.
   */
  replay(afterSeq: number, visit: (event: LoggedEvent) => void): VerifyResult {
    const lastSeq = this.seq;
    const file = this.db.memory ? undefined : this.db.name;
    const worker = file !== undefined && lastSeq - afterSeq >= this.workerCheckFrom ? startChainCheck(file, afterSeq + 1, lastSeq) : undefined;
    try {
      this.foldRows(afterSeq, lastSeq, visit);
    } catch (err) {
      worker?.cancel();
      throw err;
    }
    const verdict = worker?.verdict();
    this.lastChainCheck = verdict === undefined ? 'thread' : 'worker';
    return verdict ?? verifyChain(this.db, afterSeq + 1, lastSeq);
  }

  private foldRows(afterSeq: number, lastSeq: number, visit: (event: LoggedEvent) => void): void {
    let after = afterSeq;
    for (;;) {
      const rows = this.foldChunk.all(after, lastSeq, CHAIN_CHUNK) as FoldRow[];
      for (const [seq, at, payload] of rows) visit({ seq, at, event: readEvent(seq, payload) });
      if (rows.length < CHAIN_CHUNK) return;
      after = rows[rows.length - 1]![0];
    }
  }

  // ── 双机热备 (server/standby/): the log's rows as they are, to and from the other server ──

  /** What `commit` would write now: the rows the standby must hold before the primary writes them. */
  stagedRows(): RawEventRow[] {
    return this.staged.map((r) => [r.seq, r.at, r.type, r.actor, r.requestKey, r.payload, r.prevHash, r.hash]);
  }

  /** Committed rows after `afterSeq`, as stored (the standby's catch-up). */
  readRows(afterSeq: number, limit: number): RawEventRow[] {
    return this.rowsChunk.all(afterSeq, limit) as RawEventRow[];
  }

  /**
   * The standby's write: rows the primary sent, appended as they are (their seq and hashes are the primary's)
   * after checking each one's link and hash — a standby never holds a row its chain does not vouch for. Durable
   * when it returns (one transaction, one fsync). Throws StorageError.
   */
  appendRows(rows: RawEventRow[]): void {
    if (this.staged.length > 0) throw new Error('appendRows while events are staged');
    let prev = this.hash;
    let seq = this.seq;
    for (const [rSeq, at, type, actor, requestKey, payload, prevHash, hash] of rows) {
      if (rSeq !== seq + 1) throw new StorageError(`row ${rSeq} does not follow ${seq}`, undefined);
      if (prevHash !== prev || rowHash(prev, { seq: rSeq, at, type, actor, requestKey, payload }) !== hash) {
        throw new StorageError(`row ${rSeq} does not chain onto this log`, undefined);
      }
      readEvent(rSeq, payload);
      prev = hash;
      seq = rSeq;
    }
    try {
      this.insertRaw(rows);
    } catch (err) {
      throw new StorageError(`could not append rows ${rows[0]?.[0]}–${seq}: ${(err as Error).message}`, err);
    }
    this.seq = this.stagedSeq = seq;
    this.hash = this.stagedHash = prev;
  }

  /**
   * Drop the rows after `seq` that the primary never confirmed (a standby's unacknowledged tail, or an old
   * primary's rows past the takeover). They are moved, not lost: `diverged_events` keeps them with the reason.
   * The append-only triggers are lifted inside the one transaction that does it.
   */
  rewindTo(seq: number, reason: string): number {
    if (this.staged.length > 0) throw new Error('rewindTo while events are staged');
    const moved = this.rewind(seq, reason);
    const last = this.db.prepare('SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
    this.seq = this.stagedSeq = last?.seq ?? 0;
    this.hash = this.stagedHash = last?.hash ?? GENESIS_HASH;
    return moved;
  }

  /** The standby's one transaction per message (made on first use: a primary never needs it). */
  private insertRawRows: ((rows: RawEventRow[]) => void) | undefined;
  private insertRaw(rows: RawEventRow[]): void {
    this.insertRawRows ??= this.db.transaction((all: RawEventRow[]) => {
      for (const r of all) this.insert.run(...r);
    });
    this.insertRawRows(rows);
  }

  private rewind(seq: number, reason: string): number {
    return this.db.transaction(() => {
      this.db.exec(`CREATE TABLE IF NOT EXISTS diverged_events (
        seq INTEGER NOT NULL, at INTEGER NOT NULL, type TEXT NOT NULL, actor TEXT NOT NULL, request_key TEXT,
        payload TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL, moved_at INTEGER NOT NULL, reason TEXT NOT NULL)`);
      const moved = this.db
        .prepare('INSERT INTO diverged_events SELECT seq, at, type, actor, request_key, payload, prev_hash, hash, ?, ? FROM events WHERE seq > ?')
        .run(Date.now(), reason, seq).changes;
      this.db.exec('DROP TRIGGER IF EXISTS events_no_delete');
      this.db.prepare('DELETE FROM events WHERE seq > ?').run(seq);
      this.db.prepare('DELETE FROM checkpoints WHERE seq > ?').run(seq);
      this.db.exec(`CREATE TRIGGER events_no_delete BEFORE DELETE ON events BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;`);
      return moved;
    })();
  }

  close(): void {
    this.db.close();
  }
}

function toStored(row: EventRow): StoredEvent {
  return {
    seq: row.seq,
    at: row.at,
    event: readEvent(row.seq, row.payload),
    actor: row.actor,
    requestKey: row.request_key,
    hash: row.hash,
  };
}
