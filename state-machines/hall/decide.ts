/**
 * decide(state, config, command, now): the business operation behind each
 * command. It either returns the one event that records what happened, or a
 * typed refusal — and never changes the state itself. The server appends the
 * event durably, then folds it with `evolve`.
 *
 * Because the server runs decide → append → evolve synchronously for one
 * command at a time, two windows pressing "call next" at once are decided one
 * after the other against the updated state: one ticket is never called twice.
 *
 * Each command type has one decider, in the file its prefix names
 * (deciders/ticket.ts for `ticket.*`, window.ts, staffing.ts for `clerk.*`
 * and `post.*`, appointment.ts, rating.ts for `rating.*` and `followup.*`, clock.ts); their refusals and words are in
 * deciders/refusals.ts. The machines say what an entity may do, the hall's
 * rules included (machines/); deciders ask them and add what needs the whole
 * hall. Screens ask the same deciders (`canDecide`) to grey what the server
 * would refuse.
 */
import type { HallConfig, PublicHallConfig } from '../config/hall-config.ts';
import { appointmentDeciders } from './deciders/appointment.ts';
import { caseDeciders } from './deciders/case.ts';
import { clockDeciders } from './deciders/clock.ts';
import type { CommandOf, HallCommand } from './deciders/commands.ts';
import type { Decider, Deciders } from './deciders/decider.ts';
import { unknownCommand } from './deciders/refusals.ts';
import { refuse, type Decision } from './deciders/result.ts';
import { ratingDeciders } from './deciders/rating.ts';
import { staffingDeciders } from './deciders/staffing.ts';
import { ticketDeciders } from './deciders/ticket.ts';
import { windowDeciders } from './deciders/window.ts';
import { complaintDeciders } from './deciders/complaint.ts';
import { enquiryDeciders } from './deciders/enquiry.ts';
import { guideDeciders } from './deciders/guide.ts';
import { standbyDeciders } from './deciders/standby.ts';
import type { HallState } from './state.ts';

export type { AppointmentCommand, HallCommand, StaffActor } from './deciders/commands.ts';
export type { Decision } from './deciders/result.ts';

/** Every command type has its decider: a type added to HallCommand without one does not compile. */
const DECIDERS: Deciders = {
  ...ticketDeciders,
  ...windowDeciders,
  ...staffingDeciders,
  ...appointmentDeciders,
  ...ratingDeciders,
  ...caseDeciders,
  ...clockDeciders,
  ...guideDeciders,
  ...complaintDeciders,
  ...enquiryDeciders,
  ...standbyDeciders,
};

/** What a screen may ask: every command but the supervisor's post assignment (it needs staff roles, which are not public). */
export type ScreenCommand = Exclude<HallCommand, { type: 'post.assign' }>;
type ScreenCommandType = ScreenCommand['type'];

const ON_SERVER: { [K in keyof CommandOf]: Decider<K, HallConfig> } = DECIDERS;
const ON_SCREENS: { [K in ScreenCommandType]: Decider<K, PublicHallConfig> } = DECIDERS;

/** The server's decision (hall-service.ts). */
export function decide(state: HallState, config: HallConfig, command: HallCommand, now: number): Decision {
  return decideWith(ON_SERVER, state, config, command.type, command, now);
}

/**
 * What the server would answer, asked on a screen with what it has: the
 * public hall file and the state its role sees. A button is offered when this
 * accepts; the refusal says why not.
 */
export function canDecide(state: HallState, config: PublicHallConfig, command: ScreenCommand, now: number): Decision {
  return decideWith(ON_SCREENS, state, config, command.type, command, now);
}

function decideWith<C, K extends keyof CommandOf>(
  deciders: { [P in K]: Decider<P, C> },
  state: HallState,
  config: C,
  type: K,
  command: CommandOf[K],
  now: number,
): Decision {
  // Commands are built by the server from validated payloads; a type without a decider can only be a programming error.
  if (!Object.hasOwn(deciders, type)) return refuse(unknownCommand(JSON.stringify(command)));
  const decider: Decider<K, C> = deciders[type];
  return decider(state, config, command, now);
}
