/**
 * 今日概况 on the 值班主任台 (issue 13 item 4), over the real server with a
 * seeded hall on a controlled clock: served today, waiting now, the longest
 * current wait per queue, the 建议增开窗口 alert once a queue's oldest ticket
 * passes its threshold, and the device health line naming a printer that ran
 * out of paper (the fake TCP printer reports it) — in Chinese and in English.
 */
import { expect, test } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import type { HallCommand } from '../../state-machines/hall/decide.ts';
import { KIOSK_PRINTER_ID, startDeviceHall } from '../support/device-hall.ts';
import { FakePrinter } from '../support/fake-printer.ts';
import { expectAccessible } from './axe.ts';
import { signInPanel } from './pages.ts';

const OUT = 'test-results/screenshots';
const at = (hhmm: string) => Date.parse(`2026-11-23T${hhmm}:00+08:00`);

test.beforeAll(() => mkdirSync(OUT, { recursive: true }));

test('the desk shows served today, waits per queue, 建议增开窗口 past the threshold and a printer out of paper', async ({ browser }) => {
  const clock = { now: at('09:30') };
  const printer = await new FakePrinter().start();
  const hall = await startDeviceHall({ printerPort: printer.port, now: () => clock.now });
  try {
    const run = (command: HallCommand) => {
      const r = hall.hall.execute(command, 'test:seed');
      if (!r.ok) throw new Error(`${command.type}: ${r.error.messageEn}`);
      return r.event.event;
    };
    const take = (queueId: string, deviceId = 'kiosk-1f-2') => {
      const e = run({ type: 'ticket.take', deviceId, queueId });
      if (e.type !== 'ticket.issued') throw new Error(e.type);
      return e.ticketId;
    };
    const w5 = { clerkId: '1009', window: 5 };
    run({ type: 'clerk.sign_in', ...w5 });
    run({ type: 'window.open', ...w5 });
    // Two visitors served before 10:00 (办结 today: 2).
    for (const id of [take('comprehensive'), take('comprehensive')]) {
      clock.now += 60_000;
      run({ type: 'ticket.call_next', ...w5 });
      run({ type: 'ticket.start', ticketId: id, ...w5 });
      clock.now += 5 * 60_000;
      run({ type: 'ticket.complete', ticketId: id, ...w5 });
    }
    run({ type: 'window.pause', reason: 'break', ...w5 });
    // Then the line grows: 综合受理 from 10:00, 税务 from 10:20.
    clock.now = at('10:00');
    take('comprehensive');
    clock.now = at('10:05');
    take('comprehensive');
    // The 10:10 ticket is taken at the kiosk whose printer has just run out of paper.
    clock.now = at('10:10');
    printer.condition = 'paper_out';
    take('comprehensive', 'kiosk-1f-1');
    await expect.poll(() => hall.devices.health().find((d) => d.id === KIOSK_PRINTER_ID)?.state).toBe('paper_out');
    clock.now = at('10:20');
    take('tax');
    clock.now = at('10:32') + 5_000;

    const desk = await signInPanel(browser, hall.url, '9001', 'supervisor');
    await expect(desk.getByTestId('kpi-served-value')).toHaveText('2 人');
    await expect(desk.getByTestId('kpi-waiting-value')).toHaveText('4 人');
    await expect(desk.getByTestId('kpi-longest-value')).toHaveText('32 分钟');
    await expect(desk.getByTestId('kpi-longest-detail')).toHaveText('综合受理');
    await expect(desk.getByTestId('kpi-longest')).toHaveClass(/supervisor__tile--alert/);
    // Beside 等候 N 人 (kept, with the new-ticket line), each queue's longest wait.
    await expect(desk.getByTestId('desk-queue-waiting-comprehensive')).toHaveText('等候 3 人');
    await expect(desk.getByTestId('desk-queue-longest-comprehensive')).toHaveText('最长已等 32 分钟');
    await expect(desk.getByTestId('desk-queue-new-comprehensive')).toContainText('新取号：前面');
    await expect(desk.getByTestId('desk-queue-waiting-tax')).toHaveText('等候 1 人');
    await expect(desk.getByTestId('desk-queue-longest-tax')).toHaveText('最长已等 12 分钟');
    await expect(desk.getByTestId('desk-queue-longest-police')).toHaveCount(0);
    // Over the hall default (20 minutes) in 综合受理 only.
    await expect(desk.getByTestId('alert-long-wait-comprehensive')).toHaveText('综合受理 最长已等 32 分钟，超过 20 分钟，建议增开窗口');
    await expect(desk.getByTestId('alert-long-wait-tax')).toHaveCount(0);
    // Device health: the printer first, out of paper since 10:10; kiosks and displays with no page open are offline.
    const printerLine = desk.getByTestId('device-health-paper_out');
    await expect(printerLine).toHaveText('一楼取号机1 打印机 缺纸（10:10 起）');
    // Kiosks, displays and the two rating tablets with no page open: one group, named up to four, counted, since the server started.
    await expect(desk.getByTestId('device-health-disconnected')).toHaveText(/^；离线 9 台：.+ 等（09:30 起）$/);
    await expect(desk.getByTestId('kpi-devices-value')).toHaveText(/^\d+ 台$/);
    await desk.screenshot({ path: `${OUT}/supervisor-kpis.png` });
    await expectAccessible(desk, 'supervisor desk with KPIs and a long-wait alert');

    await desk.getByTestId('lang-toggle').click();
    await expect(desk.getByTestId('kpi-served')).toContainText('Served today');
    await expect(desk.getByTestId('kpi-longest-value')).toHaveText('32 min');
    await expect(desk.getByTestId('kpi-longest-detail')).toHaveText('Comprehensive Acceptance');
    await expect(desk.getByTestId('alert-long-wait-comprehensive')).toContainText('longest wait 32 min, over 20 min — consider opening another window');
    await expect(printerLine).toContainText('out of paper (since 10:10)');
    await desk.screenshot({ path: `${OUT}/supervisor-kpis-en.png` });
    await expectAccessible(desk, 'supervisor desk with KPIs, in English');
    await desk.context().close();

    // 10:45: 税务 passes its 20 minutes too. Several queues at once make one alert, longest first, so the
    // windows table stays in view on a busy morning.
    clock.now = at('10:45') + 5_000;
    const later = await signInPanel(browser, hall.url, '9001', 'supervisor');
    await expect(later.getByTestId('alert-long-wait')).toHaveText(
      '2 项业务等候过久，建议增开窗口：综合受理 最长已等 45 分钟（上限 20）； 税务 最长已等 25 分钟（上限 20）',
    );
    await expect(later.locator('.supervisor__alert[role="alert"]')).toHaveCount(1);
    await later.screenshot({ path: `${OUT}/supervisor-kpis-many-over.png` });
    await expectAccessible(later, 'supervisor desk with two queues over their threshold');
    await later.context().close();
  } finally {
    await hall.close();
    await printer.stop();
  }
});

test('under the threshold the desk shows the wait and no alert', async ({ browser }) => {
  const clock = { now: at('10:00') };
  const printer = await new FakePrinter().start();
  // 综合受理's own threshold (45) over the hall's (20).
  const hall = await startDeviceHall({
    printerPort: printer.port,
    now: () => clock.now,
    change: (h) => {
      h.queues.find((q: { id: string }) => q.id === 'comprehensive').longWaitMinutes = 45;
    },
  });
  try {
    hall.hall.execute({ type: 'ticket.take', deviceId: 'kiosk-1f-2', queueId: 'comprehensive' }, 'test:seed');
    clock.now = at('10:32');
    hall.hall.execute({ type: 'ticket.take', deviceId: 'kiosk-1f-2', queueId: 'tax' }, 'test:seed');
    const desk = await signInPanel(browser, hall.url, '9001', 'supervisor');
    await expect(desk.getByTestId('desk-queue-longest-comprehensive')).toHaveText('最长已等 32 分钟');
    // A ticket just taken: not 「0 分钟」, which reads like nobody waited.
    await expect(desk.getByTestId('desk-queue-longest-tax')).toHaveText('最长已等 不到 1 分钟');
    await expect(desk.getByTestId('kpi-served-value')).toHaveText('0 人');
    await expect(desk.getByTestId('kpi-longest')).not.toHaveClass(/supervisor__tile--alert/);
    await expect(desk.locator('[data-testid^="alert-long-wait-"]')).toHaveCount(0);
    await desk.context().close();
  } finally {
    await hall.close();
    await printer.stop();
  }
});
