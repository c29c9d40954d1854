/**
 * 好差评 (国办发〔2019〕51号; GB/T 39735): after 办结 the visitor is invited to
 * rate the service once — on the window's 评价器 (a hardware pad or a tablet
 * facing the visitor) or on the ticket's phone page. Five levels, no default;
 * for 不满意 and below, reasons to tick and a short text. A rating of 不满意 or
 * below opens a 差评 follow-up (差评整改) for the supervisor.
 *
 * What the hall state keeps of a rating is its lifecycle only (invited →
 * rated | unrated, machines/rating-machine.ts) and where and by whom the
 * service was given: never the level. The level, reasons and text are in the
 * log's `rating.given` event, which only the supervisor's desk receives with
 * them (protocol/projection.ts): a clerk never learns live what a visitor said.
 */

/** Level codes as the national interface numbers them: 5 非常满意 … 1 非常不满意. */
export const RATING_LEVELS = [5, 4, 3, 2, 1] as const;
export type RatingLevel = (typeof RATING_LEVELS)[number];

export const RATING_LEVEL_NAMES: Record<RatingLevel, { zh: string; en: string }> = {
  5: { zh: '非常满意', en: 'Very satisfied' },
  4: { zh: '满意', en: 'Satisfied' },
  3: { zh: '基本满意', en: 'Fairly satisfied' },
  2: { zh: '不满意', en: 'Dissatisfied' },
  1: { zh: '非常不满意', en: 'Very dissatisfied' },
};

/** 差评: 不满意 and 非常不满意. Reasons may be ticked and a follow-up is opened. */
export function isPoorRating(level: number): boolean {
  return level <= 2;
}

/** Where the rating was given: the window's hardware pad, the tablet facing the visitor, the ticket's phone page. */
export const RATING_CHANNELS = ['pad', 'tablet', 'phone'] as const;
export type RatingChannel = (typeof RATING_CHANNELS)[number];

/** The window's own devices: they may rate only within the short window after 办结 and only services of their window. */
export function isWindowChannel(channel: RatingChannel): boolean {
  return channel !== 'phone';
}

export type RatingStatus = 'invited' | 'rated' | 'unrated';

/** Where, by whom and for what a service was given: what a rating and its follow-up record of it (nothing personal). */
interface ServiceGiven {
  /** The ticket's number and day, for the phone page and the desk (the ticket itself leaves the state at day change). */
  number: string;
  serviceDay: string;
  window: number;
  /** 工号 of the clerk who actually served (AB岗: may be the B post). */
  clerkId: string;
  queueId: string;
  itemId?: string | undefined;
}

/** One service (a ticket's 办结) and its rating's lifecycle. Keyed by ticket id: one rating per service. */
export interface RatingRecord extends ServiceGiven {
  ticketId: string;
  completedAt: number;
  /** The window's pad and tablet may rate until then (hall file: ratings.windowSeconds after 办结). */
  windowUntil: number;
  /** The phone page may rate until then (end of the service day, or ratings.phoneMinutes after 办结). */
  phoneUntil: number;
  status: RatingStatus;
  /** Rated: through which channel. */
  channel?: RatingChannel | undefined;
  /** Rated or recorded 未评价: when. */
  closedAt?: number | undefined;
}

/** When nobody may rate any more: the clock records 未评价 then. */
export function ratingClosesAt(r: Pick<RatingRecord, 'windowUntil' | 'phoneUntil'>): number {
  return Math.max(r.windowUntil, r.phoneUntil);
}

// ── 差评 follow-up (差评整改) ───────────────────────────────────────────────

export type FollowUpStatus = 'open' | 'assigned' | 'resolved' | 'closed';

/** What the follow-up found and did (整改结果). */
export const FOLLOW_UP_OUTCOMES = ['rectified', 'explained', 'misjudged', 'unreachable'] as const;
export type FollowUpOutcome = (typeof FOLLOW_UP_OUTCOMES)[number];

export const FOLLOW_UP_OUTCOME_NAMES: Record<FollowUpOutcome, { zh: string; en: string }> = {
  rectified: { zh: '已整改', en: 'Rectified' },
  explained: { zh: '已解释说明', en: 'Explained to the visitor' },
  misjudged: { zh: '误评（申诉复核）', en: 'Rating in error (appeal reviewed)' },
  unreachable: { zh: '无法联系', en: 'Visitor unreachable' },
};

export const FOLLOW_UP_STATUS_NAMES: Record<FollowUpStatus, { zh: string; en: string }> = {
  open: { zh: '待分派', en: 'To assign' },
  assigned: { zh: '回访中', en: 'Following up' },
  resolved: { zh: '待结案', en: 'To close' },
  closed: { zh: '已结案', en: 'Closed' },
};

export interface FollowUpNote {
  at: number;
  by: string;
  text: string;
}

/**
 * A 差评 and what the hall did about it. Only the supervisor's desk holds these
 * (protocol/projection.ts): the rating's level, reasons and text are here.
 */
export interface FollowUpRecord extends ServiceGiven {
  /** The rated service's ticket id (one rating per service, so one follow-up per ticket). */
  id: string;
  level: RatingLevel;
  reasons: string[];
  text?: string | undefined;
  openedAt: number;
  /** The last working day to close it on (ratings.followUpWorkingDays working days after the rating's day). */
  dueDay: string;
  status: FollowUpStatus;
  /** 工号 of the staff member following it up. */
  assignee?: string | undefined;
  /** 回访 notes, oldest first. */
  notes: FollowUpNote[];
  outcome?: FollowUpOutcome | undefined;
  closedAt?: number | undefined;
}

/** Overdue: not closed and its due day is over (today, in the hall's zone, is later). */
export function isOverdue(f: Pick<FollowUpRecord, 'status' | 'dueDay'>, today: string): boolean {
  return f.status !== 'closed' && today > f.dueDay;
}

/** 差评回访 still to do, and how many of them are past their due day: the desk's tile and its list say the same. */
export function followUpCounts(
  followUps: Readonly<Record<string, Pick<FollowUpRecord, 'status' | 'dueDay'>>> | undefined,
  today: string,
): { open: number; overdue: number } {
  let open = 0;
  let overdue = 0;
  for (const f of Object.values(followUps ?? {})) {
    if (f.status === 'closed') continue;
    open++;
    if (isOverdue(f, today)) overdue++;
  }
  return { open, overdue };
}

/** Notes kept per follow-up (the log keeps every one). */
export const FOLLOW_UP_NOTES_KEPT = 20;
