/**
 * The hall's day (seed 003 延时错时服务规范, seed 000 §16), one machine for the
 * whole hall:
 *
 *   closed ──NEW_DAY──▶ before_open ──TICKETS_OPEN──▶ open ◀──TICKETS_OPEN── midday
 *     ▲   └─NEW_DAY(closed day)─▶ closed_day           │  └──MIDDAY──────────▶┘
 *     │                                                 TICKETS_STOP (停止取号)
 *     │                                                 ▼
 *     ├──────────CLOSE (nobody left)───────────── tickets_stopped
 *     │                                                 │ CLOSE (tickets left)
 *     └──────LAST_SERVED (延时至最后一人办结)──── extended ◀┘
 *
 * plus SYNC from any state (first start with a calendar, or the calendar in
 * the hall file changed): the phase the calendar gives for that instant; and
 * UNSYNC from any state (the hall file has no calendar any more): unsynced,
 * where tickets are issued at any time.
 *
 * Time never comes from a clock here. Each state stores its next deadline
 * (`next`: when and which boundary), computed from the calendar when the
 * state was entered; the server's clock service reads it, arms a timer and,
 * once due, sends the boundary as an event (hall.phase_changed) that is
 * logged like any other. After a restart the deadline is read back from the
 * state and re-armed; a restart during extended service finds `extended` and
 * carries on until the last ticket is served. `extended` has no deadline: it
 * ends when no ticket is left, whenever that is.
 */
import { assign, setup } from 'xstate';
import { HALL_PHASES, type HallPhase, type HallPhaseRecord, type PhaseDeadline } from '../domain/hall-phase.ts';
import { hasTag } from './ask.ts';
import { stepRecord } from './step.ts';

type HallPhaseContext = Omit<HallPhaseRecord, 'status'>;

export type HallPhaseEvent =
  | { type: 'SYNC'; at: number; phase: Exclude<HallPhase, 'unsynced'>; next?: PhaseDeadline | undefined; calendar: string; extendedFrom?: number | undefined }
  | { type: 'NEW_DAY'; at: number; openDay: boolean; next?: PhaseDeadline | undefined }
  | { type: 'TICKETS_OPEN'; at: number; next?: PhaseDeadline | undefined }
  | { type: 'MIDDAY'; at: number; next?: PhaseDeadline | undefined }
  | { type: 'TICKETS_STOP'; at: number; next?: PhaseDeadline | undefined }
  /** Closing time: `ticketsLeft` issued tickets not yet served decide between extended service and closed. */
  | { type: 'CLOSE'; at: number; ticketsLeft: number; next?: PhaseDeadline | undefined }
  | { type: 'LAST_SERVED'; at: number }
  /** The hall file has no calendar any more: back to issuing at any time. */
  | { type: 'UNSYNC'; at: number };

const sync = (phase: HallPhase) => ({
  target: `#hall-phase.${phase}`,
  guard: ({ event }: { event: HallPhaseEvent }) => event.type === 'SYNC' && event.phase === phase,
  actions: 'synced' as const,
});

export const hallPhaseMachine = setup({
  types: {
    context: {} as HallPhaseContext,
    events: {} as HallPhaseEvent,
    input: {} as HallPhaseContext,
  },
  actions: {
    /** Entered at a boundary: remember when, and the boundary after it. */
    crossed: assign(({ event }) => ('next' in event ? { since: event.at, next: event.next } : { since: event.at })),
    synced: assign(({ event }) =>
      event.type === 'SYNC'
        ? {
            since: event.at,
            next: event.next,
            calendar: event.calendar,
            extendedFrom: event.phase === 'extended' ? (event.extendedFrom ?? event.at) : undefined,
          }
        : {},
    ),
    extend: assign(({ event }) => (event.type === 'CLOSE' ? { since: event.at, next: event.next, extendedFrom: event.at } : {})),
    /** The last ticket is served: the next boundary is the next day's start, kept from when extended service began. */
    finish: assign(({ event }) => ({ since: event.at, extendedFrom: undefined })),
    forget: assign(({ event }) => ({ since: event.at, next: undefined, calendar: undefined, extendedFrom: undefined })),
  },
  guards: {
    openDay: ({ event }) => event.type === 'NEW_DAY' && event.openDay,
    ticketsLeft: ({ event }) => event.type === 'CLOSE' && event.ticketsLeft > 0,
  },
}).createMachine({
  id: 'hall-phase',
  initial: 'unsynced',
  context: ({ input }) => input,
  on: { SYNC: HALL_PHASES.filter((p) => p !== 'unsynced').map(sync), UNSYNC: { target: '#hall-phase.unsynced', actions: 'forget' } },
  states: {
    unsynced: {},
    closed_day: {
      on: {
        NEW_DAY: [
          { target: 'before_open', guard: 'openDay', actions: 'crossed' },
          { target: 'closed_day', actions: 'crossed' },
        ],
      },
    },
    before_open: { on: { TICKETS_OPEN: { target: 'open', actions: 'crossed' } } },
    open: {
      tags: 'issuing',
      on: {
        MIDDAY: { target: 'midday', actions: 'crossed' },
        TICKETS_STOP: { target: 'tickets_stopped', actions: 'crossed' },
      },
    },
    midday: {
      // 错时: tickets are issued over midday when some windows stay open.
      tags: 'issuing_if_staggered',
      on: {
        TICKETS_OPEN: { target: 'open', actions: 'crossed' },
        // 停止取号 may fall in the midday gap of a short day.
        TICKETS_STOP: { target: 'tickets_stopped', actions: 'crossed' },
      },
    },
    tickets_stopped: {
      on: {
        CLOSE: [
          { target: 'extended', guard: 'ticketsLeft', actions: 'extend' },
          { target: 'closed', actions: 'crossed' },
        ],
      },
    },
    extended: { on: { LAST_SERVED: { target: 'closed', actions: 'finish' } } },
    closed: {
      on: {
        NEW_DAY: [
          { target: 'before_open', guard: 'openDay', actions: 'crossed' },
          { target: 'closed_day', actions: 'crossed' },
        ],
      },
    },
  },
});

/** The hall's phase after `event` as the fold applies it, or undefined when the machine does not allow it. */
export function stepHallPhase(record: HallPhaseRecord, event: HallPhaseEvent): HallPhaseRecord | undefined {
  return stepRecord(hallPhaseMachine, record, event);
}

/** Walk-in tickets may be taken in this phase (with a calendar; `staggered`: some windows stay open over midday, 错时): the states' tags say so. */
export function issuesTickets(record: HallPhaseRecord, staggered: boolean): boolean {
  return hasTag(hallPhaseMachine, record, 'issuing') || (staggered && hasTag(hallPhaseMachine, record, 'issuing_if_staggered'));
}
