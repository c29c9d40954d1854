/**
 * 导办台 (the guide desk) and what it records (README § The guide desk):
 *
 *  - 首问负责 help (`HelpRecord`): whoever is asked first answers or hands the
 *    visitor over, and says so — the item, the question, the answer, and to
 *    whom (a window, or a named person). Kept in the state for the service day.
 *  - 咨询 enquiries (`EnquiryRecord`): at 办结 of a consultation ticket the
 *    clerk records the topic and the answer instead of a case. Kept for the day.
 *  - 办不成事反映 complaints (`ComplaintRecord`): what could not be done, who
 *    (masked), a contact (masked), and a deadline in the hall's working days.
 *    A lifecycle (complaint-machine.ts): open → handling → resolved. The
 *    supervisor's alone: other roles receive the state without them.
 *
 * The complainant's full name and phone never enter the log or the state:
 * the server masks them (server/hall/complaint-desk.ts) before deciding.
 */
type Text = { zh: string; en: string };

/** Words people type at the desk: bounded so one record is never a document. */
export const GUIDE_TEXT_MAX = 200;

/** Handed over to a window, or to a named person (a department's staff member, a colleague). */
export type HandedTo = { window: number; person?: undefined } | { person: string; window?: undefined };

export interface HelpRecord {
  /** `<service day>/H<n>`: the n-th help of the day. */
  id: string;
  serviceDay: string;
  at: number;
  /** 工号 of the guide (or clerk) who was asked first. */
  guideId: string;
  itemId?: string | undefined;
  question: string;
  answer: string;
  handedTo?: HandedTo | undefined;
}

export interface EnquiryRecord {
  /** The served ticket's id: one enquiry record per consultation service. */
  id: string;
  number: string;
  serviceDay: string;
  at: number;
  window: number;
  clerkId: string;
  queueId: string;
  itemId?: string | undefined;
  /** What was asked about, when no configured item fits (or as well as it). */
  topic: string;
  answer: string;
}

export type ComplaintStatus = 'open' | 'handling' | 'resolved';

export const COMPLAINT_STATUS_NAMES: Record<ComplaintStatus, Text> = {
  open: { zh: '待处理', en: 'Open' },
  handling: { zh: '处理中', en: 'Being handled' },
  resolved: { zh: '已办结', en: 'Resolved' },
};

export interface ComplaintRecord {
  /** `TS<yyyymmdd>-<n>`: the n-th complaint ever, with the day it was filed (read aloud on the phone). */
  id: string;
  serviceDay: string;
  filedAt: number;
  /** 工号 of the guide who took it. */
  guideId: string;
  itemId?: string | undefined;
  /** What the visitor could not get done. */
  what: string;
  /** The visitor, masked (张*三); unset when they gave no name. */
  nameMasked?: string | undefined;
  /** Their phone, masked (138****1234). */
  phoneMasked?: string | undefined;
  /** The last working day to answer by (guide.complaintWorkingDays after the day it was filed). */
  dueDay: string;
  status: ComplaintStatus;
  /** 工号 of the supervisor who took it on. */
  handler?: string | undefined;
  /** 办理结果: what the hall did and told the visitor. */
  reply?: string | undefined;
  resolvedAt?: number | undefined;
}

/** Overdue: not resolved and its due day is over (today, in the hall's zone, is later) — as a 差评 follow-up. */
export function complaintOverdue(c: Pick<ComplaintRecord, 'status' | 'dueDay'>, today: string): boolean {
  return c.status !== 'resolved' && today > c.dueDay;
}

/** Complaints still to answer and how many are overdue: the desk's line and its list say the same. */
export function complaintCounts(complaints: Readonly<Record<string, ComplaintRecord>> | undefined, today: string): { open: number; overdue: number } {
  let open = 0;
  let overdue = 0;
  for (const c of Object.values(complaints ?? {})) {
    if (c.status === 'resolved') continue;
    open++;
    if (complaintOverdue(c, today)) overdue++;
  }
  return { open, overdue };
}

/** `TS20261130-7` */
export function complaintIdFor(serviceDay: string, n: number): string {
  return `TS${serviceDay.replaceAll('-', '')}-${n}`;
}

/** `2026-11-30/H3` */
export function helpIdFor(serviceDay: string, n: number): string {
  return `${serviceDay}/H${n}`;
}
