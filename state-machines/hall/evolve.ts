/**
 * evolve(state, loggedEvent): fold one accepted event into the hall state.
 *
 * Pure in the sense that matters for event sourcing: the result depends only
 * on the state and the event (time comes in the event), no I/O. For speed on
 * replay the containers (`tickets`, `windows`, …) are updated in place while
 * every changed entity is a new object; callers that need an immutable
 * snapshot copy it (`structuredClone`) — the server does for checkpoints.
 *
 * Events are facts that the decider already checked, so an event the machines
 * refuse here means the log and the code disagree: we throw rather than guess.
 */
import type { LoggedEvent } from '../domain/events.ts';
import { addDays } from '../domain/appointment.ts';
import { isEnded, isPriorityClass, type TicketRecord } from '../domain/ticket.ts';
import { stepHallPhase } from '../machines/hall-phase-machine.ts';
import { staffingRecordOf, stepStaffing, type StaffingMachineEvent } from '../machines/staffing-machine.ts';
import { atACounter, newTicket, stepTicket, type TicketMachineEvent } from '../machines/ticket-machine.ts';
import type { WindowRecord } from '../domain/window.ts';
import { stepWindow, type WindowMachineEvent } from '../machines/window-machine.ts';
import { newFollowUp, stepFollowUp, type FollowUpMachineEvent } from '../machines/follow-up-machine.ts';
import { newRating, stepRating, type RatingMachineEvent } from '../machines/rating-machine.ts';
import type { RatingRecord } from '../domain/rating.ts';
import { CASE_STATUS_OF, isLiveCase } from '../domain/case.ts';
import { stepCase, type CaseMachineEvent } from '../machines/case-machine.ts';
import { phaseEventOf } from './hall-clock.ts';
import { compactGuideDesk, foldGuideEvent } from './guide-fold.ts';
import { countKioskTicket } from './kiosk-issuing.ts';
import { APPOINTMENT_HISTORY_DAYS, RECENT_CALLS_KEPT, VISIT_SAMPLES_KEPT, type CallRecord, type HallState } from './state.ts';

export class EvolveError extends Error {
  constructor(seq: number, message: string) {
    super(`event ${seq}: ${message}`);
    this.name = 'EvolveError';
  }
}

export function evolve(state: HallState, logged: LoggedEvent): HallState {
  const { seq, at, event } = logged;
  if (seq !== state.seq + 1) throw new EvolveError(seq, `expected seq ${state.seq + 1}`);
  switch (event.type) {
    case 'ticket.issued':
      issueTicket(state, at, { ...event, lineKey: at });
      countKioskTicket(state, event.deviceId, at);
      if (event.caseId !== undefined) moveCase(state, seq, event.caseId, { type: 'PICKUP_TICKET', at, ticketId: event.ticketId });
      break;
    case 'clerk.signed_in': {
      // Signed in here means no longer at another window: that window's staffing sees them leave.
      const before = state.clerksOnDuty[event.clerkId];
      if (before && before.window !== event.window) moveStaffing(state, seq, before.window, { type: 'SIGN_OUT', at, clerkId: event.clerkId });
      state.clerksOnDuty[event.clerkId] = { window: event.window, since: at };
      moveStaffing(state, seq, event.window, { type: 'SIGN_IN', at, clerkId: event.clerkId, posts: event.posts });
      break;
    }
    case 'clerk.signed_out':
      if (state.clerksOnDuty[event.clerkId]?.window === event.window) delete state.clerksOnDuty[event.clerkId];
      moveStaffing(state, seq, event.window, {
        type: 'SIGN_OUT',
        at,
        clerkId: event.clerkId,
        reason: event.reason,
        handedTo: event.handedTo,
        escalateAt: event.escalateAt,
        posts: event.posts,
      });
      break;
    case 'post.taken_over':
      moveStaffing(state, seq, event.window, { type: 'TAKE_OVER', at, clerkId: event.clerkId, posts: event.posts });
      break;
    case 'post.assigned':
      moveStaffing(state, seq, event.window, { type: 'ASSIGN', at, posts: event.posts });
      break;
    case 'post.escalated':
      moveStaffing(state, seq, event.window, { type: 'ESCALATE', at });
      break;
    case 'window.opened':
      moveWindow(state, seq, event.window, { type: 'OPEN', at, clerkId: event.clerkId });
      moveStaffing(state, seq, event.window, { type: 'OPEN', at, clerkId: event.clerkId, posts: event.posts });
      break;
    case 'window.closed':
      moveWindow(state, seq, event.window, { type: 'CLOSE', at });
      break;
    case 'window.paused':
      moveWindow(state, seq, event.window, { type: 'PAUSE', at, reason: event.reason });
      break;
    case 'window.resumed':
      moveWindow(state, seq, event.window, { type: 'UNPAUSE', at });
      break;
    case 'ticket.called': {
      const before = state.tickets[event.ticketId];
      // 指呼 is the clerk's own choice: it neither feeds nor resets the fairness streak.
      const priority = event.rule === 'by_number' || !before ? undefined : isPriorityClass(before.class);
      const ticket = moveTicket(state, seq, event.ticketId, { type: 'CALL', at, window: event.window, clerkId: event.clerkId });
      moveWindow(state, seq, event.window, { type: 'CALL', at, ticketId: event.ticketId, priority });
      announce(state, { seq, at, ticketId: ticket.id, number: ticket.number, window: event.window });
      break;
    }
    case 'ticket.recalled': {
      const ticket = moveTicket(state, seq, event.ticketId, { type: 'RECALL', at });
      announce(state, { seq, at, ticketId: ticket.id, number: ticket.number, window: event.window, recall: true });
      break;
    }
    case 'ticket.serving_started':
      moveTicket(state, seq, event.ticketId, { type: 'START', at });
      moveWindow(state, seq, event.window, { type: 'START', at });
      break;
    case 'ticket.completed': {
      const before = state.tickets[event.ticketId];
      moveTicket(state, seq, event.ticketId, { type: 'COMPLETE', at, clerkId: event.clerkId });
      moveWindow(state, seq, event.window, { type: 'RELEASE', at });
      recordVisit(state, before, at);
      if (event.rating && before) {
        (state.ratings ??= {})[before.id] = newRating({
          ticketId: before.id,
          number: before.number,
          serviceDay: before.serviceDay,
          window: event.window,
          clerkId: event.clerkId,
          queueId: before.queueId,
          itemId: before.itemId,
          completedAt: at,
          windowUntil: event.rating.windowUntil,
          phoneUntil: event.rating.phoneUntil,
        });
      }
      break;
    }
    case 'ticket.no_show': {
      const before = state.tickets[event.ticketId];
      moveTicket(state, seq, event.ticketId, { type: 'NO_SHOW', at });
      moveWindow(state, seq, event.window, { type: 'RELEASE', at });
      recordVisit(state, before, at);
      break;
    }
    case 'ticket.requeued':
      moveTicket(state, seq, event.ticketId, { type: 'REQUEUE', at, lineKey: event.lineKey });
      break;
    case 'ticket.transferred': {
      const before = state.tickets[event.ticketId];
      moveTicket(state, seq, event.ticketId, { type: 'TRANSFER', at, queueId: event.toQueueId, forWindow: event.toWindow, note: event.note });
      moveWindow(state, seq, event.window, { type: 'RELEASE', at });
      recordVisit(state, before, at);
      break;
    }
    case 'ticket.parked': {
      const before = state.tickets[event.ticketId];
      moveTicket(state, seq, event.ticketId, { type: 'PARK', at, note: event.note });
      moveWindow(state, seq, event.window, { type: 'RELEASE', at });
      recordVisit(state, before, at);
      break;
    }
    case 'ticket.resumed': {
      const ticket = moveTicket(state, seq, event.ticketId, { type: 'RESUME', at, window: event.window, clerkId: event.clerkId });
      moveWindow(state, seq, event.window, { type: 'CALL', at, ticketId: event.ticketId, priority: undefined });
      announce(state, { seq, at, ticketId: ticket.id, number: ticket.number, window: event.window });
      break;
    }
    case 'ticket.cancelled': {
      const before = state.tickets[event.ticketId];
      const atCounter = before && atACounter(before) ? before.window : undefined;
      moveTicket(state, seq, event.ticketId, { type: 'CANCEL', at, reason: event.reason, note: event.note });
      if (atCounter !== undefined) moveWindow(state, seq, atCounter, { type: 'RELEASE', at });
      if (atCounter !== undefined) recordVisit(state, before, at);
      break;
    }
    case 'ticket.prioritised':
      moveTicket(state, seq, event.ticketId, { type: 'PRIORITISE', at, reason: event.reason });
      break;
    case 'appointment.booked':
      state.appointmentsBooked++;
      state.appointments[event.appointmentId] = {
        id: event.appointmentId,
        code: event.code,
        queueId: event.queueId,
        itemId: event.itemId,
        slotStart: event.slotStart,
        slotMinutes: event.slotMinutes,
        day: event.day,
        channel: event.channel,
        bookedBy: event.bookedBy,
        bookedAt: at,
        nameMasked: event.nameMasked,
        phoneMasked: event.phoneMasked,
        personKey: event.personKey,
        status: 'booked',
      };
      break;
    case 'appointment.cancelled': {
      const a = state.appointments[event.appointmentId];
      if (a?.status !== 'booked') throw new EvolveError(seq, `appointment ${event.appointmentId} cannot be cancelled`);
      state.appointments[a.id] = { ...a, status: 'cancelled', cancelledAt: at, cancelledBy: event.by, cancelReason: event.reason };
      break;
    }
    case 'appointment.checked_in': {
      const a = state.appointments[event.appointmentId];
      if (a?.status !== 'booked') throw new EvolveError(seq, `appointment ${event.appointmentId} cannot be checked in`);
      issueTicket(state, at, { ...event, class: 'appointment', priorityReason: undefined });
      state.appointments[a.id] = { ...a, status: 'checked_in', checkedInAt: at, ticketId: event.ticketId };
      break;
    }
    case 'appointment.forfeited': {
      const a = state.appointments[event.appointmentId];
      if (a?.status !== 'booked') throw new EvolveError(seq, `appointment ${event.appointmentId} cannot be forfeited`);
      state.appointments[a.id] = { ...a, status: 'forfeited', forfeitedAt: event.due };
      break;
    }
    case 'hall.phase_changed': {
      const next = stepHallPhase(state.phase, phaseEventOf(event, at));
      if (!next || next.status !== event.phase)
        throw new EvolveError(seq, `the hall cannot go from ${state.phase.status} to ${event.phase} at ${event.boundary}`);
      state.phase = next;
      break;
    }
    case 'hall.calendar_removed': {
      const next = stepHallPhase(state.phase, { type: 'UNSYNC', at: event.due });
      if (!next) throw new EvolveError(seq, `the hall cannot forget its calendar from ${state.phase.status}`);
      state.phase = next;
      break;
    }
    case 'rating.given': {
      const rating = moveRating(state, seq, event.ticketId, { type: 'RATE', at, channel: event.channel });
      // The supervisor's fold opens the 差评 follow-up; other roles receive neither the level nor the follow-up (projection.ts).
      if (event.followUp && event.level !== undefined) {
        (state.followUps ??= {})[rating.ticketId] = newFollowUp({
          id: rating.ticketId,
          number: rating.number,
          serviceDay: rating.serviceDay,
          window: rating.window,
          clerkId: rating.clerkId,
          queueId: rating.queueId,
          itemId: rating.itemId,
          level: event.level,
          reasons: event.reasons ?? [],
          text: event.text,
          openedAt: at,
          dueDay: event.followUp.dueDay,
          notes: [],
        });
      }
      break;
    }
    case 'rating.expired':
      moveRating(state, seq, event.ticketId, { type: 'EXPIRE', at: event.due });
      break;
    case 'followup.assigned':
      moveFollowUp(state, seq, event.followUpId, { type: 'ASSIGN', at, to: event.to });
      break;
    case 'followup.noted':
      moveFollowUp(state, seq, event.followUpId, { type: 'NOTE', at, by: event.actor, text: event.note ?? '' });
      break;
    case 'followup.resolved':
      moveFollowUp(state, seq, event.followUpId, { type: 'RESOLVE', at, outcome: event.outcome });
      if (event.note !== undefined) moveFollowUp(state, seq, event.followUpId, { type: 'NOTE', at, by: event.actor, text: event.note });
      break;
    case 'followup.closed':
      moveFollowUp(state, seq, event.followUpId, { type: 'CLOSE', at });
      break;
    case 'case.recorded': {
      const ticket = state.tickets[event.ticketId];
      if (!ticket) throw new EvolveError(seq, `case of unknown ticket ${event.ticketId}`);
      (state.cases ??= {})[ticket.id] = {
        id: ticket.id,
        number: ticket.number,
        serviceDay: ticket.serviceDay,
        window: event.window,
        clerkId: event.clerkId,
        queueId: event.queueId,
        itemId: event.itemId,
        outcome: event.outcome,
        status: CASE_STATUS_OF[event.outcome],
        receiptNo: event.receiptNo,
        recordedAt: at,
        promisedDay: event.promisedDay,
        materialsDueDay: event.materialsDueDay,
        missing: event.missing,
        reason: event.reason,
        note: event.note,
      };
      break;
    }
    case 'guide.helped':
    case 'enquiry.recorded':
    case 'complaint.filed':
    case 'complaint.taken':
    case 'complaint.resolved': {
      // Other roles than the supervisor receive complaint steps sealed (an empty follow-up note): never these.
      const wrong = foldGuideEvent(state, at, event);
      if (wrong !== undefined) throw new EvolveError(seq, wrong);
      break;
    }
    case 'case.materials_received':
      moveCase(state, seq, event.caseId, { type: 'MATERIALS', at });
      break;
    case 'case.ready':
      moveCase(state, seq, event.caseId, { type: 'READY', at, by: event.actor });
      break;
    case 'case.delivery_chosen': {
      const { nameMasked, phoneMasked, addressMasked } = event;
      moveCase(state, seq, event.caseId, { type: 'DELIVER', at, delivery: { nameMasked, phoneMasked, addressMasked } });
      break;
    }
    case 'case.picked_up':
      moveCase(state, seq, event.caseId, { type: 'PICK_UP', at, window: event.window });
      break;
    case 'case.mailed':
      moveCase(state, seq, event.caseId, { type: 'MAIL', at, window: event.window, waybillNo: event.waybillNo });
      break;
    case 'hall.taken_over':
      state.takeover = { term: event.term, server: event.server, at, seq, lastFromPrimary: event.lastFromPrimary };
      break;
    default: {
      const unknown: never = event;
      throw new EvolveError(seq, `unknown event ${JSON.stringify(unknown)}`);
    }
  }
  state.seq = seq;
  state.at = at;
  return state;
}

/**
 * Step the window's AB岗 machine (its record is created on first use). When
 * someone else is now on duty, an open window's record names them too (calls,
 * displays): the window machine's hand-over.
 */
function moveStaffing(state: HallState, seq: number, window: number, event: StaffingMachineEvent): void {
  const current = staffingRecordOf(state.staffing, window);
  const next = stepStaffing(current, event);
  if (!next) throw new EvolveError(seq, `staffing of window ${window} cannot ${event.type} from ${current.status}`);
  state.staffing[String(window)] = next;
  if (next.onDuty === undefined || next.onDuty === current.onDuty) return;
  const record = state.windows[String(window)];
  if (record && (record.status === 'idle' || record.status === 'paused') && record.clerkId !== next.onDuty) {
    moveWindow(state, seq, window, { type: 'HAND_OVER', at: event.at, clerkId: next.onDuty });
  }
}

interface IssuedTicket {
  ticketId: string;
  number: string;
  queueId: string;
  itemId?: string | undefined;
  class: TicketRecord['class'];
  priorityReason?: TicketRecord['priorityReason'];
  serviceDay: string;
  sequence: number;
  lineKey: number;
}

/** A new ticket (walk-in, green channel, or a checked-in appointment) takes the next number of its queue's day. */
function issueTicket(state: HallState, at: number, e: IssuedTicket): void {
  if (state.serviceDay !== e.serviceDay && (state.serviceDay === null || e.serviceDay > state.serviceDay)) {
    startServiceDay(state, e.serviceDay);
  }
  state.counters[e.queueId] = { serviceDay: e.serviceDay, last: e.sequence };
  state.tickets[e.ticketId] = newTicket({
    id: e.ticketId,
    number: e.number,
    queueId: e.queueId,
    itemId: e.itemId,
    class: e.class,
    priorityReason: e.priorityReason,
    serviceDay: e.serviceDay,
    issuedAt: at,
    lineKey: e.lineKey,
  });
}

/** The window time one visit took (call → counter free), under the queue the visitor was in: the estimate learns from it. */
function recordVisit(state: HallState, ticket: TicketRecord | undefined, at: number): void {
  if (ticket?.calledAt === undefined) return;
  const samples = (state.visitSamples[ticket.queueId] ??= []);
  samples.push(Math.max(0, at - ticket.calledAt));
  if (samples.length > VISIT_SAMPLES_KEPT) samples.splice(0, samples.length - VISIT_SAMPLES_KEPT);
}

function announce(state: HallState, call: CallRecord): void {
  state.recentCalls = [call, ...state.recentCalls].slice(0, RECENT_CALLS_KEPT);
}

/**
 * A new day: keep every ticket still open (extended hours carry past
 * midnight and stay callable), drop the ended ones of earlier days — their
 * history lives in the log and the reports, not in the live state.
 */
function startServiceDay(state: HallState, serviceDay: string): void {
  state.serviceDay = serviceDay;
  for (const [id, t] of Object.entries(state.tickets)) {
    if (t.serviceDay < serviceDay && isEnded(t)) delete state.tickets[id];
  }
  state.recentCalls = state.recentCalls.filter((c) => state.tickets[c.ticketId] !== undefined);
  compactAppointments(state, serviceDay);
  compactRatings(state, serviceDay);
  // 即办 and 不予受理 end at the counter, 已取件 and 已寄出 at the 出件/EMS window: their record is the log's;
  // open and ready cases stay until picked up or mailed.
  for (const [id, c] of Object.entries(state.cases ?? {})) {
    if (c.serviceDay < serviceDay && !isLiveCase(c)) delete state.cases![id];
  }
  compactGuideDesk(state, serviceDay);
}

/** Closed follow-ups stay on the desk this long after their service day (the log keeps them for ever). */
const CLOSED_FOLLOW_UPS_KEPT_DAYS = 90;

/**
 * Ratings of earlier days leave once rated or recorded 未评价 (an invited one waits for its clock);
 * closed follow-ups leave CLOSED_FOLLOW_UPS_KEPT_DAYS after their day. Open ones stay until closed.
 */
function compactRatings(state: HallState, serviceDay: string): void {
  for (const [id, r] of Object.entries(state.ratings ?? {})) {
    if (r.serviceDay < serviceDay && r.status !== 'invited') delete state.ratings![id];
  }
  if (!state.followUps) return;
  const oldest = addDays(serviceDay, -CLOSED_FOLLOW_UPS_KEPT_DAYS);
  for (const [id, f] of Object.entries(state.followUps)) {
    if (f.status === 'closed' && f.serviceDay < oldest) delete state.followUps[id];
  }
}

function moveRating(state: HallState, seq: number, ticketId: string, event: RatingMachineEvent): RatingRecord {
  const rating = state.ratings?.[ticketId];
  if (!rating) throw new EvolveError(seq, `no rating invited for ${ticketId}`);
  const next = stepRating(rating, event);
  if (!next) throw new EvolveError(seq, `rating of ${ticketId} cannot ${event.type} from ${rating.status}`);
  state.ratings![ticketId] = next;
  return next;
}

/**
 * A case's step (case-machine.ts). Public screens hold no cases and receive every case step sealed; the server's
 * state holds every case a step names (decide found it there), so a missing one there is a broken log.
 */
function moveCase(state: HallState, seq: number, id: string, event: CaseMachineEvent): void {
  if (state.cases === undefined) return;
  const current = state.cases[id];
  if (!current) throw new EvolveError(seq, `no case ${id}`);
  const next = stepCase(current, event);
  if (!next) throw new EvolveError(seq, `case ${id} cannot ${event.type} from ${current.status}`);
  state.cases[id] = next;
}

/**
 * A follow-up step. The sealed step other roles than the supervisor receive has no id (projection.ts): their
 * fold has no follow-ups and skips it. The server never logs a step without one (follow-up ids are ticket ids).
 */
function moveFollowUp(state: HallState, seq: number, id: string, event: FollowUpMachineEvent): void {
  if (id === '') return;
  const followUp = state.followUps?.[id];
  if (!followUp) throw new EvolveError(seq, `unknown follow-up ${id}`);
  const next = stepFollowUp(followUp, event);
  if (!next) throw new EvolveError(seq, `follow-up ${id} cannot ${event.type} from ${followUp.status}`);
  state.followUps![id] = next;
}

/**
 * Bookings of earlier days leave the live state (the log keeps them): a
 * booking never checked in nor cancelled was a no-show (its slot and the
 * check-in grace are over by the next day) and leaves only its slot time under
 * the person's phone hash, for the block rule; no-shows older than
 * APPOINTMENT_HISTORY_DAYS are forgotten. Screens fold events without the
 * hash, so they compact to the same appointments and no no-shows.
 */
function compactAppointments(state: HallState, serviceDay: string): void {
  const noShows = (state.noShows ??= {});
  for (const [id, a] of Object.entries(state.appointments ?? {})) {
    if (a.day >= serviceDay) continue;
    // Forfeited by the clock, or (logs from before appointment.forfeited) still booked when its day ended.
    if ((a.status === 'forfeited' || a.status === 'booked') && a.personKey !== undefined) (noShows[a.personKey] ??= []).push(a.slotStart);
    delete state.appointments[id];
  }
  const oldest = Date.parse(`${addDays(serviceDay, -APPOINTMENT_HISTORY_DAYS)}T00:00:00Z`);
  for (const [key, times] of Object.entries(noShows)) {
    const kept = times.filter((t) => t >= oldest);
    if (kept.length === 0) delete noShows[key];
    else if (kept.length !== times.length) noShows[key] = kept;
  }
}

function moveTicket(state: HallState, seq: number, ticketId: string, event: TicketMachineEvent): TicketRecord {
  const ticket = state.tickets[ticketId];
  if (!ticket) throw new EvolveError(seq, `unknown ticket ${ticketId}`);
  const next = stepTicket(ticket, event);
  if (!next) throw new EvolveError(seq, `ticket ${ticketId} cannot ${event.type} from ${ticket.status}`);
  state.tickets[ticketId] = next;
  return next;
}

function moveWindow(state: HallState, seq: number, window: number, event: WindowMachineEvent): WindowRecord {
  const key = String(window);
  // A window added to the configuration after the last checkpoint starts closed.
  const current = state.windows[key] ?? { number: window, status: 'closed' as const };
  const next = stepWindow(current, event);
  if (!next) throw new EvolveError(seq, `window ${window} cannot ${event.type} from ${current.status}`);
  state.windows[key] = next;
  return next;
}
