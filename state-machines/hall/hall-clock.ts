/**
 * What the hall's clock owes the log at an instant: the deadlines stored in
 * the state that have come due. Pure — the server's clock service (and the
 * hall service before and after every command) sends decide's `clock.tick`,
 * appends what it returns, and asks again until it is refused; `nextClockDeadline`
 * tells it when to wake up. After a restart the same questions, asked of the
 * state rebuilt from the log, re-arm every deadline: nothing lives in timers.
 *
 * Deadlines today: the hall-phase machine's next calendar boundary, the end
 * of extended service (the moment no issued ticket is left), AB岗
 * escalations (a single-post window's A away half a day of opening time,
 * staffing-deadlines.ts), and bookings whose check-in window closed (爽约,
 * appointment.forfeited), and ratings nobody gave in time (未评价, rating.expired).
 * `duePhaseEvent`, `soonestForfeit` and `soonestRatingClose` answer here;
 * the escalation is decide's own rule (decideEscalate), so `clock.tick` in
 * decide puts the three together.
 *
 * Asked before and after every command, so the common case — nothing due —
 * must stay cheap: no pass over the tickets unless a boundary needs the count.
 */
import type { HallConfig } from '../config/hall-config.ts';
import type { HallEvent } from '../domain/events.ts';
import { isEnded } from '../domain/ticket.ts';
import { forfeitDeadline } from '../domain/appointment.ts';
import { ratingClosesAt } from '../domain/rating.ts';
import { serviceDayOf } from '../domain/service-day.ts';
import { issuesTickets, stepHallPhase, type HallPhaseEvent } from '../machines/hall-phase-machine.ts';
import { boundaryAfterInstant, boundaryEvent, calendarFingerprint, calendarPhaseAt, type CalendarConfig } from './phase-calendar.ts';
import { dayTimes, nextTicketsFrom, pastClosing, ticketingStatus, type TicketingStatus } from './schedule.ts';
import { staffingDeadlines } from './staffing-deadlines.ts';
import type { HallState } from './state.ts';

/**
 * Boundaries missed by more than this (the server was off over a weekend)
 * are not replayed one by one: the phase is synced to the calendar instead.
 */
export const RESYNC_AFTER_MS = 24 * 3_600_000;

type ClockConfig = Pick<HallConfig, 'hall' | 'schedule'>;
type PhaseChanged = Extract<HallEvent, { type: 'hall.phase_changed' }>;
type CalendarRemoved = Extract<HallEvent, { type: 'hall.calendar_removed' }>;

/** Issued tickets not yet finished (waiting, at a counter, parked): extended service lasts while any is left. */
export function ticketsLeft(state: Pick<HallState, 'tickets'>): number {
  let n = 0;
  for (const t of Object.values(state.tickets)) if (!isEnded(t)) n++;
  return n;
}

function calendarOf(config: ClockConfig): CalendarConfig | undefined {
  return config.schedule ? { hall: config.hall, schedule: config.schedule } : undefined;
}

/** When the clock must look again (undefined: only a command can make something due). */
export function nextClockDeadline(state: HallState, config: ClockConfig & Pick<HallConfig, 'appointmentRules'>): number | undefined {
  const phase = state.phase;
  const due = [
    !calendarOf(config) || phase.status === 'extended' ? undefined : phase.next?.at,
    staffingDeadlines(state)[0]?.at,
    // Forfeited once strictly past the deadline (check-in at exactly +30 min is still on time).
    (soonestForfeit(state, config)?.due ?? Number.NaN) + 1,
    // 未评价 once strictly past the last moment any channel may rate.
    (soonestRatingClose(state)?.due ?? Number.NaN) + 1,
  ].filter((t): t is number => t !== undefined && !Number.isNaN(t));
  return due.length === 0 ? undefined : Math.min(...due);
}

/** The booking still `booked` whose check-in window closes first (ties: by id): the clock forfeits it once past (爽约). */
export function soonestForfeit(
  state: Pick<HallState, 'appointments'>,
  config: Pick<HallConfig, 'appointmentRules'>,
): { appointmentId: string; due: number } | undefined {
  let soonest: { appointmentId: string; due: number } | undefined;
  for (const a of Object.values(state.appointments)) {
    if (a.status !== 'booked') continue;
    const due = forfeitDeadline(a, config.appointmentRules);
    if (!soonest || due < soonest.due || (due === soonest.due && a.id < soonest.appointmentId)) soonest = { appointmentId: a.id, due };
  }
  return soonest;
}

/**
 * The invited rating (好差评) whose last moment to rate comes first: the clock records it 未评价 once
 * past. A plain pass over the day's ratings (a status check each; no machine asked): the machine's
 * guard judges the step itself when the event is folded.
 */
export function soonestRatingClose(state: Pick<HallState, 'ratings'>): { ticketId: string; due: number } | undefined {
  let soonest: { ticketId: string; due: number } | undefined;
  const ratings = state.ratings;
  if (!ratings) return undefined;
  for (const id in ratings) {
    const r = ratings[id]!;
    if (r.status !== 'invited') continue;
    const due = ratingClosesAt(r);
    if (!soonest || due < soonest.due) soonest = { ticketId: id, due };
  }
  return soonest;
}

export function duePhaseEvent(state: HallState, config: ClockConfig, now: number): PhaseChanged | CalendarRemoved | undefined {
  const calendar = calendarOf(config);
  // Without a calendar the hall issues at any time and nothing is ever due — once a phase a
  // calendar left behind (a day run with --real-hours) is forgotten.
  if (!calendar) return state.phase.status === 'unsynced' ? undefined : { type: 'hall.calendar_removed', due: now };
  const phase = state.phase;
  const fingerprint = calendarFingerprint(calendar);
  if (phase.status === 'unsynced' || phase.calendar !== fingerprint) return syncEvent(calendar, fingerprint, now, ticketsLeft(state));
  if (phase.status === 'extended') {
    if (ticketsLeft(state) > 0) return undefined;
    return { type: 'hall.phase_changed', boundary: 'last_served', due: now, phase: 'closed', extendedMs: Math.max(0, now - (phase.extendedFrom ?? now)) };
  }
  const due = phase.next;
  if (!due || due.at > now) return undefined;
  const left = ticketsLeft(state);
  if (now - due.at > RESYNC_AFTER_MS) return syncEvent(calendar, fingerprint, now, left);
  const event = boundaryEvent(calendar, due, left);
  // The machine itself says where the boundary leads; one it refuses means the stored deadline no longer fits: re-sync.
  const after = stepHallPhase(phase, event);
  if (!after || after.status === 'unsynced') return syncEvent(calendar, fingerprint, now, left);
  return toLogged(due.boundary, event, after.status);
}

function syncEvent(calendar: CalendarConfig, fingerprint: string, now: number, left: number): PhaseChanged {
  const record = calendarPhaseAt(calendar, now, left);
  const phase = record.status === 'unsynced' ? 'closed' : record.status;
  return {
    type: 'hall.phase_changed',
    boundary: 'sync',
    due: now,
    phase,
    next: phase === 'extended' ? record.next : boundaryAfterInstant(calendar, now),
    calendar: fingerprint,
    extendedFrom: record.extendedFrom,
  };
}

function toLogged(boundary: PhaseChanged['boundary'], event: HallPhaseEvent, phase: PhaseChanged['phase']): PhaseChanged {
  return {
    type: 'hall.phase_changed',
    boundary,
    due: event.at,
    phase,
    next: 'next' in event ? event.next : undefined,
    openDay: event.type === 'NEW_DAY' ? event.openDay : undefined,
    ticketsLeft: event.type === 'CLOSE' ? event.ticketsLeft : undefined,
  };
}

/** The machine event a logged phase change replays as (the fold's side of toLogged/syncEvent). */
export function phaseEventOf(e: PhaseChanged, at: number): HallPhaseEvent {
  switch (e.boundary) {
    case 'sync':
      return { type: 'SYNC', at: e.due, phase: e.phase, next: e.next, calendar: e.calendar ?? '', extendedFrom: e.extendedFrom };
    case 'last_served':
      return { type: 'LAST_SERVED', at };
    case 'new_day':
      return { type: 'NEW_DAY', at: e.due, openDay: e.openDay ?? false, next: e.next };
    case 'tickets_open':
      return { type: 'TICKETS_OPEN', at: e.due, next: e.next };
    case 'midday':
      return { type: 'MIDDAY', at: e.due, next: e.next };
    case 'tickets_stop':
      return { type: 'TICKETS_STOP', at: e.due, next: e.next };
    case 'close':
      return { type: 'CLOSE', at: e.due, ticketsLeft: e.ticketsLeft ?? 0, next: e.next };
  }
}

/**
 * May a walk-in take a ticket now, and if not, why and from when — read off
 * the hall-phase machine (what kiosks and the server both fold), with the
 * sentence's details from the calendar. Undefined: no calendar, tickets at any
 * time. Before the first clock event (unsynced) the calendar answers alone.
 */
export function hallTicketing(state: Pick<HallState, 'phase'>, config: ClockConfig, now: number): TicketingStatus | undefined {
  const calendar = calendarOf(config);
  if (!calendar) return undefined;
  const status = state.phase.status;
  if (status === 'unsynced') return ticketingStatus(calendar, now);
  if (issuesTickets(state.phase, calendar.schedule.staggeredWindows.length > 0)) {
    return { open: true, closesAt: dayTimes(calendar, serviceDayOf(now, calendar.hall.timezone)).closesAt ?? now };
  }
  const byCalendar = ticketingStatus(calendar, now);
  if (!byCalendar.open) return byCalendar;
  // The calendar already says open but the boundary's event is not folded yet (a kiosk a moment ahead of the server).
  const reason = status === 'before_open' ? 'not_yet' : status === 'midday' ? 'midday_break' : status === 'closed_day' ? 'closed_day' : 'stopped';
  return { open: false, reason, nextTicketsFrom: state.phase.next?.boundary === 'tickets_open' ? state.phase.next.at : nextTicketsFrom(calendar, now) };
}

/** 延时服务: the hall is past closing time and serves every issued ticket to the end. */
export function inExtendedService(state: Pick<HallState, 'phase'>, config: ClockConfig, now: number): boolean {
  const calendar = calendarOf(config);
  if (!calendar) return false;
  // After closing time either way: a ticket checked in after the CLOSE boundary must not be stranded either.
  return state.phase.status === 'extended' || pastClosing(calendar, now);
}
