/**
 * 双机热备, the primary's half (README § Standby). Its store ships every batch to the standby *before* writing it
 * here: the hall's thread posts the rows to the ship worker (ship-worker.mjs) and waits on a shared word with
 * Atomics.wait until the standby has them on disk — the synchronous commit stays synchronous, exactly as it waits
 * for its own fsync, and group commit shares one round trip among every command of a batch. Only then is the batch
 * written here, broadcast and acknowledged: nothing a kiosk was told exists only on one machine.
 *
 * When the standby cannot answer, the batch is refused (STORAGE_UNAVAILABLE; nothing written, the state as before)
 * unless this server may act alone: right after it took the hall over (the other side is fenced by the higher
 * term), before any standby has ever held its log, or when the hall chose STANDBY_WHEN_LOST=continue.
 */
import type Database from 'better-sqlite3';
import { Worker } from 'node:worker_threads';
import { StorageError } from '../store/event-store.ts';
import { SqliteEventStore } from '../store/sqlite-event-store.ts';
import { readSideTables } from './side-tables.ts';
import { ACKED, DONE_ID, EVER_IN_SYNC, FENCED, LINK, LINK_CATCHING_UP, LINK_FENCED, LINK_IN_SYNC, OUTCOME, STANDBY_SEQ } from './ship-worker.mjs';
import type { StandbyOptions } from './standby-options.ts';

export type LinkName = 'down' | 'catching-up' | 'in-sync' | 'fenced';
const LINK_NAMES: Record<number, LinkName> = { 0: 'down', [LINK_CATCHING_UP]: 'catching-up', [LINK_IN_SYNC]: 'in-sync', [LINK_FENCED]: 'fenced' };

export interface PrimaryLinkStatus {
  role: 'primary';
  name: string;
  preferredRole: StandbyOptions['preferredRole'];
  peer: string;
  link: LinkName;
  detail: string;
  /** The standby's log ends here; `lag` events behind this server's. */
  standbySeq: number;
  /** Acknowledging without the standby right now (and why). */
  alone: 'no' | 'after-takeover' | 'continue-configured';
  term: number;
  lastTakeover: { term: number; server: string; at: number } | undefined;
  whenLost: StandbyOptions['whenLost'];
}

export class PrimaryLink {
  private readonly shared = new Int32Array(new SharedArrayBuffer(5 * 4));
  private worker: Worker | undefined;
  private nextId = 0;
  private detail = 'connecting';
  private readonly timers: NodeJS.Timeout[] = [];
  private tablesFingerprint = '';

  constructor(
    private readonly db: Database.Database,
    private readonly dbFile: string,
    private readonly hallId: string,
    readonly options: StandbyOptions,
    /** This process became primary by taking the hall over: the old primary is fenced, acting alone is safe until a standby holds the log. */
    private readonly tookOver: boolean,
  ) {}

  /** Start the link once the log is folded (the hello carries the log's term: an older one is fenced by the standby). */
  start(term: number, lastFromPrimary: number): void {
    const { options, dbFile, hallId } = this;
    const worker = new Worker(new URL('./ship-worker.mjs', import.meta.url), {
      workerData: {
        kind: 'ship-worker',
        shared: this.shared.buffer,
        dbFile,
        hallId,
        server: options.name,
        secret: options.secret,
        peerHost: options.peerReplication.host,
        peerPort: options.peerReplication.port,
        ackTimeoutMs: options.ackTimeoutMs,
        term,
        lastFromPrimary,
      },
    });
    this.worker = worker;
    worker.on('message', (m: { t: string; detail?: string }) => {
      if (m.t === 'status' && m.detail !== undefined) this.detail = m.detail;
    });
    worker.unref();
    // The heartbeat the standby hears is this thread's: if it is wedged, the worker falls silent too.
    this.timers.push(setInterval(() => worker.postMessage({ t: 'alive' }), 200));
    this.timers.push(setInterval(() => this.syncTables(), 1000));
    for (const t of this.timers) t.unref();
    this.syncTables();
  }

  /** A store whose commit ships first (the hall service knows nothing of it). */
  store(): SqliteEventStore {
    return new ReplicatedEventStore(this.db, this);
  }

  get linkName(): LinkName {
    return LINK_NAMES[Atomics.load(this.shared, LINK)] ?? 'down';
  }

  get fenced(): boolean {
    return Atomics.load(this.shared, LINK) === LINK_FENCED;
  }

  /** Whether a batch may be written without the standby's copy now, and why. */
  alone(): PrimaryLinkStatus['alone'] {
    if (Atomics.load(this.shared, LINK) === LINK_IN_SYNC) return 'no';
    if (this.options.whenLost === 'continue') return 'continue-configured';
    // Before any standby held this server's log it may be the one cut off, with the other already holding the hall.
    return this.tookOver && Atomics.load(this.shared, EVER_IN_SYNC) === 0 ? 'after-takeover' : 'no';
  }

  status(lastSeq: number, takeover: { term: number; server: string; at: number } | undefined): PrimaryLinkStatus {
    return {
      term: takeover?.term ?? 0,
      lastTakeover: takeover && { term: takeover.term, server: takeover.server, at: takeover.at },
      role: 'primary',
      name: this.options.name,
      preferredRole: this.options.preferredRole,
      peer: this.options.peerUrl,
      link: this.linkName,
      detail: this.detail,
      standbySeq: Math.min(Atomics.load(this.shared, STANDBY_SEQ), lastSeq),
      alone: this.alone(),
      whenLost: this.options.whenLost,
    };
  }

  /**
   * Ship a batch and wait for the standby's answer. 'acked': the standby has it on disk. 'alone': no standby
   * answer, and this server may write without one. 'refused': it may not. 'fenced': another server holds the hall.
   */
  ship(afterSeq: number, afterHash: string, rows: unknown[][]): 'acked' | 'alone' | 'refused' | 'fenced' {
    const link = Atomics.load(this.shared, LINK);
    if (link === LINK_FENCED) return 'fenced';
    if (link !== LINK_IN_SYNC) return this.alone() === 'no' ? 'refused' : 'alone';
    const worker = this.worker;
    if (worker === undefined) return this.alone() === 'no' ? 'refused' : 'alone';
    const id = ++this.nextId;
    worker.postMessage({ t: 'ship', id, afterSeq, afterHash, rows });
    const deadline = performance.now() + this.options.ackTimeoutMs;
    for (;;) {
      const done = Atomics.load(this.shared, DONE_ID);
      if (done === id) break;
      const left = deadline - performance.now();
      if (left <= 0) {
        worker.postMessage({ t: 'timeout' });
        return this.options.whenLost === 'continue' ? 'alone' : 'refused';
      }
      Atomics.wait(this.shared, DONE_ID, done, left);
    }
    const outcome = Atomics.load(this.shared, OUTCOME);
    if (outcome === ACKED) return 'acked';
    if (outcome === FENCED || this.fenced) return 'fenced';
    return this.alone() === 'no' ? 'refused' : 'alone';
  }

  private syncTables(): void {
    try {
      const { tables, fingerprint } = readSideTables(this.db);
      if (fingerprint === this.tablesFingerprint) return;
      this.tablesFingerprint = fingerprint;
      this.worker?.postMessage({ t: 'tables', tables });
    } catch {
      // A table being created by its module this very moment: next second.
    }
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.worker?.postMessage({ t: 'stop' });
    await this.worker?.terminate();
  }
}

/** The hall's log with its commit shipped first (the hall service sees a plain EventStore). */
class ReplicatedEventStore extends SqliteEventStore {
  constructor(
    db: Database.Database,
    private readonly link: PrimaryLink,
  ) {
    super(db);
  }

  override commit(): void {
    const rows = this.stagedRows();
    if (rows.length > 0) {
      const answer = this.link.ship(this.lastSeq(), this.lastHash(), rows);
      if (answer === 'refused' || answer === 'fenced') {
        this.discard();
        const why = answer === 'fenced' ? 'the other server has taken the hall over' : 'the standby server does not answer';
        throw new StorageError(`not written: ${why} (README § Standby)`, undefined);
      }
    }
    super.commit();
  }
}
