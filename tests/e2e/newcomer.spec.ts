/**
 * A newcomer at any hour (issue 11 item 23), and what / shows to whom (item 1):
 * `npm start` runs the shipped demo hall in 全天演示 mode. At 18:11 on a
 * Monday — after the demo's hours — the index page (on this machine) explains
 * the mode and the --real-hours switch and lists the demo accounts; its
 * one-click kiosk takes a ticket; the supervisor finds 值班主任台 first in the
 * login form and needs no window at all. A device on the LAN gets the index
 * page without any token or account.
 */
import { expect, test, type Page } from '@playwright/test';
import { startHallServer, type RunningHallServer } from '../../server/hall-server.ts';
import { localInstant } from '../../state-machines/domain/appointment.ts';
import { SHIPPED_DEMO_PATH } from '../support/demo.ts';
import { lanAddress } from '../support/http-from.ts';
import { tempDataDir } from '../support/server.ts';
import { expectAccessible } from './axe.ts';
import { DESK, devicePage, PORTRAIT } from './pages.ts';

const OUT = 'test-results/screenshots';
const EVENING = localInstant('2026-11-23', '18:11', 'Asia/Shanghai');
const LAN = lanAddress();

let server: RunningHallServer;
test.beforeAll(async () => {
  const started = Date.now();
  server = await startHallServer({
    port: 0,
    host: '0.0.0.0',
    configPath: SHIPPED_DEMO_PATH,
    dataDir: tempDataDir(),
    logLevel: 'warn',
    demoAllDay: true,
    now: () => EVENING + (Date.now() - started),
  });
});
test.afterAll(async () => {
  await server?.close();
});

const local = () => `http://127.0.0.1:${server.port}`;
const shoot = (page: Page, name: string) => page.screenshot({ path: `${OUT}/${name}.png`, fullPage: true, animations: 'disabled' });

test('the index page on this machine explains the all-day demo and its accounts; its kiosk link takes a ticket at 18:11', async ({ browser }) => {
  const index = await devicePage(browser, DESK);
  await index.goto(`${local()}/`);
  await expect(index.getByTestId('demo-mode')).toContainText('全天演示模式');
  await expect(index.getByTestId('demo-mode')).toContainText('npm start -- --real-hours');
  await expect(index.getByTestId('demo-pin')).toHaveText('123456');
  await expect(index.getByTestId('demo-account-9001')).toContainText('值班主任台');
  await expect(index.getByTestId('demo-account-1009')).toContainText('5 号窗口');
  await shoot(index, 'index-demo');
  await expectAccessible(index, 'index page, shipped demo on this machine');

  await index.getByTestId('link-kiosk-1f-1').click();
  await index.setViewportSize(PORTRAIT);
  await index.getByTestId('queue-button-consult').click();
  await expect(index.getByTestId('ticket-number')).toHaveText(/^[A-Z]\d{3}$/);
  await index.context().close();
});

test('a device on the LAN gets the index page without any token or account', async ({ browser }) => {
  test.skip(!LAN, 'this machine has no non-loopback address');
  const index = await devicePage(browser, DESK);
  await index.goto(`http://${LAN}:${server.port}/`);
  await expect(index.getByTestId('pairing-note')).toContainText('在「设备管理」中输入此配对码');
  const html = await index.content();
  expect(html).not.toContain('token=');
  expect(html).not.toContain('123456');
  expect(html).not.toContain('9001');
  await shoot(index, 'index-lan');
  await expectAccessible(index, 'index page, LAN');
  await index.context().close();
});

test('the login form offers 值班主任台 first; a supervisor needs no window, a clerk is asked for one', async ({ browser }) => {
  const panel = await devicePage(browser, DESK);
  await panel.goto(`${local()}/window-panel/`);
  const options = panel.getByTestId('login-window').locator('option');
  await expect(options.nth(1)).toHaveText('值班主任台（不选窗口）');
  await expect(options.nth(2)).toHaveText('导办台（不选窗口）');
  await expect(options.nth(3)).toHaveText(/^1 号窗口/);
  await expect(panel.getByTestId('login-window-hint')).toHaveText('值班主任无需选择窗口，登录后进入值班主任台');
  await shoot(panel, 'login-form');
  await expectAccessible(panel, 'login form');

  await panel.getByTestId('login-staff').fill('1009');
  await panel.getByTestId('login-pin').fill('123456');
  await panel.getByTestId('login-submit').click();
  await expect(panel.getByTestId('login-error')).toHaveText('请选择窗口');

  await panel.getByTestId('login-staff').fill('9001');
  await panel.getByTestId('login-pin').fill('123456');
  await panel.getByTestId('login-submit').click();
  await expect(panel.getByTestId('supervisor-title')).toContainText('值班主任台');
  await panel.context().close();
});
