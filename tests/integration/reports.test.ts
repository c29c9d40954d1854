/**
 * 统计报表 over the real server (README § Reports): a simulated hall day (tests/support/day-simulation.ts)
 * through real sockets, then `report:query` on the supervisor's desk compared with a count made here
 * from the raw log, written independently of the projection (state-machines/reports/): issued, served,
 * no-shows, voids, transfers, parks, waits and service times to the millisecond, window open and busy
 * time, green share. The CSV is parsed back and equals the report. Clerks and devices are refused,
 * bad ranges are refused, ratings and follow-ups count as the hall file says.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { LoggedEvent } from '../../state-machines/domain/events.ts';
import type { Ack } from '../../state-machines/protocol/socket-events.ts';
import { CSV_BOM, CSV_COLUMNS, reportCsv } from '../../state-machines/reports/csv.ts';
import type { Report, ReportFigures } from '../../state-machines/reports/report.ts';
import { simulateDay } from '../support/day-simulation.ts';
import { CLERK_W5, DEMO_TOKENS, demoConfig, SUPERVISOR } from '../support/demo.ts';
import { connect, login, newRequestId, type TestClient } from '../support/hall-client.ts';
import { spawnServer } from '../support/child-server.ts';
import { demoHallVariant, startProtocolHall, startTestServer, tempDataDir } from '../support/server.ts';

const MIN = 60_000;
const SEED = 20261130;
const VISITORS = 1500;
const DAY = '2026-11-23';

const cleanups: (() => unknown)[] = [];
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Nearest-rank quantile, written out here again (not imported from the projection). */
function nearestRank(values: number[], q: number): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.ceil(q * s.length) - 1]!;
}

interface Truth {
  issuedAt: number;
  queue: string;
  green: boolean;
  firstCall?: number;
  from?: number;
  serviceMs: number;
  outcome: 'open' | 'done' | 'no_show' | 'void';
  transfers: number;
  parks: number;
}

/** The count a hall manager would make by reading the log line by line. */
function countFromLog(log: LoggedEvent[]) {
  const t = new Map<string, Truth>();
  const open = new Map<number, { since: number; pausedSince?: number; paused: number }>();
  let openMs = 0;
  let busyMs = 0;
  const atCounter = new Map<string, number>();
  const leaveCounter = (id: string, at: number) => {
    const since = atCounter.get(id);
    if (since !== undefined) busyMs += at - since;
    atCounter.delete(id);
  };
  const serviceEnds = (x: Truth, at: number) => {
    if (x.from !== undefined) x.serviceMs += at - x.from;
    x.from = undefined;
  };
  for (const { at, event: e } of log) {
    switch (e.type) {
      case 'ticket.issued':
        t.set(e.ticketId, { issuedAt: at, queue: e.queueId, green: e.class === 'green', serviceMs: 0, outcome: 'open', transfers: 0, parks: 0 });
        break;
      case 'ticket.called':
      case 'ticket.resumed': {
        const x = t.get(e.ticketId)!;
        x.firstCall ??= at;
        x.from = at;
        atCounter.set(e.ticketId, at);
        break;
      }
      case 'ticket.serving_started':
        t.get(e.ticketId)!.from = at;
        break;
      case 'ticket.completed':
        serviceEnds(t.get(e.ticketId)!, at);
        t.get(e.ticketId)!.outcome = 'done';
        leaveCounter(e.ticketId, at);
        break;
      case 'ticket.transferred':
        serviceEnds(t.get(e.ticketId)!, at);
        t.get(e.ticketId)!.transfers++;
        t.get(e.ticketId)!.queue = e.toQueueId;
        leaveCounter(e.ticketId, at);
        break;
      case 'ticket.parked':
        serviceEnds(t.get(e.ticketId)!, at);
        t.get(e.ticketId)!.parks++;
        leaveCounter(e.ticketId, at);
        break;
      case 'ticket.no_show':
        t.get(e.ticketId)!.outcome = 'no_show';
        t.get(e.ticketId)!.from = undefined;
        leaveCounter(e.ticketId, at);
        break;
      case 'ticket.requeued':
        t.get(e.ticketId)!.outcome = 'open';
        break;
      case 'ticket.cancelled':
        t.get(e.ticketId)!.outcome = 'void';
        leaveCounter(e.ticketId, at);
        break;
      case 'ticket.prioritised':
        t.get(e.ticketId)!.green = true;
        break;
      case 'window.opened':
        open.set(e.window, { since: at, paused: 0 });
        break;
      case 'window.paused':
        open.get(e.window)!.pausedSince = at;
        break;
      case 'window.resumed': {
        const w = open.get(e.window)!;
        w.paused += at - w.pausedSince!;
        w.pausedSince = undefined;
        break;
      }
      case 'window.closed': {
        const w = open.get(e.window)!;
        openMs += at - w.since - w.paused - (w.pausedSince === undefined ? 0 : at - w.pausedSince);
        open.delete(e.window);
        break;
      }
      default:
        break;
    }
  }
  const figures = (xs: Truth[]) => {
    const waits = xs.filter((x) => x.firstCall !== undefined).map((x) => x.firstCall! - x.issuedAt);
    const greenWaits = xs.filter((x) => x.green && x.firstCall !== undefined).map((x) => x.firstCall! - x.issuedAt);
    const services = xs.filter((x) => x.outcome === 'done').map((x) => x.serviceMs);
    return {
      issued: xs.length,
      served: xs.filter((x) => x.outcome === 'done').length,
      noShows: xs.filter((x) => x.outcome === 'no_show').length,
      voided: xs.filter((x) => x.outcome === 'void').length,
      open: xs.filter((x) => x.outcome === 'open').length,
      transfers: xs.reduce((n, x) => n + x.transfers, 0),
      parks: xs.reduce((n, x) => n + x.parks, 0),
      waitMedianMs: nearestRank(waits, 0.5),
      waitP90Ms: nearestRank(waits, 0.9),
      serviceMedianMs: nearestRank(services, 0.5),
      serviceP90Ms: nearestRank(services, 0.9),
      green: xs.filter((x) => x.green).length,
      greenWaitMedianMs: nearestRank(greenWaits, 0.5),
      greenWaitP90Ms: nearestRank(greenWaits, 0.9),
    };
  };
  const all = [...t.values()];
  const byQueue = new Map<string, ReturnType<typeof figures>>();
  for (const q of new Set(all.map((x) => x.queue))) {
    byQueue.set(q, figures(all.filter((x) => x.queue === q)));
  }
  return { total: figures(all), byQueue, openMs, busyMs };
}

const pick = (f: ReportFigures) => ({
  issued: f.issued,
  served: f.served,
  noShows: f.noShows,
  voided: f.voided,
  open: f.open,
  transfers: f.transfers,
  parks: f.parks,
  waitMedianMs: f.waitMedianMs,
  waitP90Ms: f.waitP90Ms,
  serviceMedianMs: f.serviceMedianMs,
  serviceP90Ms: f.serviceP90Ms,
  green: f.green,
  greenWaitMedianMs: f.greenWaitMedianMs,
  greenWaitP90Ms: f.greenWaitP90Ms,
});

/** RFC 4180 read back (quotes, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  return rows;
}

const mins = (ms: number | null) => (ms === null ? '—' : (ms / MIN).toFixed(1));
const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);

/** The headline table a manager reads, in markdown (printed for the note). */
function headline(report: Report): string {
  const lines = [
    `统计报表 ${report.range.from} – ${report.range.to}（按${report.groupBy}）`,
    '| 分组 | 取号 | 办结 | 过号 | 作废 | 转办 | 挂起 | 等候中位/P90（分） | 办理中位/P90（分） | 窗口利用率 | 绿色通道占比 | 绿色等候中位（分） | 参评率 | 满意率 |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const f of [...report.groups, report.total]) {
    lines.push(
      `| ${f.label.zh} | ${f.issued} | ${f.served} | ${f.noShows} | ${f.voided} | ${f.transfers} | ${f.parks} | ${mins(f.waitMedianMs)} / ${mins(f.waitP90Ms)} | ${mins(f.serviceMedianMs)} / ${mins(f.serviceP90Ms)} | ${pct(f.utilisation)} | ${pct(f.greenShare)} | ${mins(f.greenWaitMedianMs)} | ${pct(f.ratings.ratingRate)} | ${pct(f.ratings.satisfaction)} |`,
    );
  }
  return lines.join('\n');
}

async function ask(desk: TestClient, from: string, to: string, groupBy = 'hall'): Promise<Ack<Report>> {
  return desk.request<Report>('report:query', { from, to, groupBy });
}

describe('reports over a simulated day', () => {
  it('equal a count made from the raw log, to the millisecond, and the CSV reads back equal', async () => {
    const clock = { now: Date.parse(`${DAY}T07:30:00+08:00`) };
    const s = await startTestServer({ now: () => clock.now });
    cleanups.push(() => s.close());
    const day = await simulateDay({
      seed: SEED,
      visitors: VISITORS,
      date: DAY,
      config: demoConfig,
      url: s.url,
      clock,
      kioskTokens: [DEMO_TOKENS.kiosk, DEMO_TOKENS.kiosk2],
      supervisor: SUPERVISOR,
      pin: '123456',
    });
    cleanups.push(() => day.close());
    expect(day.unexpected).toEqual([]);

    // The next morning: the phone could rate until the day ended, so the clock has recorded every 未评价.
    clock.now = Date.parse('2026-11-24T08:00:00+08:00');
    // The clock settles at most 64 deadlines a turn: let it run until nothing is due.
    for (let turn = 0; turn < 1000 && s.hall.settleClock() > 0; turn++);
    const desk = await connect(s.url, '/admin', (await login(s.url, SUPERVISOR)).token);
    cleanups.push(() => desk.close());
    const truth = countFromLog(s.hall.eventsSince(0, 1_000_000));
    expect(truth.total.issued).toBeGreaterThan(VISITORS * 0.95);

    const month = await ask(desk, '2026-11-01', '2026-11-30');
    if (!month.ok) throw new Error(month.error.messageEn);
    expect(pick(month.result.total)).toEqual(truth.total);
    expect(month.result.total.openMs).toBe(truth.openMs);
    expect(month.result.total.busyMs).toBe(truth.busyMs);
    expect(month.result.total.utilisation).toBeCloseTo(truth.busyMs / truth.openMs, 12);
    // Ratings: the demo hall invites one per 办结; nobody rated in the simulation, so every one is 未评价 once the phone's day is over.
    expect(month.result.total.ratings).toMatchObject({ invited: truth.total.served, rated: 0, unrated: truth.total.served, ratingRate: 0 });
    // The day's arrivals all sit in Monday's row (2026-11-23 is a Monday), hour by hour.
    expect(month.result.arrivals[0]!.reduce((a, b) => a + b, 0)).toBe(truth.total.issued);
    expect(
      month.result.arrivals
        .slice(1)
        .flat()
        .every((n) => n === 0),
    ).toBe(true);

    const byQueue = await ask(desk, '2026-11-01', '2026-11-30', 'queue');
    if (!byQueue.ok) throw new Error(byQueue.error.messageEn);
    expect(Object.fromEntries(byQueue.result.groups.map((g) => [g.key, pick(g)]))).toEqual(Object.fromEntries(truth.byQueue));

    // A day outside the simulation: nothing.
    const empty = await ask(desk, '2026-10-01', '2026-10-31');
    expect(empty.ok && empty.result.total.issued).toBe(0);

    // CSV: BOM, CRLF, parsed back equal to what the report says (seconds and percentages as written).
    const csv = reportCsv(byQueue.result);
    expect(csv.startsWith(CSV_BOM)).toBe(true);
    expect(csv.replace(/\r\n/g, '')).not.toMatch(/\n/);
    const rows = parseCsv(csv.slice(1));
    expect(rows[0]).toEqual(CSV_COLUMNS.map((c) => c.zh));
    expect(rows.length).toBe(byQueue.result.groups.length + 2);
    const totalRow = rows.at(-1)!;
    const col = (zh: string) => totalRow[CSV_COLUMNS.findIndex((c) => c.zh === zh)]!;
    expect(col('分组')).toBe('合计');
    expect(Number(col('取号'))).toBe(truth.total.issued);
    expect(Number(col('办结'))).toBe(truth.total.served);
    expect(Number(col('过号'))).toBe(truth.total.noShows);
    expect(Number(col('等候中位数（秒）'))).toBe(Math.round(truth.total.waitMedianMs! / 1000));
    expect(Number(col('办理P90（秒）'))).toBe(Math.round(truth.total.serviceP90Ms! / 1000));
    for (const [i, g] of byQueue.result.groups.entries()) {
      expect(rows[i + 1]![0]).toBe(g.label.zh);
      expect(Number(rows[i + 1]![1])).toBe(truth.byQueue.get(g.key)!.issued);
    }

    console.log(headline(byQueue.result));
  }, 300_000);
});

describe('who may ask, and for what', () => {
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it('answers a clerk, a kiosk and a display FORBIDDEN, and refuses reversed, huge and malformed ranges', async () => {
    const { open, clerk } = await startProtocolHall(cleanups, Date.parse('2026-11-23T09:00:00+08:00'));
    const desk = await clerk(SUPERVISOR);
    const panel = await clerk(CLERK_W5);
    const kiosk = await open('/kiosk', DEMO_TOKENS.kiosk);
    const display = await open('/display', DEMO_TOKENS.display);
    for (const c of [panel, kiosk, display]) {
      const r = await ask(c, '2026-11-01', '2026-11-30');
      expect(r.ok ? 'ok' : r.error.code).toBe('FORBIDDEN');
    }
    const refused = async (from: string, to: string, groupBy = 'hall') => {
      const r = await ask(desk, from, to, groupBy);
      return r.ok ? 'ok' : `${r.error.code} ${r.error.field ?? ''} ${r.error.message}`;
    };
    expect(await refused('2026-11-30', '2026-11-01')).toBe('BAD_REQUEST to 结束日期早于起始日期');
    expect(await refused('2025-01-01', '2026-11-30')).toMatch(/^BAD_REQUEST to 统计区间最长 400 天（所选 699 天）/);
    expect(await refused('2026-02-30', '2026-03-01')).toBe('BAD_REQUEST from 起始日期无效，请用 年-月-日');
    expect(await refused('2026-11-01', 'tomorrow')).toBe('BAD_REQUEST to 结束日期无效，请用 年-月-日');
    expect(await refused('2026-11-01', '2026-11-30', 'planet')).toMatch(/^BAD_REQUEST groupBy/);
    expect(await refused('2025-10-27', '2026-11-30')).toBe('ok');
  });

  it('counts ratings, 差评 and follow-ups, and 未评价 as the hall file says', async () => {
    const start = Date.parse('2026-11-23T09:00:00+08:00');
    for (const unrated of ['excluded', 'satisfied'] as const) {
      const clock = { now: start };
      const configPath = demoHallVariant((h) => {
        h.ratings = { unratedInReports: unrated };
      });
      const s = await startTestServer({ now: () => clock.now, configPath });
      cleanups.push(() => s.close());
      const openClient = async (nsp: '/kiosk' | '/display' | '/window' | '/admin', token: string | undefined) => {
        const c = await connect(s.url, nsp, token);
        cleanups.push(() => c.close());
        return c;
      };
      const kiosk = await openClient('/kiosk', DEMO_TOKENS.kiosk);
      const panel = await openClient('/window', (await login(s.url, CLERK_W5)).token);
      const tablet = await openClient('/display', DEMO_TOKENS.ratingTablet5);
      const send = async (c: TestClient, event: string, payload: Record<string, unknown>) => {
        const r = await c.request<{ ticket?: { id: string } }>(event, { requestId: newRequestId(), ...payload });
        if (!r.ok) throw new Error(`${event}: ${r.error.messageEn}`);
        return r.result;
      };
      await send(panel, 'window:open', { window: 5 });
      const levels = [5, 4, 2, undefined] as const;
      for (const level of levels) {
        const taken = await send(kiosk, 'ticket:take', { queueId: 'comprehensive' });
        const ticketId = taken.ticket!.id;
        await send(panel, 'ticket:call-next', { window: 5 });
        clock.now += MIN;
        await send(panel, 'ticket:start', { window: 5, ticketId });
        clock.now += 3 * MIN;
        await send(panel, 'ticket:complete', { window: 5, ticketId });
        if (level !== undefined) {
          await send(tablet, 'rating:give', {
            ticketId,
            level,
            ...(level <= 2 ? { reasons: ['slow'] } : {}),
          });
        }
      }
      // That evening the last service may still be rated on the phone: invited, neither rated nor 未评价.
      const evening = await openClient('/admin', (await login(s.url, SUPERVISOR)).token);
      const before = await ask(evening, '2026-11-23', '2026-11-23', 'window');
      expect(before.ok && before.result.total.ratings).toMatchObject({ invited: 4, rated: 3, unrated: 0 });
      // The phone may rate until the day ends: the next morning the clock records 未评价 for the last one
      // (a change to a day already reported: its stored summary must not answer again).
      clock.now = Date.parse('2026-11-24T08:00:00+08:00');
      s.hall.settleClock();
      // The evening's sessions have expired overnight: the supervisor signs in again.
      const morningDesk = await openClient('/admin', (await login(s.url, SUPERVISOR)).token);
      const r = await ask(morningDesk, '2026-11-23', '2026-11-23', 'window');
      if (!r.ok) throw new Error(r.error.messageEn);
      const ratings = r.result.total.ratings;
      expect(ratings).toMatchObject({ invited: 4, rated: 3, unrated: 1, poor: 1, levels: { 5: 1, 4: 1, 3: 0, 2: 1, 1: 0 } });
      expect(ratings.ratingRate).toBeCloseTo(3 / 4, 12);
      expect(ratings.satisfaction).toBeCloseTo(unrated === 'excluded' ? 2 / 3 : 3 / 4, 12);
      expect(ratings.followUps).toMatchObject({ open: 1, closed: 0 });
      expect(r.result.groups.map((g) => g.label.zh)).toEqual([`5号窗口 ${demoConfig.windows.find((w) => w.number === 5)!.name}`]);
      expect(r.result.total.serviceMedianMs).toBe(3 * MIN);
      expect(r.result.total.waitMedianMs).toBe(0);
    }
  });
});

describe('a crash mid-day', () => {
  it('after kill -9 the restarted server catches up from the log and reports the same day', async () => {
    const dataDir = tempDataDir();
    const first = await spawnServer(dataDir, undefined, { log: true });
    const kiosk = await connect(first.url, '/kiosk', DEMO_TOKENS.kiosk);
    const panel = await connect(first.url, '/window', (await login(first.url, CLERK_W5)).token);
    const desk = await connect(first.url, '/admin', (await login(first.url, SUPERVISOR)).token);
    const send = async (c: TestClient, event: string, payload: Record<string, unknown>) => {
      const r = await c.request<{ ticket?: { id: string } }>(event, { requestId: newRequestId(), ...payload });
      if (!r.ok) throw new Error(`${event}: ${r.error.messageEn}`);
      return r.result;
    };
    await send(panel, 'window:open', { window: 5 });
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push((await send(kiosk, 'ticket:take', { queueId: 'comprehensive' })).ticket!.id);
    for (const id of ids.slice(0, 3)) {
      await send(panel, 'ticket:call-next', { window: 5 });
      await send(panel, 'ticket:start', { window: 5, ticketId: id });
      await send(panel, 'ticket:complete', { window: 5, ticketId: id });
    }
    await send(panel, 'ticket:call-next', { window: 5 });
    await send(panel, 'ticket:transfer', { window: 5, ticketId: ids[3], toQueueId: 'tax', note: '转税务' });
    await send(desk, 'ticket:cancel', { ticketId: ids[4], reason: 'visitor_left' });
    // Killed right after the last acknowledgement: the report tables' write-back (every second) has most likely not run.
    await first.kill9();
    for (const c of [kiosk, panel, desk]) c.close();

    const second = await spawnServer(dataDir, undefined, { log: true });
    try {
      const again = await connect(second.url, '/admin', (await login(second.url, SUPERVISOR)).token);
      const today = ids[0]!.slice(0, 10);
      const r = await ask(again, today, today, 'hall');
      again.close();
      if (!r.ok) throw new Error(r.error.messageEn);
      expect(r.result.total).toMatchObject({ issued: 6, served: 3, transfers: 1, voided: 1, open: 2, noShows: 0 });
      expect(r.result.seq).toBe(r.seq);
      const caughtUp = second.log.find((l) => l.msg === 'report projection caught up with the log');
      console.log(`restart: the projection folded ${String(caughtUp?.events ?? 0)} events from the log's tail`);
    } finally {
      await second.kill9();
    }
  }, 60_000);
});
