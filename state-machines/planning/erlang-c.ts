/**
 * Erlang C (M/M/c): how many windows a queue needs so that a given share of
 * visitors waits no longer than the hall's target. Pure arithmetic, no I/O.
 *
 *   a  offered load in erlangs = arrivals per ms × mean holding time in ms
 *      (how many windows the work would keep busy all the time)
 *   c  open windows; the queue is stable only when c > a
 *   C(c, a)  probability that a visitor has to wait at all
 *   P(W ≤ t) = 1 − C(c, a) · e^(−(c − a) · t / h)
 *
 * Erlang B is computed by its recursion (B₀ = 1, Bₖ = a·Bₖ₋₁ / (k + a·Bₖ₋₁)),
 * which never overflows the way aᶜ/c! does, and C from B:
 * C = c·B / (c − a·(1 − B)).
 */

/** Erlang B: the share of arrivals that would find all c servers busy, with no waiting room. */
export function erlangB(c: number, a: number): number {
  if (a <= 0) return 0;
  let b = 1;
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
  return b;
}

/** Erlang C: the share of visitors who wait at all (1 when the load reaches the windows: the queue grows without end). */
export function erlangC(c: number, a: number): number {
  if (a <= 0) return 0;
  if (c <= a) return 1;
  const b = erlangB(c, a);
  return (c * b) / (c - a * (1 - b));
}

/** Share of visitors called within `withinMs`, for c windows, load a and mean holding time holdMs (0 when c ≤ a). */
export function shareWithin(c: number, a: number, holdMs: number, withinMs: number): number {
  if (a <= 0) return 1;
  if (c <= a) return 0;
  return 1 - erlangC(c, a) * Math.exp((-(c - a) * withinMs) / holdMs);
}

/** Mean wait in ms (Infinity when c ≤ a). */
export function meanWaitMs(c: number, a: number, holdMs: number): number {
  if (a <= 0) return 0;
  if (c <= a) return Number.POSITIVE_INFINITY;
  return (erlangC(c, a) * holdMs) / (c - a);
}

/** The fewest windows that meet the target (0 for no load); `max` bounds the search (a hall has at most 999 windows). */
export function windowsNeeded(a: number, holdMs: number, target: { share: number; withinMs: number }, max = 999): number {
  if (a <= 0) return 0;
  for (let c = Math.max(1, Math.floor(a)); c <= max; c++) if (shareWithin(c, a, holdMs, target.withinMs) >= target.share) return c;
  return max;
}
