/**
 * The kiosk that speaks (issue 18 item 1): in 长辈模式 each screen is read
 * aloud when it appears — what it is, the choices in order, after taking a
 * ticket the number sign by sign, where to wait and how many are ahead — one
 * utterance at a time, through the same player as the wall display: the
 * browser's Mandarin voice, or without one the hall server's audio.
 */
import { expect, test, type Page, type Response } from '@playwright/test';
import { expectAccessible } from './axe.ts';
import { DEMO, startDemoHall, type HallUnderTest } from './hall-fixture.ts';
import { devicePage, played, PORTRAIT, spoken } from './pages.ts';

const SHOTS = 'test-results/screenshots';

let hall: HallUnderTest;
test.beforeAll(async () => {
  hall = await startDemoHall();
});
test.afterAll(async () => {
  await hall?.stop();
});

/** The first page of tiles in 长辈模式 (six), as read on a fresh demo hall: nobody ahead yet. */
const TILES = ['A 综合受理', 'B 企业开办', 'C 公安', 'D 不动产', 'E 税务', 'F 工程建设'].map((t) => `${t}，前面 0 人`).join('，');
const HOME = `取号首页，请选择您要办理的业务，绿色通道，优先办理，预约签到，我要预约，查询排队进度，${TILES}`;
const GREEN_WHO = '绿色通道，优先办理，请选择您的情况，老年人，残疾人，孕妇，军人，急事急办';
const GREEN_QUEUES = `绿色通道：请选择您要办理的业务，${TILES}`;
/** The ticket screen read aloud: A001 → "A 0 0 1 号", no window open yet in the demo hall. */
const ticketSaid = (number: string) =>
  `取号成功，综合受理，您的号码 ${[...number].join(' ')} 号，请到一楼综合受理区等候，您前面还有 0 人，窗口暂未开放，开放后依次叫号`;

test('长辈模式 walk: every screen is read aloud when it appears, in the screen’s words, one at a time; 重复播报 reads it again', async ({ browser }) => {
  const kiosk = await devicePage(browser, PORTRAIT, 'recorded');
  await kiosk.goto(`${hall.url}/kiosk/?token=${DEMO.kioskToken}`);
  await expect(kiosk.getByTestId('queue-button-comprehensive')).toBeEnabled();
  // Standard mode is silent until asked.
  await kiosk.waitForTimeout(500);
  expect(await spoken(kiosk)).toEqual([]);
  await expect(kiosk.getByTestId('voice-button')).toHaveText(/语音播报/);

  await kiosk.getByTestId('elderly-toggle').click();
  await expect.poll(() => spoken(kiosk)).toEqual([HOME]);
  await expect(kiosk.getByTestId('voice-button')).toHaveText(/重复播报/);
  await expect(kiosk.getByTestId('voice-button')).toHaveAttribute('data-voice', 'browser');
  await kiosk.screenshot({ path: `${SHOTS}/kiosk-voice-elderly-home.png`, animations: 'disabled' });
  await expectAccessible(kiosk, 'kiosk home in 长辈模式 with the voice on');

  await kiosk.getByTestId('green-channel').click();
  await expect.poll(() => spoken(kiosk)).toEqual([HOME, GREEN_WHO]);
  await expectAccessible(kiosk, 'kiosk green-channel reasons with the voice on');
  await kiosk.getByTestId('green-reason-elderly').click();
  await expect.poll(() => spoken(kiosk)).toEqual([HOME, GREEN_WHO, GREEN_QUEUES]);

  await kiosk.getByTestId('queue-button-comprehensive').click();
  const number = (await kiosk.getByTestId('ticket-number').textContent()) ?? '';
  expect(number).toMatch(/^A\d{3}$/);
  await expect.poll(() => spoken(kiosk)).toEqual([HOME, GREEN_WHO, GREEN_QUEUES, ticketSaid(number)]);
  await expect(kiosk.getByTestId('people-ahead')).toHaveText('您前面还有 0 人');
  await kiosk.screenshot({ path: `${SHOTS}/kiosk-voice-elderly-ticket.png`, animations: 'disabled' });
  await expectAccessible(kiosk, 'kiosk ticket in 长辈模式 with the voice on');

  await kiosk.getByTestId('voice-button').click();
  await expect.poll(() => spoken(kiosk)).toEqual([HOME, GREEN_WHO, GREEN_QUEUES, ticketSaid(number), ticketSaid(number)]);
  // Never two at once: the recording stand-in writes OVERLAP when one starts over another.
  expect(await spoken(kiosk)).not.toContain('OVERLAP');

  // 完成: the next visitor starts in standard mode, and silence.
  await kiosk.getByTestId('ticket-done').click();
  await expect(kiosk.getByTestId('elderly-toggle')).toHaveAttribute('aria-pressed', 'false');
  await kiosk.waitForTimeout(800);
  expect(await spoken(kiosk)).toHaveLength(5);
  await kiosk.context().close();
});

/** Every kiosk sentence the page fetched from the server, in order. */
function recordKioskAudio(page: Page) {
  const bodies: Promise<{ status: number; clips: string; bytes: number }>[] = [];
  page.on('response', (res: Response) => {
    if (!res.url().includes('/voice/kiosk.wav')) return;
    bodies.push(res.body().then((b) => ({ status: res.status(), clips: res.headers()['x-voice-clips'] ?? '', bytes: b.length })));
  });
  return { all: () => Promise.all(bodies), count: () => bodies.length };
}

test('without a browser voice the 语音播报 button plays the hall server’s audio of the same sentences (the wall display’s mechanism)', async ({ browser }) => {
  test.setTimeout(120_000);
  const kiosk = await devicePage(browser, PORTRAIT, 'missing');
  const audio = recordKioskAudio(kiosk);
  await kiosk.goto(`${hall.url}/kiosk/?token=${DEMO.kioskToken}`);
  await expect(kiosk.getByTestId('queue-button-comprehensive')).toBeEnabled();

  await kiosk.getByTestId('voice-button').click();
  await expect(kiosk.getByTestId('voice-button')).toHaveAttribute('data-voice', 'server');
  await expect.poll(() => audio.count(), { timeout: 20_000 }).toBe(1);
  const [home] = await audio.all();
  expect(home?.status).toBe(200);
  // Standard mode: 12 tiles a page, all ten queues in order; the hall's names are clips of their own; the counts as the tiles show them.
  const ahead = async (q: string) => `d${((await kiosk.getByTestId(`queue-waiting-${q}`).textContent()) ?? '').replace(/\D/g, '')}`;
  expect(home?.clips).toBe(
    `k-home , k-choose , k-green , k-check-in , k-book , k-lookup , A q-comprehensive , k-ahead-tile ${await ahead('comprehensive')} k-people , B q-enterprise , k-ahead-tile ${await ahead('enterprise')} k-people , ` +
      `C q-police , k-ahead-tile ${await ahead('police')} k-people , D q-real-estate , k-ahead-tile ${await ahead('real-estate')} k-people , E q-tax , k-ahead-tile ${await ahead('tax')} k-people , ` +
      `F q-construction , k-ahead-tile ${await ahead('construction')} k-people , G q-social-insurance , k-ahead-tile ${await ahead('social-insurance')} k-people , H q-pickup , k-ahead-tile ${await ahead('pickup')} k-people , ` +
      `J q-ems , k-ahead-tile ${await ahead('ems')} k-people , K q-consult , k-ahead-tile ${await ahead('consult')} k-people ,`,
  );
  await expect.poll(() => played(kiosk).then((p) => p.length), { timeout: 30_000 }).toBe(1);

  await kiosk.getByTestId('queue-button-comprehensive').click();
  const number = (await kiosk.getByTestId('ticket-number').textContent()) ?? '';
  await expect.poll(() => audio.count(), { timeout: 20_000 }).toBe(2);
  const ticket = (await audio.all())[1];
  expect(ticket?.status).toBe(200);
  const digits = [...number.slice(1)].map((d) => `d${d}`).join(' ');
  // 您前面还有 N 人 said as the screen shows it (the walk above left a green ticket ahead of this one).
  const peopleAhead = ((await kiosk.getByTestId('people-ahead').textContent()) ?? '').replace(/\D/g, '');
  expect(peopleAhead).toMatch(/^\d$/);
  expect(ticket?.clips).toBe(
    `k-ticket , q-comprehensive , k-your-number ${number[0]} ${digits} hao , k-wait-at f-1F z-comprehensive k-wait-there , k-ahead d${peopleAhead} k-people , k-wait-not-open`,
  );
  await expect.poll(() => played(kiosk).then((p) => p.length), { timeout: 30_000 }).toBe(2);
  // The ticket started only after the home screen's audio was stopped: never two at once.
  expect((await played(kiosk)).map((s) => s.overlap)).toEqual([false, false]);
  await kiosk.screenshot({ path: `${SHOTS}/kiosk-voice-server-ticket.png`, animations: 'disabled' });
  await expectAccessible(kiosk, 'kiosk ticket speaking with server audio');
  await kiosk.context().close();
});

test('the hall file’s kioskVoice rate and volume are the voice’s', async ({ browser }) => {
  const quiet = await startDemoHall((h) => {
    h.kioskVoice = { rate: 0.7, volume: 0.5 };
  });
  try {
    const kiosk = await devicePage(browser, PORTRAIT, 'recorded');
    // After the recording stand-in (a context script): note each utterance's rate and volume too.
    await kiosk.addInitScript(() => {
      const synth = window.speechSynthesis as unknown as { speak: (u: SpeechSynthesisUtterance) => void };
      const speak = synth.speak.bind(synth);
      const styles: [number, number][] = [];
      (window as unknown as { stylesForTest: [number, number][] }).stylesForTest = styles;
      synth.speak = (u) => {
        styles.push([u.rate, u.volume]);
        speak(u);
      };
    });
    await kiosk.goto(`${quiet.url}/kiosk/?token=${DEMO.kioskToken}`);
    await kiosk.getByTestId('voice-button').click();
    await expect.poll(() => spoken(kiosk).then((s) => s.length)).toBe(1);
    const styles = await kiosk.evaluate(() => (window as unknown as { stylesForTest: [number, number][] }).stylesForTest);
    expect(styles).toHaveLength(1);
    // SpeechSynthesisUtterance keeps them as 32-bit floats.
    expect(styles[0]?.[0]).toBeCloseTo(0.7, 5);
    expect(styles[0]?.[1]).toBeCloseTo(0.5, 5);
    await kiosk.context().close();
  } finally {
    await quiet.stop();
  }
});

test('a kiosk that can play no sound says so on its button (no browser voice, no server engine)', async ({ browser }) => {
  const silent = await startDemoHall(undefined, { voiceCommand: '/nonexistent/espeak-ng' });
  try {
    const kiosk = await devicePage(browser, PORTRAIT, 'missing');
    await kiosk.goto(`${silent.url}/kiosk/?token=${DEMO.kioskToken}`);
    await kiosk.getByTestId('voice-button').click();
    await expect(kiosk.getByTestId('voice-button')).toHaveAttribute('data-voice', 'off');
    await expect(kiosk.getByTestId('voice-button')).toHaveText('语音暂不可用');
    expect(await played(kiosk)).toEqual([]);
    await expectAccessible(kiosk, 'kiosk whose voice is unavailable');
    await kiosk.context().close();
  } finally {
    await silent.stop();
  }
});
