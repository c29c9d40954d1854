/**
 * Taking a number at the kiosk: the tap (sent once, retried with the same
 * requestId) and, before it, whether the tap would be accepted — asked of the
 * same deciders the server runs (`canDecide`, with the public hall file and
 * the public state), so a tile is grey exactly when the server would refuse.
 */
import type { Socket } from 'socket.io-client';
import type { PublicHallConfig } from '../state-machines/config/hall-config.ts';
import type { GreenReason } from '../state-machines/domain/ticket.ts';
import { canDecide, type ScreenCommand } from '../state-machines/hall/decide.ts';
import { hallTicketing } from '../state-machines/hall/hall-clock.ts';
import type { HallState } from '../state-machines/hall/state.ts';
import type { KioskClientEvents, ServerToClientEvents, TicketReceipt } from '../state-machines/protocol/socket-events.ts';
import { ACK_TIMEOUT_MS, newRequestId, sendWithRetry, type Outcome } from '../state-machines/client/web/command.ts';

export type KioskSocket = Socket<ServerToClientEvents, KioskClientEvents>;

/**
 * One tap, one ticket: the retries inside reuse this tap's requestId. `greenChannel`: the 绿色通道 reason the
 * visitor chose; `itemId`: the 事项 or 一件事 chosen at the confirm step (item-flow.tsx), carried on the ticket.
 */
export function takeTicket(socket: KioskSocket, queueId: string, greenChannel?: GreenReason, itemId?: string): Promise<Outcome<TicketReceipt>> {
  const requestId = newRequestId();
  const request = { requestId, queueId, ...(greenChannel === undefined ? {} : { greenChannel }), ...(itemId === undefined ? {} : { itemId }) };
  return sendWithRetry(() => socket.timeout(ACK_TIMEOUT_MS).emitWithAck('ticket:take', request));
}

/** What the kiosk knows of the hall: the public hall file and the public state. */
interface KioskView {
  config: PublicHallConfig;
  state: HallState;
}

/**
 * A tile's state: `open`, or why a tap would be refused, in the kiosk's words —
 * `closed`: 停止取号 (the hall's or the queue's cut-off); `full`: the daily cap
 * is reached; `exhausted`: the queue's numbers ran out (A999); outside ticketing
 * hours, the hall's own reason.
 */
export type Availability = 'open' | 'closed' | 'full' | 'exhausted' | 'not_yet' | 'midday_break' | 'closed_day';

/** The command the server decides for a tap (it builds the same from the request and the kiosk's connection). */
export function takeCommand(deviceId: string, queueId: string, greenChannel?: GreenReason): ScreenCommand {
  return { type: 'ticket.take', deviceId, queueId, class: greenChannel ? 'green' : 'walk_in', priorityReason: greenChannel };
}

/** What a tap on the queue's tile would get now. */
export function takeOffer(view: KioskView, deviceId: string, queueId: string, greenChannel: GreenReason | undefined, now: number): Availability {
  const decision = canDecide(view.state, view.config, takeCommand(deviceId, queueId, greenChannel), now);
  if (decision.ok) return 'open';
  if (decision.error.code === 'DAILY_CAP_REACHED') return 'full';
  if (decision.error.code === 'NUMBERS_EXHAUSTED') return 'exhausted';
  // Refused as outside ticketing hours: the hall's reason (the same hall clock the decider asked), else the queue's own cut-off.
  const hall = hallTicketing(view.state, view.config, now);
  return hall && !hall.open && hall.reason !== 'stopped' ? hall.reason : 'closed';
}

/** The 绿色通道 leads to the same queues, so it follows them: open if any queue would issue a green ticket, else why the first one would not. */
export function greenOffer(view: KioskView, deviceId: string, now: number): Availability {
  let first: Availability | undefined;
  for (const q of view.config.queues) {
    const a = takeOffer(view, deviceId, q.id, 'other', now);
    if (a === 'open') return 'open';
    first ??= a;
  }
  return first ?? 'closed';
}
