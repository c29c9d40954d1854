/**
 * 登录保护 on the supervisor desk (issue 11 item 4): while the supervisor
 * works at the desk, a stranger at another address (127.0.0.2) guesses the
 * supervisor's own PIN. The desk says who is being guessed, how often and
 * from where; the supervisor stays signed in and can sign in again; lifting
 * the address's delay from the desk lets that address try again.
 */
import { expect, test } from '@playwright/test';
import { expectAccessible } from './axe.ts';
import { startDemoHall, type HallUnderTest } from './hall-fixture.ts';
import { signInPanel } from './pages.ts';
import { httpFrom } from '../support/http-from.ts';

const STRANGER = '127.0.0.2';

let hall: HallUnderTest;
test.beforeAll(async () => {
  hall = await startDemoHall();
});
test.afterAll(async () => {
  await hall?.stop();
});

const guess = () => httpFrom(`${hall.url}/api/session`, { method: 'POST', from: STRANGER, body: { staffId: '9001', pin: '000000' } });

test('the desk is told who is being guessed and from where, and lifts the address’s delay', async ({ browser }) => {
  const desk = await signInPanel(browser, hall.url, '9001', 'supervisor');
  await expect(desk.getByTestId('signin-watch')).toHaveCount(0);

  for (let i = 0; i < 5; i++) expect((await guess()).status).toBe(401);
  const slowed = await guess();
  expect(slowed.status).toBe(429);
  expect(Number(slowed.headers['retry-after'])).toBeGreaterThan(0);

  const alert = desk.getByTestId('signin-alert-9001');
  await expect(alert).toHaveText('工号 9001 冯卫东：今日密码错误 5 次，来自 127.0.0.2（5 次）。本人在自己的电脑上仍可正常登录。');
  await expect(desk.getByTestId(`signin-address-${STRANGER}`)).toContainText('错误 5 次，涉及 1 个工号');
  await expect(desk.getByTestId(`signin-address-${STRANGER}`)).toContainText(/限制至 \d\d:\d\d/);
  await desk.screenshot({ path: 'test-results/screenshots/desk-signin-alert.png', animations: 'disabled' });
  await expectAccessible(desk, 'supervisor desk, sign-in alert', '[data-testid="signin-watch"]');

  // The guessed supervisor is not locked out: a second sign-in from the desk's address works at once.
  const again = await signInPanel(browser, hall.url, '9001', 'supervisor');
  await again.context().close();

  await desk.getByTestId(`unblock-${STRANGER}`).click();
  await expect(desk.getByTestId('signin-watch')).toHaveCount(0);
  expect((await guess()).status).toBe(401);

  await desk.context().close();
});
