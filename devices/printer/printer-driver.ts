/**
 * One ticket printer: status polling, the printer machine, and idempotent jobs.
 *
 * - Idle: the real-time status (DLE EOT 1, 2, 3, 4; one byte each, each with a
 *   timeout) is read every `pollMs`, and fed to the printer machine.
 * - A job: status is read first; a printer that is not ready refuses the job
 *   (`failed`, nothing sent) so the kiosk shows the ticket on screen instead.
 *   The job is claimed in the job store before any byte goes out, then sent,
 *   then status is read again: paper out or cover open after sending makes the
 *   job `uncertain` (the visitor may hold half a ticket) and it is never re-sent.
 * - Jobs, polls and status reads on one printer run strictly one at a time.
 */
import { EventEmitter } from 'node:events';
import type { PrinterConfig } from '../../state-machines/devices/peripherals-config.ts';
import type { PrintJobKind, PrintJobView } from '../../state-machines/devices/device-types.ts';
import { classifyStatus, STATUS_QUERIES, type StatusBytes, type StatusReading } from '../../state-machines/devices/printer-status.ts';
import type { PrinterRecord } from '../../state-machines/devices/printer-status.ts';
import { canPrint, initialPrinter, stepPrinter, type PrinterMachineEvent } from '../../state-machines/machines/printer-machine.ts';
import type { PrinterTransport } from './transport.ts';

/** What the driver needs from the job store (server/devices/print-jobs.ts). */
export interface JobLedger {
  open(key: string, printer: string, kind: PrintJobKind, ticketId: string | undefined, at: number): PrintJobView;
  claim(key: string, at: number): boolean;
  finish(key: string, status: 'printed' | 'failed' | 'uncertain', reason: string | undefined, at: number): void;
  get(key: string): PrintJobView | undefined;
}

export interface PrintRequest {
  key: string;
  kind: PrintJobKind;
  ticketId?: string | undefined;
  /** Built lazily: a duplicate job costs no rendering. */
  render: () => Buffer;
  /** The request that caused the job (actor, event, requestId): on the job's log lines, which come later. */
  cause?: object | undefined;
}

export interface DriverLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export class PrinterDriver extends EventEmitter<{ change: [PrinterRecord]; job: [PrintJobView] }> {
  private current: PrinterRecord;
  private chain: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    readonly config: PrinterConfig,
    readonly transport: PrinterTransport,
    private readonly jobs: JobLedger,
    private readonly now: () => number = Date.now,
    private readonly log?: DriverLog,
  ) {
    super();
    this.current = initialPrinter(config.id, now());
  }

  get record(): PrinterRecord {
    return this.current;
  }

  /** Poll now and then every `pollMs` (the timer does not keep the process alive). */
  start(): void {
    void this.poll();
    this.timer = setInterval(() => void this.poll(), this.config.pollMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.chain.catch(() => undefined);
    await this.transport.close();
  }

  /** One status read, queued behind any job in progress. */
  poll(): Promise<StatusReading> {
    return this.exclusive(() => this.readStatus());
  }

  print(request: PrintRequest): Promise<PrintJobView> {
    const opened = this.jobs.open(request.key, this.config.id, request.kind, request.ticketId, this.now());
    if (opened.status !== 'queued' && opened.status !== 'failed') return Promise.resolve(opened);
    return this.exclusive(() => this.run(request));
  }

  private async run(request: PrintRequest): Promise<PrintJobView> {
    const { key } = request;
    const existing = this.jobs.get(key);
    if (existing && existing.status !== 'queued' && existing.status !== 'failed') return existing;
    const before = await this.readStatus();
    if (!canPrint(this.current)) return this.finish(request, 'failed', before.condition);
    if (!this.jobs.claim(key, this.now())) return this.jobs.get(key) ?? this.finish(request, 'uncertain', 'lost claim');
    this.apply({ type: 'JOB_STARTED', at: this.now(), key });
    try {
      await this.transport.write(request.render(), this.config.jobTimeoutMs);
    } catch (err) {
      this.log?.warn({ ...request.cause, printer: this.config.id, key, err: (err as Error).message }, 'print job may be incomplete');
      this.apply({ type: 'UNREACHABLE', at: this.now(), reason: (err as Error).message });
      return this.finish(request, 'uncertain', 'link lost while sending');
    }
    const after = await this.readStatus();
    if (after.condition === 'paper_out' || after.condition === 'cover_open' || after.condition === 'offline') {
      return this.finish(request, 'uncertain', after.condition);
    }
    return this.finish(request, 'printed', undefined);
  }

  private finish({ key, cause }: PrintRequest, status: 'printed' | 'failed' | 'uncertain', reason: string | undefined): PrintJobView {
    const at = this.now();
    this.jobs.finish(key, status, reason, at);
    if (this.current.job === key) this.apply({ type: 'JOB_FINISHED', at, key, outcome: status, reason });
    const view = this.jobs.get(key);
    if (!view) throw new Error(`print job ${key} vanished`);
    this.log?.info({ ...cause, printer: this.config.id, key, status, reason }, 'print job');
    this.emit('job', view);
    return view;
  }

  private async readStatus(): Promise<StatusReading> {
    const bytes: StatusBytes = {};
    try {
      for (const n of STATUS_QUERIES) {
        const b = await this.transport.queryStatus(n, this.config.statusTimeoutMs);
        if (b === undefined) break;
        bytes[n] = b;
      }
    } catch (err) {
      const reason = (err as Error).message;
      this.apply({ type: 'UNREACHABLE', at: this.now(), reason });
      return { condition: 'offline', details: [reason] };
    }
    const reading = classifyStatus(bytes);
    this.apply({ type: 'STATUS', at: this.now(), condition: reading.condition, details: reading.details });
    return reading;
  }

  private apply(event: PrinterMachineEvent): void {
    const next = stepPrinter(this.current, event);
    if (!next) return;
    const changed = next.status !== this.current.status || next.job !== this.current.job || next.details.join() !== this.current.details.join();
    this.current = next;
    if (changed && !this.stopped) this.emit('change', next);
  }

  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const next = this.chain.then(task, task);
    this.chain = next.catch(() => undefined);
    return next;
  }
}
