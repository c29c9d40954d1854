/**
 * What the screens do when the link is not there: refused tokens, a server
 * that goes away and comes back, a display without speech synthesis.
 */
import { expect, test } from '@playwright/test';
import { expectAccessible } from './axe.ts';
import { DEMO, startDemoHall, type HallUnderTest } from './hall-fixture.ts';
import { DESK, devicePage, LANDSCAPE, PORTRAIT } from './pages.ts';

let hall: HallUnderTest;
test.beforeAll(async () => {
  hall = await startDemoHall();
});
test.afterAll(async () => {
  await hall?.stop();
});

test('a kiosk with an unknown token, or none, shows a pairing code; one with a display token says FORBIDDEN', async ({ browser }) => {
  const kiosk = await devicePage(browser, PORTRAIT);
  await kiosk.goto(`${hall.url}/kiosk/?token=no-such-device-token`);
  await expect(kiosk.getByTestId('pairing-screen')).toBeVisible();
  await expect(kiosk.getByTestId('pairing-refused')).toHaveText('本机的设备令牌已失效或已被撤销，请重新配对。');
  await expect(kiosk.getByTestId('pairing-code')).toHaveText(/^\d{3} \d{3}$/);
  await expectAccessible(kiosk, 'kiosk pairing screen, token refused');

  // A display token opens /display only.
  await kiosk.goto(`${hall.url}/kiosk/?token=${DEMO.hallDisplayToken}`);
  await expect(kiosk.getByTestId('problem-code')).toHaveText('FORBIDDEN');

  const blank = await devicePage(browser, PORTRAIT);
  await blank.goto(`${hall.url}/kiosk/`);
  await expect(blank.getByTestId('pairing-code')).toHaveText(/^\d{3} \d{3}$/);
  await expect(blank.getByTestId('pairing-refused')).toHaveCount(0);
  await kiosk.context().close();
  await blank.context().close();
});

test('the kiosk shows the outage, blocks taking, and recovers by itself', async ({ browser }) => {
  const kiosk = await devicePage(browser, PORTRAIT);
  await kiosk.goto(`${hall.url}/kiosk/?token=${DEMO.kioskToken}`);
  const button = kiosk.getByTestId('queue-button-tax');
  await expect(button).toBeEnabled();

  await hall.halt();
  await expect(kiosk.getByTestId('link-banner')).toHaveText('网络连接中断，正在重连…');
  await expect(button).toBeDisabled();
  await expectAccessible(kiosk, 'kiosk, link down');

  await hall.resume();
  await expect(kiosk.getByTestId('link-banner')).toHaveCount(0, { timeout: 15_000 });
  await expect(button).toBeEnabled();
  // Reloading without ?token= works: the kiosk remembered it.
  await kiosk.goto(`${hall.url}/kiosk/`);
  await button.click();
  await expect(kiosk.getByTestId('ticket-number')).toHaveText(/^E\d{3}$/);
  await kiosk.context().close();
});

test('a take whose acknowledgement is lost is sent again with the same requestId: one ticket', async ({ browser }) => {
  const kiosk = await devicePage(browser, PORTRAIT);
  const takesSent: string[] = [];
  let upgraded = false;
  let ackDropped = false;
  // Sit between the page and the server on the WebSocket transport; drop the first ack of the kiosk namespace.
  await kiosk.routeWebSocket(/\/socket\.io\//, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((message) => {
      if (message === '5') upgraded = true;
      if (typeof message === 'string' && message.includes('"ticket:take"')) takesSent.push(message);
      server.send(message);
    });
    server.onMessage((message) => {
      if (!ackDropped && typeof message === 'string' && /^43\/kiosk,\d+\[/.test(message)) {
        ackDropped = true;
        return;
      }
      ws.send(message);
    });
  });
  await kiosk.goto(`${hall.url}/kiosk/?token=${DEMO.kioskToken}`);
  const before = hall.server.hall.state.counters.construction?.last ?? 0;
  await expect.poll(() => upgraded, { message: 'Socket.IO moved to the WebSocket transport' }).toBe(true);

  await kiosk.getByTestId('queue-button-construction').click();
  await expect(kiosk.getByTestId('queue-button-construction')).toBeDisabled();
  await expect(kiosk.getByTestId('ticket-number')).toHaveText(/^F\d{3}$/, { timeout: 15_000 });

  expect(ackDropped).toBe(true);
  expect(takesSent).toHaveLength(2);
  const requestIds = takesSent.map((m) => /"requestId":"([^"]+)"/.exec(m)?.[1]);
  expect(requestIds[0]).toBeTruthy();
  expect(requestIds[1]).toBe(requestIds[0]);
  expect(hall.server.hall.state.counters.construction?.last).toBe(before + 1);
  await kiosk.context().close();
});

test('a wall display that cannot play sound still shows calls, and says voice is off', async ({ browser }) => {
  const display = await devicePage(browser, LANDSCAPE, 'blocked');
  await display.goto(`${hall.url}/display/?token=${DEMO.hallDisplayToken}`);
  await expect(display.getByText('语音未开启：请检查音箱/浏览器自动播放设置')).toBeVisible();

  const kiosk = await devicePage(browser, PORTRAIT);
  await kiosk.goto(`${hall.url}/kiosk/?token=${DEMO.kioskToken}`);
  await kiosk.getByTestId('queue-button-police').click();
  const number = (await kiosk.getByTestId('ticket-number').textContent()) ?? '';
  expect(number).toMatch(/^C\d{3}$/);

  // Window 11 serves police first; its B post signs in this time.
  const panel = await devicePage(browser, DESK);
  await panel.goto(`${hall.url}/window-panel/?window=11`);
  await panel.getByTestId('login-staff').fill('1022');
  await panel.getByTestId('login-pin').fill('123456');
  await panel.getByTestId('login-submit').click();
  await panel.getByTestId('open-window').click();
  await panel.getByTestId('call-next').click();
  await expect(panel.getByTestId('panel-current-ticket')).toHaveText(number);
  await expect(display.getByTestId('current-call-number')).toHaveText(number);
  await expect(display.getByTestId('current-call-window')).toHaveText('11');
  for (const page of [display, kiosk, panel]) await page.context().close();
});

test('the window screen shows who is actually serving (信息公开)', async ({ browser }) => {
  const screen = await devicePage(browser, LANDSCAPE);
  await screen.goto(`${hall.url}/display/?token=${DEMO.window5DisplayToken}`);
  await expect(screen.getByTestId('window-number')).toContainText('5');
  await expect(screen.getByTestId('window-status')).toContainText('窗口已关闭');

  // Post B covers window 5 today.
  const panel = await devicePage(browser, DESK);
  await panel.goto(`${hall.url}/window-panel/`);
  await panel.getByTestId('login-staff').fill('1010');
  await panel.getByTestId('login-pin').fill('123456');
  await panel.getByTestId('login-window').selectOption('5');
  await panel.getByTestId('login-submit').click();
  await panel.getByTestId('open-window').click();

  await expect(screen.getByTestId('window-status')).toContainText('空闲');
  await expect(screen.getByTestId('clerk-name')).toHaveText('吴磊');
  await expect(screen.getByTestId('clerk-id')).toHaveText('工号 1010');
  await expect(screen.getByTestId('clerk-card')).toContainText('B岗');
  await expect(screen.locator('.clerk-card__photo')).toHaveAttribute('src', '/photos/1010.svg');

  await expectAccessible(screen, 'window screen, B post serving');

  await panel.getByTestId('close-window').click();
  await expect(screen.getByTestId('window-status')).toContainText('窗口已关闭');
  await expect(screen.getByTestId('clerk-name')).toHaveCount(0);
  for (const page of [screen, panel]) await page.context().close();
});

test('wrong PIN and a window that is not yours are refused on the sign-in form', async ({ browser }) => {
  const panel = await devicePage(browser, DESK);
  await panel.goto(`${hall.url}/window-panel/`);
  await panel.getByTestId('login-staff').fill('1009');
  await panel.getByTestId('login-pin').fill('654321');
  await panel.getByTestId('login-window').selectOption('5');
  await panel.getByTestId('login-submit').click();
  await expect(panel.getByTestId('login-error')).toHaveText('工号或密码不正确');
  await expect(panel.getByTestId('login-pin')).toHaveValue('');

  await panel.getByTestId('login-pin').fill('123456');
  await panel.getByTestId('login-window').selectOption('7');
  await panel.getByTestId('login-submit').click();
  await expect(panel.getByTestId('login-error')).toHaveText('您不在 7 号窗口的A/B岗上');
  await panel.context().close();
});
