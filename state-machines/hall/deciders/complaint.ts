/**
 * `complaint.*`: 办不成事反映 (README § The guide desk → Complaints). A guide
 * files what the visitor could not get done, with a due day
 * `guide.complaintWorkingDays` of the hall's working days after today; the
 * supervisor takes it on and answers it. Each step is asked of the complaint
 * machine (machines/complaint-machine.ts).
 */
import { COMPLAINT_STATUS_NAMES, complaintIdFor, type ComplaintRecord } from '../../domain/guide.ts';
import { serviceDayOf } from '../../domain/service-day.ts';
import { can } from '../../machines/ask.ts';
import { complaintMachine, type ComplaintMachineEvent } from '../../machines/complaint-machine.ts';
import { own, type HallState } from '../state.ts';
import { workingDaysAfter } from '../working-days.ts';
import type { StaffActor } from './commands.ts';
import type { Decider } from './decider.ts';
import { COMPLAINT_STEPS, complaintNotNow, noComplaint, onlySupervisorHandlesComplaints, unknownItem } from './refusals.ts';
import { accept, ok, refuse, type Result } from './result.ts';

const file: Decider<'complaint.file'> = (state, config, command, now) => {
  if (command.itemId !== undefined && !config.items.some((i) => i.id === command.itemId)) return refuse(unknownItem(command.itemId));
  const serviceDay = serviceDayOf(now, config.hall.timezone);
  return accept({
    type: 'complaint.filed',
    complaintId: complaintIdFor(serviceDay, (state.complaintsFiled ?? 0) + 1),
    serviceDay,
    guideId: command.guideId,
    itemId: command.itemId,
    what: command.what,
    nameMasked: command.nameMasked,
    phoneMasked: command.phoneMasked,
    dueDay: workingDaysAfter(config, serviceDay, config.guide.complaintWorkingDays),
  });
};

/** A complaint step: the supervisor's, on a complaint that exists, when its machine allows it. */
function complaintStep(
  state: HallState,
  by: StaffActor,
  complaintId: string,
  event: ComplaintMachineEvent,
  step: readonly [string, string],
): Result<ComplaintRecord> {
  if (by.window !== undefined) return refuse(onlySupervisorHandlesComplaints());
  const complaint = own(state.complaints ?? {}, complaintId);
  if (!complaint) return refuse(noComplaint());
  if (!can(complaintMachine, complaint, event)) return refuse(complaintNotNow(COMPLAINT_STATUS_NAMES[complaint.status].zh, complaint.status, step));
  return ok(complaint);
}

const take: Decider<'complaint.take'> = (state, _config, command, now) => {
  const step = complaintStep(state, command.by, command.complaintId, { type: 'TAKE', at: now, by: command.by.staffId }, COMPLAINT_STEPS.take);
  return step.ok ? accept({ type: 'complaint.taken', complaintId: command.complaintId, actor: command.by.staffId }) : step;
};

const resolve: Decider<'complaint.resolve'> = (state, _config, command, now) => {
  const event: ComplaintMachineEvent = { type: 'RESOLVE', at: now, by: command.by.staffId, reply: command.reply };
  const step = complaintStep(state, command.by, command.complaintId, event, COMPLAINT_STEPS.resolve);
  return step.ok ? accept({ type: 'complaint.resolved', complaintId: command.complaintId, reply: command.reply, actor: command.by.staffId }) : step;
};

export const complaintDeciders = {
  'complaint.file': file,
  'complaint.take': take,
  'complaint.resolve': resolve,
};
