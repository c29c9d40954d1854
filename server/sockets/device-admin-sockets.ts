/**
 * 设备管理 on the sockets (server/devices/device-pairing.ts):
 *
 *   /admin   ← devices:enrolment (every kiosk and display and how it is credentialed; on connect and on change)
 *            → pairing:lookup { code }, pairing:approve { requestId, pairingId, deviceId }, device:revoke { requestId, credentialId }
 *   /kiosk, /display   a socket that connected with a paired credential joins room credential:<id>;
 *                      revoking (or replacing) the credential disconnects it at once.
 *
 * Added beside the hall handlers with a second `connection` listener, like the
 * device sockets: the handshake has already named the supervisor or device.
 */
import type { Namespace, Server } from 'socket.io';
import { credentialRevokeRequest, pairingApproveRequest, pairingLookupRequest } from '../../state-machines/protocol/messages.ts';
import type { Ack, ServerToClientEvents } from '../../state-machines/protocol/socket-events.ts';
import type { DevicePairing, Result } from '../devices/device-pairing.ts';
import type { HallService } from '../hall/hall-service.ts';
import { handle } from './handle.ts';
import type { SocketData } from './handshake.ts';

type Nsp = Namespace<Record<string, never>, ServerToClientEvents, Record<string, never>, SocketData>;

const room = (credentialId: string) => `credential:${credentialId}`;

export function attachDeviceAdminSockets(io: Server, pairing: DevicePairing, hall: HallService): () => void {
  const admin = io.of('/admin') as unknown as Nsp;
  const devices = [io.of('/kiosk'), io.of('/display')] as unknown as Nsp[];
  const answer = <T>(result: Result<T>): Ack<T> => (result.ok ? { ok: true, seq: hall.seq, result: result.value } : result);

  for (const nsp of devices) {
    nsp.on('connection', (socket) => {
      const credentialId = socket.data.identity?.credentialId;
      if (credentialId) void socket.join(room(credentialId));
    });
  }

  admin.on('connection', (socket) => {
    const identity = socket.data.identity;
    if (identity?.role !== 'admin') return;
    const by = identity.staff?.id ?? '';
    socket.emit('devices:enrolment', pairing.enrolment());
    handle(socket, 'pairing:lookup', pairingLookupRequest, (req) => answer(pairing.lookup(req.code)));
    handle(socket, 'pairing:approve', pairingApproveRequest, (req) => answer(pairing.approve(req.pairingId, req.deviceId, by)));
    handle(socket, 'device:revoke', credentialRevokeRequest, (req) => answer(pairing.revoke(req.credentialId, by)));
  });

  const onRevoked = (credentialId: string) => {
    for (const nsp of devices) nsp.in(room(credentialId)).disconnectSockets(true);
  };
  const onChange = () => admin.emit('devices:enrolment', pairing.enrolment());
  pairing.on('revoked', onRevoked);
  pairing.on('change', onChange);
  return () => {
    pairing.off('revoked', onRevoked);
    pairing.off('change', onChange);
  };
}
