/**
 * 办件登记 in Chromium (README § Cases): after 办结 the clerk's panel asks for
 * the case of the visitor just served; the dialog offers the item's own papers
 * to tick for 容缺受理, upper-cases the 办件编号 as typed or scanned, and shows
 * the promised day the server will record before it is sent. The supervisor's
 * 限时办结 list shows the case with the papers still to come.
 */
import { expect, test } from '@playwright/test';
import { describeDay } from '../../state-machines/hall/schedule.ts';
import { expectAccessible } from './axe.ts';
import { startDemoHall, type HallUnderTest } from './hall-fixture.ts';
import { signInPanel } from './pages.ts';

let hall: HallUnderTest;
test.beforeAll(async () => {
  // The desk lists what is due within 10 working days: the 容缺 papers (5) are.
  hall = await startDemoHall((h) => {
    h.cases = { dueSoonWorkingDays: 10 };
  });
});
test.afterAll(async () => {
  await hall?.stop();
});

const OUT = 'test-results/screenshots';

test('the clerk records 容缺受理 after 办结 and the desk lists its papers as due', async ({ browser }) => {
  const h = hall.server.hall;
  const panel = await signInPanel(browser, hall.url, '1009', 5);
  await panel.getByTestId('open-window').click();
  const taken = h.execute({ type: 'ticket.take', deviceId: 'kiosk-1f-1', queueId: 'real-estate', itemId: 'resale-transfer' }, 'test:seed');
  if (!taken.ok || taken.event.event.type !== 'ticket.issued') throw new Error('no ticket');
  const { ticketId, number } = taken.event.event;
  await panel.getByTestId('call-next').click();
  await panel.getByTestId('start-service').click();
  await expect(panel.getByTestId('case-prompt')).toHaveCount(0);
  await panel.getByTestId('complete').click();

  // The prompt stays until the case is recorded.
  await expect(panel.getByTestId('case-prompt')).toContainText(`上一位 ${number} 已办结，请登记办件结果`);
  await panel.getByTestId('record-case').click();
  const dialog = panel.getByTestId('case-dialog');
  await expect(dialog).toContainText(`办件登记 ${number}`);
  await expect(panel.getByTestId('case-item')).toContainText('不动产登记（二手房转移）');
  await expect(panel.getByTestId('case-submit')).toBeDisabled();
  await expect(dialog).toContainText('请选择办件结果');

  await panel.getByTestId('case-outcome-accepted_pending').click();
  await panel.getByTestId('case-receipt-no').fill('bdc-2026 000777');
  await expect(panel.getByTestId('case-receipt-no')).toHaveValue('BDC-2026000777');
  // 容缺 needs the missing papers: the server's words, before anything is sent.
  await expect(dialog).toContainText('容缺受理须注明所缺材料');
  await expect(panel.getByTestId('case-submit')).toBeDisabled();
  await panel.getByTestId('case-missing-2').check();
  await panel.getByTestId('case-missing-other').fill('继承公证书');
  await expect(panel.getByTestId('case-submit')).toBeEnabled();
  await expect(panel.getByTestId('case-promise')).toContainText('承诺办结日：');
  await expect(panel.getByTestId('case-promise')).toContainText('补齐材料截止：');
  await panel.screenshot({ path: `${OUT}/panel-case-dialog.png` });
  await expectAccessible(panel, 'panel-case-dialog');
  const promised = await panel.getByTestId('case-promise').textContent();
  await panel.getByTestId('case-submit').click();
  await expect(dialog).toHaveCount(0);
  await expect(panel.getByTestId('case-prompt')).toHaveCount(0);

  // What the server recorded is what the dialog said it would.
  const recorded = h.state.cases?.[ticketId];
  expect(recorded).toMatchObject({ outcome: 'accepted_pending', receiptNo: 'BDC-2026000777', missing: ['不动产权证书', '继承公证书'] });
  const today = h.state.serviceDay ?? '';
  expect(promised).toBe(
    `承诺办结日：${describeDay(recorded?.promisedDay ?? '', today).zh} · 补齐材料截止：${describeDay(recorded?.materialsDueDay ?? '', today).zh}`,
  );

  const desk = await signInPanel(browser, hall.url, '9001', 'supervisor');
  const row = desk.getByTestId('case-due-BDC-2026000777');
  await expect(row).toContainText(`${number} · 5 号窗口`);
  await expect(row).toContainText('容缺受理');
  await expect(row).toContainText('补齐材料：不动产权证书、继承公证书');
  await expect(row).toContainText(describeDay(recorded?.materialsDueDay ?? '', today).zh);
  await expect(desk.getByTestId('case-deadlines-count')).toHaveText('即将到期 1 件');
  await desk.getByTestId('case-deadlines').scrollIntoViewIfNeeded();
  await desk.screenshot({ path: `${OUT}/desk-case-deadlines.png`, fullPage: true });
  await expectAccessible(desk, 'desk-case-deadlines');
});
