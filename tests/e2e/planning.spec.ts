/**
 * 窗口测算 on the 值班主任台 (issue 13 item 3, README § Window planning), over
 * the real server: two Mondays of a simulated hall at known rates with four
 * windows open all day (tests/support/planning-days.ts, through the real
 * commands), then on the third Monday the supervisor opens 窗口测算 and reads
 * the target, the half-hours where more windows were needed (缺 N, in words),
 * the expected wait, a weekday with no history — in Chinese and in English.
 */
import { expect, test } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { DEMO_TOKENS, demoConfig, SUPERVISOR } from '../support/demo.ts';
import { simulateDay } from '../support/day-simulation.ts';
import { VALIDATION_RATES, visitorsAtRates } from '../support/planning-days.ts';
import { expectAccessible } from './axe.ts';
import { startDemoHall } from './hall-fixture.ts';
import { signInPanel } from './pages.ts';

const OUT = 'test-results/screenshots';

test.beforeAll(() => mkdirSync(OUT, { recursive: true }));

test('the supervisor reads the recommended windows beside those open, and where the hall was short', async ({ browser }) => {
  test.setTimeout(120_000);
  const clock = { now: Date.parse('2026-11-09T07:30:00+08:00') };
  const hall = await startDemoHall(undefined, { now: () => clock.now });
  try {
    for (const [k, date] of ['2026-11-09', '2026-11-16'].entries()) {
      clock.now = Date.parse(`${date}T07:30:00+08:00`);
      const day = await simulateDay({
        seed: 500 + k,
        visitors: 0,
        date,
        config: demoConfig,
        url: hall.url,
        clock,
        kioskTokens: [DEMO_TOKENS.kiosk, DEMO_TOKENS.kiosk2],
        supervisor: SUPERVISOR,
        pin: '123456',
        planned: visitorsAtRates(500 + k, date, VALIDATION_RATES),
        staffing: { windows: [5, 6, 8, 9], open: () => 4 },
      });
      day.close();
      expect(day.unexpected).toEqual([]);
    }
    clock.now = Date.parse('2026-11-23T09:00:00+08:00');

    const desk = await signInPanel(browser, hall.url, '9001', 'supervisor');
    await desk.getByTestId('supervisor-planning').scrollIntoViewIfNeeded();
    await expect(desk.getByTestId('supervisor-planning')).toContainText('窗口测算');
    await desk.screenshot({ path: `${OUT}/planning-desk-card.png` });
    await desk.getByTestId('open-planning').click();
    const sheet = desk.getByTestId('planning-sheet');
    await expect(sheet.getByTestId('planning-target')).toContainText('目标：90% 的办事群众 15 分钟内叫号');
    await expect(sheet.getByTestId('planning-target')).toContainText('依据：近 8 周，周一共 2 天，11月9日（周一）至11月16日（周一）');
    await expect(sheet.getByTestId('planning-weekday-mon')).toHaveAttribute('aria-pressed', 'true');
    const table = sheet.getByTestId('planning-table');
    await expect(table.getByRole('columnheader', { name: 'A 综合受理' })).toBeVisible();
    // The morning peak (48 an hour) needed more than the four windows open: said in words.
    const at10 = table.getByRole('row', { name: /^10:00/ });
    await expect(at10).toContainText('/ 4');
    await expect(at10).toContainText('▲缺');
    // Lunch (10 an hour): four open were enough.
    await expect(table.getByRole('row', { name: /^13:00/ })).not.toContainText('缺');
    await expect(sheet.getByTestId('planning-peak')).toContainText('高峰');
    await expect(sheet.getByTestId('planning-queue-comprehensive')).toContainText(/\d+(\.\d)? 分钟/);
    await desk.screenshot({ path: `${OUT}/planning.png` });
    await expectAccessible(desk, 'window planning sheet');
    await sheet.getByTestId('planning-summary').scrollIntoViewIfNeeded();
    await desk.screenshot({ path: `${OUT}/planning-summary.png` });

    // A weekday without history says so.
    await sheet.getByTestId('planning-weekday-tue').click();
    await expect(sheet.getByTestId('planning-empty')).toHaveText('这几周没有该日的取号记录，无法测算');
    await expectAccessible(desk, 'window planning, weekday without history');

    // English.
    await sheet.getByTestId('planning-close').click();
    await desk.getByTestId('lang-toggle').click();
    await desk.getByTestId('open-planning').click();
    await expect(desk.getByTestId('planning-target')).toContainText('Target: 90% of visitors called within 15 min');
    await expect(desk.getByTestId('planning-table').getByRole('row', { name: /^10:00/ })).toContainText('short');
    await desk.screenshot({ path: `${OUT}/planning-en.png` });
    await expectAccessible(desk, 'window planning sheet in English');
    await desk.context().close();
  } finally {
    await hall.stop();
  }
});
