/**
 * 双机热备, the standby's half (README § Standby): it listens on the replication port, checks that the caller is
 * the pair's primary (shared secret, same hall, a term no older than its own log's), and appends the rows it is
 * sent to its own log exactly as they are — seq and hashes checked link by link — one fsync per message, then
 * answers. It folds them too (HallService.follow) and checkpoints, so taking over starts from a fresh checkpoint.
 *
 * It takes the hall over when a primary that had brought it in sync falls silent for `takeoverAfterMs`: the
 * caller (hall-node.ts) closes this and starts the hall server on the same log with a higher term.
 */
import type Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import type { Logger } from 'pino';
import type { HallConfig } from '../../state-machines/config/hall-config.ts';
import { HallService } from '../hall/hall-service.ts';
import { ReportProjection } from '../reports/report-projection.ts';
import { readEvent } from '../store/event-check.ts';
import type { RawEventRow, SqliteEventStore } from '../store/sqlite-event-store.ts';
import { writeSideTables, type SideTables } from './side-tables.ts';
import type { StandbyOptions } from './standby-options.ts';
import { proof, proofMatches, readMessages, send } from './wire.mjs';

export interface StandbyStatus {
  role: 'standby';
  term: number;
  name: string;
  preferredRole: 'primary' | 'standby';
  peer: string;
  /** A primary is connected and has proved the secret. */
  connected: boolean;
  /** That primary said this log holds every event it has (since this process started). */
  inSync: boolean;
  lastSeq: number;
  /** Milliseconds since the primary was last heard (undefined: never, in this run). */
  silentMs: number | undefined;
}

export class StandbyReceiver {
  private readonly server: Server;
  private hall: HallService;
  /** 统计报表 kept up to date here too, so the hall server that takes over has nothing to catch up on. */
  private reports: ReportProjection | undefined;
  private peer: Socket | undefined;
  private everInSync = false;
  private connected = false;
  private lastHeard: number | undefined;
  private readonly watch: NodeJS.Timeout;
  private closed = false;
  /** Said once: the caller closes this and starts the hall server. */
  private takingOver = false;

  constructor(
    private readonly db: Database.Database,
    private readonly store: SqliteEventStore,
    private readonly config: HallConfig,
    private readonly options: StandbyOptions,
    private readonly log: Logger,
    private readonly onTakeover: () => void,
  ) {
    this.hall = this.bootHall();
    this.reports = this.openReports();
    this.server = createServer((socket) => this.accept(socket));
    this.watch = setInterval(() => this.checkSilence(), 100);
  }

  listen(host: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.replicationPort, host, () => resolve());
    });
  }

  get term(): number {
    return this.hall.state.takeover?.term ?? 0;
  }

  status(): StandbyStatus {
    return {
      role: 'standby',
      term: this.term,
      name: this.options.name,
      preferredRole: this.options.preferredRole,
      peer: this.options.peerUrl,
      connected: this.connected,
      inSync: this.everInSync,
      lastSeq: this.store.lastSeq(),
      silentMs: this.lastHeard === undefined ? undefined : Date.now() - this.lastHeard,
    };
  }

  private bootHall(): HallService {
    const hall = new HallService(this.config, this.store, { checkpointEvery: 500 });
    hall.boot();
    return hall;
  }

  private openReports(): ReportProjection | undefined {
    try {
      const reports = new ReportProjection(this.db, this.config, {
        now: Date.now,
        onError: (err, seq) => this.log.error({ err, seq }, 'the report projection could not fold an event'),
      });
      reports.catchUp(this.store);
      return reports;
    } catch (err) {
      this.log.error({ err }, 'the report tables cannot be kept here: the hall server folds them when it takes over');
      return undefined;
    }
  }

  /** After rows were set aside: the reports had folded them, so they are made again from the log. */
  private remakeReports(): void {
    if (this.reports === undefined) return;
    this.reports.flush();
    this.db.prepare("UPDATE report_meta SET value = -1 WHERE key = 'schema'").run();
    this.reports = this.openReports();
  }

  private checkSilence(): void {
    if (this.closed || this.takingOver || !this.everInSync || this.lastHeard === undefined) return;
    if (Date.now() - this.lastHeard < this.options.takeoverAfterMs) return;
    this.takingOver = true;
    this.log.warn({ silentMs: Date.now() - this.lastHeard, lastSeq: this.store.lastSeq() }, 'the primary has fallen silent: taking the hall over');
    this.onTakeover();
  }

  private accept(socket: Socket): void {
    if (this.closed) {
      socket.destroy();
      return;
    }
    socket.setNoDelay(true);
    const nonce = randomBytes(16).toString('base64url');
    let proven = false;
    let primaryTerm = 0;
    let theirNonce = '';
    send(socket, { t: 'challenge', nonce });
    socket.setTimeout(5000, () => socket.destroy());
    socket.on('error', () => {});
    socket.on('close', () => {
      if (this.peer === socket) {
        this.peer = undefined;
        this.connected = false;
      }
    });
    readMessages(socket, (m) => {
      if (!proven) {
        if (m.t !== 'hello' || m.hall !== this.config.hall.id || !proofMatches(this.options.secret, 'primary', nonce, m.proof)) {
          this.log.warn({ from: socket.remoteAddress }, 'replication: a caller that is not this hall’s primary was refused');
          socket.destroy();
          return;
        }
        if (typeof m.term !== 'number' || m.term < this.term) {
          // An old primary come back: it must not write another event — the log it would join is a newer term's.
          send(socket, { t: 'fenced', term: this.term });
          socket.end();
          return;
        }
        proven = true;
        primaryTerm = m.term;
        theirNonce = String(m.nonce);
        this.peer?.destroy();
        this.peer = socket;
        this.connected = true;
        this.lastHeard = Date.now();
        socket.setTimeout(0);
        this.sendPosition(socket, theirNonce);
        return;
      }
      if (this.peer !== socket) return;
      this.lastHeard = Date.now();
      if (m.t === 'rows') this.rows(socket, m as Parameters<StandbyReceiver['rows']>[1]);
      else if (m.t === 'in-sync') this.everInSync = true;
      else if (m.t === 'tables') this.tables(m.tables as SideTables);
      else if (m.t === 'rewind') this.rewind(socket, m as { toSeq: number; hash: string }, primaryTerm, theirNonce);
    });
  }

  private sendPosition(socket: Socket, theirNonce: string): void {
    send(socket, {
      t: 'position',
      seq: this.store.lastSeq(),
      hash: this.store.lastHash(),
      term: this.term,
      proof: proof(this.options.secret, 'standby', theirNonce),
    });
  }

  private rows(socket: Socket, m: { id: number; afterSeq: number; afterHash: string; rows: RawEventRow[] }): void {
    const last = this.store.lastSeq();
    if (m.afterSeq < last) {
      // Rows the primary shipped but never wrote (its own write failed): never acknowledged to anyone, so dropped.
      if (this.store.hashAt(m.afterSeq) !== m.afterHash) {
        send(socket, { t: 'nack', id: m.id, reason: 'fork', seq: m.afterSeq });
        return;
      }
      this.store.rewindTo(m.afterSeq, 'shipped by the primary, not written there');
      this.hall = this.bootHall();
      this.remakeReports();
    } else if (m.afterSeq > last || this.store.lastHash() !== m.afterHash) {
      send(socket, { t: 'nack', id: m.id, reason: m.afterSeq > last ? 'behind' : 'fork', seq: last });
      return;
    }
    try {
      if (m.rows.length > 0) {
        this.store.appendRows(m.rows);
        const events = m.rows.map(([seq, at, , , , payload]) => ({ seq, at, event: readEvent(seq, payload) }));
        this.hall.follow(events);
        for (const e of events) this.reports?.apply(e);
      }
    } catch (err) {
      this.log.error({ err }, 'replication: rows could not be stored');
      send(socket, { t: 'nack', id: m.id, reason: (err as Error).message, seq: this.store.lastSeq() });
      return;
    }
    send(socket, { t: 'ack', id: m.id, seq: this.store.lastSeq() });
  }

  private rewind(socket: Socket, m: { toSeq: number; hash: string }, primaryTerm: number, nonce: string): void {
    if (primaryTerm <= this.term || this.store.hashAt(m.toSeq) !== m.hash) {
      send(socket, { t: 'nack', id: 0, reason: 'fork', seq: m.toSeq });
      return;
    }
    const moved = this.store.rewindTo(m.toSeq, `written here after event ${m.toSeq}; the other server took the hall over at term ${primaryTerm}`);
    this.log.warn({ toSeq: m.toSeq, moved }, 'rejoining as standby: events never acknowledged by the pair were set aside (diverged_events)');
    this.hall = this.bootHall();
    this.remakeReports();
    this.sendPosition(socket, nonce);
  }

  private tables(tables: SideTables): void {
    try {
      writeSideTables(this.db, tables);
    } catch (err) {
      this.log.error({ err }, 'replication: side tables could not be copied');
    }
  }

  /** After close: the log's file is free for the hall server that takes over. */
  closeStore(): void {
    this.store.close();
  }

  close(): Promise<void> {
    this.closed = true;
    this.reports?.flush();
    clearInterval(this.watch);
    this.peer?.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
