/**
 * 出件 and EMS in Chromium (README § Cases): the clerk's back office marks a case 办结待取 (found by its
 * 办件编号); at the kiosk the visitor types the 办件编号 on the on-screen keys and gets a 出件 ticket (or is
 * told plainly it is not ready, with the promised day); the 出件 window calls it, sees the case linked
 * to the ticket and hands it over (已取件). At acceptance the case dialog takes a free-EMS recipient.
 */
import { expect, test, type Page } from '@playwright/test';
import { describeDay } from '../../state-machines/hall/schedule.ts';
import { expectAccessible } from './axe.ts';
import { DEMO, startDemoHall, type HallUnderTest } from './hall-fixture.ts';
import { devicePage, PORTRAIT, signInPanel } from './pages.ts';

let hall: HallUnderTest;
test.beforeAll(async () => {
  hall = await startDemoHall();
});
test.afterAll(async () => {
  await hall?.stop();
});

const OUT = 'test-results/screenshots';

/** A visitor served at window 5 (from the test, not a screen) and their case recorded 受理 with this 办件编号. */
function acceptedCase(receiptNo: string): { ticketId: string; promisedDay: string } {
  const h = hall.server.hall;
  const ok = (r: ReturnType<typeof h.execute>) => {
    if (!r.ok) throw new Error(JSON.stringify(r));
    return r;
  };
  const clerk = { clerkId: '1009', window: 5 };
  const taken = ok(h.execute({ type: 'ticket.take', deviceId: 'kiosk-1f-1', queueId: 'real-estate', itemId: 'resale-transfer' }, 'test:seed'));
  if (taken.event.event.type !== 'ticket.issued') throw new Error('no ticket');
  const ticketId = taken.event.event.ticketId;
  ok(h.execute({ type: 'ticket.call_number', ...clerk, ticketId }, 'test:seed'));
  ok(h.execute({ type: 'ticket.start', ...clerk, ticketId }, 'test:seed'));
  ok(h.execute({ type: 'ticket.complete', ...clerk, ticketId }, 'test:seed'));
  ok(h.execute({ type: 'case.record', ...clerk, ticketId, outcome: 'accepted', receiptNo }, 'test:seed'));
  return { ticketId, promisedDay: h.state.cases?.[ticketId]?.promisedDay ?? '' };
}

async function typeOnKeys(kiosk: Page, text: string) {
  for (const ch of text) await kiosk.getByTestId(`case-key-${ch}`).click();
}

test('back office 办结待取 → kiosk 办件编号 → 出件 ticket → the 出件 window hands it over', async ({ browser }) => {
  // Window 5's clerk opens the window on the panel; the visitor's service is played by the test.
  const panel = await signInPanel(browser, hall.url, '1009', 5);
  await panel.getByTestId('open-window').click();
  await expect(panel.getByTestId('call-next')).toBeEnabled();
  const { ticketId, promisedDay } = acceptedCase('BDC-2026-000888');

  // The kiosk, before the result is in: plainly not ready, with the promised day.
  const kiosk = await devicePage(browser, PORTRAIT);
  await kiosk.goto(`${hall.url}/kiosk/?token=${DEMO.kioskToken}`);
  await kiosk.getByTestId('case-pickup').click();
  await expect(kiosk.getByTestId('case-pickup-submit')).toBeDisabled();
  await typeOnKeys(kiosk, 'BDC-2026-000888');
  await expect(kiosk.getByTestId('case-pickup-entry')).toHaveText('BDC-2026-000888');
  await kiosk.screenshot({ path: `${OUT}/kiosk-case-pickup-entry.png` });
  await expectAccessible(kiosk, 'kiosk-case-pickup-entry');
  await kiosk.getByTestId('case-pickup-submit').click();
  await expect(kiosk.getByTestId('case-pickup-reason')).toHaveText(`办件 BDC-2026-000888 尚未办结，暂不能取件。承诺办结日：${describeDay(promisedDay).zh}`);
  await kiosk.screenshot({ path: `${OUT}/kiosk-case-pickup-not-ready.png` });
  await expectAccessible(kiosk, 'kiosk-case-pickup-not-ready');

  // The back office: found by its number, 办结待取.
  await panel.getByTestId('open-cases').click();
  await panel.getByTestId('case-search').fill('bdc-2026-000888');
  const row = panel.getByTestId('case-row-BDC-2026-000888');
  await expect(row).toContainText('已受理，办理中');
  await expect(row).toContainText('不动产登记（二手房转移）');
  await panel.screenshot({ path: `${OUT}/panel-case-office.png` });
  await expectAccessible(panel, 'panel-case-office');
  await panel.getByTestId('case-ready-BDC-2026-000888').click();
  await expect(panel.getByTestId('case-status-BDC-2026-000888')).toHaveText('已办结，可取件');
  expect(hall.server.hall.state.cases?.[ticketId]).toMatchObject({ status: 'ready', readyBy: '1009' });
  await panel.getByTestId('case-close').click();

  // The visitor's phone page says 可取件 and where.
  const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
  await phone.goto(`${hall.url}/t/${ticketId}`);
  await expect(phone.getByTestId('ticket-case-state')).toHaveText('可取件');
  await expect(phone.getByTestId('ticket-case-detail')).toContainText('请到 2、3 号窗口（综合出件窗口）取件');
  await phone.screenshot({ path: `${OUT}/phone-case-ready.png`, fullPage: true });
  await expectAccessible(phone, 'phone-case-ready');

  // The kiosk again: a 出件 ticket.
  await kiosk.getByTestId('case-pickup-again').click();
  await kiosk.getByTestId('case-pickup-submit').click();
  await expect(kiosk.getByTestId('ticket-number')).toHaveText('H001');
  await kiosk.screenshot({ path: `${OUT}/kiosk-case-pickup-ticket.png` });
  await expectAccessible(kiosk, 'kiosk-case-pickup-ticket');

  // Window 2 (综合出件) calls it and sees the case; 已取件 closes it.
  const pickup = await signInPanel(browser, hall.url, '1003', 2);
  await pickup.getByTestId('open-window').click();
  await pickup.getByTestId('call-next').click();
  const counterCase = pickup.getByTestId('pickup-case');
  await expect(counterCase).toContainText('不动产登记（二手房转移）');
  await expect(counterCase).toContainText('办件编号 BDC-2026-000888');
  await expect(pickup.getByTestId('pickup-case-status')).toHaveText('已办结，可取件');
  await pickup.screenshot({ path: `${OUT}/panel-pickup-counter.png` });
  await expectAccessible(pickup, 'panel-pickup-counter');
  await pickup.getByTestId('pickup-case-done').click();
  await expect(pickup.getByTestId('pickup-case-status')).toHaveText('已取件');
  expect(hall.server.hall.state.cases?.[ticketId]).toMatchObject({ status: 'picked_up', closedWindow: 2 });
});

test('the case dialog takes a free-EMS recipient at acceptance; the EMS window lists it in full and marks it mailed', async ({ browser }) => {
  const h = hall.server.hall;
  const panel = await signInPanel(browser, hall.url, '1009', 5);
  const taken = h.execute({ type: 'ticket.take', deviceId: 'kiosk-1f-1', queueId: 'real-estate', itemId: 'resale-transfer' }, 'test:seed');
  if (!taken.ok || taken.event.event.type !== 'ticket.issued') throw new Error('no ticket');
  const { ticketId } = taken.event.event;
  await panel.getByTestId('call-next').click();
  await panel.getByTestId('start-service').click();
  await panel.getByTestId('complete').click();
  await panel.getByTestId('record-case').click();
  await panel.getByTestId('case-outcome-accepted').click();
  await panel.getByTestId('case-receipt-no').fill('EMS-2026-000042');
  await panel.getByTestId('case-ems').check();
  await expect(panel.getByTestId('case-submit')).toBeDisabled();
  await panel.getByTestId('case-ems-name').fill('张小三');
  await panel.getByTestId('case-ems-phone').fill('138 1234 5678');
  await panel.getByTestId('case-ems-address').fill('浙江省杭州市西湖区文三路100号3幢');
  await expect(panel.getByTestId('case-submit')).toBeEnabled();
  await panel.screenshot({ path: `${OUT}/panel-case-dialog-ems.png` });
  await expectAccessible(panel, 'panel-case-dialog-ems');
  await panel.getByTestId('case-submit').click();
  await expect(panel.getByTestId('case-dialog')).toHaveCount(0);
  expect(h.state.cases?.[ticketId]?.delivery).toEqual({ nameMasked: '张*三', phoneMasked: '138****5678', addressMasked: '浙江省杭州市****' });
  // The clerk's own back office shows the masks only.
  await panel.getByTestId('open-cases').click();
  await expect(panel.getByTestId('case-row-EMS-2026-000042')).toContainText('张*三 浙江省杭州市****');
  await expect(panel.getByTestId('case-sheet')).not.toContainText('文三路');
  await panel.getByTestId('case-ready-EMS-2026-000042').click();
  await expect(panel.getByTestId('case-status-EMS-2026-000042')).toHaveText('已办结，可取件');

  const ems = await signInPanel(browser, hall.url, '1013', 7);
  await ems.getByTestId('open-cases').click();
  const mailRow = ems.getByTestId('ems-row-EMS-2026-000042');
  await expect(mailRow).toContainText('张小三 13812345678');
  await expect(mailRow).toContainText('浙江省杭州市西湖区文三路100号3幢');
  await ems.getByTestId('ems-waybill-EMS-2026-000042').fill('EA123456789CN');
  await ems.screenshot({ path: `${OUT}/panel-ems-list.png` });
  await expectAccessible(ems, 'panel-ems-list');
  await ems.getByTestId('ems-mailed-EMS-2026-000042').click();
  await expect(mailRow).toHaveCount(0);
  expect(h.state.cases?.[ticketId]).toMatchObject({ status: 'mailed', waybillNo: 'EA123456789CN' });
});

test('a 即办 window: the case dialog opens with 即办 chosen, and records it in one step', async ({ browser }) => {
  // The demo hall with window 6 as a 即办 window.
  const instant = await startDemoHall((h) => {
    const w6 = h.windows.find((w: { number: number }) => w.number === 6);
    w6.type = '即办';
  });
  try {
    const h = instant.server.hall;
    const panel = await signInPanel(browser, instant.url, '1011', 6);
    await panel.getByTestId('open-window').click();
    const taken = h.execute({ type: 'ticket.take', deviceId: 'kiosk-1f-1', queueId: 'comprehensive' }, 'test:seed');
    if (!taken.ok || taken.event.event.type !== 'ticket.issued') throw new Error('no ticket');
    const { ticketId } = taken.event.event;
    await panel.getByTestId('call-next').click();
    await panel.getByTestId('start-service').click();
    await panel.getByTestId('complete').click();
    await panel.getByTestId('record-case').click();
    await expect(panel.getByTestId('case-outcome-on_the_spot')).toHaveAttribute('aria-checked', 'true');
    await expect(panel.getByTestId('case-submit')).toBeEnabled();
    await panel.screenshot({ path: `${OUT}/panel-case-dialog-instant.png` });
    await expectAccessible(panel, 'panel-case-dialog-instant');
    await panel.getByTestId('case-submit').click();
    await expect(panel.getByTestId('case-dialog')).toHaveCount(0);
    expect(h.state.cases?.[ticketId]).toMatchObject({ outcome: 'on_the_spot', status: 'done' });
  } finally {
    await instant.stop();
  }
});
