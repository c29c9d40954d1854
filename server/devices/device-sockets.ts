/**
 * Device events over the existing Socket.IO namespaces, added beside the hall
 * handlers (a second `connection` listener; the handshake middleware has
 * already named the device):
 *
 *   /kiosk   ← printer:status, print:job, scan:routed   (room kiosk:<id>)
 *            → print:materials { requestId, itemId }, print:job-status { ticketId }
 *   /display   connection state (registry); → display:voice { mode, problem? } (how it speaks)
 *   /admin   ← devices:health (the registry, on connect and on every change)
 */
import type { Namespace, Server, Socket } from 'socket.io';
import type { z } from 'zod';
import { displayVoiceReport, printJobStatusRequest, printMaterialsRequest } from '../../state-machines/devices/device-messages.ts';
import { protocolError } from '../../state-machines/protocol/errors.ts';
import type { Ack, ServerToClientEvents } from '../../state-machines/protocol/socket-events.ts';
import type { HallService } from '../hall/hall-service.ts';
import { handle } from '../sockets/handle.ts';
import type { SocketData } from '../sockets/handshake.ts';
import { LIMITS, rateLimited } from '../sockets/limits.ts';
import { TokenBucket, TokenBuckets } from '../sockets/rate-limit.ts';
import type { DeviceManager } from './device-manager.ts';

type Nsp = Namespace<Record<string, never>, ServerToClientEvents, Record<string, never>, SocketData>;
type AnySocket = Socket<Record<string, never>, ServerToClientEvents, Record<string, never>, SocketData>;

export function attachDeviceSockets(io: Server, manager: DeviceManager, hall: HallService, now: () => number = Date.now): () => void {
  const kiosk = io.of('/kiosk') as unknown as Nsp;
  /** Paper: material lists per kiosk (a retried request, same requestId, is never printed twice and costs nothing). */
  const materials = new TokenBuckets(LIMITS.printMaterials.perMinute, LIMITS.printMaterials.burst);
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
    handle(socket, 'print:materials', printMaterialsRequest, (req) => {
      if (!manager.kioskPrinter(deviceId)) {
        return { ok: false, error: protocolError('NOT_FOUND', '本机没有连接打印机', 'This kiosk has no printer') };
      }
      if (!hall.config.items.some((i) => i.id === req.itemId)) {
        return { ok: false, error: protocolError('NOT_FOUND', '没有这个事项', `No item ${req.itemId}`, 'itemId') };
      }
      const key = `${deviceId}:${req.requestId}#materials`;
      if (!manager.knowsMaterials(deviceId, req.requestId)) {
        const wait = materials.admit(deviceId, now());
        if (wait > 0) return { ok: false, error: rateLimited(wait, '打印告知单', 'material lists printed at this kiosk') };
      }
      void manager.printMaterials(deviceId, req.itemId, req.requestId);
      return { ok: true, seq: hall.seq, result: { key } };
    });
    const lookups = new TokenBucket(LIMITS.printJobStatus);
    handle(socket, 'print:job-status', printJobStatusRequest, (req) => {
      const wait = lookups.admit(Date.now());
      if (wait > 0) return { ok: false, error: rateLimited(wait, '查询打印结果', 'print status look-ups') };
      return { ok: true, seq: hall.seq, result: manager.ticketJob(req.ticketId) ?? null };
    });
  });

  display.on('connection', (socket) => {
    const deviceId = socket.data.identity?.device?.id;
    if (!deviceId) return;
    trackPresence(display, socket, deviceId);
    const reports = new TokenBucket(LIMITS.displayVoice);
    handle(socket, 'display:voice', displayVoiceReport, (report) => {
      const wait = reports.admit(Date.now());
      if (wait > 0) return { ok: false, error: rateLimited(wait, '语音状态上报', 'voice reports') };
      manager.displayVoice(deviceId, report);
      return { ok: true, seq: hall.seq, result: null };
    });
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
