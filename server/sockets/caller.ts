/**
 * Who is asking, as the command registry's handlers see it: one per socket,
 * made when it connects from the identity its handshake established, so a
 * command builds nothing per call to know the actor, the clerk's window, the
 * device or which budgets pay.
 */
import type { Logger } from 'pino';
import type { HallCommand } from '../../state-machines/hall/decide.ts';
import type { ProtocolError } from '../../state-machines/protocol/errors.ts';
import type { HallSnapshot, Role } from '../../state-machines/protocol/socket-events.ts';
import type { LoginGuard } from '../auth/login-guard.ts';
import type { DeviceManager } from '../devices/device-manager.ts';
import type { DevicePairing } from '../devices/device-pairing.ts';
import type { CaseDesk } from '../hall/case-desk.ts';
import type { AppointmentDesk } from '../hall/appointment-desk.ts';
import type { HallService } from '../hall/hall-service.ts';
import type { CommandMetrics } from '../metrics/hall-metrics.ts';
import type { ReportProjection } from '../reports/report-projection.ts';
import type { CommandCosts, Cost, Payer } from './command-costs.ts';
import type { ConnectionLimits } from './connection-limits.ts';
import type { HallSocket, SocketIdentity } from './handshake.ts';
import type { TokenBucket } from './rate-limit.ts';
import type { SyncGuard } from './sync-since.ts';

/** What the handlers act on (one set per hall server). */
export interface CommandServices {
  readonly hall: HallService;
  readonly appointments: AppointmentDesk;
  /** 办件 after 办结: EMS recipients (kept outside the log), REST 办结待取. */
  readonly cases: CaseDesk;
  readonly devices: DeviceManager;
  readonly pairing: DevicePairing;
  readonly signIn: LoginGuard;
  readonly costs: CommandCosts;
  readonly connections: ConnectionLimits;
  /** What this connection would get on connecting now (a sync answer when it is too far behind). */
  snapshot(identity: SocketIdentity): HallSnapshot;
  /** The hall's clock. */
  now(): number;
  /** The socket layer's log (`svc: "sockets"`). */
  readonly log: Logger;
  /** /metrics: each answered command (server/metrics/hall-metrics.ts). */
  readonly metrics?: CommandMetrics | undefined;
  /** 统计报表 (server/reports/report-projection.ts); absent in servers built without it. */
  readonly reports?: ReportProjection | undefined;
}

/** Staff acting on a ticket or booking away from the counter: a clerk (their window) or a supervisor (no window). */
type StaffActor = Extract<HallCommand, { type: 'ticket.requeue' }>['by'];

export class Caller implements Payer {
  readonly role: Role;
  readonly namespace: string;
  /** "kiosk:kiosk-1f-1", "clerk:1009@5", "supervisor:9001": recorded as the event's actor; half of every request key. */
  readonly actor: string;
  readonly identity: SocketIdentity;
  /** The window a clerk signed in to (/window); undefined for everyone else. */
  readonly ownWindow: number | undefined;
  /** 工号 of the clerk or supervisor ('' for devices). */
  readonly staffId: string;
  /** The kiosk or display ('' for staff). */
  readonly deviceId: string;
  readonly by: StaffActor;
  readonly sessionKey: string;
  readonly socketBuckets: Partial<Record<Cost, TokenBucket>> = {};
  /** `sync:since` bounds of this socket (sync-since.ts), made on its first request. */
  sync: SyncGuard | undefined;
  private readonly gates: Partial<Record<Cost, () => ProtocolError | undefined>> = {};

  constructor(
    readonly socket: HallSocket,
    readonly services: CommandServices,
  ) {
    const identity = socket.data.identity;
    this.identity = identity;
    this.role = identity.role;
    this.namespace = socket.nsp.name;
    this.actor = identity.actor;
    this.staffId = identity.staff?.id ?? '';
    this.deviceId = identity.device?.id ?? '';
    // The handshake lets a clerk session onto /window only with its window.
    this.ownWindow = identity.role === 'window' ? (identity.session?.window ?? -1) : undefined;
    this.by = { staffId: this.staffId, window: this.ownWindow };
    this.sessionKey = identity.session?.id ?? identity.actor;
  }

  /** The gate `HallService.execute` asks before deciding a new request (made once per cost class and socket). */
  gateFor(cost: Cost): () => ProtocolError | undefined {
    return (this.gates[cost] ??= () => this.services.costs.gate(cost, this));
  }
}
