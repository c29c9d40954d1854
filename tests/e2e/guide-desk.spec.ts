/**
 * 导办台 in Chromium (README § The guide desk): a guide signs in (导办台 in the
 * window list), records 首问负责 help handed to a window, takes a ticket for a
 * visitor (帮办: the number shown large), and files a 办不成事反映 whose
 * name and phone are masked; the supervisor's desk shows it with its due day
 * and answers it. At the 咨询 queue, the clerk's 办结 prompt records an
 * enquiry in a small dialog instead of a case.
 */
import { expect, test } from '@playwright/test';
import { expectAccessible } from './axe.ts';
import { startDemoHall, type HallUnderTest } from './hall-fixture.ts';
import { DESK, devicePage, signInPanel } from './pages.ts';

let hall: HallUnderTest;
test.beforeAll(async () => {
  hall = await startDemoHall();
});
test.afterAll(async () => {
  await hall?.stop();
});

const OUT = 'test-results/screenshots';

test('the guide records help, takes a ticket for a visitor and files a complaint the supervisor answers', async ({ browser }) => {
  const h = hall.server.hall;
  const guide = await devicePage(browser, DESK);
  await guide.goto(`${hall.url}/window-panel/`);
  await guide.getByTestId('login-staff').fill('8001');
  await guide.getByTestId('login-pin').fill('123456');
  await guide.getByTestId('login-window').selectOption('guide');
  await guide.getByTestId('login-submit').click();
  await expect(guide.getByTestId('guide-title')).toContainText('导办台');
  await expect(guide.getByTestId('guide-help-count')).toHaveText('今日首问登记 0 次');
  await guide.screenshot({ path: `${OUT}/guide-desk.png`, fullPage: true });
  await expectAccessible(guide, 'guide-desk');

  // 首问负责: the question, the answer, handed to window 5.
  await expect(guide.getByTestId('guide-record-help')).toBeDisabled();
  await guide.getByTestId('guide-help-item').selectOption('resale-transfer');
  await guide.getByTestId('guide-question').fill('二手房过户要带什么材料');
  await guide.getByTestId('guide-answer').fill('已告知材料清单');
  await guide.getByTestId('guide-handed-window').check();
  await guide.getByTestId('guide-to-window').selectOption('5');
  await guide.getByTestId('guide-record-help').click();
  await expect(guide.getByTestId('guide-help-done')).toContainText('已登记（');
  await expect(guide.getByTestId('guide-help-count')).toHaveText('今日首问登记 1 次');
  const help = Object.values(h.state.guideHelp ?? {});
  expect(help).toMatchObject([{ guideId: '8001', itemId: 'resale-transfer', question: '二手房过户要带什么材料', handedTo: { window: 5 } }]);

  // 帮办: a real-estate ticket for the visitor, its number shown large.
  await guide.getByTestId('guide-queue').selectOption('real-estate');
  await guide.getByTestId('guide-ticket-item').selectOption('resale-transfer');
  await guide.getByTestId('guide-take-ticket').click();
  const done = guide.getByTestId('guide-ticket-done');
  await expect(done).toContainText('D001');
  await expect(done).toContainText('前面还有 0 人');
  await guide.getByTestId('guide-question').fill('还要排多久');
  const ticket = Object.values(h.state.tickets).find((t) => t.number === 'D001');
  expect(ticket).toMatchObject({ queueId: 'real-estate', itemId: 'resale-transfer' });
  await guide.screenshot({ path: `${OUT}/guide-desk-ticket.png`, fullPage: true });
  await expectAccessible(guide, 'guide-desk-ticket');

  // 办不成事反映: name and phone masked before anything is kept.
  await guide.getByTestId('guide-complaint-item').selectOption('resale-transfer');
  await guide.getByTestId('guide-what').fill('跑了三次还没办成过户');
  await guide.getByTestId('guide-name').fill('张三丰');
  await guide.getByTestId('guide-phone').fill('138-1234-5678');
  await expect(guide.getByTestId('guide-phone')).toHaveValue('13812345678');
  await guide.getByTestId('guide-file-complaint').click();
  await expect(guide.getByTestId('guide-complaint-done')).toContainText('已提交 TS');
  await expect(guide.getByTestId('guide-complaint-done')).toContainText('前答复');
  // The 帮办 number stays in view for the guide to tell the visitor.
  await expect(guide.getByTestId('guide-ticket-done')).toContainText('D001');
  await guide.screenshot({ path: `${OUT}/guide-desk-complaint.png`, fullPage: true });
  await expectAccessible(guide, 'guide-desk-complaint');
  const [complaint] = Object.values(h.state.complaints ?? {});
  expect(complaint).toMatchObject({ nameMasked: '张*丰', phoneMasked: '138****5678', status: 'open' });

  // The supervisor's desk: the complaint, masked, with its due day; 接手处理 then 办结.
  const desk = await signInPanel(browser, hall.url, '9001', 'supervisor');
  const card = desk.getByTestId('complaints');
  await expect(desk.getByTestId('complaints-count')).toHaveText('待办 1 件');
  await expect(desk.getByTestId('guide-kpi')).toHaveText('今日咨询 0 件 · 首问负责 1 次');
  const row = desk.getByTestId(`complaint-${complaint!.id}`);
  await expect(row).toContainText('不动产登记（二手房转移）：跑了三次还没办成过户');
  await expect(row).toContainText('张*丰 · 138****5678 · 导办 许文静');
  await expect(row).toContainText('前答复');
  await expect(card).not.toContainText('13812345678');
  await card.scrollIntoViewIfNeeded();
  await desk.screenshot({ path: `${OUT}/desk-complaints.png`, fullPage: true });
  await expectAccessible(desk, 'desk-complaints');
  await desk.getByTestId(`complaint-take-${complaint!.id}`).click();
  await expect(row).toHaveAttribute('data-status', 'handling');
  await desk.getByTestId(`complaint-reply-${complaint!.id}`).fill('已协调当日办结，电话回复');
  await desk.getByTestId(`complaint-resolve-${complaint!.id}`).click();
  await expect(row).toHaveAttribute('data-status', 'resolved');
  await expect(desk.getByTestId('complaints-count')).toHaveText('待办 0 件');
});

test('at the 咨询 queue the clerk records an enquiry after 办结, not a case', async ({ browser }) => {
  const h = hall.server.hall;
  const panel = await signInPanel(browser, hall.url, '1011', 6);
  await panel.getByTestId('open-window').click();
  const taken = h.execute({ type: 'ticket.take', deviceId: 'kiosk-1f-1', queueId: 'consult' }, 'test:seed');
  if (!taken.ok || taken.event.event.type !== 'ticket.issued') throw new Error('no ticket');
  const { ticketId, number } = taken.event.event;
  // Called by its number (指呼): the 帮办 ticket D001 of the first test waits at window 6 too, and came first.
  await panel.getByTestId(`call-number-${number}`).click();
  await panel.getByTestId('start-service').click();
  await panel.getByTestId('complete').click();
  await expect(panel.getByTestId('record-case')).toHaveText('登记咨询');
  await expect(panel.getByTestId('case-prompt')).toContainText(`上一位 ${number} 已办结，请登记咨询内容`);
  await panel.getByTestId('record-case').click();
  const dialog = panel.getByTestId('enquiry-dialog');
  await expect(dialog).toContainText(`咨询登记 ${number}`);
  await expect(panel.getByTestId('enquiry-submit')).toBeDisabled();
  await panel.getByTestId('enquiry-item').selectOption('medical-out-of-area');
  await panel.getByTestId('enquiry-answer').fill('可在国家医保服务平台APP自助备案');
  await expect(panel.getByTestId('enquiry-submit')).toBeEnabled();
  await panel.screenshot({ path: `${OUT}/panel-enquiry-dialog.png` });
  await expectAccessible(panel, 'panel-enquiry-dialog');
  await panel.getByTestId('enquiry-submit').click();
  await expect(dialog).toHaveCount(0);
  await expect(panel.getByTestId('case-prompt')).toHaveCount(0);
  expect(h.state.enquiries?.[ticketId]).toMatchObject({ topic: '医保异地就医备案', answer: '可在国家医保服务平台APP自助备案', window: 6 });
  expect(h.state.cases?.[ticketId]).toBeUndefined();
});
