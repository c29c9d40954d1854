/**
 * The hall's calendar (seed 003 延时错时服务规范, seed 000 §16): which days the
 * hall opens and when, when tickets may be taken, and what comes next. Pure:
 * every answer is computed from the configuration and an instant, in the
 * hall's time zone, so a restart needs no timers to know where it stands
 * (extended service after closing resumes by construction).
 *
 *   a day's sessions = special day's hours
 *                    | closed on a holiday (法定节假日)
 *                    | a worked weekend day (调休上班) with the hours of a weekday
 *                    | the week's hours for that weekday (default: hall.hours Monday–Friday)
 *   tickets          = from `ticketsFromMinutesBefore` before the first session
 *                      until `ticketsUntilMinutesBefore` before the last one ends
 *                      (停止取号), also through the midday gap when some windows
 *                      stay open (错时: `staggeredWindows`)
 */
import type { HallConfig } from '../config/hall-config.ts';
import { addDays, isoWeekday, localInstant, weeklyHours, type OpeningOf } from '../domain/appointment.ts';
import { serviceDayOf } from '../domain/service-day.ts';

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
type Weekday = (typeof WEEKDAYS)[number];

export interface Session {
  start: string;
  end: string;
}

export interface HallSchedule {
  week?: Partial<Record<Weekday, Session[]>> | undefined;
  holidays: string[];
  workdays: { date: string; as: Weekday }[];
  special: { date: string; hours: Session[]; note?: string | undefined }[];
  ticketsFromMinutesBefore: number;
  ticketsUntilMinutesBefore: number;
  staggeredWindows: number[];
}

type ScheduleConfig = { hall: Pick<HallConfig['hall'], 'hours' | 'timezone'>; schedule: HallSchedule };

const MIN = 60_000;

/** Day of the week of a YYYY-MM-DD date (the calendar date itself, no zone involved). */
export function weekdayOf(day: string): Weekday {
  const [y, m, d] = day.split('-').map(Number);
  return WEEKDAYS[new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1)).getUTCDay()] ?? 'mon';
}

/** The hall's opening sessions on a day (empty: closed), and why. */
export function sessionsOn(
  config: ScheduleConfig,
  day: string,
): { sessions: Session[]; kind: 'special' | 'holiday' | 'workday' | 'normal'; note?: string | undefined } {
  const s = config.schedule;
  const special = s.special.find((x) => x.date === day);
  if (special) return { sessions: special.hours, kind: 'special', note: special.note };
  if (s.holidays.includes(day)) return { sessions: [], kind: 'holiday' };
  const worked = s.workdays.find((x) => x.date === day);
  if (worked) return { sessions: weekHours(config, worked.as), kind: 'workday' };
  return { sessions: weekHours(config, weekdayOf(day)), kind: 'normal' };
}

function weekHours(config: ScheduleConfig, weekday: Weekday): Session[] {
  const week = config.schedule.week;
  if (week) return week[weekday] ?? [];
  return weekday === 'sat' || weekday === 'sun' ? [] : config.hall.hours;
}

/** The instant of local wall-clock time `hhmm` on `day` in `timeZone` (one implementation, shared with appointments). */
export const instantOf = localInstant;

interface DayTimes {
  day: string;
  /** Opening sessions as instants, in order. */
  sessions: { start: number; end: number }[];
  /** 取号 from / 停止取号 at (undefined: closed day). */
  ticketsFrom?: number | undefined;
  ticketsUntil?: number | undefined;
  /** The last session's end: after it, 延时服务 until the last ticket is served. */
  closesAt?: number | undefined;
}

export function dayTimes(config: ScheduleConfig, day: string): DayTimes {
  const tz = config.hall.timezone;
  const sessions = sessionsOn(config, day)
    .sessions.map((s) => ({ start: instantOf(day, s.start, tz), end: instantOf(day, s.end, tz) }))
    .sort((a, b) => a.start - b.start);
  const first = sessions[0];
  const last = sessions[sessions.length - 1];
  if (!first || !last) return { day, sessions };
  return {
    day,
    sessions,
    ticketsFrom: first.start - config.schedule.ticketsFromMinutesBefore * MIN,
    ticketsUntil: last.end - config.schedule.ticketsUntilMinutesBefore * MIN,
    closesAt: last.end,
  };
}

export type TicketingStatus =
  | { open: true; closesAt: number }
  | { open: false; reason: 'not_yet' | 'midday_break' | 'stopped' | 'closed_day'; nextTicketsFrom?: number | undefined };

/** May a walk-in take a ticket now, and if not, why and from when. */
export function ticketingStatus(config: ScheduleConfig, now: number): TicketingStatus {
  const today = dayTimes(config, serviceDayOf(now, config.hall.timezone));
  const next = () => nextTicketsFrom(config, now);
  if (today.ticketsFrom === undefined || today.ticketsUntil === undefined || today.closesAt === undefined) {
    return { open: false, reason: 'closed_day', nextTicketsFrom: next() };
  }
  if (now < today.ticketsFrom) return { open: false, reason: 'not_yet', nextTicketsFrom: today.ticketsFrom };
  if (now >= today.ticketsUntil) return { open: false, reason: 'stopped', nextTicketsFrom: next() };
  // The gap between two sessions: tickets only if some windows stay open (错时).
  const staggered = config.schedule.staggeredWindows.length > 0;
  for (let i = 0; i + 1 < today.sessions.length; i++) {
    const gapFrom = today.sessions[i]!.end;
    const gapTo = today.sessions[i + 1]!.start;
    if (!staggered && now >= gapFrom && now < gapTo - config.schedule.ticketsFromMinutesBefore * MIN) {
      return { open: false, reason: 'midday_break', nextTicketsFrom: gapTo - config.schedule.ticketsFromMinutesBefore * MIN };
    }
  }
  return { open: true, closesAt: today.closesAt };
}

/** The next instant after `now` from which tickets can be taken (looks up to 60 days ahead). */
export function nextTicketsFrom(config: ScheduleConfig, now: number): number | undefined {
  let day = serviceDayOf(now, config.hall.timezone);
  for (let i = 0; i < 60; i++, day = addDays(day, 1)) {
    const t = dayTimes(config, day);
    if (t.ticketsFrom !== undefined && t.ticketsFrom > now) return t.ticketsFrom;
  }
  return undefined;
}

/** Is the hall past its closing time today (延时服务 while tickets are still open)? */
export function pastClosing(config: ScheduleConfig, now: number): boolean {
  const t = dayTimes(config, serviceDayOf(now, config.hall.timezone));
  return t.closesAt !== undefined && now >= t.closesAt;
}

/** Minutes of `[from, to)` that fall after the day's closing time: 延时 minutes for reports. */
export function extendedMs(config: ScheduleConfig, from: number, to: number): number {
  const t = dayTimes(config, serviceDayOf(from, config.hall.timezone));
  if (t.closesAt === undefined) return Math.max(0, to - from);
  return Math.max(0, to - Math.max(from, t.closesAt));
}

export const WEEKDAY_ZH: Record<Weekday, string> = { sun: '周日', mon: '周一', tue: '周二', wed: '周三', thu: '周四', fri: '周五', sat: '周六' };
export const WEEKDAY_EN: Record<Weekday, string> = { sun: 'Sun', mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat' };
const MONTH_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * "11月24日（周二）" / "Tue 24 Nov" for a local day "2026-11-24": how a date
 * reaches a visitor (never the ISO form). Given `today`, a day in another year
 * carries its year ("2027年2月21日（周日）").
 */
export function describeDay(day: string, today?: string): { zh: string; en: string } {
  const [y, m, d] = day.split('-').map(Number);
  const wd = weekdayOf(day);
  const year = today !== undefined && today.slice(0, 4) !== day.slice(0, 4);
  return {
    zh: `${year ? `${y}年` : ''}${m}月${d}日（${WEEKDAY_ZH[wd]}）`,
    en: `${WEEKDAY_EN[wd]} ${d} ${MONTH_EN[(m ?? 1) - 1]}${year ? ` ${y}` : ''}`,
  };
}

function hhmmOf(at: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(at));
}

/** "11月24日（周一）08:00" / "Mon 24 Nov 08:00" — how kiosks and refusals name the next opening. */
export function describeInstant(at: number, timeZone: string): { zh: string; en: string } {
  const day = describeDay(serviceDayOf(at, timeZone));
  const hhmm = hhmmOf(at, timeZone);
  return { zh: `${day.zh}${hhmm}`, en: `${day.en} ${hhmm}` };
}

/**
 * The same, said from `now` as a sign in the hall says it: 「今日 08:00」, 「明日 08:00」,
 * else the date (「11月24日（周二）08:00」). For the wall and the supervisor desk,
 * which stay on screen overnight.
 */
export function describeWhen(at: number, now: number, timeZone: string): { zh: string; en: string } {
  const day = serviceDayOf(at, timeZone);
  const today = serviceDayOf(now, timeZone);
  const hhmm = hhmmOf(at, timeZone);
  if (day === today) return { zh: `今日 ${hhmm}`, en: `today ${hhmm}` };
  if (day === addDays(today, 1)) return { zh: `明日 ${hhmm}`, en: `tomorrow ${hhmm}` };
  return describeInstant(at, timeZone);
}

/** 「11月24日（周二）08:00 起可取号」: from when a visitor may take a ticket again (with `now`: 今日/明日 instead of a near date). */
export function ticketsFromText(at: number, timeZone: string, now?: number): { zh: string; en: string } {
  const when = now === undefined ? describeInstant(at, timeZone) : describeWhen(at, now, timeZone);
  return { zh: `${when.zh} 起可取号`, en: `tickets again from ${when.en}` };
}

/** The sentence a visitor reads when no ticket can be taken now. */
export function ticketingClosedText(status: Extract<TicketingStatus, { open: false }>, timeZone: string): { zh: string; en: string } {
  const next = status.nextTicketsFrom === undefined ? undefined : ticketsFromText(status.nextTicketsFrom, timeZone);
  const when = { zh: next ? `，${next.zh}` : '', en: next ? `; ${next.en}` : '' };
  switch (status.reason) {
    case 'not_yet':
      return { zh: `取号时间未到${when.zh}`, en: `Ticketing has not started yet${when.en}` };
    case 'midday_break':
      return { zh: `午间休息${when.zh}`, en: `Midday break${when.en}` };
    case 'stopped':
      return { zh: `今日已停止取号${when.zh}`, en: `No more tickets today${when.en}` };
    case 'closed_day':
      return { zh: `今日不对外办公${when.zh}`, en: `The hall is closed today${when.en}` };
  }
}

/** Opening time (within the day's sessions) between two instants; bounded to 60 days. */
export function openingMsBetween(config: ScheduleConfig, from: number, to: number): number {
  if (to <= from) return 0;
  let total = 0;
  let day = serviceDayOf(from, config.hall.timezone);
  const last = serviceDayOf(to, config.hall.timezone);
  for (let i = 0; i < 60; i++, day = addDays(day, 1)) {
    for (const s of dayTimes(config, day).sessions) total += Math.max(0, Math.min(to, s.end) - Math.max(from, s.start));
    if (day === last) break;
  }
  return total;
}

/** The calendar's answer for appointment slots (holidays closed, 调休 days with their weekday's hours); hall.hours without one. */
export function appointmentOpening(config: Pick<HallConfig, 'hall' | 'schedule'>): OpeningOf {
  const schedule = config.schedule;
  if (!schedule) return weeklyHours(config);
  const calendar = { hall: config.hall, schedule };
  return (day) => {
    const { sessions, kind } = sessionsOn(calendar, day);
    const worked = kind === 'workday' ? schedule.workdays.find((w) => w.date === day)?.as : undefined;
    return { sessions, isoWeekday: worked ? WEEKDAYS.indexOf(worked) || 7 : isoWeekday(day) };
  };
}

/**
 * The instant at which `ms` of opening time will have passed since `from`
 * (the inverse of openingMsBetween): lunch breaks, nights, weekends and
 * holidays do not count. Without a calendar, plain wall time. A calendar with
 * no opening within a year falls back to wall time too, so a deadline is
 * never lost to a misconfigured week.
 */
export function afterOpeningMs(config: { hall: ScheduleConfig['hall']; schedule?: HallSchedule | undefined }, from: number, ms: number): number {
  const schedule = config.schedule;
  if (!schedule) return from + ms;
  const calendar = { hall: config.hall, schedule };
  let left = ms;
  let day = serviceDayOf(from, config.hall.timezone);
  for (let i = 0; i < 366; i++, day = addDays(day, 1)) {
    for (const s of dayTimes(calendar, day).sessions) {
      const start = Math.max(from, s.start);
      if (s.end <= start) continue;
      if (left <= s.end - start) return start + left;
      left -= s.end - start;
    }
  }
  return from + ms;
}
