/**
 * What each role may see. Staff notes (转办说明, 挂起原因), why a window is
 * paused (暂停原因: a meeting, a break) and the reason for a green-channel
 * ticket (which can reveal a disability or a pregnancy) are for staff only:
 * kiosks, wall displays and phones get the state and the deltas without notes
 * and pause reasons and with every green-channel and absence reason read as
 * "other" (public screens show only 暂停服务). The projection
 * is applied the same way to snapshots and deltas, so the public state is
 * still exactly the fold of the public deltas (clients fold with `evolve`).
 *
 * Appointments (预约): a booking code is a bearer credential for check-in, so
 * no screen ever receives another person's code — staff included (the code
 * is shown once, to whoever booked). Staff see the masked name and phone
 * (张*三, 138****1234); kiosks and displays see only the queue, the slot and
 * the status (enough to show remaining capacity). The keyed phone hash used
 * for the no-show rule never leaves the server.
 *
 * 好差评 is anonymous to the clerk: the state keeps no rating's level, and
 * `rating.given` reaches every role but the supervisor without its level,
 * reasons, text, secondary items and follow-up. 差评 follow-ups are the
 * supervisor's alone: other roles' states carry none, and each follow-up step
 * reaches them as the same empty note (`followup.noted` with no id, note or
 * actor, which their fold skips): the sequence stays unbroken and nothing says
 * which service, who or what.
 *
 * 导办台 (README § The guide desk): the guide desk sees what a window panel
 * sees. 首问负责 help and 咨询 enquiries are staff records, sealed for public
 * screens; 办不成事反映 complaints are the supervisor's alone, sealed for
 * every other role like follow-up steps (the complainant's name and phone are
 * masked before the log, never in full anywhere).
 */
import type { AppointmentRecord } from '../domain/appointment.ts';
import type { HallEvent } from '../domain/events.ts';
import type { TicketRecord } from '../domain/ticket.ts';
import type { WindowRecord } from '../domain/window.ts';
import type { HallState } from '../hall/state.ts';
import type { Role } from './socket-events.ts';

export function seesStaffDetails(role: Role): boolean {
  return role === 'window' || role === 'admin' || role === 'guide';
}

/** Who sees what: public screens, the clerk's panel, the supervisor's desk (rating values and follow-ups). */
export type Audience = 'public' | 'counter' | 'supervisor';
export function audienceOf(role: Role): Audience {
  // The guide desk (导办台) sees what a window panel sees: staff, but not the supervisor's follow-ups and complaints.
  return role === 'admin' ? 'supervisor' : role === 'window' || role === 'guide' ? 'counter' : 'public';
}

export function publicTicket(t: TicketRecord): TicketRecord {
  if (t.note === undefined && (t.priorityReason === undefined || t.priorityReason === 'other')) return t;
  const { note: _note, ...rest } = t;
  return t.priorityReason === undefined ? rest : { ...rest, priorityReason: 'other' };
}

/** A window as public screens see it: paused, without why. */
function publicWindow(w: WindowRecord): WindowRecord {
  if (w.pauseReason === undefined) return w;
  const { pauseReason: _reason, ...rest } = w;
  return rest;
}

export function publicState(state: HallState): HallState {
  const tickets: Record<string, TicketRecord> = {};
  for (const [id, t] of Object.entries(state.tickets)) tickets[id] = publicTicket(t);
  const windows: Record<string, WindowRecord> = {};
  for (const [n, w] of Object.entries(state.windows)) windows[n] = publicWindow(w);
  // Why a clerk is away (leave, training…) is staff business: publicly every reason reads "other".
  const staffing: HallState['staffing'] = {};
  for (const [w, st] of Object.entries(state.staffing)) {
    const absent: (typeof st)['absent'] = {};
    for (const [clerk, a] of Object.entries(st.absent)) absent[clerk] = { ...a, reason: 'other' };
    staffing[w] = { ...st, absent };
  }
  return {
    ...state,
    tickets,
    windows,
    staffing,
    appointments: mapAppointments(state, publicAppointment),
    noShows: {},
    followUps: undefined,
    cases: undefined,
    guideHelp: undefined,
    enquiries: undefined,
    complaints: undefined,
    complaintsFiled: undefined,
  };
}

/** What staff (window panels, supervisors) receive: everything but booking codes and phone hashes — and, at a window, 差评 follow-ups. */
export function staffState(state: HallState, audience: Audience = 'counter'): HallState {
  const supervisor = audience === 'supervisor';
  return {
    ...state,
    appointments: mapAppointments(state, staffAppointment),
    noShows: {},
    followUps: supervisor ? state.followUps : undefined,
    complaints: supervisor ? state.complaints : undefined,
    complaintsFiled: supervisor ? state.complaintsFiled : undefined,
  };
}

/** The state as a role may see it. */
export function stateFor(role: Role, state: HallState): HallState {
  const audience = audienceOf(role);
  return audience === 'public' ? publicState(state) : staffState(state, audience);
}

/** An event as a role may see it. */
export function eventFor(role: Role, event: HallEvent): HallEvent {
  return eventForAudience(audienceOf(role), event);
}

export function eventForAudience(audience: Audience, event: HallEvent): HallEvent {
  if (audience === 'supervisor') return staffEvent(event);
  return audience === 'counter' ? staffEvent(sealRating(event)) : publicEvent(event);
}

/** A rating without what the visitor said, a follow-up step as an empty note: what every role but the supervisor receives. */
function sealRating(event: HallEvent): HallEvent {
  switch (event.type) {
    case 'rating.given': {
      const { level: _level, reasons: _reasons, text: _text, secondary: _secondary, followUp: _followUp, ...rest } = event;
      return rest;
    }
    case 'followup.assigned':
    case 'followup.noted':
    case 'followup.resolved':
    case 'followup.closed':
    // 办不成事反映 are the supervisor's too (a complaint may be about the clerk or the guide reading it).
    case 'complaint.filed':
    case 'complaint.taken':
    case 'complaint.resolved':
      return { type: 'followup.noted', followUpId: '', actor: '' };
    default:
      return event;
  }
}

function mapAppointments(state: HallState, project: (a: AppointmentRecord) => AppointmentRecord): Record<string, AppointmentRecord> {
  const out: Record<string, AppointmentRecord> = {};
  for (const [id, a] of Object.entries(state.appointments ?? {})) out[id] = project(a);
  return out;
}

function staffAppointment(a: AppointmentRecord): AppointmentRecord {
  const { code: _code, personKey: _key, ...rest } = a;
  return rest;
}

function publicAppointment(a: AppointmentRecord): AppointmentRecord {
  const { code: _code, personKey: _key, nameMasked: _name, phoneMasked: _phone, ...rest } = a;
  return rest;
}

export function staffEvent(event: HallEvent): HallEvent {
  if (event.type !== 'appointment.booked') return event;
  const { code: _code, personKey: _key, ...rest } = event;
  return rest;
}

/** An event as public screens (kiosks, displays, rating tablets) receive it. */
export function publicEvent(logged: HallEvent): HallEvent {
  const event = sealRating(logged);
  switch (event.type) {
    case 'appointment.booked': {
      const { code: _code, personKey: _key, nameMasked: _name, phoneMasked: _phone, ...rest } = event;
      return rest;
    }
    // Publicly every green-channel reason reads as "other": the neutral marker.
    case 'ticket.issued': {
      // 出件: which case a pick-up ticket is for is staff business (public screens hold no cases).
      const { caseId: _case, ...ticket } = event;
      return ticket.priorityReason === undefined ? (_case === undefined ? event : ticket) : { ...ticket, priorityReason: 'other' };
    }
    case 'ticket.prioritised':
      return { ...event, reason: 'other' };
    case 'clerk.signed_out':
      return event.reason === undefined ? event : { ...event, reason: 'other' };
    case 'window.paused': {
      const { reason: _reason, note: _note, ...rest } = event;
      return rest;
    }
    case 'ticket.transferred':
    case 'ticket.parked':
    case 'ticket.cancelled':
      return event.note === undefined ? event : { ...event, note: undefined };
    // 办件 are staff business (办件编号, missing papers): public screens get the sealed event that folds to nothing.
    case 'case.recorded':
    // 首问负责 help and 咨询 enquiries are staff records (what a visitor asked): sealed as cases are.
    case 'guide.helped':
    case 'enquiry.recorded':
    case 'case.materials_received':
    case 'case.ready':
    case 'case.delivery_chosen':
    case 'case.picked_up':
    case 'case.mailed':
      return { type: 'followup.noted', followUpId: '', actor: '' };
    default:
      return event;
  }
}
