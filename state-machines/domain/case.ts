/**
 * 办件 (a case): what the clerk recorded at 办结 about the visitor's matter —
 * 受理 (accepted, with the 办件编号 and a promised completion day, 限时办结),
 * 容缺受理 (accepted with papers still missing, a day to bring them; seed 000
 * §17), 即办 (done on the spot), or 不予受理 (turned away, why, and what was
 * missing: 一次性告知). One per service: the case's id is the ticket's id.
 *
 * Promised days are counted in the hall's working days (working-days.ts: the
 * calendar's holidays closed, 调休 weekend days worked) from the day of
 * acceptance — an item's `promiseDays` (承诺时限), else the hall's
 * `cases.defaultPromiseDays` (20: 行政许可法 第四十二条).
 */
import { maskName, maskPhone } from './appointment.ts';

/** Words in both languages, as domain/rating.ts keeps them. */
type Text = { zh: string; en: string };

export const CASE_OUTCOMES = ['accepted', 'accepted_pending', 'on_the_spot', 'rejected'] as const;
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];

export const CASE_OUTCOME_NAMES: Record<CaseOutcome, Text> = {
  accepted: { zh: '受理', en: 'Accepted' },
  accepted_pending: { zh: '容缺受理', en: 'Accepted, papers to follow' },
  on_the_spot: { zh: '即办', en: 'Done on the spot' },
  rejected: { zh: '不予受理', en: 'Not accepted' },
};

export const REJECT_REASONS = ['missing_materials', 'not_eligible', 'not_this_hall', 'other'] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

export const REJECT_REASON_NAMES: Record<RejectReason, Text> = {
  missing_materials: { zh: '材料不齐全', en: 'Papers missing' },
  not_eligible: { zh: '不符合受理条件', en: 'Conditions not met' },
  not_this_hall: { zh: '不属于本中心受理范围', en: 'Not handled at this hall' },
  other: { zh: '其他', en: 'Other' },
};

/**
 * Where a case stands: open ones (受理, 容缺受理) have a promised day; 即办 and 不予受理 end at the counter.
 * After them (machines/case-machine.ts): 办结待取 (`ready`), then 已取件 (`picked_up`) or 已寄出 (`mailed`, EMS).
 */
export type CaseStatus = 'accepted' | 'pending_materials' | 'done' | 'rejected' | 'ready' | 'picked_up' | 'mailed';

export const CASE_STATUS_NAMES: Record<CaseStatus, Text> = {
  accepted: { zh: '已受理，办理中', en: 'Accepted, in progress' },
  pending_materials: { zh: '容缺受理，待补材料', en: 'Accepted, papers to follow' },
  done: { zh: '即办已办结', en: 'Done on the spot' },
  rejected: { zh: '不予受理', en: 'Not accepted' },
  ready: { zh: '已办结，可取件', en: 'Ready for pick-up' },
  picked_up: { zh: '已取件', en: 'Picked up' },
  mailed: { zh: '已寄出（EMS）', en: 'Mailed (EMS)' },
};

/**
 * 免费邮寄 (EMS) as the log and every screen know it: masks only. The full name, phone and address are
 * kept by the case desk (server/hall/case-desk.ts) in hall.sqlite, outside the log, and shown at EMS windows only.
 */
export interface CaseDelivery {
  nameMasked: string;
  phoneMasked: string;
  /** The address cut to its first characters: 浙江省杭州市****. */
  addressMasked: string;
}

/** 邮寄地址: at most this many characters (a Chinese address is rarely over 60). */
export const ADDRESS_MAX = 120;

/** The address as screens may show it: the first 6 characters (province and city), the rest starred. */
export function maskAddress(address: string): string {
  const chars = [...address.trim()];
  return `${chars.slice(0, 6).join('')}****`;
}

/** The recipient as the log and the screens know them (张*三, 138****1234, 浙江省杭州市****). */
export function maskDelivery(r: { name: string; phone: string; address: string }): CaseDelivery {
  return { nameMasked: maskName(r.name), phoneMasked: maskPhone(r.phone), addressMasked: maskAddress(r.address) };
}

/** EMS 运单号: letters and digits, as printed on the waybill. */
export const WAYBILL_NO = /^[A-Z0-9]{8,20}$/;

export const CASE_STATUS_OF: Record<CaseOutcome, CaseStatus> = {
  accepted: 'accepted',
  accepted_pending: 'pending_materials',
  on_the_spot: 'done',
  rejected: 'rejected',
};

/** 办件编号: what the department's system printed on the receipt (typed or scanned), upper case. */
export const RECEIPT_NO = /^[A-Z0-9-]{6,32}$/;

/** Missing papers named in one case (容缺, 不予受理), each as the item's 一次性告知 says it or as typed. */
export const MISSING_MAX = 12;

export interface CaseRecord {
  /** The served ticket's id. */
  id: string;
  number: string;
  serviceDay: string;
  window: number;
  /** 工号 of the clerk who recorded it (the one serving: AB岗). */
  clerkId: string;
  queueId: string;
  itemId?: string | undefined;
  outcome: CaseOutcome;
  status: CaseStatus;
  receiptNo?: string | undefined;
  recordedAt: number;
  /** 承诺办结日: the last working day to complete an accepted case by. */
  promisedDay?: string | undefined;
  /** 容缺受理: the last working day to bring the missing papers. */
  materialsDueDay?: string | undefined;
  missing?: string[] | undefined;
  reason?: RejectReason | undefined;
  note?: string | undefined;
  /** 容缺 papers brought (case.materials_received). */
  materialsAt?: number | undefined;
  /** 办结待取: when, and who said so (a clerk's 工号, or `channel:<id>` for the department's system). */
  readyAt?: number | undefined;
  readyBy?: string | undefined;
  /** 免费邮寄: chosen at acceptance (masks only). */
  delivery?: CaseDelivery | undefined;
  /** The 出件 ticket taken at a kiosk for this case (its id), while it is at the 出件 windows. */
  pickupTicketId?: string | undefined;
  /** 已取件 / 已寄出: when, at which window, and the EMS waybill. */
  closedAt?: number | undefined;
  closedWindow?: number | undefined;
  waybillNo?: string | undefined;
}

/** Still being worked on (限时办结 counts these): 受理 and 容缺受理, not yet ready. */
export function isOpenCase(c: Pick<CaseRecord, 'status'>): boolean {
  return c.status === 'accepted' || c.status === 'pending_materials';
}

/** Kept in the live state across days: open, or ready and waiting to be picked up or mailed. */
export function isLiveCase(c: Pick<CaseRecord, 'status'>): boolean {
  return isOpenCase(c) || c.status === 'ready';
}

/** The case accepted under a 办件编号 (the one not turned away; an 办件编号 is accepted once). */
export function caseByReceipt(cases: Readonly<Record<string, CaseRecord>> | undefined, receiptNo: string): CaseRecord | undefined {
  return Object.values(cases ?? {}).find((c) => c.receiptNo === receiptNo && c.status !== 'rejected');
}

/** The day an open case must meet next: its papers (容缺) first, else its promised day. */
export function nextDueDay(c: Pick<CaseRecord, 'status' | 'promisedDay' | 'materialsDueDay'>): string | undefined {
  return c.status === 'pending_materials' ? (c.materialsDueDay ?? c.promisedDay) : c.promisedDay;
}

/** 限时办结 on the desk: open cases due by `soonDay` (inclusive) and those already past their day (before `today`). */
export function caseDeadlines(
  cases: Readonly<Record<string, CaseRecord>> | undefined,
  today: string,
  soonDay: string,
): { overdue: CaseRecord[]; dueSoon: CaseRecord[] } {
  const overdue: CaseRecord[] = [];
  const dueSoon: CaseRecord[] = [];
  for (const c of Object.values(cases ?? {})) {
    const due = isOpenCase(c) ? nextDueDay(c) : undefined;
    if (due === undefined) continue;
    if (due < today) overdue.push(c);
    else if (due <= soonDay) dueSoon.push(c);
  }
  const byDue = (a: CaseRecord, b: CaseRecord) => (nextDueDay(a) ?? '').localeCompare(nextDueDay(b) ?? '') || a.recordedAt - b.recordedAt;
  return { overdue: overdue.sort(byDue), dueSoon: dueSoon.sort(byDue) };
}
