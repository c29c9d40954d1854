/**
 * Which of the clerk's steps the machines allow right now. A button is
 * enabled only when both the window machine and the ticket machine accept the
 * step (and, for 过号 and 过号重排, when the hall's queue rules do), so the
 * clerk is never offered a step the server would refuse. `at` and ids do not
 * matter for "is this step allowed from here".
 */
import type { PublicHallConfig } from '../state-machines/config/hall-config.ts';
import type { TicketRecord } from '../state-machines/domain/ticket.ts';
import { stepTicket, ticketRules } from '../state-machines/machines/ticket-machine.ts';
import { can } from '../state-machines/machines/ask.ts';
import type { WindowRecord } from '../state-machines/domain/window.ts';
import { stepWindow } from '../state-machines/machines/window-machine.ts';

export interface CounterSteps {
  callNext: boolean;
  recall: boolean;
  start: boolean;
  complete: boolean;
  noShow: boolean;
  /** Seconds until 过号 is allowed (0 = now); undefined without a called ticket. */
  noShowInSeconds: number | undefined;
  transfer: boolean;
  park: boolean;
  cancel: boolean;
  open: boolean;
  close: boolean;
  pause: boolean;
  resume: boolean;
}

export function counterSteps(config: PublicHallConfig, record: WindowRecord, ticket: TicketRecord | undefined, now: number): CounterSteps {
  const win = (e: Parameters<typeof stepWindow>[1]) => stepWindow(record, e) !== undefined;
  const tk = (e: Parameters<typeof stepTicket>[1]) => ticket !== undefined && stepTicket(ticket, e) !== undefined;
  // Every counter step needs an open window that is not paused (the window machine is idle/calling/serving then).
  const atCounter = ticket !== undefined && (record.status === 'calling' || record.status === 'serving');
  const graceMs = config.queueRules.noShow.graceSeconds * 1000;
  const noShowInSeconds =
    ticket?.status === 'called' && ticket.calledAt !== undefined ? Math.max(0, Math.ceil((ticket.calledAt + graceMs - now) / 1000)) : undefined;
  return {
    callNext: win({ type: 'CALL', at: 0, ticketId: '' }),
    recall: atCounter && ticket !== undefined && can(ticketRules(config), ticket, { type: 'RECALL', at: 0 }),
    start: atCounter && tk({ type: 'START', at: 0 }) && win({ type: 'START', at: 0 }),
    complete: atCounter && tk({ type: 'COMPLETE', at: 0, clerkId: '' }) && win({ type: 'RELEASE', at: 0 }),
    noShow: atCounter && tk({ type: 'NO_SHOW', at: 0 }) && noShowInSeconds === 0,
    noShowInSeconds,
    transfer: atCounter && tk({ type: 'TRANSFER', at: 0, queueId: '' }),
    park: atCounter && tk({ type: 'PARK', at: 0 }),
    cancel: atCounter && tk({ type: 'CANCEL', at: 0, reason: 'other' }),
    open: win({ type: 'OPEN', at: 0, clerkId: '' }),
    close: win({ type: 'CLOSE', at: 0 }),
    pause: win({ type: 'PAUSE', at: 0, reason: 'other' }),
    resume: win({ type: 'UNPAUSE', at: 0 }),
  };
}

/** 指呼 or 恢复办理 a ticket away from the counter: the window must be free to call. */
export function mayCallHere(record: WindowRecord): boolean {
  return stepWindow(record, { type: 'CALL', at: 0, ticketId: '' }) !== undefined;
}

export function mayCallNumber(record: WindowRecord, ticket: TicketRecord): boolean {
  return mayCallHere(record) && stepTicket(ticket, { type: 'CALL', at: 0, window: record.number, clerkId: '' }) !== undefined;
}

export function mayResumeTicket(record: WindowRecord, ticket: TicketRecord): boolean {
  return mayCallHere(record) && stepTicket(ticket, { type: 'RESUME', at: 0, window: record.number, clerkId: '' }) !== undefined;
}

export function mayPrioritise(ticket: TicketRecord): boolean {
  return ticket.class !== 'green' && stepTicket(ticket, { type: 'PRIORITISE', at: 0, reason: 'other' }) !== undefined;
}

/** 过号重排: the machine allows it, and the hall's rule: policy requeue, requeues left, the same service day. */
export function requeueRule(config: PublicHallConfig, ticket: TicketRecord, serviceDay: string | null): 'allowed' | 'void' | 'not-now' {
  const rules = config.queueRules.noShow;
  if (rules.policy === 'void' || ticket.requeues >= rules.maxRequeues) return 'void';
  if (serviceDay !== null && ticket.serviceDay !== serviceDay) return 'void';
  return stepTicket(ticket, { type: 'REQUEUE', at: 0, lineKey: 0 }) ? 'allowed' : 'not-now';
}
