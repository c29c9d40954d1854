/**
 * Appointments (预约, seed 003 预约服务制度): booked on site, by phone or
 * online for an item and a slot; checked in at a kiosk inside the allowed
 * window to become a priority ticket; more than the grace late = forfeited.
 *
 * Privacy: the hall keeps only what the rules need — the masked name and
 * phone (张*三, 138****1234) to show on the visitor's own check-in screen and
 * to staff, and a keyed hash of the phone (`personKey`, made by the server)
 * to count no-shows. Full names and phone numbers are never stored.
 *
 * Everything here is pure: time comes in as arguments.
 */
import type { AppointmentRules, HallConfig, QueueConfig } from '../config/hall-config.ts';
import { serviceDayOf } from './service-day.ts';

/**
 *   booked ─ check in (inside the window) ─▶ checked_in   (a priority ticket exists)
 *   booked ─ cancel (visitor, or the hall with notice) ─▶ cancelled
 *   booked ─ slot start + late minutes passed ─▶ forfeited (爽约, a no-show),
 *     logged by the hall's clock (appointment.forfeited) at that deadline; in
 *     the instant between the deadline and the clock's event, `phaseAt` already
 *     answers forfeited, so no rule ever sees a late booking as still valid.
 */
export type AppointmentStatus = 'booked' | 'checked_in' | 'cancelled' | 'forfeited';

export const APPOINTMENT_CHANNELS = ['kiosk', 'phone', 'online'] as const;
export type AppointmentChannel = (typeof APPOINTMENT_CHANNELS)[number];

export const APPOINTMENT_CANCEL_REASONS = ['visitor_request', 'hall_closed', 'staff_unavailable', 'system', 'other'] as const;
export type AppointmentCancelReason = (typeof APPOINTMENT_CANCEL_REASONS)[number];
/** What the hall may give as its own reason for cancelling (needs `hallCancelNoticeHours` notice). */
const HALL_CANCEL_REASONS = ['hall_closed', 'staff_unavailable', 'system', 'other'] as const satisfies readonly AppointmentCancelReason[];
/**
 * What staff may pick when cancelling: the hall's reasons, or 群众申请 — a
 * caller who phones to cancel. That one is the visitor's own cancellation,
 * made by staff on their behalf: no notice rule, allowed until the slot
 * starts, recorded as `by: 'visitor'` with the staff member as actor.
 */
export const STAFF_CANCEL_REASONS = ['visitor_request', ...HALL_CANCEL_REASONS] as const satisfies readonly AppointmentCancelReason[];
export type HallCancelReason = (typeof STAFF_CANCEL_REASONS)[number];

/**
 * What a booking accepts, shared by the protocol schema and the screens that
 * check as the person types: a name of 1–20 letters (Chinese, Latin, ·), and
 * a mainland mobile number (11 digits starting with 1) — the hall texts the
 * booking to it, so a landline is not taken.
 */
export const PERSON_NAME_PATTERN = /^[\p{L}·. ]+$/u;
export const MOBILE_PATTERN = /^1\d{10}$/;
/** Appointment ids as the decider makes them: `appt-<n>`, n counting every booking of the hall. */
export const APPOINTMENT_ID_PATTERN = /^appt-[1-9]\d{0,9}$/;

export interface AppointmentRecord {
  id: string;
  /** Check-in code: a bearer credential. Absent in what public screens receive. */
  code?: string | undefined;
  queueId: string;
  itemId?: string | undefined;
  /** Slot start, ms since the epoch. */
  slotStart: number;
  slotMinutes: number;
  /** The local day of the slot, "2026-11-23". */
  day: string;
  channel: AppointmentChannel;
  /** The online channel's id (channels[].id) or the staff member / kiosk that booked. */
  bookedBy: string;
  bookedAt: number;
  /** 张*三 — staff and the visitor's own screens only. */
  nameMasked?: string | undefined;
  /** 138****1234 — staff and the visitor's own screens only. */
  phoneMasked?: string | undefined;
  /** Keyed hash of the phone number: no-show counting. Never sent to public screens. */
  personKey?: string | undefined;
  status: AppointmentStatus;
  checkedInAt?: number | undefined;
  ticketId?: string | undefined;
  cancelledAt?: number | undefined;
  cancelledBy?: 'visitor' | 'hall' | undefined;
  cancelReason?: AppointmentCancelReason | undefined;
  forfeitedAt?: number | undefined;
}

/** The instant after which a booking not checked in is forfeited. */
export function forfeitDeadline(a: Pick<AppointmentRecord, 'slotStart'>, rules: Pick<AppointmentRules, 'checkInLateMinutes'>): number {
  return a.slotStart + rules.checkInLateMinutes * 60_000;
}

export const FORFEIT_REASON_ZH = '已超过签到时间，预约作废，可现场取号';
export const FORFEIT_REASON_EN = 'Check-in time has passed: the appointment is forfeited. You may take a walk-in ticket.';

/** 张*三, 李*, 欧阳**: first and (for three or more characters) last character kept. */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/** 138****1234 */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 7) return '*'.repeat(digits.length);
  return `${digits.slice(0, 3)}${'*'.repeat(digits.length - 7)}${digits.slice(-4)}`;
}

/** What a booking is at `now`: its status, or forfeited once past the check-in window even before the clock has logged it. */
export function phaseAt(a: AppointmentRecord, rules: Pick<AppointmentRules, 'checkInLateMinutes'>, now: number): AppointmentStatus {
  if (a.status === 'booked' && now > forfeitDeadline(a, rules)) return 'forfeited';
  return a.status;
}

/** Whether the slot is still taken (capacity): everything but a cancelled booking. */
function holdsSlot(a: AppointmentRecord): boolean {
  return a.status !== 'cancelled';
}

export interface Slot {
  start: number;
  end: number;
  /** "09:10" local. */
  label: string;
  capacity: number;
  booked: number;
  remaining: number;
}

const MINUTE = 60_000;
const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** Milliseconds to add to UTC to get local wall-clock time in `timeZone` at `at`. */
function zoneOffset(at: number, timeZone: string): number {
  let f = offsetFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    offsetFormatters.set(timeZone, f);
  }
  const parts: Record<string, number> = {};
  for (const p of f.formatToParts(new Date(at))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const asUtc = Date.UTC(parts.year ?? 1970, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0);
  return asUtc - Math.floor(at / 1000) * 1000;
}

/** The instant of local "HH:MM" on local day "YYYY-MM-DD" in `timeZone`. */
export function localInstant(day: string, time: string, timeZone: string): number {
  const [y, m, d] = day.split('-').map(Number);
  const [hh, mm] = time.split(':').map(Number);
  const wall = Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1, hh ?? 0, mm ?? 0);
  let guess = wall - zoneOffset(wall, timeZone);
  // A second pass settles days where the offset changes (not in China, but the zone is configurable).
  guess = wall - zoneOffset(guess, timeZone);
  return guess;
}

/** ISO weekday of a local day: 1 = Monday … 7 = Sunday. */
export function isoWeekday(day: string): number {
  const [y, m, d] = day.split('-').map(Number);
  const w = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1)).getUTCDay();
  return w === 0 ? 7 : w;
}

/** The local day `offset` days after `day`. */
export function addDays(day: string, offset: number): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + offset)).toISOString().slice(0, 10);
}

/**
 * How the hall opens on a day, for appointments: its sessions (empty: closed —
 * a holiday) and the ISO weekday whose rules apply (a 调休 Saturday worked as a
 * Friday counts as Friday). Without a calendar: `hall.hours` on every day.
 */
interface OpeningDay {
  sessions: readonly { start: string; end: string }[];
  isoWeekday: number;
}
export type OpeningOf = (day: string) => OpeningDay;

export function weeklyHours(config: Pick<HallConfig, 'hall'>): OpeningOf {
  return (day) => ({ sessions: config.hall.hours, isoWeekday: isoWeekday(day) });
}

/** Whether the queue takes appointments on a day: one of its open weekdays, and the hall opens. */
function takesAppointments(queue: QueueConfig, opening: OpeningDay): boolean {
  return queue.appointments !== undefined && opening.sessions.length > 0 && queue.appointments.openDays.includes(opening.isoWeekday);
}

/** Days a visitor may book from `now`: today … today + bookAheadDays, on the queue's open days that the hall opens. */
export function bookableDays(
  config: Pick<HallConfig, 'hall' | 'appointmentRules'>,
  queue: QueueConfig,
  now: number,
  opening: OpeningOf = weeklyHours(config),
): string[] {
  if (!queue.appointments) return [];
  const today = serviceDayOf(now, config.hall.timezone);
  const days: string[] = [];
  for (let i = 0; i <= config.appointmentRules.bookAheadDays; i++) {
    const day = addDays(today, i);
    if (takesAppointments(queue, opening(day))) days.push(day);
  }
  return days;
}

/**
 * The slots of a queue on a local day: each opening session of that day
 * (`opening`: the hall calendar's, else hall.hours) cut into `slotMinutes`
 * pieces that end inside the session; empty on a day the queue takes no
 * appointments or the hall is closed.
 */
export function slotsOf(
  config: Pick<HallConfig, 'hall'>,
  queue: QueueConfig,
  day: string,
  appointments: Record<string, AppointmentRecord>,
  opening: OpeningOf = weeklyHours(config),
): Slot[] {
  const setup = queue.appointments;
  const open = opening(day);
  if (!setup || !takesAppointments(queue, open)) return [];
  const booked = new Map<number, number>();
  for (const a of Object.values(appointments)) {
    if (a.queueId === queue.id && a.day === day && holdsSlot(a)) booked.set(a.slotStart, (booked.get(a.slotStart) ?? 0) + 1);
  }
  const slots: Slot[] = [];
  for (const session of open.sessions) {
    const sessionStart = localInstant(day, session.start, config.hall.timezone);
    const sessionEnd = localInstant(day, session.end, config.hall.timezone);
    // Bounded: at most 24 h ÷ 5 min slots per session.
    for (let start = sessionStart, n = 0; start + setup.slotMinutes * MINUTE <= sessionEnd && n < 288; start += setup.slotMinutes * MINUTE, n++) {
      const count = booked.get(start) ?? 0;
      const minutes = Math.round((start - sessionStart) / MINUTE) + toMinutes(session.start);
      slots.push({
        start,
        end: start + setup.slotMinutes * MINUTE,
        label: `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`,
        capacity: setup.capacity,
        booked: count,
        remaining: Math.max(0, setup.capacity - count),
      });
    }
  }
  return slots;
}

function toMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

interface BlockStatus {
  /** No-shows counted (slots within the last blockDays). */
  noShows: number;
  blocked: boolean;
  /** When a blocked person may book again (ms). */
  until?: number | undefined;
}

/**
 * The block rule (爽约限制): a person with `noShowsBeforeBlock` forfeited
 * bookings whose slots fall within the last `blockDays` may not book until
 * enough of them are older than that. Pure: derived from the slot times — of
 * today's and later bookings (`appointments`) and of the no-shows of earlier
 * days compacted into `pastNoShows` (HallState.noShows).
 */
export function blockStatus(
  appointments: Record<string, AppointmentRecord>,
  pastNoShows: Record<string, number[]>,
  personKey: string,
  rules: Pick<AppointmentRules, 'checkInLateMinutes' | 'noShowsBeforeBlock' | 'blockDays'>,
  now: number,
): BlockStatus {
  const windowMs = rules.blockDays * 24 * 60 * MINUTE;
  const times: number[] = (pastNoShows[personKey] ?? []).filter((t) => t > now - windowMs);
  for (const a of Object.values(appointments)) {
    if (a.personKey !== personKey || phaseAt(a, rules, now) !== 'forfeited') continue;
    if (a.slotStart > now - windowMs) times.push(a.slotStart);
  }
  times.sort((x, y) => x - y);
  if (times.length < rules.noShowsBeforeBlock) return { noShows: times.length, blocked: false };
  // The count drops below the limit once the oldest (count − limit + 1) no-shows are older than blockDays.
  const expiring = times[times.length - rules.noShowsBeforeBlock] ?? now;
  return { noShows: times.length, blocked: true, until: expiring + windowMs };
}
