/**
 * The report projection (README § Reports): every event the hall appends is folded into report
 * rows (state-machines/reports/visits.ts) as it is folded into the hall state, and the rows are
 * kept in the hall's own SQLite file, in their own tables, with the last folded seq.
 *
 * The command path pays for an in-memory fold only: changed rows are written back in one
 * transaction (rows + `report_meta.last_seq` together) at most every FLUSH_MS, after
 * FLUSH_ROWS changed rows, before every report, and on close. A crash loses at most the
 * unwritten tail, which the next start folds again from the log (`catchUp`): the log is the
 * truth, these tables are a derived index of it — never the other way round.
 *
 * A report reads day summaries (state-machines/reports/report.ts `summariseDay`: one service day under
 * one grouping, counts and the whole lists of waits and service times), a cache of the rows: made
 * from a day's rows the first time a report needs it, deleted in the write-back that changes any
 * row of that day (today's, while the hall works; an old day's when a rating expires or a follow-up
 * moves). So a month report reads ~30 summaries per grouping, not 45,000 visit rows.
 */
import type Database from 'better-sqlite3';
import type { HallConfig } from '../../state-machines/config/hall-config.ts';
import type { LoggedEvent } from '../../state-machines/domain/events.ts';
import { addDays } from '../../state-machines/domain/appointment.ts';
import { serviceDayOf } from '../../state-machines/domain/service-day.ts';
import { buildReport, summariseDay, type DayRows, type DaySummary, type Report, type ReportGroupBy } from '../../state-machines/reports/report.ts';
import type { DayRange } from '../../state-machines/reports/range.ts';
import { projectEvent, type AppointmentRow, type RatingRow, type ReportRows, type SpanRow, type VisitRow } from '../../state-machines/reports/visits.ts';
import type { EventStore } from '../store/event-store.ts';

/** Bump when the rows' meaning changes: the tables are then dropped and folded again from the log. */
export const REPORT_SCHEMA_VERSION = 1;
const FLUSH_MS = 1000;
const FLUSH_ROWS = 5000;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS report_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS report_visits (
  ticket_id TEXT PRIMARY KEY, day TEXT NOT NULL, queue_id TEXT NOT NULL, final_queue_id TEXT NOT NULL, item_id TEXT,
  ticket_class TEXT NOT NULL, green INTEGER NOT NULL, appointment INTEGER NOT NULL, device_id TEXT NOT NULL, channel TEXT,
  issued_at INTEGER NOT NULL, called_at INTEGER, service_started_at INTEGER, completed_at INTEGER, ended_at INTEGER,
  window INTEGER, clerk_id TEXT, outcome TEXT NOT NULL, transfers INTEGER NOT NULL, parks INTEGER NOT NULL,
  requeues INTEGER NOT NULL, service_ms INTEGER NOT NULL, parked_ms INTEGER NOT NULL, extended INTEGER NOT NULL,
  stretch_from INTEGER, counter_from INTEGER, parked_at INTEGER
);
CREATE INDEX IF NOT EXISTS report_visits_day ON report_visits (day);
CREATE TABLE IF NOT EXISTS report_spans (
  id TEXT PRIMARY KEY, day TEXT NOT NULL, window INTEGER NOT NULL, clerk_id TEXT NOT NULL, opened_at INTEGER NOT NULL,
  closed_at INTEGER, paused_ms INTEGER NOT NULL, paused_at INTEGER, busy_ms INTEGER NOT NULL, extended_ms INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS report_spans_day ON report_spans (day);
CREATE TABLE IF NOT EXISTS report_ratings (
  ticket_id TEXT PRIMARY KEY, day TEXT NOT NULL, window INTEGER NOT NULL, clerk_id TEXT NOT NULL, queue_id TEXT NOT NULL,
  item_id TEXT, completed_at INTEGER NOT NULL, status TEXT NOT NULL, level INTEGER, channel TEXT,
  follow_up TEXT, follow_up_due_day TEXT, follow_up_outcome TEXT
);
CREATE INDEX IF NOT EXISTS report_ratings_day ON report_ratings (day);
CREATE TABLE IF NOT EXISTS report_appointments (
  id TEXT PRIMARY KEY, day TEXT NOT NULL, queue_id TEXT NOT NULL, item_id TEXT, channel TEXT NOT NULL, status TEXT NOT NULL, ticket_id TEXT
);
CREATE INDEX IF NOT EXISTS report_appointments_day ON report_appointments (day);
CREATE TABLE IF NOT EXISTS report_day_summaries (day TEXT NOT NULL, group_by TEXT NOT NULL, data TEXT NOT NULL, PRIMARY KEY (day, group_by));
`;
const TABLES = ['report_meta', 'report_visits', 'report_spans', 'report_ratings', 'report_appointments', 'report_day_summaries'];

/**
 * Each table's columns: the SQL column and the row's field, once. A boolean is stored as 0/1, an
 * absent value as NULL (read back as undefined), so a row reads back equal to what was written.
 */
type Columns<R> = readonly (readonly [column: string, field: keyof R & string, kind?: 'flag'])[];

const VISIT_COLUMNS: Columns<VisitRow> = [
  ['ticket_id', 'ticketId'],
  ['day', 'day'],
  ['queue_id', 'queueId'],
  ['final_queue_id', 'finalQueueId'],
  ['item_id', 'itemId'],
  ['ticket_class', 'ticketClass'],
  ['green', 'green', 'flag'],
  ['appointment', 'appointment', 'flag'],
  ['device_id', 'deviceId'],
  ['channel', 'channel'],
  ['issued_at', 'issuedAt'],
  ['called_at', 'calledAt'],
  ['service_started_at', 'serviceStartedAt'],
  ['completed_at', 'completedAt'],
  ['ended_at', 'endedAt'],
  ['window', 'window'],
  ['clerk_id', 'clerkId'],
  ['outcome', 'outcome'],
  ['transfers', 'transfers'],
  ['parks', 'parks'],
  ['requeues', 'requeues'],
  ['service_ms', 'serviceMs'],
  ['parked_ms', 'parkedMs'],
  ['extended', 'extended', 'flag'],
  ['stretch_from', 'stretchFrom'],
  ['counter_from', 'counterFrom'],
  ['parked_at', 'parkedAt'],
];
const SPAN_COLUMNS: Columns<SpanRow> = [
  ['id', 'id'],
  ['day', 'day'],
  ['window', 'window'],
  ['clerk_id', 'clerkId'],
  ['opened_at', 'openedAt'],
  ['closed_at', 'closedAt'],
  ['paused_ms', 'pausedMs'],
  ['paused_at', 'pausedAt'],
  ['busy_ms', 'busyMs'],
  ['extended_ms', 'extendedMs'],
];
const RATING_COLUMNS: Columns<RatingRow> = [
  ['ticket_id', 'ticketId'],
  ['day', 'day'],
  ['window', 'window'],
  ['clerk_id', 'clerkId'],
  ['queue_id', 'queueId'],
  ['item_id', 'itemId'],
  ['completed_at', 'completedAt'],
  ['status', 'status'],
  ['level', 'level'],
  ['channel', 'channel'],
  ['follow_up', 'followUp'],
  ['follow_up_due_day', 'followUpDueDay'],
  ['follow_up_outcome', 'followUpOutcome'],
];
const APPOINTMENT_COLUMNS: Columns<AppointmentRow> = [
  ['id', 'id'],
  ['day', 'day'],
  ['queue_id', 'queueId'],
  ['item_id', 'itemId'],
  ['channel', 'channel'],
  ['status', 'status'],
  ['ticket_id', 'ticketId'],
];

type Cell = string | number | null;

function cellsOf<R>(columns: Columns<R>, row: R): Cell[] {
  return columns.map(([, field, kind]) => {
    const value = row[field] as string | number | boolean | undefined;
    return value === undefined ? null : kind === 'flag' ? (value ? 1 : 0) : (value as string | number);
  });
}

function rowOf<R>(columns: Columns<R>, cells: Cell[]): R {
  const row: Record<string, unknown> = {};
  for (const [i, [, field, kind]] of columns.entries()) {
    const cell = cells[i];
    row[field] = kind === 'flag' ? cell === 1 : cell === null ? undefined : cell;
  }
  return row as R;
}

/**
 * Rows kept in memory after they are written back or read: a ticket's next event (its call, its 办结) comes
 * minutes after the last, well past a write-back, and would otherwise read its row from SQLite on the command
 * path. Today's open visits fit many times over; past it the map starts again (rows are re-read on demand).
 */
const RECENT_ROWS = 20_000;

/** One table's rows: changed ones wait in `dirty` until the next write-back; the others are read by key when the fold needs them, and kept. */
class Table<R> {
  readonly dirty = new Map<string, R>();
  private readonly recent = new Map<string, R>();
  private readonly byKey: Database.Statement;
  private readonly upsert: Database.Statement;
  readonly inRange: Database.Statement;

  private readonly toCells: (row: R) => Cell[];
  private readonly fromCells: (cells: Cell[]) => R;

  constructor(db: Database.Database, table: string, spec: Columns<R>, order: string) {
    this.toCells = (row) => cellsOf(spec, row);
    this.fromCells = (cells) => rowOf(spec, cells);
    const key = spec[0]![0];
    const columns = spec.map(([c]) => c).join(', ');
    this.byKey = db.prepare(`SELECT ${columns} FROM ${table} WHERE ${key} = ?`).raw(true);
    this.upsert = db.prepare(`INSERT OR REPLACE INTO ${table} (${columns}) VALUES (${spec.map(() => '?').join(', ')})`);
    this.inRange = db.prepare(`SELECT ${columns} FROM ${table} WHERE day BETWEEN ? AND ? ORDER BY ${order}`).raw(true);
  }

  get(key: string): R | undefined {
    const known = this.dirty.get(key) ?? this.recent.get(key);
    if (known !== undefined) return known;
    const cells = this.byKey.get(key) as Cell[] | undefined;
    const row = cells && this.fromCells(cells);
    if (row !== undefined) this.remember(key, row);
    return row;
  }

  put(key: string, row: R): void {
    this.dirty.set(key, row);
  }

  write(): void {
    for (const [key, row] of this.dirty) {
      this.upsert.run(this.toCells(row));
      this.remember(key, row);
    }
    this.dirty.clear();
  }

  private remember(key: string, row: R): void {
    if (this.recent.size >= RECENT_ROWS) this.recent.clear();
    this.recent.set(key, row);
  }

  /** Rows whose day is in the range (written rows only: flush first). */
  between(from: string, to: string): R[] {
    return (this.inRange.all(from, to) as Cell[][]).map(this.fromCells);
  }
}

export interface ReportProjectionOptions {
  now: () => number;
  /** A fold that failed (a bug in the projection): reports answer INTERNAL until a restart; the hall goes on. */
  onError?: (err: unknown, seq: number) => void;
}

export class ReportProjection implements ReportRows {
  private readonly visits: Table<VisitRow>;
  private readonly spans: Table<SpanRow>;
  private readonly ratings: Table<RatingRow>;
  private readonly appointments: Table<AppointmentRow>;
  /** Open span id per window (few: one per window at most), kept in memory and rebuilt from the table at start. */
  private readonly openSpans = new Map<number, string>();
  private readonly setMeta: Database.Statement;
  private readonly summariesIn: Database.Statement;
  private readonly putSummary: Database.Statement;
  private readonly dropSummaries: Database.Statement;
  /** Days whose rows changed since the last write-back: their summaries are dropped with it. */
  private readonly staleDays = new Set<string>();
  private readonly writeBack: () => void;
  private timer: NodeJS.Timeout | undefined;
  private pendingRows = 0;
  /** Last event folded (in memory); `flushedSeq` is what the tables hold. */
  seq = 0;
  flushedSeq = 0;
  extended = false;
  broken: string | undefined;

  constructor(
    db: Database.Database,
    private readonly config: HallConfig,
    private readonly options: ReportProjectionOptions,
  ) {
    db.exec('CREATE TABLE IF NOT EXISTS report_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)');
    const version = (db.prepare("SELECT value FROM report_meta WHERE key = 'schema'").get() as { value: number } | undefined)?.value;
    if (version !== REPORT_SCHEMA_VERSION) {
      // Rows of another meaning (or none yet): drop them; catchUp folds the whole log again.
      for (const t of TABLES) db.exec(`DROP TABLE IF EXISTS ${t}`);
    }
    // Written only when the tables are new: a hall on a filesystem turned read-only still opens (screens show the queue).
    db.exec(SCHEMA);
    this.setMeta = db.prepare('INSERT OR REPLACE INTO report_meta (key, value) VALUES (?, ?)');
    if (version !== REPORT_SCHEMA_VERSION) this.setMeta.run('schema', REPORT_SCHEMA_VERSION);
    const meta = (key: string) => (db.prepare('SELECT value FROM report_meta WHERE key = ?').get(key) as { value: number } | undefined)?.value ?? 0;
    this.seq = this.flushedSeq = meta('last_seq');
    this.extended = meta('extended') === 1;
    this.visits = new Table(db, 'report_visits', VISIT_COLUMNS, 'day, issued_at, ticket_id');
    this.spans = new Table(db, 'report_spans', SPAN_COLUMNS, 'day, opened_at, window');
    this.ratings = new Table(db, 'report_ratings', RATING_COLUMNS, 'day, completed_at, ticket_id');
    this.appointments = new Table(db, 'report_appointments', APPOINTMENT_COLUMNS, 'day, id');
    for (const row of db.prepare('SELECT window, id FROM report_spans WHERE closed_at IS NULL').all() as { window: number; id: string }[]) {
      this.openSpans.set(row.window, row.id);
    }
    this.summariesIn = db.prepare('SELECT day, data FROM report_day_summaries WHERE group_by = ? AND day BETWEEN ? AND ?');
    this.putSummary = db.prepare('INSERT OR REPLACE INTO report_day_summaries (day, group_by, data) VALUES (?, ?, ?)');
    this.dropSummaries = db.prepare('DELETE FROM report_day_summaries WHERE day = ?');
    this.writeBack = db.transaction(() => {
      for (const day of this.staleDays) this.dropSummaries.run(day);
      this.visits.write();
      this.spans.write();
      this.ratings.write();
      this.appointments.write();
      this.setMeta.run('last_seq', this.seq);
      this.setMeta.run('extended', this.extended ? 1 : 0);
    });
  }

  // ── ReportRows (the fold's view of the tables) ──
  visit(id: string) {
    return this.visits.get(id);
  }
  putVisit(row: VisitRow) {
    this.visits.put(row.ticketId, row);
    this.staleDays.add(row.day);
    this.pendingRows++;
  }
  openSpan(window: number) {
    const id = this.openSpans.get(window);
    return id === undefined ? undefined : this.spans.get(id);
  }
  putSpan(row: SpanRow) {
    this.spans.put(row.id, row);
    this.staleDays.add(row.day);
    if (row.closedAt === undefined) this.openSpans.set(row.window, row.id);
    else if (this.openSpans.get(row.window) === row.id) this.openSpans.delete(row.window);
    this.pendingRows++;
  }
  rating(id: string) {
    return this.ratings.get(id);
  }
  putRating(row: RatingRow) {
    this.ratings.put(row.ticketId, row);
    this.staleDays.add(row.day);
    this.pendingRows++;
  }
  appointment(id: string) {
    return this.appointments.get(id);
  }
  putAppointment(row: AppointmentRow) {
    this.appointments.put(row.id, row);
    this.staleDays.add(row.day);
    this.pendingRows++;
  }

  /** Fold the events the tables have not seen yet (a start after a crash, an upgrade, a dropped schema). Returns how many. */
  catchUp(store: EventStore): number {
    let folded = 0;
    for (const e of store.iterateFrom(this.seq)) {
      this.apply(e);
      folded++;
    }
    this.flush();
    return folded;
  }

  /** Fold one event just appended (the hall service's `event`). Never throws into the command path. */
  apply(logged: LoggedEvent): void {
    if (this.broken !== undefined || logged.seq <= this.seq) return;
    try {
      projectEvent(this, logged, this.config.hall.timezone);
      this.seq = logged.seq;
    } catch (err) {
      this.broken = `event ${logged.seq}: ${(err as Error).message}`;
      this.options.onError?.(err, logged.seq);
      return;
    }
    if (this.pendingRows >= FLUSH_ROWS) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), FLUSH_MS).unref();
  }

  /** Write the changed rows and the last folded seq in one transaction. */
  flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.seq === this.flushedSeq && this.pendingRows === 0) return;
    try {
      this.writeBack();
      this.flushedSeq = this.seq;
      this.pendingRows = 0;
      this.staleDays.clear();
    } catch {
      // A full disk: the rows stay dirty and are tried again with the next write-back; the log has everything.
    }
  }

  /**
   * Visits of the service days from `fromDay` to `toDay`, both included — one row per ticket, from
   * its issue to its end (see VisitRow). What window planning reads as the hall's history.
   */
  visitsBetween(fromDay: string, toDay: string): VisitRow[] {
    this.flush();
    return this.visits.between(fromDay, toDay);
  }

  /** The report of a validated range (state-machines/reports/range.ts checks it first). */
  report(range: DayRange, groupBy: ReportGroupBy): Report {
    this.flush();
    const groupings: ReportGroupBy[] = groupBy === 'hall' ? ['hall'] : [groupBy, 'hall'];
    const [days, hallDays = days] = this.summaries(range, groupings);
    return buildReport(this.config, {
      range,
      groupBy,
      seq: this.seq,
      today: serviceDayOf(this.options.now(), this.config.hall.timezone),
      unratedCounts: this.config.ratings?.unratedInReports ?? 'excluded',
      days: days!,
      hallDays: hallDays!,
    });
  }

  /**
   * Every day of the range under each grouping: the stored summary, or one made now from the day's
   * rows (read once for all the groupings that miss it) and kept.
   */
  private summaries(range: DayRange, groupings: readonly ReportGroupBy[]): DaySummary[][] {
    const stored = groupings.map((g) => {
      const byDay = new Map<string, DaySummary>();
      for (const row of this.summariesIn.all(g, range.from, range.to) as { day: string; data: string }[]) {
        byDay.set(row.day, JSON.parse(row.data) as DaySummary);
      }
      return byDay;
    });
    const out = groupings.map(() => [] as DaySummary[]);
    for (let day = range.from; day <= range.to; day = addDays(day, 1)) {
      let rows: DayRows | undefined;
      for (const [i, g] of groupings.entries()) {
        let summary = stored[i]!.get(day);
        if (summary === undefined) {
          rows ??= {
            visits: this.visits.between(day, day),
            spans: this.spans.between(day, day),
            ratings: this.ratings.between(day, day),
            appointments: this.appointments.between(day, day),
          };
          summary = summariseDay(this.config, g, day, rows);
          this.putSummary.run(day, g, JSON.stringify(summary));
        }
        out[i]!.push(summary);
      }
    }
    return out;
  }

  close(): void {
    this.flush();
  }
}
