/**
 * 设备管理 on the sockets (server/devices/device-pairing.ts):
 *
 *   /admin   ← devices:enrolment (every kiosk and display and how it is credentialed; on connect and on change)
 *            (→ pairing:lookup, pairing:approve, device:revoke: the command registry, commands/devices.ts)
 *   /kiosk, /display   a socket that connected with a paired credential joins room credential:<id>;
 *                      revoking (or replacing) the credential disconnects it at once.
 *
 * Added beside the hall handlers with a second `connection` listener, like the
 * device sockets: the handshake has already named the supervisor or device.
 */
import type { Server } from 'socket.io';
import type { DevicePairing } from '../devices/device-pairing.ts';
import type { HallNamespace as Nsp } from './handshake.ts';

const room = (credentialId: string) => `credential:${credentialId}`;

export function attachDeviceAdminSockets(io: Server, pairing: DevicePairing): () => void {
  const admin = io.of('/admin') as unknown as Nsp;
  const devices = [io.of('/kiosk'), io.of('/display')] as unknown as Nsp[];

  for (const nsp of devices) {
    nsp.on('connection', (socket) => {
      const credentialId = socket.data.identity?.credentialId;
      if (credentialId) void socket.join(room(credentialId));
    });
  }

  admin.on('connection', (socket) => {
    if (socket.data.identity?.role !== 'admin') return;
    socket.emit('devices:enrolment', pairing.enrolment());
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
