/**
 * Device commands (server/devices/): a kiosk prints material lists
 * (一次性告知) and asks how a ticket's print job ended; a display says how it
 * speaks. The supervisor's desk pairs and revokes devices (设备管理,
 * server/devices/device-pairing.ts) and lifts sign-in delays (登录保护,
 * server/auth/login-guard.ts) — staff commands counted against the session
 * at the door, before they are read.
 */
import { displayVoiceReport, printJobStatusRequest, printMaterialsRequest } from '../../../state-machines/devices/device-messages.ts';
import { protocolError } from '../../../state-machines/protocol/errors.ts';
import { credentialRevokeRequest, pairingApproveRequest, pairingLookupRequest, unblockAddressRequest } from '../../../state-machines/protocol/messages.ts';
import type { Ack, AdminClientEvents, DisplayClientEvents, KioskClientEvents } from '../../../state-machines/protocol/socket-events.ts';
import { choiceOf } from '../../../state-machines/hall/notice.ts';
import { materialsJobKey } from '../../devices/device-manager.ts';
import type { Result } from '../../devices/device-pairing.ts';
import type { Caller } from '../caller.ts';
import { defineCommands } from '../registry.ts';

export const kioskDeviceCommands = defineCommands<KioskClientEvents>()({
  'print:materials': {
    schema: printMaterialsRequest,
    cost: 'materials',
    check: (req, c) => {
      if (!c.services.devices.kioskPrinter(c.deviceId)) return protocolError('NOT_FOUND', '本机没有连接打印机', 'This kiosk has no printer');
      if (!choiceOf(c.services.hall.config, req.itemId)) return protocolError('NOT_FOUND', '没有这个事项', `No item ${req.itemId}`, 'itemId');
      return undefined;
    },
    // A retried request (same requestId) is never printed twice and costs no paper.
    known: (req, c) => c.services.devices.knowsMaterials(c.deviceId, req.requestId),
    run: (req, c) => {
      void c.services.devices.printMaterials(c.deviceId, req.itemId, req.requestId);
      return { ok: true, seq: c.services.hall.seq, result: { key: materialsJobKey(c.deviceId, req.requestId) } };
    },
  },
  'print:job-status': {
    schema: printJobStatusRequest,
    cost: 'print-status',
    run: (req, c) => ({ ok: true, seq: c.services.hall.seq, result: c.services.devices.ticketJob(req.ticketId) ?? null }),
  },
});

export const displayCommands = defineCommands<DisplayClientEvents>()({
  'display:voice': {
    schema: displayVoiceReport,
    cost: 'voice-report',
    run: (report, c) => {
      c.services.devices.displayVoice(c.deviceId, report);
      return { ok: true, seq: c.services.hall.seq, result: null };
    },
  },
});

export const supervisorDeskCommands = defineCommands<AdminClientEvents>()({
  'pairing:lookup': { schema: pairingLookupRequest, cost: 'staff-at-door', run: (req, c) => answer(c, c.services.pairing.lookup(req.code)) },
  'pairing:approve': {
    schema: pairingApproveRequest,
    cost: 'staff-at-door',
    run: (req, c) => answer(c, c.services.pairing.approve(req.pairingId, req.deviceId, c.staffId)),
  },
  'device:revoke': {
    schema: credentialRevokeRequest,
    cost: 'staff-at-door',
    run: (req, c) => answer(c, c.services.pairing.revoke(req.credentialId, c.staffId)),
  },
  'signin:unblock': {
    schema: unblockAddressRequest,
    cost: 'staff-at-door',
    run: (req, c) => ({ ok: true, seq: c.services.hall.seq, result: { address: req.address, cleared: c.services.signIn.unblock(req.address, c.staffId) } }),
  },
});

/** Pairing answers with the hall's seq (nothing was appended to the log). */
function answer<T>(c: Caller, result: Result<T>): Ack<T> {
  return result.ok ? { ok: true, seq: c.services.hall.seq, result: result.value } : result;
}
