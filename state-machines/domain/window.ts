/**
 * Windows (窗口): the counters where clerks call and serve. A window holds at
 * most one ticket at a time (`current`); its lifecycle is the window machine
 * (machines/window-machine.ts), whose states are exactly `WindowStatus`.
 */

export type WindowStatus = 'closed' | 'idle' | 'calling' | 'serving' | 'paused';

/** Why a window is paused (暂停服务). Staff only: public screens say 暂停服务 without why. */
export const PAUSE_REASONS = ['break', 'meeting', 'system', 'other'] as const;
export type PauseReason = (typeof PAUSE_REASONS)[number];

export interface WindowRecord {
  number: number;
  status: WindowStatus;
  /** 工号 of the clerk who opened the window and is serving at it now. */
  clerkId?: string | undefined;
  /** Ticket id at the counter while calling or serving. */
  current?: string | undefined;
  openedAt?: number | undefined;
  pauseReason?: PauseReason | undefined;
  pausedAt?: number | undefined;
  /** Consecutive calls of priority tickets at this window; the fairness rule reads it (call-order.ts). */
  priorityStreak?: number | undefined;
}

/** A window that may call: open and not paused. */
export function isServing(record: WindowRecord | undefined): boolean {
  return record !== undefined && record.status !== 'closed' && record.status !== 'paused';
}
