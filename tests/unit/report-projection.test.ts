/**
 * The report projection on the old-log fixture (a whole scripted day written before issue 12, every
 * event type): it folds without a fault, agrees ticket by ticket with the hall state's own machines
 * (status, first call, service time, transfers), and a projection that stopped mid-log without
 * writing its tail (a crash) catches up from the log to the same rows.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { loadHallConfig } from '../../server/config/load-config.ts';
import { ReportProjection } from '../../server/reports/report-projection.ts';
import { openDatabase, SqliteEventStore } from '../../server/store/sqlite-event-store.ts';
import type { HallEvent, LoggedEvent } from '../../state-machines/domain/events.ts';
import type { TicketRecord } from '../../state-machines/domain/ticket.ts';
import { evolve } from '../../state-machines/hall/evolve.ts';
import { initialHallState } from '../../state-machines/hall/state.ts';
import { rangeRefusal, presetRange, monthRange } from '../../state-machines/reports/range.ts';
import { buildReport, quantile, summariseDay, type ReportGroupBy } from '../../state-machines/reports/report.ts';
import { newVisit, type AppointmentRow, type VisitRow } from '../../state-machines/reports/visits.ts';
import { reportCsv } from '../../state-machines/reports/csv.ts';
import { tempDataDir } from '../support/server.ts';

const FIXTURE = join(import.meta.dirname, '../fixtures/old-log');
const config = loadHallConfig(join(FIXTURE, 'hall.json'));
type Row = { seq: number; at: number; type: string; actor: string; request_key: string | null; payload: string; prev_hash: string; hash: string };
const rows = gunzipSync(readFileSync(join(FIXTURE, 'events.jsonl.gz')))
  .toString('utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => JSON.parse(line) as Row);
const events: LoggedEvent[] = rows.map((r) => ({ seq: r.seq, at: r.at, event: JSON.parse(r.payload) as HallEvent }));

const closers: (() => void)[] = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

/** The fixture's log in a fresh SQLite file. */
function logDb() {
  const db = openDatabase(join(tempDataDir(), 'hall.sqlite'));
  const store = new SqliteEventStore(db);
  const insert = db.prepare('INSERT INTO events (seq, at, type, actor, request_key, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  db.transaction(() => {
    for (const r of rows) insert.run(r.seq, r.at, r.type, r.actor, r.request_key, r.payload, r.prev_hash, r.hash);
  })();
  closers.push(() => db.close());
  return { db, store };
}

const days = [...new Set(events.flatMap((e) => ('serviceDay' in e.event ? [e.event.serviceDay] : [])))].sort();

describe('the report projection on a log written before reports existed', () => {
  it('folds every event and agrees ticket by ticket with the hall machines', () => {
    const { db, store } = logDb();
    const reports = new ReportProjection(db, config, { now: () => events.at(-1)!.at });
    expect(reports.catchUp(store)).toBe(rows.length);
    expect(reports.broken).toBeUndefined();
    const visits = reports.visitsBetween(days[0]!, days.at(-1)!);
    const state = initialHallState(config);
    // The last record the hall held of each ticket (ended tickets leave the state when the next day starts).
    const last = new Map<string, TicketRecord>();
    for (const e of events) {
      evolve(state, e);
      const id = 'ticketId' in e.event ? e.event.ticketId : undefined;
      if (id !== undefined && state.tickets[id]) last.set(id, state.tickets[id]);
    }
    const tickets = [...last.values()];
    expect(tickets.length).toBeGreaterThan(20);
    const byId = new Map(visits.map((v) => [v.ticketId, v]));
    const outcome = { done: 'done', no_show: 'no_show', cancelled: 'void' } as Record<string, string>;
    for (const t of tickets) {
      const v = byId.get(t.id);
      expect(v, t.id).toBeDefined();
      expect({ outcome: v!.outcome, calledAt: v!.calledAt, transfers: v!.transfers, issuedAt: v!.issuedAt }, t.id).toEqual({
        outcome: outcome[t.status] ?? 'open',
        calledAt: t.firstCalledAt,
        transfers: t.transfers,
        issuedAt: t.issuedAt,
      });
      if (t.status === 'done') expect(v!.serviceMs, t.id).toBe(t.serviceMs);
    }
  });

  it('after a crash that lost the unwritten tail, catches up from the log to the same rows', () => {
    const whole = logDb();
    const all = new ReportProjection(whole.db, config, { now: () => events.at(-1)!.at });
    all.catchUp(whole.store);
    const expected = all.visitsBetween(days[0]!, days.at(-1)!);

    const { db, store } = logDb();
    const first = new ReportProjection(db, config, { now: () => events.at(-1)!.at });
    const half = Math.floor(events.length / 2);
    for (const e of events.slice(0, half)) first.apply(e);
    first.flush();
    // More events folded in memory, never written: the process dies here.
    for (const e of events.slice(half, half + 200)) first.apply(e);
    const restarted = new ReportProjection(db, config, { now: () => events.at(-1)!.at });
    expect(restarted.seq).toBe(half);
    expect(restarted.catchUp(store)).toBe(events.length - half);
    expect(restarted.visitsBetween(days[0]!, days.at(-1)!)).toEqual(expected);
    const report = (p: ReportProjection) => p.report({ from: days[0]!, to: days.at(-1)! }, 'window');
    expect(report(restarted)).toEqual(report(all));
  });
});

describe('report ranges and figures', () => {
  it('refuses reversed, malformed and too long ranges; knows today, this week and this month', () => {
    expect(rangeRefusal({ from: '2026-11-01', to: '2026-11-30' })).toBeUndefined();
    expect(rangeRefusal({ from: '2026-11-30', to: '2026-11-01' })?.field).toBe('to');
    expect(rangeRefusal({ from: '2026-13-01', to: '2026-12-01' })?.field).toBe('from');
    expect(rangeRefusal({ from: '2025-10-26', to: '2026-11-30' })?.messageEn).toMatch(/at most 400 days \(this range has 401\)/);
    expect(presetRange('week', '2026-11-26')).toEqual({ from: '2026-11-23', to: '2026-11-26' });
    expect(presetRange('week', '2026-11-29')).toEqual({ from: '2026-11-23', to: '2026-11-29' });
    expect(presetRange('month', '2026-11-26')).toEqual({ from: '2026-11-01', to: '2026-11-26' });
    expect(monthRange('2026-02')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
  });

  it('takes nearest-rank quantiles (a wait that happened)', () => {
    expect(quantile([], 0.5)).toBeNull();
    expect(quantile([30, 10, 20], 0.5)).toBe(20);
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2);
    expect(
      quantile(
        [...Array(10).keys()].map((i) => i + 1),
        0.9,
      ),
    ).toBe(9);
  });

  it('writes CSV Excel reads: BOM, CRLF, quoted commas and quotes, formulas disarmed', () => {
    const { db, store } = logDb();
    const reports = new ReportProjection(db, config, { now: () => events.at(-1)!.at });
    reports.catchUp(store);
    const report = reports.report({ from: days[0]!, to: days.at(-1)! }, 'hall');
    report.groups[0]!.label = { zh: '=一,窗"通"', en: 'x' };
    const csv = reportCsv(report);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.split('\r\n')[1]!.startsWith(`"'=一,窗""通""",`)).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
  });
});

describe('figures from hand-made rows', () => {
  const demo = loadHallConfig('server/halls/demo-hall.json');
  const day = '2026-11-23';
  const t0 = Date.parse(`${day}T09:00:00+08:00`);
  const visit = (id: string, over: Partial<VisitRow>): VisitRow => ({
    ...newVisit(`${day}/${id}`, day, 'comprehensive', undefined, 'walk_in', 'kiosk-1f-1', undefined, t0),
    ...over,
  });
  const appointment = (id: string, status: AppointmentRow['status']): AppointmentRow => ({
    id,
    day,
    queueId: 'real-estate',
    itemId: undefined,
    channel: 'phone',
    status,
    ticketId: undefined,
  });
  const rows = {
    visits: [
      visit('A001', { calledAt: t0 + 60_000, window: 5, clerkId: '1009', outcome: 'done', serviceMs: 300_000 }),
      visit('A002', { calledAt: t0 + 180_000, window: 5, clerkId: '1010', outcome: 'done', serviceMs: 120_000, green: true }),
      visit('A003', { outcome: 'void' }),
    ],
    // Window 5 open 09:00–10:00 with a 10-minute pause, busy 25 minutes.
    spans: [
      {
        id: `5@${t0}`,
        day,
        window: 5,
        clerkId: '1009',
        openedAt: t0,
        closedAt: t0 + 3_600_000,
        pausedMs: 600_000,
        pausedAt: undefined,
        busyMs: 1_500_000,
        extendedMs: 0,
      },
    ],
    ratings: [],
    appointments: [appointment('a1', 'checked_in'), appointment('a2', 'forfeited'), appointment('a3', 'cancelled'), appointment('a4', 'booked')],
  };
  const report = (groupBy: ReportGroupBy) =>
    buildReport(demo, {
      range: { from: day, to: day },
      groupBy,
      seq: 1,
      today: day,
      unratedCounts: 'excluded',
      days: [summariseDay(demo, groupBy, day, rows)],
      hallDays: [summariseDay(demo, 'hall', day, rows)],
    });

  it('counts utilisation without pauses, the appointment show rate, the green share, per floor and per clerk', () => {
    const byFloor = report('floor');
    // 不动产 bookings belong to the floor of their queue (三楼), where nobody was issued a ticket that day.
    expect(byFloor.groups.map((g) => [g.label.zh, g.issued, g.appointments?.showRate])).toEqual([
      ['一楼', 3, null],
      ['三楼', 0, 0.5],
    ]);
    expect(byFloor.total.utilisation).toBeCloseTo(1_500_000 / 3_000_000, 12);
    expect(byFloor.total.appointments).toEqual({ booked: 3, cancelled: 1, checkedIn: 1, forfeited: 1, showRate: 0.5 });
    expect(byFloor.total.greenShare).toBeCloseTo(1 / 3, 12);
    expect(byFloor.total.greenWaitMedianMs).toBe(180_000);
    expect(byFloor.total.waitMedianMs).toBe(60_000);
    expect(byFloor.total.serviceP90Ms).toBe(300_000);
    // AB岗: the clerk who served, each with their own visit; the window's open time goes to who opened it.
    const byClerk = report('clerk');
    expect(Object.fromEntries(byClerk.groups.map((g) => [g.key, g.served]))).toEqual({ '1009': 1, '1010': 1, '—': 0 });
    expect(byClerk.groups.find((g) => g.key === '1009')!.utilisation).toBeCloseTo(0.5, 12);
    expect(byClerk.groups.find((g) => g.key === '1009')!.appointments).toBeNull();
    expect(byClerk.groups.find((g) => g.key === '—')!.label.zh).toBe('未分配');
  });
});
