/**
 * Who may open a Socket.IO session at all (Engine.IO's `allowRequest`), before
 * any token is shown. Every handshake costs the server a session object until
 * the client joins a role namespace (which checks its token) or
 * `connectTimeout` passes, so an address on the guest Wi-Fi could otherwise
 * open tens of thousands of them (review of issue 11: 20,000 polling
 * handshakes in 30 s took 130 MB that stayed). Two bounds:
 *   - new handshakes per address per minute (loopback exempt: the server's
 *     own machine is trusted, and the bench and tests connect from it);
 *   - sessions held in all.
 * Requests of an existing session (polling with a `sid`, the websocket
 * upgrade) are not new handshakes and always pass.
 */
import type { IncomingMessage } from 'node:http';
import { TokenBuckets } from './rate-limit.ts';

export interface EngineAdmissionOptions {
  perAddressPerMinute: number;
  maxSessions: number;
  now: () => number;
  /** Sessions open now (io.engine.clientsCount). */
  sessions: () => number;
}

type AllowRequest = (req: IncomingMessage, answer: (err: string | null | undefined, success: boolean) => void) => void;

export function isLoopback(address: string | undefined): boolean {
  return address !== undefined && (address.startsWith('127.') || address === '::1' || address.startsWith('::ffff:127.'));
}

export function engineAdmission(options: EngineAdmissionOptions): AllowRequest {
  // Burst of a third of a minute's allowance: a kiosk, its scanner page and a reload after a power blip.
  const byAddress = new TokenBuckets(options.perAddressPerMinute, Math.max(1, Math.ceil(options.perAddressPerMinute / 3)), 10_000);
  return (req, answer) => {
    if (new URL(req.url ?? '/', 'http://hall').searchParams.has('sid')) return answer(null, true);
    if (options.sessions() >= options.maxSessions) return answer('too many sessions', false);
    const address = req.socket.remoteAddress;
    if (!isLoopback(address) && byAddress.admit(address ?? 'unknown', options.now()) > 0) return answer('too many handshakes from this address', false);
    answer(null, true);
  };
}
