/**
 * Captures of every screen for people to look at (not pixel assertions):
 * test-results/screenshots/*.png. Fonts must include a CJK face
 * (fonts-wqy-zenhei), or Chinese shows as boxes.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
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

async function shoot(page: Page, name: string) {
  await page.screenshot({ path: `${OUT}/${name}.png`, animations: 'disabled' });
}

test('kiosk', async ({ browser }) => {
  for (const [shape, viewport] of [['portrait', PORTRAIT], ['landscape', LANDSCAPE]] as const) {
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
    await kiosk.context().close();
  }

  const kiosk = await open(browser, `/kiosk/?token=${DEMO.kioskToken}`, PORTRAIT);
  await expect(kiosk.getByTestId('queue-button-comprehensive')).toBeEnabled();
  await hall.halt();
  await expect(kiosk.getByTestId('link-banner')).toBeVisible();
  await shoot(kiosk, 'kiosk-offline-portrait');
  await hall.resume();
  await kiosk.context().close();
});

test('display and window panel in a busy hall', async ({ browser }) => {
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
  await panel.getByTestId('lang-toggle').click();
  await shoot(panel, 'panel-serving-english');

  const display = await open(browser, `/display/?token=${DEMO.hallDisplayToken}`, LANDSCAPE);
  await expect(display.getByTestId('current-call')).toContainText('5');
  await shoot(display, 'display-hall');

  const windowScreen = await open(browser, `/display/?token=${DEMO.window5DisplayToken}`, LANDSCAPE);
  await expect(windowScreen.getByTestId('clerk-name')).toHaveText(DEMO.clerk.name);
  await expect(windowScreen.locator('.clerk-card__photo')).toHaveJSProperty('complete', true);
  await shoot(windowScreen, 'display-window-5');

  const floorScreen = await open(browser, '/display/?token=demo-display-2f-token', LANDSCAPE);
  await expect(floorScreen.getByTestId('current-call')).toBeVisible();
  await shoot(floorScreen, 'display-hall-2f');

  const refused = await open(browser, '/display/?token=not-a-real-device-token', LANDSCAPE);
  await expect(refused.getByTestId('problem-code')).toHaveText('UNAUTHORIZED');
  await shoot(refused, 'display-unauthorized');

  for (const page of [panel, display, windowScreen, floorScreen, refused]) await page.context().close();
});
