/**
 * 统计报表 on the hub (README § Many halls, "Reports across halls"): each hall's shipped events are
 * folded by the hall's OWN report fold (state-machines/reports/visits.ts `projectEvent`) into visit,
 * window-span, rating and appointment rows kept in PostgreSQL, and reports are made by the hall's
 * OWN functions (report.ts `summariseDay`, `buildReport`) — so a hall's month on the hub is the
 * hall's own report to the number.
 *
 * The fold needs none of the hall-only fields (hub-projection.ts strips names, masks, codes, notes,
 * 办件编号): it reads ids, queues, items, classes, windows, 工号, times, rating levels and follow-up
 * outcomes. A stripped payload may no longer pass the event schema (a booking without its masked
 * name), so rows are read as the JSON they are, not re-validated — the hub verified their hashes.
 * Labels and the time zone come from the hall's public hall file (toPublicConfig — what any kiosk
 * receives), which the hall sends with its live waits (`PUT …/profile`); a hall is folded once the
 * hub has it.
 *
 * Several hub processes: the fold reads from a stored position (`hub_report_meta.last_seq`) under
 * that row's lock (SELECT … FOR UPDATE) and writes the rows and the new position in the same
 * transaction, so a second process waits, then sees the moved position and folds only what is left:
 * each event is counted once by the lock and the transaction, not by luck. Day summaries are a cache
 * of the rows (as on the hall): the fold deletes the summaries of the days it changed; a summary is
 * made under a share lock of the same row, so it never stores a day as it was before a fold.
 */
import type pg from 'pg';
import type { PublicHallConfig } from '../../state-machines/config/hall-config.ts';
import { addDays } from '../../state-machines/domain/appointment.ts';
import type { HallEvent, LoggedEvent } from '../../state-machines/domain/events.ts';
import { serviceDayOf } from '../../state-machines/domain/service-day.ts';
import { protocolError, type ProtocolError } from '../../state-machines/protocol/errors.ts';
import { daysInRange, rangeRefusal, type DayRange } from '../../state-machines/reports/range.ts';
import {
  buildReport,
  combineDays,
  summariseDay,
  type DayRows,
  type DaySummary,
  type Report,
  type ReportConfig,
  type ReportGroupBy,
  type UnratedCounts,
} from '../../state-machines/reports/report.ts';
import { recordIncident } from './hub-ingest.ts';
import { HUB_PARTITIONS } from './hub-partitions.ts';
import { projectEvent, type AppointmentRow, type RatingRow, type ReportRows, type SpanRow, type VisitRow } from '../../state-machines/reports/visits.ts';

/** Events folded in one transaction (a hall's busy day is ~10,000). */
const FOLD_BATCH = 2000;
/** Transactions one catch-up runs before it yields (the next ingest or start continues). */
const FOLD_ROUNDS = 50;
/**
 * A roll-up reads one summary per hall and day: at most this many (60 halls × a month is 1,860; the
 * province's 3,000 halls fit a week). Beyond it the request is refused with a typed error.
 */
export const ROLLUP_MAX_HALL_DAYS = 25_000;
/** Roll-ups and the page are in the province's days. */
export const HUB_TIME_ZONE = 'Asia/Shanghai';

export const HUB_REPORT_SCHEMA: readonly string[] = [
  // The hall's public hall file: labels (queues, items, windows, clerks) and its time zone.
  `CREATE TABLE IF NOT EXISTS hall_profiles (
     hall_id     text PRIMARY KEY REFERENCES halls (hall_id),
     config      jsonb NOT NULL,
     updated_at  timestamptz NOT NULL DEFAULT now()
   )`,
  // Where each hall's report fold stands; its row is the fold's lock.
  `CREATE TABLE IF NOT EXISTS hub_report_meta (
     hall_id   text PRIMARY KEY REFERENCES halls (hall_id),
     last_seq  bigint NOT NULL DEFAULT 0,
     extended  boolean NOT NULL DEFAULT false,
     broken    text
   )`,
  // visits.ts's rows, one per (hall, kind, key): kind visit | span | rating | appointment. Hash-partitioned by hall as hall_events is.
  `CREATE TABLE IF NOT EXISTS hub_report_rows (
     hall_id  text NOT NULL,
     kind     text NOT NULL,
     key      text NOT NULL,
     day      text NOT NULL,
     open     boolean NOT NULL DEFAULT false,
     row      jsonb NOT NULL,
     PRIMARY KEY (hall_id, kind, key)
   ) PARTITION BY HASH (hall_id)`,
  ...Array.from(
    { length: HUB_PARTITIONS },
    (_, i) => `CREATE TABLE IF NOT EXISTS hub_report_rows_p${i} PARTITION OF hub_report_rows FOR VALUES WITH (MODULUS ${HUB_PARTITIONS}, REMAINDER ${i})`,
  ),
  'CREATE INDEX IF NOT EXISTS hub_report_rows_day ON hub_report_rows (hall_id, day)',
  'CREATE INDEX IF NOT EXISTS hub_report_rows_open ON hub_report_rows (hall_id) WHERE open',
  `CREATE TABLE IF NOT EXISTS hub_report_days (
     hall_id   text NOT NULL,
     group_by  text NOT NULL,
     day       text NOT NULL,
     data      jsonb NOT NULL,
     PRIMARY KEY (hall_id, group_by, day)
   )`,
];

type Kind = 'visit' | 'span' | 'rating' | 'appointment';

interface Changed {
  kind: Kind;
  key: string;
  day: string;
  open: boolean;
  row: object;
}

/** One transaction's rows: those the batch's events name, loaded first; changes kept until the write. */
class BatchRows implements ReportRows {
  readonly visits = new Map<string, VisitRow>();
  readonly ratings = new Map<string, RatingRow>();
  readonly appointments = new Map<string, AppointmentRow>();
  /** Open span per window. */
  readonly openSpans = new Map<number, SpanRow>();
  readonly changed = new Map<string, Changed>();

  constructor(public extended: boolean) {}

  private mark(kind: Kind, key: string, day: string, row: object, open = false): void {
    this.changed.set(`${kind}:${key}`, { kind, key, day, open, row });
  }
  visit(id: string) {
    return this.visits.get(id);
  }
  putVisit(row: VisitRow) {
    this.visits.set(row.ticketId, row);
    this.mark('visit', row.ticketId, row.day, row);
  }
  openSpan(window: number) {
    return this.openSpans.get(window);
  }
  putSpan(row: SpanRow) {
    if (row.closedAt === undefined) this.openSpans.set(row.window, row);
    else if (this.openSpans.get(row.window)?.id === row.id) this.openSpans.delete(row.window);
    this.mark('span', row.id, row.day, row, row.closedAt === undefined);
  }
  rating(id: string) {
    return this.ratings.get(id);
  }
  putRating(row: RatingRow) {
    this.ratings.set(row.ticketId, row);
    this.mark('rating', row.ticketId, row.day, row);
  }
  appointment(id: string) {
    return this.appointments.get(id);
  }
  putAppointment(row: AppointmentRow) {
    this.appointments.set(row.id, row);
    this.mark('appointment', row.id, row.day, row);
  }
}

/** The ids a batch's events name: the rows the fold may read. */
function idsOf(events: readonly LoggedEvent[]): { tickets: string[]; appointments: string[] } {
  const tickets = new Set<string>();
  const appointments = new Set<string>();
  for (const { event } of events) {
    const e = event as unknown as Record<string, unknown>;
    if (typeof e.ticketId === 'string') tickets.add(e.ticketId);
    if (typeof e.followUpId === 'string') tickets.add(e.followUpId);
    if (typeof e.appointmentId === 'string') appointments.add(e.appointmentId);
  }
  return { tickets: [...tickets], appointments: [...appointments] };
}

export type HubReportScope = { kind: 'hall'; hallId: string } | { kind: 'district'; district: string } | { kind: 'province' };

export interface HubHall {
  id: string;
  name: string;
  district: string;
}

/** A report of one hall or of several, with what the page needs to say what it covers. */
export interface HubReport {
  scope: HubReportScope;
  /** The scope in words: a hall's name, a district, 全省. */
  title: string;
  /** For several halls: 'hall' (one row per hall) or 'district' (one row per district, the province). */
  report: Report;
  /** Halls in the scope whose events are not all folded yet, or whose hall file the hub has not received. */
  behind: { hallId: string; name: string; foldedSeq: number; storedSeq: number; profile: boolean }[];
}

export type HubReportAnswer = { ok: true; result: HubReport } | { ok: false; error: ProtocolError };

export class HubReports {
  /** Halls whose catch-up is running in this process, and those asked again meanwhile. */
  private readonly running = new Set<string>();
  private readonly again = new Set<string>();

  constructor(private readonly pool: pg.Pool) {}

  /**
   * A hall's public hall file (sent with its live waits, once per hall start). Folding starts once the
   * hub has it. A changed file (a window moved to another floor) drops the hall's day summaries — they
   * group by it — under the fold's lock, so none is stored from the old file afterwards.
   */
  async putProfile(hallId: string, config: PublicHallConfig): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      await client.query('INSERT INTO hub_report_meta (hall_id) VALUES ($1) ON CONFLICT DO NOTHING', [hallId]);
      await client.query('SELECT 1 FROM hub_report_meta WHERE hall_id = $1 FOR UPDATE', [hallId]);
      const changed = await client.query(
        `INSERT INTO hall_profiles (hall_id, config) VALUES ($1, $2)
         ON CONFLICT (hall_id) DO UPDATE SET config = EXCLUDED.config, updated_at = now() WHERE hall_profiles.config IS DISTINCT FROM EXCLUDED.config
         RETURNING hall_id`,
        [hallId, JSON.stringify(config)],
      );
      if (changed.rowCount) await client.query('DELETE FROM hub_report_days WHERE hall_id = $1', [hallId]);
    });
    this.poke(hallId);
  }

  /** Fold what is new for this hall, soon; several pokes while one runs make one more run. */
  poke(hallId: string): void {
    if (this.running.has(hallId)) {
      this.again.add(hallId);
      return;
    }
    this.running.add(hallId);
    void (async () => {
      try {
        do {
          this.again.delete(hallId);
          await this.catchUp(hallId);
        } while (this.again.has(hallId));
      } catch {
        // The database unreachable (the next ingest or start folds again), or a fold bug (marked broken, on the status page).
      } finally {
        this.running.delete(hallId);
      }
    })();
  }

  /** Every hall behind its stored events (a hub start: a process that stopped mid-way). */
  async catchUpAll(): Promise<void> {
    const behind = await this.pool.query<{ hall_id: string }>(
      `SELECT h.hall_id FROM halls h JOIN hall_profiles p USING (hall_id) LEFT JOIN hub_report_meta m USING (hall_id)
       WHERE h.last_seq > COALESCE(m.last_seq, 0) AND m.broken IS NULL`,
    );
    for (const { hall_id } of behind.rows) this.poke(hall_id);
  }

  /** Fold the hall's stored events past the report position, in transactions of FOLD_BATCH events (bounded rounds). Returns how many. */
  async catchUp(hallId: string): Promise<number> {
    const profile = await this.profile(hallId);
    if (!profile) return 0;
    let folded = 0;
    for (let round = 0; round < FOLD_ROUNDS; round++) {
      const n = await this.foldBatch(hallId, profile.hall.timezone);
      folded += n;
      if (n < FOLD_BATCH) break;
    }
    return folded;
  }

  private async foldBatch(hallId: string, timeZone: string): Promise<number> {
    let broken: Error | undefined;
    const folded = await inTransaction(this.pool, async (client) => {
      await client.query('INSERT INTO hub_report_meta (hall_id) VALUES ($1) ON CONFLICT DO NOTHING', [hallId]);
      const meta = (
        await client.query<{ last_seq: string; extended: boolean; broken: string | null }>(
          'SELECT last_seq, extended, broken FROM hub_report_meta WHERE hall_id = $1 FOR UPDATE',
          [hallId],
        )
      ).rows[0]!;
      if (meta.broken !== null) return 'rollback';
      const stored = await client.query<{ seq: string; at: string; payload: string }>(
        'SELECT seq, at, payload FROM hall_events WHERE hall_id = $1 AND seq > $2 ORDER BY seq LIMIT $3',
        [hallId, meta.last_seq, FOLD_BATCH],
      );
      if (stored.rows.length === 0) return 'rollback';
      const events: LoggedEvent[] = stored.rows.map((r) => ({ seq: Number(r.seq), at: Number(r.at), event: JSON.parse(r.payload) as HallEvent }));
      const rows = new BatchRows(meta.extended);
      const ids = idsOf(events);
      const known = await client.query<{ kind: Kind; row: never }>(
        `SELECT kind, row FROM hub_report_rows WHERE hall_id = $1 AND (
           (kind IN ('visit', 'rating') AND key = ANY($2::text[])) OR (kind = 'appointment' AND key = ANY($3::text[])) OR (kind = 'span' AND open))`,
        [hallId, ids.tickets, ids.appointments],
      );
      for (const { kind, row } of known.rows) {
        if (kind === 'visit') rows.visits.set((row as VisitRow).ticketId, row);
        else if (kind === 'rating') rows.ratings.set((row as RatingRow).ticketId, row);
        else if (kind === 'appointment') rows.appointments.set((row as AppointmentRow).id, row);
        else rows.openSpans.set((row as SpanRow).window, row);
      }
      try {
        for (const e of events) projectEvent(rows, e, timeZone);
      } catch (err) {
        broken = err as Error;
        return 'rollback';
      }
      const changed = [...rows.changed.values()];
      if (changed.length > 0) {
        await client.query(
          `INSERT INTO hub_report_rows (hall_id, kind, key, day, open, row)
           SELECT $1, u.kind, u.key, u.day, u.open, u.row FROM unnest($2::text[], $3::text[], $4::text[], $5::boolean[], $6::jsonb[]) AS u(kind, key, day, open, row)
           ON CONFLICT (hall_id, kind, key) DO UPDATE SET day = EXCLUDED.day, open = EXCLUDED.open, row = EXCLUDED.row`,
          [
            hallId,
            changed.map((c) => c.kind),
            changed.map((c) => c.key),
            changed.map((c) => c.day),
            changed.map((c) => c.open),
            changed.map((c) => JSON.stringify(c.row)),
          ],
        );
        await client.query('DELETE FROM hub_report_days WHERE hall_id = $1 AND day = ANY($2::text[])', [hallId, [...new Set(changed.map((c) => c.day))]]);
      }
      await client.query('UPDATE hub_report_meta SET last_seq = $2, extended = $3 WHERE hall_id = $1', [hallId, events.at(-1)!.seq, rows.extended]);
      return events.length;
    });
    if (broken) {
      // A bug in the fold: this hall's reports stop (the page says how far they go) instead of counting wrong; the events stay.
      await this.pool.query('UPDATE hub_report_meta SET broken = $2 WHERE hall_id = $1', [hallId, broken.message.slice(0, 300)]);
      await recordIncident(this.pool, hallId, 'REPORT', undefined, `report fold stopped: ${broken.message}`);
      throw broken;
    }
    return folded ?? 0;
  }

  async profile(hallId: string): Promise<PublicHallConfig | undefined> {
    return (await this.pool.query<{ config: PublicHallConfig }>('SELECT config FROM hall_profiles WHERE hall_id = $1', [hallId])).rows[0]?.config;
  }

  /** The halls a scope covers (a district's, the province's, one). */
  async hallsOf(scope: HubReportScope): Promise<HubHall[]> {
    const where = scope.kind === 'hall' ? 'WHERE hall_id = $1' : scope.kind === 'district' ? 'WHERE district = $1' : '';
    const params = scope.kind === 'hall' ? [scope.hallId] : scope.kind === 'district' ? [scope.district] : [];
    const rows = await this.pool.query<{ hall_id: string; name: string; district: string }>(
      `SELECT hall_id, name, district FROM halls ${where} ORDER BY district, hall_id`,
      params,
    );
    return rows.rows.map((r) => ({ id: r.hall_id, name: r.name, district: r.district }));
  }

  /** The districts that have halls, for the page's choice. */
  async districts(): Promise<string[]> {
    return (await this.pool.query<{ district: string }>("SELECT DISTINCT district FROM halls WHERE district <> '' ORDER BY district")).rows.map(
      (r) => r.district,
    );
  }

  /**
   * One hall's report, grouped as the hall's own page groups it (hall, floor, window, clerk, queue, item):
   * the same `buildReport` over the same day summaries, from the hub's rows.
   */
  async hallReport(hallId: string, range: DayRange, groupBy: ReportGroupBy, now: number): Promise<HubReportAnswer> {
    const refused = rangeRefusal(range);
    if (refused) return { ok: false, error: refused };
    const [hall] = await this.hallsOf({ kind: 'hall', hallId });
    const profile = hall && (await this.profile(hallId));
    if (!hall) return { ok: false, error: protocolError('NOT_FOUND', '没有这个大厅', 'No such hall', 'hall') };
    if (!profile)
      return {
        ok: false,
        error: protocolError('NOT_FOUND', '中心尚未收到该大厅的配置，暂无报表', 'The hub has not received this hall’s hall file yet', 'hall'),
      };
    const groupings: ReportGroupBy[] = groupBy === 'hall' ? ['hall'] : [groupBy, 'hall'];
    const { seq, days } = await this.summaries(hallId, profile, range, groupings);
    const report = buildReport(profile, {
      range,
      groupBy,
      seq,
      today: serviceDayOf(now, profile.hall.timezone),
      unratedCounts: unratedOf(profile),
      days: days[0]!,
      hallDays: days.at(-1)!,
    });
    return { ok: true, result: { scope: { kind: 'hall', hallId }, title: hall.name, report, behind: await this.behind([hall]) } };
  }

  /**
   * Several halls: one row per hall (a district) or per district (the province), and their total —
   * every hall's day summaries merged, so a district's median wait is the median of all its visits.
   */
  async rollup(scope: Exclude<HubReportScope, { kind: 'hall' }>, range: DayRange, now: number): Promise<HubReportAnswer> {
    const refused = rangeRefusal(range);
    if (refused) return { ok: false, error: refused };
    const halls = await this.hallsOf(scope);
    const hallDays = halls.length * daysInRange(range);
    if (hallDays > ROLLUP_MAX_HALL_DAYS) {
      return {
        ok: false,
        error: protocolError(
          'BAD_REQUEST',
          `所选范围含 ${halls.length} 个大厅 × ${daysInRange(range)} 天，超过 ${ROLLUP_MAX_HALL_DAYS} 个大厅日，请缩短区间或选择区县`,
          `${halls.length} halls × ${daysInRange(range)} days is more than ${ROLLUP_MAX_HALL_DAYS} hall-days; choose a shorter range or a district`,
          'to',
        ),
      };
    }
    const byDistrict = scope.kind === 'province';
    const groupKey = (h: HubHall) => (byDistrict ? h.district || '—' : h.id);
    const labels = new Map(halls.map((h) => [groupKey(h), byDistrict ? h.district || '未分区' : h.name]));
    const rekeyed: DaySummary[] = [];
    const perDay = new Map<string, DaySummary[]>();
    let seq = 0;
    const unrated = new Set<UnratedCounts>();
    for (const h of halls) {
      const profile = await this.profile(h.id);
      if (!profile) continue;
      unrated.add(unratedOf(profile));
      const got = await this.summaries(h.id, profile, range, ['hall']);
      seq += got.seq;
      for (const d of got.days[0]!) {
        const part = d.groups.hall;
        rekeyed.push({ ...d, groups: part ? { [groupKey(h)]: part } : {} });
        const list = perDay.get(d.day) ?? [];
        list.push(d);
        perDay.set(d.day, list);
      }
    }
    const combined: DaySummary[] = [];
    for (let day = range.from; day <= range.to; day = addDays(day, 1)) combined.push(combineDays(day, 'hall', perDay.get(day) ?? []));
    const title = scope.kind === 'district' ? scope.district : '全省';
    const config: ReportConfig = {
      hall: { id: 'hub', name: title, nameEn: title, timezone: HUB_TIME_ZONE, hours: [] },
      floors: [],
      windows: [],
      staff: [],
      queues: [],
      items: [],
    };
    const report = buildReport(config, {
      range,
      groupBy: 'hall',
      seq,
      today: serviceDayOf(now, HUB_TIME_ZONE),
      // Halls that count 未评价 as 满意 are summed with those that do not only when all agree; else the stricter rule.
      unratedCounts: unrated.size === 1 && unrated.has('satisfied') ? 'satisfied' : 'excluded',
      days: rekeyed,
      hallDays: combined,
    });
    report.groups = report.groups.map((g) => {
      const zh = labels.get(g.key) ?? g.key;
      return { ...g, label: { zh, en: zh } };
    });
    return { ok: true, result: { scope, title, report, behind: await this.behind(halls) } };
  }

  private async behind(halls: readonly HubHall[]): Promise<HubReport['behind']> {
    const rows = await this.pool.query<{ hall_id: string; stored: string; folded: string | null; profile: boolean }>(
      `SELECT h.hall_id, h.last_seq AS stored, m.last_seq AS folded, p.hall_id IS NOT NULL AS profile
       FROM halls h LEFT JOIN hub_report_meta m USING (hall_id) LEFT JOIN hall_profiles p USING (hall_id) WHERE h.hall_id = ANY($1::text[])`,
      [halls.map((h) => h.id)],
    );
    const name = new Map(halls.map((h) => [h.id, h.name]));
    return rows.rows
      .map((r) => ({
        hallId: r.hall_id,
        name: name.get(r.hall_id) ?? r.hall_id,
        foldedSeq: Number(r.folded ?? 0),
        storedSeq: Number(r.stored),
        profile: r.profile,
      }))
      .filter((b) => !b.profile || b.foldedSeq < b.storedSeq);
  }

  /**
   * The range's day summaries of one hall under each grouping: stored ones, the others made from the
   * day's rows and kept — under a share lock of the hall's report row, so no fold runs in between.
   */
  private async summaries(
    hallId: string,
    config: ReportConfig,
    range: DayRange,
    groupings: readonly ReportGroupBy[],
  ): Promise<{ seq: number; days: DaySummary[][] }> {
    const answer = await inTransaction(this.pool, async (client) => {
      await client.query('INSERT INTO hub_report_meta (hall_id) VALUES ($1) ON CONFLICT DO NOTHING', [hallId]);
      const seq = Number(
        (await client.query<{ last_seq: string }>('SELECT last_seq FROM hub_report_meta WHERE hall_id = $1 FOR SHARE', [hallId])).rows[0]!.last_seq,
      );
      const stored = await client.query<{ group_by: string; day: string; data: DaySummary }>(
        'SELECT group_by, day, data FROM hub_report_days WHERE hall_id = $1 AND group_by = ANY($2::text[]) AND day BETWEEN $3 AND $4',
        [hallId, groupings, range.from, range.to],
      );
      const have = new Map(stored.rows.map((r) => [`${r.group_by}@${r.day}`, r.data]));
      // Days with rows at all: a day without any is an empty summary, made without a query.
      const active = new Set(
        (
          await client.query<{ day: string }>('SELECT DISTINCT day FROM hub_report_rows WHERE hall_id = $1 AND day BETWEEN $2 AND $3', [
            hallId,
            range.from,
            range.to,
          ])
        ).rows.map((r) => r.day),
      );
      const days = groupings.map(() => [] as DaySummary[]);
      for (let day = range.from; day <= range.to; day = addDays(day, 1)) {
        let rows: DayRows | undefined;
        for (const [i, g] of groupings.entries()) {
          let summary = have.get(`${g}@${day}`);
          if (summary === undefined) {
            rows ??= active.has(day) ? await dayRows(client, hallId, day) : { visits: [], spans: [], ratings: [], appointments: [] };
            summary = summariseDay(config, g, day, rows);
            if (active.has(day)) {
              await client.query(
                'INSERT INTO hub_report_days (hall_id, group_by, day, data) VALUES ($1, $2, $3, $4) ON CONFLICT (hall_id, group_by, day) DO UPDATE SET data = EXCLUDED.data',
                [hallId, g, day, JSON.stringify(summary)],
              );
            }
          }
          days[i]!.push(summary);
        }
      }
      return { seq, days };
    });
    return answer!;
  }
}

/**
 * `work` in one transaction on a client of its own: committed when it returns, rolled back when it
 * throws or returns 'rollback'. A connection lost meanwhile (PostgreSQL restarted) is an error of the
 * transaction, not an uncaught one: a checked-out client reports it on itself, not on the pool.
 */
async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T | 'rollback'>): Promise<T | undefined> {
  const client = await pool.connect();
  const lost = () => undefined;
  client.on('error', lost);
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query(result === 'rollback' ? 'ROLLBACK' : 'COMMIT');
    return result === 'rollback' ? undefined : result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.off('error', lost);
    client.release();
  }
}

/** A day's rows of one hall, in the order the hall's tables give them (report-projection.ts). */
async function dayRows(client: pg.PoolClient, hallId: string, day: string): Promise<DayRows> {
  const rows = (await client.query<{ kind: Kind; row: never }>('SELECT kind, row FROM hub_report_rows WHERE hall_id = $1 AND day = $2', [hallId, day])).rows;
  const of = <R>(kind: Kind) => rows.filter((r) => r.kind === kind).map((r) => r.row as R);
  return {
    visits: of<VisitRow>('visit').sort((a, b) => a.issuedAt - b.issuedAt || a.ticketId.localeCompare(b.ticketId)),
    spans: of<SpanRow>('span').sort((a, b) => a.openedAt - b.openedAt || a.window - b.window),
    ratings: of<RatingRow>('rating').sort((a, b) => a.completedAt - b.completedAt || a.ticketId.localeCompare(b.ticketId)),
    appointments: of<AppointmentRow>('appointment').sort((a, b) => a.id.localeCompare(b.id)),
  };
}

function unratedOf(config: PublicHallConfig): UnratedCounts {
  return config.ratings?.unratedInReports ?? 'excluded';
}
