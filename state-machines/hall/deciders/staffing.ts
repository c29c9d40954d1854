/**
 * `clerk.*` and `post.*`: AB岗 (seed 004 §11). Signing in and out (离岗 with
 * a reason), the standby post taking over (接替办理), the supervisor assigning
 * posts, and the hall's clock escalating a single-post window left unattended.
 *
 * Every step is the staffing machine's answer (machines/staffing-machine.ts);
 * the window's counter (nothing in hand when leaving or handing over) and who
 * may act at a window (`onDutyOnly`) are checked here.
 */
import { postOf, postsOf, type AbsenceReason, type Posts, type WindowStaffing } from '../../domain/staffing.ts';
import { can, next } from '../../machines/ask.ts';
import { staffingMachine, staffingRecordOf } from '../../machines/staffing-machine.ts';
import { afterOpeningMs } from '../schedule.ts';
import type { HallState } from '../state.ts';
import { staffName, windowOf, windowRecordOf } from './at-window.ts';
import type { AtWindow, CommandOf, HallCommand } from './commands.ts';
import type { Decider, DeciderConfig, StaffRolesConfig } from './decider.ts';
import {
  alreadyOnDuty,
  cannotSignIn,
  cannotSignOut,
  closedWindowNeedsNoTakeOver,
  COUNTER_ACTIONS,
  counterBusy,
  escalationNotDue,
  holdsNoPost,
  nobodyCovers,
  noSuchClerk,
  nothingToEscalate,
  onDutyKeepsPost,
  onlySupervisorAssigns,
  samePostHolder,
  signInFirst,
  standbyMustTakeOver,
} from './refusals.ts';
import { accept, refuse } from './result.ts';

/**
 * AB岗: at a window with a clerk on duty, only that clerk acts — at the
 * counter, on the window, and on tickets as a clerk of that window (过号重排,
 * 作废, 转绿色通道); the other post, signed in as standby, watches until it
 * takes over (post.take_over). Wraps the deciders of those commands.
 */
export function onDutyOnly<K extends keyof CommandOf>(decider: Decider<K>): Decider<K> {
  return (state, config, command, now) => {
    const acting = actingAt(command);
    const onDuty = acting && state.staffing[String(acting.window)]?.onDuty;
    if (acting && onDuty !== undefined && onDuty !== acting.staffId) return refuse(standbyMustTakeOver(onDuty, staffName(config, onDuty)));
    return decider(state, config, command, now);
  };
}

/** Who acts at which window: the clerk of a counter or window command, or staff acting as a clerk of their window. */
function actingAt(command: HallCommand): { staffId: string; window: number } | undefined {
  if ('clerkId' in command && 'window' in command) return { staffId: command.clerkId, window: command.window };
  if ('by' in command && command.by.window !== undefined) return { staffId: command.by.staffId, window: command.by.window };
  return undefined;
}

/** Signing in is always allowed (it is how a clerk comes back); the machine still has the last word. */
const signIn: Decider<'clerk.sign_in'> = (state, config, command, now) => {
  const win = windowOf(config, command.window);
  if (!win.ok) return win;
  const posts = postsOf(state, config, command.window);
  if (!can(staffingMachine, staffingRecordOf(state.staffing, command.window), { type: 'SIGN_IN', at: now, clerkId: command.clerkId, posts })) {
    return refuse(cannotSignIn());
  }
  return accept({ type: 'clerk.signed_in', clerkId: command.clerkId, window: command.window, posts });
};

/** 离岗 (with a reason: away; without: off this window). The other post, if here, covers; else the window must be paused or closed first. */
const signOut: Decider<'clerk.sign_out'> = (state, config, command, now) => {
  const win = windowOf(config, command.window);
  if (!win.ok) return win;
  const posts = postsOf(state, config, command.window);
  const staffing = staffingRecordOf(state.staffing, command.window);
  const escalateAt = escalationDeadline(config, posts, command, now);
  const after = next(staffingMachine, staffing, { type: 'SIGN_OUT', at: now, clerkId: command.clerkId, reason: command.reason, escalateAt, posts });
  if (!after) return refuse(cannotSignOut());
  const onDuty = staffing.onDuty === command.clerkId;
  // The machine names who covers (the other post, if signed in here); the event records it.
  const handedTo = onDuty ? after.onDuty : undefined;
  const signedOut = {
    type: 'clerk.signed_out' as const,
    clerkId: command.clerkId,
    window: command.window,
    reason: command.reason,
    handedTo,
    escalateAt,
    posts,
  };
  const record = windowRecordOf(state, command.window);
  if (!onDuty || record.status === 'closed') return accept(signedOut);
  if (record.status === 'calling' || record.status === 'serving') return refuse(counterBusy(...COUNTER_ACTIONS.signOut));
  if (handedTo !== undefined || record.status === 'paused') return accept(signedOut);
  return refuse(nobodyCovers());
};

/**
 * A single-post window (no B) whose A leaves with a reason: nobody can cover,
 * so after `singlePostEscalateHours` of opening time (lunch breaks, nights and
 * closed days do not count) the supervisor must assign a substitute. Fixed
 * now, on the event, so the deadline is a fact of the log, not of the clock.
 */
function escalationDeadline(
  config: DeciderConfig,
  posts: Posts | undefined,
  command: { clerkId: string; reason?: AbsenceReason | undefined },
  now: number,
): number | undefined {
  if (!command.reason || !posts || posts.b !== undefined || posts.a !== command.clerkId) return undefined;
  return afterOpeningMs(config, now, config.staffingRules.singlePostEscalateHours * 3_600_000);
}

/** 接替办理: the other post, signed in here, takes over an open window with an empty counter. */
const takeOver: Decider<'post.take_over'> = (state, config, command, now) => {
  const win = windowOf(config, command.window);
  if (!win.ok) return win;
  const staffing = staffingRecordOf(state.staffing, command.window);
  const posts = postsOf(state, config, command.window);
  if (!can(staffingMachine, staffing, { type: 'TAKE_OVER', at: now, clerkId: command.clerkId, posts }))
    return refuse(takeOverRefusal(state, config, command, staffing));
  const record = windowRecordOf(state, command.window);
  if (record.status === 'closed') return refuse(closedWindowNeedsNoTakeOver());
  if (record.status === 'calling' || record.status === 'serving') return refuse(counterBusy(...COUNTER_ACTIONS.takeOver));
  return accept({ type: 'post.taken_over', clerkId: command.clerkId, window: command.window, from: staffing.onDuty, posts });
};

/** Why the staffing machine refused a take-over, in the clerk's words. */
function takeOverRefusal(state: HallState, config: DeciderConfig, command: AtWindow, staffing: WindowStaffing) {
  if (postOf(state, config, command.window, command.clerkId) === undefined) return holdsNoPost(command.window);
  if (staffing.onDuty === command.clerkId) return alreadyOnDuty();
  return signInFirst();
}

/** The supervisor sets who holds post A or B; never taking the clerk on duty off their post. */
const assign: Decider<'post.assign', StaffRolesConfig> = (state, config, command, now) => {
  if (command.by.window !== undefined) return refuse(onlySupervisorAssigns());
  const win = windowOf(config, command.window);
  if (!win.ok) return win;
  const staff = config.staff.find((s) => s.id === command.clerkId);
  if (staff?.role !== 'clerk') return refuse(noSuchClerk(command.clerkId));
  const posts = postsOf(state, config, command.window);
  const other = command.post === 'a' ? posts?.b : posts?.a;
  if (other === command.clerkId) return refuse(samePostHolder());
  const assigned = { a: posts?.a ?? command.clerkId, b: posts?.b, [command.post]: command.clerkId };
  const staffing = staffingRecordOf(state.staffing, command.window);
  if (!can(staffingMachine, staffing, { type: 'ASSIGN', at: now, posts: assigned })) {
    const onDuty = staffing.onDuty ?? '';
    return refuse(onDutyKeepsPost(onDuty, staffName(config, onDuty)));
  }
  return accept({ type: 'post.assigned', window: command.window, post: command.post, clerkId: command.clerkId, actor: command.by.staffId, posts: assigned });
};

/** The hall's clock: a single-post window's A has been away past the deadline fixed when they left. */
const escalate: Decider<'post.escalate'> = (state, config, command, now) => {
  const win = windowOf(config, command.window);
  if (!win.ok) return win;
  const staffing = staffingRecordOf(state.staffing, command.window);
  const absentA = staffing.windowPosts?.a ?? postsOf(state, config, command.window)?.a;
  if (can(staffingMachine, staffing, { type: 'ESCALATE', at: now }) && absentA !== undefined) {
    return accept({ type: 'post.escalated', window: command.window, clerkId: absentA });
  }
  if (staffing.status === 'a_away' && staffing.escalateAt !== undefined && now < staffing.escalateAt) {
    return refuse(escalationNotDue(Math.ceil((staffing.escalateAt - now) / 1000)));
  }
  return refuse(nothingToEscalate(command.window));
};

export const staffingDeciders = {
  'clerk.sign_in': signIn,
  'clerk.sign_out': signOut,
  'post.take_over': takeOver,
  'post.assign': assign,
  'post.escalate': escalate,
};
