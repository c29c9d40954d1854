/**
 * Window (窗口) lifecycle: closed → idle → calling → serving → idle … → closed.
 *
 * A window holds at most one ticket at a time (`current`): "call next" while
 * a visitor is still at the window is refused, so a clerk can never hold two
 * tickets and a ticket can never sit at two windows. Closing requires an
 * empty counter.
 */
import { assign, setup } from 'xstate';
import { stepRecord } from './step.ts';

export type WindowStatus = 'closed' | 'idle' | 'calling' | 'serving';

export interface WindowRecord {
  number: number;
  status: WindowStatus;
  /** 工号 of the clerk who opened the window and is serving at it now. */
  clerkId?: string | undefined;
  /** Ticket id at the counter while calling or serving. */
  current?: string | undefined;
  openedAt?: number | undefined;
}

export type WindowContext = Omit<WindowRecord, 'status'>;

export type WindowMachineEvent =
  | { type: 'OPEN'; at: number; clerkId: string }
  | { type: 'CALL'; at: number; ticketId: string }
  | { type: 'START'; at: number }
  | { type: 'COMPLETE'; at: number }
  | { type: 'CLOSE'; at: number };

export const windowMachine = setup({
  types: {
    context: {} as WindowContext,
    events: {} as WindowMachineEvent,
    input: {} as WindowContext,
  },
}).createMachine({
  id: 'window',
  initial: 'closed',
  context: ({ input }) => input,
  states: {
    closed: {
      on: {
        OPEN: {
          target: 'idle',
          actions: assign(({ event }) => ({ clerkId: event.clerkId, openedAt: event.at, current: undefined })),
        },
      },
    },
    idle: {
      on: {
        CALL: { target: 'calling', actions: assign(({ event }) => ({ current: event.ticketId })) },
        CLOSE: { target: 'closed', actions: assign({ clerkId: undefined, current: undefined, openedAt: undefined }) },
      },
    },
    calling: {
      on: {
        START: 'serving',
        COMPLETE: { target: 'idle', actions: assign({ current: undefined }) },
      },
    },
    serving: {
      on: {
        COMPLETE: { target: 'idle', actions: assign({ current: undefined }) },
      },
    },
  },
});

export function stepWindow(record: WindowRecord, event: WindowMachineEvent): WindowRecord | undefined {
  return stepRecord<WindowStatus, WindowRecord, WindowMachineEvent>(windowMachine, record, event);
}
