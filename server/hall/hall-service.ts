/**
 * The hall service: the one place where commands become events.
 *
 *   command ─ decide(state) ─▶ event ─ append (fsync) ─▶ evolve(state) ─▶ broadcast(seq)
 *
 * Everything from decide to evolve is synchronous, so commands are handled
 * strictly one after another — the single-writer rule that makes numbering
 * and "call next" atomic. Nothing is acknowledged before it is on disk; if the
 * append fails the state is untouched and the caller gets STORAGE_UNAVAILABLE.
 *
 * If the fold itself fails after an append (the log and the code disagree, or
 * the state was rebuilt from a bad checkpoint), the in-memory state may be
 * half applied: the service halts for writes — every later command is refused
 * with STORAGE_UNAVAILABLE, /healthz answers 503 naming the event — until a
 * restart folds the log again (from the very first event if the checkpoint
 * was the culprit). Nothing more is written, not even a checkpoint.
 */
import { EventEmitter } from 'node:events';
import type { HallConfig } from '../../state-machines/config/hall-config.ts';
import type { HallEvent, LoggedEvent } from '../../state-machines/domain/events.ts';
import { decide, type HallCommand } from '../../state-machines/hall/decide.ts';
import { evolve } from '../../state-machines/hall/evolve.ts';
import { HALL_STATE_VERSION, initialHallState, type HallState } from '../../state-machines/hall/state.ts';
import { protocolError, type ProtocolError } from '../../state-machines/protocol/errors.ts';
import type { EventStore, StoredEvent, VerifyResult } from '../store/event-store.ts';
import { StorageError } from '../store/event-store.ts';
import { RefusalMemory } from './refusal-memory.ts';

/** Who the log names for events the clock appends. */
export const CLOCK_ACTOR = 'clock';
/** Bound on one settle: a calendar gives a few boundaries a day and a long gap re-syncs, so this is never reached in practice. */
export const MAX_CLOCK_EVENTS_PER_SETTLE = 64;

export type ExecuteResult = { ok: true; event: StoredEvent; duplicate: boolean } | { ok: false; error: ProtocolError };
/** An accepted command: its event (new, or the first answer to a retried request: `duplicate`). */
export type Accepted = Extract<ExecuteResult, { ok: true }>;

/**
 * The idempotency key of a client's request: who sent it and the requestId
 * they made for it. The log keeps it beside the event (unique), so a retry
 * finds the first answer. Built here only — the sockets' command registry and
 * the REST routes both ask for it.
 */
export function requestKey(actor: string, requestId: string): string {
  return `${actor}:${requestId}`;
}

/** The answer when a retried requestId finds an event of another kind: refuse rather than misreport. */
export function requestIdReused(): { ok: false; error: ProtocolError } {
  return { ok: false, error: protocolError('BAD_REQUEST', '请求编号已被另一操作使用', 'requestId was already used for a different command', 'requestId') };
}

export interface BootReport {
  fromCheckpoint: number;
  replayed: number;
  ms: number;
  integrity: { ok: true } | { ok: false; badSeq: number; reason: string };
  /** The newest checkpoint could not be folded forward (a bad checkpoint): the log was folded from its first event instead. */
  checkpointRejected?: string | undefined;
}

/** Why the hall stopped accepting commands: an accepted event could not be folded into the state. */
export interface HallFault {
  seq: number;
  eventType: string;
  message: string;
  at: number;
}

export interface HallServiceOptions {
  /** Write a checkpoint after this many events (bounds replay time at start-up). */
  checkpointEvery?: number;
  now?: () => number;
}

const STORAGE_UNAVAILABLE = protocolError(
  'STORAGE_UNAVAILABLE',
  '系统暂时无法保存，请稍后再试或联系工作人员',
  'The hall server cannot save right now; nothing was done',
);
/** After a failed fold: the same code as a full disk (nothing is done, try later), a sentence that says a restart is needed. */
const HALTED = protocolError('STORAGE_UNAVAILABLE', '系统需要重新启动，暂停受理，请联系工作人员', 'The hall server must be restarted; nothing was done');
const INTERNAL = protocolError('INTERNAL', '系统内部错误，请联系工作人员', 'Internal error; the hall server logged it');

export class HallService extends EventEmitter<{ event: [StoredEvent]; storageError: [StorageError]; halted: [HallFault, unknown] }> {
  private hallState: HallState;
  private readonly checkpointEvery: number;
  private readonly now: () => number;
  private sinceCheckpoint = 0;
  private storageHealthy = true;
  private halt: HallFault | undefined;
  private readonly refusals = new RefusalMemory();
  bootReport: BootReport | undefined;

  constructor(
    readonly config: HallConfig,
    private readonly store: EventStore,
    options: HallServiceOptions = {},
  ) {
    super();
    this.checkpointEvery = options.checkpointEvery ?? 2000;
    this.now = options.now ?? Date.now;
    this.hallState = initialHallState(config);
  }

  get state(): HallState {
    return this.hallState;
  }

  get seq(): number {
    return this.hallState.seq;
  }

  get storageOk(): boolean {
    return this.storageHealthy;
  }

  /** Set once a fold failed: commands are refused until a restart. */
  get fault(): HallFault | undefined {
    return this.halt;
  }

  /**
   * Rebuild the state: newest valid checkpoint, then every later event.
   * The chain of the replayed tail is verified on the way; a break is reported
   * (and shown in /healthz) but does not stop the hall from opening. A
   * checkpoint the later events cannot be folded onto is set aside and the
   * whole log folded from its first event; an event that cannot be folded
   * even then stops the start (the log and the code disagree).
   */
  boot(): BootReport {
    const started = performance.now();
    const checkpoint = this.store.latestCheckpoint(HALL_STATE_VERSION);
    const usable = checkpoint !== undefined && this.store.hashAt(checkpoint.seq) === checkpoint.hash ? checkpoint : undefined;
    let folded: { state: HallState; replayed: number; verified: VerifyResult };
    let checkpointRejected: string | undefined;
    try {
      folded = this.foldLog(usable);
    } catch (err) {
      // A checkpoint the log cannot be folded onto (written by a faulty fold): start from the first event instead.
      if (usable === undefined) throw err;
      checkpointRejected = `checkpoint at event ${usable.seq}: ${(err as Error).message}`;
      folded = this.foldLog(undefined);
    }
    const { state, replayed, verified } = folded;
    this.hallState = state;
    const fromCheckpoint = checkpointRejected === undefined ? (usable?.seq ?? 0) : 0;
    const integrity = verified.ok ? ({ ok: true } as const) : { ok: false as const, badSeq: verified.badSeq, reason: verified.reason };
    if (replayed >= this.checkpointEvery || checkpointRejected !== undefined) this.checkpoint();
    this.bootReport = { fromCheckpoint, replayed, ms: performance.now() - started, integrity, checkpointRejected };
    return this.bootReport;
  }

  /** The state from a checkpoint (or from nothing) and every later event. Throws EvolveError when an event cannot be folded. */
  private foldLog(checkpoint: { seq: number; state: string } | undefined): { state: HallState; replayed: number; verified: VerifyResult } {
    let state = initialHallState(this.config);
    const fromCheckpoint = checkpoint?.seq ?? 0;
    if (checkpoint) {
      state = JSON.parse(checkpoint.state) as HallState;
      for (const w of this.config.windows) state.windows[String(w.number)] ??= { number: w.number, status: 'closed' };
    }
    let replayed = 0;
    const visit = (e: LoggedEvent) => {
      evolve(state, e);
      replayed++;
    };
    // One pass over the tail where the store can (fold each event and verify its link in the hash chain), else two.
    let verified: VerifyResult;
    if (this.store.replay) {
      verified = this.store.replay(fromCheckpoint, visit);
    } else {
      for (const e of this.store.iterateFrom(fromCheckpoint)) visit(e);
      verified = this.store.verify(fromCheckpoint + 1);
    }
    return { state, replayed, verified };
  }

  /**
   * Decide, append, fold. `requestKey` (actor + client requestId) makes a
   * retried command return the first result instead of acting twice; `admit`
   * may refuse a new (non-retried) command before it is decided.
   */
  execute(command: HallCommand, actor: string, requestKey?: string, admit?: () => ProtocolError | undefined): ExecuteResult {
    if (this.halt !== undefined) return { ok: false, error: HALTED };
    const at = Math.max(this.now(), this.hallState.at);
    if (requestKey !== undefined) {
      const refusal = this.refusals.recall(requestKey, at);
      if (refusal !== undefined) return { ok: false, error: refusal };
      const previous = this.store.findByRequestKey(requestKey);
      if (previous) return { ok: true, event: previous, duplicate: true };
    }
    // A gate for new commands only (a kiosk's rate limit): a retry above is always answered.
    const refused = admit?.();
    if (refused) return { ok: false, error: refused };
    // Deadlines due by now are facts before this command: a ticket taken at 17:01 meets a hall that has already closed.
    this.settleClock(at);
    if (this.halt !== undefined) return { ok: false, error: HALTED };
    const decision = decide(this.hallState, this.config, command, at);
    if (!decision.ok) {
      // A business refusal is the first answer to this request: a retry with the same requestId gets it again.
      if (requestKey !== undefined) this.refusals.remember(requestKey, decision.error, at);
      return decision;
    }
    const stored = this.append(at, actor, decision.event, requestKey);
    if (stored === undefined) return { ok: false, error: STORAGE_UNAVAILABLE };
    if (!this.fold(stored)) return { ok: false, error: INTERNAL };
    // …and a command can make one due at once: the last ticket served ends extended service.
    this.settleClock(at);
    return { ok: true, event: stored, duplicate: false };
  }

  /**
   * Append what the hall's clock owes (hall-clock.ts): every deadline stored in
   * the state that is due at `at`, one event each, in order. Called before and
   * after every command and by the clock service's timer. Bounded: a calendar
   * cannot produce more than a few boundaries a day, and a long gap re-syncs.
   */
  settleClock(at = Math.max(this.now(), this.hallState.at)): number {
    let appended = 0;
    for (; appended < MAX_CLOCK_EVENTS_PER_SETTLE && this.halt === undefined; appended++) {
      const due = decide(this.hallState, this.config, { type: 'clock.tick' }, at);
      if (!due.ok) break;
      const stored = this.append(at, CLOCK_ACTOR, due.event, undefined);
      if (stored === undefined || !this.fold(stored)) break;
    }
    return appended;
  }

  /** Append durably; undefined (and storage marked failing) when the log cannot be written. */
  private append(at: number, actor: string, event: HallEvent, requestKey: string | undefined): StoredEvent | undefined {
    try {
      const stored = this.store.append({ at, actor, event, requestKey });
      this.storageHealthy = true;
      return stored;
    } catch (err) {
      if (!(err instanceof StorageError)) throw err;
      this.storageHealthy = false;
      this.emit('storageError', err);
      return undefined;
    }
  }

  /**
   * Fold an appended event, checkpoint when due, broadcast. A fold that throws
   * halts the service: the state may be half applied, so nothing more is
   * decided on it (false).
   */
  private fold(stored: StoredEvent): boolean {
    try {
      evolve(this.hallState, stored);
    } catch (err) {
      this.halt = { seq: stored.seq, eventType: stored.event.type, message: (err as Error).message, at: stored.at };
      this.emit('halted', this.halt, err);
      return false;
    }
    if (++this.sinceCheckpoint >= this.checkpointEvery) this.checkpoint();
    this.emit('event', stored);
    return true;
  }

  /** Whether a command with this request key was already answered (accepted: in the log; refused by the rules: remembered). */
  knowsRequest(requestKey: string): boolean {
    return this.refusals.recall(requestKey, Math.max(this.now(), this.hallState.at)) !== undefined || this.store.findByRequestKey(requestKey) !== undefined;
  }

  /** Deltas after `afterSeq` for a client that noticed a gap. */
  eventsSince(afterSeq: number, limit: number): LoggedEvent[] {
    return this.store.readFrom(afterSeq, limit).map(({ seq, at, event }) => ({ seq, at, event }));
  }

  checkpoint(): void {
    // A halted hall's state may be half applied: never make it the next start's starting point.
    if (this.hallState.seq === 0 || this.halt !== undefined) return;
    try {
      this.store.saveCheckpoint({
        seq: this.hallState.seq,
        hash: this.store.lastHash(),
        stateVersion: HALL_STATE_VERSION,
        state: JSON.stringify(this.hallState),
      });
      this.sinceCheckpoint = 0;
    } catch {
      // A checkpoint is an optimisation; the log alone is enough to recover.
    }
  }
}
