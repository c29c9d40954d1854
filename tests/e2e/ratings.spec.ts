/**
 * 好差评 in the browser (issue 13 item 1): the rating tablet facing the visitor at
 * window 5 asks after 办结 and thanks after; the ticket's phone page rates once; the
 * supervisor desk lists the 差评 follow-up, takes it through assign → 回访 → outcome →
 * close, and flags an overdue one. Screenshots in test-results/screenshots.
 */
import { expect, test } from '@playwright/test';
import { expectAccessible } from './axe.ts';
import { startDemoHall, type HallUnderTest } from './hall-fixture.ts';
import { devicePage, signInPanel } from './pages.ts';

const OUT = 'test-results/screenshots';
/** A 10-inch tablet in landscape, and a phone. */
const TABLET = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

let hall: HallUnderTest;
test.beforeAll(async () => {
  hall = await startDemoHall();
  const h = hall.server.hall;
  for (const command of [
    { type: 'clerk.sign_in', clerkId: '1009', window: 5 },
    { type: 'window.open', clerkId: '1009', window: 5 },
  ] as const) {
    const r = h.execute(command, 'test:seed');
    if (!r.ok) throw new Error(r.error.message);
  }
});
test.afterAll(async () => {
  await hall?.stop();
});

/** A visitor served at window 5 (取号 → 呼叫 → 办理 → 办结): the ticket's id and number. */
function serveOne(): { id: string; number: string } {
  const h = hall.server.hall;
  const taken = h.execute({ type: 'ticket.take', deviceId: 'kiosk-1f-1', queueId: 'comprehensive' }, 'test:seed');
  if (!taken.ok || taken.event.event.type !== 'ticket.issued') throw new Error('no ticket');
  const { ticketId, number } = taken.event.event;
  for (const type of ['ticket.call_number', 'ticket.start', 'ticket.complete'] as const) {
    const r = h.execute({ type, clerkId: '1009', window: 5, ticketId }, 'test:seed');
    if (!r.ok) throw new Error(`${type}: ${r.error.message}`);
  }
  return { id: ticketId, number };
}

test('the rating tablet asks after 办结, takes a 差评 with reasons, and thanks the visitor', async ({ browser }) => {
  const tablet = await devicePage(browser, TABLET);
  await tablet.goto(`${hall.url}/display/?token=demo-rating-w5-token`);
  await expect(tablet.getByTestId('rating-tablet')).toHaveAttribute('data-state', 'idle');
  await expect(tablet.getByTestId('rating-clerk')).toContainText('周婷（1009）');
  await tablet.screenshot({ path: `${OUT}/rating-tablet-idle.png` });
  await expectAccessible(tablet, 'rating-tablet-idle');

  const served = serveOne();
  await expect(tablet.getByTestId('rating-form')).toContainText('请您对本次服务进行评价');
  // No default: nothing chosen, 提交评价 waits for a level.
  await expect(tablet.locator('[aria-pressed="true"]')).toHaveCount(0);
  await expect(tablet.getByTestId('rating-submit')).toBeDisabled();
  await tablet.screenshot({ path: `${OUT}/rating-tablet-invite.png` });
  await expectAccessible(tablet, 'rating-tablet-invite');

  await tablet.getByTestId('rating-level-2').click();
  await tablet.getByTestId('rating-reason-slow').click();
  await tablet.getByTestId('rating-reason-unclear').click();
  await tablet.getByTestId('rating-text').fill('材料要求没有一次说清楚');
  await tablet.screenshot({ path: `${OUT}/rating-tablet-poor.png` });
  await expectAccessible(tablet, 'rating-tablet-poor');
  await tablet.getByTestId('rating-submit').click();
  await expect(tablet.getByTestId('rating-thanks')).toHaveText('感谢您的评价');
  await tablet.screenshot({ path: `${OUT}/rating-tablet-thanks.png` });
  await expectAccessible(tablet, 'rating-tablet-thanks');
  expect(hall.server.hall.state.ratings?.[served.id]).toMatchObject({ status: 'rated', channel: 'tablet' });
  expect(hall.server.hall.state.followUps?.[served.id]).toMatchObject({ level: 2, reasons: ['slow', 'unclear'] });

  // English on the switch, for the next visitor.
  serveOne();
  await tablet.getByRole('button', { name: 'English' }).click();
  await expect(tablet.getByTestId('rating-form')).toContainText('Please rate the service you received');
  await expect(tablet.getByTestId('rating-level-5')).toHaveText('Very satisfied');
  await tablet.screenshot({ path: `${OUT}/rating-tablet-en.png` });
  await expectAccessible(tablet, 'rating-tablet-en');
});

test('the phone page rates a completed ticket once and says thank you', async ({ browser }) => {
  const served = serveOne();
  const phone = await devicePage(browser, PHONE);
  // A number typed in by hand (it is called aloud): the page follows the ticket, but rating needs the paper's QR.
  await phone.goto(`${hall.url}/t/${served.id}`);
  await expect(phone.getByTestId('rating-needs-key')).toContainText('请用手机扫描号票上的二维码');
  await expect(phone.getByTestId('rating-form')).toHaveCount(0);
  await phone.screenshot({ path: `${OUT}/rating-phone-needs-qr.png`, fullPage: true });
  await expectAccessible(phone, 'rating-phone-needs-qr');
  // The QR on the paper carries the ticket's key (what the kiosk printed: server/devices/ticket-keys.ts).
  await phone.goto(`${hall.url}/t/${served.id}?k=${hall.server.devices.ticketKeys.keyFor(served.id)}`);
  await expect(phone.getByTestId('rating-form')).toContainText('请您对本次服务进行评价');
  await expect(phone.locator('input[name="level"]:checked')).toHaveCount(0);
  await phone.screenshot({ path: `${OUT}/rating-phone-form.png`, fullPage: true });
  await expectAccessible(phone, 'rating-phone-form');

  await phone.getByLabel('满意', { exact: true }).check();
  await phone.getByLabel('服务效率').selectOption('5');
  await phone.getByRole('button', { name: '提交评价' }).click();
  await expect(phone.getByTestId('rating-done')).toContainText('感谢您的评价');
  await phone.screenshot({ path: `${OUT}/rating-phone-thanks.png`, fullPage: true });
  await expectAccessible(phone, 'rating-phone-thanks');
  expect(hall.server.hall.state.ratings?.[served.id]).toMatchObject({ status: 'rated', channel: 'phone' });
});

test('the supervisor desk lists the 差评 follow-ups and takes one to the end', async ({ browser }) => {
  const served = serveOne();
  const given = hall.server.hall.execute(
    { type: 'rating.give', ticketId: served.id, channel: 'phone', level: 1, reasons: ['attitude'], text: '窗口人员态度生硬' },
    'test:seed',
  );
  expect(given.ok).toBe(true);
  const desk = await signInPanel(browser, hall.url, '9001', 'supervisor');
  const row = desk.getByTestId(`follow-up-${served.number}`);
  await expect(row).toContainText('非常不满意');
  await expect(row).toContainText('服务态度差');
  await expect(row).toContainText('窗口人员态度生硬');
  await expect(desk.getByTestId(`follow-up-status-${served.number}`)).toHaveText('待分派');
  await expect(desk.getByTestId('follow-ups-count')).toContainText('待办');
  await desk.getByTestId('follow-ups').scrollIntoViewIfNeeded();
  await desk.screenshot({ path: `${OUT}/desk-follow-ups.png`, fullPage: true });
  await expectAccessible(desk, 'desk-follow-ups');

  await desk.getByTestId(`follow-up-assignee-${served.number}`).selectOption('9001');
  await desk.getByTestId(`follow-up-assign-${served.number}`).click();
  await expect(desk.getByTestId(`follow-up-status-${served.number}`)).toHaveText('回访中');
  await desk.getByTestId(`follow-up-note-text-${served.number}`).fill('已电话回访，当面致歉');
  await desk.getByTestId(`follow-up-note-${served.number}`).click();
  await expect(row).toContainText('已电话回访，当面致歉');
  await desk.getByTestId(`follow-up-outcome-${served.number}`).selectOption('explained');
  await desk.getByTestId(`follow-up-resolve-${served.number}`).click();
  await expect(desk.getByTestId(`follow-up-status-${served.number}`)).toHaveText('待结案');
  await desk.getByTestId(`follow-up-close-${served.number}`).click();
  await expect(desk.getByTestId(`follow-up-status-${served.number}`)).toHaveText('已结案');
  await expect(row).toContainText('已解释说明');
  await desk.screenshot({ path: `${OUT}/desk-follow-up-closed.png`, fullPage: true });
  await expectAccessible(desk, 'desk-follow-up-closed');
});

test('an open follow-up past its due day is flagged 已逾期 on the desk', async ({ browser }) => {
  test.setTimeout(120_000);
  const clock = { now: Date.parse('2026-11-23T10:00:00+08:00') };
  const late = await startDemoHall(undefined, { now: () => clock.now });
  try {
    const h = late.server.hall;
    for (const command of [
      { type: 'clerk.sign_in', clerkId: '1009', window: 5 },
      { type: 'window.open', clerkId: '1009', window: 5 },
    ] as const)
      expect(h.execute(command, 'test:seed').ok).toBe(true);
    const taken = h.execute({ type: 'ticket.take', deviceId: 'kiosk-1f-1', queueId: 'comprehensive' }, 'test:seed');
    const ticketId = taken.ok && taken.event.event.type === 'ticket.issued' ? taken.event.event.ticketId : '';
    for (const type of ['ticket.call_number', 'ticket.start', 'ticket.complete'] as const)
      expect(h.execute({ type, clerkId: '1009', window: 5, ticketId }, 'test:seed').ok).toBe(true);
    expect(h.execute({ type: 'rating.give', ticketId, channel: 'tablet', window: 5, level: 2, reasons: ['long_wait'] }, 'test:seed').ok).toBe(true);
    const number = ticketId.split('/')[1] ?? '';
    // Monday 2026-11-23 + 15 working days (no calendar: Monday to Friday) = Monday 2026-12-14.
    expect(h.state.followUps?.[ticketId]?.dueDay).toBe('2026-12-14');

    const desk = await signInPanel(browser, late.url, '9001', 'supervisor');
    await expect(desk.getByTestId(`follow-up-due-${number}`)).toHaveText('12月14日（周一）');
    await expect(desk.getByTestId('kpi-follow-ups-value')).toHaveText('待办 1 件');
    await expect(desk.getByTestId('kpi-follow-ups-detail')).toHaveCount(0);
    await expect(desk.getByTestId(`follow-up-overdue-${number}`)).toHaveCount(0);
    clock.now = Date.parse('2026-12-15T09:00:00+08:00');
    await expect(desk.getByTestId(`follow-up-overdue-${number}`)).toHaveText('已逾期', { timeout: 40_000 }); // the desk learns the hall's time with the next clock:tick (every 25 s)
    await expect(desk.getByTestId('follow-ups-count')).toContainText('已逾期 1 件');
    // The 今日概况 tile says the same, in the alert colour.
    await expect(desk.getByTestId('kpi-follow-ups-detail')).toHaveText('已逾期 1 件');
    await expect(desk.getByTestId('kpi-follow-ups')).toHaveClass(/supervisor__tile--alert/);
    await desk.getByTestId('follow-ups').scrollIntoViewIfNeeded();
    await desk.screenshot({ path: `${OUT}/desk-follow-up-overdue.png`, fullPage: true });
    await expectAccessible(desk, 'desk-follow-up-overdue');
  } finally {
    await late.stop();
  }
});
