/**
 * Tell the hall server how this display speaks (`display:voice`), and tell it
 * again after every reconnect: the server forgets nothing, but it may have
 * restarted, and /healthz should never show a silent display as fine.
 */
import type { DisplayVoiceReport } from '../state-machines/devices/device-messages.ts';
import type { RoleSocket } from '../state-machines/client/web/hall-link.ts';

export function voiceReporter(socket: RoleSocket<'display'>): (report: DisplayVoiceReport) => void {
  let last: DisplayVoiceReport | undefined;
  const send = () => {
    if (last && socket.connected) socket.emit('display:voice', last, () => undefined);
  };
  socket.on('connect', send);
  return (report) => {
    last = report;
    send();
  };
}
