/**
 * What the screens say, item by item: the window screen (窗口屏) shows 再次呼叫
 * on a recall, 暂停服务 once when paused and 窗口已关闭 once when closed, with the
 * open windows of its queues as a range; the 值班主任台 shows why a window is
 * paused; the kiosk's 查询排队进度 says what the ticket's phone page says; window
 * lists on screens are ranges like the paper. axe on every state, and the
 * structure rules at any impact on every kind of page (zoom not blocked on
 * the kiosk, landmarks on the displays, names on the desk's selects, an h1).
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { windowRange } from '../../state-machines/client/web/hall-names.ts';
import { TICKET_TEXT } from '../../devices/printer/ticket-layout.ts';
import type { HallCommand } from '../../state-machines/hall/decide.ts';
import { expectAccessible } from './axe.ts';
import { DEMO, startDemoHall, type HallUnderTest } from './hall-fixture.ts';
import { devicePage, LANDSCAPE, PORTRAIT, signInPanel } from './pages.ts';

const OUT = 'test-results/screenshots';

let hall: HallUnderTest;
test.beforeAll(async () => {
  hall = await startDemoHall();
});
test.afterAll(async () => {
  await hall?.stop();
});

function run(command: HallCommand, on: HallUnderTest = hall) {
  const r = on.server.hall.execute(command, 'test:seed');
  if (!r.ok) throw new Error(`${command.type}: ${r.error.messageEn}`);
  return r.event.event;
}

/** How many times a phrase is on the page (visible text). */
async function occurrences(page: Page, phrase: string): Promise<number> {
  const text = await page.locator('body').innerText();
  return text.split(phrase).length - 1;
}

test('window screen: 再次呼叫 on a recall, 暂停服务 once when paused, 窗口已关闭 once when closed and where to go instead', async ({ browser }) => {
  const screen = await devicePage(browser, LANDSCAPE);
  await screen.goto(`${hall.url}/display/?token=${DEMO.window5DisplayToken}`);
  await expect(screen.getByTestId('window-status')).toHaveText(/窗口已关闭/);
  expect(await occurrences(screen, '暂停服务')).toBe(0);
  expect(await occurrences(screen, '窗口已关闭')).toBe(1);
  await expectAccessible(screen, 'window screen, closed');

  run({ type: 'ticket.take', deviceId: 'kiosk-1f-1', queueId: 'comprehensive' });
  const panel = await signInPanel(browser, hall.url, DEMO.clerk.staffId, DEMO.clerk.window);
  await panel.getByTestId('open-window').click();
  await panel.getByTestId('call-next').click();
  // Read the number once the panel has the call (right after the click it may still show —).
  await expect(panel.getByTestId('panel-current-ticket')).toHaveText(/^A\d{3}$/);
  const number = (await panel.getByTestId('panel-current-ticket').textContent()) ?? '';
  await expect(screen.getByTestId('window-current-number')).toHaveText(number);
  await expect(screen.getByTestId('window-recall')).toHaveCount(0);
  await panel.getByTestId('recall').click();
  await expect(screen.getByTestId('window-recall')).toContainText('再次呼叫');
  await screen.screenshot({ path: `${OUT}/display-window-5-recall.png`, animations: 'disabled' });
  await expectAccessible(screen, 'window screen, recall');
  // Served: the recall mark goes with the call.
  await panel.getByTestId('start-service').click();
  await expect(screen.getByTestId('window-recall')).toHaveCount(0);
  await panel.getByTestId('complete').click();

  // Paused for a meeting: the screen says 暂停服务 once; the supervisor desk (staff) says why.
  await panel.getByTestId('pause-window').click();
  await panel.getByTestId('pause-reason-meeting').click();
  await panel.getByTestId('pause-submit').click();
  await expect(screen.getByTestId('window-status')).toContainText('暂停服务');
  expect(await occurrences(screen, '暂停服务')).toBe(1);
  expect(await occurrences(screen, '会议')).toBe(0);
  await screen.screenshot({ path: `${OUT}/display-window-5-paused-once.png`, animations: 'disabled' });
  const desk = await signInPanel(browser, hall.url, '9001', 'supervisor');
  await expect(desk.getByTestId('pause-reason-5')).toContainText('会议');
  await expect(desk.getByTestId('supervisor-window-5')).toContainText('暂停服务');
  await desk.screenshot({ path: `${OUT}/supervisor-pause-reason.png`, animations: 'disabled' });
  await expectAccessible(desk, 'supervisor desk with a paused window');

  // Other windows of window 5's queues open, window 5 closes: the screen points there, as a range.
  for (const [window, clerkId] of [
    [4, '1007'],
    [8, '1015'],
    [9, '1017'],
    [10, '1019'],
  ] as const) {
    run({ type: 'clerk.sign_in', clerkId, window });
    run({ type: 'window.open', clerkId, window });
  }
  await panel.getByTestId('close-window').click();
  await expect(screen.getByTestId('window-status')).toHaveText(/窗口已关闭/);
  await expect(screen.getByTestId('window-elsewhere')).toContainText('4、8-10 号窗口');
  expect(await occurrences(screen, '暂停服务')).toBe(0);
  expect(await occurrences(screen, '窗口已关闭')).toBe(1);
  await screen.screenshot({ path: `${OUT}/display-window-5-closed.png`, animations: 'disabled' });
  await expectAccessible(screen, 'window screen, closed with windows elsewhere');
  for (const page of [screen, panel, desk]) await page.context().close();
});

test('查询排队进度 on the kiosk says what the ticket’s phone page says; 办理窗口 is the paper’s range', async ({ browser }) => {
  const kiosk = await devicePage(browser, PORTRAIT);
  await kiosk.goto(`${hall.url}/kiosk/?token=${DEMO.kioskToken}`);
  await kiosk.getByTestId('queue-button-tax').click();
  const number = (await kiosk.getByTestId('ticket-number').textContent()) ?? '';
  expect(number).toMatch(/^E\d{3}$/);
  // The same list as on paper: windows serving 税务, shortened to ranges.
  const taxWindows = hall.server.hall.config.windows.filter((w) => w.queues.includes('tax')).map((w) => w.number);
  await expect(kiosk.getByTestId('ticket-windows')).toHaveText(`${windowRange(taxWindows)} 号窗口`);
  expect(TICKET_TEXT.windows(taxWindows)).toBe(`办理窗口：${windowRange(taxWindows)} 号窗口`);
  await kiosk.getByTestId('ticket-done').click();

  const ticket = Object.values(hall.server.hall.state.tickets).find((t) => t.number === number);
  if (!ticket) throw new Error('ticket not in state');
  const phone = await devicePage(browser, { width: 390, height: 700 });
  const lookUp = async () => {
    await kiosk.getByTestId('ticket-lookup').click();
    await kiosk.getByTestId(`lookup-letter-${number[0]}`).click();
    for (const d of number.slice(1)) await kiosk.getByTestId(`pad-${d}`).click();
    await kiosk.getByTestId('lookup-submit').click();
    await phone.goto(`${hall.url}/t/${ticket.id}`);
    const words = ((await phone.getByTestId('ticket-state').textContent()) ?? '').trim();
    expect(words.length).toBeGreaterThan(0);
    await expect(kiosk.getByTestId('lookup-number')).toHaveText(number);
    await expect(kiosk.getByTestId('lookup-state')).toHaveText(words);
    return words;
  };
  expect(await lookUp()).toMatch(/^您前面还有 \d+ 人$/);
  await kiosk.screenshot({ path: `${OUT}/kiosk-lookup-waiting-portrait.png`, animations: 'disabled' });
  await expectAccessible(kiosk, 'kiosk lookup result, waiting');
  await kiosk.getByTestId('lookup-done').click();

  // Called to a window: the kiosk and the phone both send the visitor there.
  const window = { number: 9, clerkId: '1017' }; // 税务 first
  if (hall.server.hall.state.windows['9']?.status === 'closed') {
    run({ type: 'clerk.sign_in', clerkId: window.clerkId, window: window.number });
    run({ type: 'window.open', clerkId: window.clerkId, window: window.number });
  }
  run({ type: 'ticket.call_number', clerkId: window.clerkId, window: window.number, ticketId: ticket.id });
  expect(await lookUp()).toBe(`请到 ${window.number} 号窗口办理`);
  await kiosk.getByTestId('lookup-done').click();

  // 转办 to a named window: only that window may call the ticket, so the kiosk, the phone and the ticket list it alone.
  const named = { number: taxWindows.find((n) => n !== window.number)!, clerkId: '' };
  named.clerkId = String(999 + 2 * named.number); // the demo's A-post clerk of each window
  run({ type: 'ticket.transfer', clerkId: window.clerkId, window: window.number, ticketId: ticket.id, toWindow: named.number });
  expect(await lookUp()).toMatch(/^您前面还有 \d+ 人$/);
  await expect(kiosk.getByTestId('lookup-windows')).toHaveText(`办理窗口：${named.number} 号窗口`);
  await expect(phone.locator('body')).toContainText(`办理窗口：${named.number} 号窗口`);
  await kiosk.screenshot({ path: `${OUT}/kiosk-lookup-transferred-portrait.png`, animations: 'disabled' });
  await kiosk.getByTestId('lookup-done').click();
  if (hall.server.hall.state.windows[String(named.number)]?.status === 'closed') {
    run({ type: 'clerk.sign_in', clerkId: named.clerkId, window: named.number });
    run({ type: 'window.open', clerkId: named.clerkId, window: named.number });
  }
  run({ type: 'ticket.call_number', clerkId: named.clerkId, window: named.number, ticketId: ticket.id });
  run({ type: 'ticket.complete', clerkId: named.clerkId, window: named.number, ticketId: ticket.id });
  expect(await lookUp()).toBe('已办结');
  await kiosk.screenshot({ path: `${OUT}/kiosk-lookup-done-portrait.png`, animations: 'disabled' });
  for (const page of [kiosk, phone]) await page.context().close();
});

test('值班主任台 per queue: its own waiting, then what the kiosk tile tells a new ticket (people ahead and the wait), never 「等候 0 人 · 预计约 18 分钟」 alone', async ({
  browser,
}) => {
  // A hall of its own (the others in this file leave windows 4 and 8–10 open, which would serve the 综合受理 tickets first).
  // Window 5 alone open: it serves 综合受理 first and 企业开办 after it, so 综合受理 tickets are ahead of a new 企业开办 ticket.
  const own = await startDemoHall();
  try {
    const exec = (command: HallCommand) => run(command, own);
    for (let i = 0; i < 3; i++) exec({ type: 'ticket.take', deviceId: 'kiosk-1f-1', queueId: 'comprehensive' });
    exec({ type: 'clerk.sign_in', clerkId: DEMO.clerk.staffId, window: 5 });
    exec({ type: 'window.open', clerkId: DEMO.clerk.staffId, window: 5 });
    const kiosk = await devicePage(browser, PORTRAIT);
    await kiosk.goto(`${own.url}/kiosk/?token=${DEMO.kioskToken}`);
    await expect(kiosk.getByTestId('queue-waiting-enterprise')).toHaveText('前面 3 人');
    const wait = ((await kiosk.getByTestId('queue-estimate-enterprise').textContent()) ?? '').trim();
    expect(wait).toMatch(/^预计约 \d+ 分钟$/);
    const desk = await signInPanel(browser, own.url, '9001', 'supervisor');
    await expect(desk.getByTestId('desk-queue-waiting-enterprise')).toHaveText('等候 0 人');
    await expect(desk.getByTestId('desk-queue-new-enterprise')).toHaveText(`新取号：前面 3 人 · ${wait}`);
    await expect(desk.getByTestId('desk-queue-waiting-comprehensive')).toHaveText('等候 3 人');
    await desk.getByTestId('desk-queue-enterprise').scrollIntoViewIfNeeded();
    await desk.screenshot({ path: `${OUT}/supervisor-queue-waits.png`, animations: 'disabled' });
    await expectAccessible(desk, 'supervisor desk, waits by queue');
    for (const page of [kiosk, desk]) await page.context().close();
  } finally {
    await own.stop();
  }
});

/** The rules issue 11 found broken, at any impact (expectAccessible only fails on critical and serious). */
const STRUCTURE_RULES = ['meta-viewport', 'region', 'select-name', 'page-has-heading-one', 'landmark-one-main', 'aria-dialog-name'];

async function structureFindings(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withRules(STRUCTURE_RULES).analyze();
  return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('kiosk, wall, window screen, panel and desk: zoom allowed, every part in a landmark, every select named, one h1', async ({ browser }) => {
  const pages: [string, Page][] = [];
  const kiosk = await devicePage(browser, PORTRAIT);
  await kiosk.goto(`${hall.url}/kiosk/?token=${DEMO.kioskToken}`);
  await expect(kiosk.getByTestId('queue-button-comprehensive')).toBeVisible();
  pages.push(['kiosk', kiosk]);
  const wall = await devicePage(browser, LANDSCAPE);
  await wall.goto(`${hall.url}/display/?token=${DEMO.hallDisplayToken}`);
  await expect(wall.getByTestId('current-call')).toBeVisible();
  pages.push(['wall', wall]);
  const floor = await devicePage(browser, LANDSCAPE);
  await floor.goto(`${hall.url}/display/?token=demo-display-2f-token`);
  await expect(floor.getByTestId('display-floor')).toBeVisible();
  pages.push(['floor display', floor]);
  const screen = await devicePage(browser, LANDSCAPE);
  await screen.goto(`${hall.url}/display/?token=${DEMO.window5DisplayToken}`);
  await expect(screen.getByTestId('window-status')).toBeVisible();
  pages.push(['window screen', screen]);
  const tablet = await devicePage(browser, { width: 1280, height: 800 });
  await tablet.goto(`${hall.url}/display/?token=demo-rating-w5-token`);
  await expect(tablet.getByTestId('rating-tablet')).toBeVisible();
  pages.push(['rating tablet', tablet]);
  pages.push(['panel', await signInPanel(browser, hall.url, '1011', 6)]);
  pages.push(['supervisor desk', await signInPanel(browser, hall.url, '9001', 'supervisor')]);
  for (const [name, page] of pages) expect(await structureFindings(page), name).toEqual([]);
  for (const [, page] of pages) await page.context().close();
});
