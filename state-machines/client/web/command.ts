/**
 * Sending a command and getting a definite answer.
 *
 * One intent (one tap on "take a ticket", one press of "call next") gets one
 * requestId. If the acknowledgement does not come back in time we send the
 * same intent again with the same id: the server answers a repeated id with
 * the first result instead of acting twice, so a lost ack never prints two
 * tickets or calls two visitors.
 */
import type { Ack } from '../../protocol/socket-events.ts';

/** What the person at the screen is told: the server's typed refusal, or our own for a dead link. */
export interface UiError {
  code: string;
  message: string;
  messageEn: string;
}

export type Outcome<T> = { ok: true; seq: number; result: T } | { ok: false; error: UiError };

export const ACK_TIMEOUT_MS = 5_000;
const ATTEMPTS = 4;
const PAUSE_BETWEEN_ATTEMPTS_MS = 500;

export const NO_ANSWER: UiError = {
  code: 'NO_ANSWER',
  message: '网络繁忙，操作未完成，请稍后重试',
  messageEn: 'The network is busy and nothing was confirmed. Please try again.',
};

/**
 * A fresh id for one intent. `crypto.randomUUID` exists only in secure
 * contexts, and a hall LAN serves plain http://192.168.x.x, so build it from
 * `getRandomValues`, which is available everywhere.
 */
export function newRequestId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Run `attempt` (which must reuse one requestId) until the server answers,
 * at most ATTEMPTS times. `attempt` rejects when the ack times out or the
 * socket drops; Socket.IO buffers the emit while offline and sends it on
 * reconnect, so a retry during an outage is cheap.
 */
export async function sendWithRetry<T>(attempt: () => Promise<Ack<T>>): Promise<Outcome<T>> {
  for (let i = 0; i < ATTEMPTS; i++) {
    try {
      return await attempt();
    } catch {
      await new Promise((ok) => setTimeout(ok, PAUSE_BETWEEN_ATTEMPTS_MS));
    }
  }
  return { ok: false, error: NO_ANSWER };
}
