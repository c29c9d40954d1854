/**
 * What the supervisor must act on about AB岗, derived from the state and the
 * time (no timers; the 值班主任台 recomputes it every second):
 *  - both posts of a window away (with a reason): the window cannot open;
 *  - a single-post window (no B) whose A has been away `singlePostEscalateHours`
 *    of opening time (default 4 h, half a day): assign a fixed substitute as B.
 */
import type { PublicHallConfig } from '../config/hall-config.ts';
import { postsOf } from '../domain/staffing.ts';
import { openingMsBetween } from './schedule.ts';
import type { HallState } from './state.ts';

export interface StaffingAlert {
  window: number;
  kind: 'both_away' | 'single_post_long_absence';
  /** The absent A post, for the single-post case. */
  clerkId?: string | undefined;
  since?: number | undefined;
}

type AlertConfig = Pick<PublicHallConfig, 'windows' | 'hall' | 'schedule' | 'staffingRules'>;

export function staffingAlerts(state: HallState, config: AlertConfig, now: number): StaffingAlert[] {
  const alerts: StaffingAlert[] = [];
  const limitMs = config.staffingRules.singlePostEscalateHours * 3_600_000;
  for (const w of config.windows) {
    const posts = postsOf(state, config, w.number);
    if (!posts) continue;
    const absent = state.staffing[String(w.number)]?.absent ?? {};
    const a = absent[posts.a];
    if (posts.b === undefined) {
      if (!a) continue;
      const away = config.schedule ? openingMsBetween({ hall: config.hall, schedule: config.schedule }, a.since, now) : now - a.since;
      if (away >= limitMs) alerts.push({ window: w.number, kind: 'single_post_long_absence', clerkId: posts.a, since: a.since });
      continue;
    }
    if (a && absent[posts.b]) alerts.push({ window: w.number, kind: 'both_away' });
  }
  return alerts;
}
