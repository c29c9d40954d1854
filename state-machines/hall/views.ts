/**
 * Read-side helpers shared by the server and the front ends: derived facts
 * about the state, computed the same way everywhere.
 */
import type { TicketRecord, TicketStatus } from '../domain/ticket.ts';
import { compareLine } from './call-order.ts';
import type { HallState } from './state.ts';

// 您前面还有 N 人 and 预计等待 come from the call forecast: estimate.ts.

/** Waiting tickets of a queue (等候 N 人 on the wall display and the staff desk). */
export function waitingCount(state: HallState, queueId: string): number {
  let n = 0;
  for (const t of Object.values(state.tickets)) if (t.status === 'waiting' && t.queueId === queueId) n++;
  return n;
}

/** Tickets of the current service day in a status, oldest first (panel lists: 挂起, 过号). */
export function ticketsIn(state: HallState, status: TicketStatus, queues?: readonly string[]): TicketRecord[] {
  return Object.values(state.tickets)
    .filter((t) => t.status === status && (queues === undefined || queues.includes(t.queueId)))
    .sort(compareLine);
}
