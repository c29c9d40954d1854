/**
 * 统计报表 on the hub (README § Many halls, "Reports across halls"), over a real PostgreSQL: a hall
 * ships a simulated day through the real shipper; the hub folds the stripped events with the hall's
 * own fold and reports with the hall's own functions, so the hub's report of that hall equals the
 * hall's own `report:query` answer to the number — under every grouping, for the day and the month.
 * Two hub processes folding at once count each event once. Districts and the province roll up the
 * halls' day summaries (a district's median is the median of all its visits). Hub supervisors sign in
 * with their own accounts, are slowed after wrong passwords, see only their district, and download
 * the same report as CSV.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addHall } from '../../server/hub/hall-credentials.ts';
import { startHubServer, type RunningHub } from '../../server/hub/hub-server.ts';
import { addSupervisor } from '../../server/hub/hub-supervisors.ts';
import type { RunningHallServer } from '../../server/hall-server.ts';
import { reportCsv } from '../../state-machines/reports/csv.ts';
import type { Report } from '../../state-machines/reports/report.ts';
import { simulateDay } from '../support/day-simulation.ts';
import { DEMO_TOKENS, demoConfig, SUPERVISOR } from '../support/demo.ts';
import { connect, login } from '../support/hall-client.ts';
import { copyHallAtHub, foldedAtHub, hallShippingTo } from '../support/hub.ts';
import { startPostgres, type RunningPostgres } from '../support/postgres.ts';

const DAY = '2026-11-23';
const VISITORS = 1500;

let pgServer: RunningPostgres;
let hub: RunningHub;
let databaseUrl: string;
let hall: RunningHallServer;
const clock = { now: Date.parse(`${DAY}T07:30:00+08:00`) };
const cleanups: (() => unknown)[] = [];

const ownReports = new Map<string, Report>();
/**
 * The hall's own answer, asked once per question. The desk's report:query is rate-limited per session on
 * the hall's (simulated, standing) clock, so each question is asked from a session of its own.
 */
async function hallReport(from: string, to: string, groupBy: string): Promise<Report> {
  const key = `${from}/${to}/${groupBy}`;
  if (!ownReports.has(key)) {
    const desk = await connect(hall.url, '/admin', (await login(hall.url, SUPERVISOR)).token);
    try {
      const ack = await desk.request<Report>('report:query', { from, to, groupBy });
      if (!ack.ok) throw new Error(ack.error.message);
      ownReports.set(key, ack.result);
    } finally {
      desk.close();
    }
  }
  return ownReports.get(key)!;
}

async function hubReport(from: string, to: string, groupBy: 'hall' | 'floor' | 'window' | 'clerk' | 'queue' | 'item'): Promise<Report> {
  const answer = await hub.reports.hallReport('demo', { from, to }, groupBy, clock.now);
  if (!answer.ok) throw new Error(answer.error.message);
  return answer.result.report;
}

beforeAll(async () => {
  pgServer = await startPostgres();
  databaseUrl = await pgServer.newDatabase('hub_reports');
  hub = await startHubServer({ databaseUrl, port: 0 });
  const credential = await addHall(hub.pool, { id: 'demo', name: '示范县政务服务中心', district: '示范县' });
  hall = await hallShippingTo(cleanups, hub.url, credential, clock);
  const day = await simulateDay({
    seed: 20261201,
    visitors: VISITORS,
    date: DAY,
    config: demoConfig,
    url: hall.url,
    clock,
    kioskTokens: [DEMO_TOKENS.kiosk, DEMO_TOKENS.kiosk2],
    supervisor: SUPERVISOR,
    pin: '123456',
  });
  cleanups.push(() => day.close());
  expect(day.unexpected).toEqual([]);
  await foldedAtHub(hub, hall);
}, 600_000);

afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  await hub?.close();
  pgServer?.destroy();
});

describe('the hub reports a hall with the hall’s own functions', () => {
  it('equals the hall’s own report:query answer, to the number, for the day and the month, under every grouping', async () => {
    for (const groupBy of ['hall', 'queue', 'item', 'window', 'floor', 'clerk'] as const) {
      const own = await hallReport(DAY, DAY, groupBy);
      expect(own.total.issued).toBeGreaterThan(VISITORS * 0.9);
      expect(await hubReport(DAY, DAY, groupBy)).toEqual(own);
    }
    const month = await hallReport('2026-11-01', '2026-11-30', 'hall');
    const onHub = await hubReport('2026-11-01', '2026-11-30', 'hall');
    expect(onHub).toEqual(month);
    expect(onHub.total.waitP90Ms).toBeGreaterThan(0);
    expect(onHub.total.served).toBe(month.total.served);
    // The CSV a supervisor downloads at the hub is the hall's CSV, byte for byte.
    expect(reportCsv(onHub)).toBe(reportCsv(month));
  });

  it('two hub processes folding the same hall at once count each event once', async () => {
    const before = await hubReport(DAY, DAY, 'queue');
    const second = await startHubServer({ databaseUrl, port: 0 });
    try {
      // Start the report projection again from nothing: both processes fold the whole day, concurrently.
      await hub.pool.query('DELETE FROM hub_report_rows; DELETE FROM hub_report_days; UPDATE hub_report_meta SET last_seq = 0, extended = false');
      const [a, b] = await Promise.all([hub.reports.catchUp('demo'), second.reports.catchUp('demo')]);
      expect(a + b).toBe(hall.hall.seq);
      expect(await hubReport(DAY, DAY, 'queue')).toEqual(before);
    } finally {
      await second.close();
    }
  });

  it('a hub that starts finds a hall stored but not folded (a process stopped in between) and folds it', async () => {
    const before = await hubReport(DAY, DAY, 'window');
    await hub.pool.query('DELETE FROM hub_report_rows; DELETE FROM hub_report_days; UPDATE hub_report_meta SET last_seq = 0, extended = false');
    const third = await startHubServer({ databaseUrl, port: 0 });
    try {
      await foldedAtHub(hub, hall);
      expect(await hubReport(DAY, DAY, 'window')).toEqual(before);
    } finally {
      await third.close();
    }
  });

  it('refuses a bad range with a typed error and bounds a roll-up’s work', async () => {
    const long = await hub.reports.hallReport('demo', { from: '2025-01-01', to: '2026-11-30' }, 'hall', clock.now);
    expect(long.ok ? 'ok' : long.error).toMatchObject({ code: 'BAD_REQUEST', field: 'to' });
    const backwards = await hub.reports.rollup({ kind: 'province' }, { from: '2026-11-30', to: '2026-11-01' }, clock.now);
    expect(backwards.ok ? 'ok' : backwards.error.code).toBe('BAD_REQUEST');
    const notADay = await hub.reports.rollup({ kind: 'district', district: '示范县' }, { from: '2026-02-30', to: '2026-03-01' }, clock.now);
    expect(notADay.ok ? 'ok' : notADay.error.field).toBe('from');
    const unknown = await hub.reports.hallReport('nowhere', { from: DAY, to: DAY }, 'hall', clock.now);
    expect(unknown.ok ? 'ok' : unknown.error.code).toBe('NOT_FOUND');
  });
});

describe('roll-ups across halls', () => {
  beforeAll(async () => {
    // A second hall of the district with the same day (its shipped rows, ingested and verified as its own), and one of another district.
    await copyHallAtHub(hub, 'demo', { id: 'demo-east', name: '示范县东城分中心', district: '示范县' });
    await copyHallAtHub(hub, 'demo', { id: 'other', name: '邻县政务服务中心', district: '邻县' });
  }, 120_000);

  it('a district has one row per hall and a total over all its visits; the province one row per district', async () => {
    const own = await hallReport(DAY, DAY, 'hall');
    const district = await hub.reports.rollup({ kind: 'district', district: '示范县' }, { from: '2026-11-01', to: '2026-11-30' }, clock.now);
    if (!district.ok) throw new Error(district.error.message);
    const r = district.result.report;
    expect(r.groups.map((g) => g.label.zh).sort()).toEqual(['示范县东城分中心', '示范县政务服务中心']);
    for (const g of r.groups) {
      expect(g.issued).toBe(own.total.issued);
      expect(g.waitMedianMs).toBe(own.total.waitMedianMs);
    }
    expect(r.total.issued).toBe(2 * own.total.issued);
    expect(r.total.served).toBe(2 * own.total.served);
    // The same visits twice: the same median and P90 (the median of all visits, not of the halls' medians).
    expect(r.total.waitMedianMs).toBe(own.total.waitMedianMs);
    expect(r.total.waitP90Ms).toBe(own.total.waitP90Ms);
    expect(r.days).toEqual([{ ...own.days[0]!, issued: 2 * own.days[0]!.issued, served: 2 * own.days[0]!.served, noShows: 2 * own.days[0]!.noShows }]);

    const province = await hub.reports.rollup({ kind: 'province' }, { from: DAY, to: DAY }, clock.now);
    if (!province.ok) throw new Error(province.error.message);
    expect(province.result.report.groups.map((g) => [g.label.zh, g.issued])).toEqual([
      ['示范县', 2 * own.total.issued],
      ['邻县', own.total.issued],
    ]);
    expect(province.result.report.total.issued).toBe(3 * own.total.issued);
    expect(province.result.behind).toEqual([]);
  });
});

describe('hub supervisors sign in to /hub/reports', () => {
  beforeAll(async () => {
    await addSupervisor(hub.pool, { staffId: 'S100', name: '县级主管', district: '示范县', password: 'county-secret' });
    await addSupervisor(hub.pool, { staffId: 'P1', name: '省级主管', district: '', password: 'province-secret' });
  });

  async function signIn(staffId: string, password: string): Promise<Response> {
    return fetch(`${hub.url}/hub/reports/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ staffId, password }).toString(),
      redirect: 'manual',
    });
  }

  it('a district supervisor gets an HttpOnly SameSite=Strict session, sees the district’s month and its CSV, and nothing of another district', async () => {
    const anonymous = await fetch(`${hub.url}/hub/reports`);
    expect(await anonymous.text()).toContain('中心主管登录');
    expect((await fetch(`${hub.url}/hub/reports/csv`)).status).toBe(401);

    const res = await signIn('S100', 'county-secret');
    expect(res.status).toBe(303);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^hub_session=[A-Za-z0-9_-]+; Path=\/hub\/reports; HttpOnly; SameSite=Strict/);
    const session = cookie.split(';')[0]!;
    const get = (path: string) => fetch(`${hub.url}${path}`, { headers: { cookie: session } });

    const own = await hallReport(DAY, DAY, 'hall');
    const page = await (await get('/hub/reports?month=2026-11')).text();
    expect(page).toContain('示范县 · 2026-11-01 – 2026-11-30');
    expect(page).toContain(`<th scope="row">合计</th><td>${2 * own.total.issued}</td>`);
    expect(page).not.toContain('邻县政务服务中心');

    const csv = await get('/hub/reports/csv?month=2026-11');
    expect(csv.headers.get('content-disposition')).toContain(encodeURIComponent('统计报表_示范县_2026-11-01_2026-11-30_district.csv'));
    const district = await hub.reports.rollup({ kind: 'district', district: '示范县' }, { from: '2026-11-01', to: '2026-11-30' }, clock.now);
    expect(await csv.text()).toBe(district.ok ? reportCsv(district.result.report).replace(/^\uFEFF/, '') : 'no');

    expect((await get('/hub/reports?scope=district:邻县&month=2026-11')).status).toBe(403);
    expect((await get('/hub/reports?scope=hall:other&month=2026-11')).status).toBe(403);
    expect((await get('/hub/reports?scope=province&month=2026-11')).status).toBe(403);
    expect((await get('/hub/reports/csv?scope=province&month=2026-11')).status).toBe(403);
    const oneHall = await (await get(`/hub/reports?scope=hall:demo&from=${DAY}&to=${DAY}&groupBy=queue`)).text();
    expect(oneHall).toContain('示范县政务服务中心 · 2026-11-23 – 2026-11-23 · 按业务');
    const tooLong = await get('/hub/reports?from=2025-01-01&to=2026-11-30');
    expect(tooLong.status).toBe(400);
    expect(await tooLong.text()).toContain('统计区间最长 400 天');

    await fetch(`${hub.url}/hub/reports/sign-out`, { method: 'POST', headers: { cookie: session }, redirect: 'manual' });
    expect(await (await get('/hub/reports')).text()).toContain('中心主管登录');
  });

  it('a province supervisor sees every district; wrong passwords are slowed as at the hall', async () => {
    const ok = await signIn('P1', 'province-secret');
    const session = (ok.headers.get('set-cookie') ?? '').split(';')[0]!;
    const page = await (await fetch(`${hub.url}/hub/reports?scope=province&from=${DAY}&to=${DAY}`, { headers: { cookie: session } })).text();
    expect(page).toContain('data-group="邻县"');
    expect(page).toContain('data-group="示范县"');

    for (let i = 0; i < 5; i++) expect((await signIn('P1', 'wrong-password')).status).toBe(401);
    const slowed = await signIn('P1', 'province-secret');
    expect(slowed.status).toBe(429);
    expect(Number(slowed.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(slowed.headers.get('set-cookie')).toBeNull();
    // An unknown 工号 is told the same words as a wrong password.
    expect(await (await signIn('NOBODY', 'whatever')).text()).toContain('工号或密码不正确');
  });
});
