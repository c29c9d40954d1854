/**
 * `enquiry.*`: 咨询 (README § The guide desk → Enquiries). At 办结 of a
 * consultation ticket the clerk records what was asked (the item, or a topic)
 * and the answer given, instead of a case. A ticket is a consultation when it
 * was served at a window of type 咨询, or belongs to one of the hall file's
 * `guide.enquiryQueues` (the demo hall's 咨询 queue is served at windows of
 * other types). Once per ticket, by the clerk on duty at the window that
 * completed it.
 */
import { own } from '../state.ts';
import type { Decider } from './decider.ts';
import { caseAlreadyRecorded, enquiryAlreadyRecorded, enquiryNotCompletedHere, enquiryNotYet, noTicket, notAnEnquiry, unknownItem } from './refusals.ts';
import { accept, refuse } from './result.ts';
import { onDutyOnly } from './staffing.ts';
import type { DeciderConfig } from './decider.ts';

/** Is a ticket of `queueId` served at `window` an enquiry (咨询)? The panel asks this to offer the enquiry dialog. */
export function isEnquiry(config: Pick<DeciderConfig, 'windows' | 'guide'>, window: number, queueId: string): boolean {
  return config.windows.find((w) => w.number === window)?.type === '咨询' || config.guide.enquiryQueues.includes(queueId);
}

const record: Decider<'enquiry.record'> = (state, config, command) => {
  const ticket = own(state.tickets, command.ticketId);
  if (!ticket) return refuse(noTicket());
  if (ticket.status !== 'done') return refuse(enquiryNotYet(ticket.number));
  if (ticket.window !== command.window) return refuse(enquiryNotCompletedHere(ticket.number, command.window));
  if (!isEnquiry(config, command.window, ticket.queueId)) return refuse(notAnEnquiry(ticket.number));
  if (own(state.enquiries ?? {}, ticket.id)) return refuse(enquiryAlreadyRecorded(ticket.number));
  if (own(state.cases ?? {}, ticket.id)) return refuse(caseAlreadyRecorded(ticket.number));
  if (command.itemId !== undefined && !config.items.some((i) => i.id === command.itemId)) return refuse(unknownItem(command.itemId));
  return accept({
    type: 'enquiry.recorded',
    ticketId: ticket.id,
    window: command.window,
    clerkId: command.clerkId,
    queueId: ticket.queueId,
    itemId: command.itemId,
    topic: command.topic,
    answer: command.answer,
  });
};

export const enquiryDeciders = {
  // The clerk on duty at the window records (AB岗), as a case.
  'enquiry.record': onDutyOnly(record),
};
