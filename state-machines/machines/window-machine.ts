/**
 * Window (窗口) lifecycle:
 *
 *   closed ──OPEN──▶ idle ──CALL──▶ calling ──START──▶ serving
 *                    ▲  │ ▲            │                  │
 *                    │  │ └──RELEASE───┴──────────────────┘  (办结/过号/转办/挂起/作废)
 *                    │  PAUSE(reason) ──▶ paused ──UNPAUSE──┘
 *   idle/paused ──CLOSE──▶ closed
 *
 * A window holds at most one ticket at a time (`current`): "call next" while
 * a visitor is still at the counter is refused, so a clerk can never hold two
 * tickets and a ticket can never sit at two windows. Pausing and closing need
 * an empty counter.
 *
 * `priorityStreak` counts consecutive calls of priority tickets (绿色通道,
 * appointments) at this window; the fairness rule reads it (see call-order.ts).
 */
import { assign, setup } from 'xstate';
import type { PauseReason, WindowRecord } from '../domain/window.ts';
import { stepRecord } from './step.ts';

type WindowContext = Omit<WindowRecord, 'status'>;

export type WindowMachineEvent =
  | { type: 'OPEN'; at: number; clerkId: string }
  /** `priority` feeds the fairness streak; undefined (指呼, 挂起恢复) leaves it as it is. */
  | { type: 'CALL'; at: number; ticketId: string; priority?: boolean | undefined }
  | { type: 'START'; at: number }
  | { type: 'RELEASE'; at: number }
  /** `reason` is absent when a public screen folds the event (projection.ts strips it). */
  | { type: 'PAUSE'; at: number; reason?: PauseReason | undefined }
  | { type: 'UNPAUSE'; at: number }
  | { type: 'CLOSE'; at: number }
  /** AB岗 hand-over: another clerk now serves at this open window. */
  | { type: 'HAND_OVER'; at: number; clerkId: string };

export const windowMachine = setup({
  types: {
    context: {} as WindowContext,
    events: {} as WindowMachineEvent,
    input: {} as WindowContext,
  },
  actions: {
    open: assign(({ event }) => (event.type === 'OPEN' ? { clerkId: event.clerkId, openedAt: event.at, current: undefined, priorityStreak: 0 } : {})),
    call: assign(({ context, event }) => {
      if (event.type !== 'CALL') return {};
      const streak = context.priorityStreak ?? 0;
      return { current: event.ticketId, priorityStreak: event.priority === undefined ? streak : event.priority ? streak + 1 : 0 };
    }),
    release: assign({ current: undefined }),
    pause: assign(({ event }) => (event.type === 'PAUSE' ? { pauseReason: event.reason, pausedAt: event.at } : {})),
    unpause: assign({ pauseReason: undefined, pausedAt: undefined }),
    handOver: assign(({ event }) => (event.type === 'HAND_OVER' ? { clerkId: event.clerkId } : {})),
    close: assign({ clerkId: undefined, current: undefined, openedAt: undefined, pauseReason: undefined, pausedAt: undefined, priorityStreak: 0 }),
  },
}).createMachine({
  id: 'window',
  initial: 'closed',
  context: ({ input }) => input,
  states: {
    closed: { on: { OPEN: { target: 'idle', actions: 'open' } } },
    idle: {
      on: {
        CALL: { target: 'calling', actions: 'call' },
        PAUSE: { target: 'paused', actions: 'pause' },
        CLOSE: { target: 'closed', actions: 'close' },
        HAND_OVER: { actions: 'handOver' },
      },
    },
    calling: {
      on: {
        START: 'serving',
        RELEASE: { target: 'idle', actions: 'release' },
      },
    },
    serving: { on: { RELEASE: { target: 'idle', actions: 'release' } } },
    paused: {
      on: {
        UNPAUSE: { target: 'idle', actions: 'unpause' },
        CLOSE: { target: 'closed', actions: 'close' },
        HAND_OVER: { actions: 'handOver' },
      },
    },
  },
});

export function stepWindow(record: WindowRecord, event: WindowMachineEvent): WindowRecord | undefined {
  return stepRecord(windowMachine, record, event);
}
