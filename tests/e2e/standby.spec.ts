/**
 * 双机热备 (README § Standby) in the browser: a kiosk, a wall display and a clerk's panel opened on the primary
 * follow the hall to the standby when the primary is killed — the kiosk takes the next number there, the
 * display announces nothing twice, the clerk is still signed in and calls the next visitor — and the supervisor's
 * desk on the new primary shows who holds the hall since when.
 */
import { expect, test } from '@playwright/test';
import { makePair } from '../support/standby-pair.ts';
import { expectAccessible } from './axe.ts';
import { DEMO } from './hall-fixture.ts';
import { DESK, devicePage, LANDSCAPE, PORTRAIT, signInPanel, spoken } from './pages.ts';
import { DEMO_CONFIG_PATH } from '../support/demo.ts';

let pair: Awaited<ReturnType<typeof makePair>>;
test.beforeAll(async () => {
  pair = await makePair(DEMO_CONFIG_PATH);
  await pair.start(0);
  await pair.start(1);
  await pair.inSync(0);
});
test.afterAll(async () => {
  await pair?.close();
});

test('killing the primary: kiosk, wall display and clerk carry on at the standby, nothing twice', async ({ browser }) => {
  test.setTimeout(120_000);
  const [a, b] = pair.members as [NonNullable<(typeof pair.members)[0]>, NonNullable<(typeof pair.members)[1]>];
  const kiosk = await devicePage(browser, PORTRAIT);
  await kiosk.goto(`${a.url}/kiosk/?token=${DEMO.kioskToken}`);
  const display = await devicePage(browser, LANDSCAPE, 'recorded');
  await display.goto(`${a.url}/display/?token=${DEMO.hallDisplayToken}`);
  const panel = await signInPanel(browser, a.url, DEMO.clerk.staffId, DEMO.clerk.window);

  await kiosk.getByTestId('queue-button-comprehensive').click();
  const first = (await kiosk.getByTestId('ticket-number').textContent()) ?? '';
  expect(first).toMatch(/^A\d{3}$/);
  await kiosk.getByTestId('ticket-done').click();
  await panel.getByTestId('open-window').click();
  await panel.getByTestId('call-next').click();
  await expect(display.getByTestId('current-call')).toContainText(first);
  // A call is said twice (the hall's habit): both, before the kill.
  await expect.poll(async () => (await spoken(display)).length).toBe(2);
  const saidBefore = await spoken(display);

  await a.child!.kill9();
  await expect(kiosk.getByTestId('link-banner')).toHaveText('网络连接中断，正在重连…');
  // Within seconds the standby holds the hall and every screen is back, on the other server.
  await expect(kiosk.getByTestId('link-banner')).toHaveCount(0, { timeout: 30_000 });
  await kiosk.getByTestId('queue-button-comprehensive').click();
  const second = (await kiosk.getByTestId('ticket-number').textContent()) ?? '';
  expect(second).toMatch(/^A\d{3}$/);
  expect(Number(second.slice(1))).toBe(Number(first.slice(1)) + 1);
  await kiosk.screenshot({ path: 'test-results/screenshots/standby-kiosk-after-takeover.png' });
  await kiosk.getByTestId('ticket-done').click();

  // The display came back at the same seq numbers: the first call is still on it and was not announced again.
  await expect(display.getByTestId('current-call')).toContainText(first);
  expect(await spoken(display)).toEqual(saidBefore);
  // The clerk is still signed in at window 5 and calls the next visitor there.
  await expect(panel.getByTestId('panel-window')).toContainText('5 号窗口', { timeout: 30_000 });
  await panel.getByTestId('complete').click();
  await expect(panel.getByTestId('call-next')).toBeEnabled({ timeout: 30_000 });
  await panel.getByTestId('call-next').click();
  await expect(display.getByTestId('current-call')).toContainText(second);
  await expect.poll(async () => (await spoken(display)).length).toBe(saidBefore.length + 2);
  expect((await spoken(display)).slice(2).every((said) => said.includes(second.split('').join(' ')))).toBe(true);

  // The supervisor's desk on the new primary: who holds the hall, since when, and that its standby is gone.
  const desk = await signInPanel(browser, b.url, '9001', 'supervisor');
  await expect(desk.getByTestId('standby-card')).toContainText('B');
  await expect(desk.getByTestId('standby-card')).toContainText('接管');
  await expect(desk.getByTestId('standby-card')).toContainText('备用服务器未连接');
  await desk.setViewportSize(DESK);
  await desk.screenshot({ path: 'test-results/screenshots/standby-desk-card.png' });
  await expectAccessible(desk, 'supervisor desk with the standby card');
  for (const p of [kiosk, display, panel, desk]) await p.context().close();
});
