/**
 * How a booking (预约) reads on any screen — the kiosk where a visitor books,
 * the clerk's panel and the supervisor desk where staff book by phone: days,
 * what is left in a slot, and whether a name and a phone number will be
 * taken (the same patterns the server's schema applies).
 */
import type { Socket } from 'socket.io-client';
import { MOBILE_PATTERN, PERSON_NAME_PATTERN } from '../../domain/appointment.ts';
import type { PublicHallConfig, QueueConfig } from '../../config/hall-config.ts';
import type { AppointmentSlotsResult, AppointmentView, ServerToClientEvents, StaffAppointmentEvents } from '../../protocol/socket-events.ts';
import { formatTime } from './clock.ts';
import { ACK_TIMEOUT_MS, sendWithRetry, type Outcome } from './command.ts';
import type { Text } from './i18n.ts';
import { describeDay } from '../../hall/schedule.ts';

export const remaining = (n: number): Text => ({ zh: `余 ${n} 个`, en: `${n} left` });
export const SLOT_FULL: Text = { zh: '已约满', en: 'Full' };

/** "11月23日（周一）" / "Mon 23 Nov" for a local day "2026-11-23": the hall's way, as in every refusal and notice. */
export const dayLabel: (day: string) => Text = describeDay;

/** The same day on a two-line day button: date above, weekday below. */
export function dayParts(day: string): { date: Text; weekday: Text } {
  const { zh, en } = describeDay(day);
  const [weekdayEn = '', ...dateEn] = en.split(' ');
  return { date: { zh: zh.replace(/（.*$/, ''), en: dateEn.join(' ') }, weekday: { zh: zh.replace(/^.*（|）$/g, ''), en: weekdayEn } };
}

/** "10:30–11:10" for a slot start and its length. */
export function slotSpan(start: number, minutes: number, timeZone: string): string {
  return `${formatTime(start, timeZone)}–${formatTime(start + minutes * 60_000, timeZone)}`;
}

/** What a booking confirmation shows, on the kiosk and to staff booking by phone. */
interface Confirmation {
  queue: QueueConfig | undefined;
  code: string;
  /** "1234 5678": grouped 4 + 4, the way it is read out or typed on the pad. */
  codeGrouped: string;
  span: string;
  /** The check-in window at a kiosk, "10:30" to "11:30". */
  checkInFrom: string;
  checkInTo: string;
}

export function confirmationOf(a: AppointmentView, config: PublicHallConfig): Confirmation {
  const tz = config.hall.timezone;
  const rules = config.appointmentRules;
  const code = a.code ?? '';
  return {
    queue: config.queues.find((q) => q.id === a.queueId),
    code,
    codeGrouped: `${code.slice(0, 4)} ${code.slice(4)}`,
    span: slotSpan(a.slotStart, a.slotMinutes, tz),
    checkInFrom: formatTime(a.slotStart - rules.checkInEarlyMinutes * 60_000, tz),
    checkInTo: formatTime(a.slotStart + rules.checkInLateMinutes * 60_000, tz),
  };
}

export function isPersonName(name: string): boolean {
  const trimmed = name.trim();
  return trimmed.length > 0 && Array.from(trimmed).length <= 20 && PERSON_NAME_PATTERN.test(trimmed);
}

/** Digits only: a caller reads a number out in groups, so staff may type "138 1234 5678" or "138-1234-5678". */
export function phoneDigits(typed: string): string {
  return typed.replace(/[\s-]/g, '');
}

export function isMobile(phone: string): boolean {
  return MOBILE_PATTERN.test(phone);
}

/** Any socket that may ask for slots: the kiosk's, a clerk's, the supervisor's. */
type SlotsSocket = Socket<ServerToClientEvents, Pick<StaffAppointmentEvents, 'appointment:slots'>>;

/** Bookable days and slots of a queue, with what is left in each (a read: retried freely). */
export function fetchSlots(socket: SlotsSocket, queueId: string): Promise<Outcome<AppointmentSlotsResult>> {
  return sendWithRetry(() => socket.timeout(ACK_TIMEOUT_MS).emitWithAck('appointment:slots', { queueId }));
}
