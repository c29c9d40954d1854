/**
 * A report from the projection's rows (README § Reports): per group (the whole hall, a floor, a
 * window, a clerk, a queue, an item) the counts and times a hall's managers show every month.
 * Pure: the server hands in the rows of the range (server/reports/report-projection.ts).
 *
 * Quantiles are nearest-rank: the median of n sorted values is the ⌈n/2⌉-th, p90 the ⌈0.9n⌉-th —
 * always a wait that happened, to the second as logged.
 */
import type { HallConfig } from '../config/hall-config.ts';
import { isPoorRating, RATING_LEVELS, type RatingLevel } from '../domain/rating.ts';
import { weekdayIndex, type DayRange } from './range.ts';
import type { AppointmentRow, RatingRow, SpanRow, VisitRow } from './visits.ts';

export const REPORT_GROUPS = ['hall', 'floor', 'window', 'clerk', 'queue', 'item'] as const;
export type ReportGroupBy = (typeof REPORT_GROUPS)[number];

/** How 未评价 counts in the satisfaction rate (hall file `ratings.unratedInReports`). */
export type UnratedCounts = 'excluded' | 'satisfied';

export interface ReportFigures {
  key: string;
  label: { zh: string; en: string };
  issued: number;
  served: number;
  noShows: number;
  /** 作废 */
  voided: number;
  /** Not ended yet (waiting, at a counter, parked). */
  open: number;
  transfers: number;
  parks: number;
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

export interface ReportInput {
  range: DayRange;
  groupBy: ReportGroupBy;
  seq: number;
  /** The hall's today: follow-ups past their due day and not closed are overdue. */
  today: string;
  unratedCounts: UnratedCounts;
  visits: readonly VisitRow[];
  spans: readonly SpanRow[];
  ratings: readonly RatingRow[];
  appointments: readonly AppointmentRow[];
}

/** Nearest-rank quantile of unsorted values (null when there are none). */
export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;
}

const NONE = '—';

/** What a group is called in the hall's words. */
function labeller(config: HallConfig, groupBy: ReportGroupBy): (key: string) => { zh: string; en: string } {
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
        const i = config.items.find((x) => x.id === key);
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

function keysFor(config: HallConfig, groupBy: ReportGroupBy): Keys {
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

interface Bucket {
  visits: VisitRow[];
  spans: SpanRow[];
  ratings: RatingRow[];
  appointments: AppointmentRow[];
}

export function buildReport(config: HallConfig, input: ReportInput): Report {
  const keys = keysFor(config, input.groupBy);
  const label = labeller(config, input.groupBy);
  const buckets = new Map<string, Bucket>();
  const bucket = (key: string) => {
    let b = buckets.get(key);
    if (!b) buckets.set(key, (b = { visits: [], spans: [], ratings: [], appointments: [] }));
    return b;
  };
  for (const v of input.visits) bucket(keys.visit(v)).visits.push(v);
  for (const s of input.spans) {
    const k = keys.span(s);
    if (k !== undefined) bucket(k).spans.push(s);
  }
  for (const r of input.ratings) bucket(keys.rating(r)).ratings.push(r);
  for (const a of input.appointments) {
    const k = keys.appointment(a);
    if (k !== undefined) bucket(k).appointments.push(a);
  }
  const spansApply = input.groupBy !== 'queue' && input.groupBy !== 'item';
  const appointmentsApply = input.groupBy !== 'window' && input.groupBy !== 'clerk';
  const figures = (key: string, lbl: { zh: string; en: string }, b: Bucket, spans: boolean, appts: boolean) =>
    figuresOf(key, lbl, b, { spans, appointments: appts, today: input.today, unrated: input.unratedCounts });
  const groups = [...buckets]
    .map(([key, b]) => figures(key, label(key), b, spansApply, appointmentsApply))
    .sort((a, b) => b.issued - a.issued || a.key.localeCompare(b.key));
  const total = figures(
    'total',
    { zh: '合计', en: 'Total' },
    { visits: [...input.visits], spans: [...input.spans], ratings: [...input.ratings], appointments: [...input.appointments] },
    true,
    true,
  );
  return {
    range: input.range,
    groupBy: input.groupBy,
    seq: input.seq,
    unratedCounts: input.unratedCounts,
    total,
    groups,
    arrivals: arrivalsGrid(input.visits),
    days: dailySeries(input.visits),
  };
}

function ratio(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

function figuresOf(
  key: string,
  label: { zh: string; en: string },
  b: Bucket,
  o: { spans: boolean; appointments: boolean; today: string; unrated: UnratedCounts },
): ReportFigures {
  let served = 0;
  let noShows = 0;
  let voided = 0;
  let open = 0;
  let transfers = 0;
  let parks = 0;
  let green = 0;
  let servedExtended = 0;
  const waits: number[] = [];
  const greenWaits: number[] = [];
  const services: number[] = [];
  for (const v of b.visits) {
    if (v.outcome === 'done') {
      served++;
      services.push(v.serviceMs);
      if (v.extended) servedExtended++;
    } else if (v.outcome === 'no_show') noShows++;
    else if (v.outcome === 'void') voided++;
    else open++;
    transfers += v.transfers;
    parks += v.parks;
    if (v.green) green++;
    if (v.calledAt !== undefined) {
      const wait = v.calledAt - v.issuedAt;
      waits.push(wait);
      if (v.green) greenWaits.push(wait);
    }
  }
  let openMs = 0;
  let busyMs = 0;
  let extendedMs = 0;
  for (const s of b.spans) {
    // A span still open counts up to its last busy moment only when closed: open spans are left out of utilisation.
    if (s.closedAt !== undefined) {
      openMs += Math.max(0, s.closedAt - s.openedAt - s.pausedMs);
      busyMs += s.busyMs;
    }
    extendedMs += s.extendedMs;
  }
  const levels = { 5: 0, 4: 0, 3: 0, 2: 0, 1: 0 } as Record<RatingLevel, number>;
  let rated = 0;
  let unrated = 0;
  let poor = 0;
  const followUps = { open: 0, assigned: 0, resolved: 0, closed: 0, overdue: 0 };
  for (const r of b.ratings) {
    if (r.status === 'rated' && r.level !== undefined) {
      rated++;
      levels[r.level]++;
      if (isPoorRating(r.level)) poor++;
    } else if (r.status === 'unrated') unrated++;
    if (r.followUp !== undefined) {
      followUps[r.followUp]++;
      if (r.followUp !== 'closed' && r.followUpDueDay !== undefined && r.followUpDueDay < o.today) followUps.overdue++;
    }
  }
  const satisfied = RATING_LEVELS.filter((l) => !isPoorRating(l)).reduce((n, l) => n + levels[l], 0);
  const satisfaction = o.unrated === 'satisfied' ? ratio(satisfied + unrated, rated + unrated) : ratio(satisfied, rated);
  let appointments: ReportFigures['appointments'] = null;
  if (o.appointments) {
    const a = { booked: 0, cancelled: 0, checkedIn: 0, forfeited: 0, showRate: null as number | null };
    for (const x of b.appointments) {
      if (x.status === 'cancelled') a.cancelled++;
      else {
        a.booked++;
        if (x.status === 'checked_in') a.checkedIn++;
        if (x.status === 'forfeited') a.forfeited++;
      }
    }
    // 到场率 over the bookings whose fate is known (checked in or forfeited by the clock).
    a.showRate = ratio(a.checkedIn, a.checkedIn + a.forfeited);
    appointments = a;
  }
  return {
    key,
    label,
    issued: b.visits.length,
    served,
    noShows,
    voided,
    open,
    transfers,
    parks,
    waitMedianMs: quantile(waits, 0.5),
    waitP90Ms: quantile(waits, 0.9),
    serviceMedianMs: quantile(services, 0.5),
    serviceP90Ms: quantile(services, 0.9),
    utilisation: o.spans ? ratio(busyMs, openMs) : null,
    openMs: o.spans ? openMs : null,
    busyMs: o.spans ? busyMs : null,
    extendedMinutes: o.spans ? Math.round(extendedMs / 60_000) : null,
    servedExtended,
    green,
    greenShare: ratio(green, b.visits.length),
    greenWaitMedianMs: quantile(greenWaits, 0.5),
    greenWaitP90Ms: quantile(greenWaits, 0.9),
    appointments,
    ratings: {
      invited: b.ratings.length,
      rated,
      unrated,
      levels,
      satisfaction,
      ratingRate: ratio(rated, rated + unrated),
      poor,
      followUps,
    },
  };
}

/** Asia/Shanghai hour of an instant. */
function shanghaiHour(at: number): number {
  return new Date(at + 8 * 3_600_000).getUTCHours();
}

function arrivalsGrid(visits: readonly VisitRow[]): number[][] {
  const grid = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  for (const v of visits) grid[weekdayIndex(v.day)]![shanghaiHour(v.issuedAt)]!++;
  return grid;
}

function dailySeries(visits: readonly VisitRow[]): Report['days'] {
  const byDay = new Map<string, VisitRow[]>();
  for (const v of visits) {
    let list = byDay.get(v.day);
    if (!list) byDay.set(v.day, (list = []));
    list.push(v);
  }
  return [...byDay]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([day, list]) => ({
      day,
      issued: list.length,
      served: list.filter((v) => v.outcome === 'done').length,
      noShows: list.filter((v) => v.outcome === 'no_show').length,
      waitMedianMs: quantile(
        list.filter((v) => v.calledAt !== undefined).map((v) => v.calledAt! - v.issuedAt),
        0.5,
      ),
    }));
}
