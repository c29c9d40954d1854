/**
 * AB岗 (seed 004 §11): every window has an A post and a B post. Whoever is on
 * duty serves; when A is away (with a reason) B covers and is accountable; A
 * and B must never be away together — a window whose on-duty clerk wants to
 * leave with nobody to cover must be paused or closed first, and stays shut
 * until one of them is back. Calls and service records name the clerk actually
 * serving; displays say 「B岗代办」 while B covers.
 */
import type { HallConfig } from '../config/hall-config.ts';

/** Why a clerk is away from the window (离岗事由). */
export const ABSENCE_REASONS = ['off_duty', 'leave', 'training', 'meeting', 'other'] as const;
export type AbsenceReason = (typeof ABSENCE_REASONS)[number];

export type Post = 'a' | 'b';

/**
 * A window's AB岗 state (the staffing machine's states, machines/staffing-machine.ts):
 *
 *   unstaffed   nobody on duty, and not both posts away
 *   a_on_duty   the A post serves (or whoever opened the window without a post)
 *   b_on_duty   B serves while A is signed in here (A stands by)
 *   b_covering  B serves while A is not here 「B岗代办」
 *   a_away      single-post window (no B): A away with a reason, nobody covers
 *   escalated   that absence passed its deadline: the supervisor must assign a substitute
 *   both_away   both posts away with reasons: the window cannot open
 */
export const STAFFING_STATUSES = ['unstaffed', 'a_on_duty', 'b_on_duty', 'b_covering', 'a_away', 'escalated', 'both_away'] as const;
export type StaffingStatus = (typeof STAFFING_STATUSES)[number];

/** Who holds post A and (optionally) post B of a window. */
export interface Posts {
  a: string;
  b?: string | undefined;
}

/**
 * A window's AB岗 record: the staffing machine's state (`status`) and context,
 * stored as plain JSON in the hall state (see machines/staffing-machine.ts).
 */
export interface WindowStaffing {
  status: StaffingStatus;
  /** The posts as the supervisor last set them (absent: as configured). */
  posts?: Posts | undefined;
  /**
   * The window's posts as the last staffing event saw them (the supervisor's,
   * else the configuration's): what `status` was judged by. The fold never
   * reads the configuration, so the events carry them.
   */
  windowPosts?: Posts | undefined;
  /** The clerk serving at the window now (attributed on every call and service). */
  onDuty?: string | undefined;
  /** Clerks of this window away with a reason, since when. */
  absent: Record<string, { reason: AbsenceReason; since: number }>;
  /** 工号 of the clerks signed in at this window now. */
  present: string[];
  /** A single-post window whose A is away: when the supervisor must be alerted (opening time counted). */
  escalateAt?: number | undefined;
}

interface StaffingState {
  staffing: Record<string, WindowStaffing>;
  clerksOnDuty: Record<string, { window: number; since: number }>;
}

/** The window's posts now: the supervisor's assignment, else the configuration. */
export function postsOf(state: Pick<StaffingState, 'staffing'>, config: Pick<HallConfig, 'windows'>, window: number): Posts | undefined {
  const assigned = state.staffing[String(window)]?.posts;
  if (assigned) return assigned;
  const w = config.windows.find((x) => x.number === window);
  return w ? { a: w.posts.a, b: w.posts.b } : undefined;
}

export function postOf(state: Pick<StaffingState, 'staffing'>, config: Pick<HallConfig, 'windows'>, window: number, clerkId: string): Post | undefined {
  const posts = postsOf(state, config, window);
  if (!posts) return undefined;
  if (posts.a === clerkId) return 'a';
  if (posts.b === clerkId) return 'b';
  return undefined;
}

/** The post holder other than `leaving` who is here: the one rule for who covers, shared by the hall and the staffing machine. */
export function otherPostHere(posts: Posts | undefined, leaving: string, isHere: (clerk: string) => boolean): string | undefined {
  if (!posts) return undefined;
  for (const clerk of [posts.a, posts.b]) {
    if (clerk === undefined || clerk === leaving) continue;
    if (isHere(clerk)) return clerk;
  }
  return undefined;
}

interface ServingClerk {
  clerkId: string;
  post: Post | undefined;
  /** B serves while A is away: 「B岗代办」. */
  bCovering: boolean;
}

/** Who serves at the window, on which post, and whether B is covering for an absent A. */
export function servingClerk(
  state: StaffingState & { windows: Record<string, { clerkId?: string | undefined; status: string }> },
  config: Pick<HallConfig, 'windows'>,
  window: number,
): ServingClerk | undefined {
  const record = state.windows[String(window)];
  const clerkId = record && record.status !== 'closed' ? record.clerkId : state.staffing[String(window)]?.onDuty;
  if (clerkId === undefined) return undefined;
  const post = postOf(state, config, window, clerkId);
  const posts = postsOf(state, config, window);
  const aAway = posts !== undefined && state.clerksOnDuty[posts.a]?.window !== window;
  return { clerkId, post, bCovering: post === 'b' && aAway };
}
