/**
 * 预计等待 (estimated wait), computed the same way on the server, the kiosk
 * and the displays from the hall state alone:
 *
 *   average service  = recent service times of the queue (the newest
 *                      `estimate.samples`), shrunk towards the configured
 *                      minutes by a prior worth 3 samples: (Σ + 3·prior)/(n + 3)
 *   windows' worth   = Σ over open, unpaused windows serving the queue of
 *                      1 / (queues that window serves which have someone waiting)
 *                      — a window shared by three busy queues gives each a third;
 *                      before any window opens, the configured windows count.
 *   estimated wait   = (people ahead + ½ if no such window is free) × average
 *                      service ÷ windows' worth
 *
 * The day simulation (tests/integration/day-simulation.test.ts) reports how far
 * it is from the waits that really happen.
 */
import type { HallConfig } from '../config/hall-config.ts';
import type { TicketRecord } from '../domain/ticket.ts';
import { isServing } from '../machines/window-machine.ts';
import type { HallState } from './state.ts';
import { peopleAhead } from './views.ts';

const PRIOR_WEIGHT = 3;

type EstimateConfig = Pick<HallConfig, 'queueRules' | 'queues' | 'windows'>;

export function averageServiceMs(state: HallState, config: EstimateConfig, queueId: string): number {
  const queue = config.queues.find((q) => q.id === queueId);
  const priorMs = (queue?.serviceMinutes ?? config.queueRules.estimate.defaultServiceMinutes) * 60_000;
  const samples = (state.serviceSamples[queueId] ?? []).slice(-config.queueRules.estimate.samples);
  const sum = samples.reduce((a, b) => a + b, 0);
  return (sum + PRIOR_WEIGHT * priorMs) / (samples.length + PRIOR_WEIGHT);
}

function waitingByQueue(state: HallState): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of Object.values(state.tickets)) if (t.status === 'waiting') counts.set(t.queueId, (counts.get(t.queueId) ?? 0) + 1);
  return counts;
}

/** How many windows' worth of service the queue gets now, whether one of them is free, and how many are open. */
export interface Capacity {
  windows: number;
  anyFree: boolean;
  open: number;
}

export function serviceCapacity(state: HallState, config: EstimateConfig, queueId: string, waiting = waitingByQueue(state)): Capacity {
  const share = (queues: readonly string[]) => 1 / Math.max(1, queues.filter((q) => q === queueId || (waiting.get(q) ?? 0) > 0).length);
  let open = 0;
  let openCount = 0;
  let configured = 0;
  let anyFree = false;
  for (const w of config.windows) {
    if (!w.queues.includes(queueId)) continue;
    configured += share(w.queues);
    const record = state.windows[String(w.number)];
    if (!isServing(record)) continue;
    open += share(w.queues);
    openCount++;
    if (record?.status === 'idle') anyFree = true;
  }
  return open > 0 ? { windows: open, anyFree, open: openCount } : { windows: Math.max(configured, 1e-9), anyFree: false, open: 0 };
}

export function estimateWaitMs(state: HallState, config: EstimateConfig, queueId: string, ahead: number, capacity = serviceCapacity(state, config, queueId)): number {
  return ((ahead + (capacity.anyFree ? 0 : 0.5)) * averageServiceMs(state, config, queueId)) / capacity.windows;
}

export interface WaitEstimate {
  /** 你前面还有 N 人 */
  ahead: number;
  /** 预计等待约 M 分钟 (whole minutes, 0 = about to be called). */
  minutes: number;
  /**
   * Open, unpaused windows serving the queue now. 0 (before opening, all on a
   * break): `minutes` assumes the configured windows open; screens say so
   * (窗口暂未开放) rather than promise a wait.
   */
  windowsOpen: number;
}

/** For a visitor holding `ticket`. Only waiting tickets wait. */
export function ticketWaitEstimate(state: HallState, config: EstimateConfig, ticket: TicketRecord): WaitEstimate {
  const capacity = serviceCapacity(state, config, ticket.queueId);
  if (ticket.status !== 'waiting') return { ahead: 0, minutes: 0, windowsOpen: capacity.open };
  const ahead = peopleAhead(state, ticket);
  return { ahead, minutes: Math.round(estimateWaitMs(state, config, ticket.queueId, ahead, capacity) / 60_000), windowsOpen: capacity.open };
}

/** For someone about to take a walk-in ticket of the queue (kiosk tiles, wall display). */
export function queueWaitEstimate(state: HallState, config: EstimateConfig, queueId: string): WaitEstimate {
  const waiting = waitingByQueue(state);
  const ahead = waiting.get(queueId) ?? 0;
  const capacity = serviceCapacity(state, config, queueId, waiting);
  return { ahead, minutes: Math.round(estimateWaitMs(state, config, queueId, ahead, capacity) / 60_000), windowsOpen: capacity.open };
}
