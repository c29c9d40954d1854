/**
 * Read-side helpers shared by the server and the front ends: derived facts
 * about the state, computed the same way everywhere.
 */
import type { QueueConfig, QueueRules } from '../config/hall-config.ts';
import type { TicketRecord, TicketStatus } from '../domain/ticket.ts';
import { compareLine } from './call-order.ts';
import type { HallState } from './state.ts';

// 您前面还有 N 人 and 预计等待 come from the call forecast: estimate.ts.

/** Waiting tickets of a queue (等候 N 人 on the wall display and the staff desk). */
export function waitingCount(state: HallState, queueId: string): number {
  let n = 0;
  for (const t of Object.values(state.tickets)) if (t.status === 'waiting' && t.queueId === queueId) n++;
  return n;
}

/** Tickets of the current service day in a status, oldest first (panel lists: 挂起, 过号). */
export function ticketsIn(state: HallState, status: TicketStatus, queues?: readonly string[]): TicketRecord[] {
  return Object.values(state.tickets)
    .filter((t) => t.status === status && (queues === undefined || queues.includes(t.queueId)))
    .sort(compareLine);
}

/** 今日已办结: tickets of the service day `day` finished at a counter (desk KPI, /metrics). */
export function servedCount(state: HallState, day: string): number {
  let n = 0;
  for (const t of Object.values(state.tickets)) if (t.status === 'done' && t.serviceDay === day) n++;
  return n;
}

/** A queue's live figures for the supervisor desk and /metrics: 等候 N 人 and the oldest waiting ticket's wait since it was issued. */
export interface QueueKpi {
  queueId: string;
  waiting: number;
  /** How long the oldest waiting ticket has waited (now − issue time); undefined when nobody waits. */
  longestWaitMs: number | undefined;
  /** 建议增开窗口 past this many minutes (the queue's longWaitMinutes, else the hall's). */
  thresholdMinutes: number;
  /** The longest wait is over the threshold. */
  over: boolean;
}

type KpiConfig = { queues: readonly Pick<QueueConfig, 'id' | 'longWaitMinutes'>[]; queueRules: Pick<QueueRules, 'longWaitMinutes'> };

/** Every queue's KPI in the hall file's order, from one pass over the tickets (the desk recomputes it each second from the state it folds). */
export function queueKpis(state: HallState, config: KpiConfig, now: number): QueueKpi[] {
  const oldest = new Map<string, number>();
  const waiting = new Map<string, number>();
  for (const t of Object.values(state.tickets)) {
    if (t.status !== 'waiting') continue;
    waiting.set(t.queueId, (waiting.get(t.queueId) ?? 0) + 1);
    const issued = oldest.get(t.queueId);
    if (issued === undefined || t.issuedAt < issued) oldest.set(t.queueId, t.issuedAt);
  }
  return config.queues.map((q) => {
    const issued = oldest.get(q.id);
    const longestWaitMs = issued === undefined ? undefined : Math.max(0, now - issued);
    const thresholdMinutes = q.longWaitMinutes ?? config.queueRules.longWaitMinutes;
    return {
      queueId: q.id,
      waiting: waiting.get(q.id) ?? 0,
      longestWaitMs,
      thresholdMinutes,
      over: longestWaitMs !== undefined && longestWaitMs > thresholdMinutes * 60_000,
    };
  });
}
