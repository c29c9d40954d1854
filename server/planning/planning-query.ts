/**
 * `planning:query`: the hall file's target and weeks unless the request names
 * others, the history of those weeks (kept until the day changes: it only
 * changes when a day ends), and the planner.
 */
import type { HallConfig } from '../../state-machines/config/hall-config.ts';
import { serviceDayOf } from '../../state-machines/domain/service-day.ts';
import type { PlanningHistory } from '../../state-machines/planning/history.ts';
import { planWindows } from '../../state-machines/planning/planner.ts';
import type { PlanningQueryRequest } from '../../state-machines/protocol/messages.ts';
import type { PlanningAnswer } from '../../state-machines/protocol/socket-events.ts';
import { type EventLogReader, readPlanningHistory } from './history-source.ts';

type Hall = EventLogReader & { readonly config: HallConfig };

/** One history per hall service: the day and weeks it was read for. */
const kept = new WeakMap<Hall, { key: string; history: PlanningHistory }>();

export function planningHistoryFor(hall: Hall, now: number, weeks: number): PlanningHistory {
  const key = `${serviceDayOf(now, hall.config.hall.timezone)}|${weeks}`;
  const hit = kept.get(hall);
  if (hit?.key === key) return hit.history;
  const history = readPlanningHistory(hall, hall.config, now, weeks);
  kept.set(hall, { key, history });
  return history;
}

export function planningAnswer(hall: Hall, now: number, req: Omit<PlanningQueryRequest, 'requestId'>): PlanningAnswer {
  const { planning } = hall.config;
  const weeks = req.weeks ?? planning.historyWeeks;
  const history = planningHistoryFor(hall, now, weeks);
  const plan = planWindows({
    history,
    weekday: req.weekday,
    target: { share: req.share ?? planning.target.share, withinMinutes: req.withinMinutes ?? planning.target.withinMinutes },
    timeZone: hall.config.hall.timezone,
    hours: hall.config.hall.hours,
    queues: hall.config.queues.map((q) => ({ id: q.id, serviceMinutes: q.serviceMinutes })),
  });
  return { ...plan, historyWeeks: weeks, historyFrom: history.days[0] ?? null, historyTo: history.days.at(-1) ?? null };
}
