/**
 * Everything on the kiosk fits, in every shape a visitor can give it:
 * Chinese and English, standard and 长辈模式, portrait (1080×1920) and
 * landscape (1920×1080) — the home screen in a busy hall, with no window open,
 * at night (every queue grey) and on the 绿色通道 and 查询排队进度 screens, and
 * the ticket screen with 凭条已打印. For each: no tile text overflows its tile
 * (scrollWidth ≤ clientWidth, and inside the tile's box), no English word is
 * broken across lines ("Start-/up"), every button is inside the screen, no two
 * buttons overlap and nothing covers one (the print outcome included), and
 * axe finds nothing critical or serious. Screenshots of each state:
 * test-results/screenshots/kiosk-fit-*.png.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { startHallServer, type RunningHallServer } from '../../server/hall-server.ts';
import { startDeviceHall } from '../support/device-hall.ts';
import { SHIPPED_DEMO_PATH } from '../support/demo.ts';
import { FakePrinter } from '../support/fake-printer.ts';
import { expectAccessible } from './axe.ts';
import { seedBusyHall } from './busy-hall.ts';
import { DEMO } from './hall-fixture.ts';
import { devicePage, LANDSCAPE, PORTRAIT } from './pages.ts';

const OUT = 'test-results/screenshots';

let printer: FakePrinter;
let busy: Awaited<ReturnType<typeof startDeviceHall>>;
let empty: Awaited<ReturnType<typeof startDeviceHall>>;
let night: RunningHallServer;

test.beforeAll(async () => {
  printer = await new FakePrinter().start();
  busy = await startDeviceHall({ printerPort: printer.port });
  seedBusyHall(busy, DEMO.clerk.staffId);
  empty = await startDeviceHall({ printerPort: printer.port });
  // The shipped calendar, Monday 2026-11-23 at 19:00: the hall has closed.
  const evening = Date.parse('2026-11-23T19:00:00+08:00');
  const started = Date.now();
  night = await startHallServer({
    port: 0,
    host: '127.0.0.1',
    configPath: SHIPPED_DEMO_PATH,
    dataDir: await mkdtemp(join(tmpdir(), 'yichuang-fit-')),
    logLevel: 'warn',
    now: () => evening + (Date.now() - started),
  });
});
test.afterAll(async () => {
  await busy?.close();
  await empty?.close();
  await night?.close();
  await printer?.stop();
});

/** What does not fit on the page now, in words a failure can be read by. */
async function misfits(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const name = (el: Element) => `${el.getAttribute('data-testid') ?? el.className} "${(el.textContent ?? '').trim().slice(0, 40)}"`;
    const visible = (el: Element) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
    };
    // Tile and entry texts: not wider than their box, and inside the button that holds them.
    const texts = document.querySelectorAll(
      '.queue-button__name, .queue-button__line, .queue-button__estimate, .queue-button__stopped, .green-entry__title, .green-entry__who, .appt-entry__title, .appt-entry__sub, .toggle, .back-button, .big-action, .pager__button, .print-outcome, .kiosk-footer__help',
    );
    for (const el of texts) {
      if (!visible(el)) continue;
      if (el.scrollWidth > el.clientWidth + 1) out.push(`overflows sideways: ${name(el)} (${el.scrollWidth} > ${el.clientWidth})`);
      const holder = el.closest('button');
      if (holder && holder !== el) {
        const b = holder.getBoundingClientRect();
        const r = el.getBoundingClientRect();
        if (r.left < b.left - 1 || r.right > b.right + 1 || r.top < b.top - 1 || r.bottom > b.bottom + 1) out.push(`outside its button: ${name(el)}`);
      }
    }
    // English words stay whole ("Start-up", never "Start-" / "up").
    if (document.documentElement.lang === 'en') {
      for (const el of document.querySelectorAll('.queue-button__name, .green-entry__title, .appt-entry__title')) {
        if (!visible(el)) continue;
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        for (let text = walker.nextNode(); text; text = walker.nextNode()) {
          for (const m of (text.textContent ?? '').matchAll(/\S+/g)) {
            const range = document.createRange();
            range.setStart(text, m.index ?? 0);
            range.setEnd(text, (m.index ?? 0) + m[0].length);
            const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
            if (lines.size > 1) out.push(`word broken across lines: "${m[0]}" in ${name(el)}`);
          }
        }
      }
    }
    // Controls: inside the screen, not overlapping, not covered by anything.
    const buttons = [...document.querySelectorAll('button')].filter(visible);
    const rects = buttons.map((b) => b.getBoundingClientRect());
    buttons.forEach((b, i) => {
      const r = rects[i]!;
      if (r.left < -1 || r.top < -1 || r.right > innerWidth + 1 || r.bottom > innerHeight + 1) out.push(`off screen: ${name(b)}`);
      for (let j = i + 1; j < buttons.length; j++) {
        const o = rects[j]!;
        if (r.left < o.right - 1 && o.left < r.right - 1 && r.top < o.bottom - 1 && o.top < r.bottom - 1)
          out.push(`overlap: ${name(b)} / ${name(buttons[j]!)}`);
      }
      // The middle and two points well inside the rounded corners.
      for (const [x, y] of [
        [r.left + r.width / 2, r.top + r.height / 2],
        [r.left + r.width * 0.2, r.top + r.height * 0.3],
        [r.right - r.width * 0.2, r.bottom - r.height * 0.3],
      ] as const) {
        const top = document.elementFromPoint(x, y);
        if (top && top !== b && !b.contains(top) && !(top.closest('button') === b)) out.push(`covered: ${name(b)} by ${name(top)}`);
      }
    });
    return out;
  });
}

async function check(page: Page, state: string) {
  await page.screenshot({ path: `${OUT}/kiosk-fit-${state}.png`, animations: 'disabled' });
  expect(await misfits(page), state).toEqual([]);
  await expectAccessible(page, `kiosk ${state}`);
}

const SHAPES = [
  ['portrait', PORTRAIT],
  ['landscape', LANDSCAPE],
] as const;
const MODES = [
  ['zh', false],
  ['en', false],
  ['zh-elderly', true],
  ['en-elderly', true],
] as const;

async function kiosk(
  browser: Browser,
  url: string,
  viewport: { width: number; height: number },
  mode: (typeof MODES)[number],
  token: string = DEMO.kioskToken,
  /** What shows once the kiosk is up: the queue tiles, or the 7×24 kiosk's self-service screen out of hours. */
  ready = 'queue-button-comprehensive',
) {
  const page = await devicePage(browser, viewport);
  await page.goto(`${url}/kiosk/?token=${token}`);
  await expect(page.getByTestId(ready)).toBeVisible();
  if (mode[0].startsWith('en')) await page.getByTestId('lang-toggle').click();
  if (mode[1]) await page.getByTestId('elderly-toggle').click();
  return page;
}

for (const [shape, viewport] of SHAPES) {
  for (const mode of MODES) {
    const label = `${mode[0]}-${shape}`;
    test(`kiosk fits: ${label}`, async ({ browser }) => {
      test.setTimeout(120_000);
      // A busy hall: waiting counts and estimates on every tile; the 绿色通道 and 查询 screens; a printed ticket.
      const page = await kiosk(browser, busy.url, viewport, mode);
      await expect(page.getByTestId('queue-estimate-comprehensive')).toBeVisible();
      await check(page, `home-${label}`);
      if (mode[1]) {
        await page.getByTestId('page-next').click();
        await check(page, `home-page2-${label}`);
        await page.getByTestId('page-previous').click();
      }
      await page.getByTestId('green-channel').click();
      await page.getByTestId('green-reason-elderly').click();
      await expect(page.getByTestId('green-queues')).toBeVisible();
      await check(page, `green-queues-${label}`);
      await page.getByTestId('green-back').click();
      await page.getByTestId('green-back').click();
      await page.getByTestId('ticket-lookup').click();
      await page.getByTestId('lookup-letter-A').click();
      for (const d of '009') await page.getByTestId(`pad-${d}`).click();
      await check(page, `lookup-${label}`);
      await page.getByTestId('lookup-submit').click();
      await expect(page.getByTestId('lookup-state')).toHaveText(mode[0].startsWith('zh') ? /^您前面还有 \d+ 人$/ : /ahead of you$/);
      await check(page, `lookup-result-${label}`);
      await page.getByTestId('lookup-done').click();
      await page.getByTestId('queue-button-comprehensive').click();
      await expect(page.getByTestId('print-outcome')).toHaveAttribute('data-outcome', 'printed');
      await check(page, `ticket-printed-${label}`);
      await page.context().close();

      // No window open yet: every tile says so.
      const fresh = await kiosk(browser, empty.url, viewport, mode);
      await expect(fresh.getByTestId('queue-estimate-tax')).toBeVisible();
      await check(fresh, `no-window-${label}`);
      await fresh.context().close();

      // At night: a kiosk in the hall greys every queue with the reason, the 绿色通道 off with it…
      const closed = await kiosk(browser, night.url, viewport, mode);
      await expect(closed.getByTestId('hall-closed')).toBeVisible();
      await expect(closed.getByTestId('green-channel')).toBeDisabled();
      await check(closed, `closed-${label}`);
      await closed.context().close();
      // …and the 7×24 kiosk offers what works at any hour, with what waits for opening.
      const selfService = await kiosk(browser, night.url, viewport, mode, 'demo-kiosk-24h-token', 'self-service');
      await expect(selfService.getByTestId('self-waits')).toBeVisible();
      await check(selfService, `self-service-${label}`);
      await selfService.context().close();
    });
  }
}
