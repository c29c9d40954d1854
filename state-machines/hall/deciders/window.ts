/**
 * `window.*`: opening (开窗), pausing (暂停服务) and resuming, closing (关窗),
 * and the supervisor's approval to close in 延时服务 (批准关窗).
 *
 * Whether a window may is the window machine's answer (and, for opening, the
 * AB岗 machine's: a clerk registered as away signs in first); the closed hall
 * (after-hours.ts) and 延时服务 (tickets only this window serves) are rules of
 * the whole hall, checked here.
 */
import type { WindowRecord } from '../../domain/window.ts';
import { postsOf } from '../../domain/staffing.ts';
import { can } from '../../machines/ask.ts';
import { staffingMachine, staffingRecordOf } from '../../machines/staffing-machine.ts';
import { windowMachine } from '../../machines/window-machine.ts';
import { openRefusal, strandedBy } from '../after-hours.ts';
import { inExtendedService } from '../hall-clock.ts';
import { extendedMs, pastClosing } from '../schedule.ts';
import { findWindow, openWindow, windowRecordOf } from './at-window.ts';
import type { Decider, DeciderConfig } from './decider.ts';
import {
  awayCannotOpen,
  bothPostsAwayCannotOpen,
  closingStrands,
  COUNTER_ACTIONS,
  counterBusy,
  onlySupervisorApprovesClosing,
  unknownWindow,
  windowAlreadyOpen,
  windowAlreadyPaused,
  windowNotPaused,
} from './refusals.ts';
import { accept, refuse } from './result.ts';
import { onDutyOnly } from './staffing.ts';

/** 开窗: the opener is on duty from now (AB岗), unless registered as away; after hours only with something left to serve. */
const open: Decider<'window.open'> = (state, config, command, now) => {
  if (!findWindow(config, command.window)) return refuse(unknownWindow(command.window));
  if (!can(windowMachine, windowRecordOf(state, command.window), { type: 'OPEN', at: now, clerkId: command.clerkId })) return refuse(windowAlreadyOpen());
  // 闭厅: closed for the day with nothing left for this window, opening would only promise service the hall no longer gives.
  const closedHall = openRefusal(state, config, command.window, now);
  if (closedHall) return refuse(closedHall);
  const posts = postsOf(state, config, command.window);
  const staffing = staffingRecordOf(state.staffing, command.window);
  if (!can(staffingMachine, staffing, { type: 'OPEN', at: now, clerkId: command.clerkId, posts })) {
    return refuse(staffing.status === 'both_away' ? bothPostsAwayCannotOpen() : awayCannotOpen());
  }
  return accept({ type: 'window.opened', clerkId: command.clerkId, window: command.window, posts });
};

/** 关窗 with an empty counter; in 延时服务 not while tickets wait that only this window serves (the supervisor may approve). */
const close: Decider<'window.close'> = (state, config, command, now) => {
  const record = openWindow(state, config, command.window, true);
  if (!record.ok) return record;
  if (!can(windowMachine, record.value, { type: 'CLOSE', at: now })) return refuse(counterBusy(...COUNTER_ACTIONS.close));
  if (inExtendedService(state, config, now)) {
    const left = strandedBy(state, config, command.window);
    if (left > 0) return refuse(closingStrands(left));
  }
  return accept({ type: 'window.closed', clerkId: command.clerkId, window: command.window, extendedMs: extendedOf(config, record.value, now) });
};

/** 批准关窗: the supervisor closes a window although tickets wait that only it serves, with a reason. */
const closeApproved: Decider<'window.close_approved'> = (state, config, command, now) => {
  if (command.by.window !== undefined) return refuse(onlySupervisorApprovesClosing());
  const record = openWindow(state, config, command.window, true);
  if (!record.ok) return record;
  if (!can(windowMachine, record.value, { type: 'CLOSE', at: now })) return refuse(counterBusy(...COUNTER_ACTIONS.close));
  return accept({
    type: 'window.closed',
    clerkId: record.value.clerkId ?? command.by.staffId,
    window: command.window,
    extendedMs: extendedOf(config, record.value, now),
    approvedBy: command.by.staffId,
    reason: command.reason,
  });
};

/** 暂停服务 with a reason, once the counter is empty. */
const pause: Decider<'window.pause'> = (state, config, command, now) => {
  const record = openWindow(state, config, command.window, true);
  if (!record.ok) return record;
  if (!can(windowMachine, record.value, { type: 'PAUSE', at: now, reason: command.reason })) {
    return refuse(record.value.status === 'paused' ? windowAlreadyPaused() : counterBusy(...COUNTER_ACTIONS.pause));
  }
  return accept({ type: 'window.paused', clerkId: command.clerkId, window: command.window, reason: command.reason, note: command.note });
};

/** 恢复服务 after a pause; the event carries how long it lasted. */
const resume: Decider<'window.resume'> = (state, config, command, now) => {
  const record = openWindow(state, config, command.window, true);
  if (!record.ok) return record;
  if (!can(windowMachine, record.value, { type: 'UNPAUSE', at: now })) return refuse(windowNotPaused());
  return accept({ type: 'window.resumed', clerkId: command.clerkId, window: command.window, pausedMs: Math.max(0, now - (record.value.pausedAt ?? now)) });
};

/** After the hall's closing time: how long this window has served beyond it (undefined before closing or without a calendar). */
function extendedOf(config: DeciderConfig, record: WindowRecord, now: number): number | undefined {
  if (!config.schedule) return undefined;
  const calendar = { hall: config.hall, schedule: config.schedule };
  if (!pastClosing(calendar, now)) return undefined;
  return extendedMs(calendar, record.openedAt ?? now, now);
}

export const windowDeciders = {
  // Opening makes the opener the clerk on duty: a standby post may open a closed window.
  'window.open': open,
  'window.close': onDutyOnly(close),
  'window.close_approved': closeApproved,
  'window.pause': onDutyOnly(pause),
  'window.resume': onDutyOnly(resume),
};
