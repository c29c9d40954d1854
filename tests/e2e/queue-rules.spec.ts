/**
 * The queue rules through the three front ends, on a demo hall with short
 * timings: 过号 allowed 3 s after the call (instead of 120 s), EMS limited to
 * one number a day, 咨询 past its cut-off all day.
 *
 * Kiosk: estimate, stopped and full queues, the server's refusal, 绿色通道.
 * Panel: 重呼 to the limit, 过号 after the countdown, 过号重排 once then 过号无效,
 * 转办 with a note read by the next clerk, 挂起/恢复办理, 暂停/恢复服务, 作废,
 * 转绿色通道. Walls: recalls spoken again, 暂停服务 without the reason.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { expectAccessible } from './axe.ts';
import { DEMO, startDemoHall, type HallUnderTest } from './hall-fixture.ts';
import { devicePage, LANDSCAPE, PORTRAIT, spoken, signInPanel } from './pages.ts';

const GRACE_SECONDS = 3;

let hall: HallUnderTest;
test.beforeAll(async () => {
  hall = await startDemoHall((file) => {
    file.queueRules = { recall: { maxCalls: 3 }, noShow: { graceSeconds: GRACE_SECONDS, policy: 'requeue', requeueBehind: 3, maxRequeues: 1 } };
    for (const q of file.queues as { id: string; dailyCap?: number; cutoff?: string }[]) {
      if (q.id === 'ems') q.dailyCap = 1;
      if (q.id === 'consult') q.cutoff = '00:00';
    }
  });
});
test.afterAll(async () => {
  await hall?.stop();
});

/** A ticket taken straight through the hall service (as a kiosk would), returning its number. */
function take(queueId: string): string {
  const result = hall.server.hall.execute({ type: 'ticket.take', deviceId: 'kiosk-1f-2', queueId }, 'test:seed');
  if (!result.ok || result.event.event.type !== 'ticket.issued') throw new Error(`take ${queueId} refused`);
  return result.event.event.number;
}

const signIn = (browser: Browser, staffId: string, window: number): Promise<Page> => signInPanel(browser, hall.url, staffId, window);

const sentence = (number: string, window: number) => `请 ${[...number].join(' ')} 号，到 ${window} 号窗口办理`;

test('kiosk: wait estimate, stopped and full queues, a refused take says why, 绿色通道', async ({ browser }) => {
  // A second kiosk that hears no events: it still thinks EMS has numbers left when the server has none.
  const deaf = await devicePage(browser, PORTRAIT);
  let upgraded = false;
  await deaf.routeWebSocket(/\/socket\.io\//, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((message) => {
      if (message === '5') upgraded = true;
      server.send(message);
    });
    server.onMessage((message) => {
      if (typeof message === 'string' && message.includes('"hall:event"')) return;
      ws.send(message);
    });
  });
  await deaf.goto(`${hall.url}/kiosk/?token=demo-kiosk-1f-2-token`);
  await expect(deaf.getByTestId('queue-button-ems')).toBeEnabled();
  await expect.poll(() => upgraded).toBe(true);

  const kiosk = await devicePage(browser, PORTRAIT);
  await kiosk.goto(`${hall.url}/kiosk/?token=${DEMO.kioskToken}`);
  await expect(kiosk.getByTestId('queue-waiting-comprehensive')).toHaveText('前面 0 人');
  await expect(kiosk.getByTestId('queue-estimate-comprehensive')).toHaveText('窗口暂未开放');
  // 咨询 is past its cut-off: greyed out, with the reason in words.
  await expect(kiosk.getByTestId('queue-button-consult')).toBeDisabled();
  await expect(kiosk.getByTestId('queue-stopped-consult')).toHaveText('今日已停止取号');

  // Three waiting in 综合受理: the tile and the estimate follow.
  for (let i = 0; i < 3; i++) take('comprehensive');
  // Window 8 (企业开办 first, 综合受理 second) opens and is busy with its own visitor: three ahead, a real estimate.
  hall.server.hall.execute({ type: 'window.open', clerkId: '1015', window: 8 }, 'test:seed');
  take('enterprise');
  hall.server.hall.execute({ type: 'ticket.call_next', clerkId: '1015', window: 8 }, 'test:seed');
  await expect(kiosk.getByTestId('queue-waiting-comprehensive')).toHaveText('前面 3 人');
  await expect(kiosk.getByTestId('queue-estimate-comprehensive')).toHaveText(/^预计约 \d+ 分钟$/);

  // The one EMS number of the day.
  await kiosk.getByTestId('queue-button-ems').click();
  await expect(kiosk.getByTestId('ticket-number')).toHaveText('J001');
  await expect(kiosk.getByTestId('people-ahead')).toHaveText('您前面还有 0 人');
  // No EMS window is open: no minutes promised.
  await expect(kiosk.getByTestId('wait-estimate')).toHaveText('窗口暂未开放，开放后依次叫号');
  await expect(kiosk.getByTestId('no-show-rule')).toHaveText('过号后当天可到导办台申请重新排队一次。');
  await kiosk.getByTestId('ticket-done').click();
  await expect(kiosk.getByTestId('queue-button-ems')).toBeDisabled();
  await expect(kiosk.getByTestId('queue-stopped-ems')).toHaveText('今日号已发完');
  await kiosk.screenshot({ path: 'test-results/screenshots/kiosk-stopped-queues-portrait.png', animations: 'disabled' });
  await expectAccessible(kiosk, 'kiosk with stopped and full queues');

  // The deaf kiosk offers EMS; the server refuses, and the visitor is told why.
  await deaf.getByTestId('queue-button-ems').click();
  await expect(deaf.getByTestId('kiosk-error-title')).toHaveText('未能取号');
  await expect(deaf.getByTestId('kiosk-error-reason')).toHaveText('EMS寄递今日 1 个号已全部发完，请明天再来或预约');
  await expect(deaf.getByTestId('ticket-number')).toHaveCount(0);
  await deaf.screenshot({ path: 'test-results/screenshots/kiosk-refused-cap-portrait.png', animations: 'disabled' });
  await expectAccessible(deaf, 'kiosk, refused take');

  // 绿色通道: who, then which service; the ticket goes before the walk-ins.
  await kiosk.getByTestId('green-channel').click();
  await expect(kiosk.getByTestId('green-screen')).toContainText('绿色通道');
  await expectAccessible(kiosk, 'kiosk 绿色通道 reasons');
  await kiosk.getByTestId('green-reason-elderly').click();
  await expect(kiosk.getByTestId('green-queues')).toContainText('绿色通道：请选择您要办理的业务');
  await expectAccessible(kiosk, 'kiosk 绿色通道 queues');
  take('pickup');
  await kiosk.getByTestId('queue-button-pickup').click();
  await expect(kiosk.getByTestId('ticket-number')).toHaveText('H002');
  await expect(kiosk.getByTestId('ticket-green')).toHaveText('绿色通道 · 优先叫号');
  await expectAccessible(kiosk, 'kiosk green ticket');
  await expect(kiosk.getByTestId('people-ahead')).toHaveText('您前面还有 0 人');
  const issued = Object.values(hall.server.hall.state.tickets).find((t) => t.number === 'H002');
  expect(issued?.class).toBe('green');
  expect(issued?.priorityReason).toBe('elderly');

  // English still works on the ticket.
  await kiosk.getByTestId('lang-toggle').click();
  await expect(kiosk.getByTestId('wait-estimate')).toHaveText('Windows not open yet: calls start when they open');
  await expectAccessible(kiosk, 'kiosk ticket in English');
  await kiosk.getByTestId('ticket-done').click();
  for (const page of [kiosk, deaf]) await page.context().close();
});

test('panel: 重呼 up to the limit, 过号 after the countdown, 过号重排 once, then 过号无效', async ({ browser }) => {
  const display = await devicePage(browser, LANDSCAPE, 'recorded');
  await display.goto(`${hall.url}/display/?token=${DEMO.hallDisplayToken}`);
  await expect(display.getByTestId('current-call')).toBeVisible();

  const panel = await signIn(browser, DEMO.clerk.staffId, 5);
  await panel.getByTestId('open-window').click();
  await panel.getByTestId('call-next').click();
  const current = panel.getByTestId('panel-current-ticket');
  await expect(current).toHaveText(/^A\d{3}$/);
  const number = (await current.textContent()) ?? '';

  // 重呼 shows how many calls so far; 过号 counts down from the grace.
  await expect(panel.getByTestId('recall')).toHaveAccessibleName('重呼 1/3');
  await expect(panel.getByTestId('no-show')).toBeDisabled();
  await expect(panel.getByTestId('no-show')).toHaveAccessibleName(/^过号（\d 秒）$/);
  await panel.getByTestId('recall').click();
  await expect(panel.getByTestId('recall')).toHaveAccessibleName('重呼 2/3');
  await expect(display.getByTestId('current-call-recall')).toContainText('再次呼叫');
  await expectAccessible(display, 'wall display, recall');
  await expectAccessible(panel, 'panel, called with recalls');
  await panel.getByTestId('recall').click();
  await expect(panel.getByTestId('recall')).toHaveAccessibleName('重呼 3/3');
  await expect(panel.getByTestId('recall')).toBeDisabled();
  // The call and both recalls (再次呼叫 first) are each spoken twice on the wall, one after the other.
  const again = `再次呼叫，${sentence(number, 5)}`;
  await expect.poll(() => spoken(display), { timeout: 15_000 }).toEqual([sentence(number, 5), sentence(number, 5), again, again, again, again]);

  await expect(panel.getByTestId('no-show')).toBeEnabled({ timeout: (GRACE_SECONDS + 3) * 1000 });
  await expect(panel.getByTestId('no-show')).toHaveAccessibleName('过号');
  await panel.getByTestId('no-show').click();
  await expect(current).toHaveText('—');

  // The visitor comes back: 过号重排 puts them back in the line, once.
  await panel.getByTestId('panel-tab-no-show').click();
  await panel.getByTestId(`requeue-${number}`).click();
  await expect(panel.getByTestId(`no-show-row-${number}`)).toHaveCount(0);
  await panel.getByTestId('panel-tab-line').click();
  await expect(panel.getByTestId(`markers-${number}`)).toContainText('过号重排');

  // Called by number (指呼), missed again: now 过号无效.
  await panel.getByTestId(`call-number-${number}`).click();
  await expect(current).toHaveText(number);
  await expect(panel.getByTestId('no-show')).toBeEnabled({ timeout: (GRACE_SECONDS + 3) * 1000 });
  await panel.getByTestId('no-show').click();
  await panel.getByTestId('panel-tab-no-show').click();
  await expect(panel.getByTestId(`no-show-void-${number}`)).toHaveText('过号无效');
  await expect(panel.getByTestId(`requeue-${number}`)).toHaveCount(0);
  await expectAccessible(panel, 'panel 过号 tab');

  for (const page of [display, panel]) await page.context().close();
});

test('panel: 转办 with a note the next clerk reads (首问负责), 挂起 and 恢复办理 at that window', async ({ browser }) => {
  const display = await devicePage(browser, LANDSCAPE, 'recorded');
  await display.goto(`${hall.url}/display/?token=${DEMO.hallDisplayToken}`);
  await expect(display.getByTestId('current-call')).toBeVisible();
  const number = take('real-estate');

  const five = await signIn(browser, DEMO.clerk.staffId, 5);
  await five.getByTestId(`call-number-${number}`).click();
  await expect(five.getByTestId('panel-current-ticket')).toHaveText(number);
  await five.getByTestId('transfer').click();
  const dialog = five.getByTestId('transfer-dialog');
  await expect(dialog).toBeVisible();
  await expect(five.getByTestId('transfer-submit')).toBeDisabled();
  await five.getByTestId('transfer-window').selectOption('6');
  await five.getByTestId('transfer-note').fill('已收身份证，缺不动产权证书原件');
  await expectAccessible(five, 'panel 转办 dialog');
  await five.getByTestId('transfer-submit').click();
  await expect(dialog).toHaveCount(0);
  await expect(five.getByTestId('panel-current-ticket')).toHaveText('—');
  await expect(five.getByTestId(`line-row-${number}`)).toHaveCount(0);

  const six = await signIn(browser, '1011', 6);
  await six.getByTestId('open-window').click();
  const row = six.getByTestId(`line-row-${number}`);
  await expect(row).toContainText('转办至本窗口');
  await expect(row).toContainText('缺不动产权证书原件');
  // It lines up here by the time it was taken (as window 6's first queue), behind the walk-ins who
  // came before it (README § Who is called next): the clerk sees it in the line and calls it by number.
  await six.getByTestId(`call-number-${number}`).click();
  await expect(six.getByTestId('panel-current-ticket')).toHaveText(number);
  await expect(six.getByTestId('panel-ticket-note')).toContainText('已收身份证，缺不动产权证书原件');
  await expectAccessible(six, 'panel with the previous clerk’s note');

  // 挂起 while the visitor fetches the paper; the counter is free meanwhile.
  await six.getByTestId('start-service').click();
  await six.getByTestId('park').click();
  await six.getByTestId('park-note').fill('回家取产权证书');
  await expectAccessible(six, 'panel 挂起 dialog');
  await six.getByTestId('park-submit').click();
  await expect(six.getByTestId('panel-current-ticket')).toHaveText('—');
  await expect(six.getByTestId('panel-tab-parked')).toContainText('1');
  await six.getByTestId('panel-tab-parked').click();
  await expect(six.getByTestId(`parked-row-${number}`)).toContainText('回家取产权证书');
  await expectAccessible(six, 'panel 挂起中 tab');
  await six.getByTestId(`resume-ticket-${number}`).click();
  await expect(six.getByTestId('panel-current-ticket')).toHaveText(number);
  await expect(six.getByTestId('panel-ticket-note')).toContainText('回家取产权证书');
  // The resumed visitor is called to window 6 like any call.
  await expect.poll(() => spoken(display), { timeout: 15_000 }).toContain(sentence(number, 6));
  // Staff notes never reach the wall.
  await expect(display.locator('body')).not.toContainText('产权证书');
  await six.getByTestId('complete').click();
  await expect(six.getByTestId('panel-current-ticket')).toHaveText('—');

  for (const page of [display, five, six]) await page.context().close();
});

test('panel: 暂停服务 shows on the walls without the reason; 作废; 转绿色通道', async ({ browser }) => {
  const wall = await devicePage(browser, LANDSCAPE);
  await wall.goto(`${hall.url}/display/?token=${DEMO.hallDisplayToken}`);
  const screen = await devicePage(browser, LANDSCAPE);
  await screen.goto(`${hall.url}/display/?token=${DEMO.window5DisplayToken}`);
  const waiting = take('tax');

  const panel = await signIn(browser, DEMO.clerk.staffId, 5);
  await expect(panel.getByTestId('panel-window-status')).toHaveText('空闲，可呼叫');
  await panel.getByTestId('pause-window').click();
  await expect(panel.getByTestId('pause-submit')).toBeDisabled();
  await panel.getByTestId('pause-reason-break').click();
  await expectAccessible(panel, 'panel 暂停服务 dialog');
  await panel.getByTestId('pause-submit').click();
  await expect(panel.getByTestId('panel-window-status')).toHaveText('暂停服务');
  await expect(panel.getByTestId('panel-pause-reason')).toContainText('休息');
  await expect(panel.getByTestId('call-next')).toBeDisabled();
  await expect(panel.getByTestId(`call-number-${waiting}`)).toBeDisabled();
  await expectAccessible(panel, 'panel paused');

  await expect(wall.getByTestId('window-tile-5')).toContainText('暂停服务');
  await expect(screen.getByTestId('window-status')).toContainText('暂停服务');
  for (const page of [wall, screen]) await expect(page.locator('body')).not.toContainText('休息');
  await expectAccessible(wall, 'wall display with a paused window');
  await expectAccessible(screen, 'window screen paused');

  await panel.getByTestId('resume-window').click();
  await expect(panel.getByTestId('panel-window-status')).toHaveText('空闲，可呼叫');
  await expect(wall.getByTestId('window-tile-5')).not.toContainText('暂停服务');

  // 转绿色通道 from the line, with a reason only staff see.
  await panel.getByTestId(`prioritise-${waiting}`).click();
  await panel.getByTestId('prioritise-reason-disabled').click();
  await expectAccessible(panel, 'panel 转绿色通道 dialog');
  await panel.getByTestId('prioritise-submit').click();
  await expect(panel.getByTestId(`markers-${waiting}`)).toContainText('绿色通道 · 残疾人');
  await expect(panel.getByTestId(`prioritise-${waiting}`)).toHaveCount(0);

  // 作废 needs a reason and a second press.
  await panel.getByTestId(`call-number-${waiting}`).click();
  await expect(panel.getByTestId('panel-current-ticket')).toHaveText(waiting);
  await panel.getByTestId('cancel-ticket').click();
  await expect(panel.getByTestId('cancel-submit')).toBeDisabled();
  await panel.getByTestId('cancel-reason-visitor_left').click();
  await expectAccessible(panel, 'panel 作废 dialog');
  await panel.getByTestId('cancel-submit').click();
  await expect(panel.getByTestId('panel-current-ticket')).toHaveText('—');
  expect(Object.values(hall.server.hall.state.tickets).find((t) => t.number === waiting)?.status).toBe('cancelled');
  for (const page of [wall, screen]) await expect(page.locator('body')).not.toContainText('残疾人');

  // Closing waits until the visitor at the counter is done.
  await panel.getByTestId('call-next').click();
  await expect(panel.getByTestId('panel-current-ticket')).not.toHaveText('—');
  await expect(panel.getByTestId('close-window')).toBeDisabled();

  for (const page of [wall, screen, panel]) await page.context().close();
});
