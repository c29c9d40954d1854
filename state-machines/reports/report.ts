/**
 * A report from the projection's rows (README § Reports): per group (the whole hall, a floor, a
 * window, a clerk, a queue, an item) the counts and times a hall's managers show every month.
 * Pure: the server hands in the rows of the range (server/reports/report-projection.ts).
 *
 * Quantiles are nearest-rank: the median of n sorted values is the ⌈n/2⌉-th, p90 the ⌈0.9n⌉-th —
 * always a wait that happened, to the second as logged.
 */
import type { PublicHallConfig } from '../config/hall-config.ts';
import { isPoorRating, RATING_LEVELS, type RatingLevel } from '../domain/rating.ts';
import { localClock } from '../domain/service-day.ts';
import { choiceOf } from '../hall/notice.ts';
import { weekdayIndex, type DayRange } from './range.ts';
import type { AppointmentRow, RatingRow, SpanRow, VisitRow } from './visits.ts';

/**
 * What of the hall file a report reads: names of the hall, floors, windows, staff, queues and items, and
 * the time zone. The public hall file (toPublicConfig) has all of it, so a hub that holds only what a hall
 * publishes (server/hub/hub-reports.ts) runs these same functions; the hall passes its full HallConfig.
 */
export type ReportConfig = Pick<PublicHallConfig, 'hall' | 'floors' | 'windows' | 'staff' | 'queues' | 'items' | 'bundles'>;

export const REPORT_GROUPS = ['hall', 'floor', 'window', 'clerk', 'queue', 'item'] as const;
export type ReportGroupBy = (typeof REPORT_GROUPS)[number];

/** How 未评价 counts in the satisfaction rate (hall file `ratings.unratedInReports`). */
export type UnratedCounts = 'excluded' | 'satisfied';

/** What became of the tickets of a group: counted the same way in a day's summary and in the report. */
interface VisitCounts {
  issued: number;
  served: number;
  noShows: number;
  /** 作废 */
  voided: number;
  /** Not ended yet (waiting, at a counter, parked). */
  open: number;
  transfers: number;
  parks: number;
}

export interface ReportFigures extends VisitCounts {
  key: string;
  label: { zh: string; en: string };
  waitMedianMs: number | null;
  waitP90Ms: number | null;
  serviceMedianMs: number | null;
  serviceP90Ms: number | null;
  /** Window busy time ÷ open time (paused excluded); null where it does not apply (queues, items). */
  utilisation: number | null;
  openMs: number | null;
  busyMs: number | null;
  /** 延时服务 minutes recorded when windows closed after hours. */
  extendedMinutes: number | null;
  /** 办结 during 延时服务. */
  servedExtended: number;
  green: number;
  /** Green-channel tickets ÷ issued. */
  greenShare: number | null;
  greenWaitMedianMs: number | null;
  greenWaitP90Ms: number | null;
  /** Appointments of the range's days (not cancelled) and what became of them; null where it does not apply (windows, clerks). */
  appointments: { booked: number; cancelled: number; checkedIn: number; forfeited: number; showRate: number | null } | null;
  ratings: {
    invited: number;
    rated: number;
    /** 未评价 (the clock recorded it). */
    unrated: number;
    /** Count per level 5 … 1. */
    levels: Record<RatingLevel, number>;
    /** 满意率: (非常满意 + 满意 + 基本满意) ÷ rated — or with 未评价 as 满意, per the hall file. */
    satisfaction: number | null;
    /** 参评率: rated ÷ (rated + 未评价). */
    ratingRate: number | null;
    /** 差评 (不满意 and below). */
    poor: number;
    followUps: { open: number; assigned: number; resolved: number; closed: number; overdue: number };
  };
}

export interface Report {
  range: DayRange;
  groupBy: ReportGroupBy;
  /** The log position the projection had folded when the report was made. */
  seq: number;
  unratedCounts: UnratedCounts;
  total: ReportFigures;
  groups: ReportFigures[];
  /** Arrivals (tickets issued) by weekday (Monday first) × hour of day. */
  arrivals: number[][];
  /** Per day of the range that had visitors: issued, served, median wait. */
  days: { day: string; issued: number; served: number; noShows: number; waitMedianMs: number | null }[];
}

/**
 * What one service day contributes to one group, mergeable across days: counts add up and the
 * waits and service times are kept whole, so a month's median is the median of the month's visits
 * (not a median of daily medians). The server keeps these per day and grouping (a cache of the rows,
 * recomputed when a day's rows change), so a month report reads 30 summaries, not 45,000 rows.
 */
export interface GroupPartial extends VisitCounts {
  green: number;
  servedExtended: number;
  waits: number[];
  greenWaits: number[];
  services: number[];
  /** Window spans (closed ones) in this group: open and busy time, 延时服务. */
  spans: number;
  openMs: number;
  busyMs: number;
  extendedMs: number;
  invited: number;
  unrated: number;
  levels: Record<RatingLevel, number>;
  followUps: { open: number; assigned: number; resolved: number; closed: number };
  /** Due days of the follow-ups not closed yet (overdue is judged against the report's today). */
  dueDays: string[];
  appointments: { booked: number; cancelled: number; checkedIn: number; forfeited: number };
}

/** One service day under one grouping. */
export interface DaySummary {
  day: string;
  groupBy: ReportGroupBy;
  groups: Record<string, GroupPartial>;
  /** Tickets issued per hour of the day (Asia/Shanghai). */
  arrivals: number[];
}

export interface DayRows {
  visits: readonly VisitRow[];
  spans: readonly SpanRow[];
  ratings: readonly RatingRow[];
  appointments: readonly AppointmentRow[];
}

export interface ReportInput {
  range: DayRange;
  groupBy: ReportGroupBy;
  seq: number;
  /** The hall's today: follow-ups past their due day and not closed are overdue. */
  today: string;
  unratedCounts: UnratedCounts;
  /** The range's days under `groupBy`, and under 'hall' (the total, the daily series). */
  days: readonly DaySummary[];
  hallDays: readonly DaySummary[];
}

/** Nearest-rank quantile of unsorted values (null when there are none). */
export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;
}

const NONE = '—';

/** What a group is called in the hall's words. */
function labeller(config: ReportConfig, groupBy: ReportGroupBy): (key: string) => { zh: string; en: string } {
  return (key) => {
    if (key === NONE) return { zh: '未分配', en: 'None' };
    switch (groupBy) {
      case 'hall':
        return { zh: config.hall.name, en: config.hall.nameEn };
      case 'floor':
        return config.floors.find((f) => f.id === key)?.name ?? { zh: key, en: key };
      case 'window': {
        const w = config.windows.find((x) => String(x.number) === key);
        return { zh: `${key}号窗口${w ? ` ${w.name}` : ''}`, en: `Window ${key}${w?.nameEn ? ` ${w.nameEn}` : ''}` };
      }
      case 'clerk': {
        const s = config.staff.find((x) => x.id === key);
        return { zh: s ? `${s.name}（${key}）` : key, en: s ? `${s.name} (${key})` : key };
      }
      case 'queue':
        return config.queues.find((q) => q.id === key)?.name ?? { zh: key, en: key };
      case 'item': {
        // A ticket's itemId names an item or a 一件事 bundle (notice.ts).
        const i = choiceOf(config, key);
        return { zh: i?.name ?? key, en: i?.nameEn ?? i?.name ?? key };
      }
    }
  };
}

interface Keys {
  visit(v: VisitRow): string;
  span(s: SpanRow): string | undefined;
  rating(r: RatingRow): string;
  appointment(a: AppointmentRow): string | undefined;
}

function keysFor(config: ReportConfig, groupBy: ReportGroupBy): Keys {
  const windowFloor = new Map(config.windows.map((w) => [w.number, w.floor]));
  const queueFloor = new Map(config.queues.map((q) => [q.id, q.floor]));
  const floorOf = (window: number | undefined, queueId: string) =>
    (window !== undefined ? windowFloor.get(window) : undefined) ?? queueFloor.get(queueId) ?? NONE;
  switch (groupBy) {
    case 'hall':
      return { visit: () => 'hall', span: () => 'hall', rating: () => 'hall', appointment: () => 'hall' };
    case 'floor':
      return {
        visit: (v) => floorOf(v.window, v.finalQueueId),
        span: (s) => windowFloor.get(s.window) ?? NONE,
        rating: (r) => floorOf(r.window, r.queueId),
        appointment: (a) => queueFloor.get(a.queueId) ?? NONE,
      };
    case 'window':
      return {
        visit: (v) => (v.window === undefined ? NONE : String(v.window)),
        span: (s) => String(s.window),
        rating: (r) => String(r.window),
        appointment: () => undefined,
      };
    case 'clerk':
      return { visit: (v) => v.clerkId ?? NONE, span: (s) => s.clerkId, rating: (r) => r.clerkId, appointment: () => undefined };
    case 'queue':
      return { visit: (v) => v.finalQueueId, span: () => undefined, rating: (r) => r.queueId, appointment: (a) => a.queueId };
    case 'item':
      return { visit: (v) => v.itemId ?? NONE, span: () => undefined, rating: (r) => r.itemId ?? NONE, appointment: (a) => a.itemId ?? NONE };
  }
}

function emptyPartial(): GroupPartial {
  return {
    issued: 0,
    served: 0,
    noShows: 0,
    voided: 0,
    open: 0,
    transfers: 0,
    parks: 0,
    green: 0,
    servedExtended: 0,
    waits: [],
    greenWaits: [],
    services: [],
    spans: 0,
    openMs: 0,
    busyMs: 0,
    extendedMs: 0,
    invited: 0,
    unrated: 0,
    levels: { 5: 0, 4: 0, 3: 0, 2: 0, 1: 0 },
    followUps: { open: 0, assigned: 0, resolved: 0, closed: 0 },
    dueDays: [],
    appointments: { booked: 0, cancelled: 0, checkedIn: 0, forfeited: 0 },
  };
}

/** One day's rows under one grouping. */
export function summariseDay(config: ReportConfig, groupBy: ReportGroupBy, day: string, rows: DayRows): DaySummary {
  const keys = keysFor(config, groupBy);
  const groups: Record<string, GroupPartial> = {};
  const at = (key: string) => (groups[key] ??= emptyPartial());
  const arrivals = new Array<number>(24).fill(0);
  for (const v of rows.visits) {
    const p = at(keys.visit(v));
    arrivals[localHour(v.issuedAt, config.hall.timezone)]!++;
    p.issued++;
    if (v.outcome === 'done') {
      p.served++;
      p.services.push(v.serviceMs);
      if (v.extended) p.servedExtended++;
    } else if (v.outcome === 'no_show') p.noShows++;
    else if (v.outcome === 'void') p.voided++;
    else p.open++;
    p.transfers += v.transfers;
    p.parks += v.parks;
    if (v.green) p.green++;
    if (v.calledAt !== undefined) {
      p.waits.push(v.calledAt - v.issuedAt);
      if (v.green) p.greenWaits.push(v.calledAt - v.issuedAt);
    }
  }
  for (const s of rows.spans) {
    const key = keys.span(s);
    if (key === undefined) continue;
    const p = at(key);
    p.spans++;
    // A span still open (the window has not closed yet) counts once it closes.
    if (s.closedAt !== undefined) {
      p.openMs += Math.max(0, s.closedAt - s.openedAt - s.pausedMs);
      p.busyMs += s.busyMs;
    }
    p.extendedMs += s.extendedMs;
  }
  for (const r of rows.ratings) {
    const p = at(keys.rating(r));
    p.invited++;
    if (r.status === 'rated' && r.level !== undefined) p.levels[r.level]++;
    else if (r.status === 'unrated') p.unrated++;
    if (r.followUp !== undefined) {
      p.followUps[r.followUp]++;
      if (r.followUp !== 'closed' && r.followUpDueDay !== undefined) p.dueDays.push(r.followUpDueDay);
    }
  }
  for (const a of rows.appointments) {
    const key = keys.appointment(a);
    if (key === undefined) continue;
    const x = at(key).appointments;
    if (a.status === 'cancelled') x.cancelled++;
    else {
      x.booked++;
      if (a.status === 'checked_in') x.checkedIn++;
      if (a.status === 'forfeited') x.forfeited++;
    }
  }
  return { day, groupBy, groups, arrivals };
}

/** Add a day's partial to a running one: numbers add up, lists are appended, nested counts (levels, follow-ups, appointments) alike. */
function mergeInto(into: object, p: object): void {
  const target = into as Record<string, unknown>;
  for (const [key, value] of Object.entries(p)) {
    if (typeof value === 'number') target[key] = (target[key] as number) + value;
    else if (Array.isArray(value)) for (const x of value) (target[key] as unknown[]).push(x);
    else mergeInto(target[key] as object, value as object);
  }
}

function merged(days: readonly DaySummary[]): Map<string, GroupPartial> {
  const out = new Map<string, GroupPartial>();
  for (const d of days) {
    for (const [key, p] of Object.entries(d.groups)) {
      let into = out.get(key);
      if (!into) out.set(key, (into = emptyPartial()));
      mergeInto(into, p);
    }
  }
  return out;
}

/**
 * Summaries of the same day from several halls (a district, the province on the hub) as one: groups
 * merged by key — counts added, waits and service times kept whole, so a district's median is the
 * median of its visits — and arrivals added hour by hour.
 */
export function combineDays(day: string, groupBy: ReportGroupBy, parts: readonly DaySummary[]): DaySummary {
  const arrivals = new Array<number>(24).fill(0);
  for (const p of parts) for (const [h, n] of p.arrivals.entries()) arrivals[h]! += n;
  return { day, groupBy, groups: Object.fromEntries(merged(parts)), arrivals };
}

export function buildReport(config: ReportConfig, input: ReportInput): Report {
  const label = labeller(config, input.groupBy);
  const o = { today: input.today, unrated: input.unratedCounts };
  const spansApply = input.groupBy !== 'queue' && input.groupBy !== 'item';
  const appointmentsApply = input.groupBy !== 'window' && input.groupBy !== 'clerk';
  const groups = [...merged(input.days)]
    .map(([key, p]) => figuresOf(key, label(key), p, { ...o, spans: spansApply, appointments: appointmentsApply }))
    .sort((a, b) => b.issued - a.issued || a.key.localeCompare(b.key));
  const total = figuresOf('total', { zh: '合计', en: 'Total' }, merged(input.hallDays).get('hall') ?? emptyPartial(), {
    ...o,
    spans: true,
    appointments: true,
  });
  const arrivals = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  for (const d of input.hallDays) {
    const row = arrivals[weekdayIndex(d.day)]!;
    for (const [h, n] of d.arrivals.entries()) row[h]! += n;
  }
  const days = input.hallDays
    .filter((d) => d.groups.hall !== undefined && d.groups.hall.issued > 0)
    .map((d) => {
      const p = d.groups.hall!;
      return { day: d.day, issued: p.issued, served: p.served, noShows: p.noShows, waitMedianMs: quantile(p.waits, 0.5) };
    });
  return { range: input.range, groupBy: input.groupBy, seq: input.seq, unratedCounts: input.unratedCounts, total, groups, arrivals, days };
}

function ratio(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

function figuresOf(
  key: string,
  label: { zh: string; en: string },
  p: GroupPartial,
  o: { spans: boolean; appointments: boolean; today: string; unrated: UnratedCounts },
): ReportFigures {
  const rated = RATING_LEVELS.reduce((n, l) => n + p.levels[l], 0);
  const satisfied = RATING_LEVELS.filter((l) => !isPoorRating(l)).reduce((n, l) => n + p.levels[l], 0);
  const poor = rated - satisfied;
  const satisfaction = o.unrated === 'satisfied' ? ratio(satisfied + p.unrated, rated + p.unrated) : ratio(satisfied, rated);
  const a = p.appointments;
  return {
    key,
    label,
    issued: p.issued,
    served: p.served,
    noShows: p.noShows,
    voided: p.voided,
    open: p.open,
    transfers: p.transfers,
    parks: p.parks,
    waitMedianMs: quantile(p.waits, 0.5),
    waitP90Ms: quantile(p.waits, 0.9),
    serviceMedianMs: quantile(p.services, 0.5),
    serviceP90Ms: quantile(p.services, 0.9),
    utilisation: o.spans ? ratio(p.busyMs, p.openMs) : null,
    openMs: o.spans ? p.openMs : null,
    busyMs: o.spans ? p.busyMs : null,
    extendedMinutes: o.spans ? Math.round(p.extendedMs / 60_000) : null,
    servedExtended: p.servedExtended,
    green: p.green,
    greenShare: ratio(p.green, p.issued),
    greenWaitMedianMs: quantile(p.greenWaits, 0.5),
    greenWaitP90Ms: quantile(p.greenWaits, 0.9),
    // 到场率 over the bookings whose fate is known (checked in, or forfeited by the clock).
    appointments: o.appointments ? { ...a, showRate: ratio(a.checkedIn, a.checkedIn + a.forfeited) } : null,
    ratings: {
      invited: p.invited,
      rated,
      unrated: p.unrated,
      levels: { ...p.levels },
      satisfaction,
      ratingRate: ratio(rated, rated + p.unrated),
      poor,
      followUps: { ...p.followUps, overdue: p.dueDays.filter((d) => d < o.today).length },
    },
  };
}

/** The hall's local hour of an instant. */
function localHour(at: number, timeZone: string): number {
  return Number(localClock(at, timeZone).slice(0, 2));
}
