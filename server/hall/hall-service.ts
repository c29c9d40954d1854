/**
 * The hall service: the one place where commands become events.
 *
 *   command ─ decide(state) ─▶ event ─ append (fsync) ─▶ evolve(state) ─▶ broadcast(seq)
 *
 * Everything from decide to evolve is synchronous, so commands are handled
 * strictly one after another — the single-writer rule that makes numbering
 * and "call next" atomic. Nothing is acknowledged before it is on disk; if the
 * append fails the state is untouched and the caller gets STORAGE_UNAVAILABLE.
 */
import { EventEmitter } from 'node:events';
import type { HallConfig } from '../../state-machines/config/hall-config.ts';
import type { LoggedEvent } from '../../state-machines/domain/events.ts';
import { decide, type HallCommand } from '../../state-machines/hall/decide.ts';
import { evolve } from '../../state-machines/hall/evolve.ts';
import { HALL_STATE_VERSION, initialHallState, type HallState } from '../../state-machines/hall/state.ts';
import { protocolError, type ProtocolError } from '../../state-machines/protocol/errors.ts';
import type { EventStore, StoredEvent, VerifyResult } from '../store/event-store.ts';
import { StorageError } from '../store/event-store.ts';

/** Who the log names for events the clock appends. */
export const CLOCK_ACTOR = 'clock';
/** Bound on one settle: a calendar gives a few boundaries a day and a long gap re-syncs, so this is never reached in practice. */
export const MAX_CLOCK_EVENTS_PER_SETTLE = 64;

export type ExecuteResult =
  | { ok: true; event: StoredEvent; duplicate: boolean }
  | { ok: false; error: ProtocolError };

export interface BootReport {
  fromCheckpoint: number;
  replayed: number;
  ms: number;
  integrity: { ok: true } | { ok: false; badSeq: number; reason: string };
}

export interface HallServiceOptions {
  /** Write a checkpoint after this many events (bounds replay time at start-up). */
  checkpointEvery?: number;
  now?: () => number;
}

export class HallService extends EventEmitter<{ event: [StoredEvent]; storageError: [StorageError] }> {
  private hallState: HallState;
  private readonly checkpointEvery: number;
  private readonly now: () => number;
  private sinceCheckpoint = 0;
  private storageHealthy = true;
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

  /**
   * Rebuild the state: newest valid checkpoint, then every later event.
   * The chain of the replayed tail is verified on the way; a break is reported
   * (and shown in /healthz) but does not stop the hall from opening.
   */
  boot(): BootReport {
    const started = performance.now();
    let state = initialHallState(this.config);
    let fromCheckpoint = 0;
    const checkpoint = this.store.latestCheckpoint(HALL_STATE_VERSION);
    if (checkpoint && this.store.hashAt(checkpoint.seq) === checkpoint.hash) {
      state = JSON.parse(checkpoint.state) as HallState;
      for (const w of this.config.windows) state.windows[String(w.number)] ??= { number: w.number, status: 'closed' };
      fromCheckpoint = checkpoint.seq;
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
    this.hallState = state;
    const integrity = verified.ok ? ({ ok: true } as const) : { ok: false as const, badSeq: verified.badSeq, reason: verified.reason };
    if (replayed >= this.checkpointEvery) this.checkpoint();
    this.bootReport = { fromCheckpoint, replayed, ms: performance.now() - started, integrity };
    return this.bootReport;
  }

  /**
   * Decide, append, fold. `requestKey` (actor + client requestId) makes a
   * retried command return the first result instead of acting twice; `admit`
   * may refuse a new (non-retried) command before it is decided.
   */
  execute(command: HallCommand, actor: string, requestKey?: string, admit?: () => ProtocolError | undefined): ExecuteResult {
    if (requestKey !== undefined) {
      const previous = this.store.findByRequestKey(requestKey);
      if (previous) return { ok: true, event: previous, duplicate: true };
    }
    // A gate for new commands only (a kiosk's rate limit): a retry above is always answered.
    const refused = admit?.();
    if (refused) return { ok: false, error: refused };
    const at = Math.max(this.now(), this.hallState.at);
    // Deadlines due by now are facts before this command: a ticket taken at 17:01 meets a hall that has already closed.
    this.settleClock(at);
    const decision = decide(this.hallState, this.config, command, at);
    if (!decision.ok) return decision;
    let stored: StoredEvent;
    try {
      stored = this.store.append({ at, actor, event: decision.event, requestKey });
    } catch (err) {
      if (!(err instanceof StorageError)) throw err;
      this.storageHealthy = false;
      this.emit('storageError', err);
      return {
        ok: false,
        error: protocolError('STORAGE_UNAVAILABLE', '系统暂时无法保存，请稍后再试或联系工作人员', 'The hall server cannot save right now; nothing was done'),
      };
    }
    this.storageHealthy = true;
    evolve(this.hallState, stored);
    if (++this.sinceCheckpoint >= this.checkpointEvery) this.checkpoint();
    this.emit('event', stored);
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
    for (; appended < MAX_CLOCK_EVENTS_PER_SETTLE; appended++) {
      const due = decide(this.hallState, this.config, { type: 'clock.tick' }, at);
      if (!due.ok) break;
      let stored: StoredEvent;
      try {
        stored = this.store.append({ at, actor: CLOCK_ACTOR, event: due.event });
      } catch (err) {
        if (!(err instanceof StorageError)) throw err;
        this.storageHealthy = false;
        this.emit('storageError', err);
        break;
      }
      evolve(this.hallState, stored);
      if (++this.sinceCheckpoint >= this.checkpointEvery) this.checkpoint();
      this.emit('event', stored);
    }
    return appended;
  }

  /** Whether a command with this request key was already accepted (a retry, answered from the log). */
  knowsRequest(requestKey: string): boolean {
    return this.store.findByRequestKey(requestKey) !== undefined;
  }

  /** Deltas after `afterSeq` for a client that noticed a gap. */
  eventsSince(afterSeq: number, limit: number): LoggedEvent[] {
    return this.store.readFrom(afterSeq, limit).map(({ seq, at, event }) => ({ seq, at, event }));
  }

  checkpoint(): void {
    if (this.hallState.seq === 0) return;
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
