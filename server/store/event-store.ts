/**
 * The event log: the hall's source of truth, behind a small interface so the
 * hall service does not know it is SQLite.
 */
import type { HallEvent, LoggedEvent } from '../../state-machines/domain/events.ts';

export interface AppendInput {
  at: number;
  /** Who caused it: "kiosk:kiosk-1f-1", "clerk:1009@5", "system". */
  actor: string;
  event: HallEvent;
  /** actor + client requestId; a second append with the same key is refused. */
  requestKey?: string | undefined;
}

export interface StoredEvent extends LoggedEvent {
  actor: string;
  requestKey: string | null;
  hash: string;
}

export interface Checkpoint {
  seq: number;
  hash: string;
  stateVersion: number;
  state: string;
}

export type VerifyResult = { ok: true; events: number; lastHash: string } | { ok: false; events: number; badSeq: number; reason: string };

export interface EventStore {
  lastSeq(): number;
  lastHash(): string;
  /** Durable when it returns (fsync'd). Throws StorageError when it cannot be. `stage` then `commit`. */
  append(input: AppendInput): StoredEvent;
  /**
   * Group commit, step one: the next event with its seq and hash, chained after
   * the last staged (or committed) one. Nothing is written, and nothing else
   * (lastSeq, lastHash, findByRequestKey, reads) sees it, until `commit`.
   */
  stage(input: AppendInput): StoredEvent;
  /**
   * Write every staged event in one transaction: durable when it returns (one
   * fsync for all). Throws StorageError when it cannot be: then nothing of it
   * is on disk and nothing is left staged.
   */
  commit(): void;
  /** Forget what is staged (nothing was written). */
  discard(): void;
  findByRequestKey(requestKey: string): StoredEvent | undefined;
  /** Events with seq > afterSeq, oldest first. */
  iterateFrom(afterSeq: number): IterableIterator<StoredEvent>;
  readFrom(afterSeq: number, limit: number): StoredEvent[];
  hashAt(seq: number): string | undefined;
  saveCheckpoint(checkpoint: Checkpoint): void;
  latestCheckpoint(stateVersion: number): Checkpoint | undefined;
  /** Recompute the hash chain from `fromSeq` (default: the start). */
  verify(fromSeq?: number): VerifyResult;
  /**
   * Start-up: hand every event after `afterSeq` to `visit`, oldest first, and
   * check the hash chain of the same rows (SqliteEventStore: in a worker thread
   * beside the fold when the tail is long). The answer is what
   * `verify(afterSeq + 1)` would say; events after a break are still visited.
   * Optional: without it, HallService.boot folds `iterateFrom` and then calls `verify`.
   */
  replay?(afterSeq: number, visit: (event: LoggedEvent) => void): VerifyResult;
  close(): void;
}

export class StorageError extends Error {
  constructor(
    message: string,
    override readonly cause: unknown,
  ) {
    super(message);
    this.name = 'StorageError';
  }
}
