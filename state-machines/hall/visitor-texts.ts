/**
 * What a visitor is told about their ticket, in one place (zh + en): people
 * ahead, the wait, the ticket's class and the hall's 过号 rule. The kiosk,
 * the printed ticket, the wall display and the phone page all word these with
 * the functions below, so no surface invents its own.
 */
import type { BilingualName, QueueRules } from '../config/hall-config.ts';
import type { TicketRecord } from '../domain/ticket.ts';
import type { Wait } from './estimate.ts';

type Text = BilingualName;

export const peopleAheadText = (n: number): Text => ({
  zh: `您前面还有 ${n} 人`,
  en: n === 1 ? '1 person ahead of you' : `${n} people ahead of you`,
});

/** On a queue tile: what a ticket taken now would be told. */
export const aheadOfNewText = (n: number): Text => ({ zh: `前面 ${n} 人`, en: `${n} ahead` });

/**
 * The wait, for a ticket (`ticket`: ticket screen, paper, phone page), on a
 * queue tile (`tile`: kiosk, staff desk) or in the wall display's narrow
 * column, read from across the room (`wall`).
 */
export function waitText(wait: Wait, form: 'ticket' | 'tile' | 'wall'): Text {
  const words = WAIT_WORDS[wait.kind][form];
  return wait.kind === 'minutes' ? { zh: words.zh.replace('M', String(wait.minutes)), en: words.en.replace('M', String(wait.minutes)) } : words;
}

const WAIT_WORDS: Record<Wait['kind'], Record<'ticket' | 'tile' | 'wall', Text>> = {
  minutes: {
    ticket: { zh: '预计等待约 M 分钟', en: 'Estimated wait: about M min' },
    tile: { zh: '预计约 M 分钟', en: 'about M min' },
    wall: { zh: '约 M 分钟', en: 'about M min' },
  },
  now: {
    ticket: { zh: '无需等待，即到即叫', en: 'No wait: you are called right away' },
    tile: { zh: '即到即叫', en: 'No wait' },
    wall: { zh: '即到即叫', en: 'No wait' },
  },
  not_open: {
    ticket: { zh: '窗口暂未开放，开放后依次叫号', en: 'Windows not open yet: calls start when they open' },
    tile: { zh: '窗口暂未开放', en: 'Not open yet' },
    wall: { zh: '暂未开窗', en: 'Not open yet' },
  },
  unknown: {
    ticket: { zh: '预计等待：暂无法估计', en: 'Estimated wait: not known yet' },
    tile: { zh: '暂无法估计', en: 'No estimate yet' },
    wall: { zh: '暂无估计', en: 'No estimate yet' },
  },
};

/** The mark a priority ticket carries on screen, paper and phone (never the green-channel reason: that is private). */
export function ticketClassText(ticket: Pick<TicketRecord, 'class'>): Text | undefined {
  if (ticket.class === 'green') return { zh: '绿色通道 · 优先叫号', en: 'Green channel · called first' };
  if (ticket.class === 'appointment') return { zh: '预约 · 优先叫号', en: 'Appointment · called first' };
  return undefined;
}

const TIMES_ZH = ['', '一', '两', '三', '四', '五'];

/**
 * The hall's 过号 policy (queueRules.noShow), as it applies to this ticket:
 * requeue → 过号后当天可到导办台申请重新排队一次 (fewer left once used),
 * void, or none left → 过号无效，请重新取号.
 */
export function noShowRuleText(noShow: QueueRules['noShow'], ticket?: Pick<TicketRecord, 'requeues'>): Text {
  const left = noShow.policy === 'requeue' ? noShow.maxRequeues - (ticket?.requeues ?? 0) : 0;
  if (left <= 0) return { zh: '过号无效，请重新取号。', en: 'If you miss your call, the number is void: please take a new one.' };
  const used = (ticket?.requeues ?? 0) > 0;
  const times = TIMES_ZH[left] ?? String(left);
  return {
    zh: `过号后当天${used ? '还' : ''}可到导办台申请重新排队${times}次。`,
    en:
      left === 1
        ? `If you miss your call, ask at the guidance desk the same day to be put back in line${used ? ' one more time' : ' once'}.`
        : `If you miss your call, ask at the guidance desk the same day to be put back in line (up to ${left}${used ? ' more' : ''} times).`,
  };
}

/** Where a ticket stands once it is no longer waiting (phone page, kiosk scan). */
export function ticketStatusText(ticket: Pick<TicketRecord, 'status' | 'window'>): Text {
  switch (ticket.status) {
    case 'called':
      return ticket.window === undefined
        ? { zh: '已叫号', en: 'Called' }
        : { zh: `请到 ${ticket.window} 号窗口办理`, en: `Please go to window ${ticket.window}` };
    case 'serving':
      return { zh: `${ticket.window ?? ''} 号窗口办理中`, en: `Being served at window ${ticket.window ?? ''}` };
    case 'parked':
      return { zh: '已挂起：备齐材料后请回到窗口', en: 'On hold: come back to the window with the missing papers' };
    case 'done':
      return { zh: '已办结', en: 'Completed' };
    case 'no_show':
      return { zh: '已过号', en: 'Missed' };
    case 'cancelled':
      return { zh: '已作废', en: 'Cancelled' };
    case 'waiting':
      return { zh: '等候叫号', en: 'Waiting' };
  }
}

/**
 * Where a ticket stands, as every visitor surface says it (phone page, the
 * kiosk's 查询排队进度 and scan panel): while waiting, people ahead and the
 * wait (`live`, from ticketWait); after that, its status.
 */
export function ticketProgressText(
  ticket: Pick<TicketRecord, 'status' | 'window'>,
  live: { ahead: number; wait: Wait } | undefined,
): { state: Text; wait: Text | undefined } {
  if (live && ticket.status === 'waiting') return { state: peopleAheadText(live.ahead), wait: waitText(live.wait, 'ticket') };
  return { state: ticketStatusText(ticket), wait: undefined };
}

/**
 * 手机提醒: what the ticket's phone page alerts with (sound, vibration, a
 * full-screen banner, the tab's title) — when the visitor is near (at most
 * `queueRules.phoneAlert.aheadAtMost` ahead) and at each call. `key` changes
 * when the page should alert again: once when near, again at every (re)call.
 */
export interface PhoneAlert {
  kind: 'near' | 'called';
  key: string;
  text: Text;
  /** The tab's title while it stands (a phone in a pocket shows it in the task list). */
  title: Text;
}

export function phoneAlert(
  ticket: Pick<TicketRecord, 'status' | 'window' | 'callCount' | 'number'>,
  ahead: number | undefined,
  aheadAtMost: number,
): PhoneAlert | undefined {
  if (ticket.status === 'called' && ticket.window !== undefined)
    return {
      kind: 'called',
      key: `called:${ticket.callCount}`,
      text: ticketStatusText(ticket),
      title: { zh: `【请到${ticket.window}号窗口】${ticket.number}`, en: `[Window ${ticket.window}] ${ticket.number}` },
    };
  if (ticket.status === 'waiting' && ahead !== undefined && ahead <= aheadAtMost)
    return {
      kind: 'near',
      key: 'near',
      text:
        ahead === 0
          ? { zh: '下一位就是您，请到窗口附近留意叫号', en: 'You are next: please wait near the windows and watch for your number' }
          : { zh: `快到您了：前面还有 ${ahead} 人，请留意叫号`, en: `Almost your turn: ${ahead} ahead, please watch for your number` },
      title: { zh: `【快到了】${ticket.number}`, en: `[Almost your turn] ${ticket.number}` },
    };
  return undefined;
}
