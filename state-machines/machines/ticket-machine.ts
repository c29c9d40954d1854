/**
 * Ticket lifecycle (号的生命周期).
 *
 *   waiting ──CALL──▶ called ──START──▶ serving ──COMPLETE──▶ done
 *      ▲  │            │ ▲ RECALL (≤ maxCalls)  │
 *      │  PRIORITISE   │ └──────── RESUME ◀── parked ◀──PARK──┤
 *      │               ├──NO_SHOW──▶ no_show ──REQUEUE──▶ waiting
 *      └──TRANSFER─────┴────────────────────────────────────┘
 *   CANCEL from every state that is not an end.
 *
 * `COMPLETE` is accepted from `called` as well as `serving`: at a busy window
 * the clerk often finishes a quick matter without pressing "start". The
 * machine owns what a ticket may do; the hall's rules that need configuration
 * or time (the 过号 grace, the requeue policy) are checked by the decider,
 * which passes their outcome in the event where the machine needs it.
 *
 * Time comes in with each event (`at`); nothing here reads a clock.
 */
import { assign, setup } from 'xstate';
import type { CancelReason, GreenReason, TicketRecord, TicketStatus } from '../domain/ticket.ts';
import { stepRecord } from './step.ts';

export type TicketContext = Omit<TicketRecord, 'status'>;

export type TicketMachineEvent =
  | { type: 'CALL'; at: number; window: number; clerkId: string }
  | { type: 'RECALL'; at: number; maxCalls: number }
  | { type: 'START'; at: number }
  | { type: 'COMPLETE'; at: number; clerkId: string }
  | { type: 'NO_SHOW'; at: number }
  | { type: 'REQUEUE'; at: number; lineKey: number }
  | { type: 'TRANSFER'; at: number; queueId: string; forWindow?: number | undefined; note?: string | undefined }
  | { type: 'PARK'; at: number; note?: string | undefined }
  | { type: 'RESUME'; at: number; window: number; clerkId: string }
  | { type: 'CANCEL'; at: number; reason: CancelReason; note?: string | undefined }
  | { type: 'PRIORITISE'; at: number; reason: GreenReason };

/** Service time of the stretch now at the counter (a ticket completed straight from `called` counts from the call). */
function stretchMs(context: TicketContext, at: number): number {
  const from = context.servingAt ?? context.calledAt;
  return from === undefined ? 0 : Math.max(0, at - from);
}

export const ticketMachine = setup({
  types: {
    context: {} as TicketContext,
    events: {} as TicketMachineEvent,
    input: {} as TicketContext,
  },
  guards: {
    mayRecall: ({ context, event }) => event.type === 'RECALL' && context.callCount < event.maxCalls,
  },
  actions: {
    call: assign(({ context, event }) => {
      if (event.type !== 'CALL') return {};
      return {
        calledAt: event.at,
        firstCalledAt: context.firstCalledAt ?? event.at,
        window: event.window,
        clerkId: event.clerkId,
        callCount: 1,
        servingAt: undefined,
      };
    }),
    recall: assign(({ context }) => ({ callCount: context.callCount + 1 })),
    start: assign(({ event }) => ({ servingAt: event.at })),
    complete: assign(({ context, event }) => ({
      doneAt: event.at,
      serviceMs: context.serviceMs + stretchMs(context, event.at),
      clerkId: event.type === 'COMPLETE' ? event.clerkId : context.clerkId,
      servingAt: undefined,
    })),
    noShow: assign(({ event }) => ({ doneAt: event.at })),
    requeue: assign(({ context, event }) => {
      if (event.type !== 'REQUEUE') return {};
      return { lineKey: event.lineKey, requeues: context.requeues + 1, doneAt: undefined, window: undefined, callCount: 0, calledAt: undefined };
    }),
    /** Leaving the counter for another queue or window: service so far is kept, the place in line too. */
    transfer: assign(({ context, event }) => {
      if (event.type !== 'TRANSFER') return {};
      return {
        queueId: event.queueId,
        forWindow: event.forWindow,
        note: event.note,
        transfers: context.transfers + 1,
        serviceMs: context.serviceMs + stretchMs(context, event.at),
        window: undefined,
        callCount: 0,
        calledAt: undefined,
        servingAt: undefined,
      };
    }),
    park: assign(({ context, event }) => ({
      parkedAt: event.at,
      note: event.type === 'PARK' ? event.note : context.note,
      serviceMs: context.serviceMs + stretchMs(context, event.at),
      servingAt: undefined,
    })),
    /** Back from fetching the paper, at any window of the queue: the parked gap is not service time. */
    resume: assign(({ context, event }) => {
      if (event.type !== 'RESUME') return {};
      return {
        parkedMs: context.parkedMs + Math.max(0, event.at - (context.parkedAt ?? event.at)),
        parkedAt: undefined,
        calledAt: event.at,
        window: event.window,
        clerkId: event.clerkId,
        callCount: 1,
      };
    }),
    cancel: assign(({ context, event }) => {
      if (event.type !== 'CANCEL') return {};
      return {
        doneAt: event.at,
        cancelReason: event.reason,
        note: event.note ?? context.note,
        serviceMs: context.serviceMs + (context.servingAt === undefined ? 0 : stretchMs(context, event.at)),
        servingAt: undefined,
      };
    }),
    prioritise: assign(({ event }) => (event.type === 'PRIORITISE' ? { class: 'green' as const, priorityReason: event.reason } : {})),
  },
}).createMachine({
  id: 'ticket',
  initial: 'waiting',
  context: ({ input }) => input,
  states: {
    waiting: {
      on: {
        CALL: { target: 'called', actions: 'call' },
        PRIORITISE: { actions: 'prioritise' },
        CANCEL: { target: 'cancelled', actions: 'cancel' },
      },
    },
    called: {
      on: {
        RECALL: { guard: 'mayRecall', actions: 'recall' },
        START: { target: 'serving', actions: 'start' },
        COMPLETE: { target: 'done', actions: 'complete' },
        NO_SHOW: { target: 'no_show', actions: 'noShow' },
        TRANSFER: { target: 'waiting', actions: 'transfer' },
        PARK: { target: 'parked', actions: 'park' },
        CANCEL: { target: 'cancelled', actions: 'cancel' },
      },
    },
    serving: {
      on: {
        COMPLETE: { target: 'done', actions: 'complete' },
        TRANSFER: { target: 'waiting', actions: 'transfer' },
        PARK: { target: 'parked', actions: 'park' },
        CANCEL: { target: 'cancelled', actions: 'cancel' },
      },
    },
    parked: {
      on: {
        RESUME: { target: 'called', actions: 'resume' },
        CANCEL: { target: 'cancelled', actions: 'cancel' },
      },
    },
    no_show: {
      on: {
        REQUEUE: { target: 'waiting', actions: 'requeue' },
        CANCEL: { target: 'cancelled', actions: 'cancel' },
      },
    },
    done: { type: 'final' },
    cancelled: { type: 'final' },
  },
});

/** The ticket after `event`, or undefined when the lifecycle does not allow it. */
export function stepTicket(ticket: TicketRecord, event: TicketMachineEvent): TicketRecord | undefined {
  return stepRecord<TicketStatus, TicketRecord, TicketMachineEvent>(ticketMachine, ticket, event);
}
