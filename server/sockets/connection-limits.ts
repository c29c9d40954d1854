/**
 * Bounds on connections: how often one device token or session may connect
 * (every connection is answered with a full snapshot), how many live sockets
 * it may hold, and slow consumers — sockets whose unsent data grows past a
 * bound because the other end stopped reading — which are dropped instead of
 * buffered without limit.
 */
import type { Logger } from 'pino';
import type { Namespace, Socket } from 'socket.io';
import type { Limits } from '../../state-machines/config/hall-config.ts';
import { MAX_UNSENT_BYTES, MAX_UNSENT_PACKETS, SLOW_CONSUMER_SWEEP_MS } from './limits.ts';
import { TokenBuckets } from './rate-limit.ts';
import { dropConnection, unsentOf } from './unsent.ts';

type AnySocket = Pick<Socket, 'id' | 'conn' | 'nsp' | 'disconnect'>;

export class ConnectionLimits {
  private readonly connects: TokenBuckets;
  private readonly live = new Map<string, Set<AnySocket>>();
  private readonly sweep: NodeJS.Timeout;
  private readonly maxSockets: number;

  constructor(
    limits: Pick<Limits, 'connectsPerMinute' | 'socketsPerToken'>,
    namespaces: () => Iterable<Pick<Namespace, 'sockets'>>,
    private readonly log: Logger,
  ) {
    this.connects = new TokenBuckets(limits.connectsPerMinute, limits.connectsPerMinute);
    this.maxSockets = limits.socketsPerToken;
    this.sweep = setInterval(() => {
      for (const nsp of namespaces()) for (const socket of nsp.sockets.values()) this.dropIfSlow(socket, 'sweep');
    }, SLOW_CONSUMER_SWEEP_MS);
    this.sweep.unref();
  }

  /** At the handshake, after authentication: RATE_LIMITED when this device or session connects too often. */
  admit(actor: string): Error | undefined {
    const wait = this.connects.admit(actor, Date.now());
    if (wait === 0) return undefined;
    return Object.assign(new Error(`too many connections for ${actor}; try again in ${wait} s`), { data: { code: 'RATE_LIMITED', retryAfterSeconds: wait } });
  }

  /** A new socket of `actor`: beyond the cap its oldest socket is closed (a link that died without saying so). */
  track(socket: AnySocket, actor: string): void {
    let sockets = this.live.get(actor);
    if (sockets === undefined) {
      sockets = new Set();
      this.live.set(actor, sockets);
    }
    sockets.add(socket);
    for (const old of sockets) {
      if (sockets.size <= this.maxSockets) break;
      sockets.delete(old);
      this.log.warn({ actor, namespace: old.nsp.name, socket: old.id }, 'too many sockets for one device or session: closing the oldest');
      old.disconnect(true);
    }
  }

  untrack(socket: AnySocket, actor: string): void {
    const sockets = this.live.get(actor);
    if (!sockets?.delete(socket)) return;
    if (sockets.size === 0) this.live.delete(actor);
  }

  /** Drop the socket's connection if its unsent data is past the bounds; true if dropped. */
  dropIfSlow(socket: AnySocket, when: string): boolean {
    const unsent = unsentOf(socket, MAX_UNSENT_PACKETS);
    if (unsent.bytes <= MAX_UNSENT_BYTES && unsent.packets <= MAX_UNSENT_PACKETS) return false;
    this.log.warn({ namespace: socket.nsp.name, socket: socket.id, ...unsent, when }, 'slow consumer: dropping a socket that stopped reading');
    dropConnection(socket);
    return true;
  }

  close(): void {
    clearInterval(this.sweep);
  }
}
