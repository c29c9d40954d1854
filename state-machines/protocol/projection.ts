/**
 * What each role may see. Staff notes (转办说明, 挂起原因) and the reason for a
 * green-channel ticket (which can reveal a disability or a pregnancy) are for
 * staff only: kiosks, wall displays and phones get the state and the deltas
 * without notes and with every green-channel and absence reason read as "other". The projection
 * is applied the same way to snapshots and deltas, so the public state is
 * still exactly the fold of the public deltas (clients fold with `evolve`).
 */
import type { HallEvent } from '../domain/events.ts';
import type { TicketRecord } from '../domain/ticket.ts';
import type { HallState } from '../hall/state.ts';
import type { Role } from './socket-events.ts';

export function seesStaffDetails(role: Role): boolean {
  return role === 'window' || role === 'admin';
}

export function publicTicket(t: TicketRecord): TicketRecord {
  if (t.note === undefined && (t.priorityReason === undefined || t.priorityReason === 'other')) return t;
  const { note: _note, ...rest } = t;
  return t.priorityReason === undefined ? rest : { ...rest, priorityReason: 'other' };
}

export function publicState(state: HallState): HallState {
  const tickets: Record<string, TicketRecord> = {};
  for (const [id, t] of Object.entries(state.tickets)) tickets[id] = publicTicket(t);
  // Why a clerk is away (leave, training…) is staff business: publicly every reason reads "other".
  const staffing: HallState['staffing'] = {};
  for (const [w, st] of Object.entries(state.staffing)) {
    const absent: (typeof st)['absent'] = {};
    for (const [clerk, a] of Object.entries(st.absent)) absent[clerk] = { ...a, reason: 'other' };
    staffing[w] = { ...st, absent };
  }
  return { ...state, tickets, staffing };
}

export function publicEvent(event: HallEvent): HallEvent {
  switch (event.type) {
    // Publicly every green-channel reason reads as "other": the neutral marker.
    case 'ticket.issued':
      return event.priorityReason === undefined ? event : { ...event, priorityReason: 'other' };
    case 'ticket.prioritised':
      return { ...event, reason: 'other' };
    case 'clerk.signed_out':
      return event.reason === undefined ? event : { ...event, reason: 'other' };
    case 'ticket.transferred':
    case 'ticket.parked':
    case 'ticket.cancelled':
    case 'window.paused':
      return event.note === undefined ? event : { ...event, note: undefined };
    default:
      return event;
  }
}
