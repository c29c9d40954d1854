/**
 * The hall service: the one place where commands become events.
 *
 *   commands that arrived together ─ for each: decide(state) ─▶ event ─ evolve(state)
 *     ─▶ one transaction, one fsync ─▶ for each, in log order: broadcast(seq), answer
 *
 * Group commit. Socket commands are queued (`submit`) and handled once per turn
 * of the event loop (setImmediate): everything that arrived while the last
 * batch was being written — the fsync blocks the one thread, so the sockets'
 * data waits in the kernel — is decided strictly one after another on the
 * in-memory state (the single-writer rule that makes numbering and "call next"
 * atomic), staged, and written in one transaction. Only then are the events
 * broadcast and the commands answered, in log order: nothing is acknowledged
 * or broadcast before it is on disk. If the write fails, no command of the
 * batch is acknowledged (each gets STORAGE_UNAVAILABLE, except refusals
 * decided before anything was staged) and the state is put back exactly as it
 * was: rebuilt from the last checkpoint's JSON and the committed events since,
 * as a boot would (evolve updates containers in place, so there is no old
 * reference to keep). A retried command whose first attempt is in the same
 * batch gets that attempt's answer, not a second decision; refusals are
 * remembered for retries only once their batch is written. `execute` is the
 * same path for one command, answered at once (REST routes, devices, tools).
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
import { followForecasts } from '../../state-machines/hall/call-forecast.ts';
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

/** Bound on one transaction: a batch larger than this is written in several (each still all-or-nothing). */
export const MAX_BATCH = 512;

export type ExecuteResult = { ok: true; event: StoredEvent; duplicate: boolean } | { ok: false; error: ProtocolError };
/** An accepted command: its event (new, or the first answer to a retried request: `duplicate`). */
export type Accepted = Extract<ExecuteResult, { ok: true }>;
export type Refused = Extract<ExecuteResult, { ok: false }>;

/**
 * A command queued for the next batch (`HallService.submit`). `answer` runs in
 * the batch right after the command was decided — the state is then exactly
 * the one this command left (a receipt's people ahead, a ticket as called) —
 * but its answer is handed to `deliver` only after the batch is on disk, or
 * replaced by STORAGE_UNAVAILABLE when it could not be written.
 */
export interface Submission<A> {
  command: HallCommand;
  actor: string;
  requestKey?: string | undefined;
  /** A gate for a new (non-retried) command (a kiosk's rate limit). */
  admit?: (() => ProtocolError | undefined) | undefined;
  /** The answer as of this command's own state (read `state` here, not later). */
  answer: (result: ExecuteResult) => A;
  /** What `answer` (or deciding) threw becomes an answer too: the rest of the batch goes on. */
  failed: (err: unknown) => A;
  /** After the write: the answer (or the refusal that replaced it) and the result it came from. */
  deliver: (answer: A | Refused, result: ExecuteResult) => void;
  /** Runs deciding, answering, the broadcast of this command's events and `deliver` (a log context: who asked). */
  during?: (<T>(work: () => T) => T) | undefined;
}

/** One command of the batch being decided, and what became of it. */
interface Decided {
  sub: Submission<unknown>;
  result: ExecuteResult;
  answer: unknown;
  /** Its events (and the clock's it made due), folded; written with the batch. */
  events: StoredEvent[];
  /** Decided on committed state only (nothing staged before it): its refusal stands even if the write fails. */
  onCommitted: boolean;
  /** A business refusal to remember for retries once the batch is written. */
  remember?: { key: string; error: ProtocolError; at: number };
}

/** The batch being decided: what is staged, and by which request key. */
interface Batch {
  decided: Decided[];
  staged: number;
  byKey: Map<string, ExecuteResult>;
  /** The clock's events appended outside any command (the clock service's timer). */
  clockEvents: StoredEvent[];
}

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

/** `during` for a submission that names no log context. */
const run = <T>(work: () => T): T => work();

/**
 * `folded`: an event was just folded in a batch — not on disk yet, never acted on; the state is the one it left
 * (what a receipt says: the paper fixes its text here). `event`: the event is on disk — broadcast, print, project.
 */
export class HallService extends EventEmitter<{
  event: [StoredEvent];
  folded: [StoredEvent];
  storageError: [StorageError];
  halted: [HallFault, unknown];
}> {
  private hallState: HallState;
  private readonly checkpointEvery: number;
  private readonly now: () => number;
  private sinceCheckpoint = 0;
  private storageHealthy = true;
  private halt: HallFault | undefined;
  private readonly refusals = new RefusalMemory();
  /** Commands submitted for the next batch, and whether its turn is scheduled. */
  private queue: Submission<unknown>[] = [];
  private scheduled = false;
  /** The batch being decided (undefined between batches). */
  private batch: Batch | undefined;
  /** Transactions written to the log (one fsync each) and the events they held: /metrics shows events per fsync. */
  private readonly writeCounts = { writes: 0, events: 0 };
  /** Undo for a batch that cannot be written: the state's JSON at a committed seq, and every committed event since. */
  private restorePoint: { json: string; events: LoggedEvent[] };
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
    this.restorePoint = { json: JSON.stringify(this.hallState), events: [] };
  }

  get state(): HallState {
    return this.hallState;
  }

  get seq(): number {
    return this.hallState.seq;
  }

  /** Transactions written to the log so far (each one fsync) and the events they held. */
  get written(): Readonly<{ writes: number; events: number }> {
    return this.writeCounts;
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
    let folded: { state: HallState; replayed: number; verified: VerifyResult; tail: LoggedEvent[] };
    let checkpointRejected: string | undefined;
    try {
      folded = this.foldLog(usable);
    } catch (err) {
      // A checkpoint the log cannot be folded onto (written by a faulty fold): start from the first event instead.
      if (usable === undefined) throw err;
      checkpointRejected = `checkpoint at event ${usable.seq}: ${(err as Error).message}`;
      folded = this.foldLog(undefined);
    }
    const { state, replayed, verified, tail } = folded;
    this.hallState = state;
    // The undo for the first batch: where the fold started, and what it folded (a checkpoint below replaces both).
    this.restorePoint = {
      json: checkpointRejected === undefined && usable !== undefined ? usable.state : JSON.stringify(initialHallState(this.config)),
      events: tail,
    };
    const fromCheckpoint = checkpointRejected === undefined ? (usable?.seq ?? 0) : 0;
    const integrity = verified.ok ? ({ ok: true } as const) : { ok: false as const, badSeq: verified.badSeq, reason: verified.reason };
    if (replayed >= this.checkpointEvery || checkpointRejected !== undefined) this.checkpoint();
    this.bootReport = { fromCheckpoint, replayed, ms: performance.now() - started, integrity, checkpointRejected };
    return this.bootReport;
  }

  /** The state from a checkpoint (or from nothing) and every later event. Throws EvolveError when an event cannot be folded. */
  private foldLog(checkpoint: { seq: number; state: string } | undefined): {
    state: HallState;
    replayed: number;
    verified: VerifyResult;
    tail: LoggedEvent[];
  } {
    const state = checkpoint ? this.stateFromJson(checkpoint.state) : initialHallState(this.config);
    const fromCheckpoint = checkpoint?.seq ?? 0;
    let replayed = 0;
    // Kept for the first batch's undo while short; a longer replay is checkpointed at the end of boot.
    const tail: LoggedEvent[] = [];
    const visit = (e: LoggedEvent) => {
      evolve(state, e);
      if (++replayed < this.checkpointEvery) tail.push(e);
    };
    // Where the store can, it checks the tail's hash chain beside the fold (SQLite: in a worker thread), else fold then verify.
    let verified: VerifyResult;
    if (this.store.replay) {
      verified = this.store.replay(fromCheckpoint, visit);
    } else {
      for (const e of this.store.iterateFrom(fromCheckpoint)) visit(e);
      verified = this.store.verify(fromCheckpoint + 1);
    }
    return { state, replayed, verified, tail };
  }

  /** A state from its JSON (a checkpoint, the undo's restore point); windows added to the hall file since start closed. */
  private stateFromJson(json: string): HallState {
    const state = JSON.parse(json) as HallState;
    for (const w of this.config.windows) state.windows[String(w.number)] ??= { number: w.number, status: 'closed' };
    return state;
  }

  /**
   * Decide, write, fold — one command answered at once (REST routes, devices,
   * tools, tests). Whatever sockets submitted before it is decided and written
   * first (the order things arrived in), then this command on its own.
   * `requestKey` (actor + client requestId) makes a retried command return the
   * first result instead of acting twice; `admit` may refuse a new
   * (non-retried) command before it is decided.
   */
  execute(command: HallCommand, actor: string, requestKey?: string, admit?: () => ProtocolError | undefined): ExecuteResult {
    if (this.batch !== undefined) throw new Error('execute was called while a batch was being decided');
    // What sockets queued first goes first, in its own batches: a throw from this command's deciding cannot strand their answers.
    this.flush();
    let answered: ExecuteResult | undefined;
    this.runBatch([
      {
        command,
        actor,
        requestKey,
        admit,
        answer: (result) => result,
        failed: (err) => {
          throw err;
        },
        deliver: (answer) => {
          answered = answer as ExecuteResult;
        },
      } satisfies Submission<ExecuteResult> as Submission<unknown>,
    ]);
    if (answered === undefined) throw new Error('a command was not answered by its batch');
    return answered;
  }

  /** Queue a socket command for the next batch (decided, written and answered within this turn of the event loop). */
  submit<A>(sub: Submission<A>): void {
    this.queue.push(sub as Submission<unknown>);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  /** Decide, write and answer everything queued, at most MAX_BATCH commands to a transaction. */
  private flush(): void {
    while (this.queue.length > 0) {
      const subs = this.queue.length <= MAX_BATCH ? this.queue : this.queue.slice(0, MAX_BATCH);
      this.queue = this.queue.length <= MAX_BATCH ? [] : this.queue.slice(MAX_BATCH);
      this.runBatch(subs);
    }
  }

  private runBatch(subs: Submission<unknown>[]): void {
    const batch: Batch = { decided: [], staged: 0, byKey: new Map(), clockEvents: [] };
    this.batch = batch;
    try {
      for (const sub of subs) {
        const during = sub.during ?? run;
        during(() => this.decideOne(sub, batch));
      }
    } catch (err) {
      // Only `execute`'s own command throws out of deciding (its caller gets the error): nothing of it stays.
      this.batch = undefined;
      if (batch.staged > 0) this.rollBack();
      throw err;
    } finally {
      this.batch = undefined;
    }
    const failure = batch.staged === 0 ? undefined : this.write(batch.staged);
    if (failure) this.rollBack();
    this.settle(batch, failure);
  }

  /** One command of the batch: a retry's first answer, the gate, the clock, decide, stage, fold, the answer as of now. */
  private decideOne(sub: Submission<unknown>, batch: Batch): void {
    const events: StoredEvent[] = [];
    const onCommitted = batch.staged === 0;
    const entry: Decided = { sub, result: { ok: false, error: HALTED }, answer: undefined, events, onCommitted };
    batch.decided.push(entry);
    let result: ExecuteResult;
    try {
      result = this.decideCommand(sub, batch, events, entry);
      entry.result = result;
      entry.answer = sub.answer(result);
    } catch (err) {
      entry.answer = sub.failed(err);
    }
  }

  private decideCommand(sub: Submission<unknown>, batch: Batch, events: StoredEvent[], entry: Decided): ExecuteResult {
    if (this.halt !== undefined) return { ok: false, error: HALTED };
    const { requestKey } = sub;
    const at = Math.max(this.now(), this.hallState.at);
    if (requestKey !== undefined) {
      // Its first attempt in this very batch: that attempt's answer, once the batch is written.
      const inBatch = batch.byKey.get(requestKey);
      if (inBatch !== undefined) return inBatch.ok ? { ...inBatch, duplicate: true } : inBatch;
      const refusal = this.refusals.recall(requestKey, at);
      if (refusal !== undefined) return { ok: false, error: refusal };
      const previous = this.store.findByRequestKey(requestKey);
      if (previous) return { ok: true, event: previous, duplicate: true };
    }
    // A gate for new commands only (a kiosk's rate limit): a retry above is always answered.
    const refused = sub.admit?.();
    if (refused) return { ok: false, error: refused };
    // Deadlines due by now are facts before this command: a ticket taken at 17:01 meets a hall that has already closed.
    this.settleInto(at, events);
    if (this.halt !== undefined) return { ok: false, error: HALTED };
    const decision = decide(this.hallState, this.config, sub.command, at);
    if (!decision.ok) {
      // A business refusal is the first answer to this request: a retry with the same requestId gets it again.
      if (requestKey !== undefined) {
        batch.byKey.set(requestKey, decision);
        entry.remember = { key: requestKey, error: decision.error, at };
      }
      return decision;
    }
    const stored = this.stage(at, sub.actor, decision.event, requestKey, events);
    const accepted: ExecuteResult = { ok: true, event: stored, duplicate: false };
    if (requestKey !== undefined) batch.byKey.set(requestKey, accepted);
    if (this.halt !== undefined) return { ok: false, error: INTERNAL };
    // …and a command can make one due at once: the last ticket served ends extended service.
    this.settleInto(at, events);
    return accepted;
  }

  /**
   * Append what the hall's clock owes (hall-clock.ts): every deadline stored in
   * the state that is due at `at`, one event each, in order. Called before and
   * after every command and by the clock service's timer (then written at
   * once, after anything queued). Bounded: a calendar cannot produce more than
   * a few boundaries a day, and a long gap re-syncs.
   */
  settleClock(at?: number): number {
    this.flush();
    const batch: Batch = { decided: [], staged: 0, byKey: new Map(), clockEvents: [] };
    this.batch = batch;
    try {
      this.settleInto(at ?? Math.max(this.now(), this.hallState.at), batch.clockEvents);
    } finally {
      this.batch = undefined;
    }
    const failure = batch.staged === 0 ? undefined : this.write(batch.staged);
    if (failure) this.rollBack();
    this.settle(batch, failure);
    return failure ? 0 : batch.clockEvents.length;
  }

  private settleInto(at: number, events: StoredEvent[]): void {
    for (let n = 0; n < MAX_CLOCK_EVENTS_PER_SETTLE && this.halt === undefined; n++) {
      const due = decide(this.hallState, this.config, { type: 'clock.tick' }, at);
      if (!due.ok) break;
      this.stage(at, CLOCK_ACTOR, due.event, undefined, events);
    }
  }

  /** Stage an event in the batch and fold it (a fold that throws halts the hall; the event is still written, as it was decided). */
  private stage(at: number, actor: string, event: HallEvent, requestKey: string | undefined, events: StoredEvent[]): StoredEvent {
    const stored = this.store.stage({ at, actor, event, requestKey });
    this.batch!.staged++;
    if (this.fold(stored)) events.push(stored);
    return stored;
  }

  /** Write the batch (one transaction, one fsync); the error (and storage marked failing) when the log cannot be written. */
  private write(staged: number): StorageError | undefined {
    try {
      this.store.commit();
      this.storageHealthy = true;
      this.writeCounts.writes++;
      this.writeCounts.events += staged;
      return undefined;
    } catch (err) {
      if (!(err instanceof StorageError)) throw err;
      this.storageHealthy = false;
      return err;
    }
  }

  /**
   * The batch could not be written: put the state back exactly as it was
   * before it, by folding the committed events since the restore point onto
   * its JSON — what a boot does from a checkpoint. Only on a storage failure.
   */
  private rollBack(): void {
    this.store.discard();
    const state = this.stateFromJson(this.restorePoint.json);
    for (const e of this.restorePoint.events) evolve(state, e);
    this.hallState = state;
  }

  /**
   * After the write: in log order, each command's events broadcast and its
   * answer delivered (STORAGE_UNAVAILABLE for every command of a batch that
   * could not be written, but those decided on what was already on disk); the
   * clock's own events; then a checkpoint if one is due.
   */
  private settle(batch: Batch, failure: StorageError | undefined): void {
    let reported = false;
    for (const d of batch.decided) {
      const during = d.sub.during ?? run;
      during(() => {
        if (!failure) {
          this.committed(d.events);
          if (d.remember) this.refusals.remember(d.remember.key, d.remember.error, d.remember.at);
          d.sub.deliver(d.answer, d.result);
        } else if (d.onCommitted && d.events.length === 0 && (!d.result.ok || d.result.duplicate)) {
          // Decided on what was already on disk (a refusal, a retry answered from the log): the answer stands.
          if (d.remember) this.refusals.remember(d.remember.key, d.remember.error, d.remember.at);
          d.sub.deliver(d.answer, d.result);
        } else {
          // Reported under each command it refuses (who asked, which requestId), as when each command was its own write.
          this.emit('storageError', failure);
          reported = true;
          const refused: Refused = { ok: false, error: STORAGE_UNAVAILABLE };
          d.sub.deliver(refused, refused);
        }
      });
    }
    if (failure && !reported) this.emit('storageError', failure);
    if (!failure) this.committed(batch.clockEvents);
    if (!failure && this.sinceCheckpoint >= this.checkpointEvery) this.checkpoint();
  }

  /** Written events: kept for the undo, then broadcast. */
  private committed(events: StoredEvent[]): void {
    for (const e of events) {
      this.restorePoint.events.push({ seq: e.seq, at: e.at, event: e.event });
      this.emit('event', e);
    }
  }

  /**
   * Fold a staged event. A fold that throws halts the service: the state may
   * be half applied, so nothing more is decided on it (false).
   */
  private fold(stored: StoredEvent): boolean {
    const seqBefore = this.hallState.seq;
    try {
      evolve(this.hallState, stored);
    } catch (err) {
      this.halt = { seq: stored.seq, eventType: stored.event.type, message: (err as Error).message, at: stored.at };
      this.emit('halted', this.halt, err);
      return false;
    }
    this.sinceCheckpoint++;
    // A take is played into the kept forecast instead of a fresh one per receipt (issue 15: 39% of a busy server).
    followForecasts(this.hallState, seqBefore, stored.event);
    this.emit('folded', stored);
    return true;
  }

  /**
   * 双机热备: events the primary wrote and this standby now holds in its own log too (server/standby/), folded
   * as a boot folds them; checkpoints as usual, so a takeover boots in milliseconds.
   */
  follow(events: LoggedEvent[]): void {
    for (const e of events) {
      evolve(this.hallState, e);
      this.restorePoint.events.push(e);
      this.sinceCheckpoint++;
    }
    if (this.sinceCheckpoint >= this.checkpointEvery) this.checkpoint();
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
    // Inside a batch the state holds events not yet written: the batch checkpoints once it is on disk.
    if (this.hallState.seq === 0 || this.halt !== undefined || this.batch !== undefined) return;
    const json = JSON.stringify(this.hallState);
    // The undo's restore point moves here whether or not the checkpoint can be saved: it lives in memory.
    this.restorePoint = { json, events: [] };
    this.sinceCheckpoint = 0;
    try {
      this.store.saveCheckpoint({ seq: this.hallState.seq, hash: this.store.lastHash(), stateVersion: HALL_STATE_VERSION, state: json });
    } catch {
      // A checkpoint is an optimisation; the log alone is enough to recover.
    }
  }
}
