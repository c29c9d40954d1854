/**
 * What a visitor is told, in Debian's Chromium: the kiosk's queue tile, its
 * ticket screen (standard, English, 长辈模式), the printed ticket (decoded from
 * the bytes the fake network printer got, and drawn) and the ticket's phone page
 * on a phone-sized screen all say the same people ahead, wait, class mark and
 * 过号 rule; the phone page follows the call without reloading; nobody ahead is
 * calm, not alarm red; the wall display's queue tiles agree. Every state is
 * checked with axe and screenshotted to test-results/screenshots/.
 */
import { mkdirSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import type { HallCommand } from '../../state-machines/hall/decide.ts';
import { startDeviceHall } from '../support/device-hall.ts';
import { decodeEscPos } from '../support/escpos-decoder.ts';
import { escposToHtml } from '../support/escpos-html.ts';
import { FakePrinter } from '../support/fake-printer.ts';
import type { HallFileEdit } from '../support/demo.ts';
import { expectAccessible } from './axe.ts';
import { seedBusyHall } from './busy-hall.ts';
import { DEMO } from './hall-fixture.ts';
import { devicePage, LANDSCAPE, PORTRAIT } from './pages.ts';

const OUT = 'test-results/screenshots';
const PHONE = { width: 390, height: 844 };
const ALARM_RED = 'rgb(183, 28, 28)';

type DeviceHall = Awaited<ReturnType<typeof startDeviceHall>>;

async function startHall(change?: HallFileEdit) {
  const printer = await new FakePrinter().start();
  const hall = await startDeviceHall({ printerPort: printer.port, change });
  const run = (command: HallCommand) => {
    const r = hall.hall.execute(command, 'test:seed');
    if (!r.ok) throw new Error(`${command.type}: ${r.error.messageEn}`);
    return r.event.event;
  };
  // Window 7 (EMS only), open and free: waits do not depend on the clock (8 minutes a visit, configured).
  run({ type: 'clerk.sign_in', clerkId: '1013', window: 7 });
  run({ type: 'window.open', clerkId: '1013', window: 7 });
  const stop = async () => {
    await hall.close();
    await printer.stop();
  };
  return { hall, printer, run, stop };
}

async function kioskPage(browser: Parameters<typeof devicePage>[0], hall: DeviceHall, viewport = PORTRAIT): Promise<Page> {
  const kiosk = await devicePage(browser, viewport);
  await kiosk.goto(`${hall.url}/kiosk/?token=${DEMO.kioskToken}`);
  await expect(kiosk.getByTestId('queue-button-ems')).toBeEnabled();
  return kiosk;
}

async function drawPaper(page: Page, bytes: Uint8Array, name: string) {
  await page.setContent(escposToHtml(bytes, name));
  await page.locator('.paper').screenshot({ path: `${OUT}/${name}.png`, animations: 'disabled' });
}

test.beforeAll(() => mkdirSync(OUT, { recursive: true }));

test('a green ticket: tile, ticket screen, paper and phone page agree; the phone page follows the call live', async ({ browser }) => {
  test.setTimeout(120_000);
  // Lead 0: a green ticket lines up behind walk-ins who came before it (the case, without waiting half an hour).
  const h = await startHall((c) => {
    c.queueRules = { fairness: { priorityLeadMinutes: 0 } };
  });
  try {
    const w1 = h.run({ type: 'ticket.take', deviceId: 'kiosk-1f-2', queueId: 'ems' });
    const w2 = h.run({ type: 'ticket.take', deviceId: 'kiosk-1f-2', queueId: 'ems' });
    const kiosk = await kioskPage(browser, h.hall);
    await kiosk.getByTestId('green-channel').click();
    await kiosk.getByTestId('green-reason-elderly').click();
    // The green flow's tile: what a green ticket taken now would be told.
    await expect(kiosk.getByTestId('queue-waiting-ems')).toHaveText('前面 2 人');
    await expect(kiosk.getByTestId('queue-estimate-ems')).toHaveText('预计约 16 分钟');
    await expectAccessible(kiosk, 'kiosk green-channel tiles');
    await kiosk.screenshot({ path: `${OUT}/kiosk-green-tiles-portrait.png`, animations: 'disabled' });

    await kiosk.getByTestId('queue-button-ems').click();
    const number = (await kiosk.getByTestId('ticket-number').textContent()) ?? '';
    const words = { mark: '绿色通道 · 优先叫号', ahead: '您前面还有 2 人', wait: '预计等待约 16 分钟', rule: '过号后当天可到导办台申请重新排队一次。' };
    await expect(kiosk.getByTestId('ticket-green')).toHaveText(words.mark);
    await expect(kiosk.getByTestId('people-ahead')).toHaveText(words.ahead);
    await expect(kiosk.getByTestId('wait-estimate')).toHaveText(words.wait);
    await expect(kiosk.getByTestId('no-show-rule')).toHaveText(words.rule);
    await expect(kiosk.getByTestId('people-ahead')).not.toHaveCSS('color', ALARM_RED);
    await expect(kiosk.getByTestId('print-outcome')).toHaveAttribute('data-outcome', 'printed');
    await expectAccessible(kiosk, 'kiosk green ticket');
    await kiosk.screenshot({ path: `${OUT}/kiosk-ticket-green-portrait.png`, animations: 'disabled' });

    // The paper: the same words, the mark, never the reason.
    const paper = decodeEscPos(h.printer.bytes);
    expect(paper.lines).toContain(number);
    for (const line of [`【${words.mark}】`, words.ahead, words.wait, words.rule]) expect(paper.lines).toContain(line);
    expect(paper.lines.join('\n')).not.toContain('老年人');

    // English and 长辈模式 on the same ticket.
    await kiosk.getByTestId('lang-toggle').click();
    await expect(kiosk.getByTestId('people-ahead')).toHaveText('2 people ahead of you');
    await expect(kiosk.getByTestId('wait-estimate')).toHaveText('Estimated wait: about 16 min');
    await expect(kiosk.getByTestId('no-show-rule')).toHaveText('If you miss your call, ask at the guidance desk the same day to be put back in line once.');
    await expectAccessible(kiosk, 'kiosk green ticket, English');
    await kiosk.screenshot({ path: `${OUT}/kiosk-ticket-green-english-portrait.png`, animations: 'disabled' });
    await kiosk.getByTestId('lang-toggle').click();
    await kiosk.getByTestId('elderly-toggle').click();
    await expect(kiosk.getByTestId('people-ahead')).toHaveText(words.ahead);
    await expectAccessible(kiosk, 'kiosk green ticket, elderly mode');
    await kiosk.screenshot({ path: `${OUT}/kiosk-ticket-green-elderly-portrait.png`, animations: 'disabled' });
    await kiosk.setViewportSize(LANDSCAPE);
    await kiosk.screenshot({ path: `${OUT}/kiosk-ticket-green-elderly-landscape.png`, animations: 'disabled' });
    const qr = paper.qr[0] ?? '';
    await drawPaper(kiosk, h.printer.bytes, 'ticket-green-printed-80mm');
    await kiosk.context().close();

    // The phone page, on a phone.
    const phone = await devicePage(browser, PHONE);
    const jsonResponses: number[] = [];
    phone.on('response', (r) => r.url().endsWith('.json') && jsonResponses.push(r.status()));
    await phone.goto(`${h.hall.url}${new URL(qr).pathname}`);
    await expect(phone.locator('.number')).toHaveText(number);
    await expect(phone.getByTestId('ticket-class')).toHaveText(words.mark);
    await expect(phone.getByTestId('ticket-state')).toHaveText(words.ahead);
    await expect(phone.getByTestId('ticket-wait')).toHaveText(words.wait);
    await expect(phone.getByTestId('ticket-rule')).toHaveText(words.rule);
    await expect(phone.locator('meta[http-equiv="refresh"]')).toHaveCount(0);
    await expect(phone.locator('[aria-live="polite"]')).toContainText(words.ahead);
    await expectAccessible(phone, 'phone page, waiting');
    await phone.screenshot({ path: `${OUT}/ticket-phone-waiting.png`, animations: 'disabled' });
    await phone.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));

    // The clerk serves the two walk-ins and calls the green ticket: the page follows, without reloading.
    for (const w of [w1, w2]) {
      const called = h.run({ type: 'ticket.call_next', clerkId: '1013', window: 7 });
      expect(called.type === 'ticket.called' && w.type === 'ticket.issued' && called.ticketId === w.ticketId).toBe(true);
      if (called.type === 'ticket.called') h.run({ type: 'ticket.complete', clerkId: '1013', window: 7, ticketId: called.ticketId });
    }
    await expect(phone.getByTestId('ticket-state')).toHaveText('您前面还有 0 人', { timeout: 40_000 });
    await expect(phone.getByTestId('ticket-wait')).toHaveText('无需等待，即到即叫');
    h.run({ type: 'ticket.call_next', clerkId: '1013', window: 7 });
    await expect(phone.getByTestId('ticket-state')).toHaveText('请到 7 号窗口办理', { timeout: 40_000 });
    await expect(phone.getByTestId('ticket-wait')).toBeHidden();
    expect(await phone.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    // The browser revalidated unchanged views: some polls cost a 304 and no body.
    expect(jsonResponses.length).toBeGreaterThanOrEqual(2);
    await expectAccessible(phone, 'phone page, called');
    await phone.screenshot({ path: `${OUT}/ticket-phone-called.png`, animations: 'disabled' });
    await phone.context().close();
  } finally {
    await h.stop();
  }
});

test('nobody ahead is calm, in standard and 长辈模式; the tiles and the wall agree', async ({ browser }) => {
  const h = await startHall();
  try {
    const kiosk = await kioskPage(browser, h.hall);
    // EMS: window 7 free, nobody waiting. 综合受理: no window open.
    await expect(kiosk.getByTestId('queue-waiting-ems')).toHaveText('前面 0 人');
    await expect(kiosk.getByTestId('queue-estimate-ems')).toHaveText('即到即叫');
    await expect(kiosk.getByTestId('queue-estimate-comprehensive')).toHaveText('窗口暂未开放');
    await expectAccessible(kiosk, 'kiosk home with estimates');
    await kiosk.screenshot({ path: `${OUT}/kiosk-tiles-portrait.png`, animations: 'disabled' });
    await kiosk.getByTestId('lang-toggle').click();
    await expect(kiosk.getByTestId('queue-estimate-ems')).toHaveText('No wait');
    await expect(kiosk.getByTestId('queue-estimate-comprehensive')).toHaveText('Not open yet');
    await expectAccessible(kiosk, 'kiosk home with estimates, English');
    await kiosk.screenshot({ path: `${OUT}/kiosk-tiles-english-portrait.png`, animations: 'disabled' });
    await kiosk.getByTestId('lang-toggle').click();
    await kiosk.getByTestId('elderly-toggle').click();
    await expectAccessible(kiosk, 'kiosk home with estimates, elderly mode');
    await kiosk.screenshot({ path: `${OUT}/kiosk-tiles-elderly-portrait.png`, animations: 'disabled' });
    await kiosk.getByTestId('elderly-toggle').click();

    await kiosk.getByTestId('queue-button-ems').click();
    await expect(kiosk.getByTestId('people-ahead')).toHaveText('您前面还有 0 人');
    await expect(kiosk.getByTestId('wait-estimate')).toHaveText('无需等待，即到即叫');
    const ahead = kiosk.getByTestId('people-ahead');
    await expect(ahead).not.toHaveCSS('color', ALARM_RED);
    await expect(ahead).toHaveCSS('color', 'rgb(27, 94, 32)');
    expect(Number((await ahead.evaluate((e) => getComputedStyle(e).fontSize)).replace('px', ''))).toBeGreaterThanOrEqual(56);
    await expectAccessible(kiosk, 'kiosk ticket, nobody ahead');
    await kiosk.screenshot({ path: `${OUT}/kiosk-ticket-none-ahead-portrait.png`, animations: 'disabled' });
    await kiosk.getByTestId('elderly-toggle').click();
    await expect(ahead).toHaveCSS('color', 'rgb(27, 94, 32)');
    await expectAccessible(kiosk, 'kiosk ticket, nobody ahead, elderly mode');
    await kiosk.screenshot({ path: `${OUT}/kiosk-ticket-none-ahead-elderly-portrait.png`, animations: 'disabled' });
    await kiosk.context().close();

    // The wall: what a ticket taken now would be told — the kiosk tile's people ahead and wait.
    h.run({ type: 'ticket.take', deviceId: 'kiosk-1f-2', queueId: 'ems' });
    const wall = await devicePage(browser, LANDSCAPE);
    await wall.goto(`${h.hall.url}/display/?token=${DEMO.hallDisplayToken}`);
    await expect(wall.getByTestId('queue-tile-waiting-ems')).toHaveText('2 人');
    await expect(wall.getByTestId('queue-tile-estimate-ems')).toHaveText('约 16 分钟');
    await expect(wall.getByTestId('queue-tile-estimate-comprehensive')).toHaveText('暂未开窗');
    // Every wait fits its column: nothing cut off at the panel's edge.
    const panel = (await wall.getByTestId('queue-waiting').boundingBox())!;
    for (const cell of await wall.locator('[data-testid^="queue-tile-estimate-"]').all()) {
      const box = (await cell.boundingBox())!;
      expect(box.x + box.width, (await cell.textContent()) ?? '').toBeLessThanOrEqual(panel.x + panel.width);
    }
    await expectAccessible(wall, 'wall display queue tiles');
    await wall.screenshot({ path: `${OUT}/display-queue-tiles-landscape.png`, animations: 'disabled' });
    await wall.context().close();
  } finally {
    await h.stop();
  }
});

test("in a busy hall the wall's 现在取号 panel says what every kiosk tile says, queue by queue", async ({ browser }) => {
  test.setTimeout(120_000);
  const h = await startHall();
  try {
    // Shared windows: a queue with nobody waiting can still be behind other queues' visitors (the wall once said 0 人 · 约 18 分钟).
    seedBusyHall(h.hall, DEMO.clerk.staffId);
    const kiosk = await devicePage(browser, PORTRAIT);
    await kiosk.goto(`${h.hall.url}/kiosk/?token=${DEMO.kioskToken}`);
    const wall = await devicePage(browser, LANDSCAPE);
    await wall.goto(`${h.hall.url}/display/?token=${DEMO.hallDisplayToken}`);
    await expect(wall.getByTestId('queue-waiting')).toContainText('现在取号');
    const ids = await wall
      .locator('[data-testid^="queue-tile-estimate-"]')
      .evaluateAll((cells) => cells.map((c) => c.getAttribute('data-testid')!.replace('queue-tile-estimate-', '')));
    expect(ids.length).toBeGreaterThan(5);
    let behindOthers = 0;
    for (const q of ids) {
      const wallAhead = Number(/^(\d+) 人$/.exec((await wall.getByTestId(`queue-tile-waiting-${q}`).textContent()) ?? '')?.[1]);
      const tileAhead = Number(/前面 (\d+) 人/.exec((await kiosk.getByTestId(`queue-waiting-${q}`).textContent()) ?? '')?.[1]);
      expect(wallAhead, `people ahead for ${q}`).toBe(tileAhead);
      const wallWait = (await wall.getByTestId(`queue-tile-estimate-${q}`).textContent()) ?? '';
      const tileWait = (await kiosk.getByTestId(`queue-estimate-${q}`).textContent()) ?? '';
      const minutes = (text: string) => Number(/(\d+) 分钟/.exec(text)?.[1] ?? Number.NaN);
      // The two screens compute at their own instant: a minute's rounding apart at most.
      if (Number.isNaN(minutes(wallWait))) expect({ wall: wallWait, tile: tileWait }).toEqual({ wall: wallWait, tile: expect.not.stringMatching(/分钟/) });
      else expect(Math.abs(minutes(wallWait) - minutes(tileWait)), `${q}: wall ${wallWait}, tile ${tileWait}`).toBeLessThanOrEqual(1);
      if (wallAhead > waitingIn(h.hall, q)) behindOthers++;
    }
    // The seeded morning has at least one queue whose visitors are behind other queues' at shared windows.
    expect(behindOthers).toBeGreaterThan(0);
    await expectAccessible(wall, 'wall display, busy hall');
    await wall.screenshot({ path: `${OUT}/display-busy-take-now-landscape.png`, animations: 'disabled' });
    await kiosk.context().close();
    await wall.context().close();
  } finally {
    await h.stop();
  }
});

function waitingIn(hall: DeviceHall, queueId: string): number {
  return Object.values(hall.hall.state.tickets).filter((t) => t.queueId === queueId && t.status === 'waiting').length;
}

test('a hall whose policy is 过号无效 says so on the kiosk, the paper and the phone page', async ({ browser }) => {
  const h = await startHall((c) => {
    c.queueRules = { noShow: { policy: 'void' } };
  });
  try {
    const kiosk = await kioskPage(browser, h.hall);
    await kiosk.getByTestId('queue-button-ems').click();
    await expect(kiosk.getByTestId('no-show-rule')).toHaveText('过号无效，请重新取号。');
    await expect(kiosk.getByTestId('print-outcome')).toHaveAttribute('data-outcome', 'printed');
    await expectAccessible(kiosk, 'kiosk ticket, void policy');
    await kiosk.screenshot({ path: `${OUT}/kiosk-ticket-void-policy-portrait.png`, animations: 'disabled' });
    const paper = decodeEscPos(h.printer.bytes);
    expect(paper.lines).toContain('过号无效，请重新取号。');
    expect(paper.lines.join('\n')).not.toContain('重新排队');
    await kiosk.context().close();
    const phone = await devicePage(browser, PHONE);
    await phone.goto(`${h.hall.url}${new URL(paper.qr[0] ?? '').pathname}`);
    await expect(phone.getByTestId('ticket-rule')).toHaveText('过号无效，请重新取号。');
    await expectAccessible(phone, 'phone page, void policy');
    await phone.context().close();
  } finally {
    await h.stop();
  }
});
