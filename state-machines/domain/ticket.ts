/** Tickets (号): what a visitor holds while waiting for and receiving service. */

/** Priority classes, most urgent first. Green channel (绿色通道) and checked-in appointments before walk-ins. */
export const TICKET_CLASSES = ['green', 'appointment', 'walk_in'] as const;
export type TicketClass = (typeof TICKET_CLASSES)[number];

export type TicketStatus = 'waiting' | 'called' | 'serving' | 'done';

export interface TicketRecord {
  id: string;
  /** Printed and spoken number: queue prefix + three digits, A001. */
  number: string;
  queueId: string;
  itemId?: string | undefined;
  class: TicketClass;
  serviceDay: string;
  status: TicketStatus;
  issuedAt: number;
  calledAt?: number | undefined;
  servingAt?: number | undefined;
  doneAt?: number | undefined;
  /** Window currently (or last) dealing with the ticket. */
  window?: number | undefined;
  /** 工号 of the clerk who actually served (AB岗: may be the B post). */
  clerkId?: string | undefined;
  callCount: number;
}

export function formatTicketNumber(prefix: string, sequence: number): string {
  return `${prefix}${String(sequence).padStart(3, '0')}`;
}

/** Ticket ids are unique across days: the number alone repeats every morning. */
export function ticketIdFor(serviceDay: string, number: string): string {
  return `${serviceDay}/${number}`;
}

export function classRank(c: TicketClass): number {
  return TICKET_CLASSES.indexOf(c);
}
