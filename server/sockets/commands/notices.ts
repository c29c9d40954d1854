/**
 * 一次性告知 at the window (README § Items and bundles): the clerk prints the notice of the item in
 * hand, of another item, or — for a visitor turned away (不予受理) — the ticket's item with exactly the
 * papers its recorded case lists as missing. A side effect on the counter printer: nothing enters the
 * hall's log; a retry with the same requestId prints nothing new (the print job is keyed by it).
 */
import { protocolError } from '../../../state-machines/protocol/errors.ts';
import { printNoticeRequest } from '../../../state-machines/protocol/messages.ts';
import type { WindowClientEvents } from '../../../state-machines/protocol/socket-events.ts';
import { choiceOf } from '../../../state-machines/hall/notice.ts';
import { own } from '../../../state-machines/hall/state.ts';
import { windowNoticeJobKey } from '../../devices/device-manager.ts';
import type { Caller } from '../caller.ts';
import { defineCommands } from '../registry.ts';

export const counterNoticeCommands = defineCommands<WindowClientEvents>()({
  'notice:print': {
    schema: printNoticeRequest,
    scope: 'own-window',
    cost: 'staff',
    check: (req, c) => {
      if (!c.services.devices.windowPrinter(req.window)) return protocolError('NOT_FOUND', '本窗口没有连接打印机', `Window ${req.window} has no printer`);
      const what = noticeOf(req, c);
      return 'error' in what ? what.error : undefined;
    },
    known: (req, c) => c.services.devices.knowsWindowNotice(req.window, req.requestId),
    run: (req, c) => {
      const what = noticeOf(req, c);
      if ('itemId' in what) void c.services.devices.printWindowNotice(req.window, what.itemId, req.requestId, what.missing);
      return { ok: true, seq: c.services.hall.seq, result: { key: windowNoticeJobKey(req.window, req.requestId) } };
    },
  },
});

type Asked = { itemId?: string | undefined; ticketId?: string | undefined };

/** The item to print and, for a turned-away visitor, what was missing — or why not. */
function noticeOf(req: Asked, c: Caller): { itemId: string; missing?: string[] | undefined } | { error: ReturnType<typeof protocolError> } {
  const { config, state } = c.services.hall;
  if (req.ticketId !== undefined) {
    const recorded = own(state.cases ?? {}, req.ticketId);
    if (recorded?.outcome !== 'rejected')
      return { error: protocolError('NOT_FOUND', '该号码没有不予受理的办件记录', `No rejected case for ${req.ticketId}`, 'ticketId') };
    const itemId = req.itemId ?? recorded.itemId;
    if (itemId === undefined) return { error: protocolError('BAD_REQUEST', '该办件没有事项，请选择事项后打印', 'The case has no item: choose one', 'itemId') };
    if (!choiceOf(config, itemId)) return { error: protocolError('NOT_FOUND', '没有这个事项', `No item ${itemId}`, 'itemId') };
    return { itemId, missing: recorded.missing ?? [] };
  }
  if (req.itemId === undefined) return { error: protocolError('BAD_REQUEST', '请选择要打印的事项', 'Choose an item to print', 'itemId') };
  if (!choiceOf(config, req.itemId)) return { error: protocolError('NOT_FOUND', '没有这个事项', `No item ${req.itemId}`, 'itemId') };
  return { itemId: req.itemId };
}
