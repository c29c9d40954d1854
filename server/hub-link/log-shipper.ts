/**
 * Ships the hall's log to a hub (README § Many halls), in order, resuming by itself
 * after any outage. The hall never waits for the hub: commands are decided,
 * logged and acknowledged on the LAN as always; the shipper reads the log
 * behind them.
 *
 * - Where to start is the hub's answer (`GET …/position`), checked against the
 *   hall's own shipped chain (shipped-chain.ts): the same hash at the hub's last
 *   seq means the hub holds exactly what this hall shipped; another hash means
 *   the hub holds another history for this hall, and the shipper stops and says
 *   so (status, log) rather than ship on top of it.
 * - Then batches of ≤ BATCH_ROWS rows (≤ BATCH_BYTES), each a POST the hub
 *   stores all-or-none; on success the next; on a refusal (409) it asks the
 *   position again; on a network error or 5xx it waits 1 s, doubling to 30 s.
 *   A repeated batch is harmless: the hub skips rows it holds with the same hash.
 * - Recomputing the chain from the start (a hub restored from an old backup)
 *   is done in slices with a turn of the event loop between them, so a year of
 *   log does not stall the hall.
 * - Where it stands (seq, hash) is kept in hall.sqlite (`hub_ship`), so a
 *   restart resumes without recomputing.
 */
import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import { hubRequest, type HubAnswer, type HubLinkOptions } from './hub-client.ts';
import { CHAIN_START, shipRow, type ChainPoint, type LogRow } from './shipped-chain.ts';

export interface HubLinkStatus {
  hub: string;
  /** The last seq the hub has confirmed. */
  shippedSeq: number;
  /** Events logged here that the hub does not have yet. */
  behind: number;
  state: 'connecting' | 'shipping' | 'caught_up' | 'retrying' | 'stopped_diverged';
  lastError?: string | undefined;
}

const BATCH_ROWS = 500;
const BATCH_BYTES = 2 * 1024 * 1024;
const RECOMPUTE_SLICE = 2000;
const RETRY_FIRST_MS = 1000;
const RETRY_MAX_MS = 30_000;
/** After the hub refused to agree on the history: ask again now and then (an operator may have fixed it). */
const DIVERGED_RETRY_MS = 60_000;

export class LogShipper {
  private readonly readRows: Database.Statement<[number, number], LogRow>;
  private readonly lastSeqOf: Database.Statement<[], { seq: number | null }>;
  private readonly saveCursor: Database.Statement<[number, string]>;
  private cursor: ChainPoint;
  /** Where the hub's copy ends, once agreed; undefined until the position is checked. */
  private agreed: ChainPoint | undefined;
  private state: HubLinkStatus['state'] = 'connecting';
  private lastError: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private wanted = false;
  private retryMs = RETRY_FIRST_MS;
  private closed = false;
  /** The first seq of the last batch the hub refused: refused twice running means the histories differ. */
  private refusedAt: number | undefined;

  constructor(
    db: Database.Database,
    private readonly options: HubLinkOptions,
    private readonly log: Logger,
  ) {
    db.exec('CREATE TABLE IF NOT EXISTS hub_ship (id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL, hash TEXT NOT NULL)');
    this.readRows = db.prepare('SELECT seq, at, type, actor, payload FROM events WHERE seq > ? ORDER BY seq LIMIT ?');
    this.lastSeqOf = db.prepare('SELECT MAX(seq) AS seq FROM events');
    this.saveCursor = db.prepare(
      'INSERT INTO hub_ship (id, seq, hash) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash',
    );
    const saved = db.prepare('SELECT seq, hash FROM hub_ship WHERE id = 1').get() as ChainPoint | undefined;
    this.cursor = saved ?? CHAIN_START;
  }

  /** Start, and ship whenever `poke` says the log grew. */
  start(): void {
    this.poke();
  }

  /** The log grew (or it is time to try again): run the pump unless it is running; then it runs once more. */
  poke(): void {
    if (this.closed) return;
    this.wanted = true;
    if (!this.running && this.timer === undefined) void this.pump();
  }

  status(): HubLinkStatus {
    const last = this.lastSeqOf.get()?.seq ?? 0;
    const shipped = this.agreed?.seq ?? this.cursor.seq;
    return { hub: this.options.url, shippedSeq: shipped, behind: Math.max(0, last - shipped), state: this.state, lastError: this.lastError };
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async pump(): Promise<void> {
    this.running = true;
    try {
      while (this.wanted && !this.closed) {
        this.wanted = false;
        if (!this.agreed) {
          const agreed = await this.agreePosition();
          if (!agreed) return;
        }
        while (!this.closed) {
          const sent = await this.shipNext();
          if (sent === 'done') break;
          if (sent === 'failed') return;
        }
      }
    } finally {
      this.running = false;
    }
  }

  /** Ask the hub where its copy ends and check it is this hall's own history. */
  private async agreePosition(): Promise<boolean> {
    this.state = 'connecting';
    const answer = await this.request('GET', 'position');
    if (!answer.ok) return this.failed(answer.error);
    const hub = answer.body as { lastSeq: number; lastHash: string };
    const ours = await this.chainAt(hub.lastSeq);
    if (ours === undefined) {
      // The hub holds more of this hall than the hall's log: a log restored from an old copy, or another hall's id.
      return this.diverged(`the hub holds events up to seq ${hub.lastSeq}, beyond this hall's log`);
    }
    if (ours.hash !== hub.lastHash) return this.diverged(`the hub holds another history for this hall at seq ${hub.lastSeq}`);
    this.agreed = ours;
    this.moveCursor(ours);
    return true;
  }

  /** One batch after the agreed position; 'done' when the hub has everything. */
  private async shipNext(): Promise<'sent' | 'done' | 'failed'> {
    const from = this.agreed ?? this.cursor;
    const rows = this.readRows.all(from.seq, BATCH_ROWS);
    if (rows.length === 0) {
      this.state = 'caught_up';
      this.retryMs = RETRY_FIRST_MS;
      return 'done';
    }
    this.state = 'shipping';
    const batch = [];
    let prev = from.hash;
    let bytes = 0;
    for (const row of rows) {
      const shipped = shipRow(prev, row);
      bytes += shipped.payload.length + 200;
      if (batch.length > 0 && bytes > BATCH_BYTES) break;
      batch.push(shipped);
      prev = shipped.hash;
    }
    const answer = await this.request('POST', 'events', { rows: batch });
    if (!answer.ok) {
      if (answer.status === 409) {
        const first = batch[0]?.seq;
        if (this.refusedAt === first) {
          this.refusedAt = undefined;
          this.agreed = undefined;
          this.diverged(`the hub refuses the log from seq ${first}: ${answer.error}`);
          return 'failed';
        }
        // Refused: the hub says where it stands; agree again before shipping more.
        this.refusedAt = first;
        this.agreed = undefined;
        this.wanted = true;
        this.lastError = answer.error;
        this.log.warn({ error: answer.error }, 'the hub refused a batch of the log: checking where it stands');
        return 'done';
      }
      this.failed(answer.error);
      return 'failed';
    }
    const last = batch[batch.length - 1];
    if (last) {
      this.agreed = { seq: last.seq, hash: last.hash };
      this.moveCursor(this.agreed);
    }
    this.lastError = undefined;
    this.refusedAt = undefined;
    this.retryMs = RETRY_FIRST_MS;
    return 'sent';
  }

  /** The shipped chain's hash at `seq`, from the saved cursor forward or from the start; undefined past the log's end. */
  private async chainAt(seq: number): Promise<ChainPoint | undefined> {
    let point = seq >= this.cursor.seq ? this.cursor : CHAIN_START;
    while (point.seq < seq) {
      const rows = this.readRows.all(point.seq, Math.min(RECOMPUTE_SLICE, seq - point.seq));
      if (rows.length === 0) return undefined;
      let hash = point.hash;
      for (const row of rows) hash = shipRow(hash, row).hash;
      point = { seq: rows[rows.length - 1]?.seq ?? point.seq, hash };
      if (point.seq < seq) await new Promise((resolve) => setImmediate(resolve));
    }
    return point;
  }

  private moveCursor(point: ChainPoint): void {
    this.cursor = point;
    this.saveCursor.run(point.seq, point.hash);
  }

  private failed(error: string): false {
    this.state = 'retrying';
    if (this.lastError !== error) this.log.warn({ error, retryMs: this.retryMs }, 'cannot reach the hub: the hall carries on and ships later');
    this.lastError = error;
    this.agreed = undefined;
    this.schedule(this.retryMs);
    this.retryMs = Math.min(RETRY_MAX_MS, this.retryMs * 2);
    return false;
  }

  private diverged(error: string): false {
    this.state = 'stopped_diverged';
    this.lastError = error;
    this.log.error({ error }, 'NOT SHIPPING: the hub and this hall disagree about the hall log; see the hub status page');
    this.schedule(DIVERGED_RETRY_MS);
    return false;
  }

  private schedule(ms: number): void {
    if (this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.poke();
    }, ms);
    this.timer.unref();
  }

  private request(method: 'GET' | 'POST', path: 'position' | 'events', body?: unknown): Promise<HubAnswer> {
    return hubRequest(this.options, method, path, body);
  }
}
