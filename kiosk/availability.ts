/**
 * Whether a queue still hands out numbers today, from the hall state and the
 * hall clock — the same rules the server applies (停止取号 at the queue's
 * cut-off, 每日限号 at its daily cap, and the end of its numbers), so the kiosk greys a tile out before a
 * visitor taps it. The server still decides: a refusal is shown as well.
 */
import type { PublicHallConfig, QueueConfig } from '../state-machines/config/hall-config.ts';
import { localClock, serviceDayOf } from '../state-machines/domain/service-day.ts';
import { dailyLimit } from '../state-machines/domain/ticket.ts';
import { hallTicketing } from '../state-machines/hall/hall-clock.ts';
import type { HallState } from '../state-machines/hall/state.ts';

/** `full`: the daily cap is reached; `exhausted`: the queue's numbers ran out (A999). */
export type Availability = 'open' | 'closed' | 'full' | 'exhausted';

export function queueAvailability(config: PublicHallConfig, state: HallState, queue: QueueConfig, now: number): Availability {
  const tz = config.hall.timezone;
  if (hallTicketing(state, config, now)?.open === false) return 'closed';
  if (queue.cutoff !== undefined && localClock(now, tz) >= queue.cutoff) return 'closed';
  const counter = state.counters[queue.id];
  const limit = dailyLimit(queue);
  if (counter && counter.serviceDay === serviceDayOf(now, tz) && counter.last >= limit.count) return limit.by === 'cap' ? 'full' : 'exhausted';
  return 'open';
}
