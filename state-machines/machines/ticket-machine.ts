/**
 * Ticket lifecycle: waiting → called → serving → done.
 *
 * A ticket is issued straight into `waiting`. `COMPLETE` is accepted from
 * `called` as well as `serving`: at a busy window the clerk often finishes a
 * quick matter without pressing "start". Completing a ticket that was never
 * called, or calling a finished one, is not a transition of this machine and
 * is refused by the decider with ILLEGAL_TRANSITION.
 */
import { assign, setup } from 'xstate';
import type { TicketRecord, TicketStatus } from '../domain/ticket.ts';
import { stepRecord } from './step.ts';

export type TicketContext = Omit<TicketRecord, 'status'>;

export type TicketMachineEvent =
  | { type: 'CALL'; at: number; window: number; clerkId: string }
  | { type: 'START'; at: number }
  | { type: 'COMPLETE'; at: number; clerkId: string };

export const ticketMachine = setup({
  types: {
    context: {} as TicketContext,
    events: {} as TicketMachineEvent,
    input: {} as TicketContext,
  },
}).createMachine({
  id: 'ticket',
  initial: 'waiting',
  context: ({ input }) => input,
  states: {
    waiting: {
      on: {
        CALL: {
          target: 'called',
          actions: assign(({ context, event }) => ({
            calledAt: event.at,
            window: event.window,
            clerkId: event.clerkId,
            callCount: context.callCount + 1,
          })),
        },
      },
    },
    called: {
      on: {
        START: { target: 'serving', actions: assign(({ event }) => ({ servingAt: event.at })) },
        COMPLETE: { target: 'done', actions: assign(({ event }) => ({ doneAt: event.at, clerkId: event.clerkId })) },
      },
    },
    serving: {
      on: {
        COMPLETE: { target: 'done', actions: assign(({ event }) => ({ doneAt: event.at, clerkId: event.clerkId })) },
      },
    },
    done: { type: 'final' },
  },
});

/** The ticket after `event`, or undefined when the lifecycle does not allow it. */
export function stepTicket(ticket: TicketRecord, event: TicketMachineEvent): TicketRecord | undefined {
  return stepRecord<TicketStatus, TicketRecord, TicketMachineEvent>(ticketMachine, ticket, event);
}
