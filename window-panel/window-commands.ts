/**
 * The clerk's commands. Each press is one intent with its own
 * requestId; retries after a lost ack reuse it, so "call next" pressed once
 * never calls two visitors.
 */
import type { Socket } from 'socket.io-client';
import type { ServerToClientEvents, WindowClientEvents } from '../state-machines/protocol/socket-events.ts';
import { ACK_TIMEOUT_MS, newRequestId, sendWithRetry, type Outcome } from '../state-machines/client/web/command.ts';

export type WindowSocket = Socket<ServerToClientEvents, WindowClientEvents>;
export type WindowCommand = 'open' | 'call-next' | 'start' | 'complete' | 'close';

export function runWindowCommand(socket: WindowSocket, command: WindowCommand, window: number, ticketId?: string): Promise<Outcome<unknown>> {
  const requestId = newRequestId();
  const ack = () => socket.timeout(ACK_TIMEOUT_MS);
  switch (command) {
    case 'open':
      return sendWithRetry(() => ack().emitWithAck('window:open', { requestId, window }));
    case 'close':
      return sendWithRetry(() => ack().emitWithAck('window:close', { requestId, window }));
    case 'call-next':
      return sendWithRetry(() => ack().emitWithAck('ticket:call-next', { requestId, window }));
    case 'start':
      if (ticketId === undefined) throw new Error('start needs the ticket at the window');
      return sendWithRetry(() => ack().emitWithAck('ticket:start', { requestId, window, ticketId }));
    case 'complete':
      if (ticketId === undefined) throw new Error('complete needs the ticket at the window');
      return sendWithRetry(() => ack().emitWithAck('ticket:complete', { requestId, window, ticketId }));
  }
}
