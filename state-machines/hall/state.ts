/**
 * The hall state: the fold of the event log. A plain JSON document so it can
 * be checkpointed, sent to clients as a snapshot and folded again there with
 * the same `evolve`.
 */
import type { HallConfig } from '../config/hall-config.ts';
import type { WindowStaffing } from '../domain/staffing.ts';
import type { AppointmentRecord } from '../domain/appointment.ts';
import type { TicketRecord } from '../domain/ticket.ts';
import type { HallPhaseRecord } from '../machines/hall-phase-machine.ts';
import type { WindowRecord } from '../machines/window-machine.ts';

/** Bump when the shape of HallState or the meaning of evolve changes: old checkpoints are then ignored and the log replayed. */
export const HALL_STATE_VERSION = 6;

export interface QueueCounter {
  serviceDay: string;
  /** Last daily sequence number handed out in that queue on that day. */
  last: number;
}

export interface CallRecord {
  seq: number;
  at: number;
  ticketId: string;
  number: string;
  window: number;
  /** 重呼: the same ticket announced again. */
  recall?: boolean | undefined;
}

export interface HallState {
  /** Sequence number of the last event folded in. */
  seq: number;
  /** Time of the last event folded in. */
  at: number;
  /** The newest service day seen; finished tickets of older days are dropped when it changes. */
  serviceDay: string | null;
  counters: Record<string, QueueCounter>;
  tickets: Record<string, TicketRecord>;
  windows: Record<string, WindowRecord>;
  /** Clerks signed in, by 工号, with the window they are signed in to. */
  clerksOnDuty: Record<string, { window: number; since: number }>;
  /** AB岗 per window: who is on duty, who is away and why, posts as reassigned. */
  staffing: Record<string, WindowStaffing>;
  /** Most recent calls, newest first (wall display "last calls"). */
  recentCalls: CallRecord[];
  /**
   * How long a window was taken by one visit (ms, from the call — or 恢复办理 —
   * until the counter was free again: 办结, 过号, 转办, 挂起 or 作废), per queue,
   * newest last: the wait estimate's input. The walk to the counter and the
   * 过号 grace cost window time as much as service does.
   */
  visitSamples: Record<string, number[]>;
  /** 预约, by id: bookings of the current service day and later (earlier days are compacted at day change). */
  appointments: Record<string, AppointmentRecord>;
  /**
   * No-shows (爽约) of earlier days: slot start times by the booking's phone
   * hash, kept APPOINTMENT_HISTORY_DAYS for the block rule. Server only:
   * every screen receives it empty (projection.ts).
   */
  noShows: Record<string, number[]>;
  /** Bookings ever made: the next appointment id. */
  appointmentsBooked: number;
  /** The hall's day (hall-phase machine): open, midday, 停止取号, 延时服务… with its next deadline. Unsynced without a calendar. */
  phase: HallPhaseRecord;
}

/** No-shows are kept this long (≥ the longest blockDays) so the block rule can count them. */
export const APPOINTMENT_HISTORY_DAYS = 400;

/** Visit samples kept per queue (the estimate averages the newest `queueRules.estimate.samples` of them). */
export const VISIT_SAMPLES_KEPT = 200;

export const RECENT_CALLS_KEPT = 12;

export function initialHallState(config: Pick<HallConfig, 'windows'>): HallState {
  const windows: Record<string, WindowRecord> = {};
  for (const w of config.windows) windows[String(w.number)] = { number: w.number, status: 'closed' };
  return { seq: 0, at: 0, serviceDay: null, counters: {}, tickets: {}, windows, clerksOnDuty: {}, staffing: {}, recentCalls: [], visitSamples: {}, appointments: {}, noShows: {}, appointmentsBooked: 0, phase: { status: 'unsynced' } };
}
