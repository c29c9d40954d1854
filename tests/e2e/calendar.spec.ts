/**
 * The demo hall's calendar as shipped, in the browser: on a Saturday the
 * kiosks say the hall is closed and when tickets resume, grey every queue,
 * and a kiosk in the 7×24 self-service area says what it still offers.
 */
import { expect, test } from '@playwright/test';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHallServer, type RunningHallServer } from '../../server/hall-server.ts';
import { SHIPPED_DEMO_PATH } from '../support/demo.ts';
import { devicePage, PORTRAIT } from './pages.ts';

let server: RunningHallServer;
const saturday = Date.parse('2026-11-21T10:00:00+08:00');
const started = Date.now();

test.beforeAll(async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'yichuang-calendar-'));
  // The hall's clock runs from Saturday 10:00 at real speed.
  server = await startHallServer({ port: 0, host: '127.0.0.1', configPath: SHIPPED_DEMO_PATH, dataDir, logLevel: 'warn', now: () => saturday + (Date.now() - started) });
});
test.afterAll(async () => {
  await server?.close();
});

test('on a closed day the 24-hour kiosk says when tickets resume and what it still offers', async ({ browser }) => {
  const kiosk = await devicePage(browser, PORTRAIT);
  await kiosk.goto(`${server.url}/kiosk/?token=demo-kiosk-24h-token`);
  const notice = kiosk.getByTestId('hall-closed');
  await expect(notice).toContainText('今日不对外办公，11月23日（周一）08:00 起可取号');
  await expect(notice).toContainText('7×24小时自助服务区');
  await expect(kiosk.getByTestId('queue-button-comprehensive')).toBeDisabled();
  await kiosk.screenshot({ path: 'test-results/screenshots/kiosk-24h-closed-portrait.png' });
});
