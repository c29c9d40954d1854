/**
 * 实时等候: what a hall tells the public beyond its walls (the hub's open API,
 * its mobile page, 12345 hotlines) — per queue, how many wait, the wait a
 * new visitor would have, how many windows serve it now; for the hall,
 * whether it issues tickets and, if not, why and from when. The same numbers
 * as the kiosk tile and the wall (estimate.ts, visitor-texts.ts), computed by
 * the hall from its own state, so the public never reads a different answer
 * than the hall's screens. Nothing personal: counts, ids and names from the
 * hall file.
 */
import type { HallConfig } from '../config/hall-config.ts';
import { isServing } from '../domain/window.ts';
import { newTicketWait, type Wait } from './estimate.ts';
import { hallTicketing } from './hall-clock.ts';
import { ticketingClosedText } from './schedule.ts';
import type { HallState } from './state.ts';
import { waitingCount } from './views.ts';
import { waitText } from './visitor-texts.ts';

type Text = { zh: string; en: string };

export interface PublicQueueWait {
  id: string;
  prefix: string;
  name: Text;
  /** Tickets waiting now. */
  waiting: number;
  /** People ahead of a visitor who takes a ticket now (您前面还有 N 人). */
  ahead: number;
  wait: Wait;
  /** The wait as the wall says it (约 12 分钟, 即到即叫, 暂未开窗). */
  waitText: Text;
  /** Windows serving this queue now (open, not paused). */
  openWindows: number;
}

export interface PublicHallWaits {
  hallId: string;
  name: Text;
  /** The hall's log position these numbers are from. */
  seq: number;
  /** When they were computed (ms since epoch). */
  at: number;
  /** Tickets can be taken now. */
  issuing: boolean;
  /** Why not and from when (今日已停止取号，…起可取号), when not issuing. */
  closedText?: Text | undefined;
  queues: PublicQueueWait[];
}

export function publicWaits(state: HallState, config: HallConfig, seq: number, now: number): PublicHallWaits {
  const ticketing = hallTicketing(state, config, now);
  const queues = config.queues.map((q): PublicQueueWait => {
    const { ahead, wait } = newTicketWait(state, config, q.id, now);
    return {
      id: q.id,
      prefix: q.prefix,
      name: q.name,
      waiting: waitingCount(state, q.id),
      ahead,
      wait,
      waitText: waitText(wait, 'wall'),
      openWindows: config.windows.filter((w) => w.queues.includes(q.id) && isServing(state.windows[String(w.number)])).length,
    };
  });
  return {
    hallId: config.hall.id,
    name: { zh: config.hall.name, en: config.hall.nameEn },
    seq,
    at: now,
    issuing: ticketing === undefined || ticketing.open,
    closedText: ticketing && !ticketing.open ? ticketingClosedText(ticketing, config.hall.timezone) : undefined,
    queues,
  };
}
