/**
 * A small, independent check of the planner's arithmetic: one queue served
 * first come first served by a number of windows that changes every
 * half-hour, arrivals Poisson at a rate per half-hour, exponential window
 * times. A window closes for new visitors at its half-hour's end and finishes
 * the visitor at its counter. Minutes throughout; seeded, so reproducible.
 * No server: thousands of days in a second, to say how often a plan meets its
 * target — the real-server check (tests/integration/window-planning.test.ts)
 * can afford only a few days.
 */
import { seededRandom } from './day-simulation.ts';

const SLOT = 30;

export function arrivalsAt(perHour: readonly number[], random: () => number): number[] {
  const out: number[] = [];
  for (const [i, rate] of perHour.entries()) {
    if (rate <= 0) continue;
    const gap = () => -Math.log(1 - random()) * (60 / rate);
    for (let t = i * SLOT + gap(); t < (i + 1) * SLOT; t += gap()) out.push(t);
  }
  return out;
}

/** Waits (minutes) and the half-hour each visitor arrived in, for one day staffed by `plan` (windows per half-hour). */
export function simulateQueue(seed: number, perHour: readonly number[], plan: readonly number[], holdMinutes: number) {
  const random = seededRandom(seed);
  const arrivals = arrivalsAt(perHour, random);
  const windows = Math.max(...plan, 1);
  const free = new Array<number>(windows).fill(0);
  // The first moment ≥ t at which window w is in the plan (after the last half-hour: the last one's staffing).
  const openFrom = (w: number, t: number) => {
    for (let s = Math.floor(t / SLOT); s < plan.length; s++) if (w < plan[s]!) return Math.max(t, s * SLOT);
    return w < plan.at(-1)! ? t : Number.POSITIVE_INFINITY;
  };
  const waits: number[] = [];
  const slots: number[] = [];
  for (const a of arrivals) {
    let best = Number.POSITIVE_INFINITY;
    let chosen = 0;
    for (let w = 0; w < windows; w++) {
      const t = openFrom(w, Math.max(a, free[w]!));
      if (t < best) {
        best = t;
        chosen = w;
      }
    }
    free[chosen] = best - Math.log(1 - random()) * holdMinutes;
    waits.push(best - a);
    slots.push(Math.floor(a / SLOT));
  }
  return { waits, slots };
}

/** Arrivals per half-hour counted over `days` simulated days (what a history of that length would show). */
export function countedArrivals(seed: number, perHour: readonly number[], days: number): number[] {
  const counts = new Array<number>(perHour.length).fill(0);
  for (let d = 0; d < days; d++) for (const a of arrivalsAt(perHour, seededRandom(seed + d))) counts[Math.floor(a / SLOT)]!++;
  return counts;
}
