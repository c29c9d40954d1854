/**
 * A 办不成事反映 complaint (README § The guide desk → Complaints):
 *
 *   open ──TAKE──▶ handling ──RESOLVE(reply)──▶ resolved
 *     └────────────RESOLVE(reply)──────────────▶
 *
 * Filed at the guide desk, taken on and answered on the supervisor's desk.
 * Resolved is final; an unresolved complaint past its due day is overdue
 * (domain/guide.ts), as a 差评 follow-up is.
 */
import { assign, setup } from 'xstate';
import type { ComplaintRecord } from '../domain/guide.ts';
import { startRecord, stepRecord } from './step.ts';

type ComplaintContext = Omit<ComplaintRecord, 'status'>;

export type ComplaintMachineEvent = { type: 'TAKE'; at: number; by: string } | { type: 'RESOLVE'; at: number; by: string; reply: string };

export const complaintMachine = setup({
  types: {
    context: {} as ComplaintContext,
    events: {} as ComplaintMachineEvent,
    input: {} as ComplaintContext,
  },
  actions: {
    take: assign(({ event }) => ({ handler: event.by })),
    resolve: assign(({ context, event }) =>
      event.type === 'RESOLVE' ? { reply: event.reply, resolvedAt: event.at, handler: context.handler ?? event.by } : {},
    ),
  },
}).createMachine({
  id: 'complaint',
  initial: 'open',
  context: ({ input }) => input,
  states: {
    open: { on: { TAKE: { target: 'handling', actions: 'take' }, RESOLVE: { target: 'resolved', actions: 'resolve' } } },
    handling: { on: { RESOLVE: { target: 'resolved', actions: 'resolve' } } },
    resolved: {},
  },
});

export function newComplaint(input: ComplaintContext): ComplaintRecord {
  return startRecord<typeof complaintMachine, ComplaintRecord>(complaintMachine, input);
}

export function stepComplaint(record: ComplaintRecord, event: ComplaintMachineEvent): ComplaintRecord | undefined {
  return stepRecord(complaintMachine, record, event);
}
