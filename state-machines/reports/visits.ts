/**
 * The report projection's rows and its fold (README § Reports). Reports are not a replay per
 * request: the server folds every event into these rows as it appends it (server/reports/) and
 * keeps them in the hall's SQLite file. Pure: the rows live wherever `ReportRows` keeps them.
 *
 * What is measured, fixed here once:
 *  - **wait**: from the ticket's issue to its first call. A checked-in appointment's ticket is
 *    issued at check-in, so its wait runs from check-in (not the slot start: a visitor who came
 *    early and waited for their slot did not wait on the hall).
 *  - **service time**: the time the visitor was served at a counter (serving started, or called
 *    when the clerk completed straight from the call, until 办结, a transfer, a park or a void
 *    at the counter), every stretch summed, 挂起 time excluded — what the ticket machine counts.
 *    Counted for tickets that end 办结.
 *  - **busy time** of a window: each counter visit from its call (or resume) to the counter being
 *    free again; **open time**: window.opened → window.closed minus 暂停.
 */
import type { LoggedEvent } from '../domain/events.ts';
import { serviceDayOf } from '../domain/service-day.ts';
import type { RatingChannel, RatingLevel } from '../domain/rating.ts';
import type { TicketClass } from '../domain/ticket.ts';

export type VisitOutcome = 'open' | 'done' | 'no_show' | 'void';

/**
 * One ticket of one service day, from issue to its end. The planning helper reads these through
 * `ReportProjection.visitsBetween(fromDay, toDay)` (server/reports/report-projection.ts).
 */
export interface VisitRow {
  ticketId: string;
  /** The hall's service day (Asia/Shanghai date of issue). */
  day: string;
  /** Queue the ticket was issued for. */
  queueId: string;
  /** Queue it ended in (after 转办). */
  finalQueueId: string;
  itemId: string | undefined;
  /** Class at issue. */
  ticketClass: TicketClass;
  /** Green channel: issued so, or moved there by staff (绿色通道). */
  green: boolean;
  appointment: boolean;
  /** The kiosk that issued it (or checked the appointment in). */
  deviceId: string;
  /** Appointment booking channel (walk-ins: undefined). */
  channel: string | undefined;
  issuedAt: number;
  /** First call (wait = calledAt − issuedAt). */
  calledAt: number | undefined;
  /** First time service started at a counter. */
  serviceStartedAt: number | undefined;
  completedAt: number | undefined;
  /** When it ended (办结, 过号, 作废); undefined while open. */
  endedAt: number | undefined;
  /** Window that last dealt with it (served it, for 办结). */
  window: number | undefined;
  /** 工号 of the clerk actually serving (AB岗: the B post when B served). */
  clerkId: string | undefined;
  outcome: VisitOutcome;
  transfers: number;
  parks: number;
  requeues: number;
  serviceMs: number;
  parkedMs: number;
  /** 办结 while the hall was in 延时服务 (after closing time). */
  extended: boolean;
  // The fold's own bookkeeping (kept in the row so a restart continues where it stopped):
  /** Start of the current stretch of service (serving started, or the call). */
  stretchFrom: number | undefined;
  /** When it came to the current counter (call/resume): busy time of the window runs from here. */
  counterFrom: number | undefined;
  parkedAt: number | undefined;
}

/** A window open stretch (window.opened → window.closed) for utilisation. */
export interface SpanRow {
  /** `${window}@${openedAt}` */
  id: string;
  day: string;
  window: number;
  /** Who opened it. */
  clerkId: string;
  openedAt: number;
  closedAt: number | undefined;
  pausedMs: number;
  pausedAt: number | undefined;
  /** Sum of counter visits (call → counter free) at this window while open. */
  busyMs: number;
  /** 延时服务 minutes the close recorded. */
  extendedMs: number;
}

export type FollowUpState = 'open' | 'assigned' | 'resolved' | 'closed';

/** One service invited to rate (a ticket's 办结 under a hall file with `ratings`). */
export interface RatingRow {
  ticketId: string;
  day: string;
  window: number;
  clerkId: string;
  queueId: string;
  itemId: string | undefined;
  completedAt: number;
  status: 'invited' | 'rated' | 'unrated';
  level: RatingLevel | undefined;
  channel: RatingChannel | undefined;
  followUp: FollowUpState | undefined;
  followUpDueDay: string | undefined;
  followUpOutcome: string | undefined;
}

export interface AppointmentRow {
  id: string;
  day: string;
  queueId: string;
  itemId: string | undefined;
  channel: string;
  status: 'booked' | 'cancelled' | 'checked_in' | 'forfeited';
  ticketId: string | undefined;
}

/** Where the fold reads and writes rows (memory in tests, SQLite with a write-back cache on the server). */
export interface ReportRows {
  visit(ticketId: string): VisitRow | undefined;
  putVisit(row: VisitRow): void;
  /** The open span of a window, if any. */
  openSpan(window: number): SpanRow | undefined;
  putSpan(row: SpanRow): void;
  rating(ticketId: string): RatingRow | undefined;
  putRating(row: RatingRow): void;
  appointment(id: string): AppointmentRow | undefined;
  putAppointment(row: AppointmentRow): void;
  /** Whether the hall is in 延时服务 (from hall.phase_changed). */
  extended: boolean;
}

/** Fold one logged event into the rows. Events the reports do not count are ignored. */
export function projectEvent(rows: ReportRows, logged: LoggedEvent, timeZone: string): void {
  const { at, event: e } = logged;
  switch (e.type) {
    case 'ticket.issued':
      rows.putVisit(newVisit(e.ticketId, e.serviceDay, e.queueId, e.itemId, e.class, e.deviceId, undefined, at));
      if (e.class === 'green') rows.putVisit({ ...rows.visit(e.ticketId)!, green: true });
      return;
    case 'appointment.checked_in': {
      const a = rows.appointment(e.appointmentId);
      rows.putVisit(newVisit(e.ticketId, e.serviceDay, e.queueId, e.itemId, 'appointment', e.deviceId, a?.channel, at));
      if (a) rows.putAppointment({ ...a, status: 'checked_in', ticketId: e.ticketId });
      return;
    }
    case 'ticket.called':
    case 'ticket.resumed':
      change(rows, e.ticketId, (v) => {
        v.calledAt ??= at;
        v.counterFrom = at;
        v.stretchFrom = at;
        v.window = e.window;
        v.clerkId = e.clerkId;
        if (e.type === 'ticket.resumed' && v.parkedAt !== undefined) {
          v.parkedMs += Math.max(0, at - v.parkedAt);
          v.parkedAt = undefined;
        }
      });
      return;
    case 'ticket.serving_started':
      change(rows, e.ticketId, (v) => {
        v.serviceStartedAt ??= at;
        v.stretchFrom = at;
        v.clerkId = e.clerkId;
      });
      return;
    case 'ticket.completed':
      change(rows, e.ticketId, (v) => {
        endStretch(v, at);
        release(rows, v, e.window, at);
        v.completedAt = at;
        v.endedAt = at;
        v.outcome = 'done';
        v.window = e.window;
        v.clerkId = e.clerkId;
        v.extended = rows.extended;
        if (e.rating) {
          rows.putRating({
            ticketId: v.ticketId,
            day: v.day,
            window: e.window,
            clerkId: e.clerkId,
            queueId: v.finalQueueId,
            itemId: v.itemId,
            completedAt: at,
            status: 'invited',
            level: undefined,
            channel: undefined,
            followUp: undefined,
            followUpDueDay: undefined,
            followUpOutcome: undefined,
          });
        }
      });
      return;
    case 'ticket.no_show':
      change(rows, e.ticketId, (v) => {
        release(rows, v, e.window, at);
        v.stretchFrom = undefined;
        v.endedAt = at;
        v.outcome = 'no_show';
        v.window = e.window;
      });
      return;
    case 'ticket.requeued':
      change(rows, e.ticketId, (v) => {
        v.requeues++;
        v.endedAt = undefined;
        v.outcome = 'open';
      });
      return;
    case 'ticket.transferred':
      change(rows, e.ticketId, (v) => {
        endStretch(v, at);
        release(rows, v, e.window, at);
        v.transfers++;
        v.finalQueueId = e.toQueueId;
      });
      return;
    case 'ticket.parked':
      change(rows, e.ticketId, (v) => {
        endStretch(v, at);
        release(rows, v, e.window, at);
        v.parks++;
        v.parkedAt = at;
      });
      return;
    case 'ticket.cancelled':
      change(rows, e.ticketId, (v) => {
        if (v.counterFrom !== undefined && v.window !== undefined) {
          endStretch(v, at);
          release(rows, v, v.window, at);
        }
        v.stretchFrom = undefined;
        v.endedAt = at;
        v.outcome = 'void';
      });
      return;
    case 'ticket.prioritised':
      change(rows, e.ticketId, (v) => {
        v.green = true;
      });
      return;
    case 'window.opened': {
      const open = rows.openSpan(e.window);
      if (open) closeSpan(rows, open, at, 0);
      rows.putSpan({
        id: `${e.window}@${at}`,
        day: serviceDayOf(at, timeZone),
        window: e.window,
        clerkId: e.clerkId,
        openedAt: at,
        closedAt: undefined,
        pausedMs: 0,
        pausedAt: undefined,
        busyMs: 0,
        extendedMs: 0,
      });
      return;
    }
    case 'window.closed': {
      const open = rows.openSpan(e.window);
      if (open) closeSpan(rows, open, at, e.extendedMs ?? 0);
      return;
    }
    case 'window.paused': {
      const open = rows.openSpan(e.window);
      if (open && open.pausedAt === undefined) rows.putSpan({ ...open, pausedAt: at });
      return;
    }
    case 'window.resumed': {
      const open = rows.openSpan(e.window);
      if (open?.pausedAt !== undefined) rows.putSpan({ ...open, pausedMs: open.pausedMs + Math.max(0, at - open.pausedAt), pausedAt: undefined });
      return;
    }
    case 'appointment.booked':
      rows.putAppointment({
        id: e.appointmentId,
        day: e.day,
        queueId: e.queueId,
        itemId: e.itemId,
        channel: e.channel,
        status: 'booked',
        ticketId: undefined,
      });
      return;
    case 'appointment.cancelled':
    case 'appointment.forfeited': {
      const a = rows.appointment(e.appointmentId);
      if (a) rows.putAppointment({ ...a, status: e.type === 'appointment.cancelled' ? 'cancelled' : 'forfeited' });
      return;
    }
    case 'hall.phase_changed':
      rows.extended = e.phase === 'extended';
      return;
    case 'rating.given': {
      const r = rows.rating(e.ticketId);
      if (r)
        rows.putRating({
          ...r,
          status: 'rated',
          level: e.level,
          channel: e.channel,
          followUp: e.followUp ? 'open' : undefined,
          followUpDueDay: e.followUp?.dueDay,
        });
      return;
    }
    case 'rating.expired': {
      const r = rows.rating(e.ticketId);
      if (r) rows.putRating({ ...r, status: 'unrated' });
      return;
    }
    case 'followup.assigned':
    case 'followup.resolved':
    case 'followup.closed': {
      const r = rows.rating(e.followUpId);
      if (!r) return;
      const followUp: FollowUpState = e.type === 'followup.assigned' ? 'assigned' : e.type === 'followup.resolved' ? 'resolved' : 'closed';
      rows.putRating({ ...r, followUp, followUpOutcome: e.type === 'followup.resolved' ? e.outcome : r.followUpOutcome });
      return;
    }
    default:
      return;
  }
}

/** A ticket just issued (or an appointment just checked in): nothing has happened to it yet. */
export function newVisit(
  ticketId: string,
  day: string,
  queueId: string,
  itemId: string | undefined,
  ticketClass: TicketClass,
  deviceId: string,
  channel: string | undefined,
  at: number,
): VisitRow {
  return {
    ticketId,
    day,
    queueId,
    finalQueueId: queueId,
    itemId,
    ticketClass,
    green: ticketClass === 'green',
    appointment: ticketClass === 'appointment',
    deviceId,
    channel,
    issuedAt: at,
    calledAt: undefined,
    serviceStartedAt: undefined,
    completedAt: undefined,
    endedAt: undefined,
    window: undefined,
    clerkId: undefined,
    outcome: 'open',
    transfers: 0,
    parks: 0,
    requeues: 0,
    serviceMs: 0,
    parkedMs: 0,
    extended: false,
    stretchFrom: undefined,
    counterFrom: undefined,
    parkedAt: undefined,
  };
}

/** Change a visit row (a copy: the store may still hold the old one). A ticket the projection never saw issued is skipped. */
function change(rows: ReportRows, ticketId: string, apply: (v: VisitRow) => void): void {
  const before = rows.visit(ticketId);
  if (!before) return;
  const v = { ...before };
  apply(v);
  rows.putVisit(v);
}

function endStretch(v: VisitRow, at: number): void {
  if (v.stretchFrom !== undefined) v.serviceMs += Math.max(0, at - v.stretchFrom);
  v.stretchFrom = undefined;
}

/** The counter is free again: the window was busy with this visitor since the call. */
function release(rows: ReportRows, v: VisitRow, window: number, at: number): void {
  if (v.counterFrom === undefined) return;
  const span = rows.openSpan(window);
  if (span) rows.putSpan({ ...span, busyMs: span.busyMs + Math.max(0, at - v.counterFrom) });
  v.counterFrom = undefined;
}

function closeSpan(rows: ReportRows, span: SpanRow, at: number, extendedMs: number): void {
  const pausedMs = span.pausedMs + (span.pausedAt === undefined ? 0 : Math.max(0, at - span.pausedAt));
  rows.putSpan({ ...span, closedAt: at, pausedMs, pausedAt: undefined, extendedMs });
}
