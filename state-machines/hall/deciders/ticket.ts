/**
 * `ticket.*`: taking a number (取号), calling (叫号, 指呼, 重呼), serving,
 * and the side roads of a real hall — 过号 and 过号重排, 转办, 挂起 and
 * 恢复办理, 作废, 转绿色通道.
 *
 * Whether a ticket may take a step is the ticket machine's answer under the
 * hall's rules (`ticketRules(config)`: the 重呼 limit, the 过号 grace and
 * the 过号重排 policy are guards there), and whether its window may is the
 * window machine's — asked with exactly the events the fold will step. When a
 * machine says no, the lifecycle alone (`ticketMachine`) tells a rule's
 * refusal (the step exists from here, the rule stops it) from a ticket in the
 * wrong state. What needs the whole hall — who is next, daily caps, cut-offs,
 * which windows serve which queues — is checked here.
 */
import type { QueueConfig } from '../../config/hall-config.ts';
import type { ProtocolError } from '../../protocol/errors.ts';
import { localClock, serviceDayOf } from '../../domain/service-day.ts';
import { dailyLimit, formatTicketNumber, numberDigitsOf, ticketIdFor, type TicketRecord } from '../../domain/ticket.ts';
import { can, next } from '../../machines/ask.ts';
import { atACounter, ticketMachine, ticketRules, type TicketMachineEvent } from '../../machines/ticket-machine.ts';
import { windowMachine } from '../../machines/window-machine.ts';
import { chooseNext, compareLine, eligibleAt } from '../call-order.ts';
import { hallTicketing } from '../hall-clock.ts';
import { ticketingClosedText } from '../schedule.ts';
import { choiceOf } from '../notice.ts';
import { ratingDeadlines } from '../rating-deadlines.ts';
import type { HallState } from '../state.ts';
import { atCounter, findWindow, readyToCall, servesTicket, staffTicket, ticketOf, windowRecordOf } from './at-window.ts';
import type { Decider, DeciderConfig } from './decider.ts';
import {
  alreadyGreen,
  atAnotherWindow,
  chooseTransferTarget,
  dailyCapReached,
  graceNotOver,
  greenNeedsReason,
  itemOfAnotherQueue,
  notNow,
  notServedHere,
  numbersExhausted,
  queueCutOff,
  queueEmpty,
  recallLimit,
  TICKET_STEPS,
  ticketingClosed,
  transferToOwnWindow,
  unknownItem,
  unknownQueue,
  unknownWindow,
  voidAfterNoShow,
  windowDoesNotServe,
} from './refusals.ts';
import { accept, ok, refuse, type Result } from './result.ts';
import { onDutyOnly } from './staffing.ts';

/**
 * May the ticket take this step under the hall's rules? When not: `ruleRefusal`
 * if the lifecycle alone would allow it (a rule stopped it), else the ticket's
 * state, naming the step.
 */
function ticketMay(
  config: DeciderConfig,
  ticket: TicketRecord,
  event: TicketMachineEvent,
  step?: readonly [string, string],
  ruleRefusal?: () => ProtocolError,
): Result<TicketRecord> {
  if (can(ticketRules(config), ticket, event)) return ok(ticket);
  if (ruleRefusal && can(ticketMachine, ticket, event)) return refuse(ruleRefusal());
  return refuse(notNow(ticket, step));
}

/** The daily sequence the queue's next number takes today. */
export function nextSequence(state: HallState, queueId: string, serviceDay: string): number {
  const counter = state.counters[queueId];
  return counter && counter.serviceDay === serviceDay ? counter.last + 1 : 1;
}

export function findQueue(config: Pick<DeciderConfig, 'queues'>, queueId: string): QueueConfig | undefined {
  return config.queues.find((q) => q.id === queueId);
}

/** An item (or a 一件事 bundle, notice.ts) chosen with a queue must exist and belong to it. */
export function itemCheck(config: Pick<DeciderConfig, 'items' | 'bundles'>, queue: QueueConfig, itemId: string | undefined): Result<undefined> {
  if (itemId === undefined) return ok(undefined);
  const item = choiceOf(config, itemId);
  if (!item) return refuse(unknownItem(itemId));
  if (item.queue !== queue.id) return refuse(itemOfAnotherQueue(item.id, item.queue));
  return ok(undefined);
}

/** 取号 at a kiosk: inside ticketing hours, before the queue's cut-off, under its daily cap and within its numbers. */
const take: Decider<'ticket.take'> = (state, config, command, now) => {
  const queue = findQueue(config, command.queueId);
  if (!queue) return refuse(unknownQueue(command.queueId, 'queueId'));
  const item = itemCheck(config, queue, command.itemId);
  if (!item.ok) return item;
  const ticketClass = command.class ?? 'walk_in';
  if (ticketClass === 'green' && command.priorityReason === undefined) return refuse(greenNeedsReason());
  // The hall's day (hall-phase machine): before opening, over midday, after 停止取号, on a closed day.
  const ticketing = hallTicketing(state, config, now);
  if (ticketing && !ticketing.open) return refuse(ticketingClosed(ticketingClosedText(ticketing, config.hall.timezone)));
  if (queue.cutoff !== undefined && localClock(now, config.hall.timezone) >= queue.cutoff) return refuse(queueCutOff(queue));
  const serviceDay = serviceDayOf(now, config.hall.timezone);
  const sequence = nextSequence(state, queue.id, serviceDay);
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
};

/** The kiosk's take, also behind a 出件 ticket (deciders/case.ts: the same phase, cut-off, cap and numbers). */
export const takeTicket = take;

/** 叫号: the next ticket for this window by the call order (call-order.ts). */
const callNext: Decider<'ticket.call_next'> = (state, config, command, now) => {
  const ready = readyToCall(state, config, command.window, now);
  if (!ready.ok) return ready;
  const choice = chooseNext(state, config, ready.value.win);
  if (!choice) return refuse(queueEmpty());
  const callable = ticketMay(config, choice.ticket, { type: 'CALL', at: now, window: command.window, clerkId: command.clerkId }, TICKET_STEPS.call);
  if (!callable.ok) return callable;
  return accept({ type: 'ticket.called', ticketId: choice.ticket.id, clerkId: command.clerkId, window: command.window, rule: choice.rule });
};

/** 指呼: call one particular waiting ticket this window serves. */
const callNumber: Decider<'ticket.call_number'> = (state, config, command, now) => {
  const ready = readyToCall(state, config, command.window, now);
  if (!ready.ok) return ready;
  const ticket = ticketOf(state, command.ticketId);
  if (!ticket.ok) return ticket;
  const callable = ticketMay(config, ticket.value, { type: 'CALL', at: now, window: command.window, clerkId: command.clerkId }, TICKET_STEPS.call);
  if (!callable.ok) return callable;
  if (!eligibleAt(ticket.value, ready.value.win)) return refuse(notServedHere(ticket.value, command.window));
  return accept({ type: 'ticket.called', ticketId: ticket.value.id, clerkId: command.clerkId, window: command.window, rule: 'by_number' });
};

/** 重呼: the ticket at the counter announced again, within the hall's limit of calls. */
const recall: Decider<'ticket.recall'> = (state, config, command, now) => {
  const counter = atCounter(state, config, command);
  if (!counter.ok) return counter;
  const { ticket } = counter.value;
  const recallable = ticketMay(config, ticket, { type: 'RECALL', at: now }, undefined, () => recallLimit(ticket));
  if (!recallable.ok) return recallable;
  return accept({ type: 'ticket.recalled', ticketId: ticket.id, clerkId: command.clerkId, window: command.window, callCount: ticket.callCount + 1 });
};

/** The visitor reached the counter: service time starts. */
const start: Decider<'ticket.start'> = (state, config, command, now) => {
  const counter = atCounter(state, config, command);
  if (!counter.ok) return counter;
  const { ticket, record } = counter.value;
  const startable = ticketMay(config, ticket, { type: 'START', at: now });
  if (!startable.ok) return startable;
  if (!can(windowMachine, record, { type: 'START', at: now })) return refuse(notNow(ticket));
  return accept({ type: 'ticket.serving_started', ticketId: ticket.id, clerkId: command.clerkId, window: command.window });
};

/** 办结, with the figures the reports need fixed now (the machine computes the service time). */
const complete: Decider<'ticket.complete'> = (state, config, command, now) => {
  const counter = atCounter(state, config, command);
  if (!counter.ok) return counter;
  const { ticket, record } = counter.value;
  const done = next(ticketRules(config), ticket, { type: 'COMPLETE', at: now, clerkId: command.clerkId });
  if (!done || !can(windowMachine, record, { type: 'RELEASE', at: now })) return refuse(notNow(ticket));
  return accept({
    type: 'ticket.completed',
    ticketId: ticket.id,
    clerkId: command.clerkId,
    window: command.window,
    waitMs: Math.max(0, (ticket.firstCalledAt ?? now) - ticket.issuedAt),
    serviceMs: done.serviceMs,
    parkedMs: ticket.parkedMs,
    rating: ratingDeadlines(config, now),
  });
};

/** 过号: called and not come, once the grace since the call has passed. */
const noShow: Decider<'ticket.no_show'> = (state, config, command, now) => {
  const counter = atCounter(state, config, command);
  if (!counter.ok) return counter;
  const { ticket, record } = counter.value;
  const graceMs = config.queueRules.noShow.graceSeconds * 1000;
  const wait = () => Math.ceil((graceMs - (now - (ticket.calledAt ?? now))) / 1000);
  const missed = ticketMay(config, ticket, { type: 'NO_SHOW', at: now }, undefined, () => graceNotOver(wait()));
  if (!missed.ok) return missed;
  if (!can(windowMachine, record, { type: 'RELEASE', at: now })) return refuse(notNow(ticket));
  return accept({ type: 'ticket.no_show', ticketId: ticket.id, clerkId: command.clerkId, window: command.window, calls: ticket.callCount });
};

/** 转办 (首问负责): to another queue, a named window that serves it, or both, keeping the place in line. */
const transfer: Decider<'ticket.transfer'> = (state, config, command, now) => {
  const counter = atCounter(state, config, command);
  if (!counter.ok) return counter;
  const { ticket, record } = counter.value;
  let toQueueId = command.toQueueId ?? ticket.queueId;
  const leaving: TicketMachineEvent = { type: 'TRANSFER', at: now, queueId: toQueueId, forWindow: command.toWindow, note: command.note };
  const movable = ticketMay(config, ticket, leaving);
  if (!movable.ok) return movable;
  if (!findQueue(config, toQueueId)) return refuse(unknownQueue(toQueueId, 'toQueueId'));
  if (command.toWindow !== undefined) {
    const target = findWindow(config, command.toWindow);
    if (!target) return refuse(unknownWindow(command.toWindow));
    if (target.number === command.window) return refuse(transferToOwnWindow());
    // A named window serves the visitor in one of its own queues.
    if (!target.queues.includes(toQueueId)) {
      if (command.toQueueId !== undefined) return refuse(windowDoesNotServe(target.number, toQueueId));
      toQueueId = target.queues[0] ?? toQueueId;
    }
  } else if (toQueueId === ticket.queueId) {
    return refuse(chooseTransferTarget());
  }
  if (!can(windowMachine, record, { type: 'RELEASE', at: now })) return refuse(notNow(ticket, TICKET_STEPS.transfer));
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
};

/** 挂起: the visitor fetches a missing paper; the counter is free meanwhile. */
const park: Decider<'ticket.park'> = (state, config, command, now) => {
  const counter = atCounter(state, config, command);
  if (!counter.ok) return counter;
  const { ticket, record } = counter.value;
  const parkable = ticketMay(config, ticket, { type: 'PARK', at: now, note: command.note });
  if (!parkable.ok) return parkable;
  if (!can(windowMachine, record, { type: 'RELEASE', at: now })) return refuse(notNow(ticket));
  return accept({ type: 'ticket.parked', ticketId: ticket.id, clerkId: command.clerkId, window: command.window, note: command.note });
};

/** 恢复办理: a parked visitor back, called straight to the counter of any window of the queue. */
const resume: Decider<'ticket.resume'> = (state, config, command, now) => {
  const ready = readyToCall(state, config, command.window, now);
  if (!ready.ok) return ready;
  const ticket = ticketOf(state, command.ticketId);
  if (!ticket.ok) return ticket;
  const back = ticketMay(config, ticket.value, { type: 'RESUME', at: now, window: command.window, clerkId: command.clerkId }, TICKET_STEPS.resume);
  if (!back.ok) return back;
  if (!servesTicket(ready.value.win, ticket.value)) return refuse(notServedHere(ticket.value, command.window));
  return accept({
    type: 'ticket.resumed',
    ticketId: ticket.value.id,
    clerkId: command.clerkId,
    window: command.window,
    parkedMs: Math.max(0, now - (ticket.value.parkedAt ?? now)),
  });
};

/** 过号重排: behind `requeueBehind` waiting tickets of the same queue and class, while the hall's policy allows it. */
const requeue: Decider<'ticket.requeue'> = (state, config, command, now) => {
  const found = staffTicket(state, config, command.ticketId, command.by);
  if (!found.ok) return found;
  const ticket = found.value;
  // The place is fixed first (the event carries it); whether the ticket may go back is the machine's answer with it.
  const rules = config.queueRules.noShow;
  const line = Object.values(state.tickets)
    .filter((t) => t.status === 'waiting' && t.queueId === ticket.queueId && t.class === ticket.class)
    .sort(compareLine);
  const behind = Math.min(rules.requeueBehind, line.length);
  let lineKey: number;
  if (behind === line.length) lineKey = now;
  else if (behind === 0) lineKey = (line[0]?.lineKey ?? now) - 0.5;
  else lineKey = ((line[behind - 1]?.lineKey ?? now) + (line[behind]?.lineKey ?? now)) / 2;
  const back = ticketMay(config, ticket, { type: 'REQUEUE', at: now, lineKey }, TICKET_STEPS.requeue, () => voidAfterNoShow(ticket));
  if (!back.ok) return back;
  return accept({ type: 'ticket.requeued', ticketId: ticket.id, actor: command.by.staffId, lineKey, behind });
};

/** 作废, with a reason: by the supervisor, or by a clerk for their queues (not at another window's counter). */
const cancel: Decider<'ticket.cancel'> = (state, config, command, now) => {
  const found = staffTicket(state, config, command.ticketId, command.by);
  if (!found.ok) return found;
  const ticket = found.value;
  const counter = atACounter(ticket) ? ticket.window : undefined;
  if (counter !== undefined && command.by.window !== undefined && counter !== command.by.window) return refuse(atAnotherWindow(ticket));
  const voidable = ticketMay(config, ticket, { type: 'CANCEL', at: now, reason: command.reason, note: command.note }, TICKET_STEPS.cancel);
  if (!voidable.ok) return voidable;
  if (counter !== undefined && !can(windowMachine, windowRecordOf(state, counter), { type: 'RELEASE', at: now }))
    return refuse(notNow(ticket, TICKET_STEPS.cancel));
  return accept({ type: 'ticket.cancelled', ticketId: ticket.id, actor: command.by.staffId, window: counter, reason: command.reason, note: command.note });
};

/** 转绿色通道: a waiting ticket moves into the green channel (once). */
const prioritise: Decider<'ticket.prioritise'> = (state, config, command, now) => {
  const found = staffTicket(state, config, command.ticketId, command.by);
  if (!found.ok) return found;
  const ticket = found.value;
  if (!can(ticketRules(config), ticket, { type: 'PRIORITISE', at: now, reason: command.reason })) {
    return refuse(ticket.class === 'green' ? alreadyGreen(ticket) : notNow(ticket, TICKET_STEPS.prioritise));
  }
  return accept({ type: 'ticket.prioritised', ticketId: ticket.id, actor: command.by.staffId, reason: command.reason });
};

export const ticketDeciders = {
  'ticket.take': take,
  // At the counter, only the clerk on duty (AB岗).
  'ticket.call_next': onDutyOnly(callNext),
  'ticket.call_number': onDutyOnly(callNumber),
  'ticket.recall': onDutyOnly(recall),
  'ticket.start': onDutyOnly(start),
  'ticket.complete': onDutyOnly(complete),
  'ticket.no_show': onDutyOnly(noShow),
  'ticket.transfer': onDutyOnly(transfer),
  'ticket.park': onDutyOnly(park),
  'ticket.resume': onDutyOnly(resume),
  // Staff acting away from the counter: the supervisor anywhere, a clerk for their window's queues (when on duty there).
  'ticket.requeue': onDutyOnly(requeue),
  'ticket.cancel': onDutyOnly(cancel),
  'ticket.prioritise': onDutyOnly(prioritise),
};
