/**
 * 预约 on the sockets (server/hall/appointment-desk.ts does the work). Kiosk:
 * slots, book (现场预约), check in and cancel by code — a code is a
 * credential, so attempts are limited per kiosk, and a check-in issues a
 * ticket, so it also counts as one. Staff (/window, /admin): slots, book for a
 * caller (电话预约) and cancel on the hall's side, with the clerk's own window.
 */
import { protocolError } from '../../../state-machines/protocol/errors.ts';
import {
  appointmentCodeRequest,
  appointmentSlotsRequest,
  bookAppointmentRequest,
  hallCancelAppointmentRequest,
  type AppointmentSlotsRequest,
} from '../../../state-machines/protocol/messages.ts';
import type {
  Ack,
  AppointmentReceipt,
  AppointmentSlotsResult,
  KioskClientEvents,
  StaffAppointmentEvents,
} from '../../../state-machines/protocol/socket-events.ts';
import type { Accepted } from '../../hall/hall-service.ts';
import type { Caller } from '../caller.ts';
import { defineCommands, type ServiceEntry } from '../registry.ts';

/** Bookable days and slots of a queue (each list computes a week of slots: limited per kiosk or session). */
const slots: ServiceEntry<AppointmentSlotsRequest, AppointmentSlotsResult> = {
  schema: appointmentSlotsRequest,
  cost: 'slot-list',
  run: (req, c) => c.services.appointments.slots(req.queueId),
};
const booked = (done: Accepted, c: Caller): Ack<AppointmentReceipt> => c.services.appointments.booked(done);
const cancelled = (done: Accepted, c: Caller): Ack<AppointmentReceipt> => c.services.appointments.cancelled(done);

export const kioskAppointmentCommands = defineCommands<KioskClientEvents>()({
  'appointment:slots': slots,
  'appointment:book': {
    schema: bookAppointmentRequest,
    cost: 'kiosk-code',
    check: (req) => (req.window !== undefined ? protocolError('BAD_REQUEST', '请求格式不正确', 'window is for staff bookings', 'window') : undefined),
    command: (req, c) => c.services.appointments.bookCommand(req, { channel: 'kiosk', bookedBy: c.deviceId }),
    answer: booked,
  },
  'appointment:check-in': {
    schema: appointmentCodeRequest,
    cost: 'kiosk-check-in',
    command: (req, c) => ({ type: 'appointment.check_in', code: req.code, deviceId: c.deviceId }),
    answer: (done, c) => {
      const answer = c.services.appointments.checkedIn(done);
      // The kiosk shows the paper's QR (with the ticket's key) when it could not print.
      return answer.ok ? { ...answer, result: { ...answer.result, pageKey: c.services.devices.ticketKeys.keyFor(answer.result.ticket.id) } } : answer;
    },
  },
  'appointment:cancel': {
    schema: appointmentCodeRequest,
    cost: 'kiosk-code',
    command: (req, c) => ({ type: 'appointment.cancel_by_visitor', code: req.code, actor: c.actor }),
    answer: cancelled,
  },
});

/** Shared by /window (`window` is the clerk's own: a clerk books only for their window's queues) and /admin. */
export const staffAppointmentCommands = defineCommands<StaffAppointmentEvents>()({
  'appointment:slots': slots,
  'appointment:book': {
    schema: bookAppointmentRequest,
    scope: 'own-window',
    cost: 'staff',
    command: (req, c) => c.services.appointments.bookCommand(req, { channel: 'phone', bookedBy: c.staffId, staff: c.by }),
    answer: booked,
  },
  'appointment:cancel': {
    schema: hallCancelAppointmentRequest,
    scope: 'own-window',
    cost: 'staff',
    command: (req, c) => ({ type: 'appointment.cancel_by_hall', appointmentId: req.appointmentId, reason: req.reason, by: c.by }),
    answer: cancelled,
  },
});
