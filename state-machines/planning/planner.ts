/**
 * 窗口测算 (seed 000 §7: window counts follow volume, service time and load):
 * from the hall's own history, how many windows each queue needs in each
 * half-hour of a weekday to meet the hall's target (e.g. 90% of visitors
 * called within 15 minutes), beside how many were actually open. Pure: the
 * history comes in as rows (history.ts), time zones as names.
 *
 * The model (README § Window planning): each queue is an M/M/c queue whose
 * arrival rate changes every half-hour, solved through the day with the line
 * carried from one half-hour into the next (transient.ts: a peak of two hours
 * never reaches the steady state per-half-hour Erlang C assumes, which staffs
 * a short peak for a line that never forms and misses the line a peak leaves
 * behind). Erlang C's count is given beside it (`steadyState`).
 *  - arrivals: visits that reached a window (called), per half-hour, averaged
 *    over the days of that weekday in the history — tickets voided before
 *    their call never load a window, so they are left out;
 *  - holding time: the queue's mean window time per visit over the whole
 *    history (heldMs: walk to the counter, service, and the recalls and grace
 *    of a 过号, so no-shows count as the load they are);
 *  - a 转办 is two visits, one per queue, so each queue carries its own share.
 * Windows serving several queues are shared: the per-queue figure is what the
 * queue would need with windows of its own; `pooled` is what all queues would
 * need together if every window served every queue (全面一窗) — the truth for
 * shared windows lies between the two.
 */
import type { PlanningHistory } from './history.ts';
import { windowsNeeded } from './erlang-c.ts';
import { transientPlan } from './transient.ts';
import { weekdayOf } from '../hall/schedule.ts';
import { localClock, serviceDayOf } from '../domain/service-day.ts';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const MIN = 60_000;
export const SLOT_MS = 30 * MIN;

export interface PlanTarget {
  /** Share of visitors to call within the time, 0.5–0.99 (0.9 = 90%). */
  share: number;
  withinMinutes: number;
}

export interface PlanInput {
  history: PlanningHistory;
  weekday: Weekday;
  target: PlanTarget;
  timeZone: string;
  /** The hall's opening sessions (hall.hours): the half-hours planned run from the first start to the last end. */
  hours: readonly { start: string; end: string }[];
  /** Queues in display order; `serviceMinutes` (the hall file's) when a queue has no history yet. */
  queues: readonly { id: string; serviceMinutes?: number | undefined }[];
}

export interface PlanCell {
  /** Start of the half-hour, "09:30". */
  slot: string;
  /** Visits reaching a window in this half-hour, average per day. */
  arrivals: number;
  /** Offered load in erlangs (windows kept busy). */
  load: number;
  recommended: number;
  /** What per-half-hour Erlang C (steady state in every half-hour) would say. */
  steadyState: number;
  /** Windows serving this queue that were open, averaged over the half-hour and the days (one decimal). */
  open: number;
  /** Fewer windows were open than recommended. */
  under: boolean;
  /** With the recommended windows: share called within the target, and the mean wait in minutes. */
  expectedShare: number;
  expectedWaitMinutes: number;
}

export interface QueuePlan {
  queueId: string;
  /** Mean window time per visit, minutes (history, or the hall file's serviceMinutes when there is none). */
  holdMinutes: number;
  fromHistory: boolean;
  visits: number;
  noShowRate: number;
  transferRate: number;
  cells: PlanCell[];
}

export interface WindowPlan {
  weekday: Weekday;
  /** Days of this weekday in the history (the averages divide by it). */
  days: number;
  target: PlanTarget;
  slots: string[];
  queues: QueuePlan[];
  /** Per half-hour: the sum of the queues' recommendations (windows of their own), and all queues pooled (every window serves all). */
  totals: { separate: number; pooled: number; open: number }[];
  /** The half-hour with the most windows recommended in all (separate), and that count. */
  peak: { slot: string; windows: number } | undefined;
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** Local service day, minute of the day and weekday of an instant; cached per UTC hour (whole-minute zone offsets). */
export function localTimes(timeZone: string): (at: number) => { day: string; minute: number; weekday: Weekday } {
  const byHour = new Map<number, { day: string; minute: number; weekday: Weekday }>();
  const direct = (at: number) => {
    const day = serviceDayOf(at, timeZone);
    return { day, minute: minutesOf(localClock(at, timeZone)), weekday: weekdayOf(day) };
  };
  return (at) => {
    const hour = Math.floor(at / 3_600_000);
    let base = byHour.get(hour);
    if (!base) {
      base = direct(hour * 3_600_000);
      if (byHour.size > 10_000) byHour.clear();
      byHour.set(hour, base);
    }
    const minute = base.minute + Math.floor((at - hour * 3_600_000) / MIN);
    return minute < 1440 ? { ...base, minute } : direct(at);
  };
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const hhmmOf = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** The half-hours planned: from the first opening (rounded down to :00/:30) to the last closing. */
export function planSlots(hours: readonly { start: string; end: string }[]): number[] {
  const from = Math.floor(Math.min(...hours.map((h) => minutesOf(h.start))) / 30) * 30;
  const to = Math.max(...hours.map((h) => minutesOf(h.end)));
  const slots: number[] = [];
  for (let m = from; m < to && slots.length < 48; m += 30) slots.push(m);
  return slots;
}

export function planWindows(input: PlanInput): WindowPlan {
  const { history, weekday, target, queues } = input;
  const local = localTimes(input.timeZone);
  const slotMinutes = planSlots(input.hours);
  const slotIndex = (minute: number) => {
    const i = Math.floor((minute - slotMinutes[0]!) / 30);
    return i >= 0 && i < slotMinutes.length ? i : -1;
  };
  const days = history.days.filter((d) => weekdayOf(d) === weekday).length;
  const perDay = (x: number) => (days > 0 ? x / days : 0);

  const plans = queues.map((q) => {
    let visits = 0;
    let called = 0;
    let heldSum = 0;
    let noShows = 0;
    let transfers = 0;
    const arrivals = new Array<number>(slotMinutes.length).fill(0);
    for (const v of history.visits) {
      if (v.queueId !== q.id) continue;
      visits++;
      if (v.outcome === 'no-show') noShows++;
      if (v.transferred) transfers++;
      if (v.calledAt === undefined) continue;
      called++;
      heldSum += v.heldMs;
      const t = local(v.issuedAt);
      if (t.weekday !== weekday) continue;
      const i = slotIndex(t.minute);
      if (i >= 0) arrivals[i]!++;
    }
    const fromHistory = called > 0 && heldSum > 0;
    const holdMs = fromHistory ? heldSum / called : (q.serviceMinutes ?? 5) * MIN;
    return { q, visits, noShows, transfers, arrivals, holdMs, fromHistory, open: new Array<number>(slotMinutes.length).fill(0) };
  });
  const planOf = new Map(plans.map((p) => [p.q.id, p]));

  // Windows actually open: window-minutes per half-hour, for each queue the window served and once for the hall.
  const openAll = new Array<number>(slotMinutes.length).fill(0);
  for (const span of history.spans) {
    const to = Math.min(span.to, span.from + 24 * 60 * MIN);
    for (let at = span.from; at < to; ) {
      const t = local(at);
      const slotEnd = at + (30 - (t.minute % 30)) * MIN - (at % MIN);
      const piece = Math.min(to, slotEnd) - at;
      const i = t.weekday === weekday ? slotIndex(t.minute) : -1;
      if (i >= 0) {
        openAll[i]! += piece / SLOT_MS;
        for (const q of span.queues) {
          const p = planOf.get(q);
          if (p) p.open[i]! += piece / SLOT_MS;
        }
      }
      at = Math.max(at + MIN, slotEnd);
    }
  }

  const slots = slotMinutes.map(hhmmOf);
  const queuePlans: QueuePlan[] = plans.map((p) => ({
    queueId: p.q.id,
    holdMinutes: round1(p.holdMs / MIN),
    fromHistory: p.fromHistory,
    visits: p.visits,
    noShowRate: p.visits > 0 ? round3(p.noShows / p.visits) : 0,
    transferRate: p.visits > 0 ? round3(p.transfers / p.visits) : 0,
    cells: cellsOf(slots, p.arrivals.map(perDay), p.open.map(perDay), p.holdMs, target),
  }));

  const totals = slots.map((_, i) => {
    let separate = 0;
    let load = 0;
    let work = 0;
    let count = 0;
    for (const [k, qp] of queuePlans.entries()) {
      const cell = qp.cells[i]!;
      separate += cell.recommended;
      load += cell.load;
      work += cell.load * plans[k]!.holdMs;
      count += cell.load;
    }
    return { separate, load, holdMs: count > 0 ? work / count : MIN, open: round1(perDay(openAll[i]!)) };
  });
  // Pooled: one queue with the combined arrivals and the load-weighted mean holding time (per half-hour).
  const pooledHoldMs =
    totals.reduce((s, t) => s + t.load * t.holdMs, 0) /
      Math.max(
        1e-9,
        totals.reduce((s, t) => s + t.load, 0),
      ) || MIN;
  const pooled = transientPlan(
    totals.map((t) => ({ perMinute: t.load / (pooledHoldMs / MIN), minutes: 30 })),
    pooledHoldMs / MIN,
    target,
  );
  let peak: WindowPlan['peak'];
  const summed = totals.map((t, i) => ({ separate: t.separate, pooled: pooled[i]!.windows, open: t.open }));
  for (const [i, t] of summed.entries()) if (t.separate > 0 && (!peak || t.separate > peak.windows)) peak = { slot: slots[i]!, windows: t.separate };
  return { weekday, days, target, slots, queues: queuePlans, totals: summed, peak };
}

/** One queue's half-hours: the transient plan, Erlang C beside it, what was open. */
function cellsOf(slots: string[], arrivals: number[], open: number[], holdMs: number, target: PlanTarget): PlanCell[] {
  const plan = transientPlan(
    arrivals.map((a) => ({ perMinute: a / 30, minutes: 30 })),
    holdMs / MIN,
    target,
  );
  return slots.map((slot, i) => {
    const load = (arrivals[i]! / SLOT_MS) * holdMs;
    const step = plan[i]!;
    const opened = round1(open[i]!);
    return {
      slot,
      arrivals: round1(arrivals[i]!),
      load: round3(load),
      recommended: step.windows,
      steadyState: windowsNeeded(load, holdMs, { share: target.share, withinMs: target.withinMinutes * MIN }),
      open: opened,
      under: opened + 0.05 < step.windows,
      expectedShare: round3(step.share),
      expectedWaitMinutes: round1(step.meanWaitMinutes),
    };
  });
}
