/**
 * 您前面还有 N 人 and 预计等待: the one answer every surface gives a visitor —
 * the kiosk's queue tiles and ticket screen, the printed ticket, the wall
 * display, the ticket's phone page and the staff desk. Computed from the hall
 * state and the time, the same way on the server and in the browsers; the
 * words for each answer are in visitor-texts.ts.
 *
 * The answer comes from the call forecast (call-forecast.ts): the windows
 * serving now call in the server's own order until this ticket's turn.
 *   - minutes: its turn comes in that many minutes (at least 1);
 *   - now:     a window is free and nobody is ahead: 即到即叫;
 *   - not_open: no window that may call it is open (before opening, after a
 *     transfer to a window that is closed): no promise — 窗口暂未开放;
 *   - unknown: its windows are open but all paused (a break has no known
 *     end): 暂无法估计.
 * With no serving window, people ahead still come from the same order, with
 * every window that may call the ticket as if it opened now.
 *
 * The day simulation (tests/integration/day-simulation.test.ts) measures how
 * far the minutes are from the waits that really happen.
 */
import type { WindowConfig } from '../config/hall-config.ts';
import type { TicketClass, TicketRecord } from '../domain/ticket.ts';
import { forecastCalls, type CallForecast, type ForecastConfig, type ForecastPlace } from './call-forecast.ts';
import { eligibleAt } from './call-order.ts';
import type { HallState } from './state.ts';

export { averageVisitMs } from './call-forecast.ts';

export type Wait = { kind: 'minutes'; minutes: number } | { kind: 'now' } | { kind: 'not_open' } | { kind: 'unknown' };

interface VisitorWait {
  /** 您前面还有 N 人: tickets called before this one at the windows that may call it. */
  ahead: number;
  wait: Wait;
}

const MIN = 60_000;

/** For a visitor holding `ticket` (waiting; any other ticket has nobody ahead and no wait). */
export function ticketWait(state: HallState, config: ForecastConfig, ticket: TicketRecord, now: number): VisitorWait {
  if (ticket.status !== 'waiting') return { ahead: 0, wait: { kind: 'now' } };
  return answer(
    state,
    config,
    now,
    (f) => f.placeOf(ticket),
    (w) => eligibleAt(ticket, w),
  );
}

/** For someone about to take a ticket of `queueId` (kiosk tiles, wall display, staff desk). */
export function newTicketWait(state: HallState, config: ForecastConfig, queueId: string, now: number, cls: TicketClass = 'walk_in'): VisitorWait {
  return answer(
    state,
    config,
    now,
    (f) => f.placeOfNew(queueId, cls),
    (w) => w.queues.includes(queueId),
  );
}

function answer(
  state: HallState,
  config: ForecastConfig,
  now: number,
  place: (f: CallForecast) => ForecastPlace | undefined,
  mayCall: (window: WindowConfig) => boolean,
): VisitorWait {
  const live = forecastCalls(state, config, now, 'serving');
  const p = place(live);
  if (p) return { ahead: p.ahead, wait: p.at <= live.now ? { kind: 'now' } : { kind: 'minutes', minutes: Math.max(1, Math.round((p.at - live.now) / MIN)) } };
  const ahead = place(forecastCalls(state, config, now, 'all'))?.ahead ?? 0;
  const paused = config.windows.some((w) => state.windows[String(w.number)]?.status === 'paused' && mayCall(w));
  return { ahead, wait: { kind: paused ? 'unknown' : 'not_open' } };
}
