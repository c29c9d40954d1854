/**
 * 办件登记 (README § Cases): the clerk at a window records the case of a
 * service completed there — 受理, 容缺受理, 即办 or 不予受理 — through the one
 * decider (state-machines/hall/deciders/case.ts).
 */
import { recordCaseRequest } from '../../../state-machines/protocol/messages.ts';
import type { Ack, CaseResult, WindowClientEvents } from '../../../state-machines/protocol/socket-events.ts';
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
});
