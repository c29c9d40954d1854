/**
 * How long a service may be rated after 办结 (好差评): the window's pad and
 * tablet for `ratings.windowSeconds`, the phone page until the end of the
 * service day (local midnight in the hall's zone) or `ratings.phoneMinutes`.
 * Fixed in the `ticket.completed` event, so the fold never reads the hall file.
 */
import type { PublicHallConfig } from '../config/hall-config.ts';
import { addDays, localInstant } from '../domain/appointment.ts';
import { serviceDayOf } from '../domain/service-day.ts';

/** Undefined: the hall file has no `ratings`, no rating is invited. */
export function ratingDeadlines(
  config: Pick<PublicHallConfig, 'ratings' | 'hall'>,
  completedAt: number,
): { windowUntil: number; phoneUntil: number } | undefined {
  const rules = config.ratings;
  if (!rules) return undefined;
  const windowUntil = completedAt + rules.windowSeconds * 1000;
  const tz = config.hall.timezone;
  const endOfDay = localInstant(addDays(serviceDayOf(completedAt, tz), 1), '00:00', tz) - 1;
  const phoneUntil = rules.phoneMinutes === undefined ? endOfDay : completedAt + rules.phoneMinutes * 60_000;
  // The phone never closes before the window's devices: the clock's 未评价 waits for both.
  return { windowUntil, phoneUntil: Math.max(phoneUntil, windowUntil) };
}
