/**
 * 叫号预测 (call forecast): whom the hall's windows will call, in what order
 * and about when, if nobody new came — played out with the rules of
 * call-order.ts, so that what a visitor is told follows the order the server
 * really calls in.
 *
 * Every window taken into account is a lane. A lane is free now if its counter
 * is empty, else when its current visit is expected to end (the queue's
 * average visit minus the time already spent, at least OVERRUN_SHARE of it).
 * Repeatedly, the lane that is free first (ties: lower window number) calls
 * its next ticket exactly as `chooseNext` would — place in time, class, first
 * come (`compareAtWindow`), then the streak rule (`pickNext`) with the
 * window's own streak — and is busy for the average visit of that ticket's
 * queue. The forecast ends when no lane has anything left to call.
 *
 * Lanes are either the windows serving now (open, not paused): the forecast
 * the estimate uses; or every configured window, the closed and paused ones
 * as if they opened now: the order alone, for a ticket no serving window can
 * call yet (before opening time, or while its windows are on a break).
 *
 * From the forecast:
 *   您前面还有 N 人 = the tickets it calls before yours at the windows that
 *                    may call yours (a window serving several queues calls
 *                    other queues' visitors too: they are ahead of you there);
 *   预计等待       = when it calls yours.
 * A ticket about to be taken (kiosk tiles) is answered without a second
 * forecast: a new ticket changes nothing until the first call it would win,
 * so scanning the recorded calls for that call is exact.
 *
 * Cost: one sort of each lane's eligible tickets and one pass over the calls
 * (tests/unit/call-forecast.test.ts measures a 1,500-ticket hall); the last
 * forecast is kept, keyed by state, sequence number and time, so the screens
 * that ask for many tickets or queues at once pay for it once.
 */
import type { HallConfig, WindowConfig } from '../config/hall-config.ts';
import { isPriorityClass, type TicketClass, type TicketRecord } from '../domain/ticket.ts';
import { comparePlaced, eligibleAt, pickNext, placeAt } from './call-order.ts';
import type { HallState } from './state.ts';

export type ForecastConfig = Pick<HallConfig, 'queueRules' | 'queues' | 'windows'>;

/** A visit that ran over the average is expected to need at least this share of it again. */
const OVERRUN_SHARE = 0.2;
/** The configured minutes count as this many samples until the day has real visits. */
const PRIOR_WEIGHT = 3;

/**
 * Average window time per visit of a queue: the newest `estimate.samples`
 * visits (state.visitSamples), shrunk towards the configured minutes as if
 * those were PRIOR_WEIGHT more samples: (Σ + 3·prior) / (n + 3).
 */
export function averageVisitMs(state: HallState, config: ForecastConfig, queueId: string): number {
  const queue = config.queues.find((q) => q.id === queueId);
  const priorMs = (queue?.serviceMinutes ?? config.queueRules.estimate.defaultServiceMinutes) * 60_000;
  const samples = (state.visitSamples[queueId] ?? []).slice(-config.queueRules.estimate.samples);
  let sum = 0;
  for (const s of samples) sum += s;
  return (sum + PRIOR_WEIGHT * priorMs) / (samples.length + PRIOR_WEIGHT);
}

type WindowRef = Pick<WindowConfig, 'number' | 'queues'>;

/** A ticket in a lane's line, with its place in time at that window (call-order.ts `placeAt`). */
interface Placed {
  ticket: TicketRecord;
  place: number;
  /** The ticket's class, for the streak rule (`pickNext`). */
  class: TicketClass;
}

/** One call of the forecast, with what the lane saw when it called (for tickets not yet taken). */
interface ForecastCall {
  /** Its number in the order of calls (0 = first). */
  index: number;
  ticket: TicketRecord;
  window: WindowRef;
  at: number;
  best: Placed;
  bestWalkIn: Placed | undefined;
  streak: number;
}

interface LaneEnd {
  window: WindowRef;
  /** When the lane would call again and find nobody left. */
  at: number;
  /** Calls made before that moment. */
  index: number;
}

/** Where a ticket stands in the forecast. */
export interface ForecastPlace {
  /** Tickets called before it at the windows that may call it. */
  ahead: number;
  /** When it is called (ms since the epoch). */
  at: number;
  window: number;
}

export interface CallForecast {
  readonly now: number;
  /** Windows taken into account. */
  readonly lanes: number;
  /** Every call it foresees, in order. */
  readonly order: readonly { ticketId: string; window: number; at: number }[];
  /** A waiting ticket's place; undefined when no lane may call it. */
  placeOf(ticket: TicketRecord): ForecastPlace | undefined;
  /** The place a ticket of `queueId` and class `cls` taken now would get; undefined when no lane may call it. */
  placeOfNew(queueId: string, cls: TicketClass): ForecastPlace | undefined;
}

type LaneChoice = 'serving' | 'all';

export function forecastCalls(state: HallState, config: ForecastConfig, now: number, lanes: LaneChoice = 'serving'): CallForecast {
  const key = `${lanes}|${state.seq}|${now}`;
  const hit = cache.find((c) => c.state === state && c.config === config && c.key === key);
  if (hit) return hit.forecast;
  const forecast = runForecast(state, config, now, lanes);
  cache.unshift({ state, config, key, forecast });
  cache.length = Math.min(cache.length, CACHE_SIZE);
  return forecast;
}

/** Two per mode is enough for a screen asking about one moment, and for the server answering several kiosks at once. */
const CACHE_SIZE = 4;
const cache: { state: HallState; config: ForecastConfig; key: string; forecast: CallForecast }[] = [];

const byPlace = (a: Placed, b: Placed) => comparePlaced(a.place, a.ticket, b.place, b.ticket);

interface Lane {
  window: WindowRef;
  /** Its eligible tickets in the window's order (place, class, first come). */
  line: Placed[];
  next: number;
  nextWalkIn: number;
  streak: number;
  freeAt: number;
}

function runForecast(state: HallState, config: ForecastConfig, nowIn: number, choice: LaneChoice): CallForecast {
  const now = Math.max(nowIn, state.at);
  const fairness = config.queueRules.fairness;
  const waiting: TicketRecord[] = [];
  for (const t of Object.values(state.tickets)) if (t.status === 'waiting') waiting.push(t);
  const visitMs = new Map<string, number>();
  const visit = (queueId: string) => {
    let ms = visitMs.get(queueId);
    if (ms === undefined) visitMs.set(queueId, (ms = averageVisitMs(state, config, queueId)));
    return ms;
  };

  const lanes: Lane[] = [];
  for (const w of config.windows) {
    const record = state.windows[String(w.number)];
    const serving = record !== undefined && record.status !== 'closed' && record.status !== 'paused';
    if (choice === 'serving' && !serving) continue;
    const line: Placed[] = [];
    for (const t of waiting) if (eligibleAt(t, w)) line.push({ ticket: t, place: placeAt(t, w, fairness), class: t.class });
    line.sort(byPlace);
    const current = record?.current === undefined ? undefined : state.tickets[record.current];
    let freeAt = now;
    if (current && serving) {
      const avg = visit(current.queueId);
      const spent = Math.max(0, now - (current.calledAt ?? now));
      freeAt = now + Math.max(avg - spent, avg * OVERRUN_SHARE);
    }
    lanes.push({ window: w, line, next: 0, nextWalkIn: 0, streak: record?.priorityStreak ?? 0, freeAt });
  }

  const called = new Set<string>();
  const calls: ForecastCall[] = [];
  const ends: LaneEnd[] = [];
  const callOf = new Map<string, ForecastCall>();
  let active = lanes.slice();
  // Bounded: every iteration calls a ticket or retires a lane.
  while (active.length > 0) {
    let lane = active[0]!;
    for (const l of active) if (l.freeAt < lane.freeAt || (l.freeAt === lane.freeAt && l.window.number < lane.window.number)) lane = l;
    while (lane.next < lane.line.length && called.has(lane.line[lane.next]!.ticket.id)) lane.next++;
    const best = lane.line[lane.next];
    if (!best) {
      ends.push({ window: lane.window, at: lane.freeAt, index: calls.length });
      active = active.filter((l) => l !== lane);
      continue;
    }
    for (;;) {
      const t = lane.line[lane.nextWalkIn]?.ticket;
      if (!t || (!called.has(t.id) && !isPriorityClass(t.class))) break;
      lane.nextWalkIn++;
    }
    const bestWalkIn = lane.line[lane.nextWalkIn];
    const ticket = pickNext(best, bestWalkIn, lane.streak, fairness).ticket;
    const call = { index: calls.length, ticket, window: lane.window, at: lane.freeAt, best, bestWalkIn, streak: lane.streak };
    callOf.set(ticket.id, call);
    calls.push(call);
    called.add(ticket.id);
    lane.streak = isPriorityClass(ticket.class) ? lane.streak + 1 : 0;
    lane.freeAt += visit(ticket.queueId);
  }

  /**
   * Calls ahead of `t`'s call (at `at`, number `index` in the order) at windows that may call it. Serving
   * windows: the calls before `at` (two windows calling at the same moment are not ahead of each other).
   * Every window as if it opened now: the calls before it in the order — they will not all open at once.
   */
  const aheadOf = (t: TicketRecord, at: number, index: number) => {
    let n = 0;
    for (let i = 0; i < calls.length; i++) {
      const c = calls[i]!;
      if (choice === 'serving' ? c.at >= at : i >= index) break;
      if (eligibleAt(t, c.window)) n++;
    }
    return n;
  };

  return {
    now,
    lanes: lanes.length,
    get order() {
      return calls.map((c) => ({ ticketId: c.ticket.id, window: c.window.number, at: c.at }));
    },
    placeOf(ticket) {
      const call = callOf.get(ticket.id);
      if (!call || ticket.status !== 'waiting') return undefined;
      return { ahead: aheadOf(ticket, call.at, call.index), at: call.at, window: call.window.number };
    },
    placeOfNew(queueId, cls) {
      // Numbered after every ticket of the day, placed at now: as decide.ts would issue it.
      const t: TicketRecord = {
        id: '\uffff',
        number: '\uffff',
        queueId,
        class: cls,
        serviceDay: state.serviceDay ?? '',
        status: 'waiting',
        issuedAt: now,
        lineKey: now,
        callCount: 0,
        serviceMs: 0,
        parkedMs: 0,
        requeues: 0,
        transfers: 0,
      };
      const walkIn = !isPriorityClass(cls);
      const places = new Map<WindowRef, Placed>();
      const placed = (w: WindowRef) => {
        let p = places.get(w);
        if (!p) places.set(w, (p = { ticket: t, place: placeAt(t, w, fairness), class: cls }));
        return p;
      };
      // The first recorded call the new ticket would win…
      let won: { at: number; window: number; index: number } | undefined;
      for (const c of calls) {
        if (!eligibleAt(t, c.window)) continue;
        const x = placed(c.window);
        const best = byPlace(x, c.best) < 0 ? x : c.best;
        const bestWalkIn = walkIn && (!c.bestWalkIn || byPlace(x, c.bestWalkIn) < 0) ? x : c.bestWalkIn;
        if (pickNext(best, bestWalkIn, c.streak, fairness) === x) {
          won = { at: c.at, window: c.window.number, index: c.index };
          break;
        }
      }
      // …or a lane that runs out of tickets before that and would call it then.
      for (const e of ends) {
        if (!eligibleAt(t, e.window)) continue;
        if (won && (e.at > won.at || (e.at === won.at && e.window.number > won.window))) continue;
        won = { at: e.at, window: e.window.number, index: e.index };
      }
      return won && { ahead: aheadOf(t, won.at, won.index), at: won.at, window: won.window };
    },
  };
}
