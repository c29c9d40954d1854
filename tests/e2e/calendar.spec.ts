/**
 * The demo hall's calendar as shipped, in the browser: on a Saturday the
 * kiosks say the hall is closed and when tickets resume and grey every queue,
 * while a kiosk in the 7×24 self-service area offers what works at any hour
 * (查询排队进度, 预约) and says what waits for opening; at
 * night (闭厅) the 绿色通道 is off, the wall says the hall has closed and when
 * tickets start, a window with nothing to serve cannot open, and the
 * 值班主任台 names the next opening and offers no 批准关窗.
 */
import { expect, test } from '@playwright/test';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHallServer, type RunningHallServer } from '../../server/hall-server.ts';
import { SHIPPED_DEMO_PATH } from '../support/demo.ts';
import { expectAccessible } from './axe.ts';
import { devicePage, LANDSCAPE, PORTRAIT, signInPanel } from './pages.ts';

let server: RunningHallServer;

/** The shipped demo hall (with its calendar) on a clock the test sets; `clockMaxSleepMs` 100 makes the clock look every 100 ms. */
async function startShippedHall(name: string, now: () => number, clockMaxSleepMs?: number): Promise<RunningHallServer> {
  const dataDir = await mkdtemp(join(tmpdir(), `yichuang-${name}-`));
  return startHallServer({
    port: 0,
    host: '127.0.0.1',
    configPath: SHIPPED_DEMO_PATH,
    dataDir,
    logLevel: 'warn',
    now,
    ...(clockMaxSleepMs ? { clockMaxSleepMs } : {}),
  });
}
const saturday = Date.parse('2026-11-21T10:00:00+08:00');
const started = Date.now();

test.beforeAll(async () => {
  // The hall's clock runs from Saturday 10:00 at real speed.
  server = await startShippedHall('calendar', () => saturday + (Date.now() - started));
});
test.afterAll(async () => {
  await server?.close();
});

test('on a closed day the 24-hour kiosk offers what works at any hour and says what waits for opening, from when', async ({ browser }) => {
  const kiosk = await devicePage(browser, PORTRAIT);
  await kiosk.goto(`${server.url}/kiosk/?token=demo-kiosk-24h-token`);
  const self = kiosk.getByTestId('self-service');
  await expect(self).toContainText('7×24小时自助服务区');
  await expect(self).toContainText('以下服务随时可用');
  // No wall of grey tiles: the services that work now, then what waits and from when.
  await expect(kiosk.getByTestId('queue-button-comprehensive')).toHaveCount(0);
  await expect(kiosk.getByTestId('green-channel')).toHaveCount(0);
  await expect(kiosk.getByTestId('self-waits').locator('li')).toHaveText([
    '取号办理业务',
    '预约签到（预约当日到厅）',
    '绿色通道优先办理',
    '领取办件结果（出件）',
  ]);
  await expect(kiosk.getByTestId('self-reopens')).toHaveText('今日不对外办公，11月23日（周一）08:00 起可取号');
  await kiosk.screenshot({ path: 'test-results/screenshots/kiosk-24h-closed-portrait.png' });
  await expectAccessible(kiosk, 'kiosk closed day (7×24)');
  await kiosk.getByTestId('elderly-toggle').click();
  await expect(kiosk.getByTestId('self-lookup')).toBeVisible();
  await kiosk.screenshot({ path: 'test-results/screenshots/kiosk-24h-closed-elderly.png' });
  await expectAccessible(kiosk, 'kiosk closed day (7×24), elderly');
  await kiosk.getByTestId('elderly-toggle').click();
  await kiosk.getByTestId('lang-toggle').click();
  await expect(self).toContainText('24/7 self-service');
  await expect(kiosk.getByTestId('self-reopens')).toHaveText('The hall is closed today; tickets again from Mon 23 Nov 08:00');
  await kiosk.screenshot({ path: 'test-results/screenshots/kiosk-24h-closed-english.png' });
  await expectAccessible(kiosk, 'kiosk closed day (7×24), English');
  await kiosk.getByTestId('lang-toggle').click();
  // 查询排队进度: a number of another day is not today's.
  await kiosk.getByTestId('self-lookup').click();
  await kiosk.getByTestId('lookup-letter-A').click();
  for (const d of '013') await kiosk.getByTestId(`pad-${d}`).click();
  await kiosk.getByTestId('lookup-submit').click();
  await expect(kiosk.getByTestId('lookup-state')).toHaveText('没有查到今天的这个号码，请核对凭条');
  await expectAccessible(kiosk, 'kiosk lookup, unknown number');
  await kiosk.getByTestId('lookup-done').click();
  // 预约 on a Saturday: a slot on the next working day, booked at the self-service kiosk.
  await kiosk.getByTestId('self-book').click();
  await kiosk.getByTestId('book-queue-police').click();
  await kiosk.getByTestId('book-day-2026-11-23').click();
  await kiosk.getByTestId('book-slot-09:00').click();
  await kiosk.getByTestId('book-name').fill('李四');
  await kiosk.getByTestId('book-name-next').click();
  for (const d of '13912345678') await kiosk.getByTestId(`pad-${d}`).click();
  await kiosk.getByTestId('book-confirm').click();
  await expect(kiosk.getByTestId('booking-person')).toHaveText('李* · 139****5678');
  await expect(kiosk.getByTestId('booking-confirmation')).toContainText('11月23日');
  await kiosk.getByTestId('booking-finish').click();
  await expect(kiosk.getByTestId('self-service')).toBeVisible();
  // 办件查询 by 办件编号: the server's plain words (a ready case would say so, and when to collect it).
  await kiosk.getByTestId('self-case').click();
  for (const k of 'BDC-1') await kiosk.getByTestId(`case-key-${k}`).click();
  for (const k of '23456') await kiosk.getByTestId(`case-key-${k}`).click();
  await kiosk.getByTestId('case-pickup-submit').click();
  await expect(kiosk.getByTestId('case-pickup-reason')).toHaveText('没有查到办件编号 BDC-123456，请核对受理回执');
  await expectAccessible(kiosk, 'kiosk 7×24 case status, unknown');
  await kiosk.getByTestId('case-pickup-done').click();
  // 一次性告知 at any hour: found by initials, printable; taking a ticket waits for opening (the button is off).
  await kiosk.getByTestId('self-notice').click();
  for (const letter of ['B', 'D', 'C']) await kiosk.getByTestId(`letter-${letter}`).click();
  await kiosk.getByTestId('item-resale-transfer').click();
  await expect(kiosk.getByTestId('item-confirm')).toContainText('不动产登记（二手房转移）');
  await expect(kiosk.getByTestId('item-take')).toBeDisabled();
  await kiosk.screenshot({ path: 'test-results/screenshots/kiosk-24h-notice.png' });
  await expectAccessible(kiosk, 'kiosk 7×24 notice');
  await kiosk.getByTestId('item-confirm-back').click();
  await kiosk.getByTestId('item-back').click();
  await expect(kiosk.getByTestId('self-service')).toBeVisible();
  await kiosk.context().close();

  // A kiosk outside the self-service area keeps its home: the notice, and every tile grey with why.
  const hallKiosk = await devicePage(browser, PORTRAIT);
  await hallKiosk.goto(`${server.url}/kiosk/?token=demo-kiosk-1f-1-token`);
  await expect(hallKiosk.getByTestId('hall-closed')).toContainText('今日不对外办公，11月23日（周一）08:00 起可取号');
  await expect(hallKiosk.getByTestId('queue-stopped-comprehensive')).toHaveText('今日不对外办公');
  await expect(hallKiosk.getByTestId('self-service')).toHaveCount(0);
  await hallKiosk.context().close();

  const landscape = await devicePage(browser, LANDSCAPE);
  await landscape.goto(`${server.url}/kiosk/?token=demo-kiosk-24h-token`);
  await expect(landscape.getByTestId('self-service')).toBeVisible();
  await landscape.screenshot({ path: 'test-results/screenshots/kiosk-24h-closed-landscape.png' });
  await expectAccessible(landscape, 'kiosk closed day (7×24), landscape');
  await landscape.context().close();

  const wall = await devicePage(browser, LANDSCAPE);
  await wall.goto(`${server.url}/display/?token=demo-display-hall-token`);
  await expect(wall.getByTestId('display-closed')).toContainText('今日不对外办公');
  await expect(wall.getByTestId('display-reopens')).toContainText('11月23日（周一）08:00 起可取号');
  await expect(wall.getByTestId('current-call')).not.toContainText('欢迎光临');
  await wall.screenshot({ path: 'test-results/screenshots/display-closed-day.png' });
  await expectAccessible(wall, 'wall display, closed day');
  await wall.context().close();
});

test('at night (闭厅): the 绿色通道 is off, the wall says closed and from when, a window with nothing to serve cannot open, the desk names the next opening', async ({
  browser,
}) => {
  const clock = { now: Date.parse('2026-11-23T16:00:00+08:00') };
  // The clock service looks every 100 ms, so 停止取号 and closing are logged as soon as the clock jumps past them.
  const hall = await startShippedHall('night', () => clock.now, 100);
  try {
    // The afternoon: window 5 calls and serves one visitor, then closes; the hall closes at 17:30 with nobody left.
    const run = (command: Parameters<typeof hall.hall.execute>[0]) => {
      const r = hall.hall.execute(command, 'test:seed');
      if (!r.ok) throw new Error(`${command.type}: ${r.error.messageEn}`);
      return r.event.event;
    };
    run({ type: 'clerk.sign_in', clerkId: '1009', window: 5 });
    run({ type: 'window.open', clerkId: '1009', window: 5 });
    run({ type: 'ticket.take', deviceId: 'kiosk-1f-1', queueId: 'comprehensive' });
    const called = run({ type: 'ticket.call_next', clerkId: '1009', window: 5 });
    if (called.type !== 'ticket.called') throw new Error(called.type);
    run({ type: 'ticket.complete', clerkId: '1009', window: 5, ticketId: called.ticketId });
    run({ type: 'window.close', clerkId: '1009', window: 5 });
    clock.now = Date.parse('2026-11-23T19:00:00+08:00');
    await expect.poll(() => hall.hall.state.phase.status).toBe('closed');

    const kiosk = await devicePage(browser, PORTRAIT);
    await kiosk.goto(`${hall.url}/kiosk/?token=demo-kiosk-1f-1-token`);
    await expect(kiosk.getByTestId('hall-closed')).toContainText('今日已停止取号，11月24日（周二）08:00 起可取号');
    await expect(kiosk.getByTestId('green-channel')).toBeDisabled();
    await expect(kiosk.getByTestId('green-channel-note')).toHaveText('今日已停止取号');
    await kiosk.screenshot({ path: 'test-results/screenshots/kiosk-night-portrait.png' });
    await expectAccessible(kiosk, 'kiosk at night');

    // The wall: no welcome, no afternoon call — the hall has closed, and tickets start tomorrow at 08:00.
    const wall = await devicePage(browser, LANDSCAPE);
    await wall.goto(`${hall.url}/display/?token=demo-display-hall-token`);
    await expect(wall.getByTestId('display-closed')).toContainText('今日已闭厅');
    await expect(wall.getByTestId('display-reopens')).toContainText('明日 08:00 起可取号');
    await expect(wall.getByTestId('current-call')).not.toContainText('欢迎光临');
    await expect(wall.getByTestId('current-call-number')).toHaveCount(0);
    // …and its ticket panel says what the kiosk says, instead of inviting people to take a number.
    await expect(wall.getByTestId('queue-panel-closed')).toContainText('今日已停止取号，11月24日（周二）08:00 起可取号');
    await expect(wall.locator('[data-testid^="queue-tile-"]')).toHaveCount(0);
    await expect(wall.getByTestId('open-windows')).not.toContainText('yet');
    await wall.screenshot({ path: 'test-results/screenshots/display-night.png' });
    await expectAccessible(wall, 'wall display at night');

    // The clerk: 开窗 off, with the reason; no 延时服务中.
    const panel = await signInPanel(browser, hall.url, '1009', 5);
    await expect(panel.getByTestId('hall-closed-notice')).toHaveText('今日已闭厅，本窗口没有待办理的号码，不能开窗（明日 08:00 起可取号）');
    await expect(panel.getByTestId('open-window')).toBeDisabled();
    await expect(panel.getByTestId('extended-service')).toHaveCount(0);
    await panel.screenshot({ path: 'test-results/screenshots/panel-night.png' });
    await expectAccessible(panel, 'panel at night');

    // The supervisor: the hall's phase and the next real boundary, nothing to approve.
    const desk = await signInPanel(browser, hall.url, '9001', 'supervisor');
    await expect(desk.getByTestId('hall-phase')).toContainText('已闭厅');
    await expect(desk.getByTestId('hall-phase-next')).toHaveText(' · 明日 08:00 开始取号');
    await expect(desk.getByTestId('hall-phase')).not.toContainText('次日');
    await expect(desk.locator('[data-testid^="approve-close-"]')).toHaveCount(0);
    await desk.screenshot({ path: 'test-results/screenshots/supervisor-night.png' });
    await expectAccessible(desk, 'supervisor desk at night');
    for (const page of [kiosk, wall, panel, desk]) await page.context().close();
  } finally {
    await hall.close();
  }
});

test('after closing time the panel says 延时服务 and the supervisor approves closing a window with tickets waiting', async ({ browser }) => {
  const clock = { now: Date.parse('2026-11-23T16:50:00+08:00') };
  const hall = await startShippedHall('extended', () => clock.now);
  try {
    hall.hall.execute({ type: 'ticket.take', deviceId: 'kiosk-1f-1', queueId: 'ems' }, 'test:seed');
    hall.hall.execute({ type: 'ticket.take', deviceId: 'kiosk-1f-1', queueId: 'ems' }, 'test:seed');
    clock.now = Date.parse('2026-11-23T17:40:00+08:00');
    const panel = await signInPanel(browser, hall.url, '1013', 7);
    await panel.getByTestId('open-window').click();
    await expect(panel.getByTestId('extended-service')).toContainText('延时服务中');
    await panel.getByTestId('close-window').click();
    await expect(panel.getByTestId('panel-error')).toContainText('仍有 2 人只能在本窗口办理');
    await panel.screenshot({ path: 'test-results/screenshots/panel-extended-service.png' });
    await expectAccessible(panel, 'panel in 延时服务');
    // Window 5 has nobody left to serve after closing time: it cannot open, and nobody tells its clerk 延时服务中.
    const idle = await signInPanel(browser, hall.url, '1009', 5);
    await expect(idle.getByTestId('open-window')).toBeDisabled();
    await expect(idle.getByTestId('hall-closed-notice')).toHaveText('已过办公时间，本窗口没有待办理的号码，不能开窗');
    await expect(idle.getByTestId('extended-service')).toHaveCount(0);
    await idle.context().close();

    const desk = await signInPanel(browser, hall.url, '9001', 'supervisor');
    // The hall-phase machine crossed 停止取号 and closing on the clock: the desk and the wall say so.
    await expect(desk.getByTestId('hall-phase')).toContainText('延时服务中');
    await expect(desk.getByTestId('hall-phase')).toContainText('17:30 起延时');
    await expect(desk.getByTestId('hall-phase')).toContainText('尚有 2 人未办结');
    // 批准关窗 only where a close needs it: window 7 holds the only two EMS tickets; nobody else needs approval.
    await expect(desk.getByTestId('approve-close-7')).toHaveText('批准关窗（2 人只能在此办理）');
    await expect(desk.locator('[data-testid^="approve-close-"]')).toHaveCount(1);
    await expectAccessible(desk, 'supervisor desk in 延时服务');
    const wall = await devicePage(browser, { width: 1920, height: 1080 });
    await wall.goto(`${hall.url}/display/?token=demo-display-hall-token`);
    await expect(wall.getByTestId('display-phase')).toContainText('延时服务中');
    await expect(wall.getByTestId('display-closed')).toHaveCount(0);
    await wall.screenshot({ path: 'test-results/screenshots/display-extended-service.png' });
    await expectAccessible(wall, 'wall display in 延时服务');
    await desk.getByTestId('approve-close-7').click();
    await desk.screenshot({ path: 'test-results/screenshots/supervisor-approve-close.png' });
    await expectAccessible(desk, 'supervisor desk, approving a close');
    await desk.getByTestId('approve-close-7-reason').first().click();
    await expect(panel.getByTestId('panel-window-status')).toHaveText('未开窗');
    const closed = hall.hall.eventsSince(hall.hall.seq - 1, 1)[0]?.event;
    expect(closed).toMatchObject({ type: 'window.closed', approvedBy: '9001', reason: '群众同意改日优先办理' });
  } finally {
    await hall.close();
  }
});

test('the EMS counter’s only clerk is away half a day: the clock escalates it on the supervisor desk at 15:00', async ({ browser }) => {
  const clock = { now: Date.parse('2026-11-23T09:00:00+08:00') };
  const hall = await startShippedHall('escalate', () => clock.now, 100);
  try {
    const login = await fetch(`${hall.url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ staffId: '1013', pin: '123456', window: 7 }),
    });
    const { token } = (await login.json()) as { token: string };
    const away = await fetch(`${hall.url}/api/session`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'training' }),
    });
    expect(away.status).toBe(204);

    const desk = await signInPanel(browser, hall.url, '9001', 'supervisor');
    await expect(desk.getByTestId('hall-phase')).toContainText('办公中');
    await expect(desk.getByTestId('alert-single_post_long_absence-7')).toHaveCount(0);
    // 09:00–12:00 and 14:00–15:00: four hours of opening time (lunch does not count).
    clock.now = Date.parse('2026-11-23T15:00:01+08:00');
    await expect(desk.getByTestId('alert-single_post_long_absence-7')).toBeVisible();
    await desk.screenshot({ path: 'test-results/screenshots/supervisor-escalation.png' });
    await expectAccessible(desk, 'supervisor desk with an escalation');
  } finally {
    await hall.close();
  }
});
