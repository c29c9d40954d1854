/**
 * The calendar as a list of boundaries for the hall-phase machine: when each
 * day starts, when tickets open (取号), when the midday gap starts and ends,
 * 停止取号, and closing time. Pure; the instants come from schedule.ts so the
 * kiosk's sentences ("14:15 起可取号") and the machine's deadlines agree.
 *
 * Within a day, boundaries at the same instant fall in PHASE_BOUNDARIES order
 * (a 停止取号 set to closing time stops tickets first, then closes).
 */
import { addDays } from '../domain/appointment.ts';
import { serviceDayOf } from '../domain/service-day.ts';
import { PHASE_BOUNDARIES, type HallPhaseRecord, type PhaseBoundary, type PhaseDeadline } from '../domain/hall-phase.ts';
import { stepHallPhase, type HallPhaseEvent } from '../machines/hall-phase-machine.ts';
import { dayTimes, instantOf, type HallSchedule } from './schedule.ts';
import type { HallConfig } from '../config/hall-config.ts';

export type CalendarConfig = { hall: Pick<HallConfig['hall'], 'hours' | 'timezone'>; schedule: HallSchedule };

const MIN = 60_000;
/** How far ahead a next boundary is looked for (a hall closed longer than this has no deadline until the file changes). */
const LOOKAHEAD_DAYS = 60;

const rank = (b: PhaseBoundary) => PHASE_BOUNDARIES.indexOf(b);
const compare = (x: PhaseDeadline, y: PhaseDeadline) => x.at - y.at || rank(x.boundary) - rank(y.boundary);

/** The boundaries of one calendar day, in order; the first is the day's start (local midnight). */
function boundariesOn(config: CalendarConfig, day: string): PhaseDeadline[] {
  const out: PhaseDeadline[] = [{ at: instantOf(day, '00:00', config.hall.timezone), boundary: 'new_day' }];
  const t = dayTimes(config, day);
  if (t.ticketsFrom === undefined || t.ticketsUntil === undefined || t.closesAt === undefined) return out;
  const until = t.ticketsUntil;
  if (t.ticketsFrom < until) out.push({ at: t.ticketsFrom, boundary: 'tickets_open' });
  // 错时: with windows kept open over midday the hall keeps issuing until the afternoon starts; otherwise tickets reopen shortly before it.
  const staggered = config.schedule.staggeredWindows.length > 0;
  for (let i = 0; i + 1 < t.sessions.length; i++) {
    const gapFrom = t.sessions[i]!.end;
    const reopen = staggered ? t.sessions[i + 1]!.start : t.sessions[i + 1]!.start - config.schedule.ticketsFromMinutesBefore * MIN;
    if (reopen <= gapFrom || gapFrom >= until) continue;
    out.push({ at: gapFrom, boundary: 'midday' });
    if (reopen < until) out.push({ at: reopen, boundary: 'tickets_open' });
  }
  if (t.ticketsFrom < until) out.push({ at: until, boundary: 'tickets_stop' });
  out.push({ at: t.closesAt, boundary: 'close' });
  return out.sort(compare);
}

/** Does the hall open on this day at all (a NEW_DAY into before_open, else closed_day)? */
function isOpenDay(config: CalendarConfig, day: string): boolean {
  return boundariesOn(config, day).length > 1;
}

/** The first boundary after `after` (strictly later, or later in order at the same instant). */
function boundaryAfter(config: CalendarConfig, after: PhaseDeadline): PhaseDeadline | undefined {
  let day = serviceDayOf(after.at, config.hall.timezone);
  for (let i = 0; i < LOOKAHEAD_DAYS; i++, day = addDays(day, 1)) {
    for (const b of boundariesOn(config, day)) if (compare(b, after) > 0) return b;
  }
  return undefined;
}

/** The first boundary strictly after the instant `now`. */
export function boundaryAfterInstant(config: CalendarConfig, now: number): PhaseDeadline | undefined {
  return boundaryAfter(config, { at: now, boundary: PHASE_BOUNDARIES[PHASE_BOUNDARIES.length - 1]! });
}

/** The machine event a boundary becomes (with the deadline after it). */
export function boundaryEvent(config: CalendarConfig, b: PhaseDeadline, ticketsLeft: number): HallPhaseEvent {
  const next = boundaryAfter(config, b);
  switch (b.boundary) {
    case 'new_day':
      return { type: 'NEW_DAY', at: b.at, openDay: isOpenDay(config, serviceDayOf(b.at, config.hall.timezone)), next };
    case 'tickets_open':
      return { type: 'TICKETS_OPEN', at: b.at, next };
    case 'midday':
      return { type: 'MIDDAY', at: b.at, next };
    case 'tickets_stop':
      return { type: 'TICKETS_STOP', at: b.at, next };
    case 'close':
      return { type: 'CLOSE', at: b.at, ticketsLeft, next };
  }
}

/**
 * Where the calendar puts the hall at `now`: the machine folded over today's
 * boundaries up to `now`, from the previous day's close. Used to (re)sync —
 * first start, or a changed calendar — never on the normal path, where each
 * boundary is its own logged event.
 */
export function calendarPhaseAt(config: CalendarConfig, now: number, ticketsLeft: number): HallPhaseRecord {
  const day = serviceDayOf(now, config.hall.timezone);
  let record: HallPhaseRecord = { status: 'closed' };
  for (const b of boundariesOn(config, day)) {
    if (b.at > now) break;
    record = stepHallPhase(record, boundaryEvent(config, b, ticketsLeft)) ?? record;
  }
  return record;
}

const fingerprints = new WeakMap<object, string>();

/**
 * A short stable fingerprint of what the deadlines depend on: a changed hall
 * file re-syncs the phase. Asked before and after every command, so it is
 * remembered per schedule object (a loaded configuration never changes).
 */
export function calendarFingerprint(config: CalendarConfig): string {
  const known = fingerprints.get(config.schedule);
  if (known !== undefined && fingerprints.get(config.hall) === known) return known;
  const text = JSON.stringify([config.hall.hours, config.hall.timezone, config.schedule]);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  const fingerprint = h.toString(16).padStart(8, '0');
  fingerprints.set(config.schedule, fingerprint);
  fingerprints.set(config.hall, fingerprint);
  return fingerprint;
}
