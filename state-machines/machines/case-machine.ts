/**
 * A case (办件) after the clerk recorded it at 办结 (README § Cases):
 *
 *   pending_materials ──MATERIALS──▶ accepted ──READY──▶ ready ──PICK_UP──▶ picked_up (已取件)
 *   (容缺受理)                        (受理)     (办结待取)  └──MAIL (EMS)──▶ mailed (已寄出)
 *        DELIVER (免费邮寄, once) in accepted, pending_materials and ready; PICKUP_TICKET in ready
 *   done (即办) and rejected (不予受理) are final from the start.
 *
 * A case is made by the fold in the state its outcome names (domain/case.ts
 * CASE_STATUS_OF); every later step is an event of the log (case.*). A case
 * chosen for EMS is mailed, never picked up (it is on the EMS window's list),
 * and takes no 出件 ticket; papers still missing (容缺) come before 办结.
 */
import { assign, setup } from 'xstate';
import type { CaseDelivery, CaseRecord } from '../domain/case.ts';
import { stepRecord } from './step.ts';

type CaseContext = Omit<CaseRecord, 'status'>;

export type CaseMachineEvent =
  | { type: 'MATERIALS'; at: number }
  | { type: 'READY'; at: number; by: string }
  | { type: 'DELIVER'; at: number; delivery: CaseDelivery }
  | { type: 'PICKUP_TICKET'; at: number; ticketId: string }
  | { type: 'PICK_UP'; at: number; window: number }
  | { type: 'MAIL'; at: number; window: number; waybillNo: string };

export const caseMachine = setup({
  types: {
    context: {} as CaseContext,
    events: {} as CaseMachineEvent,
    input: {} as CaseContext,
  },
  guards: {
    noDelivery: ({ context }) => context.delivery === undefined,
    byDelivery: ({ context }) => context.delivery !== undefined,
  },
  actions: {
    materials: assign(({ event }) => ({ materialsAt: event.at })),
    ready: assign(({ event }) => (event.type === 'READY' ? { readyAt: event.at, readyBy: event.by } : {})),
    deliver: assign(({ event }) => (event.type === 'DELIVER' ? { delivery: event.delivery } : {})),
    pickupTicket: assign(({ event }) => (event.type === 'PICKUP_TICKET' ? { pickupTicketId: event.ticketId } : {})),
    close: assign(({ event }) =>
      event.type === 'PICK_UP' || event.type === 'MAIL'
        ? { closedAt: event.at, closedWindow: event.window, waybillNo: event.type === 'MAIL' ? event.waybillNo : undefined }
        : {},
    ),
  },
}).createMachine({
  id: 'case',
  initial: 'accepted',
  context: ({ input }) => input,
  states: {
    pending_materials: {
      on: {
        MATERIALS: { target: 'accepted', actions: 'materials' },
        DELIVER: { guard: 'noDelivery', actions: 'deliver' },
      },
    },
    accepted: {
      on: {
        READY: { target: 'ready', actions: 'ready' },
        DELIVER: { guard: 'noDelivery', actions: 'deliver' },
      },
    },
    ready: {
      on: {
        DELIVER: { guard: 'noDelivery', actions: 'deliver' },
        PICKUP_TICKET: { guard: 'noDelivery', actions: 'pickupTicket' },
        PICK_UP: { guard: 'noDelivery', target: 'picked_up', actions: 'close' },
        MAIL: { guard: 'byDelivery', target: 'mailed', actions: 'close' },
      },
    },
    done: {},
    rejected: {},
    picked_up: {},
    mailed: {},
  },
});

export function stepCase(record: CaseRecord, event: CaseMachineEvent): CaseRecord | undefined {
  return stepRecord(caseMachine, record, event);
}
