/**
 * The kiosk page with a (fake) network ticket printer, in Debian's Chromium:
 * a ticket prints; paper out shows on the kiosk and in /healthz and the
 * visitor still gets the ticket on screen (number, QR, 请拍照留存); a HID-POS
 * scanner (fake HID transport) and a keyboard-wedge scanner reach the kiosk
 * flow. Screenshots land in test-results/screenshots/ for people to look at.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { encodeHidPosReports } from '../../devices/hid/hid-pos.ts';
import { renderNotice, renderTicket } from '../../devices/printer/ticket-layout.ts';
import { startDeviceHall, SCANNER } from '../support/device-hall.ts';
import { decodeEscPos } from '../support/escpos-decoder.ts';
import { escposToHtml } from '../support/escpos-html.ts';
import { FakeHid } from '../support/fake-hid.ts';
import { FakePrinter } from '../support/fake-printer.ts';
import { SAMPLE_NOTICE, SAMPLE_TICKET } from '../support/ticket-fixtures.ts';
import { expectAccessible } from './axe.ts';
import { DEMO } from './hall-fixture.ts';
import { devicePage, LANDSCAPE, PORTRAIT } from './pages.ts';

const OUT = 'test-results/screenshots';

let printer: FakePrinter;
let hid: FakeHid;
let hall: Awaited<ReturnType<typeof startDeviceHall>>;

test.beforeAll(async () => {
  printer = await new FakePrinter().start();
  hid = new FakeHid();
  hall = await startDeviceHall({ printerPort: printer.port, withHid: true, loadHid: hid.loader });
});
test.afterAll(async () => {
  await hall?.close();
  await printer?.stop();
});

test('a ticket prints on the network printer and the kiosk says so', async ({ browser }) => {
  const kiosk = await devicePage(browser, PORTRAIT);
  await kiosk.goto(`${hall.url}/kiosk/?token=${DEMO.kioskToken}`);
  await kiosk.getByTestId('queue-button-comprehensive').click();
  const number = (await kiosk.getByTestId('ticket-number').textContent()) ?? '';
  await expect(kiosk.getByTestId('print-outcome')).toHaveAttribute('data-outcome', 'printed');
  const d = decodeEscPos(printer.bytes);
  expect(d.lines).toContain(number);
  expect(d.qr[0]).toMatch(new RegExp(`/t/\\d{4}-\\d{2}-\\d{2}/${number}\\?k=[\\w-]{12}$`));
  await kiosk.screenshot({ path: `${OUT}/kiosk-printed-portrait.png`, animations: 'disabled' });
  await expectAccessible(kiosk, 'kiosk-printed-portrait');
  await kiosk.setViewportSize(LANDSCAPE);
  await kiosk.screenshot({ path: `${OUT}/kiosk-printed-landscape.png`, animations: 'disabled' });
  await expectAccessible(kiosk, 'kiosk-printed-landscape');
  await kiosk.context().close();

  // The QR code's phone page, served by the hall server.
  const phone = await devicePage(browser, { width: 390, height: 700 });
  const qr = new URL(d.qr[0] ?? '');
  await phone.goto(`${hall.url}${qr.pathname}${qr.search}`);
  await expect(phone.getByTestId('ticket-state')).toContainText('您前面还有');
  await expect(phone.locator('.number')).toHaveText(number);
  await phone.screenshot({ path: `${OUT}/ticket-phone-page.png`, animations: 'disabled' });
  await phone.context().close();
});

test('paper out: the kiosk shows it, /healthz shows it, the visitor gets the ticket on screen', async ({ browser }) => {
  const kiosk = await devicePage(browser, PORTRAIT);
  await kiosk.goto(`${hall.url}/kiosk/?token=${DEMO.kioskToken}`);
  await expect(kiosk.getByTestId('queue-button-comprehensive')).toBeEnabled();
  printer.condition = 'paper_out';
  const printedBefore = printer.bytes.length;
  await kiosk.getByTestId('queue-button-comprehensive').click();
  const number = (await kiosk.getByTestId('ticket-number').textContent()) ?? '';
  expect(number).toMatch(/^A\d{3}$/);
  const fallback = kiosk.getByTestId('print-fallback');
  await expect(fallback).toBeVisible();
  await expect(fallback).toContainText('打印机缺纸');
  await expect(fallback).toContainText('请拍照留存');
  await expect(kiosk.getByTestId('fallback-number')).toHaveText(number);
  // The same QR the paper would carry, with the ticket's key: the visitor can still rate from the phone.
  await expect(fallback.locator('svg[data-qr]')).toHaveAttribute('data-qr', new RegExp(`/t/\\d{4}-\\d{2}-\\d{2}/${number}\\?k=[\\w-]{12}$`));
  expect(printer.bytes.length).toBe(printedBefore);
  await kiosk.screenshot({ path: `${OUT}/kiosk-paper-out-ticket-portrait.png`, animations: 'disabled' });
  await expectAccessible(kiosk, 'kiosk-paper-out-ticket-portrait');
  await kiosk.setViewportSize(LANDSCAPE);
  await kiosk.screenshot({ path: `${OUT}/kiosk-paper-out-ticket-landscape.png`, animations: 'disabled' });
  await expectAccessible(kiosk, 'kiosk-paper-out-ticket-landscape');
  await kiosk.setViewportSize(PORTRAIT);

  const health = (await (await fetch(`${hall.url}/healthz`)).json()) as { devices: { status: string; list: { id: string; state: string }[] } };
  expect(health.devices.status).toBe('attention');
  expect(health.devices.list.find((x) => x.id === 'printer-1f-1')?.state).toBe('paper_out');

  await kiosk.getByTestId('ticket-done').click();
  await expect(kiosk.getByTestId('printer-status')).toHaveAttribute('data-state', 'paper_out');
  await expect(kiosk.getByTestId('printer-status')).toContainText('仍可取号');
  await kiosk.screenshot({ path: `${OUT}/kiosk-paper-out-home-portrait.png`, animations: 'disabled' });
  await expectAccessible(kiosk, 'kiosk-paper-out-home-portrait');

  // Paper back in: the next status read clears the banner.
  printer.condition = 'online';
  await hall.devices.pollPrinters();
  await expect(kiosk.getByTestId('printer-status')).toHaveCount(0);
  await kiosk.context().close();
});

test('scanners reach the kiosk flow: HID-POS ticket QR and a keyboard-wedge ID reader', async ({ browser }) => {
  const kiosk = await devicePage(browser, PORTRAIT);
  await kiosk.goto(`${hall.url}/kiosk/?token=${DEMO.kioskToken}`);
  await kiosk.getByTestId('queue-button-comprehensive').click();
  const number = (await kiosk.getByTestId('ticket-number').textContent()) ?? '';
  await kiosk.getByTestId('ticket-done').click();
  const ticketQr = decodeEscPos(printer.bytes).qr.at(-1) ?? '';
  expect(ticketQr).toContain(number);

  hid.device(SCANNER.vendorId, SCANNER.productId).send(encodeHidPosReports(ticketQr));
  await expect(kiosk.getByTestId('scan-panel')).toHaveAttribute('data-kind', 'ticket');
  await expect(kiosk.getByTestId('scan-text')).toContainText(`号码 ${number}`);
  await kiosk.screenshot({ path: `${OUT}/kiosk-scan-ticket-portrait.png`, animations: 'disabled' });
  await expectAccessible(kiosk, 'kiosk-scan-ticket-portrait');
  await kiosk.getByRole('button', { name: '关闭' }).click();

  // A wedge ID reader types its 18 characters and Enter in one fast burst (a few ms apart);
  // CDP round trips per key would be slower than any scanner, so the burst is dispatched in the page.
  await kiosk.evaluate((text) => {
    for (const key of [...text, 'Enter']) document.body.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
  }, '11010519491231002X');
  await expect(kiosk.getByTestId('scan-panel')).toHaveAttribute('data-kind', 'id-number');
  await expect(kiosk.getByTestId('scan-text')).toHaveText('已读取身份证：您可走绿色通道，优先办理');
  await expect(kiosk.getByTestId('scan-panel')).not.toContainText('110105');
  await kiosk.context().close();
});

test('ticket and material list as printed, drawn from the bytes (visual check)', async ({ browser }) => {
  mkdirSync(OUT, { recursive: true });
  const page = await devicePage(browser, { width: 700, height: 1400 });
  const pages = [
    ['ticket-80mm', renderTicket(SAMPLE_TICKET)],
    ['ticket-green-80mm', renderTicket({ ...SAMPLE_TICKET, classMark: '绿色通道 · 优先叫号', ahead: '您前面还有 2 人', wait: '预计等待约 6 分钟' })],
    ['materials-80mm', renderNotice(SAMPLE_NOTICE)],
  ] as const;
  for (const [name, bytes] of pages) {
    const html = escposToHtml(bytes, name);
    writeFileSync(`${OUT}/${name}.html`, html);
    await page.setContent(html);
    await expect(page.locator('.paper')).toContainText(name.startsWith('ticket') ? 'A013' : '一次性告知');
    await page.locator('.paper').screenshot({ path: `${OUT}/${name}.png`, animations: 'disabled' });
  }
  await page.context().close();
});
