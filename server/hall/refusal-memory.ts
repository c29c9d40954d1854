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
 */
import type { ErrorCode, ProtocolError } from '../../state-machines/protocol/errors.ts';

export const REMEMBERED_REFUSALS = 10_000;
export const REFUSAL_MEMORY_MS = 10 * 60_000;

/** Refusals that decided nothing: a retry is a new attempt. */
export const TRANSIENT_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['STORAGE_UNAVAILABLE', 'RATE_LIMITED', 'INTERNAL']);

interface Remembered {
  at: number;
  error: ProtocolError;
}

export class RefusalMemory {
  private readonly entries = new Map<string, Remembered>();

  constructor(
    private readonly maxEntries = REMEMBERED_REFUSALS,
    private readonly ttlMs = REFUSAL_MEMORY_MS,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** The first answer to this request, if it was a business refusal not yet forgotten. */
  recall(requestKey: string, now: number): ProtocolError | undefined {
    const entry = this.entries.get(requestKey);
    if (entry === undefined) return undefined;
    if (now - entry.at > this.ttlMs) {
      this.entries.delete(requestKey);
      return undefined;
    }
    return entry.error;
  }

  remember(requestKey: string, error: ProtocolError, now: number): void {
    if (TRANSIENT_CODES.has(error.code)) return;
    this.entries.set(requestKey, { at: now, error });
    // Oldest first (Map keeps insertion order): forget the expired and anything over the count.
    for (const [key, entry] of this.entries) {
      if (this.entries.size <= this.maxEntries && now - entry.at <= this.ttlMs) break;
      this.entries.delete(key);
    }
  }
}
