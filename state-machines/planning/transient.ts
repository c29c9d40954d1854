/**
 * The day as it unfolds: an M/M/c queue whose arrival rate and windows change
 * every half-hour, solved numerically (the Kolmogorov forward equations of the
 * birth–death chain, stepped in small time steps), carrying the line from one
 * half-hour into the next. Per-half-hour Erlang C (erlang-c.ts) assumes each
 * half-hour reaches its steady state; a morning peak of two or three hours
 * does not, so Erlang C staffs a short peak for a line it never reaches, and
 * misses the line a peak leaves behind for the next half-hour. Here each
 * half-hour gets the fewest windows that call the target share of its own
 * arrivals within the target time, given the line the previous half-hours
 * left (Green, Kolesar & Whitt 2007, "Coping with time-varying demand when
 * setting staffing requirements for a service system": numerical transient
 * analysis rather than stationary-independent periods).
 *
 * A visitor who arrives to find n in the hall with c windows open is called
 * at once when n < c, else after n − c + 1 windows free up, each at rate c/h:
 * P(W ≤ t | n) = P(Poisson(c·t/h) ≥ n − c + 1). Arrivals see the time-average
 * state (Poisson arrivals see time averages), so a half-hour's share is the
 * average of that over the half-hour.
 */

/** Longest line the chain tracks; probability beyond it is kept in the last state (bounded work). */
const MAX_IN_HALL = 400;
/** Steps are short enough that one moves at most this much of a state's probability (stable, and close to exact). */
const MAX_MOVE = 0.25;

export interface Period {
  /** Arrivals per minute in this period. */
  perMinute: number;
  minutes: number;
}

export interface TransientStep {
  windows: number;
  /** Share of this period's arrivals called within the target (1 when none arrive). */
  share: number;
  /** Their mean wait, minutes. */
  meanWaitMinutes: number;
  /** Expected number in the hall (waiting or at a counter) at the period's end. */
  inHallAtEnd: number;
}

/** P(Poisson(m) ≥ k). */
function poissonAtLeast(m: number, k: number): number {
  if (k <= 0) return 1;
  let term = Math.exp(-m);
  let below = term;
  for (let i = 1; i < k; i++) {
    term *= m / i;
    below += term;
  }
  return Math.max(0, 1 - below);
}

/** Run one period with c windows from the distribution p (numbers in the hall); returns the new distribution and the share. */
export function runPeriod(
  p: Float64Array<ArrayBuffer>,
  c: number,
  period: Period,
  holdMin: number,
  withinMin: number,
): { p: Float64Array<ArrayBuffer>; share: number; meanWaitMinutes: number } {
  const n = p.length;
  const mu = 1 / holdMin;
  // Share of arrivals called within the target, by the number found in the hall.
  const ok = new Float64Array(n);
  // …and the mean wait: n − c + 1 windows to free up, each after h/c on average (no window: a whole period, a bound).
  const wait = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    ok[k] = k < c ? 1 : c === 0 ? 0 : poissonAtLeast(c * mu * withinMin, k - c + 1);
    wait[k] = k < c ? 0 : c === 0 ? period.minutes : (k - c + 1) / (c * mu);
  }
  const lam = period.perMinute;
  const steps = Math.min(100_000, Math.max(1, Math.ceil((period.minutes * (lam + c * mu)) / MAX_MOVE)));
  const dt = period.minutes / steps;
  let cur = Float64Array.from(p);
  let next = new Float64Array(n);
  let shareSum = 0;
  let waitSum = 0;
  // Only states that hold probability are stepped: the top one rises by at most one a step.
  let top = 0;
  for (let k = 0; k < n; k++) if (cur[k]! > 1e-15) top = k;
  for (let s = 0; s < steps; s++) {
    for (let k = 0; k <= top; k++) {
      shareSum += cur[k]! * ok[k]!;
      waitSum += cur[k]! * wait[k]!;
    }
    next.fill(0, 0, Math.min(n, top + 2));
    for (let k = 0; k <= top; k++) {
      const pk = cur[k]!;
      if (pk === 0) continue;
      const up = k < n - 1 ? lam * dt : 0;
      const down = Math.min(k, c) * mu * dt;
      next[k]! += pk * (1 - up - down);
      if (up > 0) next[k + 1]! += pk * up;
      if (down > 0) next[k - 1]! += pk * down;
    }
    if (top < n - 1 && next[top + 1]! > 1e-15) top++;
    [cur, next] = [next, cur];
  }
  return { p: cur, share: lam > 0 ? shareSum / steps : 1, meanWaitMinutes: lam > 0 ? waitSum / steps : 0 };
}

/** The fewest windows per period that meet the target share, the line carried from period to period. */
export function transientPlan(periods: readonly Period[], holdMin: number, target: { share: number; withinMinutes: number }, maxWindows = 60): TransientStep[] {
  let p = new Float64Array(MAX_IN_HALL + 1);
  p[0] = 1;
  const out: TransientStep[] = [];
  let previous = 0;
  for (const period of periods) {
    const inHall = expected(p);
    let chosen: ReturnType<typeof runPeriod> | undefined;
    // The last half-hour's arrivals were judged by its windows: keep one for each of them still waiting (they take
    // the first windows to free up, exactly as they would have with all of them open).
    const keep = Math.min(previous, Math.ceil(waiting(p, previous) - 0.05));
    let c = Math.max(keep, period.perMinute > 0 || inHall > 0.05 ? 1 : 0);
    for (; c <= maxWindows; c++) {
      chosen = runPeriod(p, c, period, holdMin, target.withinMinutes);
      if (period.perMinute === 0 || chosen.share >= target.share) break;
    }
    c = Math.min(c, maxWindows);
    previous = c;
    p = chosen!.p;
    out.push({ windows: c, share: chosen!.share, meanWaitMinutes: chosen!.meanWaitMinutes, inHallAtEnd: expected(p) });
  }
  return out;
}

/** Expected number waiting (beyond c at the counters). */
function waiting(p: Float64Array, c: number): number {
  let e = 0;
  for (let k = c + 1; k < p.length; k++) e += (k - c) * p[k]!;
  return e;
}

function expected(p: Float64Array): number {
  let e = 0;
  for (let k = 0; k < p.length; k++) e += k * p[k]!;
  return e;
}
