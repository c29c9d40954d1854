/**
 * The hall state: the fold of the event log. A plain JSON document so it can
 * be checkpointed, sent to clients as a snapshot and folded again there with
 * the same `evolve`.
 */
import type { HallConfig } from '../config/hall-config.ts';
import type { WindowStaffing } from '../domain/staffing.ts';
import type { AppointmentRecord } from '../domain/appointment.ts';
import type { TicketRecord } from '../domain/ticket.ts';
import type { HallPhaseRecord } from '../domain/hall-phase.ts';
import type { WindowRecord } from '../domain/window.ts';
import type { FollowUpRecord, RatingRecord } from '../domain/rating.ts';
import type { CaseRecord } from '../domain/case.ts';
import type { ComplaintRecord, EnquiryRecord, HelpRecord } from '../domain/guide.ts';

/** Bump when the shape of HallState or the meaning of evolve changes: old checkpoints are then ignored and the log replayed. */
export const HALL_STATE_VERSION = 10;

interface QueueCounter {
  serviceDay: string;
  /** Last daily sequence number handed out in that queue on that day. */
  last: number;
}

/** Tickets one kiosk issued in one minute (kiosk-issuing.ts: the hourly budget and the desk's alert). */
export interface KioskMinute {
  /** Minutes since the epoch. */
  minute: number;
  count: number;
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
  /** Walk-in and green tickets per kiosk (device id) in the last 60 minutes, per minute, oldest first. */
  issuedByKiosk: Record<string, KioskMinute[]>;
  /** The hall's day (hall-phase machine): open, midday, 停止取号, 延时服务… with its next deadline. Unsynced without a calendar. */
  phase: HallPhaseRecord;
  /**
   * 好差评 invitations by ticket id: each service's rating lifecycle (invited → rated | unrated), never
   * its level. Made on the first 办结 that invites a rating (absent in states folded from older logs);
   * rated and unrated ones of earlier days leave at day change.
   */
  ratings?: Record<string, RatingRecord> | undefined;
  /**
   * 差评 follow-ups by id (the rated ticket's id). Made on the first 差评. Only the supervisor's state
   * has them: other roles receive the state without and every follow-up step sealed (projection.ts).
   */
  followUps?: Record<string, FollowUpRecord> | undefined;
  /**
   * 办件 by id (the served ticket's id), made by 办件登记 (absent in states folded from older logs).
   * Open ones (受理, 容缺受理) stay until done; 即办 and 不予受理 leave at day change. Staff only: public
   * screens receive the state without and every case event sealed (projection.ts).
   */
  cases?: Record<string, CaseRecord> | undefined;
  /**
   * 导办台 (README § The guide desk), all absent in states folded from older logs. 首问负责 help by id and 咨询
   * enquiries by ticket id, of the current service day (earlier days leave at day change: the log keeps them);
   * staff only. 办不成事反映 complaints by id: open ones stay until resolved, resolved ones leave at day change;
   * the supervisor's alone (projection.ts). `complaintsFiled` numbers them.
   */
  guideHelp?: Record<string, HelpRecord> | undefined;
  enquiries?: Record<string, EnquiryRecord> | undefined;
  complaints?: Record<string, ComplaintRecord> | undefined;
  complaintsFiled?: number | undefined;
  /** 双机热备: the newest takeover (absent until the first: term 0, the hall's first primary). */
  takeover?: { term: number; server: string; at: number; seq: number; lastFromPrimary: number } | undefined;
}

/** No-shows are kept this long (≥ the longest blockDays) so the block rule can count them. */
export const APPOINTMENT_HISTORY_DAYS = 400;

/** Visit samples kept per queue (the estimate averages the newest `queueRules.estimate.samples` of them). */
export const VISIT_SAMPLES_KEPT = 200;

export const RECENT_CALLS_KEPT = 12;

/**
 * The entry under `key` only if the record itself holds it. Ids come off the
 * wire: `tickets["__proto__"]` or `appointments["constructor"]` would
 * otherwise find Object.prototype's members instead of nothing.
 */
export function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

export function initialHallState(config: Pick<HallConfig, 'windows'>): HallState {
  const windows: Record<string, WindowRecord> = {};
  for (const w of config.windows) windows[String(w.number)] = { number: w.number, status: 'closed' };
  return {
    seq: 0,
    at: 0,
    serviceDay: null,
    counters: {},
    tickets: {},
    windows,
    clerksOnDuty: {},
    staffing: {},
    recentCalls: [],
    visitSamples: {},
    appointments: {},
    noShows: {},
    appointmentsBooked: 0,
    issuedByKiosk: {},
    phase: { status: 'unsynced' },
  };
}
