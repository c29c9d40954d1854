import type { Socket } from 'socket.io-client';
import type { GreenReason } from '../state-machines/domain/ticket.ts';
import type { KioskClientEvents, ServerToClientEvents, TicketReceipt } from '../state-machines/protocol/socket-events.ts';
import { ACK_TIMEOUT_MS, newRequestId, sendWithRetry, type Outcome } from '../state-machines/client/web/command.ts';

export type KioskSocket = Socket<ServerToClientEvents, KioskClientEvents>;

/** One tap, one ticket: the retries inside reuse this tap's requestId. `greenChannel`: the 绿色通道 reason the visitor chose. */
export function takeTicket(socket: KioskSocket, queueId: string, greenChannel?: GreenReason): Promise<Outcome<TicketReceipt>> {
  const requestId = newRequestId();
  const request = greenChannel === undefined ? { requestId, queueId } : { requestId, queueId, greenChannel };
  return sendWithRetry(() => socket.timeout(ACK_TIMEOUT_MS).emitWithAck('ticket:take', request));
}
