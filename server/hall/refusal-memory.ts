/**
 * Business refusals remembered by request key (actor + client requestId), so
 * that a retry with the same requestId gets the first answer — the same rule
 * as for accepted commands, whose first answer is in the log.
 *
 * Only refusals decided by the rules are remembered (QUEUE_EMPTY,
 * ILLEGAL_TRANSITION, TOO_EARLY, LIMIT_REACHED, DAILY_CAP_REACHED,
 * TICKETING_CLOSED, FORBIDDEN, NOT_FOUND, …). A transient refusal
 * (STORAGE_UNAVAILABLE, RATE_LIMITED, INTERNAL) decided nothing, so its retry
 * is a new attempt.
 *
 * In memory only, bounded in count (oldest forgotten first) and in time: a
 * client retries a lost answer within seconds (4 attempts, 5 s apart), so ten
 * minutes is ample. A restart forgets them: a refusal changed nothing, so
 * there is nothing to make durable.
 *
 * Fair per actor: one device or session keeps at most `perActor` refusals
 * (its own oldest go first), so a kiosk flooding refused commands cannot push
 * a clerk's remembered QUEUE_EMPTY out of the memory (review of issue 11:
 * 10,050 refused takes from one kiosk made a clerk's retried call-next act).
 */
import type { ErrorCode, ProtocolError } from '../../state-machines/protocol/errors.ts';

export const REMEMBERED_REFUSALS = 10_000;
export const REFUSAL_MEMORY_MS = 10 * 60_000;
/** Refusals one actor (device or session) keeps at most. */
export const REMEMBERED_PER_ACTOR = 200;

/** Refusals that decided nothing: a retry is a new attempt. */
export const TRANSIENT_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['STORAGE_UNAVAILABLE', 'RATE_LIMITED', 'INTERNAL']);

interface Remembered {
  at: number;
  error: ProtocolError;
}

export class RefusalMemory {
  private readonly entries = new Map<string, Remembered>();
  /** Each actor's remembered request keys, oldest first. */
  private readonly byActor = new Map<string, string[]>();

  constructor(
    private readonly maxEntries = REMEMBERED_REFUSALS,
    private readonly ttlMs = REFUSAL_MEMORY_MS,
    private readonly perActor = REMEMBERED_PER_ACTOR,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** The first answer to this request, if it was a business refusal not yet forgotten. */
  recall(requestKey: string, now: number): ProtocolError | undefined {
    const entry = this.entries.get(requestKey);
    if (entry === undefined) return undefined;
    if (now - entry.at > this.ttlMs) {
      this.forget(requestKey);
      return undefined;
    }
    return entry.error;
  }

  remember(requestKey: string, error: ProtocolError, now: number): void {
    if (TRANSIENT_CODES.has(error.code)) return;
    if (this.entries.has(requestKey)) return; // a recalled refusal keeps its first answer and its place
    this.entries.set(requestKey, { at: now, error });
    const actor = actorOf(requestKey);
    const own = this.byActor.get(actor) ?? [];
    own.push(requestKey);
    this.byActor.set(actor, own);
    while (own.length > this.perActor) this.entries.delete(own.shift() ?? '');
    // Oldest first (Map keeps insertion order): forget the expired and anything over the count.
    for (const [key, entry] of this.entries) {
      if (this.entries.size <= this.maxEntries && now - entry.at <= this.ttlMs) break;
      this.forget(key);
    }
  }

  private forget(requestKey: string): void {
    this.entries.delete(requestKey);
    const actor = actorOf(requestKey);
    const own = this.byActor.get(actor);
    if (!own) return;
    const i = own.indexOf(requestKey);
    if (i >= 0) own.splice(i, 1);
    if (own.length === 0) this.byActor.delete(actor);
  }
}

/** The actor part of `actor:requestId` (requestIds have no colon; actors may: "kiosk:kiosk-1f-1"). */
function actorOf(requestKey: string): string {
  return requestKey.slice(0, requestKey.lastIndexOf(':'));
}
