/**
 * The clerk's commands. Each press is one intent with its own
 * requestId; retries after a lost ack reuse it, so "call next" pressed once
 * never calls two visitors.
 */
import type { Socket } from 'socket.io-client';
import type { CancelReason, GreenReason } from '../state-machines/domain/ticket.ts';
import type { PauseReason } from '../state-machines/domain/window.ts';
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
  | { kind: 'take-over' };

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
      return sendWithRetry(() => ack().emitWithAck('window:pause', { requestId, window, reason: command.reason, ...(command.note ? { note: command.note } : {}) }));
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
      return sendWithRetry(() => ack().emitWithAck('ticket:park', { requestId, window, ticketId: command.ticketId, ...(command.note ? { note: command.note } : {}) }));
    case 'resume-ticket':
      return sendWithRetry(() => ack().emitWithAck('ticket:resume', { requestId, window, ticketId: command.ticketId }));
    case 'cancel':
      return sendWithRetry(() =>
        ack().emitWithAck('ticket:cancel', { requestId, window, ticketId: command.ticketId, reason: command.reason, ...(command.note ? { note: command.note } : {}) }),
      );
    case 'requeue':
      return sendWithRetry(() => ack().emitWithAck('ticket:requeue', { requestId, window, ticketId: command.ticketId }));
    case 'prioritise':
      return sendWithRetry(() => ack().emitWithAck('ticket:prioritise', { requestId, window, ticketId: command.ticketId, reason: command.reason }));
    case 'take-over':
      return sendWithRetry(() => ack().emitWithAck('post:take-over', { requestId, window }));
  }
}
