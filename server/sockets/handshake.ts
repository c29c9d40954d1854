/**
 * Namespace middleware: who may connect where. A kiosk token opens /kiosk
 * only, a display token /display only, a clerk session /window only (and only
 * for the window it signed in to), a supervisor session /admin only, a guide
 * session /guide only. A device
 * token is the hall file's (compared in constant time) or one minted by
 * pairing (server/devices/device-pairing.ts).
 */
import type { Namespace, Socket } from 'socket.io';
import type { DeviceConfig, HallConfig, StaffConfig } from '../../state-machines/config/hall-config.ts';
import type { ErrorCode } from '../../state-machines/protocol/errors.ts';
import { handshakeAuth } from '../../state-machines/protocol/messages.ts';
import type { Role, ServerToClientEvents } from '../../state-machines/protocol/socket-events.ts';
import { PROTOCOL_VERSION } from '../../state-machines/protocol/version.ts';
import type { Session, SessionStore } from '../auth/session-store.ts';
import type { DeviceCredential } from '../devices/device-pairing.ts';

export interface SocketIdentity {
  role: Role;
  device?: DeviceConfig;
  staff?: StaffConfig;
  session?: Session;
  /** The paired credential a device connected with (undefined: the hall file's token). */
  credentialId?: string | undefined;
  /** "kiosk:kiosk-1f-1", "clerk:1009@5", … — recorded as the event's actor. */
  actor: string;
}

export interface SocketData {
  identity: SocketIdentity;
  /** Events this connection's role may send (its command table, sockets/roles.ts); anything else is answered FORBIDDEN. */
  handled: ReadonlySet<string>;
}

/**
 * A hall socket as the server pushes to it. Its inbound events are not typed
 * here: payloads arrive unparsed, and the command registry (registry.ts)
 * registers them from the role's typed command table.
 */
export type HallSocket = Socket<Record<string, never>, ServerToClientEvents, Record<string, never>, SocketData>;
export type HallNamespace = Namespace<Record<string, never>, ServerToClientEvents, Record<string, never>, SocketData>;

function refusal(code: ErrorCode, message: string): Error {
  return Object.assign(new Error(message), { data: { code } });
}

/** What the handshake checks tokens against. */
export interface Credentials {
  config: HallConfig;
  sessions: SessionStore;
  devices: { authenticate(token: string): DeviceCredential | undefined };
}

export function authenticate(role: Role, socket: Pick<Socket, 'handshake'>, credentials: Credentials, now: number): SocketIdentity | Error {
  const { config, sessions } = credentials;
  const parsed = handshakeAuth.safeParse(socket.handshake.auth);
  if (!parsed.success) return refusal('UNAUTHORIZED', 'missing or malformed auth: { protocol, token }');
  const { protocol, token } = parsed.data;
  if (protocol !== PROTOCOL_VERSION) {
    return refusal('PROTOCOL_MISMATCH', `server speaks protocol ${PROTOCOL_VERSION}, client ${protocol}: reload the page`);
  }
  if (role === 'kiosk' || role === 'display') {
    const found = credentials.devices.authenticate(token);
    if (!found) return refusal('UNAUTHORIZED', 'unknown or revoked device token: pair this device');
    const { device, credentialId } = found;
    if (device.kind !== role) return refusal('FORBIDDEN', `a ${device.kind} token cannot open /${role}`);
    return { role, device, credentialId, actor: `${role}:${device.id}` };
  }
  const session = sessions.find(token, now);
  if (!session) return refusal('UNAUTHORIZED', 'session unknown or expired: sign in again');
  const staff = config.staff.find((s) => s.id === session.staffId);
  if (!staff) return refusal('UNAUTHORIZED', 'staff member no longer in the configuration');
  if (role === 'window') {
    if (session.role !== 'clerk' || session.window === null) return refusal('FORBIDDEN', 'a window session is needed for /window');
    return { role, staff, session, actor: `clerk:${staff.id}@${session.window}` };
  }
  if (role === 'guide') {
    if (session.role !== 'guide') return refusal('FORBIDDEN', 'a guide session is needed for /guide');
    return { role, staff, session, actor: `guide:${staff.id}` };
  }
  if (session.role !== 'supervisor') return refusal('FORBIDDEN', 'a supervisor session is needed for /admin');
  return { role, staff, session, actor: `supervisor:${staff.id}` };
}
