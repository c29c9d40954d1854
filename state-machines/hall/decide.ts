/**
 * decide(state, config, command, now): the business operation behind each
 * command. It either returns the one event that records what happened, or a
 * typed error — and never changes the state itself. The server appends the
 * event durably, then folds it with `evolve`.
 *
 * Because the server runs decide → append → evolve synchronously for one
 * command at a time, two windows pressing "call next" at once are decided one
 * after the other against the updated state: one ticket is never called twice.
 */
import type { HallConfig } from '../config/hall-config.ts';
import type { HallEvent } from '../domain/events.ts';
import { serviceDayOf } from '../domain/service-day.ts';
import { classRank, formatTicketNumber, ticketIdFor, type TicketClass, type TicketRecord } from '../domain/ticket.ts';
import { stepTicket } from '../machines/ticket-machine.ts';
import { stepWindow } from '../machines/window-machine.ts';
import { protocolError, type ProtocolError } from '../protocol/errors.ts';
import type { HallState } from './state.ts';

export type HallCommand =
  | { type: 'ticket.take'; deviceId: string; queueId: string; itemId?: string | undefined; class?: TicketClass }
  | { type: 'clerk.sign_in'; clerkId: string; window: number }
  | { type: 'clerk.sign_out'; clerkId: string; window: number }
  | { type: 'window.open'; clerkId: string; window: number }
  | { type: 'window.close'; clerkId: string; window: number }
  | { type: 'ticket.call_next'; clerkId: string; window: number }
  | { type: 'ticket.start'; clerkId: string; window: number; ticketId: string }
  | { type: 'ticket.complete'; clerkId: string; window: number; ticketId: string };

export type Decision = { ok: true; event: HallEvent } | { ok: false; error: ProtocolError };

const refuse = (error: ProtocolError): Decision => ({ ok: false, error });
const accept = (event: HallEvent): Decision => ({ ok: true, event });

export function decide(state: HallState, config: HallConfig, command: HallCommand, now: number): Decision {
  switch (command.type) {
    case 'ticket.take':
      return decideTake(state, config, command, now);
    case 'clerk.sign_in':
    case 'clerk.sign_out': {
      const win = findWindow(config, command.window);
      if (!win) return refuse(unknownWindow(command.window));
      const type = command.type === 'clerk.sign_in' ? 'clerk.signed_in' : 'clerk.signed_out';
      return accept({ type, clerkId: command.clerkId, window: command.window });
    }
    case 'window.open': {
      if (!findWindow(config, command.window)) return refuse(unknownWindow(command.window));
      const record = state.windows[String(command.window)] ?? { number: command.window, status: 'closed' as const };
      if (!stepWindow(record, { type: 'OPEN', at: now, clerkId: command.clerkId })) {
        return refuse(protocolError('ILLEGAL_TRANSITION', '窗口已经开启', 'The window is already open'));
      }
      return accept({ type: 'window.opened', clerkId: command.clerkId, window: command.window });
    }
    case 'window.close': {
      const record = openWindowOf(state, config, command.window);
      if ('code' in record) return refuse(record);
      if (!stepWindow(record, { type: 'CLOSE', at: now })) {
        return refuse(protocolError('WINDOW_BUSY', '请先办结当前号码再关闭窗口', 'Complete the current ticket before closing the window'));
      }
      return accept({ type: 'window.closed', clerkId: command.clerkId, window: command.window });
    }
    case 'ticket.call_next':
      return decideCallNext(state, config, command);
    case 'ticket.start': {
      const record = openWindowOf(state, config, command.window);
      if ('code' in record) return refuse(record);
      const ticket = state.tickets[command.ticketId];
      if (!ticket) return refuse(protocolError('NOT_FOUND', '没有这个号码', 'No such ticket'));
      if (record.current !== ticket.id || !stepTicket(ticket, { type: 'START', at: now })) {
        return refuse(
          protocolError('ILLEGAL_TRANSITION', `${ticket.number} 号不是本窗口刚呼叫的号码`, `Ticket ${ticket.number} is not waiting at this window's counter`),
        );
      }
      return accept({ type: 'ticket.serving_started', ticketId: ticket.id, clerkId: command.clerkId, window: command.window });
    }
    case 'ticket.complete': {
      const record = openWindowOf(state, config, command.window);
      if ('code' in record) return refuse(record);
      const ticket = state.tickets[command.ticketId];
      if (!ticket) return refuse(protocolError('NOT_FOUND', '没有这个号码', 'No such ticket'));
      if (record.current !== ticket.id || !stepTicket(ticket, { type: 'COMPLETE', at: now, clerkId: command.clerkId })) {
        return refuse(
          protocolError('ILLEGAL_TRANSITION', `${ticket.number} 号不在本窗口办理中，不能办结`, `Ticket ${ticket.number} is not at this window; it cannot be completed`),
        );
      }
      return accept({ type: 'ticket.completed', ticketId: ticket.id, clerkId: command.clerkId, window: command.window });
    }
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
  const serviceDay = serviceDayOf(now, config.hall.timezone);
  const counter = state.counters[queue.id];
  const sequence = counter && counter.serviceDay === serviceDay ? counter.last + 1 : 1;
  if (sequence > 999) {
    return refuse(protocolError('RATE_LIMITED', `${queue.name.zh}今日号码已发完`, `${queue.name.en}: no numbers left today`));
  }
  const number = formatTicketNumber(queue.prefix, sequence);
  return accept({
    type: 'ticket.issued',
    ticketId: ticketIdFor(serviceDay, number),
    number,
    queueId: queue.id,
    itemId: command.itemId,
    class: command.class ?? 'walk_in',
    serviceDay,
    sequence,
    deviceId: command.deviceId,
  });
}

function decideCallNext(state: HallState, config: HallConfig, command: Extract<HallCommand, { type: 'ticket.call_next' }>): Decision {
  const record = openWindowOf(state, config, command.window);
  if ('code' in record) return refuse(record);
  if (record.status !== 'idle') {
    return refuse(protocolError('WINDOW_BUSY', '请先办结当前号码', 'Complete the current ticket first'));
  }
  const win = findWindow(config, command.window);
  if (!win) return refuse(unknownWindow(command.window));
  const next = nextTicketFor(state, win.queues);
  if (!next) return refuse(protocolError('QUEUE_EMPTY', '当前没有等候的号码', 'Nobody is waiting'));
  return accept({ type: 'ticket.called', ticketId: next.id, clerkId: command.clerkId, window: command.window });
}

/**
 * Who is called next at a window serving `queues` (in the window's priority
 * order): the most urgent class first, then the window's queue order, then
 * first come first served. Fairness rules against starvation come with the
 * queue-rules machine.
 */
export function nextTicketFor(state: HallState, queues: readonly string[]): TicketRecord | undefined {
  let best: TicketRecord | undefined;
  let bestKey: [number, number, number, number] | undefined;
  for (const t of Object.values(state.tickets)) {
    if (t.status !== 'waiting') continue;
    const queueRank = queues.indexOf(t.queueId);
    if (queueRank < 0) continue;
    const key: [number, number, number, number] = [classRank(t.class), queueRank, t.issuedAt, sequenceOf(t)];
    if (!bestKey || compareKeys(key, bestKey) < 0) {
      best = t;
      bestKey = key;
    }
  }
  return best;
}

function sequenceOf(t: TicketRecord): number {
  return Number(t.number.slice(1));
}

function compareKeys(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function findWindow(config: HallConfig, number: number) {
  return config.windows.find((w) => w.number === number);
}

function unknownWindow(number: number): ProtocolError {
  return protocolError('NOT_FOUND', `没有 ${number} 号窗口`, `No window ${number}`, 'window');
}

function openWindowOf(state: HallState, config: HallConfig, number: number) {
  if (!findWindow(config, number)) return unknownWindow(number);
  const record = state.windows[String(number)];
  if (!record || record.status === 'closed') {
    return protocolError('WINDOW_NOT_OPEN', '窗口尚未开启', 'The window is not open');
  }
  return record;
}
