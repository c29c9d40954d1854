/**
 * Numbers past 999 on screen: a 4-digit queue's A1000 fits the kiosk ticket
 * (standard and 长辈模式), the wall's current call, recent calls and window
 * tile, and the window screen; it is fetched for the voice sign by sign. A
 * 3-digit queue at B999 shows 今日号码已发完 and why, before anyone taps.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { rmSync } from 'node:fs';
import { expectAccessible } from './axe.ts';
import { DEMO, startDemoHall, type HallUnderTest } from './hall-fixture.ts';
import { devicePage, LANDSCAPE, played, PORTRAIT } from './pages.ts';
import { issueUpTo, ramDataDir } from '../support/seed-numbers.ts';

const SHOTS = 'test-results/screenshots';

let hall: HallUnderTest;
const dataDir = ramDataDir();
test.beforeAll(async () => {
  hall = await startDemoHall(
    (h) => {
      for (const q of h.queues) if (q.id === 'comprehensive') q.numberDigits = 4;
    },
    { dataDir },
  );
  issueUpTo(hall.server, 'comprehensive', 999);
  issueUpTo(hall.server, 'enterprise', 999);
});
test.afterAll(async () => {
  await hall?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** The element is drawn whole: not clipped by its own box, inside `container` and inside the window. */
async function expectFits(element: Locator, container: string) {
  const box = await element.evaluate((el, sel) => {
    const r = el.getBoundingClientRect();
    const c = (el.closest(sel) ?? document.body).getBoundingClientRect();
    return {
      clipped: el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).display !== 'inline',
      inside: r.left >= c.left - 1 && r.right <= c.right + 1 && r.top >= c.top - 1 && r.bottom <= c.bottom + 1,
      onScreen: r.left >= 0 && r.right <= innerWidth && r.bottom <= innerHeight,
    };
  }, container);
  expect(box, `${await element.textContent()} inside ${container}`).toEqual({ clipped: false, inside: true, onScreen: true });
}

async function shoot(page: Page, name: string) {
  await page.screenshot({ path: `${SHOTS}/${name}.png`, animations: 'disabled' });
}

test('kiosk: A1000 on the ticket, B999 used up on the tile with the reason', async ({ browser }) => {
  for (const [shape, viewport] of [
    ['portrait', PORTRAIT],
    ['landscape', LANDSCAPE],
  ] as const) {
    const kiosk = await devicePage(browser, viewport);
    await kiosk.goto(`${hall.url}/kiosk/?token=${DEMO.kioskToken}`);
    await expect(kiosk.getByTestId('queue-stopped-enterprise')).toHaveText('今日号码已发完');
    await expect(kiosk.getByTestId('queue-stopped-reason-enterprise')).toHaveText('号码已发到 B999');
    await expect(kiosk.getByTestId('queue-button-enterprise')).toBeDisabled();
    if (shape === 'portrait') {
      await shoot(kiosk, 'kiosk-numbers-used-up');
      await expectAccessible(kiosk, 'kiosk home with a queue whose numbers are used up');
    }
    for (const elderly of [false, true]) {
      if (elderly) await kiosk.getByTestId('elderly-toggle').click();
      await kiosk.getByTestId('queue-button-comprehensive').click();
      const number = kiosk.getByTestId('ticket-number');
      await expect(number).toHaveText(/^A1\d{3}$/);
      await shoot(kiosk, `kiosk-ticket-4-digits-${shape}${elderly ? '-elderly' : ''}`);
      await expectFits(number, '.ticket-card');
      if (!elderly && shape === 'portrait') await expectAccessible(kiosk, 'kiosk ticket with a 4-digit number');
      await kiosk.getByTestId('ticket-done').click();
    }
    await kiosk.context().close();
  }
  // English: the used-up tile says why too.
  const english = await devicePage(browser, PORTRAIT);
  await english.goto(`${hall.url}/kiosk/?token=${DEMO.kioskToken}`);
  await english.getByTestId('lang-toggle').click();
  await expect(english.getByTestId('queue-stopped-enterprise')).toHaveText('Numbers used up today');
  await expect(english.getByTestId('queue-stopped-reason-enterprise')).toHaveText('Last number B999 issued');
  await english.context().close();
});

test('wall and window screen: A1000 fits and is said A 一 零 零 零', async ({ browser }) => {
  const wall = await devicePage(browser, LANDSCAPE, 'missing');
  const voice = wall.waitForResponse((r) => r.url().includes('/voice/call.wav'));
  await wall.goto(`${hall.url}/display/?token=${DEMO.hallDisplayToken}`);
  const windowScreen = await devicePage(browser, LANDSCAPE);
  await windowScreen.goto(`${hall.url}/display/?token=${DEMO.window5DisplayToken}`);
  await expect.poll(() => hall.server.devices.health().find((d) => d.id === 'display-hall')?.voice).toEqual({ mode: 'server' });

  const run = (command: Parameters<typeof hall.server.hall.execute>[0]) => {
    const r = hall.server.hall.execute(command, 'test:numbers');
    if (!r.ok) throw new Error(r.error.messageEn);
    return r.event.event;
  };
  // A0999 called at window 13 (the widest: five signs beside a two-digit window), then A1000 at window 5.
  issueUpTo(hall.server, 'comprehensive', 1000);
  const byNumber = (n: string) => Object.values(hall.server.hall.state.tickets).find((t) => t.number === n && t.status === 'waiting')?.id ?? '';
  for (const [clerkId, window] of [
    ['1025', 13],
    ['1009', 5],
  ] as const) {
    run({ type: 'clerk.sign_in', clerkId, window });
    run({ type: 'window.open', clerkId, window });
  }
  run({ type: 'ticket.call_number', clerkId: '1025', window: 13, ticketId: byNumber('A0999') });
  const number = 'A1000';
  run({ type: 'ticket.call_number', clerkId: '1009', window: 5, ticketId: byNumber(number) });

  await expect(wall.getByTestId('current-call-number')).toHaveText(number);
  await expectFits(wall.getByTestId('current-call-number'), '.current-call');
  for (const tile of ['window-tile-5', 'window-tile-13']) await expectFits(wall.getByTestId(tile), '.window-strip');
  await expect(wall.getByTestId('recent-calls')).toContainText('A0999');
  await expectFits(wall.locator('.recent-calls__row').first(), '.recent-calls');
  await expectFits(wall.locator('.recent-calls__window').first(), '.recent-calls');
  const res = await voice;
  expect(new URL(res.url()).search).toBe('?number=A0999&window=13');
  const res1000 = await wall.waitForResponse((r) => r.url().includes(`number=${number}`));
  expect(res1000.headers()['x-voice-clips']).toBe('qing A d1 d0 d0 d0 hao , dao d5 window-go');
  await expect.poll(() => played(wall).then((p) => p.length), { timeout: 60_000 }).toBe(4);
  await shoot(wall, 'display-hall-4-digits');
  await expectAccessible(wall, 'wall display with a 4-digit number');

  const current = windowScreen.getByTestId('window-current-number');
  await expect(current).toHaveText(number);
  await expectFits(current, '[data-testid="window-current"]');
  await shoot(windowScreen, 'display-window-4-digits');
  for (const page of [wall, windowScreen]) await page.context().close();
});
