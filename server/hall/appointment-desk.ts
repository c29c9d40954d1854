/**
 * The appointments desk (预约): the server half of booking, cancelling and
 * checking in, shared by the kiosk and staff sockets and the REST API.
 *
 * Here — and only here — the visitor's real name and phone number are seen:
 * they become the masks (张*三, 138****1234) and a keyed hash of the phone
 * (HMAC-SHA-256 with a random key kept in hall.sqlite, outside the event log)
 * before the command reaches `decide`. The full name and number are never
 * stored or logged. The check-in code is drawn here at random (8 digits) and
 * decide refuses a collision, so the draw is retried.
 */
import type Database from 'better-sqlite3';
import { createHmac, randomInt } from 'node:crypto';
import { hallSecret } from '../store/hall-secret.ts';
import { appointmentOpening } from '../../state-machines/hall/schedule.ts';
import { bookableDays, maskName, maskPhone, slotsOf, type AppointmentChannel, type AppointmentRecord } from '../../state-machines/domain/appointment.ts';
import { byCode } from '../../state-machines/hall/deciders/appointment.ts';
import type { AppointmentCommand, StaffActor } from '../../state-machines/hall/decide.ts';
import { ticketWait } from '../../state-machines/hall/estimate.ts';
import { own } from '../../state-machines/hall/state.ts';
import { protocolError } from '../../state-machines/protocol/errors.ts';
import type { BookAppointmentRequest } from '../../state-machines/protocol/messages.ts';
import { publicTicket } from '../../state-machines/protocol/projection.ts';
import type { Ack, AppointmentReceipt, AppointmentSlotsResult, AppointmentView, CheckInReceipt } from '../../state-machines/protocol/socket-events.ts';
import { requestIdReused, requestKey, type Accepted, type HallService } from './hall-service.ts';

const CODE_DRAWS = 5;

/** Who books: the channel, who it names as booking, and the clerk for a phone booking. */
export interface Booker {
  channel: AppointmentChannel;
  bookedBy: string;
  staff?: StaffActor | undefined;
}

type Refused = Extract<Ack<never>, { ok: false }>;

export class AppointmentDesk {
  private readonly key: Buffer;

  constructor(
    readonly hall: HallService,
    db: Database.Database,
    private readonly now: () => number = Date.now,
  ) {
    this.key = hallSecret(db, 'appointment_key');
  }

  /** Keyed hash of a phone number: the same person across bookings, not reversible without the key. */
  personKey(phone: string): string {
    return createHmac('sha256', this.key).update(phone.replace(/\D/g, '')).digest('base64url').slice(0, 22);
  }

  slots(queueId: string): Ack<AppointmentSlotsResult> {
    const queue = this.hall.config.queues.find((q) => q.id === queueId);
    if (!queue) return { ok: false, error: protocolError('NOT_FOUND', '没有这个业务队列', `Unknown queue ${queueId}`, 'queueId') };
    if (!queue.appointments)
      return { ok: false, error: protocolError('BAD_REQUEST', `${queue.name.zh}不接受预约，请现场取号`, `${queue.name.en} takes no appointments`, 'queueId') };
    const now = this.now();
    const opening = appointmentOpening(this.hall.config);
    const days = bookableDays(this.hall.config, queue, now, opening).map((day) => ({
      day,
      slots: slotsOf(this.hall.config, queue, day, this.hall.state.appointments, opening).filter((s) => s.start > now),
    }));
    return { ok: true, seq: this.hall.seq, result: { queueId, days: days.filter((d) => d.slots.length > 0) } };
  }

  /** Book for a visitor (kiosk), a caller (staff, by phone) or an online channel (REST; the sockets go through the command registry). */
  book(req: BookAppointmentRequest, who: Booker & { actor: string }): Ack<AppointmentReceipt> {
    const command = this.bookCommand(req, who);
    if ('ok' in command) return command;
    const executed = this.hall.execute(command, who.actor, requestKey(who.actor, req.requestId));
    return executed.ok ? this.booked(executed) : executed;
  }

  /**
   * The booking command: masks and the keyed hash instead of the name and
   * phone, and a fresh check-in code — or INTERNAL when no free code could be
   * drawn.
   */
  bookCommand(req: BookAppointmentRequest, who: Booker): AppointmentCommand | Refused {
    // A code no booking holds, drawn before the one execute: a refusal is the request's answer (a retry gets it again),
    // so a collision must not reach decide (which still refuses one, as a guard). Synchronous: nothing books in between.
    let code: string | undefined;
    for (let draw = 0; draw < CODE_DRAWS && code === undefined; draw++) {
      const drawn = String(randomInt(10_000_000, 100_000_000));
      if (!byCode(this.hall.state, drawn)) code = drawn;
    }
    if (code === undefined) return { ok: false, error: protocolError('INTERNAL', '系统繁忙，请重试', 'Could not draw a free booking code') };
    return {
      type: 'appointment.book',
      queueId: req.queueId,
      itemId: req.itemId,
      slotStart: req.slotStart,
      channel: who.channel,
      bookedBy: who.bookedBy,
      nameMasked: maskName(req.name),
      phoneMasked: maskPhone(req.phone),
      personKey: this.personKey(req.phone),
      staff: who.staff,
      code,
    };
  }

  /** The answer to an accepted booking: the booking with its code (shown once). */
  booked(done: Accepted): Ack<AppointmentReceipt> {
    const e = done.event.event;
    if (e.type !== 'appointment.booked') return requestIdReused();
    return { ok: true, seq: done.event.seq, result: { appointment: this.view(e.appointmentId, true) } };
  }

  /** 预约签到: the priority ticket with people ahead and the estimate, and the masked name for the visitor's own screen. */
  checkedIn(done: Accepted): Ack<CheckInReceipt> {
    const e = done.event.event;
    if (e.type !== 'appointment.checked_in') return requestIdReused();
    const ticket = own(this.hall.state.tickets, e.ticketId);
    if (!ticket) throw new Error(`ticket ${e.ticketId} vanished from state`);
    // As of the check-in (the printed ticket is figured at the same event), or now for a retry.
    const { ahead, wait } = ticketWait(this.hall.state, this.hall.config, ticket, done.duplicate ? this.now() : done.event.at);
    const appointment = this.view(e.appointmentId, false);
    return { ok: true, seq: done.event.seq, result: { ticket: publicTicket(ticket), ahead, wait, appointment } };
  }

  /** The visitor cancels with the code (REST; the kiosk goes through the command registry). */
  cancelByCode(code: string, actor: string, requestId: string): Ack<AppointmentReceipt> {
    const executed = this.hall.execute({ type: 'appointment.cancel_by_visitor', code, actor }, actor, requestKey(actor, requestId));
    return executed.ok ? this.cancelled(executed) : executed;
  }

  /** The answer to an accepted cancellation (by the visitor or the hall). */
  cancelled(done: Accepted): Ack<AppointmentReceipt> {
    const e = done.event.event;
    if (e.type !== 'appointment.cancelled') return requestIdReused();
    return { ok: true, seq: done.event.seq, result: { appointment: this.view(e.appointmentId, false) } };
  }

  /** A booking found by its code (REST look-up by the channel that holds the code). */
  findByCode(code: string): AppointmentRecord | undefined {
    return byCode(this.hall.state, code);
  }

  view(appointmentId: string, withCode: boolean): AppointmentView {
    const a = own(this.hall.state.appointments, appointmentId);
    if (!a) throw new Error(`appointment ${appointmentId} vanished from state`);
    return {
      id: a.id,
      code: withCode ? a.code : undefined,
      queueId: a.queueId,
      itemId: a.itemId,
      slotStart: a.slotStart,
      slotMinutes: a.slotMinutes,
      day: a.day,
      status: a.status,
      nameMasked: a.nameMasked,
      phoneMasked: a.phoneMasked,
    };
  }
}
