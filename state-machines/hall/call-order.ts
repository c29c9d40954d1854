/**
 * Who is called next (叫号顺序) — the queue rules in one place.
 *
 * A window serves the queues it is configured for, in its own order (全面一窗:
 * all queues; 分类受理: its zone's). Among the tickets eligible there:
 *
 *  1. Normal order: class first (绿色通道, then checked-in appointments, then
 *     walk-ins); within a class, tickets transferred to this very window, then
 *     the window's queue order, then first come first served (`lineKey`).
 *  2. Anti-starvation, by waiting time: a walk-in that has waited
 *     `fairness.maxWalkInWaitMinutes` or longer goes before every priority
 *     ticket that came after it (priority tickets that came earlier still go
 *     first — they have waited even longer).
 *  3. Anti-starvation, by streak: after `fairness.maxPriorityStreak` priority
 *     calls in a row at this window, the next call goes to a walk-in if one is
 *     waiting for this window.
 *
 * The decider applies this inside the single-writer section of the server, so
 * the choice and the call are one atomic step.
 */
import type { HallConfig, WindowConfig } from '../config/hall-config.ts';
import type { CallRule } from '../domain/events.ts';
import { classRank, isPriorityClass, type TicketRecord } from '../domain/ticket.ts';
import type { HallState } from './state.ts';

export interface CallChoice {
  ticket: TicketRecord;
  rule: CallRule;
}

/** Whether `window` may call `ticket` now. */
export function eligibleAt(ticket: TicketRecord, window: Pick<WindowConfig, 'number' | 'queues'>): boolean {
  if (ticket.status !== 'waiting') return false;
  if (ticket.forWindow !== undefined) return ticket.forWindow === window.number;
  return window.queues.includes(ticket.queueId);
}

/** First come first served, ties broken by the printed number so the order never depends on object key order. */
export function compareLine(a: TicketRecord, b: TicketRecord): number {
  return a.lineKey - b.lineKey || a.issuedAt - b.issuedAt || (a.number < b.number ? -1 : a.number > b.number ? 1 : 0);
}

function queueRank(ticket: TicketRecord, window: Pick<WindowConfig, 'number' | 'queues'>): number {
  return ticket.forWindow === window.number ? -1 : window.queues.indexOf(ticket.queueId);
}

/** Normal order at a window (rule 1). */
export function compareAtWindow(window: Pick<WindowConfig, 'number' | 'queues'>) {
  return (a: TicketRecord, b: TicketRecord): number =>
    classRank(a.class) - classRank(b.class) || queueRank(a, window) - queueRank(b, window) || compareLine(a, b);
}

export function chooseNext(
  state: HallState,
  config: Pick<HallConfig, 'queueRules'>,
  window: Pick<WindowConfig, 'number' | 'queues'>,
  now: number,
): CallChoice | undefined {
  const { maxWalkInWaitMinutes, maxPriorityStreak } = config.queueRules.fairness;
  const overdueBefore = now - maxWalkInWaitMinutes * 60_000;
  const normal = compareAtWindow(window);
  let best: TicketRecord | undefined;
  let bestWalkIn: TicketRecord | undefined;
  let oldestOverdue: TicketRecord | undefined;
  for (const t of Object.values(state.tickets)) {
    if (!eligibleAt(t, window)) continue;
    if (!best || normal(t, best) < 0) best = t;
    if (isPriorityClass(t.class)) continue;
    if (!bestWalkIn || normal(t, bestWalkIn) < 0) bestWalkIn = t;
    if (t.lineKey <= overdueBefore && (!oldestOverdue || compareLine(t, oldestOverdue) < 0)) oldestOverdue = t;
  }
  if (!best) return undefined;
  if (oldestOverdue && isPriorityClass(best.class)) {
    // Rule 2: only priority tickets that came before the overdue walk-in keep their lead.
    let earlierPriority: TicketRecord | undefined;
    for (const t of Object.values(state.tickets)) {
      if (!eligibleAt(t, window) || !isPriorityClass(t.class) || compareLine(t, oldestOverdue) >= 0) continue;
      if (!earlierPriority || normal(t, earlierPriority) < 0) earlierPriority = t;
    }
    return earlierPriority ? { ticket: earlierPriority, rule: 'priority' } : { ticket: oldestOverdue, rule: 'overdue_walk_in' };
  }
  const streak = state.windows[String(window.number)]?.priorityStreak ?? 0;
  if (bestWalkIn && isPriorityClass(best.class) && streak >= maxPriorityStreak) return { ticket: bestWalkIn, rule: 'streak_walk_in' };
  if (best.forWindow === window.number) return { ticket: best, rule: 'named_window' };
  return { ticket: best, rule: isPriorityClass(best.class) ? 'priority' : 'first_come' };
}
