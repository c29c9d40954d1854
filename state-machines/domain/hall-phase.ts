/**
 * The hall's day (seed 003 延时错时服务规范): before opening, open, the midday
 * break, 停止取号, 延时服务, closed, a closed day. One record for the whole
 * hall; its lifecycle is the hall-phase machine (machines/hall-phase-machine.ts),
 * whose states are exactly `HallPhase`.
 */

export const HALL_PHASES = ['unsynced', 'closed_day', 'before_open', 'open', 'midday', 'tickets_stopped', 'extended', 'closed'] as const;
export type HallPhase = (typeof HALL_PHASES)[number];

/** The calendar's boundaries, in the order they fall within one instant (rank ties). */
export const PHASE_BOUNDARIES = ['new_day', 'midday', 'tickets_open', 'tickets_stop', 'close'] as const;
export type PhaseBoundary = (typeof PHASE_BOUNDARIES)[number];

export interface PhaseDeadline {
  at: number;
  boundary: PhaseBoundary;
}

export interface HallPhaseRecord {
  status: HallPhase;
  /** When the hall entered this phase (the boundary's instant, not when the clock noticed it). */
  since?: number | undefined;
  /** The next calendar boundary; the clock service fires it. None: no calendar, or waiting for the last ticket. */
  next?: PhaseDeadline | undefined;
  /** Fingerprint of the calendar the deadlines were computed from: a changed hall file re-syncs. */
  calendar?: string | undefined;
  /** 延时服务: when it began (the closing time). */
  extendedFrom?: number | undefined;
}
