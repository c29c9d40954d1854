/** The rating tablet's one command (`rating:give`): one requestId per tap on 提交评价, retried until answered. */
import { ACK_TIMEOUT_MS, newRequestId, sendWithRetry } from '../state-machines/client/web/command.ts';
import type { RoleSocket } from '../state-machines/client/web/hall-link.ts';
import type { RateService } from './rating-tablet.tsx';

export function ratingSender(socket: RoleSocket<'display'>): RateService {
  return (ticketId, choice) => {
    const request = { requestId: newRequestId(), ticketId, ...choice };
    return sendWithRetry(() => socket.timeout(ACK_TIMEOUT_MS).emitWithAck('rating:give', request));
  };
}
