/**
 * The fold of the 导办台's events (README § The guide desk): help records and
 * enquiries of the service day, complaints through their machine. Called by
 * evolve; the same rules as the rest of the fold (an event the machine refuses
 * means the log and the code disagree: throw).
 */
import type { HallEvent } from '../domain/events.ts';
import { newComplaint, stepComplaint, type ComplaintMachineEvent } from '../machines/complaint-machine.ts';
import type { HallState } from './state.ts';

type GuideEvent = Extract<HallEvent, { type: 'guide.helped' | 'enquiry.recorded' | 'complaint.filed' | 'complaint.taken' | 'complaint.resolved' }>;

/** Fold one guide-desk event; returns an error message when the log and the machines disagree. */
export function foldGuideEvent(state: HallState, at: number, event: GuideEvent): string | undefined {
  switch (event.type) {
    case 'guide.helped': {
      const help = (state.guideHelp ??= {});
      // One day's help on the desk: a record of a newer day clears the older ones (the log keeps them).
      for (const [id, h] of Object.entries(help)) if (h.serviceDay < event.serviceDay) delete help[id];
      help[event.helpId] = {
        id: event.helpId,
        serviceDay: event.serviceDay,
        at,
        guideId: event.guideId,
        itemId: event.itemId,
        question: event.question,
        answer: event.answer,
        handedTo:
          event.handedToWindow !== undefined
            ? { window: event.handedToWindow }
            : event.handedToPerson !== undefined
              ? { person: event.handedToPerson }
              : undefined,
      };
      return undefined;
    }
    case 'enquiry.recorded': {
      const ticket = state.tickets[event.ticketId];
      if (!ticket) return `enquiry of unknown ticket ${event.ticketId}`;
      (state.enquiries ??= {})[ticket.id] = {
        id: ticket.id,
        number: ticket.number,
        serviceDay: ticket.serviceDay,
        at,
        window: event.window,
        clerkId: event.clerkId,
        queueId: event.queueId,
        itemId: event.itemId,
        topic: event.topic,
        answer: event.answer,
      };
      return undefined;
    }
    case 'complaint.filed':
      state.complaintsFiled = (state.complaintsFiled ?? 0) + 1;
      (state.complaints ??= {})[event.complaintId] = newComplaint({
        id: event.complaintId,
        serviceDay: event.serviceDay,
        filedAt: at,
        guideId: event.guideId,
        itemId: event.itemId,
        what: event.what,
        nameMasked: event.nameMasked,
        phoneMasked: event.phoneMasked,
        dueDay: event.dueDay,
      });
      return undefined;
    case 'complaint.taken':
      return moveComplaint(state, event.complaintId, { type: 'TAKE', at, by: event.actor });
    case 'complaint.resolved':
      return moveComplaint(state, event.complaintId, { type: 'RESOLVE', at, by: event.actor, reply: event.reply });
  }
}

function moveComplaint(state: HallState, id: string, event: ComplaintMachineEvent): string | undefined {
  const complaint = state.complaints?.[id];
  if (!complaint) return `unknown complaint ${id}`;
  const next = stepComplaint(complaint, event);
  if (!next) return `complaint ${id} cannot ${event.type} from ${complaint.status}`;
  state.complaints![id] = next;
  return undefined;
}

/** A new service day: yesterday's help and enquiries leave (the log and the reports keep them), as do resolved complaints. */
export function compactGuideDesk(state: HallState, serviceDay: string): void {
  for (const [id, h] of Object.entries(state.guideHelp ?? {})) if (h.serviceDay < serviceDay) delete state.guideHelp![id];
  for (const [id, e] of Object.entries(state.enquiries ?? {})) if (e.serviceDay < serviceDay) delete state.enquiries![id];
  for (const [id, c] of Object.entries(state.complaints ?? {})) if (c.status === 'resolved' && c.serviceDay < serviceDay) delete state.complaints![id];
}
