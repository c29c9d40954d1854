/**
 * `planning:query`: the hall file's target and weeks unless the request names
 * others, the history of those weeks (kept until the day changes: it only
 * changes when a day ends), and the planner.
 */
import type { HallConfig } from '../../state-machines/config/hall-config.ts';
import { localInstant } from '../../state-machines/domain/appointment.ts';
import { serviceDayOf } from '../../state-machines/domain/service-day.ts';
import type { PlanningHistory } from '../../state-machines/planning/history.ts';
import { planWindows } from '../../state-machines/planning/planner.ts';
import type { PlanningQueryRequest } from '../../state-machines/protocol/messages.ts';
import type { PlanningAnswer } from '../../state-machines/protocol/socket-events.ts';
import { type EventLogReader, readPlanningHistory } from './history-source.ts';

type Hall = EventLogReader & { readonly config: HallConfig };

/** The most weeks a query may ask for (messages.ts, the hall file's planning.historyWeeks). */
export const MAX_HISTORY_WEEKS = 12;

/**
 * One history per hall service and day: the longest (MAX_HISTORY_WEEKS) is read once — the read is
 * synchronous and takes ~1.4 s over a busy hall's 12 weeks (~100k visits, measured on 2 cores) — and a
 * query for fewer weeks is cut from it, so trying 1…12 weeks never reads the log twice in a day.
 */
const kept = new WeakMap<Hall, { day: string; history: PlanningHistory }>();

export function planningHistoryFor(hall: Hall, now: number, weeks: number): PlanningHistory {
  const { timezone } = hall.config.hall;
  const day = serviceDayOf(now, timezone);
  let hit = kept.get(hall);
  if (hit?.day !== day) {
    hit = { day, history: readPlanningHistory(hall, hall.config, now, MAX_HISTORY_WEEKS) };
    kept.set(hall, hit);
  }
  return weeks >= MAX_HISTORY_WEEKS ? hit.history : lastWeeks(hit.history, localInstant(day, '00:00', timezone) - weeks * WEEK_MS, timezone);
}

const WEEK_MS = 7 * 86_400_000;

/** The part of a history from `from` on: visits that joined a queue then, open spans cut there, the days since. */
function lastWeeks(history: PlanningHistory, from: number, timeZone: string): PlanningHistory {
  const fromDay = serviceDayOf(from, timeZone);
  return {
    visits: history.visits.filter((v) => v.issuedAt >= from),
    spans: history.spans.filter((s) => s.to > from).map((s) => (s.from >= from ? s : { ...s, from })),
    days: history.days.filter((d) => d >= fromDay),
  };
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
