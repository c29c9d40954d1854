/**
 * Commands on tickets: 取号 at a kiosk; at a clerk's counter (call, recall,
 * start, complete, 过号, 转办, 挂起 and back); and the staff actions away from
 * the counter (过号重排, 作废, 绿色通道) that clerks (their window's queues —
 * decide checks it from `by.window`) and supervisors share.
 */
import type { TicketRecord } from '../../../state-machines/domain/ticket.ts';
import type { HallEventType } from '../../../state-machines/domain/events.ts';
import { ticketWait } from '../../../state-machines/hall/estimate.ts';
import { own } from '../../../state-machines/hall/state.ts';
import {
  cancelTicketRequest,
  parkTicketRequest,
  prioritiseTicketRequest,
  requeueTicketRequest,
  takeTicketRequest,
  ticketActionRequest,
  transferTicketRequest,
  windowCommandRequest,
  type TicketActionRequest,
} from '../../../state-machines/protocol/messages.ts';
import { publicTicket } from '../../../state-machines/protocol/projection.ts';
import type {
  Ack,
  KioskClientEvents,
  StaffTicketEvents,
  TicketReceipt,
  TicketResult,
  WindowClientEvents,
} from '../../../state-machines/protocol/socket-events.ts';
import { requestIdReused, type Accepted } from '../../hall/hall-service.ts';
import type { Caller, CommandServices } from '../caller.ts';
import { defineCommands, type HallEntry } from '../registry.ts';

/** A kiosk's new ticket (a take, or a 出件 ticket: commands/cases.ts): the public ticket, people ahead, the wait, the QR's key. */
export function issuedReceipt(done: Accepted, c: Caller): Ack<TicketReceipt> {
  const e = done.event.event;
  if (e.type !== 'ticket.issued') return requestIdReused();
  const receipt = receiptOf(c.services, e.ticketId, done.duplicate ? c.services.now() : done.event.at);
  const pageKey = c.services.devices.ticketKeys.keyFor(e.ticketId);
  return { ok: true, seq: done.event.seq, result: { ...receipt, ticket: publicTicket(receipt.ticket), pageKey } };
}

export const kioskTicketCommands = defineCommands<KioskClientEvents>()({
  'ticket:take': {
    schema: takeTicketRequest,
    cost: 'kiosk-ticket',
    command: (req, c) => ({
      type: 'ticket.take',
      deviceId: c.deviceId,
      queueId: req.queueId,
      itemId: req.itemId,
      class: req.greenChannel ? 'green' : 'walk_in',
      priorityReason: req.greenChannel,
    }),
    answer: issuedReceipt,
  },
});

type AtCounter = 'ticket.call_number' | 'ticket.recall' | 'ticket.start' | 'ticket.complete' | 'ticket.no_show' | 'ticket.resume';

/** A command on one ticket at the clerk's own window, answered with that ticket. */
function atCounter(type: AtCounter, produces: HallEventType): HallEntry<TicketActionRequest, TicketResult> {
  return {
    schema: ticketActionRequest,
    scope: 'own-window',
    cost: 'staff',
    command: (req, c) => ({ type, clerkId: c.staffId, window: req.window, ticketId: req.ticketId }),
    answer: ticketAnswer(produces),
  };
}

export const counterTicketCommands = defineCommands<WindowClientEvents>()({
  'ticket:call-next': {
    schema: windowCommandRequest,
    scope: 'own-window',
    cost: 'staff',
    command: (req, c) => ({ type: 'ticket.call_next', clerkId: c.staffId, window: req.window }),
    answer: ticketAnswer('ticket.called'),
  },
  'ticket:call-number': atCounter('ticket.call_number', 'ticket.called'),
  'ticket:recall': atCounter('ticket.recall', 'ticket.recalled'),
  'ticket:start': atCounter('ticket.start', 'ticket.serving_started'),
  'ticket:complete': atCounter('ticket.complete', 'ticket.completed'),
  'ticket:no-show': atCounter('ticket.no_show', 'ticket.no_show'),
  'ticket:resume': atCounter('ticket.resume', 'ticket.resumed'),
  'ticket:transfer': {
    schema: transferTicketRequest,
    scope: 'own-window',
    cost: 'staff',
    command: (req, c) => ({
      type: 'ticket.transfer',
      clerkId: c.staffId,
      window: req.window,
      ticketId: req.ticketId,
      toQueueId: req.toQueueId,
      toWindow: req.toWindow,
      note: req.note,
    }),
    answer: ticketAnswer('ticket.transferred'),
  },
  'ticket:park': {
    schema: parkTicketRequest,
    scope: 'own-window',
    cost: 'staff',
    command: (req, c) => ({ type: 'ticket.park', clerkId: c.staffId, window: req.window, ticketId: req.ticketId, note: req.note }),
    answer: ticketAnswer('ticket.parked'),
  },
});

/** Shared by /window (`window` is the clerk's own) and /admin. */
export const staffTicketCommands = defineCommands<StaffTicketEvents>()({
  'ticket:requeue': {
    schema: requeueTicketRequest,
    scope: 'own-window',
    cost: 'staff',
    command: (req, c) => ({ type: 'ticket.requeue', ticketId: req.ticketId, by: c.by }),
    answer: (done, c): Ack<TicketReceipt> => {
      const e = done.event.event;
      if (e.type !== 'ticket.requeued') return requestIdReused();
      // The new place in line as the hall stands now.
      return { ok: true, seq: done.event.seq, result: receiptOf(c.services, e.ticketId, c.services.hall.state.at) };
    },
  },
  'ticket:cancel': {
    schema: cancelTicketRequest,
    scope: 'own-window',
    cost: 'staff',
    command: (req, c) => ({ type: 'ticket.cancel', ticketId: req.ticketId, reason: req.reason, note: req.note, by: c.by }),
    answer: ticketAnswer('ticket.cancelled'),
  },
  'ticket:prioritise': {
    schema: prioritiseTicketRequest,
    scope: 'own-window',
    cost: 'staff',
    command: (req, c) => ({ type: 'ticket.prioritise', ticketId: req.ticketId, reason: req.reason, by: c.by }),
    answer: ticketAnswer('ticket.prioritised'),
  },
});

/** Answer with the ticket the produced event is about (made once per entry, at load). */
function ticketAnswer(produces: HallEventType): (done: Accepted, c: Caller) => Ack<TicketResult> {
  return (done, c) => {
    const e = done.event.event;
    if (e.type !== produces || !('ticketId' in e)) return requestIdReused();
    return { ok: true, seq: done.event.seq, result: { ticket: ticketOf(c.services, e.ticketId) } };
  };
}

function ticketOf(services: CommandServices, ticketId: string): TicketRecord {
  const t = own(services.hall.state.tickets, ticketId);
  if (!t) throw new Error(`ticket ${ticketId} vanished from state`);
  return t;
}

/**
 * The receipt a visitor sees: the ticket, people ahead, the wait — as of `at`,
 * the time of the event (so the printed ticket, figured at the same event,
 * says the same), or now for a retried command.
 */
export function receiptOf(services: CommandServices, ticketId: string, at: number): TicketReceipt {
  const ticket = ticketOf(services, ticketId);
  return { ticket, ...ticketWait(services.hall.state, services.hall.config, ticket, at) };
}
