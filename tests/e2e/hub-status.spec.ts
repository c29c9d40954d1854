/**
 * The hub's status page (中心状态) in the browser, over a real PostgreSQL the
 * test starts: each hall with its last event, and the refusals — a forged
 * event and a borrowed credential — in Chinese, readable, no credential on it.
 */
import { expect, test } from '@playwright/test';
import { addHall } from '../../server/hub/hall-credentials.ts';
import { startHubServer, type RunningHub } from '../../server/hub/hub-server.ts';
import { CHAIN_START, shipRow } from '../../server/hub-link/shipped-chain.ts';
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
