/**
 * What the supervisor must act on about AB岗, read off each window's staffing
 * machine (machines/staffing-machine.ts) — no clock arithmetic here:
 *  - `both_away`: both posts away with a reason; the window cannot open;
 *  - `escalated`: a single-post window (no B) whose A has been away
 *    `singlePostEscalateHours` of opening time; the hall's clock sent
 *    post.escalate when the deadline fixed at sign-out passed (see
 *    staffing-deadlines.ts). Assign a fixed substitute as B.
 */
import type { PublicHallConfig } from '../config/hall-config.ts';
import { postsOf } from '../domain/staffing.ts';
import type { HallState } from './state.ts';

interface StaffingAlert {
  window: number;
  kind: 'both_away' | 'single_post_long_absence';
  /** The absent A post, for the single-post case. */
  clerkId?: string | undefined;
  since?: number | undefined;
}

export function staffingAlerts(state: HallState, config: Pick<PublicHallConfig, 'windows'>): StaffingAlert[] {
  const alerts: StaffingAlert[] = [];
  for (const w of config.windows) {
    const staffing = state.staffing[String(w.number)];
    if (staffing?.status === 'both_away') alerts.push({ window: w.number, kind: 'both_away' });
    if (staffing?.status !== 'escalated') continue;
    const a = staffing.windowPosts?.a ?? postsOf(state, config, w.number)?.a;
    alerts.push({ window: w.number, kind: 'single_post_long_absence', clerkId: a, since: a === undefined ? undefined : staffing.absent[a]?.since });
  }
  return alerts;
}
