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

/** `closed`: 停止取号 (the hall's or the queue's cut-off); `full`: the daily cap is reached; `exhausted`: the queue's numbers ran out (A999); outside ticketing hours, the hall's own reason. */
export type Availability = 'open' | 'closed' | 'full' | 'exhausted' | 'not_yet' | 'midday_break' | 'closed_day';

export function queueAvailability(config: PublicHallConfig, state: HallState, queue: QueueConfig, now: number): Availability {
  const tz = config.hall.timezone;
  const hall = hallTicketing(state, config, now);
  if (hall && !hall.open) return hall.reason === 'stopped' ? 'closed' : hall.reason;
  if (queue.cutoff !== undefined && localClock(now, tz) >= queue.cutoff) return 'closed';
  const counter = state.counters[queue.id];
  const limit = dailyLimit(queue);
  if (counter && counter.serviceDay === serviceDayOf(now, tz) && counter.last >= limit.count) return limit.by === 'cap' ? 'full' : 'exhausted';
  return 'open';
}

/** The 绿色通道 leads to the same queues, so it follows them: open if any queue issues, else why the first one does not. */
export function greenAvailability(config: PublicHallConfig, state: HallState, now: number): Availability {
  let first: Availability | undefined;
  for (const q of config.queues) {
    const a = queueAvailability(config, state, q, now);
    if (a === 'open') return 'open';
    first ??= a;
  }
  return first ?? 'closed';
}
