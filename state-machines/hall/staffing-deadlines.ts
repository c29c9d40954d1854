/**
 * When the hall's clock must look at AB岗 again: every single-post window
 * whose A is away (`a_away`) with the instant its absence is due for
 * escalation. A clock service sends `post.escalate {window}` (actor 'clock')
 * at or after `at`; decide refuses it before the deadline, so an early or
 * repeated tick is harmless. Deadlines live in the state, not in timers: after
 * a restart this list is the same.
 */
import type { HallState } from './state.ts';

interface StaffingDeadline {
  at: number;
  window: number;
}

/** Soonest first. */
export function staffingDeadlines(state: Pick<HallState, 'staffing'>): StaffingDeadline[] {
  const out: StaffingDeadline[] = [];
  for (const [window, staffing] of Object.entries(state.staffing)) {
    if (staffing.status === 'a_away' && staffing.escalateAt !== undefined) out.push({ at: staffing.escalateAt, window: Number(window) });
  }
  return out.sort((x, y) => x.at - y.at || x.window - y.window);
}
