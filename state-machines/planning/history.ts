/**
 * What the planner reads: the hall's own history as plain rows. Today
 * server/planning/history-source.ts derives them from the event log; the
 * coordinator will switch it to the report projection (server/reports/),
 * which keeps the same facts — so this stays the one contract between them.
 * All times are epoch ms; nothing personal.
 */

/**
 * One visit to one queue: a ticket's time in a queue, from joining it to the
 * window letting it go. A 转办 ends a visit (`transferred: true`) and starts
 * another in the new queue, `issuedAt` = the moment of the transfer.
 */
export interface VisitRow {
  queueId: string;
  /** Joined the queue (取号, or the transfer into it). */
  issuedAt: number;
  /** First called to a window; absent when never called (作废 while waiting). */
  calledAt?: number | undefined;
  /** Reached the counter (service time starts). */
  serviceStartedAt?: number | undefined;
  /** The window let the visit go: 办结, 过号 or the transfer out. */
  completedAt?: number | undefined;
  /**
   * How long windows were held by this visit, ms: called → let go, summed over
   * its calls (a 挂起 frees the window until the visitor is back). A 过号 holds
   * the window through the recalls and the grace, so no-shows load windows too.
   */
  heldMs: number;
  outcome: 'done' | 'no-show' | 'void';
  transferred: boolean;
}

/** A window open (not paused, not closed) from `from` to `to`, serving these queues. */
export interface OpenSpan {
  window: number;
  queues: readonly string[];
  from: number;
  to: number;
}

export interface PlanningHistory {
  visits: readonly VisitRow[];
  spans: readonly OpenSpan[];
  /** The service days the history covers (YYYY-MM-DD), so a weekday's average divides by days the hall was open. */
  days: readonly string[];
}
