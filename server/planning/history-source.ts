/**
 * The planner's history (state-machines/planning/history.ts), read from the
 * hall's event log: visits per queue and the spans windows were open, for the
 * last N weeks before today. The coordinator will switch this to the report
 * projection (server/reports/) once it lands — it keeps the same facts
 * incrementally, so a query then reads rows instead of the log.
 *
 * Bounded: N ≤ 12 weeks (the hall file's planning.historyWeeks), the log is
 * read in pages of PAGE events from the first event of the range (found by
 * binary search on seq, the log being in time order), at most MAX_EVENTS in
 * all, and the answer is kept for the rest of the day (the history only
 * changes when a day ends), so repeated queries cost nothing.
 */
import type { HallConfig } from '../../state-machines/config/hall-config.ts';
import type { LoggedEvent } from '../../state-machines/domain/events.ts';
import { localInstant } from '../../state-machines/domain/appointment.ts';
import { serviceDayOf } from '../../state-machines/domain/service-day.ts';
import type { OpenSpan, PlanningHistory, VisitRow } from '../../state-machines/planning/history.ts';

const PAGE = 5_000;
/** A year of a busy hall is ~1M events; 12 weeks of it fit well under this. */
export const MAX_EVENTS = 1_000_000;
const DAY_MS = 86_400_000;

/** What the source needs from the hall service. */
export interface EventLogReader {
  readonly seq: number;
  eventsSince(afterSeq: number, limit: number): LoggedEvent[];
}

/** The first seq whose event is at or after `at` (seq + 1 of the last event when none is). */
function firstSeqAtOrAfter(log: EventLogReader, at: number): number {
  let lo = 1;
  let hi = log.seq + 1;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    const e = log.eventsSince(mid - 1, 1)[0];
    if (e !== undefined && e.at < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function readPlanningHistory(log: EventLogReader, config: Pick<HallConfig, 'hall' | 'windows'>, now: number, weeks: number): PlanningHistory {
  const tz = config.hall.timezone;
  const to = localInstant(serviceDayOf(now, tz), '00:00', tz);
  const from = to - weeks * 7 * DAY_MS;
  const queuesOf = new Map(config.windows.map((w) => [w.number, w.queues]));
  const visits: VisitRow[] = [];
  const spans: OpenSpan[] = [];
  const days = new Set<string>();
  type Open = { queueId: string; issuedAt: number; calledAt?: number; serviceStartedAt?: number; heldFrom?: number; heldMs: number };
  const open = new Map<string, Open>();
  const openSince = new Map<number, number>();
  /** The queue of each 过号 ticket, for its 过号重排. */
  const noShowQueue = new Map<string, string>();
  const end = (id: string, v: Open, at: number, outcome: VisitRow['outcome'], transferred: boolean) => {
    const heldMs = v.heldMs + (v.heldFrom !== undefined ? at - v.heldFrom : 0);
    visits.push({
      queueId: v.queueId,
      issuedAt: v.issuedAt,
      calledAt: v.calledAt,
      serviceStartedAt: v.serviceStartedAt,
      completedAt: at,
      heldMs,
      outcome,
      transferred,
    });
    open.delete(id);
  };
  const spanEnd = (window: number, at: number) => {
    const since = openSince.get(window);
    if (since === undefined) return;
    openSince.delete(window);
    if (at > since) spans.push({ window, queues: queuesOf.get(window) ?? [], from: since, to: at });
  };

  let after = firstSeqAtOrAfter(log, from) - 1;
  let read = 0;
  for (let done = false; !done && read < MAX_EVENTS; ) {
    const page = log.eventsSince(after, PAGE);
    if (page.length === 0) break;
    for (const { seq, at, event: e } of page) {
      after = seq;
      read++;
      if (at >= to) {
        done = true;
        break;
      }
      switch (e.type) {
        case 'ticket.issued':
          open.set(e.ticketId, { queueId: e.queueId, issuedAt: at, heldMs: 0 });
          days.add(e.serviceDay);
          break;
        case 'ticket.requeued': {
          // 过号重排: back in line, a new visit of the same queue.
          const queueId = noShowQueue.get(e.ticketId);
          if (queueId !== undefined) open.set(e.ticketId, { queueId, issuedAt: at, heldMs: 0 });
          break;
        }
        case 'ticket.called':
        case 'ticket.resumed': {
          const v = open.get(e.ticketId);
          if (v) {
            v.calledAt ??= at;
            if (e.type === 'ticket.resumed') v.serviceStartedAt ??= at;
            v.heldFrom = at;
          }
          break;
        }
        case 'ticket.serving_started': {
          const v = open.get(e.ticketId);
          if (v) v.serviceStartedAt ??= at;
          break;
        }
        case 'ticket.parked': {
          const v = open.get(e.ticketId);
          if (v && v.heldFrom !== undefined) {
            v.heldMs += at - v.heldFrom;
            v.heldFrom = undefined;
          }
          break;
        }
        case 'ticket.completed':
        case 'ticket.no_show':
        case 'ticket.cancelled': {
          const v = open.get(e.ticketId);
          if (v) end(e.ticketId, v, at, e.type === 'ticket.completed' ? 'done' : e.type === 'ticket.no_show' ? 'no-show' : 'void', false);
          if (e.type === 'ticket.no_show' && v) noShowQueue.set(e.ticketId, v.queueId);
          break;
        }
        case 'ticket.transferred': {
          const v = open.get(e.ticketId);
          if (v) end(e.ticketId, v, at, 'done', true);
          open.set(e.ticketId, { queueId: e.toQueueId, issuedAt: at, heldMs: 0 });
          break;
        }
        case 'window.opened':
        case 'window.resumed':
          if (!openSince.has(e.window)) openSince.set(e.window, at);
          break;
        case 'window.paused':
        case 'window.closed':
          spanEnd(e.window, at);
          break;
      }
    }
  }
  for (const w of [...openSince.keys()]) spanEnd(w, to);
  return { visits, spans, days: [...days].sort() };
}
