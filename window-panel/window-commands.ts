/**
 * The clerk's commands. Each press is one intent with its own
 * requestId; retries after a lost ack reuse it, so "call next" pressed once
 * never calls two visitors.
 *
 * Before a press, the panel asks the same deciders the server runs
 * (`canDecide`, with the public hall file and the staff's view of the state)
 * whether the command would be accepted: a button is offered exactly when it
 * would be (`offered`), so the clerk is never offered a step the server
 * refuses.
 */
import { maskDelivery } from '../state-machines/domain/case.ts';
import type { Socket } from 'socket.io-client';
import type { PublicHallConfig } from '../state-machines/config/hall-config.ts';
import type { CancelReason, GreenReason } from '../state-machines/domain/ticket.ts';
import type { PauseReason } from '../state-machines/domain/window.ts';
import { canDecide, type Decision, type HallCommand, type ScreenCommand } from '../state-machines/hall/decide.ts';
import type { HallState } from '../state-machines/hall/state.ts';
import type { ServerToClientEvents, WindowClientEvents } from '../state-machines/protocol/socket-events.ts';
import { ACK_TIMEOUT_MS, newRequestId, sendWithRetry, type Outcome } from '../state-machines/client/web/command.ts';

export type WindowSocket = Socket<ServerToClientEvents, WindowClientEvents>;

/** Everything the clerk can ask for, with what each needs. */
export type PanelCommand =
  | { kind: 'open' }
  | { kind: 'close' }
  | { kind: 'pause'; reason: PauseReason; note?: string | undefined }
  | { kind: 'resume-window' }
  | { kind: 'call-next' }
  | { kind: 'call-number'; ticketId: string }
  | { kind: 'recall'; ticketId: string }
  | { kind: 'start'; ticketId: string }
  | { kind: 'complete'; ticketId: string }
  | { kind: 'no-show'; ticketId: string }
  | { kind: 'transfer'; ticketId: string; toQueueId?: string | undefined; toWindow?: number | undefined; note?: string | undefined }
  | { kind: 'park'; ticketId: string; note?: string | undefined }
  | { kind: 'resume-ticket'; ticketId: string }
  | { kind: 'cancel'; ticketId: string; reason: CancelReason; note?: string | undefined }
  | { kind: 'requeue'; ticketId: string }
  | { kind: 'prioritise'; ticketId: string; reason: GreenReason }
  /** AB岗: the standby post takes over the window. */
  | { kind: 'take-over' }
  /** 办件登记 of a service completed here (README § Cases). */
  | ({ kind: 'record-case' } & Omit<CaseRecordCommand, 'type' | 'clerkId' | 'window'>)
  /** 咨询登记 of a consultation ticket completed here (README § The guide desk). */
  | { kind: 'record-enquiry'; ticketId: string; itemId?: string | undefined; topic: string; answer: string }
  /** 办件 after 办结 (README § Cases): 办结待取, 容缺 papers brought, 免费邮寄, 已取件, 已寄出. */
  | { kind: 'case-ready'; receiptNo: string }
  | { kind: 'case-materials'; caseId: string }
  | { kind: 'case-ems'; caseId: string; name: string; phone: string; address: string }
  | { kind: 'case-picked-up'; caseId: string }
  | { kind: 'case-mailed'; caseId: string; waybillNo: string };

type CaseRecordCommand = Extract<HallCommand, { type: 'case.record' }>;

export type PanelCommandKind = PanelCommand['kind'];

/** The command in flight: which button shows the busy mark. */
export interface Busy {
  kind: PanelCommandKind;
  ticketId?: string | undefined;
}

export function runWindowCommand(socket: WindowSocket, command: PanelCommand, window: number): Promise<Outcome<unknown>> {
  const requestId = newRequestId();
  const ack = () => socket.timeout(ACK_TIMEOUT_MS);
  switch (command.kind) {
    case 'open':
      return sendWithRetry(() => ack().emitWithAck('window:open', { requestId, window }));
    case 'close':
      return sendWithRetry(() => ack().emitWithAck('window:close', { requestId, window }));
    case 'pause':
      return sendWithRetry(() =>
        ack().emitWithAck('window:pause', { requestId, window, reason: command.reason, ...(command.note ? { note: command.note } : {}) }),
      );
    case 'resume-window':
      return sendWithRetry(() => ack().emitWithAck('window:resume', { requestId, window }));
    case 'call-next':
      return sendWithRetry(() => ack().emitWithAck('ticket:call-next', { requestId, window }));
    case 'call-number':
      return sendWithRetry(() => ack().emitWithAck('ticket:call-number', { requestId, window, ticketId: command.ticketId }));
    case 'recall':
      return sendWithRetry(() => ack().emitWithAck('ticket:recall', { requestId, window, ticketId: command.ticketId }));
    case 'start':
      return sendWithRetry(() => ack().emitWithAck('ticket:start', { requestId, window, ticketId: command.ticketId }));
    case 'complete':
      return sendWithRetry(() => ack().emitWithAck('ticket:complete', { requestId, window, ticketId: command.ticketId }));
    case 'no-show':
      return sendWithRetry(() => ack().emitWithAck('ticket:no-show', { requestId, window, ticketId: command.ticketId }));
    case 'transfer':
      return sendWithRetry(() =>
        ack().emitWithAck('ticket:transfer', {
          requestId,
          window,
          ticketId: command.ticketId,
          ...(command.toQueueId !== undefined ? { toQueueId: command.toQueueId } : {}),
          ...(command.toWindow !== undefined ? { toWindow: command.toWindow } : {}),
          ...(command.note ? { note: command.note } : {}),
        }),
      );
    case 'park':
      return sendWithRetry(() =>
        ack().emitWithAck('ticket:park', { requestId, window, ticketId: command.ticketId, ...(command.note ? { note: command.note } : {}) }),
      );
    case 'resume-ticket':
      return sendWithRetry(() => ack().emitWithAck('ticket:resume', { requestId, window, ticketId: command.ticketId }));
    case 'cancel':
      return sendWithRetry(() =>
        ack().emitWithAck('ticket:cancel', {
          requestId,
          window,
          ticketId: command.ticketId,
          reason: command.reason,
          ...(command.note ? { note: command.note } : {}),
        }),
      );
    case 'requeue':
      return sendWithRetry(() => ack().emitWithAck('ticket:requeue', { requestId, window, ticketId: command.ticketId }));
    case 'prioritise':
      return sendWithRetry(() => ack().emitWithAck('ticket:prioritise', { requestId, window, ticketId: command.ticketId, reason: command.reason }));
    case 'take-over':
      return sendWithRetry(() => ack().emitWithAck('post:take-over', { requestId, window }));
    case 'record-case':
      return sendWithRetry(() =>
        ack().emitWithAck('case:record', {
          requestId,
          window,
          ticketId: command.ticketId,
          outcome: command.outcome,
          ...(command.receiptNo ? { receiptNo: command.receiptNo } : {}),
          ...(command.reason ? { reason: command.reason } : {}),
          ...(command.missing && command.missing.length > 0 ? { missing: command.missing } : {}),
          ...(command.note ? { note: command.note } : {}),
        }),
      );
    case 'record-enquiry':
      return sendWithRetry(() =>
        ack().emitWithAck('enquiry:record', {
          requestId,
          window,
          ticketId: command.ticketId,
          ...(command.itemId ? { itemId: command.itemId } : {}),
          topic: command.topic,
          answer: command.answer,
        }),
      );
    case 'case-ready':
      return sendWithRetry(() => ack().emitWithAck('case:ready', { requestId, window, receiptNo: command.receiptNo }));
    case 'case-materials':
      return sendWithRetry(() => ack().emitWithAck('case:materials', { requestId, window, caseId: command.caseId }));
    case 'case-ems': {
      const { caseId, name, phone, address } = command;
      return sendWithRetry(() => ack().emitWithAck('case:ems', { requestId, window, caseId, name, phone, address }));
    }
    case 'case-picked-up':
      return sendWithRetry(() => ack().emitWithAck('case:picked-up', { requestId, window, caseId: command.caseId }));
    case 'case-mailed':
      return sendWithRetry(() => ack().emitWithAck('case:mailed', { requestId, window, caseId: command.caseId, waybillNo: command.waybillNo }));
  }
}

/** The signed-in clerk and the window they are at: who the server names in every command from this panel. */
export interface PanelClerk {
  clerkId: string;
  window: number;
}

/** What the panel knows of the hall: the public hall file and the state as staff see it. */
export interface PanelView {
  config: PublicHallConfig;
  state: HallState;
}

/** The command the server decides when `command` arrives from this panel (the server builds it from the payload and the session the same way). */
export function hallCommandOf(command: PanelCommand, at: PanelClerk): ScreenCommand {
  const by = { staffId: at.clerkId, window: at.window };
  switch (command.kind) {
    case 'open':
      return { type: 'window.open', ...at };
    case 'close':
      return { type: 'window.close', ...at };
    case 'pause':
      return { type: 'window.pause', ...at, reason: command.reason, note: command.note };
    case 'resume-window':
      return { type: 'window.resume', ...at };
    case 'call-next':
      return { type: 'ticket.call_next', ...at };
    case 'call-number':
      return { type: 'ticket.call_number', ...at, ticketId: command.ticketId };
    case 'recall':
      return { type: 'ticket.recall', ...at, ticketId: command.ticketId };
    case 'start':
      return { type: 'ticket.start', ...at, ticketId: command.ticketId };
    case 'complete':
      return { type: 'ticket.complete', ...at, ticketId: command.ticketId };
    case 'no-show':
      return { type: 'ticket.no_show', ...at, ticketId: command.ticketId };
    case 'transfer':
      return { type: 'ticket.transfer', ...at, ticketId: command.ticketId, toQueueId: command.toQueueId, toWindow: command.toWindow, note: command.note };
    case 'park':
      return { type: 'ticket.park', ...at, ticketId: command.ticketId, note: command.note };
    case 'resume-ticket':
      return { type: 'ticket.resume', ...at, ticketId: command.ticketId };
    case 'cancel':
      return { type: 'ticket.cancel', ticketId: command.ticketId, reason: command.reason, note: command.note, by };
    case 'requeue':
      return { type: 'ticket.requeue', ticketId: command.ticketId, by };
    case 'prioritise':
      return { type: 'ticket.prioritise', ticketId: command.ticketId, reason: command.reason, by };
    case 'take-over':
      return { type: 'post.take_over', ...at };
    case 'record-case':
      return {
        type: 'case.record',
        ...at,
        ticketId: command.ticketId,
        outcome: command.outcome,
        receiptNo: command.receiptNo,
        reason: command.reason,
        missing: command.missing,
        note: command.note,
      };
    case 'record-enquiry':
      return { type: 'enquiry.record', ...at, ticketId: command.ticketId, itemId: command.itemId, topic: command.topic, answer: command.answer };
    case 'case-ready':
      return { type: 'case.mark_ready', receiptNo: command.receiptNo, actor: at.clerkId };
    case 'case-materials':
      return { type: 'case.receive_materials', ...at, caseId: command.caseId };
    // The panel masks as the server's case desk does: the deciders only ever see masks.
    case 'case-ems':
      return { type: 'case.choose_delivery', ...at, caseId: command.caseId, ...maskDelivery(command) };
    case 'case-picked-up':
      return { type: 'case.hand_over', ...at, caseId: command.caseId };
    case 'case-mailed':
      return { type: 'case.mail', ...at, caseId: command.caseId, waybillNo: command.waybillNo };
  }
}

/** What the server would answer to `command` now. */
export function ask(view: PanelView, at: PanelClerk, command: PanelCommand, now: number): Decision {
  return canDecide(view.state, view.config, hallCommandOf(command, at), now);
}

/**
 * What the clerk on duty at this window would be told: for what describes a
 * ticket rather than the asker (the 过号 countdown, 过号无效), which a standby
 * post sees too.
 */
export function askOnDuty(view: PanelView, at: PanelClerk, command: PanelCommand, now: number): Decision {
  const onDuty = view.state.staffing[String(at.window)]?.onDuty ?? at.clerkId;
  return ask(view, { clerkId: onDuty, window: at.window }, command, now);
}

/**
 * Whether the panel offers `command` now: the server would accept it. Two
 * presses are offered for the answer itself: 叫号 with nobody waiting (the
 * clerk hears 当前没有等候的号码) and 关窗 in 延时服务 while tickets wait that
 * only this window serves (the refusal says to serve or transfer them, or to
 * ask the supervisor; the one ILLEGAL_TRANSITION a close can get).
 */
export function offered(view: PanelView, at: PanelClerk, command: PanelCommand, now: number): boolean {
  const decision = ask(view, at, command, now);
  if (decision.ok) return true;
  if (command.kind === 'call-next') return decision.error.code === 'QUEUE_EMPTY';
  if (command.kind === 'close') return decision.error.code === 'ILLEGAL_TRANSITION';
  return false;
}

/** A button that opens a dialog asks with a stand-in for what the dialog chooses: the reason does not change whether the step is allowed. */
export const DIALOG_STAND_IN = { reason: 'other' } as const;

/** 转办 is offered when some target would be accepted: another queue, or another window. */
function transferOffered(view: PanelView, at: PanelClerk, ticketId: string, now: number): boolean {
  const to = (target: { toQueueId?: string; toWindow?: number }) => offered(view, at, { kind: 'transfer', ticketId, ...target }, now);
  return view.config.queues.some((q) => to({ toQueueId: q.id })) || view.config.windows.some((w) => to({ toWindow: w.number }));
}

/** The counter card's buttons, each offered or not; `noShowInSeconds`: the 过号 grace still to run (the server's TOO_EARLY says how long). */
export interface CounterOffers {
  callNext: boolean;
  recall: boolean;
  start: boolean;
  complete: boolean;
  noShow: boolean;
  noShowInSeconds: number | undefined;
  transfer: boolean;
  park: boolean;
  cancel: boolean;
  open: boolean;
  close: boolean;
  pause: boolean;
  resume: boolean;
}

export function counterOffers(view: PanelView, at: PanelClerk, now: number): CounterOffers {
  const ticketId = view.state.windows[String(at.window)]?.current ?? '';
  const offers = (command: PanelCommand) => offered(view, at, command, now);
  const noShow = ask(view, at, { kind: 'no-show', ticketId }, now);
  const grace = askOnDuty(view, at, { kind: 'no-show', ticketId }, now);
  return {
    callNext: offers({ kind: 'call-next' }),
    recall: offers({ kind: 'recall', ticketId }),
    start: offers({ kind: 'start', ticketId }),
    complete: offers({ kind: 'complete', ticketId }),
    noShow: noShow.ok,
    noShowInSeconds: grace.ok ? 0 : grace.error.code === 'TOO_EARLY' ? grace.error.retryAfterSeconds : undefined,
    transfer: transferOffered(view, at, ticketId, now),
    park: offers({ kind: 'park', ticketId }),
    cancel: offers({ kind: 'cancel', ticketId, ...DIALOG_STAND_IN }),
    open: offers({ kind: 'open' }),
    close: offers({ kind: 'close' }),
    pause: offers({ kind: 'pause', ...DIALOG_STAND_IN }),
    resume: offers({ kind: 'resume-window' }),
  };
}
