/**
 * 统计报表 on the 值班主任台 (issue 13 item 2), over the real server: a simulated Monday
 * (tests/support/day-simulation.ts) and a few rated services on Tuesday, then on Friday the
 * supervisor opens 统计报表. The headline reads the counts the log holds (counted here from the log),
 * the charts and the arrivals heat map are drawn (screenshots), the CSV downloads with its BOM and
 * reads back equal to the page, and the printout (print media) hides the controls and fits A4.
 */
import { expect, test } from '@playwright/test';
import { mkdirSync, readFileSync } from 'node:fs';
import type { HallCommand } from '../../state-machines/hall/decide.ts';
import type { RatingLevel } from '../../state-machines/domain/rating.ts';
import { simulateDay } from '../support/day-simulation.ts';
import { DEMO_TOKENS, demoConfig, SUPERVISOR } from '../support/demo.ts';
import { startTestServer } from '../support/server.ts';
import { expectAccessible } from './axe.ts';
import { signInPanel } from './pages.ts';

const OUT = 'test-results/screenshots';
test.beforeAll(() => mkdirSync(OUT, { recursive: true }));
test.setTimeout(180_000);

test('the report page: headline from the log, charts, heat map, CSV for Excel, printable on A4', async ({ browser }) => {
  const clock = { now: Date.parse('2026-11-23T07:30:00+08:00') };
  const s = await startTestServer({ now: () => clock.now });
  try {
    const day = await simulateDay({
      seed: 7,
      visitors: 400,
      date: '2026-11-23',
      config: demoConfig,
      url: s.url,
      clock,
      kioskTokens: [DEMO_TOKENS.kiosk, DEMO_TOKENS.kiosk2],
      supervisor: SUPERVISOR,
      pin: '123456',
    });
    day.close();
    expect(day.unexpected).toEqual([]);
    // Tuesday: eight services at window 5, rated on its tablet (one 不满意 opens a follow-up).
    clock.now = Date.parse('2026-11-24T09:00:00+08:00');
    const run = (command: HallCommand) => {
      const r = s.hall.execute(command, 'test:seed');
      if (!r.ok) throw new Error(`${command.type}: ${r.error.messageEn}`);
      return r.event.event;
    };
    const w5 = { clerkId: '1009', window: 5 };
    run({ type: 'clerk.sign_in', ...w5 });
    run({ type: 'window.open', ...w5 });
    for (const level of [5, 5, 5, 4, 4, 3, 2, 5] as RatingLevel[]) {
      const issued = run({ type: 'ticket.take', deviceId: 'kiosk-1f-1', queueId: 'comprehensive' });
      if (issued.type !== 'ticket.issued') throw new Error(issued.type);
      clock.now += 2 * 60_000;
      run({ type: 'ticket.call_next', ...w5 });
      run({ type: 'ticket.start', ticketId: issued.ticketId, ...w5 });
      clock.now += 4 * 60_000;
      run({ type: 'ticket.complete', ticketId: issued.ticketId, ...w5 });
      run({ type: 'rating.give', ticketId: issued.ticketId, channel: 'tablet', window: 5, level, reasons: level <= 2 ? ['slow'] : undefined });
      clock.now += 20 * 60_000;
    }
    run({ type: 'window.close', ...w5 });
    // Friday morning: the clock has recorded every 未评价 since.
    clock.now = Date.parse('2026-11-27T10:00:00+08:00');
    for (let turn = 0; turn < 1000 && s.hall.settleClock() > 0; turn++);
    const log = s.hall.eventsSince(0, 1_000_000);
    const issued = log.filter((e) => e.event.type === 'ticket.issued').length;
    const served = log.filter((e) => e.event.type === 'ticket.completed').length;

    const desk = await signInPanel(browser, s.url, '9001', 'supervisor');
    await desk.getByTestId('open-reports').click();
    // 本月, by window, asked at once.
    await expect(desk.getByTestId('reports-tile-issued')).toContainText(String(issued));
    await expect(desk.getByTestId('reports-tile-served')).toContainText(String(served));
    await expect(desk.getByTestId('reports-tile-satisfaction')).toContainText('87.5%');
    await expect(desk.getByTestId('reports-tile-poor')).toContainText('1');
    await expect(desk.getByTestId('reports-row-5').locator('th')).toContainText('5号窗口');
    // The heat map names Monday and Tuesday's hours with numbers (not colour alone).
    await expect(desk.getByTestId('heat-1-9')).toHaveText('3');
    await expect(desk.getByTestId('reports-chart-daily').locator('svg .ct-bar')).toHaveCount(4);
    await expect(desk.getByTestId('reports-chart-ratings').locator('svg .ct-bar')).toHaveCount(5);
    await desk.screenshot({ path: `${OUT}/reports-month.png`, fullPage: true });
    await expectAccessible(desk, 'reports page (本月, by window)');

    // By queue, then CSV: the file Excel opens, read back equal to the table on the page.
    await desk.getByTestId('reports-group').selectOption('queue');
    await expect(desk.getByTestId('reports-row-comprehensive')).toBeVisible();
    const [download] = await Promise.all([desk.waitForEvent('download'), desk.getByTestId('reports-csv').click()]);
    expect(download.suggestedFilename()).toBe('统计报表_2026-11-01_2026-11-27_queue.csv');
    const bytes = readFileSync((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).split('\r\n');
    expect(lines.at(-1)).toBe('');
    expect(lines[0]!.split(',').slice(0, 3)).toEqual(['分组', '取号', '办结']);
    const total = lines.at(-2)!.split(',');
    expect(total.slice(0, 3)).toEqual(['合计', String(issued), String(served)]);
    const pageRow = await desk.getByTestId('reports-row-comprehensive').locator('th, td').allTextContents();
    const csvRow = lines.find((l) => l.startsWith(`${pageRow[0]},`))!.split(',');
    expect(csvRow.slice(1, 3)).toEqual(pageRow.slice(1, 3));

    // The monthly report on paper: controls gone, a title, A4.
    await desk.getByTestId('reports-group').selectOption('window');
    await expect(desk.getByTestId('reports-row-5')).toBeVisible();
    await desk.emulateMedia({ media: 'print' });
    await expect(desk.getByTestId('reports-query')).toBeHidden();
    await expect(desk.getByText('统计报表 · 2026年11月1日（周日） 至 11月27日（周五）')).toBeVisible();
    await desk.screenshot({ path: `${OUT}/reports-print.png`, fullPage: true });
    const pdf = await desk.pdf({ preferCSSPageSize: true });
    expect(pdf.length).toBeGreaterThan(10_000);
    await desk.emulateMedia({ media: 'screen' });

    // English switch; a reversed custom range is refused with the server's words.
    await desk.getByTestId('lang-toggle').click();
    await expect(desk.getByTestId('reports-tile-issued')).toContainText('Issued');
    await desk.getByTestId('reports-range-custom').check();
    await desk.getByTestId('reports-from').fill('2026-11-27');
    await desk.getByTestId('reports-to').fill('2026-11-01');
    await desk.getByTestId('reports-query').click();
    await expect(desk.getByTestId('reports-error')).toHaveText('The end date is before the start date');
    await desk.screenshot({ path: `${OUT}/reports-english.png` });
    await expectAccessible(desk, 'reports page (English, refused range)');
  } finally {
    await s.close();
  }
});
