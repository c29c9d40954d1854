/**
 * The demo hall's calendar as shipped, in the browser: on a Saturday the
 * kiosks say the hall is closed and when tickets resume, grey every queue,
 * and a kiosk in the 7×24 self-service area says what it still offers.
 */
import { expect, test } from '@playwright/test';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHallServer, type RunningHallServer } from '../../server/hall-server.ts';
import { SHIPPED_DEMO_PATH } from '../support/demo.ts';
import { devicePage, PORTRAIT, signInPanel } from './pages.ts';

let server: RunningHallServer;
const saturday = Date.parse('2026-11-21T10:00:00+08:00');
const started = Date.now();

test.beforeAll(async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'yichuang-calendar-'));
  // The hall's clock runs from Saturday 10:00 at real speed.
  server = await startHallServer({ port: 0, host: '127.0.0.1', configPath: SHIPPED_DEMO_PATH, dataDir, logLevel: 'warn', now: () => saturday + (Date.now() - started) });
});
test.afterAll(async () => {
  await server?.close();
});

test('on a closed day the 24-hour kiosk says when tickets resume and what it still offers', async ({ browser }) => {
  const kiosk = await devicePage(browser, PORTRAIT);
  await kiosk.goto(`${server.url}/kiosk/?token=demo-kiosk-24h-token`);
  const notice = kiosk.getByTestId('hall-closed');
  await expect(notice).toContainText('今日不对外办公，11月23日（周一）08:00 起可取号');
  await expect(notice).toContainText('7×24小时自助服务区');
  await expect(kiosk.getByTestId('queue-button-comprehensive')).toBeDisabled();
  await kiosk.screenshot({ path: 'test-results/screenshots/kiosk-24h-closed-portrait.png' });
});

test('after closing time the panel says 延时服务 and the supervisor approves closing a window with tickets waiting', async ({ browser }) => {
  const clock = { now: Date.parse('2026-11-23T16:50:00+08:00') };
  const dataDir = await mkdtemp(join(tmpdir(), 'yichuang-extended-'));
  const hall = await startHallServer({ port: 0, host: '127.0.0.1', configPath: SHIPPED_DEMO_PATH, dataDir, logLevel: 'warn', now: () => clock.now });
  try {
    hall.hall.execute({ type: 'ticket.take', deviceId: 'kiosk-1f-1', queueId: 'ems' }, 'test:seed');
    hall.hall.execute({ type: 'ticket.take', deviceId: 'kiosk-1f-1', queueId: 'ems' }, 'test:seed');
    clock.now = Date.parse('2026-11-23T17:40:00+08:00');
    const panel = await signInPanel(browser, hall.url, '1013', 7);
    await panel.getByTestId('open-window').click();
    await expect(panel.getByTestId('extended-service')).toContainText('延时服务中');
    await panel.getByTestId('close-window').click();
    await expect(panel.getByTestId('panel-error')).toContainText('仍有 2 人只能在本窗口办理');

    const desk = await signInPanel(browser, hall.url, '9001', 'supervisor');
    // The hall-phase machine crossed 停止取号 and closing on the clock: the desk and the wall say so.
    await expect(desk.getByTestId('hall-phase')).toContainText('延时服务中');
    await expect(desk.getByTestId('hall-phase')).toContainText('17:30 起延时');
    await expect(desk.getByTestId('hall-phase')).toContainText('尚有 2 人未办结');
    const wall = await devicePage(browser, { width: 1920, height: 1080 });
    await wall.goto(`${hall.url}/display/?token=demo-display-hall-token`);
    await expect(wall.getByTestId('display-phase')).toContainText('延时服务中');
    await wall.screenshot({ path: 'test-results/screenshots/display-extended-service.png' });
    await desk.getByTestId('approve-close-7').click();
    await desk.screenshot({ path: 'test-results/screenshots/supervisor-approve-close.png' });
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
  const dataDir = await mkdtemp(join(tmpdir(), 'yichuang-escalate-'));
  const hall = await startHallServer({ port: 0, host: '127.0.0.1', configPath: SHIPPED_DEMO_PATH, dataDir, logLevel: 'warn', now: () => clock.now, clockMaxSleepMs: 100 });
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
  } finally {
    await hall.close();
  }
});
