/**
 * Tell the hall server how this display speaks (`display:voice`), and tell it
 * again after every reconnect: the server forgets nothing, but it may have
 * restarted, and /healthz should never show a silent display as fine.
 */
import type { DisplayVoiceReport } from '../state-machines/devices/device-messages.ts';
import type { RoleSocket } from '../state-machines/client/web/hall-link.ts';

type Reporter = (report: DisplayVoiceReport) => void;

/** One reporter per socket: the display's render asks for it on every render. */
const reporters = new WeakMap<RoleSocket<'display'>, Reporter>();

export function voiceReporter(socket: RoleSocket<'display'>): Reporter {
  const known = reporters.get(socket);
  if (known) return known;
  let last: DisplayVoiceReport | undefined;
  const send = () => {
    if (last && socket.connected) socket.emit('display:voice', last, () => undefined);
  };
  socket.on('connect', send);
  const reporter: Reporter = (report) => {
    last = report;
    send();
  };
  reporters.set(socket, reporter);
  return reporter;
}
