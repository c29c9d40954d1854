/**
 * 手机提醒 on the ticket's phone page (server/devices/ticket-live.js): the page
 * follows the ticket without reloading and, when the visitor is near (at most
 * queueRules.phoneAlert.aheadAtMost ahead) and at every call, shows a
 * full-screen banner with the number and the window, puts it in the tab's
 * title, vibrates and chimes (after the visitor's tap allowed sound) — once per
 * alert. When the hall server stops answering it says the page may be behind.
 * The page's clock is Playwright's (timers run on demand); the hall is real.
 */
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible } from './axe.ts';
import { startDemoHall, type HallUnderTest } from './hall-fixture.ts';
import { devicePage } from './pages.ts';

let hall: HallUnderTest;
test.beforeAll(async () => {
  hall = await startDemoHall();
});
test.afterAll(async () => {
  await hall?.stop();
});

const OUT = 'test-results/screenshots';
const PHONE = { width: 390, height: 760 };
const TURN_MS = 15_000;

declare global {
  interface Window {
    vibratedForTest?: unknown[];
    tonesForTest?: number[];
    pageMark?: number;
  }
}

/** Runs in the page: the phone's vibrator and speaker, recorded (the hardware edge). */
function recordAlerts() {
  window.vibratedForTest = [];
  window.tonesForTest = [];
  Object.defineProperty(navigator, 'vibrate', {
    value: (pattern: unknown) => {
      window.vibratedForTest?.push(pattern);
      return true;
    },
    configurable: true,
  });
  const start = OscillatorNode.prototype.start;
  OscillatorNode.prototype.start = function (this: OscillatorNode, ...args: Parameters<OscillatorNode['start']>) {
    window.tonesForTest?.push(this.frequency.value);
    return start.apply(this, args);
  };
}

const felt = (page: Page) => page.evaluate(() => ({ vibrations: window.vibratedForTest?.length ?? 0, tones: window.tonesForTest?.length ?? 0 }));

function run(command: Record<string, unknown> & { type: string }) {
  const r = hall.server.hall.execute(command as Parameters<typeof hall.server.hall.execute>[0], 'test:seed');
  if (!r.ok) throw new Error(`${command.type}: ${r.error.message}`);
}
const at5 = { clerkId: '1009', window: 5 };
function serve(ticketId: string) {
  run({ type: 'ticket.call_number', ...at5, ticketId });
  run({ type: 'ticket.start', ...at5, ticketId });
  run({ type: 'ticket.complete', ...at5, ticketId });
}

test('the phone page alerts when near and at each call, once each, without reloading, and says when it is behind', async ({ browser }) => {
  run({ type: 'clerk.sign_in', ...at5 });
  run({ type: 'window.open', ...at5 });
  const ids: string[] = [];
  for (let i = 0; i < 6; i++) {
    const r = hall.server.hall.execute({ type: 'ticket.take', deviceId: 'kiosk-1f-1', queueId: 'comprehensive' }, 'test:seed');
    if (!r.ok || r.event.event.type !== 'ticket.issued') throw new Error('no ticket');
    ids.push(r.event.event.ticketId);
  }
  const mine = ids[5] ?? '';
  const number = mine.split('/')[1] ?? '';

  const phone = await devicePage(browser, PHONE);
  await phone.context().addInitScript(recordAlerts);
  await phone.clock.install();
  await phone.goto(`${hall.url}/t/${mine}`);
  await expect(phone.getByTestId('ticket-state')).toHaveText('您前面还有 5 人');
  await expect(phone.getByTestId('ticket-alert')).toBeHidden();
  const baseTitle = await phone.title();
  await phone.evaluate(() => {
    window.pageMark = 1;
  });
  // The visitor lets the phone sound: a chime and a buzz say it works.
  await phone.getByTestId('ticket-sound').click();
  await expect(phone.getByTestId('ticket-sound')).toHaveText('已开启声音和振动提醒');
  expect(await felt(phone)).toEqual({ vibrations: 1, tones: 2 });

  // Two served: 3 ahead — near. Banner, title, one buzz and one chime.
  serve(ids[0] ?? '');
  serve(ids[1] ?? '');
  await phone.clock.runFor(TURN_MS);
  await expect(phone.getByTestId('ticket-state')).toHaveText('您前面还有 3 人');
  await expect(phone.getByTestId('ticket-alert')).toBeVisible();
  await expect(phone.getByTestId('ticket-alert')).toHaveAttribute('data-kind', 'near');
  await expect(phone.getByTestId('ticket-alert-text')).toHaveText('快到您了：前面还有 3 人，请留意叫号');
  await expect(phone).toHaveTitle(`【快到了】${number}`);
  expect(await felt(phone)).toEqual({ vibrations: 2, tones: 4 });
  await phone.screenshot({ path: `${OUT}/phone-alert-near.png` });
  await expectAccessible(phone, 'phone-alert-near');

  // 知道了: gone; one more served (2 ahead) is the same alert — no banner, no buzz again.
  await phone.getByTestId('ticket-alert-ok').click();
  await expect(phone.getByTestId('ticket-alert')).toBeHidden();
  serve(ids[2] ?? '');
  await phone.clock.runFor(TURN_MS);
  await expect(phone.getByTestId('ticket-state')).toHaveText('您前面还有 2 人');
  await expect(phone.getByTestId('ticket-alert')).toBeHidden();
  expect(await felt(phone)).toEqual({ vibrations: 2, tones: 4 });

  // Called (指呼 at window 5): the banner names the window, and so does the title.
  run({ type: 'ticket.call_number', ...at5, ticketId: mine });
  await phone.clock.runFor(TURN_MS);
  await expect(phone.getByTestId('ticket-alert')).toHaveAttribute('data-kind', 'called');
  await expect(phone.getByTestId('ticket-alert')).toBeVisible();
  await expect(phone.getByTestId('ticket-alert-text')).toHaveText('请到 5 号窗口办理');
  await expect(phone).toHaveTitle(`【请到5号窗口】${number}`);
  expect(await felt(phone)).toEqual({ vibrations: 3, tones: 6 });
  await phone.screenshot({ path: `${OUT}/phone-alert-called.png` });
  await expectAccessible(phone, 'phone-alert-called');

  // Dismissed, then 重呼: it alerts again.
  await phone.getByTestId('ticket-alert-ok').click();
  run({ type: 'ticket.recall', ...at5, ticketId: mine });
  await phone.clock.runFor(TURN_MS);
  await expect(phone.getByTestId('ticket-alert')).toBeVisible();
  expect(await felt(phone)).toEqual({ vibrations: 4, tones: 8 });

  // The hall server out of reach (a weak signal): after two turns the page says it may be behind, and when.
  await phone.route('**/*.json', (route) => route.abort('internetdisconnected'));
  await phone.clock.runFor(3 * TURN_MS);
  await expect(phone.getByTestId('ticket-stale')).toBeVisible();
  await expect(phone.getByTestId('ticket-stale')).toContainText(/网络不稳定，以上信息可能不是最新（最后更新 \d{2}:\d{2}:\d{2}），正在重试…/);
  await phone.screenshot({ path: `${OUT}/phone-stale.png`, fullPage: true });
  await phone.unroute('**/*.json');

  // Back, and the visitor is at the counter: no banner, the title is the page's own, the note gone.
  run({ type: 'ticket.start', ...at5, ticketId: mine });
  await phone.clock.runFor(TURN_MS);
  await expect(phone.getByTestId('ticket-stale')).toBeHidden();
  await expect(phone.getByTestId('ticket-state')).toHaveText('5 号窗口办理中');
  await expect(phone.getByTestId('ticket-alert')).toBeHidden();
  await expect(phone).toHaveTitle(baseTitle);
  // All of it without a reload.
  expect(await phone.evaluate(() => window.pageMark)).toBe(1);
});

test('a page opened when already called shows the banner at once; an unknown ticket gets a clear page', async ({ browser }) => {
  const r = hall.server.hall.execute({ type: 'ticket.take', deviceId: 'kiosk-1f-1', queueId: 'comprehensive' }, 'test:seed');
  if (!r.ok || r.event.event.type !== 'ticket.issued') throw new Error('no ticket');
  const id = r.event.event.ticketId;
  // Window 5 is serving the first test's visitor: finish, then call this one by number.
  const current = hall.server.hall.state.windows['5']?.current;
  if (current) run({ type: 'ticket.complete', ...at5, ticketId: current });
  run({ type: 'ticket.call_number', ...at5, ticketId: id });
  const phone = await devicePage(browser, PHONE);
  await phone.goto(`${hall.url}/t/${id}`);
  await expect(phone.getByTestId('ticket-alert')).toBeVisible();
  await expect(phone.getByTestId('ticket-alert-text')).toHaveText('请到 5 号窗口办理');
  // Opened when already near: the page says 您前面还有 N 人 itself — no banner over it.
  const next = hall.server.hall.execute({ type: 'ticket.take', deviceId: 'kiosk-1f-1', queueId: 'comprehensive' }, 'test:seed');
  if (!next.ok || next.event.event.type !== 'ticket.issued') throw new Error('no ticket');
  await phone.goto(`${hall.url}/t/${next.event.event.ticketId}`);
  await expect(phone.getByTestId('ticket-state')).toHaveText('您前面还有 2 人');
  await expect(phone.getByTestId('ticket-alert')).toBeHidden();
  await expect(phone.getByTestId('ticket-sound')).toBeVisible();
  await phone.screenshot({ path: `${OUT}/phone-page-sound-switch.png` });
  await expectAccessible(phone, 'phone-page-sound-switch');
  const gone = await phone.goto(`${hall.url}/t/2020-01-01/A001`);
  expect(gone?.status()).toBe(404);
  await expect(phone.locator('main')).toContainText('未找到该号码');
  await expect(phone.locator('main')).toContainText('号码每天重新编排');
});
