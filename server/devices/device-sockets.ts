/**
 * Device events over the existing Socket.IO namespaces, added beside the hall
 * handlers (a second `connection` listener; the handshake middleware has
 * already named the device):
 *
 *   /kiosk   ← printer:status, print:job, scan:routed   (room device:<id>)
 *   /display   connection state (registry)
 *   /admin   ← devices:health (the registry, on connect and on every change)
 *
 * What devices send (print:materials, print:job-status, display:voice) is in
 * the command registry: server/sockets/commands/devices.ts.
 */
import type { Server } from 'socket.io';
import type { ServerToClientEvents } from '../../state-machines/protocol/socket-events.ts';
import type { HallNamespace as Nsp, HallSocket as AnySocket } from '../sockets/handshake.ts';
import type { DeviceManager } from './device-manager.ts';

export function attachDeviceSockets(io: Server, manager: DeviceManager): () => void {
  const kiosk = io.of('/kiosk') as unknown as Nsp;
  const display = io.of('/display') as unknown as Nsp;
  const admin = io.of('/admin') as unknown as Nsp;

  const trackPresence = (nsp: Nsp, socket: AnySocket, deviceId: string) => {
    const room = `device:${deviceId}`;
    void socket.join(room);
    manager.kioskConnected(deviceId, true);
    socket.on('disconnect', () => {
      if ((nsp.adapter.rooms.get(room)?.size ?? 0) === 0) manager.kioskConnected(deviceId, false);
    });
  };

  kiosk.on('connection', (socket) => {
    const deviceId = socket.data.identity?.device?.id;
    if (!deviceId) return;
    trackPresence(kiosk, socket, deviceId);
    socket.emit('printer:status', manager.kioskStatus(deviceId));
  });

  display.on('connection', (socket) => {
    const deviceId = socket.data.identity?.device?.id;
    if (!deviceId) return;
    trackPresence(display, socket, deviceId);
  });

  admin.on('connection', (socket) => {
    socket.emit('devices:health', manager.health());
  });

  const onPrinter = (kioskId: string) => kiosk.to(`device:${kioskId}`).emit('printer:status', manager.kioskStatus(kioskId));
  const onJob = (kioskId: string, job: Parameters<ServerToClientEvents['print:job']>[0]) => kiosk.to(`device:${kioskId}`).emit('print:job', job);
  const onScan = (kioskId: string, scan: Parameters<ServerToClientEvents['scan:routed']>[0]) => kiosk.to(`device:${kioskId}`).emit('scan:routed', scan);
  const onHealth = () => admin.emit('devices:health', manager.health());
  manager.on('printer', onPrinter);
  manager.on('job', onJob);
  manager.on('scan', onScan);
  manager.on('health', onHealth);
  return () => {
    manager.off('printer', onPrinter);
    manager.off('job', onJob);
    manager.off('scan', onScan);
    manager.off('health', onHealth);
  };
}
