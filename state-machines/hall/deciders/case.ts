/**
 * `case.*`: 办件登记 (README § Cases). At 办结 the clerk records what became of
 * the visitor's matter: 受理 with the 办件编号 and a promised day, 容缺受理
 * with the missing papers and a day to bring them, 即办, or 不予受理 with
 * why. Only for a service completed at this window, once; an 办件编号 is
 * accepted once while its case is open. Days are the hall's working days
 * (working-days.ts) from the day it is recorded.
 */
import type { QueueConfig } from '../../config/hall-config.ts';
import { CASE_STATUS_NAMES, caseByReceipt, RECEIPT_NO, WAYBILL_NO, type CaseRecord } from '../../domain/case.ts';
import { serviceDayOf } from '../../domain/service-day.ts';
import { isEnded } from '../../domain/ticket.ts';
import { can } from '../../machines/ask.ts';
import { caseMachine, type CaseMachineEvent } from '../../machines/case-machine.ts';
import type { ProtocolError } from '../../protocol/errors.ts';
import { promiseDaysOf } from '../notice.ts';
import { describeDay } from '../schedule.ts';
import { own, type HallState } from '../state.ts';
import { workingDaysAfter } from '../working-days.ts';
import { windowOf } from './at-window.ts';
import type { Decider, DeciderConfig } from './decider.ts';
import {
  caseByMail,
  caseMaterialsFirst,
  caseNotAwaitingMaterials,
  caseNotByMail,
  caseNotFound,
  caseNotReadyYet,
  caseStatusIs,
  caseUnknown,
  deliveryAlreadyChosen,
  emsWindowsOnly,
  noPickupQueue,
  pickupTicketTaken,
  pickupWindowsOnly,
  waybillMalformed,
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
import { accept, ok, refuse, type Decision, type Result } from './result.ts';
import { onDutyOnly } from './staffing.ts';
import { takeTicket } from './ticket.ts';

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
    const taken = caseByReceipt(state.cases, receiptNo);
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

/** The queue 出件 tickets go to: the first queue a 综合出件 window serves (hall file order). */
export function pickupQueueOf(config: DeciderConfig): QueueConfig | undefined {
  const served = new Set(config.windows.filter((w) => w.type === '综合出件').flatMap((w) => w.queues));
  return config.queues.find((q) => served.has(q.id));
}

/** The words for a case that cannot take `event` now, by where it stands. */
function whyNot(c: CaseRecord, event: CaseMachineEvent): ProtocolError {
  const no = c.receiptNo ?? c.number;
  if (c.status === 'pending_materials' && event.type === 'READY') return caseMaterialsFirst(no);
  if (c.status === 'accepted' || c.status === 'pending_materials') {
    if (event.type === 'MATERIALS') return caseNotAwaitingMaterials();
    if (event.type === 'DELIVER') return deliveryAlreadyChosen();
    return caseNotReadyYet(no, c.promisedDay === undefined ? undefined : describeDay(c.promisedDay));
  }
  if (c.status === 'ready') {
    if (event.type === 'DELIVER') return deliveryAlreadyChosen();
    if (event.type === 'MAIL') return caseNotByMail();
    if (event.type === 'PICK_UP' || event.type === 'PICKUP_TICKET') return caseByMail(no);
  }
  return caseStatusIs(no, CASE_STATUS_NAMES[c.status]);
}

/** May the case take this step (its machine), with the refusal's words when not. */
function caseMay(c: CaseRecord, event: CaseMachineEvent): Result<CaseRecord> {
  return can(caseMachine, c, event) ? ok(c) : refuse(whyNot(c, event));
}

function caseById(state: HallState, caseId: string): Result<CaseRecord> {
  const c = own(state.cases ?? {}, caseId);
  return c ? ok(c) : refuse(caseNotFound());
}

function caseByNo(state: HallState, raw: string): Result<CaseRecord> {
  const receiptNo = raw.trim().toUpperCase();
  if (!RECEIPT_NO.test(receiptNo)) return refuse(receiptNoMalformed());
  const c = caseByReceipt(state.cases, receiptNo);
  return c ? ok(c) : refuse(caseUnknown(receiptNo));
}

/** A step a clerk takes at their window: the case, the window (of the type the step needs), the machine's yes. */
function atWindowStep(
  state: HallState,
  config: DeciderConfig,
  command: { caseId: string; window: number },
  event: CaseMachineEvent,
  needs?: '综合出件' | 'EMS',
): Result<CaseRecord> {
  const win = windowOf(config, command.window);
  if (!win.ok) return win;
  if (needs === '综合出件' && win.value.type !== needs) return refuse(pickupWindowsOnly(command.window));
  if (needs === 'EMS' && win.value.type !== needs) return refuse(emsWindowsOnly(command.window));
  const c = caseById(state, command.caseId);
  return c.ok ? caseMay(c.value, event) : c;
}

const receiveMaterials: Decider<'case.receive_materials'> = (state, config, command, now) => {
  const c = atWindowStep(state, config, command, { type: 'MATERIALS', at: now });
  if (!c.ok) return c;
  return accept({ type: 'case.materials_received', caseId: c.value.id, window: command.window, clerkId: command.clerkId });
};

/** 办结待取: by a clerk or the department's system, found by its 办件编号. */
const markReady: Decider<'case.mark_ready'> = (state, _config, command, now) => {
  const found = caseByNo(state, command.receiptNo);
  if (!found.ok) return found;
  const c = caseMay(found.value, { type: 'READY', at: now, by: command.actor });
  if (!c.ok) return c;
  return accept({ type: 'case.ready', caseId: c.value.id, actor: command.actor });
};

const chooseDelivery: Decider<'case.choose_delivery'> = (state, config, command, now) => {
  const { nameMasked, phoneMasked, addressMasked } = command;
  const c = atWindowStep(state, config, command, { type: 'DELIVER', at: now, delivery: { nameMasked, phoneMasked, addressMasked } });
  if (!c.ok) return c;
  return accept({ type: 'case.delivery_chosen', caseId: c.value.id, window: command.window, clerkId: command.clerkId, nameMasked, phoneMasked, addressMasked });
};

/** 出件取号 at a kiosk: a ticket of the pick-up queue, linked to the ready case (the kiosk's own take rules). */
const takePickupTicket: Decider<'case.take_pickup_ticket'> = (state, config, command, now): Decision => {
  const found = caseByNo(state, command.receiptNo);
  if (!found.ok) return found;
  const c = caseMay(found.value, { type: 'PICKUP_TICKET', at: now, ticketId: '' });
  if (!c.ok) return c;
  const earlier = c.value.pickupTicketId === undefined ? undefined : own(state.tickets, c.value.pickupTicketId);
  if (earlier && !isEnded(earlier)) return refuse(pickupTicketTaken(earlier.number));
  const queue = pickupQueueOf(config);
  if (!queue) return refuse(noPickupQueue());
  const taken = takeTicket(state, config, { type: 'ticket.take', queueId: queue.id, deviceId: command.deviceId }, now);
  // Out of hours (the 7×24 kiosk at night) the visitor still learns the case is ready, then when to come for it.
  if (!taken.ok && taken.error.code === 'TICKETING_CLOSED') {
    return refuse({
      ...taken.error,
      message: `办件已办结，可以取件；${taken.error.message}`,
      messageEn: `Your case is ready to collect; ${taken.error.messageEn}`,
    });
  }
  return taken.ok && taken.event.type === 'ticket.issued' ? accept({ ...taken.event, caseId: c.value.id }) : taken;
};

/** 已取件 at a 出件 window. */
const handOver: Decider<'case.hand_over'> = (state, config, command, now) => {
  const c = atWindowStep(state, config, command, { type: 'PICK_UP', at: now, window: command.window }, '综合出件');
  if (!c.ok) return c;
  return accept({ type: 'case.picked_up', caseId: c.value.id, window: command.window, clerkId: command.clerkId });
};

/** 已寄出 at an EMS window, with the waybill. */
const mail: Decider<'case.mail'> = (state, config, command, now) => {
  const waybillNo = command.waybillNo.trim().toUpperCase();
  if (!WAYBILL_NO.test(waybillNo)) return refuse(waybillMalformed());
  const c = atWindowStep(state, config, command, { type: 'MAIL', at: now, window: command.window, waybillNo }, 'EMS');
  if (!c.ok) return c;
  return accept({ type: 'case.mailed', caseId: c.value.id, window: command.window, clerkId: command.clerkId, waybillNo });
};

export const caseDeciders = {
  // The clerk on duty at the window records (AB岗), as at the counter.
  'case.record': onDutyOnly(record),
  'case.receive_materials': onDutyOnly(receiveMaterials),
  'case.mark_ready': markReady,
  'case.choose_delivery': onDutyOnly(chooseDelivery),
  'case.take_pickup_ticket': takePickupTicket,
  'case.hand_over': onDutyOnly(handOver),
  'case.mail': onDutyOnly(mail),
};
