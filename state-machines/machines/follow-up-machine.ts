/**
 * A 差评 follow-up (差评整改), opened by a rating of 不满意 or below:
 *
 *   open ──ASSIGN──▶ assigned ──RESOLVE(outcome)──▶ resolved ──CLOSE──▶ closed
 *                     │ ▲ ASSIGN (re-assign), NOTE (回访)   │ NOTE
 *
 * Every step is an event of the log (followup.*), taken on the supervisor's
 * desk. A 回访 note needs someone following it up; the outcome comes before
 * closing; a closed follow-up is final.
 */
import { assign, setup } from 'xstate';
import { FOLLOW_UP_NOTES_KEPT, type FollowUpOutcome, type FollowUpRecord } from '../domain/rating.ts';
import { startRecord, stepRecord } from './step.ts';

type FollowUpContext = Omit<FollowUpRecord, 'status'>;

export type FollowUpMachineEvent =
  | { type: 'ASSIGN'; at: number; to: string }
  | { type: 'NOTE'; at: number; by: string; text: string }
  | { type: 'RESOLVE'; at: number; outcome: FollowUpOutcome }
  | { type: 'CLOSE'; at: number };

export const followUpMachine = setup({
  types: {
    context: {} as FollowUpContext,
    events: {} as FollowUpMachineEvent,
    input: {} as FollowUpContext,
  },
  actions: {
    assignTo: assign(({ event }) => (event.type === 'ASSIGN' ? { assignee: event.to } : {})),
    note: assign(({ context, event }) =>
      event.type === 'NOTE' ? { notes: [...(context.notes ?? []), { at: event.at, by: event.by, text: event.text }].slice(-FOLLOW_UP_NOTES_KEPT) } : {},
    ),
    resolve: assign(({ event }) => (event.type === 'RESOLVE' ? { outcome: event.outcome } : {})),
    close: assign(({ event }) => ({ closedAt: event.at })),
  },
}).createMachine({
  id: 'followUp',
  initial: 'open',
  context: ({ input }) => input,
  states: {
    open: { on: { ASSIGN: { target: 'assigned', actions: 'assignTo' } } },
    assigned: {
      on: {
        ASSIGN: { actions: 'assignTo' },
        NOTE: { actions: 'note' },
        RESOLVE: { target: 'resolved', actions: 'resolve' },
      },
    },
    resolved: { on: { NOTE: { actions: 'note' }, CLOSE: { target: 'closed', actions: 'close' } } },
    closed: {},
  },
});

export function newFollowUp(input: FollowUpContext): FollowUpRecord {
  return startRecord<typeof followUpMachine, FollowUpRecord>(followUpMachine, input);
}

export function stepFollowUp(record: FollowUpRecord, event: FollowUpMachineEvent): FollowUpRecord | undefined {
  return stepRecord(followUpMachine, record, event);
}
