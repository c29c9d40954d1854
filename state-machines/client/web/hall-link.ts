/**
 * The link between a front end and the hall server: one Socket.IO socket on
 * the role's namespace, a HallSync that folds the pushed events into a local
 * hall view, and a link state the screens show (online, reconnecting,
 * refused).
 *
 * Front ends create their socket themselves (so its type carries their own
 * command map) and hand it to `attachHallLink`.
 */
import { io, type Socket } from 'socket.io-client';
import { HallSync, type HallView, type SyncSocket } from '../../client/hall-sync.ts';
import { protocolError } from '../../protocol/errors.ts';
import {
  NAMESPACES,
  type Ack,
  type ClientEventsByRole,
  type DisplayClientEvents,
  type HallDelta,
  type Role,
  type ServerToClientEvents,
  type SyncResult,
} from '../../protocol/socket-events.ts';
import { PROTOCOL_VERSION } from '../../protocol/version.ts';

export type LinkState =
  | { kind: 'connecting' }
  | { kind: 'online' }
  /** Lost; Socket.IO is reconnecting on its own. */
  | { kind: 'offline' }
  /** The server refused the handshake. Socket.IO does not retry after that. */
  | { kind: 'refused'; code: RefusalCode; detail: string };

export type RefusalCode = 'UNAUTHORIZED' | 'FORBIDDEN' | 'PROTOCOL_MISMATCH' | 'SESSION_ENDED' | 'REFUSED';

export type RoleSocket<R extends Role> = Socket<ServerToClientEvents, ClientEventsByRole[R]>;

/** Every role can listen and ask `sync:since`; that is all the link itself needs. */
type SyncingSocket = Socket<ServerToClientEvents, DisplayClientEvents>;

const SYNC_TIMEOUT_MS = 10_000;
/** A kiosk or display nobody is standing at asks again by itself: an admin may have fixed its token meanwhile. */
const DEVICE_RETRY_MS = 30_000;
/** A page older than the server reloads itself to fetch the matching build. */
const RELOAD_AFTER_MISMATCH_MS = 15_000;

export function connectHall<R extends Role>(role: R, token: string): RoleSocket<R> {
  return io(NAMESPACES[role], {
    auth: { protocol: PROTOCOL_VERSION, token },
    // Halls run on a LAN: come back fast after a switch or server restart.
    reconnectionDelay: 500,
    reconnectionDelayMax: 5_000,
  });
}

export interface HallLink {
  readonly sync: HallSync;
  readonly state: LinkState;
  onState(listener: (state: LinkState) => void): () => void;
  onView(listener: (view: HallView, delta?: HallDelta) => void): () => void;
  close(): void;
}

interface LinkOptions {
  /**
   * Unattended device (kiosk, display): keep trying after a refusal or a
   * server-side disconnect. A clerk's panel instead shows the refusal and
   * goes back to sign-in.
   */
  unattended: boolean;
}

export function attachHallLink(socket: SyncingSocket, options: LinkOptions): HallLink {
  const sync = new HallSync(toSyncSocket(socket));
  const listeners = new Set<(state: LinkState) => void>();
  let state: LinkState = socket.connected ? { kind: 'online' } : { kind: 'connecting' };
  let retry: ReturnType<typeof setTimeout> | undefined;
  const set = (next: LinkState) => {
    state = next;
    for (const l of listeners) l(state);
  };
  const later = (ms: number, action: () => void) => {
    clearTimeout(retry);
    retry = setTimeout(action, ms);
  };

  const failover = followTheOtherServer(socket);
  socket.on('connect', () => set({ kind: 'online' }));
  socket.on('disconnect', (reason) => {
    if (reason === 'io client disconnect') return;
    // The server closed this socket on purpose (the clerk's session ended).
    // Socket.IO does not reconnect after that by itself.
    if (reason === 'io server disconnect' && !options.unattended) {
      set({ kind: 'refused', code: 'SESSION_ENDED', detail: reason });
      return;
    }
    set({ kind: 'offline' });
    if (reason === 'io server disconnect') later(1_000, () => socket.connect());
  });
  socket.on('connect_error', (err: Error & { data?: unknown }) => {
    const code = refusalCode(err.data);
    if (!code) {
      set({ kind: 'offline' });
      failover.afterFailedAttempt();
      return;
    }
    set({ kind: 'refused', code, detail: err.message });
    if (code === 'PROTOCOL_MISMATCH') later(RELOAD_AFTER_MISMATCH_MS, () => location.reload());
    else if (options.unattended) later(DEVICE_RETRY_MS, () => socket.connect());
  });

  return {
    sync,
    get state() {
      return state;
    },
    onState(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onView(listener) {
      return sync.subscribe(listener);
    },
    close() {
      clearTimeout(retry);
      listeners.clear();
      socket.disconnect();
    },
  };
}

/**
 * HallSync asks `sync:since` with a plain ack. Without a timeout that ack is
 * dropped silently when the socket disconnects, and HallSync would wait for it
 * forever (every later delta parked in `pending`). With a timeout Socket.IO
 * always answers — with an error on timeout or disconnect — which we hand on
 * as a refused sync, so HallSync asks again on the next gap or snapshot.
 */
function toSyncSocket(socket: SyncingSocket): SyncSocket {
  return {
    on: socket.on.bind(socket),
    emit: (_event, request, ack) =>
      socket.timeout(SYNC_TIMEOUT_MS).emit('sync:since', request, (err: Error | null, res: Ack<SyncResult>) => {
        ack(err ? { ok: false, error: protocolError('INTERNAL', '同步超时', `sync:since failed: ${err.message}`) } : res);
      }),
  };
}

/**
 * 双机热备 (README § Standby): the snapshot names the hall's other server. After an attempt to reach this one
 * fails, the next goes to the other (and back, alternately): when the primary dies, the standby takes over within
 * seconds and one of the attempts reaches it; a standby answers every request 503, so an attempt that reaches the
 * standby first just fails over again. The same socket carries on (its listeners, the screen's HallSync): the new
 * server sends a snapshot at the same seq numbers, so nothing is applied or announced twice. The move is by
 * WebSocket (another origin: no polling, which the page's CSP keeps to its own).
 */
function followTheOtherServer(socket: SyncingSocket): { afterFailedAttempt(): void } {
  const home = typeof location === 'undefined' ? undefined : location.origin;
  let other: string | undefined;
  socket.on('hall:snapshot', (s) => {
    if (s.otherServer !== undefined && s.otherServer !== home) other = s.otherServer;
  });
  // The Manager keeps its address in a field its types call private; the engine reads it on every (re)connection.
  const manager = socket.io as unknown as { uri: string; opts: { transports?: string[] } };
  return {
    afterFailedAttempt() {
      if (other === undefined || home === undefined) return;
      const onHome = new URL(manager.uri, home).origin === home;
      manager.uri = onHome ? other : home;
      manager.opts.transports = onHome ? ['websocket'] : ['polling', 'websocket'];
    },
  };
}

function refusalCode(data: unknown): RefusalCode | undefined {
  if (typeof data !== 'object' || data === null || !('code' in data)) return undefined;
  const code = data.code;
  if (code === 'UNAUTHORIZED' || code === 'FORBIDDEN' || code === 'PROTOCOL_MISMATCH') return code;
  return typeof code === 'string' ? 'REFUSED' : undefined;
}
