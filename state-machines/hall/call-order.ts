/**
 * Who is called next (叫号顺序) — the queue rules in one place.
 *
 * A window serves the queues it is configured for, in its own order (全面一窗:
 * all queues; 分类受理: its zone's). Every eligible ticket gets a place in
 * time, and the earliest place is called:
 *
 *   place = lineKey (issue time; kept on 转办; later for 过号重排)
 *         − priorityLeadMinutes                      for 绿色通道 and appointments
 *         + queueStepMinutes × (rank of its queue in the window's list, first = 0;
 *                               0 for a ticket transferred to this very window)
 *
 * 首问负责: a visitor handed to a named window lines up there as if their
 * ticket were of the window's first queue, by the time they first took it —
 * behind nobody who came after them, ahead of nobody who came before them.
 *
 * Ties go to the more urgent class, then the earlier ticket. One number per
 * ticket makes the order total and explainable to a visitor ("the green
 * channel goes up to 30 minutes ahead"), and it bounds every preference: a
 * walk-in is never passed by a priority ticket that came more than the lead
 * after it, and a window's later queues are never starved by its first one.
 *
 * On top of that, a streak rule: after `maxPriorityStreak` priority calls in a
 * row at a window, the next call goes to the earliest-placed walk-in there.
 *
 * The decider applies this inside the single-writer section of the server, so
 * the choice and the call are one atomic step.
 */
import type { HallConfig, WindowConfig } from '../config/hall-config.ts';
import type { CallRule } from '../domain/events.ts';
import { classRank, isPriorityClass, type TicketRecord } from '../domain/ticket.ts';
import type { HallState } from './state.ts';

interface CallChoice {
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

/** Steps down the window's list: 0 for its first queue, and for a ticket transferred to this very window. */
function queueRank(ticket: TicketRecord, window: Pick<WindowConfig, 'number' | 'queues'>): number {
  return ticket.forWindow === window.number ? 0 : window.queues.indexOf(ticket.queueId);
}

type Fairness = HallConfig['queueRules']['fairness'];

/** The ticket's place in time at this window (smaller is called first). */
export function placeAt(ticket: TicketRecord, window: Pick<WindowConfig, 'number' | 'queues'>, fairness: Fairness): number {
  const lead = isPriorityClass(ticket.class) ? fairness.priorityLeadMinutes : 0;
  return ticket.lineKey + (queueRank(ticket, window) * fairness.queueStepMinutes - lead) * 60_000;
}

/** The order at a window: place, then class, then first come. */
export function compareAtWindow(window: Pick<WindowConfig, 'number' | 'queues'>, fairness: Fairness) {
  return (a: TicketRecord, b: TicketRecord): number => comparePlaced(placeAt(a, window, fairness), a, placeAt(b, window, fairness), b);
}

/** The same order for two tickets whose places at the window are already known (the call forecast sorts many). */
export function comparePlaced(placeA: number, a: TicketRecord, placeB: number, b: TicketRecord): number {
  return placeA - placeB || classRank(a.class) - classRank(b.class) || compareLine(a, b);
}

export function chooseNext(state: HallState, config: Pick<HallConfig, 'queueRules'>, window: Pick<WindowConfig, 'number' | 'queues'>): CallChoice | undefined {
  const fairness = config.queueRules.fairness;
  const order = compareAtWindow(window, fairness);
  let best: TicketRecord | undefined;
  let bestWalkIn: TicketRecord | undefined;
  let priorityWaiting = false;
  for (const t of Object.values(state.tickets)) {
    if (!eligibleAt(t, window)) continue;
    if (!best || order(t, best) < 0) best = t;
    if (isPriorityClass(t.class)) priorityWaiting = true;
    else if (!bestWalkIn || order(t, bestWalkIn) < 0) bestWalkIn = t;
  }
  if (!best) return undefined;
  const streak = state.windows[String(window.number)]?.priorityStreak ?? 0;
  const ticket = pickNext(best, bestWalkIn, streak, fairness);
  if (ticket !== best) return { ticket, rule: 'streak_walk_in' };
  if (best.forWindow === window.number) return { ticket: best, rule: 'named_window' };
  if (isPriorityClass(best.class)) return { ticket: best, rule: 'priority' };
  return { ticket: best, rule: priorityWaiting ? 'overdue_walk_in' : 'first_come' };
}

/**
 * The choice between the earliest-placed ticket at a window and its
 * earliest-placed walk-in: the streak rule. Shared with the call forecast
 * (call-forecast.ts), so what visitors are told follows the same rule.
 */
export function pickNext<T extends Pick<TicketRecord, 'class'>>(best: T, bestWalkIn: T | undefined, streak: number, fairness: Fairness): T {
  return bestWalkIn && isPriorityClass(best.class) && streak >= fairness.maxPriorityStreak ? bestWalkIn : best;
}
