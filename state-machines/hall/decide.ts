/**
 * decide(state, config, command, now): the business operation behind each
 * command. It either returns the one event that records what happened, or a
 * typed error — and never changes the state itself. The server appends the
 * event durably, then folds it with `evolve`.
 *
 * Because the server runs decide → append → evolve synchronously for one
 * command at a time, two windows pressing "call next" at once are decided one
 * after the other against the updated state: one ticket is never called twice.
 *
 * The machines say what an entity may do (a finished ticket cannot be called);
 * the rules that need configuration or the clock (daily cap, cut-off, 过号
 * grace, requeue policy, who is next) are checked here.
 */
import type { HallConfig, QueueConfig, WindowConfig } from '../config/hall-config.ts';
import type { HallEvent } from '../domain/events.ts';
import {
  blockStatus,
  bookableDays,
  FORFEIT_REASON_EN,
  FORFEIT_REASON_ZH,
  forfeitDeadline,
  slotsOf,
  type AppointmentCancelReason,
  type AppointmentChannel,
  type AppointmentRecord,
} from '../domain/appointment.ts';
import { localClock, serviceDayOf } from '../domain/service-day.ts';
import { postOf, postsOf, type AbsenceReason, type Post, type Posts, type WindowStaffing as StaffingRecord } from '../domain/staffing.ts';
import {
  dailyLimit,
  formatTicketNumber,
  lastSequence,
  numberDigitsOf,
  ticketIdFor,
  type CancelReason,
  type GreenReason,
  type TicketClass,
  type TicketRecord,
} from '../domain/ticket.ts';
import { staffingRecordOf, stepStaffing } from '../machines/staffing-machine.ts';
import { stepTicket, ticketRules } from '../machines/ticket-machine.ts';
import { can } from '../machines/ask.ts';
import type { PauseReason, WindowRecord } from '../domain/window.ts';
import { stepWindow } from '../machines/window-machine.ts';
import { protocolError, type ProtocolError } from '../protocol/errors.ts';
import { openRefusal, strandedBy } from './after-hours.ts';
import { chooseNext, compareLine, eligibleAt } from './call-order.ts';
import { duePhaseEvent, hallTicketing, inExtendedService, soonestForfeit } from './hall-clock.ts';
import { staffingDeadlines } from './staffing-deadlines.ts';
import { afterOpeningMs, appointmentOpening, describeDay, extendedMs, pastClosing, ticketingClosedText } from './schedule.ts';
import { own, type HallState } from './state.ts';

/** A clerk acting at their window. */
interface AtWindow {
  clerkId: string;
  window: number;
}

/** Staff acting on a ticket that is not at their counter: a clerk (limited to their window's queues) or a supervisor. */
export interface StaffActor {
  staffId: string;
  /** Set for a clerk: the window they are signed in to. Unset for a supervisor. */
  window?: number | undefined;
}

export type HallCommand =
  | {
      type: 'ticket.take';
      deviceId: string;
      queueId: string;
      itemId?: string | undefined;
      class?: TicketClass | undefined;
      priorityReason?: GreenReason | undefined;
    }
  | ({ type: 'clerk.sign_in' } & AtWindow)
  | ({ type: 'clerk.sign_out'; reason?: AbsenceReason | undefined } & AtWindow)
  | ({ type: 'post.take_over' } & AtWindow)
  | { type: 'post.assign'; window: number; post: Post; clerkId: string; by: StaffActor }
  /** Sent by the hall's clock (actor 'clock') when a staffing deadline is due (staffing-deadlines.ts). */
  | { type: 'post.escalate'; window: number }
  | ({ type: 'window.open' } & AtWindow)
  | ({ type: 'window.close' } & AtWindow)
  | ({ type: 'window.pause'; reason: PauseReason; note?: string | undefined } & AtWindow)
  | ({ type: 'window.resume' } & AtWindow)
  /** The supervisor closes a window although tickets wait that only it serves (延时服务), with a reason. */
  | { type: 'window.close_approved'; window: number; by: StaffActor; reason: string }
  | ({ type: 'ticket.call_next' } & AtWindow)
  | ({ type: 'ticket.call_number'; ticketId: string } & AtWindow)
  | ({ type: 'ticket.recall'; ticketId: string } & AtWindow)
  | ({ type: 'ticket.start'; ticketId: string } & AtWindow)
  | ({ type: 'ticket.complete'; ticketId: string } & AtWindow)
  | ({ type: 'ticket.no_show'; ticketId: string } & AtWindow)
  | ({ type: 'ticket.transfer'; ticketId: string; toQueueId?: string | undefined; toWindow?: number | undefined; note?: string | undefined } & AtWindow)
  | ({ type: 'ticket.park'; ticketId: string; note?: string | undefined } & AtWindow)
  | ({ type: 'ticket.resume'; ticketId: string } & AtWindow)
  | { type: 'ticket.requeue'; ticketId: string; by: StaffActor }
  | { type: 'ticket.cancel'; ticketId: string; reason: CancelReason; note?: string | undefined; by: StaffActor }
  | { type: 'ticket.prioritise'; ticketId: string; reason: GreenReason; by: StaffActor }
  | AppointmentCommand;

/**
 * 预约. The server turns the visitor's name and phone into masks and a keyed
 * hash before the command is built, and draws the random check-in code: decide
 * never sees a full name or phone number.
 */
export type AppointmentCommand =
  | {
      type: 'appointment.book';
      queueId: string;
      itemId?: string | undefined;
      slotStart: number;
      channel: AppointmentChannel;
      bookedBy: string;
      code: string;
      nameMasked: string;
      phoneMasked: string;
      personKey: string;
      /** Staff booking by phone: a clerk only for the queues of their window. */
      staff?: StaffActor | undefined;
    }
  /** The visitor cancels with the booking code (kiosk, online channel). */
  | { type: 'appointment.cancel_by_visitor'; code: string; actor: string }
  /** The hall cancels a booking: only with `hallCancelNoticeHours` notice. */
  | { type: 'appointment.cancel_by_hall'; appointmentId: string; reason: AppointmentCancelReason; by: StaffActor }
  | { type: 'appointment.check_in'; code: string; deviceId: string }
  /** The hall's clock: a deadline stored in the state has come due (sent by the server's clock service; no client can send it). */
  | { type: 'clock.tick' };

export type HallCommandType = HallCommand['type'];

export type Decision = { ok: true; event: HallEvent } | { ok: false; error: ProtocolError };

const refuse = (error: ProtocolError): Decision => ({ ok: false, error });
const accept = (event: HallEvent): Decision => ({ ok: true, event });

export function decide(state: HallState, config: HallConfig, command: HallCommand, now: number): Decision {
  const standby = standbyRefusal(state, config, command);
  if (standby) return refuse(standby);
  switch (command.type) {
    case 'ticket.take':
      return decideTake(state, config, command, now);
    case 'clock.tick': {
      // The hall's day first (a boundary may change what staffing deadlines mean), then AB岗 escalations due.
      const due = duePhaseEvent(state, config, now);
      if (due) return accept(due);
      for (const deadline of staffingDeadlines(state)) {
        if (deadline.at > now) break;
        const escalated = decideEscalate(state, config, { type: 'post.escalate', window: deadline.window }, now);
        if (escalated.ok) return escalated;
      }
      const late = soonestForfeit(state, config);
      if (late && late.due < now) return accept({ type: 'appointment.forfeited', appointmentId: late.appointmentId, due: late.due });
      return refuse(protocolError('TOO_EARLY', '没有到期的事项', 'Nothing is due'));
    }
    case 'clerk.sign_in': {
      if (!findWindow(config, command.window)) return refuse(unknownWindow(command.window));
      const posts = postsOf(state, config, command.window);
      // Signing in is always allowed (it is how a clerk comes back); the machine still has the last word.
      if (!stepStaffing(staffingRecordOf(state.staffing, command.window), { type: 'SIGN_IN', at: now, clerkId: command.clerkId, posts })) {
        return refuse(protocolError('ILLEGAL_TRANSITION', '现在不能登录本窗口', 'Signing in to this window is not possible now'));
      }
      return accept({ type: 'clerk.signed_in', clerkId: command.clerkId, window: command.window, posts });
    }
    case 'clerk.sign_out':
      return decideSignOut(state, config, command, now);
    case 'post.take_over':
      return decideTakeOver(state, config, command, now);
    case 'post.assign':
      return decideAssign(state, config, command, now);
    case 'post.escalate':
      return decideEscalate(state, config, command, now);
    case 'window.open':
      return decideOpen(state, config, command, now);
    case 'window.close': {
      const record = openWindowOf(state, config, command.window, { allowPaused: true });
      if ('code' in record) return refuse(record);
      if (!stepWindow(record, { type: 'CLOSE', at: now })) return refuse(counterBusy('关闭窗口', 'closing the window'));
      const extended = extendedOf(config, record, now);
      if (inExtendedService(state, config, now)) {
        const left = strandedBy(state, config, command.window);
        if (left > 0) {
          return refuse(
            protocolError(
              'ILLEGAL_TRANSITION',
              `延时服务中：仍有 ${left} 人只能在本窗口办理，请办结或转办后再关窗，或请值班主任批准`,
              `Extended service: ${left} waiting ticket(s) only this window serves; serve or transfer them, or ask the supervisor to approve`,
            ),
          );
        }
      }
      return accept({ type: 'window.closed', clerkId: command.clerkId, window: command.window, extendedMs: extended });
    }
    case 'window.close_approved': {
      if (command.by.window !== undefined) return refuse(protocolError('FORBIDDEN', '只有值班主任可以批准关窗', 'Only a supervisor approves closing'));
      const record = openWindowOf(state, config, command.window, { allowPaused: true });
      if ('code' in record) return refuse(record);
      if (!stepWindow(record, { type: 'CLOSE', at: now })) return refuse(counterBusy('关闭窗口', 'closing the window'));
      return accept({
        type: 'window.closed',
        clerkId: record.clerkId ?? command.by.staffId,
        window: command.window,
        extendedMs: extendedOf(config, record, now),
        approvedBy: command.by.staffId,
        reason: command.reason,
      });
    }
    case 'window.pause': {
      const record = openWindowOf(state, config, command.window, { allowPaused: true });
      if ('code' in record) return refuse(record);
      if (record.status === 'paused') return refuse(protocolError('ILLEGAL_TRANSITION', '窗口已处于暂停状态', 'The window is already paused'));
      if (!stepWindow(record, { type: 'PAUSE', at: now, reason: command.reason })) return refuse(counterBusy('暂停服务', 'pausing'));
      return accept({ type: 'window.paused', clerkId: command.clerkId, window: command.window, reason: command.reason, note: command.note });
    }
    case 'window.resume': {
      const record = openWindowOf(state, config, command.window, { allowPaused: true });
      if ('code' in record) return refuse(record);
      if (!stepWindow(record, { type: 'UNPAUSE', at: now })) {
        return refuse(protocolError('ILLEGAL_TRANSITION', '窗口没有暂停', 'The window is not paused'));
      }
      return accept({
        type: 'window.resumed',
        clerkId: command.clerkId,
        window: command.window,
        pausedMs: Math.max(0, now - (record.pausedAt ?? now)),
      });
    }
    case 'ticket.call_next':
      return decideCallNext(state, config, command);
    case 'ticket.call_number':
      return decideCallNumber(state, config, command, now);
    case 'ticket.recall':
      return atCounter(state, config, command, ['called'], (ticket) => {
        if (!can(ticketRules(config), ticket, { type: 'RECALL', at: now })) {
          return refuse(
            protocolError(
              'LIMIT_REACHED',
              `${ticket.number} 号已呼叫 ${ticket.callCount} 次，不能再重呼；可以按“过号”`,
              `Ticket ${ticket.number} was called ${ticket.callCount} times already; mark it as a no-show instead`,
            ),
          );
        }
        return accept({ type: 'ticket.recalled', ticketId: ticket.id, clerkId: command.clerkId, window: command.window, callCount: ticket.callCount + 1 });
      });
    case 'ticket.start':
      return atCounter(state, config, command, ['called'], (ticket) =>
        accept({ type: 'ticket.serving_started', ticketId: ticket.id, clerkId: command.clerkId, window: command.window }),
      );
    case 'ticket.complete':
      return atCounter(state, config, command, ['called', 'serving'], (ticket) => {
        const done = stepTicket(ticket, { type: 'COMPLETE', at: now, clerkId: command.clerkId });
        return accept({
          type: 'ticket.completed',
          ticketId: ticket.id,
          clerkId: command.clerkId,
          window: command.window,
          waitMs: Math.max(0, (ticket.firstCalledAt ?? now) - ticket.issuedAt),
          serviceMs: done?.serviceMs ?? 0,
          parkedMs: ticket.parkedMs,
        });
      });
    case 'ticket.no_show':
      return atCounter(state, config, command, ['called'], (ticket) => {
        const graceMs = config.queueRules.noShow.graceSeconds * 1000;
        const since = now - (ticket.calledAt ?? now);
        if (since < graceMs) {
          const wait = Math.ceil((graceMs - since) / 1000);
          return refuse({
            ...protocolError('TOO_EARLY', `呼叫后需等候 ${wait} 秒才能过号`, `Wait ${wait} s more before marking a no-show`),
            retryAfterSeconds: wait,
          });
        }
        return accept({ type: 'ticket.no_show', ticketId: ticket.id, clerkId: command.clerkId, window: command.window, calls: ticket.callCount });
      });
    case 'ticket.transfer':
      return decideTransfer(state, config, command, now);
    case 'ticket.park':
      return atCounter(state, config, command, ['called', 'serving'], (ticket) =>
        accept({ type: 'ticket.parked', ticketId: ticket.id, clerkId: command.clerkId, window: command.window, note: command.note }),
      );
    case 'ticket.resume':
      return decideResume(state, config, command, now);
    case 'ticket.requeue':
      return decideRequeue(state, config, command, now);
    case 'ticket.cancel': {
      const ticket = staffTicket(state, config, command.ticketId, command.by);
      if ('code' in ticket) return refuse(ticket);
      if (ticket.window !== undefined && (ticket.status === 'called' || ticket.status === 'serving') && ticket.window !== command.by.window && command.by.window !== undefined) {
        return refuse(protocolError('FORBIDDEN', `${ticket.number} 号正在 ${ticket.window} 号窗口办理`, `Ticket ${ticket.number} is at window ${ticket.window}`));
      }
      if (!stepTicket(ticket, { type: 'CANCEL', at: now, reason: command.reason, note: command.note })) return refuse(illegal(ticket, '作废', 'void'));
      return accept({
        type: 'ticket.cancelled',
        ticketId: ticket.id,
        actor: command.by.staffId,
        window: ticket.status === 'called' || ticket.status === 'serving' ? ticket.window : undefined,
        reason: command.reason,
        note: command.note,
      });
    }
    case 'ticket.prioritise': {
      const ticket = staffTicket(state, config, command.ticketId, command.by);
      if ('code' in ticket) return refuse(ticket);
      if (ticket.class === 'green') return refuse(protocolError('ILLEGAL_TRANSITION', `${ticket.number} 号已在绿色通道`, `Ticket ${ticket.number} is already green channel`));
      if (!stepTicket(ticket, { type: 'PRIORITISE', at: now, reason: command.reason })) return refuse(illegal(ticket, '转绿色通道', 'move to the green channel'));
      return accept({ type: 'ticket.prioritised', ticketId: ticket.id, actor: command.by.staffId, reason: command.reason });
    }
    case 'appointment.book':
      return decideBook(state, config, command, now);
    case 'appointment.cancel_by_visitor': {
      const a = byCode(state, command.code);
      if (!a) return refuse(noAppointment());
      if (a.status !== 'booked') return refuse(appointmentEnded(a));
      if (now >= a.slotStart) return refuse(slotStarted());
      return accept({ type: 'appointment.cancelled', appointmentId: a.id, by: 'visitor', actor: command.actor, reason: 'visitor_request' });
    }
    case 'appointment.cancel_by_hall': {
      const a = own(state.appointments, command.appointmentId);
      if (!a) return refuse(noAppointment());
      if (command.by.window !== undefined) {
        const win = findWindow(config, command.by.window);
        if (!win?.queues.includes(a.queueId)) return refuse(protocolError('FORBIDDEN', '该预约不属于本窗口办理的业务', 'This booking is not for a queue of your window', 'appointmentId'));
      }
      if (a.status !== 'booked') return refuse(appointmentEnded(a));
      // 群众申请: the caller phoned to cancel — their own cancellation, made by staff; the hall's notice rule does not apply.
      if (command.reason === 'visitor_request') {
        if (now >= a.slotStart) return refuse(slotStarted());
        return accept({ type: 'appointment.cancelled', appointmentId: a.id, by: 'visitor', actor: command.by.staffId, reason: 'visitor_request' });
      }
      const hours = config.appointmentRules.hallCancelNoticeHours;
      if (now > a.slotStart - hours * 3_600_000) {
        return refuse(
          protocolError(
            'ILLEGAL_TRANSITION',
            `大厅取消预约须至少提前 ${hours} 小时告知申请人，该预约已不足 ${hours} 小时，请按约办理`,
            `The hall must give ${hours} h notice to cancel a booking; this slot is closer than that`,
            'appointmentId',
          ),
        );
      }
      return accept({ type: 'appointment.cancelled', appointmentId: a.id, by: 'hall', actor: command.by.staffId, reason: command.reason });
    }
    case 'appointment.check_in':
      return decideCheckIn(state, config, command, now);
    default: {
      const unknown: never = command;
      return refuse(protocolError('BAD_REQUEST', '未知操作', `Unknown command ${JSON.stringify(unknown)}`));
    }
  }
}

function decideTake(state: HallState, config: HallConfig, command: Extract<HallCommand, { type: 'ticket.take' }>, now: number): Decision {
  const queue = config.queues.find((q) => q.id === command.queueId);
  if (!queue) return refuse(protocolError('NOT_FOUND', '没有这个业务队列', `Unknown queue ${command.queueId}`, 'queueId'));
  if (command.itemId !== undefined) {
    const item = config.items.find((i) => i.id === command.itemId);
    if (!item) return refuse(protocolError('NOT_FOUND', '没有这个事项', `Unknown item ${command.itemId}`, 'itemId'));
    if (item.queue !== queue.id) {
      return refuse(protocolError('BAD_REQUEST', '该事项不属于所选业务', `Item ${item.id} belongs to queue ${item.queue}`, 'itemId'));
    }
  }
  const ticketClass = command.class ?? 'walk_in';
  if (ticketClass === 'green' && command.priorityReason === undefined) {
    return refuse(protocolError('BAD_REQUEST', '请选择绿色通道的原因', 'A green-channel ticket needs a reason', 'priorityReason'));
  }
  if (config.schedule) {
    const status = hallTicketing(state, config, now);
    if (status && !status.open) {
      const text = ticketingClosedText(status, config.hall.timezone);
      return refuse(protocolError('TICKETING_CLOSED', text.zh, text.en));
    }
  }
  if (queue.cutoff !== undefined && localClock(now, config.hall.timezone) >= queue.cutoff) {
    return refuse(
      protocolError('TICKETING_CLOSED', `${queue.name.zh}今日 ${queue.cutoff} 已停止取号，请明天再来或预约`, `${queue.name.en}: no new tickets after ${queue.cutoff} today`),
    );
  }
  const serviceDay = serviceDayOf(now, config.hall.timezone);
  const counter = state.counters[queue.id];
  const sequence = counter && counter.serviceDay === serviceDay ? counter.last + 1 : 1;
  const limit = dailyLimit(queue);
  if (sequence > limit.count) return refuse(limit.by === 'cap' ? dailyCapReached(queue, limit.count) : numbersExhausted(queue));
  const number = formatTicketNumber(queue.prefix, sequence, numberDigitsOf(queue));
  return accept({
    type: 'ticket.issued',
    ticketId: ticketIdFor(serviceDay, number),
    number,
    queueId: queue.id,
    itemId: command.itemId,
    class: ticketClass,
    priorityReason: ticketClass === 'green' ? command.priorityReason : undefined,
    serviceDay,
    sequence,
    deviceId: command.deviceId,
  });
}

function decideBook(state: HallState, config: HallConfig, command: Extract<HallCommand, { type: 'appointment.book' }>, now: number): Decision {
  const queue = config.queues.find((q) => q.id === command.queueId);
  if (!queue) return refuse(protocolError('NOT_FOUND', '没有这个业务队列', `Unknown queue ${command.queueId}`, 'queueId'));
  if (!queue.appointments) return refuse(protocolError('BAD_REQUEST', `${queue.name.zh}不接受预约，请现场取号`, `${queue.name.en} takes no appointments`, 'queueId'));
  if (command.itemId !== undefined) {
    const item = config.items.find((i) => i.id === command.itemId);
    if (!item) return refuse(protocolError('NOT_FOUND', '没有这个事项', `Unknown item ${command.itemId}`, 'itemId'));
    if (item.queue !== queue.id) return refuse(protocolError('BAD_REQUEST', '该事项不属于所选业务', `Item ${item.id} belongs to queue ${item.queue}`, 'itemId'));
  }
  if (command.staff?.window !== undefined && !findWindow(config, command.staff.window)?.queues.includes(queue.id)) {
    return refuse(protocolError('FORBIDDEN', '本窗口不办理该业务，不能代为预约', 'Your window does not serve this queue', 'queueId'));
  }
  const day = serviceDayOf(command.slotStart, config.hall.timezone);
  const opening = appointmentOpening(config);
  const slot = bookableDays(config, queue, now, opening).includes(day) ? slotsOf(config, queue, day, state.appointments, opening).find((s) => s.start === command.slotStart) : undefined;
  if (!slot) return refuse(protocolError('BAD_REQUEST', '没有这个预约时段，请重新选择', 'No such appointment slot', 'slotStart'));
  if (slot.start <= now) return refuse(protocolError('BAD_REQUEST', '该时段已开始，请选择以后的时段', 'That slot has already started', 'slotStart'));
  if (slot.remaining <= 0) {
    const on = describeDay(day);
    return refuse(protocolError('LIMIT_REACHED', `${on.zh}${slot.label} 已约满，请选择其他时段`, `The ${slot.label} slot on ${on.en} is fully booked`, 'slotStart'));
  }
  const rules = config.appointmentRules;
  const block = blockStatus(state.appointments, state.noShows ?? {}, command.personKey, rules, now);
  if (block.blocked) {
    const until = block.until === undefined ? { zh: '', en: '' } : describeDay(serviceDayOf(block.until, config.hall.timezone), serviceDayOf(now, config.hall.timezone));
    return refuse(
      protocolError(
        'FORBIDDEN',
        `该手机号近 ${rules.blockDays} 天内预约未到 ${block.noShows} 次，${until.zh}前不能预约，请现场取号`,
        `${block.noShows} missed appointments in ${rules.blockDays} days: no bookings until ${until.en}; please take a walk-in ticket`,
        'phone',
      ),
    );
  }
  const sameDay = Object.values(state.appointments).filter((a) => a.personKey === command.personKey && a.day === day && a.status !== 'cancelled').length;
  if (sameDay >= rules.maxPerPersonPerDay) {
    return refuse(
      protocolError('LIMIT_REACHED', `每人每天最多预约 ${rules.maxPerPersonPerDay} 次，该手机号 ${describeDay(day).zh}已有预约`, `At most ${rules.maxPerPersonPerDay} booking(s) per person per day`, 'phone'),
    );
  }
  if (byCode(state, command.code)) return refuse(protocolError('ILLEGAL_TRANSITION', '预约码重复，请重试', 'Booking code collision; draw another', 'code'));
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
}

/** 预约签到: inside [slot − early, slot + late] the booking becomes a priority ticket placed at the slot start. */
function decideCheckIn(state: HallState, config: HallConfig, command: Extract<HallCommand, { type: 'appointment.check_in' }>, now: number): Decision {
  const a = byCode(state, command.code);
  if (!a) return refuse(noAppointment());
  if (a.status !== 'booked') return refuse(appointmentEnded(a));
  const { checkInEarlyMinutes, checkInLateMinutes } = config.appointmentRules;
  const opens = a.slotStart - checkInEarlyMinutes * 60_000;
  if (now < opens) {
    const wait = Math.ceil((opens - now) / 1000);
    const at = localClock(opens, config.hall.timezone);
    const day = serviceDayOf(opens, config.hall.timezone);
    // Another day is named the hall's way (11月24日（周二）10:00), never as an ISO date.
    const on = serviceDayOf(now, config.hall.timezone) === day ? undefined : describeDay(day);
    return refuse({
      ...protocolError('TOO_EARLY', `还未到签到时间，请于 ${on ? on.zh : ''}${at} 后签到`, `Too early: check in from ${on ? `${on.en} ` : ''}${at}`),
      retryAfterSeconds: wait,
    });
  }
  if (now > forfeitDeadline(a, config.appointmentRules)) return refuse(protocolError('ILLEGAL_TRANSITION', FORFEIT_REASON_ZH, FORFEIT_REASON_EN));
  const queue = config.queues.find((q) => q.id === a.queueId);
  if (!queue) return refuse(protocolError('NOT_FOUND', '没有这个业务队列', `Unknown queue ${a.queueId}`));
  const serviceDay = serviceDayOf(now, config.hall.timezone);
  const counter = state.counters[queue.id];
  const sequence = counter && counter.serviceDay === serviceDay ? counter.last + 1 : 1;
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
}

function dailyCapReached(queue: QueueConfig, cap: number): ProtocolError {
  return protocolError('DAILY_CAP_REACHED', `${queue.name.zh}今日 ${cap} 个号已全部发完，请明天再来或预约`, `${queue.name.en}: all ${cap} numbers for today are taken`);
}

/** 号码用尽: the queue's digits are used up (A999 with three digits), whatever its daily cap. */
function numbersExhausted(queue: QueueConfig): ProtocolError {
  const first = formatTicketNumber(queue.prefix, 1, numberDigitsOf(queue));
  const last = formatTicketNumber(queue.prefix, lastSequence(queue), numberDigitsOf(queue));
  return protocolError(
    'NUMBERS_EXHAUSTED',
    `${queue.name.zh}今日号码已发完（${first}–${last}），请明天再来或预约`,
    `${queue.name.en}: today's numbers ${first}–${last} are all taken`,
  );
}

/** The booking with this check-in code, if any. */
export function byCode(state: HallState, code: string): AppointmentRecord | undefined {
  for (const a of Object.values(state.appointments)) if (a.code !== undefined && a.code === code) return a;
  return undefined;
}

function slotStarted(): ProtocolError {
  return protocolError('ILLEGAL_TRANSITION', '预约时段已开始，不能取消', 'The slot has started; it can no longer be cancelled');
}

function noAppointment(): ProtocolError {
  return protocolError('NOT_FOUND', '没有找到这个预约，请核对预约码', 'No booking with that code', 'code');
}

function appointmentEnded(a: AppointmentRecord): ProtocolError {
  if (a.status === 'checked_in') return protocolError('ILLEGAL_TRANSITION', '该预约已签到，请按号码等候叫号', 'This booking is already checked in');
  if (a.status === 'forfeited') return protocolError('ILLEGAL_TRANSITION', FORFEIT_REASON_ZH, FORFEIT_REASON_EN);
  return protocolError('ILLEGAL_TRANSITION', a.cancelledBy === 'hall' ? '该预约已由大厅取消' : '该预约已取消', 'This booking was cancelled');
}

function decideCallNext(state: HallState, config: HallConfig, command: AtWindow): Decision {
  const ready = readyToCall(state, config, command.window);
  if ('code' in ready) return refuse(ready);
  const choice = chooseNext(state, config, ready.win);
  if (!choice) return refuse(protocolError('QUEUE_EMPTY', '当前没有等候的号码', 'Nobody is waiting'));
  return accept({ type: 'ticket.called', ticketId: choice.ticket.id, clerkId: command.clerkId, window: command.window, rule: choice.rule });
}

/** 指呼: call one particular waiting ticket this window serves. */
function decideCallNumber(state: HallState, config: HallConfig, command: AtWindow & { ticketId: string }, now: number): Decision {
  const ready = readyToCall(state, config, command.window);
  if ('code' in ready) return refuse(ready);
  const ticket = own(state.tickets, command.ticketId);
  if (!ticket) return refuse(noTicket());
  if (!stepTicket(ticket, { type: 'CALL', at: now, window: command.window, clerkId: command.clerkId })) return refuse(illegal(ticket, '呼叫', 'call'));
  if (!eligibleAt(ticket, ready.win)) return refuse(notHere(ticket, command.window));
  return accept({ type: 'ticket.called', ticketId: ticket.id, clerkId: command.clerkId, window: command.window, rule: 'by_number' });
}

function decideResume(state: HallState, config: HallConfig, command: AtWindow & { ticketId: string }, now: number): Decision {
  const ready = readyToCall(state, config, command.window);
  if ('code' in ready) return refuse(ready);
  const ticket = own(state.tickets, command.ticketId);
  if (!ticket) return refuse(noTicket());
  if (ticket.status !== 'parked') return refuse(illegal(ticket, '恢复办理', 'resume'));
  if (!servesTicket(ready.win, ticket)) return refuse(notHere(ticket, command.window));
  return accept({
    type: 'ticket.resumed',
    ticketId: ticket.id,
    clerkId: command.clerkId,
    window: command.window,
    parkedMs: Math.max(0, now - (ticket.parkedAt ?? now)),
  });
}

function decideTransfer(state: HallState, config: HallConfig, command: Extract<HallCommand, { type: 'ticket.transfer' }>, now: number): Decision {
  return atCounter(state, config, command, ['called', 'serving'], (ticket) => {
    let toQueueId = command.toQueueId ?? ticket.queueId;
    if (!config.queues.some((q) => q.id === toQueueId)) return refuse(protocolError('NOT_FOUND', '没有这个业务队列', `Unknown queue ${toQueueId}`, 'toQueueId'));
    if (command.toWindow !== undefined) {
      const target = findWindow(config, command.toWindow);
      if (!target) return refuse(unknownWindow(command.toWindow));
      if (target.number === command.window) return refuse(protocolError('BAD_REQUEST', '不能转办给本窗口', 'Cannot transfer to your own window', 'toWindow'));
      // A named window serves the visitor in one of its own queues.
      if (!target.queues.includes(toQueueId)) {
        if (command.toQueueId !== undefined) {
          return refuse(protocolError('BAD_REQUEST', `${target.number} 号窗口不办理该业务`, `Window ${target.number} does not serve queue ${toQueueId}`, 'toWindow'));
        }
        toQueueId = target.queues[0] ?? toQueueId;
      }
    } else if (toQueueId === ticket.queueId) {
      return refuse(protocolError('BAD_REQUEST', '请选择转办的业务或窗口', 'Choose another queue or a window to transfer to', 'toQueueId'));
    }
    if (!stepTicket(ticket, { type: 'TRANSFER', at: now, queueId: toQueueId, forWindow: command.toWindow, note: command.note })) {
      return refuse(illegal(ticket, '转办', 'transfer'));
    }
    return accept({
      type: 'ticket.transferred',
      ticketId: ticket.id,
      clerkId: command.clerkId,
      window: command.window,
      fromQueueId: ticket.queueId,
      toQueueId,
      toWindow: command.toWindow,
      note: command.note,
    });
  });
}

/** 过号重排: behind `requeueBehind` waiting tickets of the same queue and class, at most `maxRequeues` times, only the same day. */
function decideRequeue(state: HallState, config: HallConfig, command: Extract<HallCommand, { type: 'ticket.requeue' }>, now: number): Decision {
  const ticket = staffTicket(state, config, command.ticketId, command.by);
  if ('code' in ticket) return refuse(ticket);
  if (ticket.status !== 'no_show') return refuse(illegal(ticket, '过号重排', 'requeue'));
  const rules = config.queueRules.noShow;
  const voided = protocolError('LIMIT_REACHED', `${ticket.number} 号过号无效，请重新取号`, `Ticket ${ticket.number} is void after the no-show; please take a new ticket`);
  if (rules.policy === 'void' || ticket.requeues >= rules.maxRequeues) return refuse(voided);
  if (ticket.serviceDay !== serviceDayOf(now, config.hall.timezone)) return refuse(voided);
  const line = Object.values(state.tickets)
    .filter((t) => t.status === 'waiting' && t.queueId === ticket.queueId && t.class === ticket.class)
    .sort(compareLine);
  const behind = Math.min(rules.requeueBehind, line.length);
  let lineKey: number;
  if (behind === line.length) lineKey = now;
  else if (behind === 0) lineKey = (line[0]?.lineKey ?? now) - 0.5;
  else lineKey = ((line[behind - 1]?.lineKey ?? now) + (line[behind]?.lineKey ?? now)) / 2;
  if (!stepTicket(ticket, { type: 'REQUEUE', at: now, lineKey })) return refuse(illegal(ticket, '过号重排', 'requeue'));
  return accept({ type: 'ticket.requeued', ticketId: ticket.id, actor: command.by.staffId, lineKey, behind });
}

/** After the hall's closing time: how long this window has served beyond it (undefined before closing or without a calendar). */
function extendedOf(config: HallConfig, record: WindowRecord, now: number): number | undefined {
  if (!config.schedule) return undefined;
  const calendar = { hall: config.hall, schedule: config.schedule };
  if (!pastClosing(calendar, now)) return undefined;
  return extendedMs(calendar, record.openedAt ?? now, now);
}

/**
 * AB岗: at a window with a clerk on duty, only that clerk acts at the counter;
 * the other post, signed in as standby, takes over first (post.take_over).
 */
function standbyRefusal(state: HallState, config: HallConfig, command: HallCommand): ProtocolError | undefined {
  if (!('clerkId' in command) || !('window' in command)) return undefined;
  if (command.type === 'clerk.sign_in' || command.type === 'clerk.sign_out' || command.type === 'post.take_over' || command.type === 'post.assign') return undefined;
  if (command.type === 'window.open') return undefined; // opening makes the opener the clerk on duty
  const onDuty = state.staffing[String(command.window)]?.onDuty;
  if (onDuty === undefined || onDuty === command.clerkId) return undefined;
  return protocolError('FORBIDDEN', `当前由 ${staffName(config, onDuty)}（工号 ${onDuty}）在岗办理；如需接替，请按“接替办理”`, `${onDuty} is on duty at this window; take over first`);
}

function decideSignOut(state: HallState, config: HallConfig, command: Extract<HallCommand, { type: 'clerk.sign_out' }>, now: number): Decision {
  if (!findWindow(config, command.window)) return refuse(unknownWindow(command.window));
  const posts = postsOf(state, config, command.window);
  const staffing = staffingRecordOf(state.staffing, command.window);
  const escalateAt = escalationDeadline(config, posts, command, now);
  const after = stepStaffing(staffing, { type: 'SIGN_OUT', at: now, clerkId: command.clerkId, reason: command.reason, escalateAt, posts });
  if (!after) return refuse(protocolError('ILLEGAL_TRANSITION', '现在不能离岗', 'Signing out is not possible now'));
  const onDuty = staffing.onDuty === command.clerkId;
  // The machine names who covers (the other post, if signed in here); the event records it.
  const handedTo = onDuty ? after.onDuty : undefined;
  const signedOut = { type: 'clerk.signed_out' as const, clerkId: command.clerkId, window: command.window, reason: command.reason, handedTo, escalateAt, posts };
  const record = state.windows[String(command.window)];
  if (!onDuty || !record || record.status === 'closed') return accept(signedOut);
  if (record.status === 'calling' || record.status === 'serving') return refuse(counterBusy('离岗', 'leaving'));
  if (handedTo !== undefined || record.status === 'paused') return accept(signedOut);
  return refuse(
    protocolError(
      'ILLEGAL_TRANSITION',
      'A、B岗不得同时离岗：另一岗未登录接替，请先暂停服务或关闭窗口再离开',
      'Nobody from the other post is signed in to cover: pause or close the window before leaving',
    ),
  );
}

/**
 * A single-post window (no B) whose A leaves with a reason: nobody can cover,
 * so after `singlePostEscalateHours` of opening time (lunch breaks, nights and
 * closed days do not count) the supervisor must assign a substitute. Fixed
 * now, on the event, so the deadline is a fact of the log, not of the clock.
 */
function escalationDeadline(config: HallConfig, posts: Posts | undefined, command: { clerkId: string; reason?: AbsenceReason | undefined }, now: number): number | undefined {
  if (!command.reason || !posts || posts.b !== undefined || posts.a !== command.clerkId) return undefined;
  return afterOpeningMs(config, now, config.staffingRules.singlePostEscalateHours * 3_600_000);
}

function decideTakeOver(state: HallState, config: HallConfig, command: AtWindow, now: number): Decision {
  if (!findWindow(config, command.window)) return refuse(unknownWindow(command.window));
  const staffing = staffingRecordOf(state.staffing, command.window);
  const posts = postsOf(state, config, command.window);
  if (!stepStaffing(staffing, { type: 'TAKE_OVER', at: now, clerkId: command.clerkId, posts })) return refuse(takeOverRefusal(state, config, command, staffing));
  const record = state.windows[String(command.window)];
  if (!record || record.status === 'closed') {
    return refuse(protocolError('WINDOW_NOT_OPEN', '窗口未开启：直接开窗即由您在岗', 'The window is closed: whoever opens it is on duty'));
  }
  if (record.status === 'calling' || record.status === 'serving') return refuse(counterBusy('交接', 'handing over'));
  return accept({ type: 'post.taken_over', clerkId: command.clerkId, window: command.window, from: staffing.onDuty, posts });
}

/** Why the staffing machine refused a take-over, in the clerk's words. */
function takeOverRefusal(state: HallState, config: HallConfig, command: AtWindow, staffing: StaffingRecord): ProtocolError {
  if (postOf(state, config, command.window, command.clerkId) === undefined) {
    return protocolError('FORBIDDEN', `您不在 ${command.window} 号窗口的A/B岗上`, `You hold neither post of window ${command.window}`, 'window');
  }
  if (staffing.onDuty === command.clerkId) return protocolError('ILLEGAL_TRANSITION', '您已在岗', 'You are already on duty');
  return protocolError('ILLEGAL_TRANSITION', '请先登录本窗口', 'Sign in to this window first');
}

function decideAssign(state: HallState, config: HallConfig, command: Extract<HallCommand, { type: 'post.assign' }>, now: number): Decision {
  if (command.by.window !== undefined) return refuse(protocolError('FORBIDDEN', '只有值班主任可以调整A/B岗', 'Only a supervisor assigns posts'));
  if (!findWindow(config, command.window)) return refuse(unknownWindow(command.window));
  const staff = config.staff.find((s) => s.id === command.clerkId);
  if (!staff || staff.role !== 'clerk') return refuse(protocolError('NOT_FOUND', `没有工号为 ${command.clerkId} 的窗口人员`, `No clerk ${command.clerkId}`, 'clerkId'));
  const posts = postsOf(state, config, command.window);
  const other = command.post === 'a' ? posts?.b : posts?.a;
  if (other === command.clerkId) return refuse(protocolError('BAD_REQUEST', 'A岗和B岗不能是同一人', 'Posts A and B must be different clerks', 'clerkId'));
  const next = { a: posts?.a ?? command.clerkId, b: posts?.b, [command.post]: command.clerkId };
  const staffing = staffingRecordOf(state.staffing, command.window);
  if (!stepStaffing(staffing, { type: 'ASSIGN', at: now, posts: next })) {
    const onDuty = staffing.onDuty ?? '';
    return refuse(
      protocolError(
        'ILLEGAL_TRANSITION',
        `${staffName(config, onDuty)}（工号 ${onDuty}）正在本窗口在岗，不能调离其岗位；请先交接或离岗`,
        `${onDuty} is on duty at this window: hand over or sign out before moving them off their post`,
        'post',
      ),
    );
  }
  return accept({ type: 'post.assigned', window: command.window, post: command.post, clerkId: command.clerkId, actor: command.by.staffId, posts: next });
}

/** The hall's clock: a single-post window's A has been away past the deadline fixed when they left. */
function decideEscalate(state: HallState, config: HallConfig, command: Extract<HallCommand, { type: 'post.escalate' }>, now: number): Decision {
  if (!findWindow(config, command.window)) return refuse(unknownWindow(command.window));
  const staffing = staffingRecordOf(state.staffing, command.window);
  const absentA = staffing.windowPosts?.a ?? postsOf(state, config, command.window)?.a;
  if (stepStaffing(staffing, { type: 'ESCALATE', at: now }) && absentA !== undefined) {
    return accept({ type: 'post.escalated', window: command.window, clerkId: absentA });
  }
  if (staffing.status === 'a_away' && staffing.escalateAt !== undefined && now < staffing.escalateAt) {
    const wait = Math.ceil((staffing.escalateAt - now) / 1000);
    return refuse({
      ...protocolError('TOO_EARLY', `A岗离岗未满时限，${wait} 秒后再上报`, `A has not been away long enough yet; due in ${wait} s`),
      retryAfterSeconds: wait,
    });
  }
  return refuse(protocolError('ILLEGAL_TRANSITION', `${command.window} 号窗口没有待上报的单岗离岗`, `Window ${command.window} has no single-post absence to escalate`));
}

function decideOpen(state: HallState, config: HallConfig, command: AtWindow, now: number): Decision {
  if (!findWindow(config, command.window)) return refuse(unknownWindow(command.window));
  const record = state.windows[String(command.window)] ?? { number: command.window, status: 'closed' as const };
  if (!stepWindow(record, { type: 'OPEN', at: now, clerkId: command.clerkId })) {
    return refuse(protocolError('ILLEGAL_TRANSITION', '窗口已经开启', 'The window is already open'));
  }
  // 闭厅: closed for the day with nothing left for this window, opening would only promise service the hall no longer gives.
  const closedHall = openRefusal(state, config, command.window, now);
  if (closedHall) return refuse(closedHall);
  const posts = postsOf(state, config, command.window);
  const staffing = staffingRecordOf(state.staffing, command.window);
  if (!stepStaffing(staffing, { type: 'OPEN', at: now, clerkId: command.clerkId, posts })) {
    if (staffing.status === 'both_away') {
      return refuse(
        protocolError(
          'ILLEGAL_TRANSITION',
          'A、B岗均已离岗，窗口不能开启：请其中一岗登录返岗，或请值班主任调整A/B岗',
          'Both posts are away: one of them must sign in (back) first, or the supervisor reassigns a post',
        ),
      );
    }
    return refuse(protocolError('ILLEGAL_TRANSITION', '您已登记离岗：请先登录本窗口返岗，再开窗', 'You are registered as away: sign in to this window first, then open it'));
  }
  return accept({ type: 'window.opened', clerkId: command.clerkId, window: command.window, posts });
}

function staffName(config: HallConfig, staffId: string): string {
  return config.staff.find((s) => s.id === staffId)?.name ?? staffId;
}

/** Run `then` for the ticket at this window's counter, if it is in one of `statuses`. */
function atCounter(
  state: HallState,
  config: HallConfig,
  command: AtWindow & { ticketId: string },
  statuses: readonly TicketRecord['status'][],
  then: (ticket: TicketRecord, record: WindowRecord) => Decision,
): Decision {
  const record = openWindowOf(state, config, command.window, { allowPaused: false });
  if ('code' in record) return refuse(record);
  const ticket = own(state.tickets, command.ticketId);
  if (!ticket) return refuse(noTicket());
  if (record.current !== ticket.id) {
    return refuse(
      protocolError('ILLEGAL_TRANSITION', `${ticket.number} 号不在本窗口柜台`, `Ticket ${ticket.number} is not at this window's counter`),
    );
  }
  if (!statuses.includes(ticket.status)) return refuse(illegal(ticket));
  return then(ticket, record);
}

/** A ticket staff may act on from outside the counter: a clerk only within their window's queues. */
function staffTicket(state: HallState, config: HallConfig, ticketId: string, by: StaffActor): TicketRecord | ProtocolError {
  const ticket = own(state.tickets, ticketId);
  if (!ticket) return noTicket();
  if (by.window === undefined) return ticket;
  const win = findWindow(config, by.window);
  if (!win) return unknownWindow(by.window);
  if (!servesTicket(win, ticket) && ticket.window !== by.window) return notHere(ticket, by.window);
  return ticket;
}

function servesTicket(win: WindowConfig, ticket: TicketRecord): boolean {
  return ticket.forWindow === win.number || win.queues.includes(ticket.queueId);
}

/** An open, unpaused window with an empty counter. */
function readyToCall(state: HallState, config: HallConfig, number: number): { win: WindowConfig; record: WindowRecord } | ProtocolError {
  const record = openWindowOf(state, config, number, { allowPaused: false });
  if ('code' in record) return record;
  if (record.status !== 'idle') return protocolError('WINDOW_BUSY', '请先办结当前号码', 'Complete the current ticket first');
  const win = findWindow(config, number);
  if (!win) return unknownWindow(number);
  return { win, record };
}

function findWindow(config: HallConfig, number: number) {
  return config.windows.find((w) => w.number === number);
}

function unknownWindow(number: number): ProtocolError {
  return protocolError('NOT_FOUND', `没有 ${number} 号窗口`, `No window ${number}`, 'window');
}

function noTicket(): ProtocolError {
  return protocolError('NOT_FOUND', '没有这个号码', 'No such ticket', 'ticketId');
}

function notHere(ticket: TicketRecord, window: number): ProtocolError {
  return protocolError('FORBIDDEN', `${ticket.number} 号不属于 ${window} 号窗口办理的业务`, `Ticket ${ticket.number} is not served at window ${window}`, 'ticketId');
}

const STATUS_ZH: Record<TicketRecord['status'], string> = {
  waiting: '等候中',
  called: '已呼叫',
  serving: '办理中',
  parked: '挂起中',
  no_show: '已过号',
  done: '已办结',
  cancelled: '已作废',
};

function illegal(ticket: TicketRecord, actionZh?: string, actionEn?: string): ProtocolError {
  const zh = `${ticket.number} 号${STATUS_ZH[ticket.status]}${actionZh ? `，不能${actionZh}` : '，不能这样操作'}`;
  const en = `Ticket ${ticket.number} is ${ticket.status.replace('_', '-')}${actionEn ? `; cannot ${actionEn}` : '; not allowed now'}`;
  return protocolError('ILLEGAL_TRANSITION', zh, en);
}

function counterBusy(actionZh: string, actionEn: string): ProtocolError {
  return protocolError('WINDOW_BUSY', `请先处理完柜台上的号码再${actionZh}`, `Finish the ticket at the counter before ${actionEn}`);
}

function openWindowOf(state: HallState, config: HallConfig, number: number, options: { allowPaused: boolean }): WindowRecord | ProtocolError {
  if (!findWindow(config, number)) return unknownWindow(number);
  const record = state.windows[String(number)];
  if (!record || record.status === 'closed') return protocolError('WINDOW_NOT_OPEN', '窗口尚未开启', 'The window is not open');
  if (record.status === 'paused' && !options.allowPaused) {
    return protocolError('WINDOW_PAUSED', '窗口暂停服务中，请先恢复服务', 'The window is paused; resume service first');
  }
  return record;
}
