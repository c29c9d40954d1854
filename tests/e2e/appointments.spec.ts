/**
 * 预约 on the kiosk, on a demo hall with a simulated clock (Monday 2026-11-23):
 * book 不动产 with the number pads (name typed, phone on the pad), check in by
 * code at +29 min (预约 ticket with the masked name), a refused check-in at
 * +31 min with the reason and 现场取号, a scanned booking QR, elderly mode.
 * Screenshots land in test-results/screenshots/ for people to look at.
 */
import { mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { startHallServer, type RunningHallServer } from '../../server/hall-server.ts';
import { localInstant } from '../../state-machines/domain/appointment.ts';
import { expectAccessible } from './axe.ts';
import { DEMO } from './hall-fixture.ts';
import { devicePage, LANDSCAPE, PORTRAIT } from './pages.ts';

const OUT = 'test-results/screenshots';
const CHANNEL_TOKEN = 'demo-channel-zwfw-online-token';
const at = (hhmm: string) => localInstant('2026-11-23', hhmm, 'Asia/Shanghai');

const clock = { now: at('10:00') };
let server: RunningHallServer;
let dataDir: string;

test.beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  dataDir = await mkdtemp(join(tmpdir(), 'yichuang-e2e-appt-'));
  server = await startHallServer({ port: 0, host: '127.0.0.1', configPath: 'server/halls/demo-hall.json', dataDir, logLevel: 'warn', now: () => clock.now });
});
test.afterAll(async () => {
  await server?.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** An online booking (the channel API), returning its code. */
async function bookOnline(slot: string, phone: string, name: string): Promise<string> {
  const res = await fetch(`${server.url}/api/appointments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${CHANNEL_TOKEN}` },
    body: JSON.stringify({ requestId: `e2e-${phone}`, queueId: 'real-estate', slotStart: at(slot), name, phone }),
  });
  const body = (await res.json()) as { appointment?: { code?: string } };
  if (res.status !== 201 || !body.appointment?.code) throw new Error(`booking refused: ${JSON.stringify(body)}`);
  return body.appointment.code;
}

async function kioskPage(viewport = PORTRAIT): Promise<Page> {
  const page = await devicePage(browserOf(), viewport);
  await page.goto(`${server.url}/kiosk/?token=${DEMO.kioskToken}`);
  await expect(page.getByTestId('appointment-check-in')).toBeVisible();
  return page;
}

let browserRef: Browser | undefined;
const browserOf = (): Browser => {
  if (!browserRef) throw new Error('no browser');
  return browserRef;
};
test.beforeEach(({ browser }) => {
  browserRef = browser;
});

async function typeOnPad(page: Page, digits: string) {
  for (const d of digits) await page.getByTestId(`pad-${d}`).click();
}

test('book 不动产 at the kiosk: service, day and slot, name, phone on the pad, confirmation with the code', async () => {
  clock.now = at('10:00');
  const kiosk = await kioskPage();
  await kiosk.screenshot({ path: `${OUT}/kiosk-appointments-home-portrait.png`, animations: 'disabled' });
  await expectAccessible(kiosk, 'kiosk-appointments-home-portrait');
  await kiosk.getByTestId('appointment-book').click();
  await kiosk.getByTestId('book-queue-real-estate').click();
  await expect(kiosk.getByTestId('book-slot-10:30')).toBeVisible();
  await expect(kiosk.getByTestId('book-slot-09:50')).toHaveCount(0); // already started
  await kiosk.screenshot({ path: `${OUT}/kiosk-appointments-slots-portrait.png`, animations: 'disabled' });
  await expectAccessible(kiosk, 'kiosk-appointments-slots-portrait');
  await kiosk.getByTestId('book-slot-10:30').click();
  await kiosk.getByTestId('book-name').fill('张三丰');
  await expectAccessible(kiosk, 'kiosk booking, name');
  await kiosk.getByTestId('book-name-next').click();
  await typeOnPad(kiosk, '13812341234');
  await expect(kiosk.getByTestId('phone-entry')).toHaveAttribute('data-value', '13812341234');
  await kiosk.screenshot({ path: `${OUT}/kiosk-appointments-phone-portrait.png`, animations: 'disabled' });
  await expectAccessible(kiosk, 'kiosk-appointments-phone-portrait');
  await kiosk.getByTestId('book-confirm').click();
  await expect(kiosk.getByTestId('booking-confirmation')).toBeVisible();
  await expect(kiosk.getByTestId('booking-code')).toHaveText(/^\d{4} \d{4}$/);
  await expect(kiosk.getByTestId('booking-person')).toHaveText('张*丰 · 138****1234');
  await expect(kiosk.getByTestId('booking-window')).toHaveText('请于 10:00–11:00 到取号机签到');
  await expect(kiosk.locator('body')).not.toContainText('13812341234');
  await kiosk.screenshot({ path: `${OUT}/kiosk-appointments-booked-portrait.png`, animations: 'disabled' });
  await expectAccessible(kiosk, 'kiosk-appointments-booked-portrait');
  await kiosk.getByTestId('booking-finish').click();
  await expect(kiosk.getByTestId('appointment-book')).toBeVisible();
  await kiosk.context().close();
});

test('check in by code at +29 min: a 预约 ticket with the masked name; at +31 min refused with the reason and 现场取号', async () => {
  clock.now = at('10:00');
  const onTime = await bookOnline('11:10', '13900001111', '李四光');
  const late = await bookOnline('11:10', '13900002222', '王五');
  clock.now = at('11:39');
  const kiosk = await kioskPage();
  await kiosk.getByTestId('appointment-check-in').click();
  await typeOnPad(kiosk, onTime);
  await kiosk.screenshot({ path: `${OUT}/kiosk-appointments-check-in-portrait.png`, animations: 'disabled' });
  await expectAccessible(kiosk, 'kiosk-appointments-check-in-portrait');
  await kiosk.getByTestId('check-in-submit').click();
  await expect(kiosk.getByTestId('ticket-appointment')).toContainText('预约 · 优先叫号');
  await expect(kiosk.getByTestId('ticket-appointment')).toContainText('预约人：李*光');
  await expect(kiosk.getByTestId('ticket-number')).toHaveText(/^D\d{3}$/);
  await kiosk.screenshot({ path: `${OUT}/kiosk-appointments-ticket-portrait.png`, animations: 'disabled' });
  await expectAccessible(kiosk, 'kiosk-appointments-ticket-portrait');
  await kiosk.setViewportSize(LANDSCAPE);
  await kiosk.screenshot({ path: `${OUT}/kiosk-appointments-ticket-landscape.png`, animations: 'disabled' });
  await expectAccessible(kiosk, 'kiosk-appointments-ticket-landscape');
  await kiosk.setViewportSize(PORTRAIT);
  await kiosk.getByTestId('ticket-done').click();

  clock.now = at('11:41');
  await kiosk.getByTestId('appointment-check-in').click();
  await typeOnPad(kiosk, late);
  await kiosk.getByTestId('check-in-submit').click();
  await expect(kiosk.getByTestId('check-in-reason')).toHaveText('已超过签到时间，预约作废，可现场取号');
  await kiosk.screenshot({ path: `${OUT}/kiosk-appointments-refused-portrait.png`, animations: 'disabled' });
  await expectAccessible(kiosk, 'kiosk-appointments-refused-portrait');
  await kiosk.getByTestId('walk-in').click();
  await kiosk.getByTestId('queue-button-real-estate').click();
  await expect(kiosk.getByTestId('ticket-number')).toHaveText(/^D\d{3}$/);
  await expect(kiosk.getByTestId('ticket-appointment')).toHaveCount(0);
  await kiosk.context().close();
});

test('a scanned booking QR checks in; elderly mode keeps the pad readable', async () => {
  clock.now = at('13:00');
  const code = await bookOnline('14:00', '13700003333', '赵六');
  clock.now = at('13:40');
  const kiosk = await kioskPage();
  await kiosk.getByTestId('elderly-toggle').click();
  await kiosk.getByTestId('appointment-check-in').click();
  await typeOnPad(kiosk, '1234');
  await kiosk.screenshot({ path: `${OUT}/kiosk-appointments-check-in-elderly-portrait.png`, animations: 'disabled' });
  await expectAccessible(kiosk, 'kiosk-appointments-check-in-elderly-portrait');
  await kiosk.getByTestId('appt-back').click();
  await kiosk.getByTestId('appointment-book').click();
  await kiosk.getByTestId('book-queue-police').click();
  await expect(kiosk.getByTestId('book-slot-14:00')).toBeVisible();
  await kiosk.screenshot({ path: `${OUT}/kiosk-appointments-slots-elderly-portrait.png`, animations: 'disabled' });
  await expectAccessible(kiosk, 'kiosk-appointments-slots-elderly-portrait');
  await kiosk.getByTestId('appt-back').click();
  await kiosk.getByTestId('appt-back').click();
  await expect(kiosk.getByTestId('appointment-check-in')).toBeVisible();
  // A wedge scanner reads the QR on the booking confirmation: YCAPPT:<code>, one fast burst.
  await kiosk.evaluate((text) => {
    for (const key of [...text, 'Enter']) document.body.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
  }, `YCAPPT:${code}`);
  await expect(kiosk.getByTestId('ticket-appointment')).toContainText('预约人：赵*');
  await kiosk.context().close();
});

test('a check-in a day early is refused with the day named the hall’s way, never as an ISO date', async () => {
  clock.now = at('10:00');
  const res = await fetch(`${server.url}/api/appointments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${CHANNEL_TOKEN}` },
    body: JSON.stringify({
      requestId: 'e2e-tomorrow-1',
      queueId: 'real-estate',
      slotStart: localInstant('2026-11-24', '10:30', 'Asia/Shanghai'),
      name: '钱七',
      phone: '13500004444',
    }),
  });
  const code = ((await res.json()) as { appointment?: { code?: string } }).appointment?.code ?? '';
  expect(code).toMatch(/^\d{8}$/);
  const kiosk = await kioskPage();
  await kiosk.getByTestId('appointment-check-in').click();
  await typeOnPad(kiosk, code);
  await kiosk.getByTestId('check-in-submit').click();
  await expect(kiosk.getByTestId('check-in-reason')).toHaveText('还未到签到时间，请于 11月24日（周二）10:00 后签到');
  await expect(kiosk.getByTestId('check-in-refused')).not.toContainText('2026-11-24');
  await kiosk.screenshot({ path: `${OUT}/kiosk-appointments-too-early-portrait.png`, animations: 'disabled' });
  await expectAccessible(kiosk, 'kiosk check-in refused, too early');
  await kiosk.getByTestId('lang-toggle').click();
  await expect(kiosk.getByTestId('check-in-reason')).toHaveText('Too early: check in from Tue 24 Nov 10:00');
  await kiosk.context().close();
});
