/**
 * `appointment.*`: 预约. Booking a slot (kiosk, phone, online), cancelling
 * (by the visitor with the code, or by the hall with notice), and checking in
 * at a kiosk (the booking becomes a priority ticket placed at its slot).
 */
import { blockStatus, bookableDays, forfeitDeadline, slotsOf, type AppointmentRecord } from '../../domain/appointment.ts';
import { localClock, serviceDayOf } from '../../domain/service-day.ts';
import { formatTicketNumber, lastSequence, numberDigitsOf, ticketIdFor } from '../../domain/ticket.ts';
import { appointmentOpening, describeDay } from '../schedule.ts';
import { own, type HallState } from '../state.ts';
import { findWindow } from './at-window.ts';
import type { Decider } from './decider.ts';
import {
  appointmentEnded,
  blockedForNoShows,
  bookingNotForYourWindow,
  cannotBookForQueue,
  checkInTooEarly,
  codeCollision,
  forfeited,
  hallNoticeTooShort,
  noAppointment,
  noAppointments,
  noSuchSlot,
  numbersExhausted,
  onePerDay,
  slotAlreadyStarted,
  slotFull,
  slotStarted,
  unknownQueue,
} from './refusals.ts';
import { accept, refuse } from './result.ts';
import { findQueue, itemCheck, nextSequence } from './ticket.ts';

/** The booking with this check-in code, if any. */
export function byCode(state: Pick<HallState, 'appointments'>, code: string): AppointmentRecord | undefined {
  for (const a of Object.values(state.appointments)) if (a.code !== undefined && a.code === code) return a;
  return undefined;
}

/** A slot of a bookable day, not started, not full; one booking per person per day, none while blocked for no-shows. */
const book: Decider<'appointment.book'> = (state, config, command, now) => {
  const queue = findQueue(config, command.queueId);
  if (!queue) return refuse(unknownQueue(command.queueId, 'queueId'));
  if (!queue.appointments) return refuse(noAppointments(queue));
  const item = itemCheck(config, queue, command.itemId);
  if (!item.ok) return item;
  if (command.staff?.window !== undefined && !findWindow(config, command.staff.window)?.queues.includes(queue.id)) return refuse(cannotBookForQueue());
  const day = serviceDayOf(command.slotStart, config.hall.timezone);
  const opening = appointmentOpening(config);
  const slot = bookableDays(config, queue, now, opening).includes(day)
    ? slotsOf(config, queue, day, state.appointments, opening).find((s) => s.start === command.slotStart)
    : undefined;
  if (!slot) return refuse(noSuchSlot());
  if (slot.start <= now) return refuse(slotAlreadyStarted());
  if (slot.remaining <= 0) return refuse(slotFull(describeDay(day), slot.label));
  const rules = config.appointmentRules;
  const block = blockStatus(state.appointments, state.noShows ?? {}, command.personKey, rules, now);
  if (block.blocked) {
    const until =
      block.until === undefined ? { zh: '', en: '' } : describeDay(serviceDayOf(block.until, config.hall.timezone), serviceDayOf(now, config.hall.timezone));
    return refuse(blockedForNoShows(rules.blockDays, block.noShows, until));
  }
  const sameDay = Object.values(state.appointments).filter((a) => a.personKey === command.personKey && a.day === day && a.status !== 'cancelled').length;
  if (sameDay >= rules.maxPerPersonPerDay) return refuse(onePerDay(rules.maxPerPersonPerDay, describeDay(day)));
  if (byCode(state, command.code)) return refuse(codeCollision());
  return accept({
    type: 'appointment.booked',
    appointmentId: `appt-${state.appointmentsBooked + 1}`,
    code: command.code,
    queueId: queue.id,
    itemId: command.itemId,
    slotStart: slot.start,
    slotMinutes: queue.appointments.slotMinutes,
    day,
    channel: command.channel,
    bookedBy: command.bookedBy,
    nameMasked: command.nameMasked,
    phoneMasked: command.phoneMasked,
    personKey: command.personKey,
  });
};

/** The visitor cancels with the booking code, until the slot starts. */
const cancelByVisitor: Decider<'appointment.cancel_by_visitor'> = (state, _config, command, now) => {
  const a = byCode(state, command.code);
  if (!a) return refuse(noAppointment());
  if (a.status !== 'booked') return refuse(appointmentEnded(a));
  if (now >= a.slotStart) return refuse(slotStarted());
  return accept({ type: 'appointment.cancelled', appointmentId: a.id, by: 'visitor', actor: command.actor, reason: 'visitor_request' });
};

/** The hall cancels (a clerk only for their window's queues): with `hallCancelNoticeHours` notice, unless the caller asked for it. */
const cancelByHall: Decider<'appointment.cancel_by_hall'> = (state, config, command, now) => {
  const a = own(state.appointments, command.appointmentId);
  if (!a) return refuse(noAppointment());
  if (command.by.window !== undefined && !findWindow(config, command.by.window)?.queues.includes(a.queueId)) return refuse(bookingNotForYourWindow());
  if (a.status !== 'booked') return refuse(appointmentEnded(a));
  // 群众申请: the caller phoned to cancel — their own cancellation, made by staff; the hall's notice rule does not apply.
  if (command.reason === 'visitor_request') {
    if (now >= a.slotStart) return refuse(slotStarted());
    return accept({ type: 'appointment.cancelled', appointmentId: a.id, by: 'visitor', actor: command.by.staffId, reason: 'visitor_request' });
  }
  const hours = config.appointmentRules.hallCancelNoticeHours;
  if (now > a.slotStart - hours * 3_600_000) return refuse(hallNoticeTooShort(hours));
  return accept({ type: 'appointment.cancelled', appointmentId: a.id, by: 'hall', actor: command.by.staffId, reason: command.reason });
};

/** 预约签到: inside [slot − early, slot + late] the booking becomes a priority ticket placed at the slot start. */
const checkIn: Decider<'appointment.check_in'> = (state, config, command, now) => {
  const a = byCode(state, command.code);
  if (!a) return refuse(noAppointment());
  if (a.status !== 'booked') return refuse(appointmentEnded(a));
  const opens = a.slotStart - config.appointmentRules.checkInEarlyMinutes * 60_000;
  if (now < opens) {
    const day = serviceDayOf(opens, config.hall.timezone);
    const on = serviceDayOf(now, config.hall.timezone) === day ? undefined : describeDay(day);
    return refuse(checkInTooEarly(Math.ceil((opens - now) / 1000), localClock(opens, config.hall.timezone), on));
  }
  if (now > forfeitDeadline(a, config.appointmentRules)) return refuse(forfeited());
  const queue = findQueue(config, a.queueId);
  if (!queue) return refuse(unknownQueue(a.queueId));
  const serviceDay = serviceDayOf(now, config.hall.timezone);
  const sequence = nextSequence(state, queue.id, serviceDay);
  // A booked slot is a promise: neither the daily cap nor the cut-off refuses it; only the end of the numbers does.
  if (sequence > lastSequence(queue)) return refuse(numbersExhausted(queue));
  const number = formatTicketNumber(queue.prefix, sequence, numberDigitsOf(queue));
  return accept({
    type: 'appointment.checked_in',
    appointmentId: a.id,
    ticketId: ticketIdFor(serviceDay, number),
    number,
    queueId: queue.id,
    itemId: a.itemId,
    serviceDay,
    sequence,
    deviceId: command.deviceId,
    lineKey: a.slotStart,
  });
};

export const appointmentDeciders = {
  'appointment.book': book,
  'appointment.cancel_by_visitor': cancelByVisitor,
  'appointment.cancel_by_hall': cancelByHall,
  'appointment.check_in': checkIn,
};
