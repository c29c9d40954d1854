/**
 * Where a ticket stands, in the phone page's words (the ticket QR's page,
 * server/devices/ticket-page.ts, from the same view functions): people ahead
 * while waiting, the window calling it, 已办结 — plus the states the phone page
 * leaves blank, so a visitor at the kiosk is never shown nothing.
 */
import type { Text } from '../state-machines/client/web/i18n.ts';
import type { TicketRecord } from '../state-machines/domain/ticket.ts';
import type { HallState } from '../state-machines/hall/state.ts';
import { peopleAhead } from '../state-machines/hall/views.ts';
import { calledTo, peopleAhead as aheadText } from './texts.ts';

export function ticketProgress(state: HallState, ticket: TicketRecord): Text {
  switch (ticket.status) {
    case 'waiting':
      return aheadText(peopleAhead(state, ticket));
    case 'called':
      return ticket.window === undefined ? PROGRESS.called : calledTo(ticket.window);
    case 'serving':
      return ticket.window === undefined ? PROGRESS.serving : { zh: `请到 ${ticket.window} 号窗口（办理中）`, en: `At window ${ticket.window} (being served)` };
    case 'parked':
      return PROGRESS.parked;
    case 'done':
      return PROGRESS.done;
    case 'no_show':
      return PROGRESS.noShow;
    case 'cancelled':
      return PROGRESS.cancelled;
  }
}

const PROGRESS = {
  called: { zh: '正在呼叫', en: 'Being called' },
  serving: { zh: '办理中', en: 'Being served' },
  parked: { zh: '挂起中：材料补齐后请回到窗口继续办理', en: 'On hold: come back to a window once you have the missing papers' },
  done: { zh: '已办结', en: 'completed' },
  noShow: { zh: '已过号：请到窗口或咨询导办台', en: 'Missed: please ask at a window or the guidance desk' },
  cancelled: { zh: '已作废，请重新取号', en: 'Void: please take a new number' },
} satisfies Record<string, Text>;
