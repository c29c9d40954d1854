/**
 * The first path through the hall, on the real server and the built pages:
 * a visitor takes a number at the kiosk, the clerk at window 5 signs in,
 * opens the window and calls it, the wall display shows and speaks the call
 * (pushed, no reload), the clerk starts and completes the service.
 */
import { expect, test } from '@playwright/test';
import { expectAccessible } from './axe.ts';
import { DEMO, startDemoHall, type HallUnderTest } from './hall-fixture.ts';
import { DESK, devicePage, LANDSCAPE, PORTRAIT, spoken } from './pages.ts';

/** The Chromium revision Playwright 1.64 is built against; Debian's package must match. */
const EXPECTED_CHROMIUM_MAJOR = 156;

let hall: HallUnderTest;
test.beforeAll(async () => {
  hall = await startDemoHall();
});
test.afterAll(async () => {
  await hall?.stop();
});

test('the system Chromium is the revision Playwright expects', async ({ browser }) => {
  const version = browser.version();
  test.info().annotations.push({ type: 'chromium', description: version });
  const major = Number(version.split('.')[0]);
  expect(
    major,
    `Debian's chromium is ${version}; Playwright 1.64 targets ${EXPECTED_CHROMIUM_MAJOR}. Re-run the suite, then update EXPECTED_CHROMIUM_MAJOR.`,
  ).toBe(EXPECTED_CHROMIUM_MAJOR);
});

test('take a number, call it at window 5, see and hear it on the wall, complete it', async ({ browser }) => {
  const display = await devicePage(browser, LANDSCAPE, 'recorded');
  await display.goto(`${hall.url}/display/?token=${DEMO.hallDisplayToken}`);
  await expect(display.getByTestId('current-call')).toContainText('欢迎光临');
  await expectAccessible(display, 'wall display, welcome');

  // Kiosk: one tap, one ticket.
  const kiosk = await devicePage(browser, PORTRAIT);
  await kiosk.goto(`${hall.url}/kiosk/?token=${DEMO.kioskToken}`);
  const comprehensive = kiosk.getByTestId('queue-button-comprehensive');
  await expect(comprehensive).toBeEnabled();
  const issuedBefore = hall.server.hall.state.counters.comprehensive?.last ?? 0;
  await expect(comprehensive).toContainText('综合受理');
  await expect(kiosk.getByTestId('queue-waiting-comprehensive')).toHaveText('前面 0 人');
  // No window is open yet: the tile says so instead of promising a wait.
  await expect(kiosk.getByTestId('queue-estimate-comprehensive')).toHaveText('窗口暂未开放');
  await expectAccessible(kiosk, 'kiosk home');
  await comprehensive.dblclick();
  const ticketNumber = kiosk.getByTestId('ticket-number');
  await expect(ticketNumber).toHaveText(/^A\d{3}$/);
  const number = (await ticketNumber.textContent()) ?? '';
  await expect(kiosk.getByTestId('people-ahead')).toHaveText('您前面还有 0 人');
  // The windows as the paper prints them: ranges.
  await expect(kiosk.getByTestId('ticket-windows')).toHaveText('1、4-6、8-13 号窗口');
  await expect(kiosk.getByTestId('ticket-floor')).toContainText('一楼');
  // No window open yet: no minutes promised.
  await expect(kiosk.getByTestId('wait-estimate')).toHaveText('窗口暂未开放，开放后依次叫号');
  // The demo hall's rule: one 过号重排.
  await expect(kiosk.getByTestId('no-show-rule')).toHaveText('过号后当天可到导办台申请重新排队一次。');
  await expectAccessible(kiosk, 'kiosk ticket');
  expect(hall.server.hall.state.counters.comprehensive?.last, 'a double tap takes one ticket').toBe(issuedBefore + 1);
  // The token is remembered and taken out of the address bar.
  expect(new URL(kiosk.url()).searchParams.has('token')).toBe(false);
  await kiosk.getByTestId('ticket-done').click();
  await expect(kiosk.getByTestId('queue-waiting-comprehensive')).toHaveText('前面 1 人');

  // Window panel: sign in to window 5, open it, call the visitor.
  const panel = await devicePage(browser, DESK);
  await panel.goto(`${hall.url}/window-panel/`);
  await panel.getByTestId('login-staff').fill(DEMO.clerk.staffId);
  await panel.getByTestId('login-pin').fill(DEMO.clerk.pin);
  await panel.getByTestId('login-window').selectOption(String(DEMO.clerk.window));
  await panel.getByTestId('login-submit').click();
  await expect(panel.getByTestId('panel-clerk')).toContainText(DEMO.clerk.name);
  await expect(panel.getByTestId('panel-window')).toContainText('5 号窗口');
  await expect(panel.getByTestId('panel-waiting-comprehensive')).toContainText('1 人');
  // A closed window can only be opened.
  await expect(panel.getByTestId('open-window')).toBeEnabled();
  await expect(panel.getByTestId('call-next')).toBeDisabled();
  await expect(panel.getByTestId('start-service')).toBeDisabled();
  await expect(panel.getByTestId('complete')).toBeDisabled();
  await expect(panel.getByTestId('close-window')).toBeDisabled();
  for (const id of ['recall', 'no-show', 'transfer', 'park', 'cancel-ticket', 'pause-window']) await expect(panel.getByTestId(id)).toBeDisabled();
  // The line this window will call, with the ticket marked as next.
  await expect(panel.getByTestId(`line-row-${number}`)).toContainText('下一位');
  await expectAccessible(panel, 'panel signed in, window closed');

  await panel.getByTestId('open-window').click();
  await expect(panel.getByTestId('call-next')).toBeEnabled();
  await expect(panel.getByTestId('open-window')).toBeDisabled();
  await panel.getByTestId('call-next').click();
  await expect(panel.getByTestId('panel-current-ticket')).toHaveText(number);
  await expect(panel.getByTestId('complete')).toBeEnabled();
  await expect(panel.getByTestId('call-next')).toBeDisabled();
  await expect(panel.getByTestId('close-window')).toBeDisabled();

  // Wall display: pushed, flashed, spoken twice — one after the other.
  await expect(display.getByTestId('current-call-number')).toHaveText(number);
  await expect(display.getByTestId('current-call-window')).toHaveText('5');
  await expect(display.getByTestId('current-call')).toContainText(`请 ${number} 号`);
  await expect(display.getByTestId('window-tile-5')).toContainText(number);
  await expectAccessible(display, 'wall display, a call');
  await expectAccessible(panel, 'panel, called');
  const sentence = `请 ${[...number].join(' ')} 号，到 5 号窗口办理`;
  await expect.poll(() => spoken(display)).toEqual([sentence, sentence]);

  // The visitor reaches the counter: service starts, then is done; nobody else is waiting.
  await expect(panel.getByTestId('panel-window-status')).toHaveText('已呼叫，等候群众到窗');
  await panel.getByTestId('start-service').click();
  await expect(panel.getByTestId('panel-window-status')).toHaveText('办理中');
  await expect(panel.getByTestId('start-service')).toBeDisabled();
  await panel.getByTestId('complete').click();
  await expect(panel.getByTestId('panel-current-ticket')).toHaveText('—');
  await expect(panel.getByTestId('panel-done-today')).toHaveText('1 件');
  await expect(display.getByTestId('window-tile-5')).toContainText('空闲');
  await panel.getByTestId('call-next').click();
  await expect(panel.getByTestId('panel-error')).toHaveText('当前没有等候的号码');
  await panel.getByTestId('close-window').click();
  await expect(panel.getByTestId('panel-window-status')).toHaveText('未开窗');
  await expectAccessible(panel, 'panel, window closed again');
  await expect(display.getByTestId('window-tile-5')).toHaveCount(0);

  // A display that (re)connects gets the call in its snapshot: shown, not spoken again.
  await display.reload();
  await expect(display.getByTestId('current-call-number')).toHaveText(number);
  await display.waitForTimeout(1_000);
  expect(await spoken(display)).toEqual([]);

  // Sign out ends the session: the panel is back at sign-in and the token is dead.
  await panel.getByTestId('sign-out').click();
  await expect(panel.getByTestId('login-submit')).toBeVisible();
  await expectAccessible(panel, 'panel sign-in');
  expect(await panel.evaluate(() => sessionStorage.length)).toBe(0);

  for (const page of [display, kiosk, panel]) await page.context().close();
});
