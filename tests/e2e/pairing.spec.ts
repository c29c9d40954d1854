/**
 * 设备配对 in the browsers (issue 11 item 1): a hall file without device
 * tokens. A kiosk (portrait) and a display (landscape) opened with no token
 * show a pairing code; the supervisor enters it under 设备管理 on the desk,
 * checks who asks and chooses which device it is; the device connects by
 * itself and stays paired across a reload. Revoking the pairing sends the
 * kiosk back to a new code at once.
 */
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible } from './axe.ts';
import { startDemoHall, type HallUnderTest } from './hall-fixture.ts';
import { devicePage, LANDSCAPE, PORTRAIT, signInPanel } from './pages.ts';

const OUT = 'test-results/screenshots';

let hall: HallUnderTest;
test.beforeAll(async () => {
  hall = await startDemoHall((file) => {
    for (const d of file.devices) delete d.token;
  });
});
test.afterAll(async () => {
  await hall?.stop();
});

async function shoot(page: Page, name: string) {
  await page.screenshot({ path: `${OUT}/${name}.png`, animations: 'disabled' });
}

/** The code on the device, as digits. */
async function codeOn(device: Page): Promise<string> {
  await expect(device.getByTestId('pairing-code')).toHaveText(/^\d{3} \d{3}$/);
  return ((await device.getByTestId('pairing-code').textContent()) ?? '').replace(/\D/g, '');
}

/** On the open 设备管理 sheet: enter the code, check the request, choose the device, approve. */
async function approveOnDesk(desk: Page, code: string, kind: string, deviceId: string) {
  await desk.getByTestId('pairing-code-input').fill(code);
  await desk.getByTestId('pairing-lookup').click();
  await expect(desk.getByTestId('pairing-request-kind')).toHaveText(kind);
  await expect(desk.getByTestId('pairing-request-address')).toHaveText('127.0.0.1');
  await desk.getByTestId('pairing-device').selectOption(deviceId);
}

test('a kiosk and a display are paired from the supervisor desk, and a revoked kiosk asks again', async ({ browser }) => {
  test.setTimeout(120_000);
  const kiosk = await devicePage(browser, PORTRAIT);
  await kiosk.goto(`${hall.url}/kiosk/`);
  await expect(kiosk.getByTestId('pairing-screen')).toBeVisible();
  await expect(kiosk.getByTestId('pairing-instruction')).toHaveText('请值班主任在「设备管理」中输入此配对码');
  const code = await codeOn(kiosk);
  await expect(kiosk.getByTestId('pairing-status')).toContainText('正在等待批准');
  await shoot(kiosk, 'pairing-kiosk');
  await expectAccessible(kiosk, 'kiosk pairing screen');
  await kiosk.getByTestId('lang-toggle').click();
  await expect(kiosk.getByRole('heading', { level: 1 })).toHaveText('Pair this device');
  await expect(kiosk.locator('html')).toHaveAttribute('lang', 'en');
  await shoot(kiosk, 'pairing-kiosk-en');
  await expectAccessible(kiosk, 'kiosk pairing screen, English');
  await kiosk.getByTestId('lang-toggle').click();

  const desk = await signInPanel(browser, hall.url, '9001', 'supervisor');
  await expect(desk.getByTestId('devices-summary')).toContainText('待配对 9 台'); // the demo hall's 4 kiosks, 3 displays and 2 rating tablets (评价器)
  await desk.getByTestId('open-devices').click();
  await expect(desk.getByTestId('credential-kiosk-1f-2')).toHaveText('未配对');
  await approveOnDesk(desk, code, '取号机', 'kiosk-1f-2');
  await shoot(desk, 'desk-devices-request');
  // The sheet is what this spec adds to the desk (the desk as a whole is checked by the screens' specs).
  await expectAccessible(desk, '设备管理 with a pairing request', '[data-testid="device-sheet"]');
  await desk.getByTestId('pairing-approve').click();
  await expect(desk.getByTestId('pairing-done')).toHaveText('已配对为「一楼大厅取号机2」，设备将在几秒内自动连接。');

  // The kiosk collects its token and goes to work, without anyone typing anything.
  await expect(kiosk.getByTestId('queue-button-consult')).toBeEnabled({ timeout: 15_000 });
  await expect(desk.getByTestId('credential-kiosk-1f-2')).toContainText(/已配对 .* · 冯卫东 9001 · 来自 127\.0\.0\.1/);
  await expect(desk.getByTestId('enrolment-kiosk-1f-2')).toContainText('在线');
  await shoot(desk, 'desk-devices-paired');
  await expectAccessible(desk, '设备管理 after pairing', '[data-testid="device-sheet"]');
  // A reload (power cut) keeps it paired.
  await kiosk.reload();
  await expect(kiosk.getByTestId('queue-button-consult')).toBeEnabled();
  await expect(kiosk.getByTestId('pairing-screen')).toHaveCount(0);

  // A display, landscape: same path.
  const display = await devicePage(browser, LANDSCAPE);
  await display.goto(`${hall.url}/display/`);
  const displayCode = await codeOn(display);
  await expect(display.getByTestId('pairing-screen')).toContainText('本机：显示屏');
  await shoot(display, 'pairing-display');
  await expectAccessible(display, 'display pairing screen');
  await approveOnDesk(desk, displayCode, '显示屏', 'display-hall');
  await desk.getByTestId('pairing-approve').click();
  await expect(display.getByTestId('current-call')).toBeVisible({ timeout: 15_000 });

  // Revoked: the kiosk is dropped at once and shows a new code, saying why.
  await desk.getByTestId('revoke-kiosk-1f-2').click();
  await desk.getByTestId('revoke-kiosk-1f-2-confirm').click();
  await expect(desk.getByTestId('credential-kiosk-1f-2')).toHaveText('未配对');
  await expect(kiosk.getByTestId('pairing-refused')).toHaveText('本机的设备令牌已失效或已被撤销，请重新配对。', { timeout: 15_000 });
  const again = await codeOn(kiosk);
  expect(again).not.toBe(code);
  await shoot(kiosk, 'pairing-kiosk-revoked');
  await expectAccessible(kiosk, 'kiosk pairing screen after revocation');

  for (const page of [kiosk, desk, display]) await page.context().close();
});
