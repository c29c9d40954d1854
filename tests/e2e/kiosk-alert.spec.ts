/**
 * The 值班主任台 names a kiosk issuing far above the others (issue 11 item 7):
 * tickets are taken over the wire by two kiosks (real socket.io clients with
 * their device tokens); the one that issued 30 in the hour while the other
 * issued 5 is shown on the desk's alert list, in Chinese and English, and the
 * quiet one is not.
 */
import { expect, test } from '@playwright/test';
import { connect, newRequestId } from '../support/hall-client.ts';
import { expectAccessible } from './axe.ts';
import { startDemoHall, type HallUnderTest } from './hall-fixture.ts';
import { signInPanel } from './pages.ts';

let hall: HallUnderTest;
test.beforeAll(async () => {
  // The burst rate lifted so the test can take 30 tickets at once; the hourly budget stays the default 240.
  hall = await startDemoHall((h) => {
    h.limits = { kioskTicketsPerMinute: 100, kioskTicketBurst: 100 };
  });
});
test.afterAll(async () => {
  await hall?.stop();
});

const OUT = 'test-results/screenshots';

test('a kiosk issuing far above the others is named on the supervisor desk', async ({ browser }) => {
  const busy = await connect(hall.url, '/kiosk', 'demo-kiosk-1f-1-token');
  const quiet = await connect(hall.url, '/kiosk', 'demo-kiosk-1f-2-token');
  const queues = ['comprehensive', 'tax', 'police'];
  for (let i = 0; i < 30; i++) expect((await busy.request('ticket:take', { requestId: newRequestId(), queueId: queues[i % 3] })).ok).toBe(true);
  for (let i = 0; i < 5; i++) expect((await quiet.request('ticket:take', { requestId: newRequestId(), queueId: 'tax' })).ok).toBe(true);
  busy.close();
  quiet.close();

  const desk = await signInPanel(browser, hall.url, '9001', 'supervisor');
  const alert = desk.getByTestId('alert-kiosk-busy-kiosk-1f-1');
  await expect(alert).toHaveText('一楼大厅取号机1 近1小时出号 30 张（其他取号机最多 5 张，每小时上限 240 张），明显异常，请到现场查看');
  await expect(alert).toHaveAttribute('role', 'alert');
  await expect(desk.getByTestId('alert-kiosk-busy-kiosk-1f-2')).toHaveCount(0);
  await desk.screenshot({ path: `${OUT}/desk-kiosk-alert.png` });
  await expectAccessible(desk, 'supervisor desk with a kiosk alert');

  await desk.getByTestId('lang-toggle').click();
  await expect(alert).toHaveText('一楼大厅取号机1: 30 tickets in the last hour (other kiosks at most 5, limit 240 an hour): unusual, please check on site');
  await desk.screenshot({ path: `${OUT}/desk-kiosk-alert-en.png` });
  await expectAccessible(desk, 'supervisor desk with a kiosk alert, English');
});
