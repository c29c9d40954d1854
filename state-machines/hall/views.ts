/**
 * Read-side helpers shared by the server and the front ends: derived facts
 * about the state, computed the same way everywhere.
 */
import { classRank, type TicketRecord } from '../domain/ticket.ts';
import { compareLine } from './call-order.ts';
import type { HallState } from './state.ts';

/**
 * Waiting tickets of the same queue that will be called before this one in
 * the normal order (class, then place in line) — the "你前面还有 N 人" of the
 * ticket. Windows shared with other queues are reflected in the wait estimate.
 */
export function peopleAhead(state: HallState, ticket: TicketRecord): number {
  if (ticket.status !== 'waiting') return 0;
  const rank = classRank(ticket.class);
  let ahead = 0;
  for (const t of Object.values(state.tickets)) {
    if (t.status !== 'waiting' || t.queueId !== ticket.queueId || t.id === ticket.id) continue;
    const r = classRank(t.class);
    if (r < rank || (r === rank && compareLine(t, ticket) < 0)) ahead++;
  }
  return ahead;
}

export function waitingCount(state: HallState, queueId: string): number {
  let n = 0;
  for (const t of Object.values(state.tickets)) if (t.status === 'waiting' && t.queueId === queueId) n++;
  return n;
}

/** The ticket currently at a window, if any. */
export function ticketAtWindow(state: HallState, window: number): TicketRecord | undefined {
  const id = state.windows[String(window)]?.current;
  return id === undefined ? undefined : state.tickets[id];
}

/** Tickets of the current service day in a status, oldest first (panel lists: 挂起, 过号). */
export function ticketsIn(state: HallState, status: TicketRecord['status'], queues?: readonly string[]): TicketRecord[] {
  return Object.values(state.tickets)
    .filter((t) => t.status === status && (queues === undefined || queues.includes(t.queueId)))
    .sort(compareLine);
}
