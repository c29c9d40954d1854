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
 * the clerk often finishes a quick matter without pressing "start".
 *
 * The machine owns what a ticket may do, the hall's rules included: the 重呼
 * limit, the 过号 grace and the 过号重排 policy are guards here. Their
 * implementations depend on the hall file and the clock, so they come in two
 * sets: `ticketRules(config)` — what decide asks — and the machine as defined
 * here, which the fold steps. The fold replays facts that were decided under
 * the rules of their day (the hall file may have changed since), so here
 * those rule guards let every fact through; lifecycle guards (a green ticket
 * is not moved to the green channel again) hold in both.
 *
 * Time comes in with each event (`at`); nothing here reads a clock.
 */
import { assign, setup } from 'xstate';
import type { PublicHallConfig } from '../config/hall-config.ts';
import { serviceDayOf } from '../domain/service-day.ts';
import type { CancelReason, GreenReason, TicketRecord } from '../domain/ticket.ts';
import { hasTag } from './ask.ts';
import { startRecord, stepRecord } from './step.ts';

type TicketContext = Omit<TicketRecord, 'status'>;

/** What a new ticket is made from (walk-in, green channel, or a checked-in booking); the machine starts every count at zero. */
type NewTicket = Pick<TicketRecord, 'id' | 'number' | 'queueId' | 'itemId' | 'class' | 'priorityReason' | 'serviceDay' | 'issuedAt' | 'lineKey'>;

export type TicketMachineEvent =
  | { type: 'CALL'; at: number; window: number; clerkId: string }
  | { type: 'RECALL'; at: number }
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

/** A rule guard as the fold sees it: the event in the log was decided under the rules of its day. */
const decidedThen = () => true;

export const ticketMachine = setup({
  types: {
    context: {} as TicketContext,
    events: {} as TicketMachineEvent,
    input: {} as NewTicket,
  },
  guards: {
    /** Lifecycle: a ticket already in the green channel is not moved there again. */
    notGreenYet: ({ context }) => context.class !== 'green',
    /** Rule (ticketRules): 重呼 at most `queueRules.recall.maxCalls` calls per visit to the counter. */
    withinRecallLimit: decidedThen,
    /** Rule (ticketRules): 过号 only once `queueRules.noShow.graceSeconds` have passed since the call. */
    graceOver: decidedThen,
    /** Rule (ticketRules): 过号重排 only under the requeue policy, with requeues left, the same service day. */
    requeueAllowed: decidedThen,
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
  // Written out field by field: a spread of the input costs microseconds per ticket on replay.
  context: ({ input }) => ({
    id: input.id,
    number: input.number,
    queueId: input.queueId,
    itemId: input.itemId,
    class: input.class,
    priorityReason: input.priorityReason,
    serviceDay: input.serviceDay,
    issuedAt: input.issuedAt,
    lineKey: input.lineKey,
    callCount: 0,
    serviceMs: 0,
    parkedMs: 0,
    requeues: 0,
    transfers: 0,
  }),
  states: {
    waiting: {
      on: {
        CALL: { target: 'called', actions: 'call' },
        PRIORITISE: { guard: 'notGreenYet', actions: 'prioritise' },
        CANCEL: { target: 'cancelled', actions: 'cancel' },
      },
    },
    called: {
      tags: 'at_counter',
      on: {
        RECALL: { guard: 'withinRecallLimit', actions: 'recall' },
        START: { target: 'serving', actions: 'start' },
        COMPLETE: { target: 'done', actions: 'complete' },
        NO_SHOW: { guard: 'graceOver', target: 'no_show', actions: 'noShow' },
        TRANSFER: { target: 'waiting', actions: 'transfer' },
        PARK: { target: 'parked', actions: 'park' },
        CANCEL: { target: 'cancelled', actions: 'cancel' },
      },
    },
    serving: {
      tags: 'at_counter',
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
        REQUEUE: { guard: 'requeueAllowed', target: 'waiting', actions: 'requeue' },
        CANCEL: { target: 'cancelled', actions: 'cancel' },
      },
    },
    done: { type: 'final' },
    cancelled: { type: 'final' },
  },
});

/** A new ticket, made by its machine: waiting, every count at zero. */
export function newTicket(input: NewTicket): TicketRecord {
  return startRecord(ticketMachine, input);
}

/** Called or being served: the ticket holds a window's counter (the window is in `ticket.window`). */
export function atACounter(ticket: TicketRecord): boolean {
  return hasTag(ticketMachine, ticket, 'at_counter');
}

/** The ticket after `event` as the fold applies it, or undefined when the lifecycle does not allow it. */
export function stepTicket(ticket: TicketRecord, event: TicketMachineEvent): TicketRecord | undefined {
  return stepRecord(ticketMachine, ticket, event);
}

type TicketRulesConfig = Pick<PublicHallConfig, 'queueRules' | 'hall'>;
const rulesByConfig = new WeakMap<TicketRulesConfig, typeof ticketMachine>();

/** The ticket machine under a hall's rules (its queue rules and time zone): the machine decide asks. */
export function ticketRules(config: TicketRulesConfig): typeof ticketMachine {
  let machine = rulesByConfig.get(config);
  if (!machine) {
    const { recall, noShow } = config.queueRules;
    machine = ticketMachine.provide({
      guards: {
        withinRecallLimit: ({ context }) => context.callCount < recall.maxCalls,
        graceOver: ({ context, event }) => event.at - (context.calledAt ?? event.at) >= noShow.graceSeconds * 1000,
        requeueAllowed: ({ context, event }) =>
          noShow.policy === 'requeue' && context.requeues < noShow.maxRequeues && context.serviceDay === serviceDayOf(event.at, config.hall.timezone),
      },
    });
    rulesByConfig.set(config, machine);
  }
  return machine;
}
