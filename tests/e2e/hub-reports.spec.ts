/**
 * 统计报表（中心） in the browser, over a real PostgreSQL the test starts: a real hall ships a morning
 * (tickets taken, served at window 5) to the hub; a second hall of the district and one of another
 * district hold the same history. A district supervisor signs in with their own hub account (a wrong
 * password first), sees the district's month — one row per hall and the total — switches to English,
 * opens one hall by queue, and downloads the CSV, which says the same numbers as the page.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { addHall } from '../../server/hub/hall-credentials.ts';
import { startHubServer, type RunningHub } from '../../server/hub/hub-server.ts';
import { addSupervisor } from '../../server/hub/hub-supervisors.ts';
import type { TicketReceipt } from '../../state-machines/protocol/socket-events.ts';
import { CLERK_W5, DEMO_TOKENS, TEN_AM } from '../support/demo.ts';
import { connect, login, newRequestId } from '../support/hall-client.ts';
import { copyHallAtHub, foldedAtHub, hallShippingTo } from '../support/hub.ts';
import { startPostgres, type RunningPostgres } from '../support/postgres.ts';
import { expectAccessible } from './axe.ts';
import { DESK } from './pages.ts';

let pg: RunningPostgres;
let hub: RunningHub;
const cleanups: (() => unknown)[] = [];
/** Tickets the hall issued and served (办结) that morning. */
const ISSUED = 6;
const SERVED = 4;

test.beforeAll(async () => {
  pg = await startPostgres();
  hub = await startHubServer({ databaseUrl: pg.url, port: 0 });
  const credential = await addHall(hub.pool, { id: 'demo', name: '示范县政务服务中心', district: '示范县' });
  const clock = { now: TEN_AM };
  const hall = await hallShippingTo(cleanups, hub.url, credential, clock);
  const kiosk = await connect(hall.url, '/kiosk', DEMO_TOKENS.kiosk);
  const panel = await connect(hall.url, '/window', (await login(hall.url, CLERK_W5)).token);
  cleanups.push(
    () => kiosk.close(),
    () => panel.close(),
  );
  const ok = async (event: string, payload: Record<string, unknown>) => {
    clock.now += 60_000;
    const ack = await panel.request(event, { requestId: newRequestId(), ...payload });
    expect(ack.ok ? 'ok' : ack.error).toBe('ok');
  };
  await ok('window:open', { window: 5 });
  const tickets: string[] = [];
  for (let i = 0; i < ISSUED; i++) {
    clock.now += 15_000;
    const taken = await kiosk.request<TicketReceipt>('ticket:take', { requestId: newRequestId(), queueId: 'comprehensive' });
    if (!taken.ok) throw new Error(taken.error.message);
    tickets.push(taken.result.ticket.id);
  }
  for (const id of tickets.slice(0, SERVED)) {
    await ok('ticket:call-next', { window: 5 });
    await ok('ticket:start', { window: 5, ticketId: id });
    await ok('ticket:complete', { window: 5, ticketId: id });
  }
  await foldedAtHub(hub, hall);
  await copyHallAtHub(hub, 'demo', { id: 'demo-east', name: '示范县东城分中心', district: '示范县' });
  await copyHallAtHub(hub, 'demo', { id: 'other', name: '邻县政务服务中心', district: '邻县' });
  await addSupervisor(hub.pool, { staffId: 'S100', name: '王主管', district: '示范县', password: 'county-secret' });
});
test.afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  await hub?.close();
  pg?.destroy();
});

test('a district supervisor signs in, sees the district’s month, one hall by queue, in English, and downloads the CSV', async ({ browser }) => {
  const context = await browser.newContext({ viewport: DESK, acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(`${hub.url}/hub/reports`);
  await expect(page.getByRole('heading', { name: '中心主管登录' })).toBeVisible();
  await page.screenshot({ path: 'test-results/screenshots/hub-reports-sign-in.png', fullPage: true });
  await expectAccessible(page, 'hub reports sign-in');

  await page.getByTestId('hub-staff-id').fill('S100');
  await page.getByTestId('hub-password').fill('not-the-password');
  await page.getByTestId('hub-sign-in').click();
  await expect(page.getByRole('alert')).toHaveText('工号或密码不正确');
  await page.screenshot({ path: 'test-results/screenshots/hub-reports-wrong-password.png', fullPage: true });
  await expectAccessible(page, 'hub reports sign-in, wrong password');

  await page.getByTestId('hub-staff-id').fill('S100');
  await page.getByTestId('hub-password').fill('county-secret');
  await page.getByTestId('hub-sign-in').click();
  await expect(page.getByText('王主管（S100） · 示范县')).toBeVisible();
  const cookies = await context.cookies();
  expect(cookies.find((c) => c.name === 'hub_session')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
  // Only the district and its halls to choose from.
  await expect(page.getByTestId('hub-scope').locator('option')).toHaveText(['示范县', '　示范县政务服务中心', '　示范县东城分中心']);

  await page.getByTestId('hub-month').fill('2026-11');
  await page.getByTestId('hub-show').click();
  await expect(page.getByTestId('hub-report-title')).toHaveText('示范县 · 2026-11-01 – 2026-11-30 · 各大厅');
  const table = page.getByTestId('hub-report');
  await expect(table.locator('tr[data-group="demo"] td').first()).toHaveText(String(ISSUED));
  await expect(table.locator('tr[data-group="demo-east"] td').nth(1)).toHaveText(String(SERVED));
  await expect(table.locator('tr.total td').first()).toHaveText(String(2 * ISSUED));
  await expect(table.locator('tr.total td').nth(1)).toHaveText(String(2 * SERVED));
  await expect(page.getByText('邻县政务服务中心')).toHaveCount(0);
  await page.screenshot({ path: 'test-results/screenshots/hub-reports-district-month.png', fullPage: true });
  await expectAccessible(page, 'hub reports, a district’s month');
  // Printed: the table and its title, without the form, the links and the sign-out.
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByTestId('hub-scope')).toBeHidden();
  await expect(page.getByTestId('hub-csv')).toBeHidden();
  await expect(page.getByTestId('hub-report')).toBeVisible();
  await page.screenshot({ path: 'test-results/screenshots/hub-reports-district-print.png', fullPage: true });
  await page.emulateMedia({ media: 'screen' });

  const download = page.waitForEvent('download');
  await page.getByTestId('hub-csv').click();
  const file = await (await download).path();
  const csv = readFileSync(file, 'utf8');
  expect(csv.startsWith('\uFEFF分组,取号,办结,过号')).toBe(true);
  const lines = csv
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n');
  expect(lines.slice(1).map((l) => l.split(',').slice(0, 3))).toEqual([
    ['示范县政务服务中心', String(ISSUED), String(SERVED)],
    ['示范县东城分中心', String(ISSUED), String(SERVED)],
    ['合计', String(2 * ISSUED), String(2 * SERVED)],
  ]);

  await page.getByRole('link', { name: 'English' }).click();
  await expect(page.getByRole('heading', { name: 'Reports across halls' })).toBeVisible();
  await expect(page.getByTestId('hub-report-title')).toHaveText('示范县 · 2026-11-01 – 2026-11-30 · Per hall');
  await page.screenshot({ path: 'test-results/screenshots/hub-reports-district-en.png', fullPage: true });
  await expectAccessible(page, 'hub reports, English');

  await page.getByTestId('hub-scope').selectOption('hall:demo');
  await page.getByTestId('hub-group').selectOption('queue');
  await page.getByTestId('hub-show').click();
  await expect(page.getByTestId('hub-report-title')).toHaveText('示范县政务服务中心 · 2026-11-01 – 2026-11-30 · By queue');
  await expect(page.getByTestId('hub-report').locator('tbody th').first()).toHaveText('Comprehensive Acceptance');
  await page.screenshot({ path: 'test-results/screenshots/hub-reports-hall-by-queue-en.png', fullPage: true });
  await expectAccessible(page, 'hub reports, one hall by queue');

  // Another district's hall, asked for by hand: refused.
  await page.goto(`${hub.url}/hub/reports?scope=hall:other&month=2026-11`);
  await expect(page.getByRole('alert')).toHaveText('您只能查看本区县的大厅');
  await context.close();
});
