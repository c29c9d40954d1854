/**
 * Socket.IO wiring: one namespace per role. A connection is authenticated at
 * the handshake, answered with a snapshot, and gets its role's command table
 * (roles.ts, through the registry: registry.ts); every accepted event is
 * broadcast with its log seq. What one client may cost is bounded (limits.ts,
 * command-costs.ts): connections and sync per socket, commands per kiosk or
 * session, slow consumers dropped.
 */
import pino, { type Logger } from 'pino';
import type { Server, Socket } from 'socket.io';
import { toPublicConfig } from '../../state-machines/config/hall-config.ts';
import type { HallState } from '../../state-machines/hall/state.ts';
import { audienceOf, eventForAudience, seesStaffDetails, stateFor, type Audience } from '../../state-machines/protocol/projection.ts';
import { protocolError } from '../../state-machines/protocol/errors.ts';
import { NAMESPACES, type Ack, type ConnectionIdentity, type HallSnapshot, type Role } from '../../state-machines/protocol/socket-events.ts';
import { PROTOCOL_VERSION } from '../../state-machines/protocol/version.ts';
import type { LoginGuard } from '../auth/login-guard.ts';
import type { SessionStore } from '../auth/session-store.ts';
import type { DeviceManager } from '../devices/device-manager.ts';
import type { DevicePairing } from '../devices/device-pairing.ts';
import type { CaseDesk } from '../hall/case-desk.ts';
import type { AppointmentDesk } from '../hall/appointment-desk.ts';
import type { HallService } from '../hall/hall-service.ts';
import { Caller, type CommandServices } from './caller.ts';
import { coalesceWebSocketWrites } from './coalesced-writes.ts';
import { CommandCosts } from './command-costs.ts';
import { ConnectionLimits } from './connection-limits.ts';
import { authenticate, type HallNamespace, type SocketIdentity } from './handshake.ts';
import type { CommandMetrics } from '../metrics/hall-metrics.ts';
import { attachCommands } from './registry.ts';
import type { ReportProjection } from '../reports/report-projection.ts';
import { ROLE_COMMANDS } from './roles.ts';

const TICK_MS = 25_000;

export interface HallSocketsOptions {
  serverVersion: string;
  now?: () => number;
  /** 预约: booking, check-in and cancellation (kiosk and staff). */
  appointments: AppointmentDesk;
  /** 办件 after 办结: EMS recipients, seen by the case desk only. */
  cases: CaseDesk;
  /** Printers, display voice reports (kiosk and display commands). */
  devices: DeviceManager;
  /** Device tokens (the hall file's and those minted by pairing), and 设备管理 on the supervisor's desk. */
  pairing: DevicePairing;
  /** 登录保护 on the supervisor's desk. */
  signIn: LoginGuard;
  /** /metrics: every answered command is counted (server/metrics/hall-metrics.ts). */
  metrics?: CommandMetrics;
  /** Reports on the supervisor's desk (server/reports/report-projection.ts). */
  reports?: ReportProjection;
  /** 双机热备: the other server's address, told to every client in its snapshot. */
  otherServer?: string | undefined;
  /** Where the socket layer logs (a child of the hall server's logger): every command, internal errors, dropped sockets. */
  log?: Logger;
}

export function attachHallSockets(io: Server, hall: HallService, sessions: SessionStore, options: HallSocketsOptions) {
  const now = options.now ?? Date.now;
  const log = options.log ?? pino({ enabled: false });
  const namespaces = new Map<Role, HallNamespace>();
  const connections = new ConnectionLimits(hall.config.limits, () => namespaces.values(), log);
  // A batch's events leave each socket in one write, not one per event (issue 15: ~25% of a busy server).
  coalesceWebSocketWrites(io);

  // Every snapshot at one seq carries the same projected state: build it once per audience, not once per socket.
  const publicConfig = toPublicConfig(hall.config, 'public');
  const staffConfig = toPublicConfig(hall.config, 'staff');
  let projected: { seq: number; states: Partial<Record<Audience, HallState>> } = { seq: -1, states: {} };
  const projectedState = (role: Role): HallState => {
    if (projected.seq !== hall.seq) projected = { seq: hall.seq, states: {} };
    return (projected.states[audienceOf(role)] ??= stateFor(role, hall.state));
  };
  const snapshotFor = (identity: SocketIdentity): HallSnapshot => ({
    protocol: PROTOCOL_VERSION,
    serverVersion: options.serverVersion,
    seq: hall.seq,
    now: now(),
    config: seesStaffDetails(identity.role) ? staffConfig : publicConfig,
    state: projectedState(identity.role),
    identity: publicIdentity(identity),
    otherServer: options.otherServer,
  });
  const services: CommandServices = {
    hall,
    appointments: options.appointments,
    cases: options.cases,
    devices: options.devices,
    pairing: options.pairing,
    signIn: options.signIn,
    costs: new CommandCosts(hall, now),
    connections,
    snapshot: snapshotFor,
    now,
    log,
    metrics: options.metrics,
    reports: options.reports,
  };

  for (const role of Object.keys(NAMESPACES) as Role[]) {
    const nsp = io.of(NAMESPACES[role]) as unknown as HallNamespace;
    namespaces.set(role, nsp);
    nsp.use((socket, next) => {
      const identity = authenticate(role, socket, { config: hall.config, sessions, devices: options.pairing }, now());
      if (identity instanceof Error) return next(identity);
      const refused = connections.admit(identity.actor);
      if (refused) return next(refused);
      socket.data.identity = identity;
      next();
    });
    nsp.on('connection', (socket) => {
      const identity = socket.data.identity;
      connections.track(socket, identity.actor);
      socket.on('disconnect', () => connections.untrack(socket, identity.actor));
      if (identity.session) {
        void socket.join(`session:${identity.session.id}`);
        // A session checked only at the handshake would outlive its 12 hours on a panel left open overnight.
        const session = identity.session;
        (socket as unknown as Socket).use((packet, next) => {
          if (session.expiresAt > now()) return next();
          const ack = packet.at(-1);
          if (typeof ack === 'function') {
            (ack as (r: Ack<never>) => void)({
              ok: false,
              error: protocolError('UNAUTHORIZED', '登录已过期，请重新登录', 'Your session has expired; sign in again'),
            });
          }
          log.info(
            { role, namespace: nsp.name, actor: identity.actor, event: typeof packet[0] === 'string' ? packet[0].slice(0, 40) : undefined },
            'session expired: disconnecting',
          );
          socket.disconnect(true);
        });
      }
      // Socket.IO encodes synchronously, so this snapshot is exactly the state at hall.seq.
      socket.emit('hall:snapshot', snapshotFor(identity));
      attachCommands(socket, ROLE_COMMANDS[role], new Caller(socket, services));
      // An event this role has no entry for gets a typed answer instead of silence.
      (socket as unknown as Socket).onAny((event: unknown, ...args: unknown[]) => {
        if (typeof event === 'string' && socket.data.handled.has(event)) return;
        const ack = args.at(-1);
        if (typeof ack !== 'function') return;
        const name = typeof event === 'string' ? event.slice(0, 40) : typeof event;
        log.info({ role, namespace: nsp.name, event: name, actor: identity.actor, code: 'FORBIDDEN' }, 'command refused');
        (ack as (r: Ack<never>) => void)({
          ok: false,
          error: protocolError('FORBIDDEN', '此终端不能执行该操作', `"${name}" is not available on ${NAMESPACES[role]}`),
        });
      });
    });
  }

  hall.on('event', (stored) => {
    const delta = { seq: stored.seq, at: stored.at, event: stored.event };
    const deltas: Partial<Record<Audience, typeof delta>> = {};
    for (const [role, nsp] of namespaces) {
      const audience = audienceOf(role);
      nsp.emit('hall:event', (deltas[audience] ??= { ...delta, event: eventForAudience(audience, stored.event) }));
    }
  });

  const tick = setInterval(() => {
    for (const nsp of namespaces.values()) nsp.volatile.emit('clock:tick', { now: now(), seq: hall.seq });
  }, TICK_MS);
  tick.unref();

  return {
    /** Disconnect every socket of a session (sign-out). */
    endSession(sessionId: string) {
      for (const nsp of namespaces.values()) nsp.in(`session:${sessionId}`).disconnectSockets(true);
    },
    close() {
      clearInterval(tick);
      connections.close();
    },
  };
}

function publicIdentity(identity: SocketIdentity): ConnectionIdentity {
  if ((identity.role === 'kiosk' || identity.role === 'display') && identity.device) {
    const d = identity.device;
    return {
      role: identity.role,
      deviceId: d.id,
      deviceName: d.name,
      window: d.window,
      floor: d.scope === 'floor' ? d.floor : undefined,
      selfServiceArea: d.kind === 'kiosk' && d.selfServiceArea ? true : undefined,
      rating: d.kind === 'display' && d.layout === 'rating' ? true : undefined,
    };
  }
  if (identity.role === 'window' && identity.staff && identity.session?.window != null) {
    return { role: 'window', staffId: identity.staff.id, staffName: identity.staff.name, window: identity.session.window };
  }
  if (identity.role === 'guide') return { role: 'guide', staffId: identity.staff?.id ?? '', staffName: identity.staff?.name ?? '' };
  return { role: 'admin', staffId: identity.staff?.id ?? '', staffName: identity.staff?.name ?? '' };
}
