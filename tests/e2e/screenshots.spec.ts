/**
 * Captures of every screen for people to look at (not pixel assertions):
 * test-results/screenshots/*.png. Fonts must include a CJK face
 * (fonts-wqy-zenhei), or Chinese shows as boxes.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { expectAccessible } from './axe.ts';
import { seedBusyHall } from './busy-hall.ts';
import { DEMO, startDemoHall, type HallUnderTest } from './hall-fixture.ts';
import { DESK, devicePage, LANDSCAPE, PORTRAIT } from './pages.ts';

const OUT = 'test-results/screenshots';

let hall: HallUnderTest;
test.beforeAll(async () => {
  hall = await startDemoHall();
});
test.afterAll(async () => {
  await hall?.stop();
});

async function open(browser: Browser, path: string, viewport: { width: number; height: number }): Promise<Page> {
  const page = await devicePage(browser, viewport);
  await page.goto(`${hall.url}${path}`);
  return page;
}

/** The number of the first ticket in the panel's waiting line. */
async function firstInLine(panel: Page): Promise<string> {
  const id = await panel.locator('[data-testid^="line-row-"]').first().getAttribute('data-testid');
  return (id ?? '').replace('line-row-', '');
}

/** A capture to look at, and axe on the same state: 0 critical, 0 serious. */
async function shoot(page: Page, name: string) {
  await page.screenshot({ path: `${OUT}/${name}.png`, animations: 'disabled' });
  await expectAccessible(page, name);
}

test('kiosk', async ({ browser }) => {
  test.setTimeout(150_000);
  for (const [shape, viewport] of [
    ['portrait', PORTRAIT],
    ['landscape', LANDSCAPE],
  ] as const) {
    const kiosk = await open(browser, `/kiosk/?token=${DEMO.kioskToken}`, viewport);
    await expect(kiosk.getByTestId('queue-button-comprehensive')).toBeEnabled();
    await shoot(kiosk, `kiosk-home-${shape}`);
    await kiosk.getByTestId('queue-button-comprehensive').click();
    await expect(kiosk.getByTestId('ticket-number')).toBeVisible();
    await shoot(kiosk, `kiosk-ticket-${shape}`);
    await kiosk.getByTestId('ticket-done').click();
    await kiosk.getByTestId('elderly-toggle').click();
    await shoot(kiosk, `kiosk-elderly-${shape}`);
    await kiosk.getByTestId('queue-button-comprehensive').click();
    await expect(kiosk.getByTestId('ticket-number')).toBeVisible();
    await shoot(kiosk, `kiosk-elderly-ticket-${shape}`);
    await kiosk.getByTestId('ticket-done').click();
    await kiosk.getByTestId('lang-toggle').click();
    await shoot(kiosk, `kiosk-english-${shape}`);
    await kiosk.getByTestId('lang-toggle').click();
    // 绿色通道: who, which service, the ticket.
    await kiosk.getByTestId('green-channel').click();
    await expect(kiosk.getByTestId('green-screen')).toBeVisible();
    await shoot(kiosk, `kiosk-green-reasons-${shape}`);
    await kiosk.getByTestId('green-reason-elderly').click();
    await expect(kiosk.getByTestId('green-queues')).toBeVisible();
    await shoot(kiosk, `kiosk-green-queues-${shape}`);
    await kiosk.getByTestId('queue-button-comprehensive').click();
    await expect(kiosk.getByTestId('ticket-green')).toBeVisible();
    await shoot(kiosk, `kiosk-green-ticket-${shape}`);
    await kiosk.getByTestId('ticket-done').click();
    await kiosk.getByTestId('elderly-toggle').click();
    await kiosk.getByTestId('green-channel').click();
    await shoot(kiosk, `kiosk-elderly-green-${shape}`);
    await kiosk.context().close();
  }

  const kiosk = await open(browser, `/kiosk/?token=${DEMO.kioskToken}`, PORTRAIT);
  await expect(kiosk.getByTestId('queue-button-comprehensive')).toBeEnabled();
  await kiosk.getByTestId('ticket-lookup').click();
  await shoot(kiosk, 'kiosk-lookup-portrait');
  await kiosk.getByTestId('lookup-back').click();
  await kiosk.getByTestId('appointment-check-in').click();
  await shoot(kiosk, 'kiosk-check-in-portrait');
  await kiosk.getByTestId('appt-back').click();
  await hall.halt();
  await expect(kiosk.getByTestId('link-banner')).toBeVisible();
  await shoot(kiosk, 'kiosk-offline-portrait');
  await hall.resume();
  await kiosk.context().close();
});

test('index page', async ({ browser }) => {
  const index = await open(browser, '/', DESK);
  await shoot(index, 'index');
  await index.context().close();
});

test('display and window panel in a busy hall', async ({ browser }) => {
  test.setTimeout(150_000);
  const welcome = await open(browser, `/display/?token=${DEMO.hallDisplayToken}`, LANDSCAPE);
  await expect(welcome.getByTestId('current-call')).toContainText('欢迎光临');
  await shoot(welcome, 'display-hall-welcome');
  await welcome.context().close();

  seedBusyHall(hall.server, DEMO.clerk.staffId);

  const panel = await open(browser, '/window-panel/', DESK);
  await expect(panel.getByTestId('login-window')).toBeEnabled();
  await shoot(panel, 'panel-login');
  await panel.getByTestId('login-staff').fill(DEMO.clerk.staffId);
  await panel.getByTestId('login-pin').fill(DEMO.clerk.pin);
  await panel.getByTestId('login-window').selectOption(String(DEMO.clerk.window));
  await panel.getByTestId('login-submit').click();
  await expect(panel.getByTestId('call-next')).toBeEnabled();
  await shoot(panel, 'panel-open-idle');
  await panel.getByTestId('call-next').click();
  await expect(panel.getByTestId('panel-current-ticket')).toHaveText(/^[A-Z]\d{3}$/);
  await shoot(panel, 'panel-called');
  await panel.getByTestId('start-service').click();
  await expect(panel.getByTestId('panel-window-status')).toHaveText('办理中');
  await shoot(panel, 'panel-serving');
  // The clerk's dialogs, open over the serving screen.
  for (const [button, dialog] of [
    ['transfer', 'transfer-dialog'],
    ['park', 'park-dialog'],
    ['cancel-ticket', 'cancel-dialog'],
  ] as const) {
    await panel.getByTestId(button).click();
    await expect(panel.getByTestId(dialog)).toBeVisible();
    if (dialog === 'transfer-dialog') {
      await panel.getByTestId('transfer-window').selectOption('6');
      await panel.getByTestId('transfer-note').fill('已收身份证复印件，缺营业执照副本');
    }
    if (dialog === 'cancel-dialog') await panel.getByTestId('cancel-reason-visitor_left').click();
    await shoot(panel, `panel-${dialog}`);
    await panel.getByTestId('dialog-cancel').click();
  }
  await panel.getByTestId('lang-toggle').click();
  await shoot(panel, 'panel-serving-english');
  await panel.getByTestId('lang-toggle').click();

  const display = await open(browser, `/display/?token=${DEMO.hallDisplayToken}`, LANDSCAPE);
  await expect(display.getByTestId('current-call')).toContainText('5');
  await shoot(display, 'display-hall');

  const windowScreen = await open(browser, `/display/?token=${DEMO.window5DisplayToken}`, LANDSCAPE);
  await expect(windowScreen.getByTestId('clerk-name')).toHaveText(DEMO.clerk.name);
  await expect(windowScreen.locator('.clerk-card__photo')).toHaveJSProperty('complete', true);
  await shoot(windowScreen, 'display-window-5');

  // Window 5 parks its visitor and pauses: the panel's lists and the walls' 暂停服务.
  await panel.getByTestId('park').click();
  await panel.getByTestId('park-note').fill('回去取户口本');
  await panel.getByTestId('park-submit').click();
  await expect(panel.getByTestId('panel-current-ticket')).toHaveText('—');
  await panel.getByTestId('panel-tab-parked').click();
  await shoot(panel, 'panel-parked-list');
  await panel.getByTestId('panel-tab-no-show').click();
  await shoot(panel, 'panel-no-show-list');
  await panel.getByTestId('panel-tab-line').click();
  await shoot(panel, 'panel-line');
  await panel.getByTestId(`prioritise-${await firstInLine(panel)}`).click();
  await expect(panel.getByTestId('prioritise-dialog')).toBeVisible();
  await panel.getByTestId('prioritise-reason-elderly').click();
  await shoot(panel, 'panel-prioritise-dialog');
  await panel.getByTestId('dialog-cancel').click();
  await panel.getByTestId('pause-window').click();
  await panel.getByTestId('pause-reason-meeting').click();
  await shoot(panel, 'panel-pause-dialog');
  await panel.getByTestId('pause-submit').click();
  await expect(panel.getByTestId('panel-window-status')).toHaveText('暂停服务');
  await shoot(panel, 'panel-paused');
  await expect(display.getByTestId('window-tile-5')).toContainText('暂停服务');
  await shoot(display, 'display-hall-paused-window');
  await expect(windowScreen.getByTestId('window-status')).toContainText('暂停服务');
  await shoot(windowScreen, 'display-window-5-paused');

  const floorScreen = await open(browser, '/display/?token=demo-display-2f-token', LANDSCAPE);
  await expect(floorScreen.getByTestId('current-call')).toBeVisible();
  // 楼层屏: only the second floor's windows (8, 9, 10), their calls and the queues they serve.
  await expect(floorScreen.getByTestId('display-floor')).toContainText('二楼');
  await expect(floorScreen.getByTestId('window-tile-8')).toBeVisible();
  await expect(floorScreen.getByTestId('window-tile-5')).toHaveCount(0);
  await expect(floorScreen.getByTestId('current-call')).not.toContainText('5 号窗口');
  await expect(floorScreen.getByTestId('queue-tile-police')).toHaveCount(0);
  await shoot(floorScreen, 'display-hall-2f');

  // A display whose token the server refuses asks to be paired (tests/e2e/pairing.spec.ts pairs one).
  const refused = await open(browser, '/display/?token=not-a-real-device-token', LANDSCAPE);
  await expect(refused.getByTestId('pairing-refused')).toBeVisible();
  await expect(refused.getByTestId('pairing-code')).toHaveText(/^\d{3} \d{3}$/);
  await shoot(refused, 'display-unauthorized');

  // The 值班主任台 over the busy hall: window 5 paused (with the reason, staff only).
  const desk = await open(browser, '/window-panel/', DESK);
  await desk.getByTestId('login-staff').fill('9001');
  await desk.getByTestId('login-pin').fill(DEMO.clerk.pin);
  await desk.getByTestId('login-window').selectOption('supervisor');
  await desk.getByTestId('login-submit').click();
  await expect(desk.getByTestId('pause-reason-5')).toContainText('会议');
  await shoot(desk, 'supervisor-busy-hall');

  for (const page of [panel, display, windowScreen, floorScreen, refused, desk]) await page.context().close();
});
