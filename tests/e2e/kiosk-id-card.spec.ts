/**
 * ID card → 绿色通道（老年人）, nothing kept (issue 18 item 2): an ID reader in
 * keyboard mode types the 18-character number into the kiosk; the kiosk page
 * checks it and keeps only "at least the hall's age". The visitor of 70 is
 * offered the green channel, the visitor of 40 is not, a misread number gets
 * a clear message — and the number is nowhere: not in a websocket frame either
 * way, not in the server's log (at debug) or its output, not in any file of
 * the hall's data, not on the screen.
 */
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { serviceDayOf } from '../../state-machines/domain/service-day.ts';
import { birthDateYearsBefore, idNumberBornOn } from '../support/id-numbers.ts';
import { logLines } from '../support/log-lines.ts';
import { expectAccessible } from './axe.ts';
import { DEMO, startDemoHall, type HallUnderTest } from './hall-fixture.ts';
import { devicePage, PORTRAIT, spoken } from './pages.ts';

const SHOTS = 'test-results/screenshots';

/** What the server process writes to its stdout/stderr while the test runs (the server runs in this process). */
function captureOutput() {
  const seen: string[] = [];
  const originals = [process.stdout.write, process.stderr.write] as const;
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      seen.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString());
      return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write;
  }
  return {
    text: () => seen.join(''),
    restore: () => {
      [process.stdout.write, process.stderr.write] = originals;
    },
  };
}

/** Every socket.io frame the page sends and receives, as text. */
function recordFrames(page: Page) {
  const sent: string[] = [];
  const received: string[] = [];
  page.on('websocket', (ws) => {
    ws.on('framesent', (f) => sent.push(String(f.payload)));
    ws.on('framereceived', (f) => received.push(String(f.payload)));
  });
  /** Socket.IO events only (engine.io pings are "2"/"3"). */
  const events = () => sent.filter((f) => f.startsWith('42'));
  return { sent, received, events };
}

/** An ID reader in keyboard mode: 18 characters and Enter in one burst, a few ms apart (dispatched in the page: CDP round trips would be slower than any reader). */
async function readCard(page: Page, id: string) {
  await page.evaluate((text) => {
    for (const key of [...text, 'Enter']) document.body.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
  }, id);
}

let hall: HallUnderTest;
let dataDir: string;
const log = logLines();
test.beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'yc-id-card-'));
  hall = await startDemoHall(undefined, { dataDir, logStream: log.stream, logLevel: 'debug' });
});
test.afterAll(async () => {
  await hall?.stop();
});

test('an ID card read at the kiosk offers 绿色通道（老年人） at 70 and not at 40; a misread number is refused on screen; the number is nowhere', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const output = captureOutput();
  try {
    const kiosk = await devicePage(browser, PORTRAIT, 'recorded');
    const frames = recordFrames(kiosk);
    await kiosk.goto(`${hall.url}/kiosk/?token=${DEMO.kioskToken}`);
    await expect(kiosk.getByTestId('queue-button-comprehensive')).toBeEnabled();
    const today = serviceDayOf(Date.now(), 'Asia/Shanghai');
    const seventy = idNumberBornOn(birthDateYearsBefore(today, 70), '317');
    const forty = idNumberBornOn(birthDateYearsBefore(today, 40), '528');
    const misread = `${seventy.slice(0, 17)}${seventy[17] === '1' ? '2' : '1'}`;

    // 40: read, no green channel offered.
    await readCard(kiosk, forty);
    await expect(kiosk.getByTestId('scan-panel')).toHaveAttribute('data-kind', 'id-number');
    await expect(kiosk.getByTestId('scan-text')).toHaveText('已读取身份证，请选择要办理的业务');
    await expect(kiosk.getByTestId('id-green-channel')).toHaveCount(0);
    await kiosk.getByRole('button', { name: '关闭' }).click();

    // A misread number (wrong check digit): a clear message, nothing sent.
    const eventsBefore = frames.events().length;
    await readCard(kiosk, misread);
    await expect(kiosk.getByTestId('scan-panel')).toHaveAttribute('data-kind', 'id-invalid');
    await expect(kiosk.getByTestId('scan-text')).toHaveText('身份证号码无法识别，请重新放置身份证，或咨询导办台');
    await expect(kiosk.getByTestId('id-green-channel')).toHaveCount(0);
    await kiosk.screenshot({ path: `${SHOTS}/kiosk-id-invalid.png`, animations: 'disabled' });
    await expectAccessible(kiosk, 'kiosk: an ID number that could not be read');
    await kiosk.getByRole('button', { name: '关闭' }).click();

    // 70, in 长辈模式: offered, and told aloud.
    await kiosk.getByTestId('elderly-toggle').click();
    await readCard(kiosk, seventy);
    await expect(kiosk.getByTestId('scan-text')).toHaveText('已读取身份证：您可走绿色通道，优先办理');
    await expect(kiosk.getByTestId('id-green-channel')).toHaveText('绿色通道（老年人）');
    await expect.poll(() => spoken(kiosk).then((s) => s.at(-1))).toBe('已读取身份证：您可走绿色通道，优先办理，绿色通道（老年人）');
    expect(frames.events().length, 'reading cards sent nothing').toBe(eventsBefore);
    await kiosk.screenshot({ path: `${SHOTS}/kiosk-id-elderly.png`, animations: 'disabled' });
    await expectAccessible(kiosk, 'kiosk: ID card of a visitor of 70, green channel offered');

    await kiosk.getByTestId('id-green-channel').click();
    await expect(kiosk.getByTestId('green-queues')).toBeVisible();
    await kiosk.getByTestId('queue-button-comprehensive').click();
    await expect(kiosk.getByTestId('ticket-green')).toHaveText('绿色通道 · 优先叫号');
    const number = (await kiosk.getByTestId('ticket-number').textContent()) ?? '';
    // What left the page: the ticket request with the reason, nothing of the card.
    const take = frames.events().find((f) => f.includes('ticket:take'));
    expect(take).toContain('"greenChannel":"elderly"');
    const ticket = Object.values(hall.server.hall.state.tickets).find((t) => t.number === number);
    expect(ticket).toMatchObject({ class: 'green' });

    // Nowhere: the frames both ways, the screen, the server's log (debug) and output, the hall's files.
    // The whole number and the birth date in it (shorter runs of digits would meet timestamps by chance).
    const pieces = [seventy, forty, misread].flatMap((id) => [id, id.slice(6, 14)]);
    const screenText = (await kiosk.locator('body').textContent()) ?? '';
    const files = await readdir(dataDir, { recursive: true, withFileTypes: true });
    const contents = await Promise.all(files.filter((f) => f.isFile()).map(async (f) => ({ name: f.name, bytes: await readFile(join(f.parentPath, f.name)) })));
    expect(contents.map((c) => c.name)).toContain('hall.sqlite');
    expect(log.lines().length).toBeGreaterThan(0);
    const logged = JSON.stringify(log.lines());
    for (const piece of pieces) {
      expect(frames.sent.join('\n'), `sent: ${piece}`).not.toContain(piece);
      expect(frames.received.join('\n'), `received: ${piece}`).not.toContain(piece);
      expect(screenText).not.toContain(piece);
      expect(logged, `log: ${piece}`).not.toContain(piece);
      expect(output.text(), `stdout: ${piece}`).not.toContain(piece);
      for (const c of contents) expect(c.bytes.includes(piece), `${c.name}: ${piece}`).toBe(false);
    }
    await kiosk.context().close();
  } finally {
    output.restore();
  }
});
