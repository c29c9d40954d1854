/**
 * The wall display speaks without a browser voice (Debian's Chromium has
 * none): it plays the hall server's espeak-ng audio through the same
 * one-at-a-time queue — each call twice, never two over each other, a call
 * whose audio could not be fetched never said late. A display that can play
 * nothing says so to the staff and to /healthz.
 */
import { expect, test, type Page, type Response } from '@playwright/test';
import { callAnnouncement } from '../../state-machines/voice/announcement.ts';
import { parseWav } from '../../server/voice/wav.ts';
import type { HallCommand } from '../../state-machines/hall/decide.ts';
import { expectAccessible } from './axe.ts';
import { DEMO, startDemoHall, type HallUnderTest } from './hall-fixture.ts';
import { devicePage, LANDSCAPE, played } from './pages.ts';

const SHOTS = 'test-results/screenshots';

let hall: HallUnderTest;
test.beforeAll(async () => {
  hall = await startDemoHall();
});
test.afterAll(async () => {
  await hall?.stop();
});

function run(h: HallUnderTest, command: HallCommand) {
  const r = h.server.hall.execute(command, 'test:voice');
  if (!r.ok) throw new Error(`${command.type}: ${r.error.messageEn}`);
  return r.event.event;
}

/** Windows 5 and 6 open (their A posts) and idle, with `n` more tickets in the comprehensive queue. */
function openWindowsWithVisitors(h: HallUnderTest, n: number) {
  for (const [window, clerkId] of [
    [5, '1009'],
    [6, '1011'],
  ] as const) {
    const record = h.server.hall.state.windows[String(window)];
    if (record?.status === 'closed' || record === undefined) {
      run(h, { type: 'clerk.sign_in', clerkId, window });
      run(h, { type: 'window.open', clerkId, window });
    }
    if (record?.current) run(h, { type: 'ticket.complete', clerkId, window, ticketId: record.current });
  }
  for (let i = 0; i < n; i++) run(h, { type: 'ticket.take', deviceId: 'test:seed', queueId: 'comprehensive' });
}

function callNext(h: HallUnderTest, clerkId: string, window: number): string {
  const e = run(h, { type: 'ticket.call_next', clerkId, window });
  if (e.type !== 'ticket.called') throw new Error(`expected a call, got ${e.type}`);
  const number = h.server.hall.state.tickets[e.ticketId]?.number;
  if (!number) throw new Error('called ticket not in state');
  return number;
}

function displayVoice(h: HallUnderTest) {
  return h.server.devices.health().find((d) => d.id === 'display-hall')?.voice;
}

/** Every call audio the page fetched, in the order the responses came. */
function recordCallAudio(page: Page) {
  const bodies: Promise<{ url: URL; clips: string; wav: Buffer }>[] = [];
  page.on('response', (res: Response) => {
    if (!res.url().includes('/voice/call.wav')) return;
    bodies.push(res.body().then((wav) => ({ url: new URL(res.url()), clips: res.headers()['x-voice-clips'] ?? '', wav })));
  });
  return { all: () => Promise.all(bodies), count: () => bodies.length };
}

test('without a browser voice the wall plays the server audio: each call twice, in order, never overlapping, never late', async ({ browser }) => {
  test.setTimeout(150_000);
  const display = await devicePage(browser, LANDSCAPE, 'missing');
  const audio = recordCallAudio(display);
  const windowScreen = await devicePage(browser, LANDSCAPE, 'missing');
  const windowScreenVoice: string[] = [];
  windowScreen.on('request', (r) => (r.url().includes('/voice/') ? windowScreenVoice.push(r.url()) : undefined));

  await display.goto(`${hall.url}/display/?token=${DEMO.hallDisplayToken}`);
  await windowScreen.goto(`${hall.url}/display/?token=${DEMO.window5DisplayToken}`);
  await expect(display.getByTestId('current-call')).toContainText('欢迎光临');
  await expect.poll(() => displayVoice(hall)).toEqual({ mode: 'server' });
  await expect(display.getByTestId('voice-warning')).toHaveCount(0);

  openWindowsWithVisitors(hall, 4);
  const first = callNext(hall, '1009', 5);
  const second = callNext(hall, '1011', 6);
  await expect(display.getByTestId('current-call-number')).toHaveText(second);

  // One request per call (the repeat replays it), in call order, each a valid WAV of exactly the call's clips.
  await expect.poll(() => audio.count(), { timeout: 20_000 }).toBe(2);
  const [a, b] = await audio.all();
  expect(a?.url.search).toBe(`?number=${first}&window=5`);
  expect(b?.url.search).toBe(`?number=${second}&window=6`);
  expect(a?.clips).toBe(callAnnouncement(first, 5).clips.join(' '));
  expect(b?.clips).toBe(callAnnouncement(second, 6).clips.join(' '));
  const seconds = [a, b].map((r) => {
    const wav = r?.wav ?? Buffer.alloc(0);
    expect(wav.readUInt32LE(40)).toBe(wav.length - 44);
    const pcm = parseWav(wav);
    return pcm.data.length / 2 / pcm.format.sampleRate;
  });
  // First call twice, then the second twice; each sound starts after the one before has ended.
  await expect.poll(() => played(display).then((p) => p.length), { timeout: 60_000 }).toBe(4);
  const sounds = await played(display);
  expect(sounds.map((s) => s.overlap)).toEqual([false, false, false, false]);
  expect(sounds.map((s) => s.seconds.toFixed(2))).toEqual([seconds[0], seconds[0], seconds[1], seconds[1]].map((s) => (s ?? 0).toFixed(2)));

  // A call whose audio cannot be fetched (the link dropped) stays silent — and is not said later.
  await display.route('**/voice/call.wav**', (route) => route.abort());
  openWindowsWithVisitors(hall, 0);
  const lost = display.waitForEvent('requestfailed', (r) => r.url().includes('/voice/call.wav'));
  const missed = callNext(hall, '1009', 5);
  await lost;
  await display.unroute('**/voice/call.wav**');
  const later = callNext(hall, '1011', 6);
  await expect(display.getByTestId('current-call-number')).toHaveText(later);
  await expect.poll(() => played(display).then((p) => p.length), { timeout: 40_000 }).toBe(6);
  const heard = (await audio.all()).map((r) => r.url.searchParams.get('number'));
  expect(heard).toEqual([first, second, later]);
  expect(heard).not.toContain(missed);
  await display.waitForTimeout(1_500);
  expect(await played(display)).toHaveLength(6);

  // The window screen is silent by design: it neither fetches audio nor reports a voice.
  expect(windowScreenVoice).toEqual([]);
  await display.screenshot({ path: `${SHOTS}/display-voice-server.png`, animations: 'disabled' });
  await expectAccessible(display, 'hall display speaking with server audio');
  for (const page of [display, windowScreen]) await page.context().close();
});

test('a display that cannot play sound tells the staff and /healthz', async ({ browser }) => {
  const display = await devicePage(browser, LANDSCAPE, 'blocked');
  const audioRequests: string[] = [];
  display.on('request', (r) => (r.url().includes('/voice/call.wav') ? audioRequests.push(r.url()) : undefined));
  await display.goto(`${hall.url}/display/?token=${DEMO.hallDisplayToken}`);
  const warning = display.getByTestId('voice-warning');
  await expect(warning).toBeVisible();
  await expect(warning).toHaveAttribute('data-problem', 'autoplay-blocked');
  await expect(warning).toContainText('语音未开启：请检查音箱/浏览器自动播放设置');
  await expect(warning).toContainText('--autoplay-policy=no-user-gesture-required');
  await expect.poll(() => displayVoice(hall)).toEqual({ mode: 'off', problem: 'autoplay-blocked' });
  const health = (await (await fetch(`${hall.url}/healthz`)).json()) as { devices: { attention: string[]; list: { id: string; details: string[] }[] } };
  expect(health.devices.attention).toContain('display-hall');
  expect(health.devices.list.find((d) => d.id === 'display-hall')?.details).toEqual(['voice OFF: the browser blocks autoplay']);

  // Calls are still shown; nothing is fetched for a voice that cannot play.
  openWindowsWithVisitors(hall, 1);
  const number = callNext(hall, '1009', 5);
  await expect(display.getByTestId('current-call-number')).toHaveText(number);
  await display.waitForTimeout(1_000);
  expect(audioRequests).toEqual([]);
  await display.screenshot({ path: `${SHOTS}/display-voice-blocked.png`, animations: 'disabled' });
  await expectAccessible(display, 'hall display with the voice warning');
  await display.context().close();
});

test('a display whose audio starts late (a slow box at boot) warns for now, then speaks and clears the warning by itself', async ({ browser }) => {
  const display = await devicePage(browser, LANDSCAPE, 'missing');
  // The page's audio cannot start for its first 6 s (longer than the 1 s the display waits before it reports),
  // then starts as it would on a box that finished booting.
  await display.addInitScript(() => {
    const realState = Object.getOwnPropertyDescriptor(BaseAudioContext.prototype, 'state')!.get!;
    const resume = AudioContext.prototype.resume;
    const waiting = new Set<AudioContext>();
    let started = false;
    setTimeout(() => {
      started = true;
      // The real context may already run (the test browser allows autoplay): say the change as the browser would.
      for (const context of waiting) void resume.call(context).then(() => context.dispatchEvent(new Event('statechange')));
    }, 6_000);
    Object.defineProperty(AudioContext.prototype, 'state', {
      configurable: true,
      get(this: AudioContext) {
        return started ? realState.call(this) : 'suspended';
      },
    });
    AudioContext.prototype.resume = function (this: AudioContext) {
      if (started) return resume.call(this);
      waiting.add(this);
      return new Promise<void>(() => undefined);
    };
  });
  await display.goto(`${hall.url}/display/?token=${DEMO.hallDisplayToken}`);
  await expect(display.getByTestId('voice-warning')).toHaveAttribute('data-problem', 'autoplay-blocked');
  await expect.poll(() => displayVoice(hall), { timeout: 15_000 }).toEqual({ mode: 'server' });
  await expect(display.getByTestId('voice-warning')).toHaveCount(0);
  await display.context().close();
});

test('`#voice-test` says the test sentence once, through the server audio', async ({ browser }) => {
  const display = await devicePage(browser, LANDSCAPE, 'missing');
  const test = display.waitForResponse((r) => r.url().endsWith('/voice/test.wav'));
  await display.goto(`${hall.url}/display/?token=${DEMO.hallDisplayToken}#voice-test`);
  const res = await test;
  expect(res.status()).toBe(200);
  expect(res.headers()['x-voice-clips']).toBe('test , d1 d2 d3');
  await expect.poll(() => played(display).then((p) => p.length), { timeout: 20_000 }).toBe(1);
  // The hash is taken away, so a reload does not test again.
  expect(new URL(display.url()).hash).toBe('');
  await display.context().close();
});

test('a server without espeak-ng: the hall runs, /healthz says voice unavailable, the display warns', async ({ browser }) => {
  const silent = await startDemoHall(undefined, { voiceCommand: '/nonexistent/espeak-ng' });
  try {
    const health = (await (await fetch(`${silent.url}/healthz`)).json()) as { status: string; voice: { status: string } };
    expect(health.status).toBe('ok');
    expect(health.voice.status).toBe('unavailable');
    const display = await devicePage(browser, LANDSCAPE, 'missing');
    await display.goto(`${silent.url}/display/?token=${DEMO.hallDisplayToken}`);
    const warning = display.getByTestId('voice-warning');
    await expect(warning).toHaveAttribute('data-problem', 'no-voice');
    await expect(warning).toContainText('espeak-ng');
    await expect.poll(() => displayVoice(silent)).toEqual({ mode: 'off', problem: 'no-voice' });
    await expectAccessible(display, 'hall display, no voice anywhere');
    await display.context().close();
  } finally {
    await silent.stop();
  }
});
