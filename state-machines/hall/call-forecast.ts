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
 * (tests/unit/call-forecast.test.ts measures a 1,500-ticket hall). The last
 * forecasts are kept, keyed by state, sequence number and mode, so the screens
 * that ask for many tickets or queues at once pay for it once, and two kinds
 * of change are followed instead of played out again (issue 15: a fresh
 * forecast per 取号 receipt was ~39% of the busy server at 1,500 waiting):
 *   - time passing: times are whole milliseconds, each either fixed (a visit's
 *     expected end) or moving with now (a free window, an overrun visit), so a
 *     forecast made at t answers for a later now exactly as a fresh one would,
 *     until a window whose time moves with now would stop being the first one
 *     free (`until`: kept while playing out);
 *   - a ticket taken (`followForecasts`, called by the server's fold): it
 *     changes nothing before the first step it would win, so the steps before
 *     are kept and the rest is played out again;
 * and a forecast is played out only as far as a question needs (a receipt:
 * up to that ticket's call; the tiles and the whole order: to the end).
 * tests/unit/call-forecast-follow.test.ts checks all of it against a fresh
 * forecast at every step of random days.
 */
import type { HallConfig, WindowConfig } from '../config/hall-config.ts';
import type { HallEvent } from '../domain/events.ts';
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
  /** Shared by the ticket's places in every line: its call, once played (a property, not a lookup: lanes skip many called tickets). */
  slot: Slot;
}

interface Slot {
  call: ForecastCall | undefined;
}

/** What every step of the forecast records: where it stands in the order, and the lane's time and streak before it. */
interface StepBase {
  /** Its number among all steps (calls and ends), in the order played out. */
  step: number;
  /** Calls made before it. */
  index: number;
  lane: Lane;
  window: WindowRef;
  /** When, in whole ms as of the forecast's base time; `rel`: it moves with now. */
  at: number;
  rel: boolean;
  /** The lane's priority streak before it. */
  streak: number;
}

/** One call of the forecast, with what the lane saw when it called (for tickets not yet taken, and for following a take). */
interface ForecastCall extends StepBase {
  kind: 'call';
  ticket: TicketRecord;
  slot: Slot;
  best: Placed;
  bestWalkIn: Placed | undefined;
}

/** A lane that would call again and find nobody left. */
interface LaneEnd extends StepBase {
  kind: 'end';
}

type Step = ForecastCall | LaneEnd;

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

export function forecastCalls(state: HallState, config: ForecastConfig, nowIn: number, lanes: LaneChoice = 'serving'): CallForecast {
  const now = Math.max(nowIn, state.at);
  const i = kept.findIndex((k) => k.state === state && k.config === config && k.choice === lanes && k.seq === state.seq);
  if (i >= 0) {
    const k = kept[i]!;
    for (const id of k.taken.splice(0)) {
      const t = state.tickets[id];
      if (t?.status === 'waiting') k.sim.follow(t);
    }
    kept.splice(i, 1);
    if (k.sim.answersAt(now)) {
      kept.unshift(k);
      return viewAt(k, now);
    }
  }
  const k: Kept = { state, config, choice: lanes, seq: state.seq, serviceDay: state.serviceDay, sim: new Simulation(state, config, now, lanes), taken: [] };
  kept.unshift(k);
  kept.length = Math.min(kept.length, CACHE_SIZE);
  return viewAt(k, now);
}

/**
 * The hall's fold tells the kept forecasts of `state` what it just folded
 * (seq `seqBefore` + 1): a ticket taken on the same service day is followed
 * (played into them when next asked); anything else may change any place, so
 * they are dropped. Without this call a forecast is simply made afresh.
 */
export function followForecasts(state: HallState, seqBefore: number, event: HallEvent): void {
  for (let i = kept.length - 1; i >= 0; i--) {
    const k = kept[i]!;
    if (k.state !== state) continue;
    if (k.seq === seqBefore && event.type === 'ticket.issued' && k.serviceDay === state.serviceDay) {
      k.taken.push(event.ticketId);
      k.seq = state.seq;
    } else kept.splice(i, 1);
  }
}

/** A forecast made afresh, kept by nobody: what the kept ones must always equal (tests compare them). */
export function freshForecast(state: HallState, config: ForecastConfig, nowIn: number, lanes: LaneChoice = 'serving'): CallForecast {
  const now = Math.max(nowIn, state.at);
  return viewAt({ sim: new Simulation(state, config, now, lanes) }, now);
}

/** Forecasts made afresh, takes followed instead, and held forecasts renewed mid-question (tests read them). */
export const forecastCounts = { made: 0, followed: 0, renewed: 0 };

/** Two per mode is enough for a screen asking about one moment, and for the server answering several kiosks at once. */
const CACHE_SIZE = 4;
interface Kept {
  state: HallState;
  config: ForecastConfig;
  choice: LaneChoice;
  /** The state's seq it answers for (moved on by each take it follows). */
  seq: number;
  serviceDay: HallState['serviceDay'];
  sim: Simulation;
  /** Tickets taken since it was last asked, in order. */
  taken: string[];
}
const kept: Kept[] = [];

const byPlace = (a: Placed, b: Placed) => comparePlaced(a.place, a.ticket, b.place, b.ticket);

/** The first position in a line (sorted by byPlace) not before `p`. */
function lowerBound(line: readonly Placed[], p: Placed): number {
  let lo = 0;
  let hi = line.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (byPlace(line[mid]!, p) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

interface Lane {
  window: WindowRef;
  /** Its eligible tickets in the window's order (place, class, first come). */
  line: Placed[];
  /** Every ticket of `line` before it has been called (walk-ins: called or a priority class). */
  next: number;
  nextWalkIn: number;
  streak: number;
  /** When it calls next (whole ms as of the base time); `rel`: moves with now (a free window, an overrun visit). */
  freeAt: number;
  rel: boolean;
  ended: boolean;
  /** Its steps in order; once played out, the last is its end. */
  steps: Step[];
}

/**
 * The forecast played out at its base time `now`. Times are whole ms so that
 * one moved with now is exactly what a fresh forecast at the later time
 * computes (a sum of integers below 2^53 has no rounding to differ in).
 */
class Simulation {
  readonly lanes: Lane[] = [];
  readonly steps: Step[] = [];
  readonly calls: ForecastCall[] = [];
  readonly ends: LaneEnd[] = [];
  readonly callOf = new Map<string, ForecastCall>();
  /** Lanes not yet ended: the forecast is played out step by step as far as a question needs (`playOne`). */
  private active: Lane[] = [];
  /** A later now answers exactly like a fresh forecast while before this (see `answersAt`). */
  private until = Number.POSITIVE_INFINITY;
  private readonly visitMs = new Map<string, number>();

  constructor(
    readonly state: HallState,
    readonly config: ForecastConfig,
    readonly now: number,
    readonly choice: LaneChoice,
  ) {
    const fairness = config.queueRules.fairness;
    const waiting: { ticket: TicketRecord; slot: Slot }[] = [];
    for (const t of Object.values(state.tickets)) if (t.status === 'waiting') waiting.push({ ticket: t, slot: { call: undefined } });
    for (const w of config.windows) {
      const record = state.windows[String(w.number)];
      const serving = record !== undefined && record.status !== 'closed' && record.status !== 'paused';
      if (choice === 'serving' && !serving) continue;
      const line: Placed[] = [];
      for (const { ticket: t, slot } of waiting) if (eligibleAt(t, w)) line.push({ ticket: t, place: placeAt(t, w, fairness), class: t.class, slot });
      line.sort(byPlace);
      const current = record?.current === undefined ? undefined : state.tickets[record.current];
      const lane: Lane = { window: w, line, next: 0, nextWalkIn: 0, streak: record?.priorityStreak ?? 0, freeAt: now, rel: true, ended: false, steps: [] };
      if (current && serving) this.busyUntil(lane, current);
      this.lanes.push(lane);
    }
    forecastCounts.made++;
    this.active = this.lanes.slice();
  }

  /** A busy window is free when its visit is expected to end: the average minus the time spent, at least OVERRUN_SHARE of it again. */
  private busyUntil(lane: Lane, current: TicketRecord): void {
    const avg = this.visit(current.queueId);
    const overrun = Math.round(avg * OVERRUN_SHARE);
    const calledAt = current.calledAt ?? this.now;
    if (calledAt > this.now) {
      // Not seen from the server (a call is never after the state's time); answered for this moment only.
      this.until = this.now;
      lane.freeAt = this.now + avg;
    } else if (avg - (this.now - calledAt) >= overrun) {
      // Fixed at calledAt + avg until it runs into the overrun share.
      lane.freeAt = calledAt + avg;
      lane.rel = false;
      this.until = Math.min(this.until, calledAt + avg - overrun + 1);
    } else lane.freeAt = this.now + overrun;
  }

  /** The queue's average visit in whole ms. */
  visit(queueId: string): number {
    let ms = this.visitMs.get(queueId);
    if (ms === undefined) this.visitMs.set(queueId, (ms = Math.round(averageVisitMs(this.state, this.config, queueId))));
    return ms;
  }

  /** Whether what is played out so far answers for `now` exactly as a forecast made afresh at `now` would. */
  answersAt(now: number): boolean {
    return now === this.now || (now > this.now && now < this.until);
  }

  /** Play out to the end. */
  playAll(): void {
    // Bounded: every step calls a ticket or ends a lane.
    while (this.playOne());
  }

  /** The next step (the lane free first calls a ticket, or ends): false when every lane has ended. */
  playOne(): boolean {
    const fairness = this.config.queueRules.fairness;
    const active = this.active;
    if (active.length === 0) return false;
    let lane = active[0]!;
    for (const l of active) if (l.freeAt < lane.freeAt || (l.freeAt === lane.freeAt && l.window.number < lane.window.number)) lane = l;
    // A lane whose time moves with now stays first over a fixed one only while now has not caught up the gap.
    if (lane.rel) for (const l of active) if (!l.rel) this.until = Math.min(this.until, this.now + l.freeAt - lane.freeAt);
    while (lane.next < lane.line.length && lane.line[lane.next]!.slot.call !== undefined) lane.next++;
    const base = { step: this.steps.length, index: this.calls.length, lane, window: lane.window, at: lane.freeAt, rel: lane.rel, streak: lane.streak };
    const best = lane.line[lane.next];
    if (!best) {
      const end: LaneEnd = { kind: 'end', ...base };
      this.steps.push(end);
      this.ends.push(end);
      lane.steps.push(end);
      lane.ended = true;
      this.active = active.filter((l) => l !== lane);
      return true;
    }
    for (;;) {
      const q = lane.line[lane.nextWalkIn];
      if (!q || (q.slot.call === undefined && !isPriorityClass(q.class))) break;
      lane.nextWalkIn++;
    }
    const bestWalkIn = lane.line[lane.nextWalkIn];
    const { ticket, slot } = pickNext(best, bestWalkIn, lane.streak, fairness);
    const call: ForecastCall = { kind: 'call', ...base, ticket, slot, best, bestWalkIn };
    slot.call = call;
    this.callOf.set(ticket.id, call);
    this.steps.push(call);
    this.calls.push(call);
    lane.steps.push(call);
    lane.streak = isPriorityClass(ticket.class) ? lane.streak + 1 : 0;
    lane.freeAt += this.visit(ticket.queueId);
    return true;
  }

  /**
   * A ticket just taken: nothing changes before the first step it would win
   * (a call where it comes first, or the end of a lane that may call it), so
   * the steps before are kept, the lanes put back as they stood then, and the
   * rest played out again, with the ticket in its lines, when asked.
   */
  follow(x: TicketRecord): void {
    const fairness = this.config.queueRules.fairness;
    const walkIn = !isPriorityClass(x.class);
    const placed = new Map<Lane, Placed>();
    const slot: Slot = { call: undefined };
    for (const lane of this.lanes)
      if (eligibleAt(x, lane.window)) placed.set(lane, { ticket: x, place: placeAt(x, lane.window, fairness), class: x.class, slot });
    if (placed.size === 0) return;
    forecastCounts.followed++;
    // Played further only as far as needed: the steps after it are played again anyway.
    let from = this.steps.length;
    for (let i = 0; i < this.steps.length || this.playOne(); i++) {
      const s = this.steps[i]!;
      const p = placed.get(s.lane);
      if (!p) continue;
      if (s.kind === 'end') {
        from = s.step;
        break;
      }
      const best = byPlace(p, s.best) < 0 ? p : s.best;
      const bestWalkIn = walkIn && (!s.bestWalkIn || byPlace(p, s.bestWalkIn) < 0) ? p : s.bestWalkIn;
      if (pickNext(best, bestWalkIn, s.streak, fairness) === p) {
        from = s.step;
        break;
      }
    }
    const at = new Map<Lane, number>();
    for (const [lane, p] of placed) {
      const i = lowerBound(lane.line, p);
      lane.line.splice(i, 0, p);
      at.set(lane, i);
    }
    for (const s of this.steps.splice(from)) {
      if (s.kind !== 'call') continue;
      s.slot.call = undefined;
      this.callOf.delete(s.ticket.id);
    }
    while ((this.calls.at(-1)?.step ?? -1) >= from) this.calls.pop();
    while ((this.ends.at(-1)?.step ?? -1) >= from) this.ends.pop();
    for (const lane of this.lanes) {
      let i = lane.steps.length;
      while (i > 0 && lane.steps[i - 1]!.step >= from) i--;
      // Ended before `from`: it may not call the new ticket (else that end would be `from`).
      if (lane.ended && i === lane.steps.length) continue;
      const first = lane.steps[i];
      // Else its time and streak at `from` are those of its first step since (none played yet: as it stands).
      if (first) {
        lane.freeAt = first.at;
        lane.rel = first.rel;
        lane.streak = first.streak;
      }
      lane.ended = false;
      // Its last call before `from` (an end is always a lane's last step): every ticket before what it saw first was called by then.
      const last = lane.steps[i - 1] as ForecastCall | undefined;
      lane.next = last ? lowerBound(lane.line, last.best) : 0;
      lane.nextWalkIn = last ? (last.bestWalkIn ? lowerBound(lane.line, last.bestWalkIn) : lane.line.length) : 0;
      const xi = at.get(lane);
      if (xi !== undefined) {
        lane.next = Math.min(lane.next, xi);
        if (walkIn) lane.nextWalkIn = Math.min(lane.nextWalkIn, xi);
      }
      lane.steps.length = i;
    }
    this.active = this.lanes.filter((l) => !l.ended);
  }
}

/**
 * The forecast as of `now` (at or after its base time): its times moved with
 * now where they move. Each question plays out as far as it needs; should the
 * steps that took fall outside the moments they answer for, a forecast made
 * afresh at `now` replaces the held one.
 */
function viewAt(held: { sim: Simulation }, now: number): CallForecast {
  const played = (need: (sim: Simulation) => void): Simulation => {
    need(held.sim);
    if (!held.sim.answersAt(now)) {
      forecastCounts.renewed++;
      const { state, config, choice } = held.sim;
      held.sim = new Simulation(state, config, now, choice);
      need(held.sim);
    }
    return held.sim;
  };
  const all = (sim: Simulation) => sim.playAll();
  const first = held.sim;

  /**
   * Calls ahead of `t`'s call (at `at`, number `index` in the order) at windows that may call it. Serving
   * windows: the calls before `at` (two windows calling at the same moment are not ahead of each other).
   * Every window as if it opened now: the calls before it in the order — they will not all open at once.
   */
  const aheadOf = (sim: Simulation, t: TicketRecord, at: number, index: number) => {
    let n = 0;
    for (let i = 0; i < sim.calls.length; i++) {
      const c = sim.calls[i]!;
      if (sim.choice === 'serving' ? atOf(sim, c) >= at : i >= index) break;
      if (eligibleAt(t, c.window)) n++;
    }
    return n;
  };
  const atOf = (sim: Simulation, s: Step) => (s.rel ? s.at + now - sim.now : s.at);

  return {
    now,
    lanes: first.lanes.length,
    get order() {
      const sim = played(all);
      return sim.calls.map((c) => ({ ticketId: c.ticket.id, window: c.window.number, at: atOf(sim, c) }));
    },
    placeOf(ticket) {
      const sim = played((s) => {
        while (!s.callOf.has(ticket.id) && s.playOne());
      });
      const call = sim.callOf.get(ticket.id);
      if (!call || ticket.status !== 'waiting') return undefined;
      const at = atOf(sim, call);
      return { ahead: aheadOf(sim, ticket, at, call.index), at, window: call.window.number };
    },
    placeOfNew(queueId, cls) {
      const sim = played(all);
      const fairness = sim.config.queueRules.fairness;
      // Numbered after every ticket of the day, placed at now: as decide.ts would issue it.
      const t: TicketRecord = {
        id: '\uffff',
        number: '\uffff',
        queueId,
        class: cls,
        serviceDay: sim.state.serviceDay ?? '',
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
        if (!p) places.set(w, (p = { ticket: t, place: placeAt(t, w, fairness), class: cls, slot: { call: undefined } }));
        return p;
      };
      // The first recorded call the new ticket would win…
      let won: { at: number; window: number; index: number } | undefined;
      for (const c of sim.calls) {
        if (!eligibleAt(t, c.window)) continue;
        const x = placed(c.window);
        const best = byPlace(x, c.best) < 0 ? x : c.best;
        const bestWalkIn = walkIn && (!c.bestWalkIn || byPlace(x, c.bestWalkIn) < 0) ? x : c.bestWalkIn;
        if (pickNext(best, bestWalkIn, c.streak, fairness) === x) {
          won = { at: atOf(sim, c), window: c.window.number, index: c.index };
          break;
        }
      }
      // …or a lane that runs out of tickets before that and would call it then.
      for (const e of sim.ends) {
        if (!eligibleAt(t, e.window)) continue;
        const at = atOf(sim, e);
        if (won && (at > won.at || (at === won.at && e.window.number > won.window))) continue;
        won = { at, window: e.window.number, index: e.index };
      }
      return won && { ahead: aheadOf(sim, t, won.at, won.index), at: won.at, window: won.window };
    },
  };
}
