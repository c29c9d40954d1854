/**
 * The hub's pages in the browser, over a real PostgreSQL the test starts: the
 * status page (中心状态) with each hall's last event and the refusals — a
 * forged event and a borrowed credential — in Chinese, no credential on it;
 * and the public phone page (办事去哪儿) with a hall's live waits, in large
 * type on a phone, with its English switch, changed by push when a real hall
 * issues a ticket.
 */
import { expect, test } from '@playwright/test';
import { addHall } from '../../server/hub/hall-credentials.ts';
import { startHubServer, type RunningHub } from '../../server/hub/hub-server.ts';
import { CHAIN_START, shipRow } from '../../server/hub-link/shipped-chain.ts';
import { DEMO_TOKENS, TEN_AM } from '../support/demo.ts';
import { connect } from '../support/hall-client.ts';
import { hallShippingTo, takeTickets } from '../support/hub.ts';
import { startPostgres, type RunningPostgres } from '../support/postgres.ts';
import { expectAccessible } from './axe.ts';
import { DESK } from './pages.ts';

let pg: RunningPostgres;
let hub: RunningHub;

test.beforeAll(async () => {
  pg = await startPostgres();
  hub = await startHubServer({ databaseUrl: pg.url, port: 0 });
});
test.afterAll(async () => {
  await hub?.close();
  pg?.destroy();
});

test('the status page lists each hall and every refusal, and shows no credential', async ({ browser }) => {
  const demo = await addHall(hub.pool, { id: 'demo', name: '示范县政务服务中心', district: '示范县' });
  const east = await addHall(hub.pool, { id: 'east', name: '东区政务服务中心', district: '东区' });
  const first = shipRow(CHAIN_START.hash, { seq: 1, at: 1, type: 'ticket.issued', actor: 'kiosk:k1', payload: '{"type":"ticket.issued"}' });
  const post = (credential: string, rows: unknown[]) =>
    fetch(`${hub.url}/hub/v1/halls/demo/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${credential}` },
      body: JSON.stringify({ rows }),
    });
  expect((await post(demo, [first])).status).toBe(200);
  const second = shipRow(first.hash, { seq: 2, at: 2, type: 'ticket.issued', actor: 'kiosk:k1', payload: '{"type":"ticket.issued"}' });
  expect((await post(demo, [{ ...second, payload: '{"type":"ticket.called"}' }])).status).toBe(409);
  expect((await post(east, [second])).status).toBe(401);

  const context = await browser.newContext({ viewport: DESK });
  const page = await context.newPage();
  await page.goto(`${hub.url}/hub/status`);
  await expect(page.getByRole('heading', { name: '中心状态' })).toBeVisible();
  const demoRow = page.locator('tr[data-hall="demo"]');
  await expect(demoRow).toContainText('示范县政务服务中心');
  await expect(demoRow.locator('td.num')).toHaveText('1');
  await expect(page.locator('tr[data-kind="ALTERED"]')).toContainText('篡改（内容与哈希不符）');
  await expect(page.locator('tr[data-kind="CREDENTIAL"]')).toContainText('凭证错误');
  const html = await page.content();
  expect(html).not.toContain(demo);
  expect(html).not.toContain(east);
  await page.screenshot({ path: 'test-results/screenshots/hub-status.png', fullPage: true });
  await expectAccessible(page, 'hub status page');
  await context.close();
});

test('the public phone page shows each hall of a district with its live waits, in Chinese with an English switch', async ({ browser }) => {
  const credential = await addHall(hub.pool, { id: 'west', name: '西区政务服务中心', district: '西区' });
  const doc = {
    hallId: 'west',
    name: { zh: '西区政务服务中心', en: 'West District Government Service Center' },
    seq: 42,
    at: Date.now(),
    issuing: true,
    queues: [
      {
        id: 'comprehensive',
        prefix: 'A',
        name: { zh: '综合受理', en: 'Comprehensive' },
        waiting: 12,
        ahead: 12,
        wait: { kind: 'minutes', minutes: 25 },
        waitText: { zh: '约 25 分钟', en: 'about 25 min' },
        openWindows: 3,
      },
      {
        id: 'pickup',
        prefix: 'H',
        name: { zh: '综合出件', en: 'Result Pick-up' },
        waiting: 0,
        ahead: 0,
        wait: { kind: 'now' },
        waitText: { zh: '即到即叫', en: 'No wait' },
        openWindows: 1,
      },
    ],
  };
  const put = await fetch(`${hub.url}/hub/v1/halls/west/live`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${credential}` },
    body: JSON.stringify(doc),
  });
  expect(put.status).toBe(200);
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
  const page = await context.newPage();
  await page.goto(`${hub.url}/?district=${encodeURIComponent('西区')}`);
  const hall = page.locator('section[data-hall="west"]');
  await expect(hall.locator('h2')).toHaveText('西区政务服务中心');
  await expect(hall.locator('.state')).toHaveText('正在取号');
  await expect(hall.locator('tbody tr').first()).toHaveText(/综合受理\s*12\s*约 25 分钟\s*3/);
  await expect(page.getByRole('link', { name: '西区' })).toHaveAttribute('aria-current', 'page');
  await page.screenshot({ path: 'test-results/screenshots/hub-public-phone.png', fullPage: true });
  await expectAccessible(page, 'hub public page, phone');
  await page.getByRole('link', { name: 'English' }).click();
  await expect(hall.locator('h2')).toHaveText('West District Government Service Center');
  await expect(hall.locator('tbody tr').first()).toHaveText(/Comprehensive\s*12\s*about 25 min\s*3/);
  await page.screenshot({ path: 'test-results/screenshots/hub-public-phone-en.png', fullPage: true });
  await expectAccessible(page, 'hub public page, phone, English');
  await context.close();
});

test('a hall’s new ticket reaches an open phone page by push, without a reload', async ({ browser }) => {
  // A hub of its own: the status test above stored a forged history for 'demo' in the shared one.
  const cleanups: (() => unknown)[] = [];
  const hub = await startHubServer({ databaseUrl: await pg.newDatabase('hub_push'), port: 0 });
  cleanups.push(() => hub.close());
  const credential = await addHall(hub.pool, { id: 'demo', name: '示范县政务服务中心', district: '示范县' });
  try {
    const clock = { now: TEN_AM };
    const hall = await hallShippingTo(cleanups, hub.url, credential, clock);
    const kiosk = await connect(hall.url, '/kiosk', DEMO_TOKENS.kiosk);
    cleanups.push(() => kiosk.close());
    await takeTickets(kiosk, clock, 2);
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    cleanups.push(() => context.close());
    const comprehensive = page.locator('section[data-hall="demo"] tbody tr').first();
    // The hall sends its numbers at once: wait for the hub to hold them (read from its database, not through the rate-limited API), then open the page.
    await expect
      .poll(async () => (await hub.pool.query<{ doc: string }>("SELECT doc FROM hall_live WHERE hall_id = 'demo'")).rows[0]?.doc ?? '', { timeout: 15_000 })
      .toContain('"waiting":2');
    await page.goto(`${hub.url}/?district=${encodeURIComponent('示范县')}`);
    await expect(comprehensive).toHaveText(/^综合受理2\D/);
    const loads: string[] = [];
    page.on('framenavigated', (f) => loads.push(f.url()));
    await takeTickets(kiosk, clock, 1);
    // Pushed (Server-Sent Events → the list part fetched again): well inside the page's 60 s fallback poll.
    await expect(comprehensive).toHaveText(/^综合受理3\D/, { timeout: 10_000 });
    expect(loads).toEqual([]);
    await page.screenshot({ path: 'test-results/screenshots/hub-public-pushed.png', fullPage: true });
    await expectAccessible(page, 'hub public page after a push');
  } finally {
    for (const c of cleanups.reverse()) await c();
  }
});
