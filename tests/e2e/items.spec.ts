/**
 * 按事项取号 and 一次性告知 in Chromium (README § Items and bundles): at the kiosk the visitor types
 * "bdc" on the letter pad, finds 不动产登记, reads the 一次性告知 and the wait on the confirm step,
 * prints it and takes a ticket that carries the item; elderly mode finds the 一件事 bundle by its
 * queue. At window 5 the clerk sees the item of the ticket in hand, prints its notice (or another's)
 * on the counter printer, and after 不予受理 prints the slip marking exactly the papers ticked missing.
 * Paper is read back from the fake printers (GB18030 decoded).
 */
import { expect, test, type Page } from '@playwright/test';
import { startDeviceHall } from '../support/device-hall.ts';
import { decodeEscPos } from '../support/escpos-decoder.ts';
import { FakePrinter } from '../support/fake-printer.ts';
import { expectAccessible } from './axe.ts';
import { DEMO } from './hall-fixture.ts';
import { devicePage, PORTRAIT, signInPanel } from './pages.ts';

const OUT = 'test-results/screenshots';

let kioskPrinter: FakePrinter;
let windowPrinter: FakePrinter;
let hall: Awaited<ReturnType<typeof startDeviceHall>>;

test.beforeAll(async () => {
  kioskPrinter = await new FakePrinter().start();
  windowPrinter = await new FakePrinter().start();
  hall = await startDeviceHall({ printerPort: kioskPrinter.port, windowPrinterPort: windowPrinter.port });
});
test.afterAll(async () => {
  await hall?.close();
  await kioskPrinter?.stop();
  await windowPrinter?.stop();
});

/** What a printer has printed so far, as one string of its lines (wrapping undone). */
const paper = (p: FakePrinter) =>
  decodeEscPos(p.bytes)
    .lines.map((l) => l.trim())
    .join('');

async function openKiosk(page: Page) {
  await page.goto(`${hall.url}/kiosk/?token=${DEMO.kioskToken}`);
  await expect(page.getByTestId('item-entry')).toBeEnabled();
}

test('the kiosk finds 不动产 by "bdc", shows the 一次性告知 and the wait, prints it, and the ticket carries the item to the panel', async ({ browser }) => {
  const kiosk = await devicePage(browser, PORTRAIT);
  await openKiosk(kiosk);
  await kiosk.screenshot({ path: `${OUT}/kiosk-home-item-entry.png`, animations: 'disabled' });
  await kiosk.getByTestId('item-entry').click();
  for (const letter of ['B', 'D', 'C']) await kiosk.getByTestId(`letter-${letter}`).click();
  await expect(kiosk.getByTestId('item-query')).toHaveAttribute('data-value', 'bdc');
  const results = kiosk.getByTestId('item-results');
  await expect(results).toContainText('不动产登记（二手房转移）');
  await expect(results).toContainText('不动产抵押登记');
  await expect(results).not.toContainText('居民身份证换领');
  await kiosk.screenshot({ path: `${OUT}/kiosk-item-search.png`, animations: 'disabled' });
  await expectAccessible(kiosk, 'kiosk-item-search');

  await kiosk.getByTestId('item-resale-transfer').click();
  const confirm = kiosk.getByTestId('item-confirm');
  await expect(kiosk.getByTestId('item-confirm-name')).toHaveText('不动产登记（二手房转移）');
  await expect(kiosk.getByTestId('item-confirm-wait')).toContainText('不动产');
  await expect(kiosk.getByTestId('item-confirm-wait')).toContainText('前面 0 人');
  await expect(confirm.getByTestId('notice-materials')).toContainText('买卖双方居民身份证原件及复印件各1份');
  await expect(confirm.getByTestId('notice-conditions')).toContainText('未被查封');
  await expect(confirm.getByTestId('notice-promise')).toContainText('承诺时限：5个工作日');
  await kiosk.screenshot({ path: `${OUT}/kiosk-item-confirm.png`, animations: 'disabled' });
  await expectAccessible(kiosk, 'kiosk-item-confirm');

  await kiosk.getByTestId('item-print').click();
  await expect(kiosk.getByTestId('item-print-status')).toHaveText('告知单正在打印，请在出票口取走');
  await expect.poll(() => paper(kioskPrinter)).toContain('办理事项：不动产登记（二手房转移）');
  expect(paper(kioskPrinter)).toContain('3. 不动产权证书（原件1份）');

  await kiosk.getByTestId('item-take').click();
  await expect(kiosk.getByTestId('ticket-item')).toHaveText('不动产登记（二手房转移）');
  const number = (await kiosk.getByTestId('ticket-number').textContent()) ?? '';
  expect(number).toMatch(/^D\d{3}$/);
  const ticket = Object.values(hall.hall.state.tickets).find((t) => t.number === number);
  expect(ticket?.itemId).toBe('resale-transfer');
  await kiosk.context().close();

  // The ticket's phone page carries the same notice.
  const phone = await devicePage(browser, { width: 390, height: 844 });
  await phone.goto(`${hall.url}/t/${ticket?.id}`);
  await expect(phone.getByTestId('ticket-notice')).toContainText('一次性告知 · 不动产登记（二手房转移）');
  await expect(phone.getByTestId('notice-materials')).toContainText('不动产权证书（原件1份）');
  await phone.getByTestId('ticket-notice').scrollIntoViewIfNeeded();
  await phone.screenshot({ path: `${OUT}/phone-page-notice.png`, fullPage: true });
  await expectAccessible(phone, 'phone-page-notice');
  await phone.context().close();

  // The clerk calls it and sees its item.
  const panel = await signInPanel(browser, hall.url, '1009', 5);
  await panel.getByTestId('open-window').click();
  await panel.getByTestId('call-next').click();
  await expect(panel.getByTestId('panel-current-ticket')).toHaveText(number);
  await expect(panel.getByTestId('panel-ticket-item')).toHaveText('办理事项：不动产登记（二手房转移）');
  await panel.screenshot({ path: `${OUT}/panel-ticket-item.png` });
  await expectAccessible(panel, 'panel-ticket-item');

  // Its notice, printed at the window; then another item found by initials.
  await panel.getByTestId('open-notice').click();
  await expect(panel.getByTestId('notice-name')).toHaveText('不动产登记（二手房转移）');
  await panel.getByTestId('notice-print').click();
  await expect(panel.getByTestId('notice-print-outcome')).toHaveText('已送打印机');
  await expect.poll(() => paper(windowPrinter)).toContain('办理事项：不动产登记（二手房转移）');
  await panel.getByTestId('notice-search').fill('sfz');
  await panel.getByTestId('notice-choose-id-card-renewal').click();
  await expect(panel.getByTestId('notice-name')).toHaveText('居民身份证换领');
  await panel.screenshot({ path: `${OUT}/panel-notice-sheet.png` });
  await expectAccessible(panel, 'panel-notice-sheet');
  await panel.getByTestId('notice-print').click();
  await expect.poll(() => paper(windowPrinter)).toContain('办理事项：居民身份证换领');
  await panel.getByTestId('notice-close').click();

  // 不予受理 with 不动产权证书 ticked: the slip marks it, and only it.
  await panel.getByTestId('start-service').click();
  await panel.getByTestId('complete').click();
  await panel.getByTestId('record-case').click();
  await panel.getByTestId('case-outcome-rejected').click();
  await panel.getByTestId('case-reason-missing_materials').click();
  await expect(panel.getByTestId('case-slip-hint')).toBeVisible();
  await panel.getByTestId('case-missing-2').check();
  await panel.getByTestId('case-submit').click();
  const offer = panel.getByTestId('rejected-offer');
  await expect(offer).toContainText(`${number} 不予受理 · 缺 1 项材料`);
  await offer.locator('summary').click();
  await expect(offer.locator('[data-missing]')).toHaveText(['缺不动产权证书原件1份']);
  await panel.screenshot({ path: `${OUT}/panel-rejected-offer.png` });
  await expectAccessible(panel, 'panel-rejected-offer');
  const before = decodeEscPos(windowPrinter.bytes).cuts;
  await panel.getByTestId('rejected-print').click();
  await expect.poll(() => decodeEscPos(windowPrinter.bytes).cuts).toBe(before + 1);
  const slip = decodeEscPos(windowPrinter.bytes).lines;
  const marked = slip.filter((l) => /^ *\d+\. 【缺】/.test(l));
  expect(marked).toEqual([' 3. 【缺】不动产权证书（原件1份）']);
  expect(slip.join('')).toContain('本次不予受理');
  await panel.context().close();
});

test('elderly mode finds the 一件事 bundle by its queue, large, with its items and merged papers; English switch', async ({ browser }) => {
  const kiosk = await devicePage(browser, PORTRAIT);
  await openKiosk(kiosk);
  await kiosk.getByTestId('elderly-toggle').click();
  await kiosk.getByTestId('item-entry').click();
  await kiosk.getByTestId('item-queue-comprehensive').click();
  await expect(kiosk.getByTestId('item-results')).toContainText('新生儿出生“一件事”');
  await kiosk.screenshot({ path: `${OUT}/kiosk-item-search-elderly.png`, animations: 'disabled' });
  await expectAccessible(kiosk, 'kiosk-item-search-elderly');
  await kiosk.getByTestId('item-newborn-one-thing').click();
  await expect(kiosk.getByTestId('notice-bundle')).toHaveText('一件事包含：出生登记、城乡居民医保参保登记（新生儿）、社会保障卡申领');
  await expect(kiosk.getByTestId('notice-materials').locator('li', { hasText: '《出生医学证明》' })).toHaveCount(1);
  await kiosk.screenshot({ path: `${OUT}/kiosk-item-confirm-elderly.png`, animations: 'disabled' });
  await expectAccessible(kiosk, 'kiosk-item-confirm-elderly');
  await kiosk.getByTestId('item-take').click();
  await expect(kiosk.getByTestId('ticket-item')).toHaveText('新生儿出生“一件事”');

  await kiosk.context().close();

  const english = await devicePage(browser, PORTRAIT);
  await openKiosk(english);
  await english.getByTestId('lang-toggle').click();
  await english.getByTestId('item-entry').click();
  await expect(english.getByTestId('item-search')).toContainText('Which service do you need?');
  for (const letter of ['M', 'O', 'R', 'T']) await english.getByTestId(`letter-${letter}`).click();
  await expect(english.getByTestId('item-results')).toContainText('Real estate mortgage registration');
  await english.screenshot({ path: `${OUT}/kiosk-item-search-en.png`, animations: 'disabled' });
  await expectAccessible(english, 'kiosk-item-search-en');
  await english.context().close();
});
