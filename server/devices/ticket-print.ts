/** From the hall's configuration and state to what a ticket shows on paper. */
import type { HallConfig } from '../../state-machines/config/hall-config.ts';
import { floorName, windowsForTicket, zoneName } from '../../state-machines/client/web/hall-names.ts';
import type { TicketRecord } from '../../state-machines/domain/ticket.ts';
import type { HallState } from '../../state-machines/hall/state.ts';
import { ticketWait } from '../../state-machines/hall/estimate.ts';
import { noShowRuleText, peopleAheadText, ticketClassText, waitText } from '../../state-machines/hall/visitor-texts.ts';
import { ticketPageUrl } from '../../state-machines/devices/ticket-url.ts';
import type { NoticePrint, TicketPrint } from '../../devices/printer/ticket-layout.ts';
import { choiceOf, materialLine, missingOf, noticeFor, promiseText } from '../../state-machines/hall/notice.ts';

/**
 * The paper for `ticket` as of `at` — the time of the event that issued it, so
 * the paper says what the kiosk's receipt says (same state, same instant).
 * `pageKey`: the ticket's key (ticket-keys.ts), in the QR so the phone may rate.
 */
export function ticketPrintFor(config: HallConfig, state: HallState, ticket: TicketRecord, at: number, pageKey: string): TicketPrint {
  const queue = config.queues.find((q) => q.id === ticket.queueId);
  const item = choiceOf(config, ticket.itemId);
  const { ahead, wait } = ticketWait(state, config, ticket, at);
  return {
    hallName: config.hall.name,
    queueName: queue?.name.zh ?? ticket.queueId,
    itemName: item?.name,
    number: ticket.number,
    windows: windowsForTicket(config, ticket).map((w) => w.number),
    floorName: queue && floorName(config, queue.floor, 'zh'),
    zoneName: queue && zoneName(config, queue.zone, 'zh'),
    classMark: ticketClassText(ticket)?.zh,
    ahead: peopleAheadText(ahead).zh,
    wait: waitText(wait, 'ticket').zh,
    noShowRule: noShowRuleText(config.queueRules.noShow, ticket).zh,
    issuedAt: ticket.issuedAt,
    timeZone: config.hall.timezone,
    qrUrl: ticketPageUrl(config.peripherals.ticketUrl, ticket.id, pageKey),
  };
}

/**
 * The 一次性告知书 of an item or a bundle as of `at`. `missing`: a visitor turned away (不予受理) —
 * the case's missing papers, marked on the list or listed after it.
 */
export function noticePrintFor(config: HallConfig, itemId: string, at: number, missing?: readonly string[]): NoticePrint | undefined {
  const notice = noticeFor(config, itemId);
  if (!notice) return undefined;
  const gone = missing && missingOf(notice, missing);
  return {
    hallName: config.hall.name,
    itemName: notice.name,
    bundleItems: notice.items,
    queueName: config.queues.find((q) => q.id === notice.queue)?.name.zh,
    basis: notice.basis,
    conditions: notice.conditions,
    materials: notice.materials.map((m) => ({ line: materialLine(m), missing: gone?.marked.has(m.name) ?? false })),
    missingOthers: gone?.others,
    steps: notice.steps,
    promise: promiseText(notice, config.cases.defaultPromiseDays),
    fee: notice.fee,
    printedAt: at,
    timeZone: config.hall.timezone,
  };
}
