/**
 * `case.*`: 办件登记 (README § Cases). At 办结 the clerk records what became of
 * the visitor's matter: 受理 with the 办件编号 and a promised day, 容缺受理
 * with the missing papers and a day to bring them, 即办, or 不予受理 with
 * why. Only for a service completed at this window, once; an 办件编号 is
 * accepted once while its case is open. Days are the hall's working days
 * (working-days.ts) from the day it is recorded.
 */
import { CASE_STATUS_OF, RECEIPT_NO } from '../../domain/case.ts';
import { serviceDayOf } from '../../domain/service-day.ts';
import { promiseDaysOf } from '../notice.ts';
import { own } from '../state.ts';
import { workingDaysAfter } from '../working-days.ts';
import type { Decider } from './decider.ts';
import {
  caseAlreadyRecorded,
  caseNotCompletedHere,
  caseNotYet,
  missingNeeded,
  noTicket,
  reasonOnlyWhenRejected,
  receiptNoMalformed,
  receiptNoNeeded,
  receiptNoTaken,
  rejectReasonNeeded,
} from './refusals.ts';
import { accept, refuse } from './result.ts';
import { onDutyOnly } from './staffing.ts';

const record: Decider<'case.record'> = (state, config, command, now) => {
  const ticket = own(state.tickets, command.ticketId);
  if (!ticket) return refuse(noTicket());
  if (ticket.status !== 'done') return refuse(caseNotYet(ticket.number));
  if (ticket.window !== command.window) return refuse(caseNotCompletedHere(ticket.number, command.window));
  if (own(state.cases ?? {}, ticket.id)) return refuse(caseAlreadyRecorded(ticket.number));

  const { outcome } = command;
  const accepted = outcome === 'accepted' || outcome === 'accepted_pending';
  const receiptNo = command.receiptNo?.trim().toUpperCase() || undefined;
  if (receiptNo !== undefined && !RECEIPT_NO.test(receiptNo)) return refuse(receiptNoMalformed());
  if (accepted && receiptNo === undefined) return refuse(receiptNoNeeded());
  if (receiptNo !== undefined) {
    const taken = Object.values(state.cases ?? {}).find((c) => c.receiptNo === receiptNo && CASE_STATUS_OF[c.outcome] !== 'rejected');
    if (taken) return refuse(receiptNoTaken(receiptNo, taken.number));
  }
  const missing = [...new Set((command.missing ?? []).map((m) => m.trim()).filter((m) => m !== ''))];
  if (outcome === 'accepted_pending' && missing.length === 0) return refuse(missingNeeded());
  if (outcome === 'rejected' && command.reason === undefined) return refuse(rejectReasonNeeded());
  if (outcome !== 'rejected' && command.reason !== undefined) return refuse(reasonOnlyWhenRejected());
  if (command.reason === 'missing_materials' && missing.length === 0) return refuse(missingNeeded());

  const day = serviceDayOf(now, config.hall.timezone);
  // The item's 承诺时限, or a 一件事 bundle's (its own, else its longest item's).
  const promiseDays = promiseDaysOf(config, ticket.itemId) ?? config.cases.defaultPromiseDays;
  return accept({
    type: 'case.recorded',
    ticketId: ticket.id,
    window: command.window,
    clerkId: command.clerkId,
    queueId: ticket.queueId,
    itemId: ticket.itemId,
    outcome,
    receiptNo,
    promisedDay: accepted ? workingDaysAfter(config, day, promiseDays) : undefined,
    materialsDueDay: outcome === 'accepted_pending' ? workingDaysAfter(config, day, config.cases.pendingWorkingDays) : undefined,
    missing: missing.length > 0 ? missing : undefined,
    reason: command.reason,
    note: command.note?.trim() || undefined,
  });
};

export const caseDeciders = {
  // The clerk on duty at the window records (AB岗), as at the counter.
  'case.record': onDutyOnly(record),
};
