/**
 * Hall days at known rates, for checking the window planner (README § Window
 * planning): Poisson arrivals to one queue at a rate per half-hour, service
 * times exponential with a known mean (the model's own assumptions, so the
 * check tests the planner and the history it reads, not the model's fit), a
 * share of no-shows who never come back. No transfers, parks or people who
 * give up: their waits would not be the queue's.
 */
import { seededRandom, type Visitor } from './day-simulation.ts';

const MIN = 60_000;

export interface KnownRates {
  queueId: string;
  /** Arrivals per hour for each half-hour from 08:30 (index 0) to 17:00 (index 17). */
  perHour: readonly number[];
  serviceMinutes: number;
  noShowShare: number;
}

/**
 * The validation hall's day: a morning peak 09:30–12:00 at 48 an hour (about 4.9 windows' work), a quiet lunch,
 * a steady afternoon at 30 an hour; ~330 visitors.
 */
export const VALIDATION_RATES: KnownRates = {
  queueId: 'comprehensive',
  //        08:30 09:00 09:30 10:00 10:30 11:00 11:30 12:00 12:30 13:00 13:30 14:00 14:30 15:00 15:30 16:00 16:30 17:00
  perHour: [18, 30, 48, 48, 48, 48, 48, 10, 10, 10, 18, 30, 30, 30, 30, 30, 18, 10],
  serviceMinutes: 5.5,
  noShowShare: 0.04,
};

export function visitorsAtRates(seed: number, date: string, rates: KnownRates): Visitor[] {
  const random = seededRandom(seed);
  const dayStart = Date.parse(`${date}T00:00:00+08:00`);
  const exp = (mean: number) => -Math.log(1 - random()) * mean;
  const visitors: Visitor[] = [];
  for (const [i, perHour] of rates.perHour.entries()) {
    const from = dayStart + (8 * 60 + 30 + i * 30) * MIN;
    // Poisson within the half-hour: exponential gaps; bounded by the half-hour's end.
    for (let t = from + exp(60 / perHour) * MIN; t < from + 30 * MIN && visitors.length < 10_000; t += exp(60 / perHour) * MIN) {
      visitors.push({
        n: visitors.length,
        arrival: Math.round(t),
        queueId: rates.queueId,
        class: 'walk_in',
        noShow: random() < rates.noShowShare,
        walkMs: Math.round((10 + random() * 40) * 1000),
        serviceMs: Math.max(5_000, Math.round(exp(rates.serviceMinutes) * MIN)),
        phase: 'new',
      });
    }
  }
  return visitors;
}
