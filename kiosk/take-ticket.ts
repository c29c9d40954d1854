import type { Socket } from 'socket.io-client';
import type { KioskClientEvents, ServerToClientEvents, TicketReceipt } from '../state-machines/protocol/socket-events.ts';
import { ACK_TIMEOUT_MS, newRequestId, sendWithRetry, type Outcome } from '../state-machines/client/web/command.ts';

export type KioskSocket = Socket<ServerToClientEvents, KioskClientEvents>;

/** One tap, one ticket: the retries inside reuse this tap's requestId. */
export function takeTicket(socket: KioskSocket, queueId: string): Promise<Outcome<TicketReceipt>> {
  const requestId = newRequestId();
  return sendWithRetry(() => socket.timeout(ACK_TIMEOUT_MS).emitWithAck('ticket:take', { requestId, queueId }));
}
