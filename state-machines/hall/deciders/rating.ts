/**
 * `rating.*` and `followup.*`: 好差评 and 差评整改 (README § 好差评).
 *
 * A rating is one per service: the rating machine (machines/rating-machine.ts)
 * says whether the service's invitation is still open for the channel asking;
 * here the hall's own rules are added — a window's device rates only its
 * window's services, reasons and text only for 不满意 and below, reasons and
 * secondary items only those the hall file names. A 差评 opens a follow-up due
 * `followUpWorkingDays` of the hall's working days after the rating's day.
 * Follow-up steps are the supervisor's, each the follow-up machine's answer.
 */
import { FOLLOW_UP_STATUS_NAMES, isPoorRating, isWindowChannel, type FollowUpRecord } from '../../domain/rating.ts';
import { serviceDayOf } from '../../domain/service-day.ts';
import { can } from '../../machines/ask.ts';
import { followUpMachine, type FollowUpMachineEvent } from '../../machines/follow-up-machine.ts';
import { ratingMachine } from '../../machines/rating-machine.ts';
import { own, type HallState } from '../state.ts';
import { workingDaysAfter } from '../working-days.ts';
import type { CommandOf, StaffActor } from './commands.ts';
import type { Decider, DeciderConfig } from './decider.ts';
import {
  alreadyRated,
  FOLLOW_UP_STEPS,
  followUpNotNow,
  noFollowUp,
  noSuchStaff,
  noTicket,
  notServedYet,
  onlySupervisorFollowsUp,
  ratingClosed,
  ratingFromAnotherWindow,
  ratingsOff,
  reasonsOnlyWhenPoor,
  unknownRatingReason,
  unknownSecondaryItem,
  windowRatingOver,
} from './refusals.ts';
import { accept, ok, refuse, type Decision, type Result } from './result.ts';

const give: Decider<'rating.give'> = (state, config, command, now) => {
  const rules = config.ratings;
  if (!rules) return refuse(ratingsOff());
  const rating = own(state.ratings ?? {}, command.ticketId);
  if (!rating) return refuse(own(state.tickets, command.ticketId) ? notServedYet() : noTicket());
  if (isWindowChannel(command.channel) && command.window !== rating.window) return refuse(ratingFromAnotherWindow(command.window ?? 0));
  if (!can(ratingMachine, rating, { type: 'RATE', at: now, channel: command.channel })) {
    if (rating.status === 'rated') return refuse(alreadyRated());
    return refuse(rating.status === 'invited' && now <= rating.phoneUntil ? windowRatingOver() : ratingClosed());
  }
  const content = contentOf(rules, command);
  if (!content.ok) return content;
  const poor = isPoorRating(command.level);
  return accept({
    type: 'rating.given',
    ticketId: rating.ticketId,
    window: rating.window,
    clerkId: rating.clerkId,
    queueId: rating.queueId,
    itemId: rating.itemId,
    channel: command.channel,
    level: command.level,
    ...content.value,
    followUp: poor ? { dueDay: workingDaysAfter(config, serviceDayOf(now, config.hall.timezone), rules.followUpWorkingDays) } : undefined,
  });
};

type Content = { reasons?: string[] | undefined; text?: string | undefined; secondary?: CommandOf['rating.give']['secondary'] };

/** Reasons and text for 差评 only, each reason and secondary item one the hall file names, each once. */
function contentOf(rules: NonNullable<DeciderConfig['ratings']>, command: CommandOf['rating.give']): Result<Content> {
  const reasons = [...new Set(command.reasons ?? [])];
  const text = command.text?.trim() || undefined;
  if (!isPoorRating(command.level) && (reasons.length > 0 || text !== undefined)) return refuse(reasonsOnlyWhenPoor());
  const badReason = reasons.find((r) => !rules.reasons.some((x) => x.id === r));
  if (badReason !== undefined) return refuse(unknownRatingReason(badReason));
  const secondary = command.secondary ?? [];
  const badItem = secondary.find((s, i) => !rules.secondary.some((x) => x.id === s.id) || secondary.findIndex((o) => o.id === s.id) !== i);
  if (badItem) return refuse(unknownSecondaryItem(badItem.id));
  return ok({ reasons: reasons.length > 0 ? reasons : undefined, text, secondary: secondary.length > 0 ? secondary : undefined });
}

/** A follow-up step: the supervisor's, on a follow-up that exists, when its machine allows it. */
function followUpStep(
  state: HallState,
  by: StaffActor,
  followUpId: string,
  event: FollowUpMachineEvent,
  step: readonly [string, string],
): Result<FollowUpRecord> {
  if (by.window !== undefined) return refuse(onlySupervisorFollowsUp());
  const followUp = own(state.followUps ?? {}, followUpId);
  if (!followUp) return refuse(noFollowUp());
  if (!can(followUpMachine, followUp, event)) return refuse(followUpNotNow(FOLLOW_UP_STATUS_NAMES[followUp.status].zh, followUp.status, step));
  return ok(followUp);
}

const assign: Decider<'followup.assign'> = (state, config, command, now) => {
  if (!config.staff.some((s) => s.id === command.to)) return refuse(noSuchStaff(command.to));
  return decided(followUpStep(state, command.by, command.followUpId, { type: 'ASSIGN', at: now, to: command.to }, FOLLOW_UP_STEPS.assign), {
    type: 'followup.assigned',
    followUpId: command.followUpId,
    to: command.to,
    actor: command.by.staffId,
  });
};

const note: Decider<'followup.note'> = (state, _config, command, now) =>
  decided(followUpStep(state, command.by, command.followUpId, { type: 'NOTE', at: now, by: command.by.staffId, text: command.note }, FOLLOW_UP_STEPS.note), {
    type: 'followup.noted',
    followUpId: command.followUpId,
    note: command.note,
    actor: command.by.staffId,
  });

const resolve: Decider<'followup.resolve'> = (state, _config, command, now) =>
  decided(followUpStep(state, command.by, command.followUpId, { type: 'RESOLVE', at: now, outcome: command.outcome }, FOLLOW_UP_STEPS.resolve), {
    type: 'followup.resolved',
    followUpId: command.followUpId,
    outcome: command.outcome,
    note: command.note,
    actor: command.by.staffId,
  });

const close: Decider<'followup.close'> = (state, _config, command, now) =>
  decided(followUpStep(state, command.by, command.followUpId, { type: 'CLOSE', at: now }, FOLLOW_UP_STEPS.close), {
    type: 'followup.closed',
    followUpId: command.followUpId,
    actor: command.by.staffId,
  });

function decided(step: Result<FollowUpRecord>, event: Parameters<typeof accept>[0]): Decision {
  return step.ok ? accept(event) : step;
}

export const ratingDeciders = {
  'rating.give': give,
  'followup.assign': assign,
  'followup.note': note,
  'followup.resolve': resolve,
  'followup.close': close,
};
