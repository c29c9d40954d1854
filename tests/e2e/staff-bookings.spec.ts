/**
 * 电话预约 and hall-side cancellation on the staff screens, on the demo hall
 * with a simulated clock (Monday 2026-11-23, 10:00):
 *  - the clerk at window 5 books 不动产 for a caller (only the window's own
 *    queues are offered), reads out the code, sees the booking masked in the
 *    list; the caller checks in at the kiosk with that code at 10:45;
 *  - a hall cancellation inside the 8-hour notice is refused with the server's
 *    sentence, one for tomorrow goes through;
 *  - the supervisor desk books a queue window 5 does not serve and cancels it.
 * Screenshots land in test-results/screenshots/ for people to look at.
 */
import { mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startHallServer, type RunningHallServer } from '../../server/hall-server.ts';
import { localInstant } from '../../state-machines/domain/appointment.ts';
import { expectAccessible } from './axe.ts';
import { DEMO } from './hall-fixture.ts';
import { devicePage, PORTRAIT, signInPanel } from './pages.ts';

const OUT = 'test-results/screenshots';
const MONDAY = '2026-11-23';
const TUESDAY = '2026-11-24';
const at = (hhmm: string, day = MONDAY) => localInstant(day, hhmm, 'Asia/Shanghai');

const clock = { now: at('10:00') };
let server: RunningHallServer;
let dataDir: string;

test.beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  dataDir = await mkdtemp(join(tmpdir(), 'yichuang-e2e-staff-bookings-'));
  server = await startHallServer({ port: 0, host: '127.0.0.1', configPath: 'server/halls/demo-hall.json', dataDir, logLevel: 'warn', now: () => clock.now });
});
test.afterAll(async () => {
  await server?.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** Book on the open sheet: queue, day, slot, the caller's name and number; returns the code as read out. */
async function bookForCaller(page: Page, queueId: string, day: string, slot: string, name: string, phone: string): Promise<string> {
  await page.getByTestId(`booking-queue-${queueId}`).click();
  await page.getByTestId(`booking-day-${day}`).click();
  await page.getByTestId(`booking-slot-${slot}`).click();
  await page.getByTestId('booking-name').fill(name);
  await page.getByTestId('booking-phone').fill(phone);
  await page.getByTestId('booking-submit').click();
  await expect(page.getByTestId('booking-code')).toHaveText(/^\d{4} \d{4}$/);
  return (await page.getByTestId('booking-code').innerText()).replace(' ', '');
}

/** The list row of the booking whose masked name is shown. */
const row = (page: Page, masked: string) => page.getByTestId('booking-list').locator('li', { hasText: masked });

test('window 5 books 不动产 by phone: the code to read out, the booking masked in the list, a kiosk check-in with it', async ({ browser }) => {
  clock.now = at('10:00');
  const panel = await signInPanel(browser, server.url, DEMO.clerk.staffId, DEMO.clerk.window);
  await panel.getByTestId('open-bookings').click();
  await expect(panel.getByTestId('booking-sheet')).toBeVisible();
  // Window 5 serves 企业开办 and 不动产 (both take bookings), not 公安.
  await expect(panel.getByTestId('booking-queue-enterprise')).toBeVisible();
  await expect(panel.getByTestId('booking-queue-police')).toHaveCount(0);

  await panel.getByTestId('booking-queue-real-estate').click();
  await expect(panel.getByTestId('booking-slot-09:50')).toHaveCount(0); // already started
  await panel.getByTestId('booking-slot-11:10').click();
  await panel.getByTestId('booking-name').fill('张三丰');
  // A landline is not taken: the server books mobiles only (the booking is texted to it).
  await panel.getByTestId('booking-phone').fill('0571-8888-1234');
  await expect(panel.getByTestId('booking-phone-error')).toContainText('11 位手机号码');
  await expect(panel.getByTestId('booking-submit')).toBeDisabled();
  // Read out in groups: spaces are fine.
  await panel.getByTestId('booking-phone').fill('138 1234 5678');
  await expect(panel.getByTestId('booking-phone-error')).toHaveCount(0);
  await panel.screenshot({ path: `${OUT}/panel-phone-booking-form.png` });
  await expectAccessible(panel, 'panel-phone-booking-form');
  await panel.getByTestId('booking-submit').click();

  await expect(panel.getByTestId('booking-code')).toHaveText(/^\d{4} \d{4}$/);
  const code = (await panel.getByTestId('booking-code').innerText()).replace(' ', '');
  await expect(panel.getByTestId('booking-slot')).toContainText('D 不动产 · 11月23日（周一） 11:10–11:50');
  await expect(panel.getByTestId('booking-person')).toHaveText('张*丰 · 138****5678');
  await expect(panel.getByTestId('booking-check-in')).toHaveText('请于 10:40–11:40 到取号机凭预约码签到');
  const booked = row(panel, '张*丰');
  await expect(booked).toContainText('138****5678');
  await expect(booked).toContainText('11:10–11:50');
  await expect(booked.getByTestId('booking-row-status')).toHaveText('待签到');
  await expect(booked).toContainText('电话 周婷');
  // Neither the full number nor the name is on the screen once booked.
  await expect(panel.locator('body')).not.toContainText('13812345678');
  await expect(panel.locator('body')).not.toContainText('张三丰');
  await panel.screenshot({ path: `${OUT}/panel-phone-booking.png` });
  await expectAccessible(panel, 'panel-phone-booking');

  // The caller checks in at the kiosk at 10:45 with the code read out to them.
  clock.now = at('10:45');
  const kiosk = await devicePage(browser, PORTRAIT);
  await kiosk.goto(`${server.url}/kiosk/?token=${DEMO.kioskToken}`);
  await kiosk.getByTestId('appointment-check-in').click();
  for (const d of code) await kiosk.getByTestId(`pad-${d}`).click();
  await kiosk.getByTestId('check-in-submit').click();
  await expect(kiosk.getByTestId('ticket-appointment')).toContainText('预约人：张*丰');
  await expect(booked.getByTestId('booking-row-status')).toHaveText('已签到');
  await expect(booked.getByTestId(/^booking-cancel-/)).toHaveCount(0);
  await kiosk.context().close();
  await panel.context().close();
});

test('a hall cancellation inside the 8-hour notice is refused with the reason; tomorrow’s goes through', async ({ browser }) => {
  clock.now = at('10:50');
  const panel = await signInPanel(browser, server.url, '1010', 5);
  await panel.getByTestId('open-bookings').click();
  await bookForCaller(panel, 'real-estate', MONDAY, '15:20', '李四', '13900001111');
  await panel.getByTestId('booking-another').click();
  await expect(panel.getByTestId('booking-submit')).toBeVisible();
  await expect(panel.getByTestId('booking-name')).toHaveValue('');

  const soon = row(panel, '李*');
  await soon.getByTestId(/^booking-cancel-appt-/).click();
  await expect(panel.getByTestId('booking-cancel-confirm')).toBeDisabled(); // a reason first
  await panel.getByTestId('booking-cancel-reason-hall_closed').click();
  await panel.getByTestId('booking-cancel-confirm').click();
  await expect(soon.getByTestId('booking-cancel-error')).toHaveText('大厅取消预约须至少提前 8 小时告知申请人，该预约已不足 8 小时，请按约办理');
  await expect(soon.getByTestId('booking-row-status')).toHaveText('待签到');
  await panel.screenshot({ path: `${OUT}/panel-booking-cancel-refused.png` });
  await expectAccessible(panel, 'panel-booking-cancel-refused');
  await soon.getByTestId('booking-cancel-keep').click();

  await bookForCaller(panel, 'enterprise', TUESDAY, '10:00', '欧阳明月', '13700002222');
  const tomorrow = row(panel, '欧**月');
  await expect(tomorrow).toContainText('B 企业开办');
  await tomorrow.getByTestId(/^booking-cancel-appt-/).click();
  await panel.getByTestId('booking-cancel-reason-staff_unavailable').click();
  await panel.getByTestId('booking-cancel-confirm').click();
  await expect(tomorrow.getByTestId('booking-cancelled')).toHaveText('已取消，请电话告知申请人');
  await expect(tomorrow.getByTestId('booking-row-status')).toHaveText('已取消');
  await expect(tomorrow).toContainText('人员不足');
  await panel.screenshot({ path: `${OUT}/panel-booking-cancelled.png` });
  await expectAccessible(panel, 'panel-booking-cancelled');

  // The English switch reads the same sheet in English.
  await panel.getByTestId('booking-close').click();
  await panel.getByTestId('lang-toggle').click();
  await panel.getByTestId('open-bookings').click();
  await expect(panel.getByTestId('booking-list')).toContainText('Booking list');
  await expect(tomorrow.getByTestId('booking-row-status')).toHaveText('Cancelled');
  await panel.screenshot({ path: `${OUT}/panel-phone-booking-en.png` });
  await expectAccessible(panel, 'panel-phone-booking-en');
  await panel.getByTestId('lang-toggle').evaluate(() => localStorage.setItem('yichuang.panel.lang', 'zh'));
  await panel.context().close();
});

test('the supervisor desk books a queue of any window and cancels it for a day the hall closes', async ({ browser }) => {
  clock.now = at('11:00');
  const desk = await signInPanel(browser, server.url, '9001', 'supervisor');
  await expect(desk.getByTestId('supervisor-bookings')).toContainText('今日预约 2 人，已签到 1 人');
  await desk.screenshot({ path: `${OUT}/supervisor-bookings-card.png` });
  await expectAccessible(desk, 'supervisor-bookings-card');
  await desk.getByTestId('open-bookings').click();
  await expect(desk.getByTestId('booking-sheet')).toContainText('预约管理 · 全部业务');
  // Every window's bookings: window 5's phone bookings are in the hall-wide list.
  await expect(row(desk, '张*丰').getByTestId('booking-row-status')).toHaveText('已签到');

  await bookForCaller(desk, 'police', TUESDAY, '14:00', '王五', '13600003333');
  await expect(desk.getByTestId('booking-person')).toHaveText('王* · 136****3333');
  const police = row(desk, '王*');
  await expect(police).toContainText('C 公安 · 电话 冯卫东');
  await desk.screenshot({ path: `${OUT}/supervisor-bookings.png` });
  await expectAccessible(desk, 'supervisor-bookings');
  await police.getByTestId(/^booking-cancel-appt-/).click();
  await desk.getByTestId('booking-cancel-reason-hall_closed').click();
  await desk.screenshot({ path: `${OUT}/supervisor-bookings-cancel.png` });
  await expectAccessible(desk, 'supervisor-bookings-cancel');
  await desk.getByTestId('booking-cancel-confirm').click();
  await expect(police.getByTestId('booking-row-status')).toHaveText('已取消');
  await expect(police).toContainText('大厅停办');
  expect(Object.values(server.hall.state.appointments).find((a) => a.queueId === 'police')?.cancelReason).toBe('hall_closed');
  await desk.context().close();
});
