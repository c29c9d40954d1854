/** Tickets (号): what a visitor holds while waiting for and receiving service. */

/** Priority classes, most urgent first. Green channel (绿色通道) and checked-in appointments before walk-ins. */
export const TICKET_CLASSES = ['green', 'appointment', 'walk_in'] as const;
export type TicketClass = (typeof TICKET_CLASSES)[number];

/** Why a ticket is in the green channel (绿色通道). Shown to staff only; public screens show a neutral marker. */
export const GREEN_REASONS = ['elderly', 'disabled', 'pregnant', 'military', 'urgent', 'other'] as const;
export type GreenReason = (typeof GREEN_REASONS)[number];

/** Why a ticket was voided (作废). */
export const CANCEL_REASONS = ['visitor_left', 'visitor_request', 'duplicate', 'wrong_item', 'other'] as const;
export type CancelReason = (typeof CANCEL_REASONS)[number];

/**
 * waiting → called → serving → done, with the side roads of a real hall:
 * parked (挂起, fetching a missing paper), no_show (过号), cancelled (作废).
 * `done`, `cancelled` and `no_show` end a ticket's day; a no-show may come
 * back once (过号重排) and is then `waiting` again.
 */
export type TicketStatus = 'waiting' | 'called' | 'serving' | 'parked' | 'no_show' | 'done' | 'cancelled';
const TICKET_END_STATUSES: readonly TicketStatus[] = ['done', 'no_show', 'cancelled'];

export interface TicketRecord {
  id: string;
  /** Printed and spoken number: queue prefix + three digits, A001. */
  number: string;
  queueId: string;
  itemId?: string | undefined;
  class: TicketClass;
  priorityReason?: GreenReason | undefined;
  serviceDay: string;
  status: TicketStatus;
  issuedAt: number;
  /**
   * Place in the line (first come, first served): the issue time. A transfer
   * keeps it, so the visitor does not wait twice; a requeued no-show gets a
   * place a few tickets back.
   */
  lineKey: number;
  /** 转办 to a named window: only that window may call the ticket. */
  forWindow?: number | undefined;
  /** First call of the ticket's day (wait time = firstCalledAt − issuedAt). */
  firstCalledAt?: number | undefined;
  /** First call of the current visit to a counter (the 过号 grace runs from here). */
  calledAt?: number | undefined;
  /** Calls in the current visit to a counter: 1 for the call, +1 per 重呼. */
  callCount: number;
  /** Start of the current stretch of service at the counter. */
  servingAt?: number | undefined;
  /** Service time so far, parked time excluded. */
  serviceMs: number;
  parkedAt?: number | undefined;
  parkedMs: number;
  doneAt?: number | undefined;
  /** Window currently (or last) dealing with the ticket. */
  window?: number | undefined;
  /** 工号 of the clerk who actually called or served (AB岗: may be the B post). */
  clerkId?: string | undefined;
  requeues: number;
  transfers: number;
  /** Staff note of the last transfer or park (首问负责: the next clerk reads it). Never sent to public screens. */
  note?: string | undefined;
  cancelReason?: CancelReason | undefined;
}

/** A queue's numbering: `numberDigits` digits after the prefix, 3 unless the hall file says 4. */
interface QueueNumbering {
  prefix: string;
  numberDigits?: 3 | 4 | undefined;
  dailyCap?: number | undefined;
}

export function numberDigitsOf(queue: Pick<QueueNumbering, 'numberDigits'>): 3 | 4 {
  return queue.numberDigits ?? 3;
}

/** The last daily sequence the digits can write: 999 (A999) or 9999 (A9999). */
export function lastSequence(queue: Pick<QueueNumbering, 'numberDigits'>): number {
  return 10 ** numberDigitsOf(queue) - 1;
}

/**
 * How many tickets a queue may issue today and what stops it: its 每日限号
 * (`cap`), or the end of its numbers (`digits`: A999 with three digits).
 */
export function dailyLimit(queue: QueueNumbering): { count: number; by: 'cap' | 'digits' } {
  const last = lastSequence(queue);
  return queue.dailyCap !== undefined && queue.dailyCap <= last ? { count: queue.dailyCap, by: 'cap' } : { count: last, by: 'digits' };
}

/** "A013" (3 digits) or "A0013" (4 digits). */
export function formatTicketNumber(prefix: string, sequence: number, digits: 3 | 4 = 3): string {
  return `${prefix}${String(sequence).padStart(digits, '0')}`;
}

/** The shape of every ticket id (`2026-11-21/A013`; numbers are 3 or 4 digits): anything else names no ticket. */
export const TICKET_ID_PATTERN = /^\d{4}-\d{2}-\d{2}\/[A-Z]\d{3,4}$/;

/** Ticket ids are unique across days: the number alone repeats every morning. */
export function ticketIdFor(serviceDay: string, number: string): string {
  return `${serviceDay}/${number}`;
}

export function classRank(c: TicketClass): number {
  return TICKET_CLASSES.indexOf(c);
}

export function isPriorityClass(c: TicketClass): boolean {
  return c !== 'walk_in';
}

export function isEnded(t: Pick<TicketRecord, 'status'>): boolean {
  return TICKET_END_STATUSES.includes(t.status);
}
