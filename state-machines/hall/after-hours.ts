/**
 * The closed hall (闭厅): what a window may do once the hall's day is over, and
 * what staff are told about it. One place for decide (the rule), the clerk's
 * panel (its 开窗 button and status line) and the 值班主任台 (批准关窗, the next
 * boundary), so the three never disagree.
 *
 * - With no calendar the hall-phase machine stays `unsynced`: everything is
 *   allowed at any hour.
 * - After closing time (延时服务 for the last tickets, then `closed`) and on a
 *   closed day (`closed_day`), a window opens only if some unfinished ticket
 *   is there for it to serve (a waiting ticket of its queues, a booking
 *   checked in late, a parked visitor back): otherwise 开窗 is refused and the
 *   panel says why. Before opening (`before_open`) a clerk may open early;
 *   during the day nothing changes.
 * - 延时服务中 is said only while some issued ticket is left; 批准关窗 is
 *   offered only for a window whose closing would strand a waiting ticket.
 */
import type { PublicHallConfig, WindowConfig } from '../config/hall-config.ts';
import { isEnded, type TicketRecord } from '../domain/ticket.ts';
import { isServing } from '../domain/window.ts';
import type { ProtocolError } from '../protocol/errors.ts';
import { closedHallCannotOpen } from './deciders/refusals.ts';
import { eligibleAt } from './call-order.ts';
import { inExtendedService, ticketsLeft } from './hall-clock.ts';
import { nextTicketsFrom, pastClosing, ticketsFromText } from './schedule.ts';
import type { HallState } from './state.ts';

type Config = Pick<PublicHallConfig, 'hall' | 'schedule' | 'windows'>;
type Text = { zh: string; en: string };

/** What the hall's day means for staff now: serving the last tickets after closing time, or closed with nothing left. */
type AfterHours =
  | { kind: 'extended'; ticketsLeft: number }
  /** `closed_day`: a holiday or weekend; `closed`: today's hours are over and every ticket is served. */
  | { kind: 'closed'; day: 'closed' | 'closed_day'; nextTicketsFrom: number | undefined };

export function afterHours(state: Pick<HallState, 'phase' | 'tickets'>, config: Config, now: number): AfterHours | undefined {
  const schedule = config.schedule;
  if (!schedule) return undefined;
  const calendar = { hall: config.hall, schedule };
  const phase = state.phase.status;
  const left = ticketsLeft(state);
  if (inExtendedService(state, config, now) && left > 0) return { kind: 'extended', ticketsLeft: left };
  if (phase === 'closed_day') return { kind: 'closed', day: 'closed_day', nextTicketsFrom: nextTicketsFrom(calendar, now) };
  if (phase === 'closed' || (phase !== 'before_open' && pastClosing(calendar, now))) {
    return { kind: 'closed', day: 'closed', nextTicketsFrom: nextTicketsFrom(calendar, now) };
  }
  return undefined;
}

/** Could this window serve this unfinished ticket (call it, or resume it from 挂起)? */
function servableAt(ticket: TicketRecord, win: Pick<WindowConfig, 'number' | 'queues'>): boolean {
  if (isEnded(ticket)) return false;
  if (ticket.status === 'parked') return win.queues.includes(ticket.queueId);
  return eligibleAt(ticket, win);
}

/** Unfinished tickets this window could still serve. */
export function servableCount(state: Pick<HallState, 'tickets'>, win: Pick<WindowConfig, 'number' | 'queues'>): number {
  let n = 0;
  for (const t of Object.values(state.tickets)) if (servableAt(t, win)) n++;
  return n;
}

/**
 * Why 开窗 is refused now, if it is: past closing time or on a closed day, and
 * this window has nothing left to serve. Names when tickets start again, the
 * way the wall and the desk say it (「明日 08:00 起可取号」).
 */
export function openRefusal(state: Pick<HallState, 'phase' | 'tickets'>, config: Config, window: number, now: number): ProtocolError | undefined {
  const after = afterHours(state, config, now);
  if (!after) return undefined;
  const win = config.windows.find((w) => w.number === window);
  if (!win || servableCount(state, win) > 0) return undefined;
  return closedHallCannotOpen(closedWords(after), after.kind === 'closed' ? reopensText(after, config, now) : undefined);
}

/** The first words of the closed hall's signs: 今日已闭厅 / 今日不对外办公 / 已过办公时间. */
export function closedWords(after: AfterHours): Text {
  if (after.kind === 'extended') return { zh: '已过办公时间', en: 'Past closing time' };
  return after.day === 'closed_day' ? { zh: '今日不对外办公', en: 'The hall is closed today' } : { zh: '今日已闭厅', en: 'The hall has closed for today' };
}

/** Waiting tickets this window serves that no other open, unpaused window does: closing it would strand them. */
export function strandedBy(state: Pick<HallState, 'tickets' | 'windows'>, config: Pick<PublicHallConfig, 'windows'>, window: number): number {
  const here = config.windows.find((w) => w.number === window);
  if (!here) return 0;
  const others = config.windows.filter((w) => w.number !== window && isServing(state.windows[String(w.number)]));
  let n = 0;
  for (const t of Object.values(state.tickets)) {
    if (!eligibleAt(t, here)) continue;
    if (!others.some((w) => eligibleAt(t, w))) n++;
  }
  return n;
}

/**
 * 批准关窗 on the 值班主任台: only in 延时服务, only for an open window whose
 * clerk could not close it alone (tickets only it serves); the count to show,
 * 0 when no approval is needed.
 */
export function closeNeedsApproval(state: HallState, config: Config, window: number, now: number): number {
  const record = state.windows[String(window)];
  if (!record || record.status === 'closed' || !inExtendedService(state, config, now)) return 0;
  return strandedBy(state, config, window);
}

/** 「明日 08:00 起可取号」 for the closed hall's signs (wall, panel, desk); undefined when no opening is in sight. */
function reopensText(after: Extract<AfterHours, { kind: 'closed' }>, config: Pick<PublicHallConfig, 'hall'>, now: number): Text | undefined {
  return after.nextTicketsFrom === undefined ? undefined : ticketsFromText(after.nextTicketsFrom, config.hall.timezone, now);
}
