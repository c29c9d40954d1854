/**
 * 办件登记 (README § Cases): the clerk at a window records the case of a
 * service completed there — 受理, 容缺受理, 即办 or 不予受理 — through the one
 * decider (state-machines/hall/deciders/case.ts).
 */
import {
  caseStepRequest,
  chooseDeliveryRequest,
  emsAddressesRequest,
  mailCaseRequest,
  markCaseReadyRequest,
  pickupTicketRequest,
  recordCaseRequest,
} from '../../../state-machines/protocol/messages.ts';
import type { Ack, CaseResult, KioskClientEvents, WindowClientEvents } from '../../../state-machines/protocol/socket-events.ts';
import type { Accepted } from '../../hall/hall-service.ts';
import type { Caller } from '../caller.ts';
import { issuedReceipt } from './tickets.ts';
import { own } from '../../../state-machines/hall/state.ts';
import { requestIdReused } from '../../hall/hall-service.ts';
import { defineCommands } from '../registry.ts';

export const counterCaseCommands = defineCommands<WindowClientEvents>()({
  'case:record': {
    schema: recordCaseRequest,
    scope: 'own-window',
    cost: 'staff',
    command: (req, c) => ({
      type: 'case.record',
      clerkId: c.staffId,
      window: req.window,
      ticketId: req.ticketId,
      outcome: req.outcome,
      receiptNo: req.receiptNo,
      reason: req.reason,
      missing: req.missing,
      note: req.note,
    }),
    answer: (done, c): Ack<CaseResult> => {
      const e = done.event.event;
      const recorded = e.type === 'case.recorded' ? own(c.services.hall.state.cases ?? {}, e.ticketId) : undefined;
      return recorded ? { ok: true, seq: done.event.seq, result: { case: recorded } } : requestIdReused();
    },
  },
  'case:ready': {
    schema: markCaseReadyRequest,
    scope: 'own-window',
    cost: 'staff',
    command: (req, c) => ({ type: 'case.mark_ready', receiptNo: req.receiptNo, actor: c.staffId }),
    answer: caseAnswer,
  },
  'case:materials': {
    schema: caseStepRequest,
    scope: 'own-window',
    cost: 'staff',
    command: (req, c) => ({ type: 'case.receive_materials', caseId: req.caseId, window: req.window, clerkId: c.staffId }),
    answer: caseAnswer,
  },
  // The recipient is seen by the case desk only: masks go to decide and the log, the rest to hall.sqlite once logged.
  'case:ems': {
    schema: chooseDeliveryRequest,
    scope: 'own-window',
    cost: 'staff',
    command: (req, c) => c.services.cases.deliveryCommand(req, c.staffId),
    answer: (done, c, req) => c.services.cases.deliveryChosen(done, req),
  },
  'case:picked-up': {
    schema: caseStepRequest,
    scope: 'own-window',
    cost: 'staff',
    command: (req, c) => ({ type: 'case.hand_over', caseId: req.caseId, window: req.window, clerkId: c.staffId }),
    answer: caseAnswer,
  },
  'case:mailed': {
    schema: mailCaseRequest,
    scope: 'own-window',
    cost: 'staff',
    command: (req, c) => ({ type: 'case.mail', caseId: req.caseId, window: req.window, clerkId: c.staffId, waybillNo: req.waybillNo }),
    answer: (done, c) => c.services.cases.mailed(done),
  },
  'case:ems-list': {
    schema: emsAddressesRequest,
    scope: 'own-window',
    cost: 'staff',
    run: (req, c) => c.services.cases.emsList(req.window),
  },
});

function caseAnswer(done: Accepted, c: Caller): Ack<CaseResult> {
  return c.services.cases.answer(done);
}

/** 出件取号 at a kiosk by 办件编号: counted as a ticket (the kiosk's ticket budget and rate). */
export const kioskCaseCommands = defineCommands<KioskClientEvents>()({
  'case:pickup': {
    schema: pickupTicketRequest,
    cost: 'kiosk-ticket',
    command: (req, c) => ({ type: 'case.take_pickup_ticket', receiptNo: req.receiptNo, deviceId: c.deviceId }),
    answer: issuedReceipt,
  },
});
