/**
 * The server voice over HTTP on the real server with the real espeak-ng
 * (Debian package `espeak-ng`, installed by tests/support/ensure-system.mjs):
 * a call's audio is a valid WAV made of exactly the call's clips; only calls
 * the hall could make are built; clips are made once and kept on disk; a rate
 * per address; a hall without the engine runs and says voice unavailable; a
 * display's report of how it speaks reaches /healthz.
 */
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { callAnnouncement, PAUSE } from '../../state-machines/voice/announcement.ts';
import { kioskAnnouncement, MAX_KIOSK_CLIPS } from '../../state-machines/voice/kiosk-speech.ts';
import { VOICE_TIMING, type HallVoice } from '../../server/voice/hall-voice.ts';
import { parseWav } from '../../server/voice/wav.ts';
import { startHallServer, type RunningHallServer } from '../../server/hall-server.ts';
import { DEMO_CONFIG_PATH, DEMO_TOKENS } from '../support/demo.ts';
import { connect, newRequestId } from '../support/hall-client.ts';
import { tempDataDir } from '../support/server.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function start(options: { voiceCommand?: string; voiceCacheDir?: string } = {}): Promise<RunningHallServer> {
  const s = await startHallServer({ port: 0, host: '127.0.0.1', configPath: DEMO_CONFIG_PATH, dataDir: tempDataDir(), logLevel: 'silent', ...options });
  cleanups.push(() => s.close());
  await s.voice.ready;
  return s;
}

/** espeak-ng behind a script that writes down every time it is asked to speak. */
function countingEspeak(): { command: string; synthesised: () => string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'yc-espeak-'));
  const log = join(dir, 'calls.log');
  writeFileSync(log, '');
  const command = join(dir, 'espeak-ng');
  writeFileSync(command, `#!/bin/sh\necho "$*" >> '${log}'\nexec espeak-ng "$@"\n`);
  chmodSync(command, 0o755);
  return {
    command,
    synthesised: () =>
      readFileSync(log, 'utf8')
        .split('\n')
        .filter((l) => l.includes('--stdout')),
  };
}

/** Samples the server must send for `clips`: lead, each clip, a gap between neighbours, a pause for each comma, tail. */
async function expectedSamples(voice: HallVoice, clips: readonly string[], rate: number): Promise<number> {
  const ms = (n: number) => Math.round((rate * n) / 1000);
  let total = ms(VOICE_TIMING.leadMs) + ms(VOICE_TIMING.tailMs);
  for (let i = 0; i < clips.length; i++) {
    const clip = clips[i] as string;
    if (clip === PAUSE) total += ms(VOICE_TIMING.pauseMs);
    else {
      if (i > 0 && clips[i - 1] !== PAUSE) total += ms(VOICE_TIMING.gapMs);
      total += (await voice.clip(clip)).data.length / 2;
    }
  }
  return total;
}

function peak(samples: Buffer): number {
  let max = 0;
  for (let i = 0; i + 1 < samples.length; i += 2) max = Math.max(max, Math.abs(samples.readInt16LE(i)));
  return max;
}

describe('server voice', () => {
  it('answers a call with a WAV of exactly its clips, digit by digit', async () => {
    const s = await start();
    expect(s.voice.status()).toMatchObject({ status: 'available', engine: expect.stringMatching(/^espeak-ng /), voice: expect.stringMatching(/^cmn/) });
    const res = await fetch(`${s.url}/voice/call.wav?number=A012&window=13`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('audio/wav');
    const call = callAnnouncement('A012', 13);
    expect(res.headers.get('x-voice-clips')).toBe('qing A d0 d1 d2 hao , dao shi d3 window-go');
    const wav = Buffer.from(await res.arrayBuffer());
    expect(wav.toString('ascii', 0, 4)).toBe('RIFF');
    expect(wav.readUInt32LE(4)).toBe(wav.length - 8);
    expect(wav.readUInt32LE(40)).toBe(wav.length - 44);
    const pcm = parseWav(wav);
    expect(pcm.format).toEqual({ sampleRate: 22050, channels: 1, bitsPerSample: 16 });
    expect(pcm.data.length / 2).toBe(await expectedSamples(s.voice, call.clips, 22050));
    const seconds = pcm.data.length / 2 / 22050;
    expect(seconds).toBeGreaterThan(2);
    expect(seconds).toBeLessThan(12);
    // Not silence: every clip the engine made has sound in it.
    for (const clip of call.clips) if (clip !== PAUSE) expect(peak((await s.voice.clip(clip)).data), clip).toBeGreaterThan(2000);

    const health = (await (await fetch(`${s.url}/healthz`)).json()) as { voice: { status: string; clipsReady: number; clipsTotal: number } };
    expect(health.voice).toMatchObject({ status: 'available', clipsTotal: s.voice.vocabulary.size });
    expect(s.voice.vocabulary.size).toBeGreaterThan(44); // the calls' 44, the kiosk's phrases, the demo hall's names
    expect(health.voice.clipsReady).toBeGreaterThanOrEqual(9);
  });

  it('builds only calls the hall could make: a real queue prefix with its digits, a window that exists', async () => {
    const s = await start();
    for (const [query, field] of [
      ['number=A1000&window=5', 'number'], // the demo's queues have three digits
      ['number=X001&window=5', 'number'], // no queue X
      ['number=%E8%AF%B7%E5%88%B0%E6%88%91%E5%AE%B6&window=5', 'number'], // free text
      ['number=A001&window=99', 'window'],
      ['number=A001', 'window'],
      ['window=5', 'number'],
    ] as const) {
      const res = await fetch(`${s.url}/voice/call.wav?${query}`);
      expect(res.status, query).toBe(400);
      const body = (await res.json()) as { error: { code: string; field?: string } };
      expect(body.error, query).toMatchObject({ code: 'BAD_REQUEST', field });
    }
    expect(s.voice.status().clipsReady, 'nothing was synthesised for refused requests').toBe(0);
  });

  it('says a kiosk screen from the closed vocabulary only: its phrases, the hall names, digits; never free text, never unbounded', async () => {
    const s = await start();
    const sentence = kioskAnnouncement([
      { phrase: 'k-ticket' },
      PAUSE,
      { phrase: 'k-your-number' },
      { ticket: 'A012' },
      PAUSE,
      { phrase: 'k-ahead' },
      { count: 12 },
      { phrase: 'k-people' },
    ]);
    expect(sentence.text).toBe('取号成功，您的号码 A 0 1 2 号，您前面还有 12 人');
    expect(sentence.audioPath).toBe('/voice/kiosk.wav?say=k-ticket.%2C.k-your-number.A.d0.d1.d2.hao.%2C.k-ahead.shi.d2.k-people');
    const res = await fetch(`${s.url}${sentence.audioPath}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-voice-clips')).toBe('k-ticket , k-your-number A d0 d1 d2 hao , k-ahead shi d2 k-people');
    const pcm = parseWav(Buffer.from(await res.arrayBuffer()));
    expect(pcm.data.length / 2).toBe(await expectedSamples(s.voice, sentence.clips, 22050));
    // The hall file's own names are clips too (the demo's 综合业务 queue).
    const named = await fetch(`${s.url}/voice/kiosk.wav?say=q-comprehensive`);
    expect(named.status).toBe(200);
    const before = s.voice.status().clipsReady;
    for (const say of [
      encodeURIComponent('请到我家'), // free text
      'k-ticket.rm -rf', // not a clip
      'q-nonexistent',
      ',.,',
      Array.from({ length: MAX_KIOSK_CLIPS + 1 }, () => 'd1').join('.'),
      'd1'.repeat(2_100),
    ]) {
      const bad = await fetch(`${s.url}/voice/kiosk.wav?say=${say}`);
      expect(bad.status, say.slice(0, 30)).toBe(400);
      expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('BAD_REQUEST');
    }
    expect(s.voice.status().clipsReady, 'nothing was synthesised for refused requests').toBe(before);
  });

  it('makes each clip once and keeps it on disk for the next start', async () => {
    const espeak = countingEspeak();
    const cache = mkdtempSync(join(tmpdir(), 'yc-voice-cache-'));
    const first = await start({ voiceCommand: espeak.command, voiceCacheDir: cache });
    await Promise.all([1, 2, 3].map(() => fetch(`${first.url}/voice/call.wav?number=A111&window=1`).then((r) => r.arrayBuffer())));
    // 请 A 一一一 号，到 一 号窗口办理: six different clips, each made once although asked for three times at once.
    expect(espeak.synthesised()).toHaveLength(6);
    await first.close();

    const second = await start({ voiceCommand: espeak.command, voiceCacheDir: cache });
    const res = await fetch(`${second.url}/voice/call.wav?number=A111&window=1`);
    expect(res.status).toBe(200);
    expect(espeak.synthesised(), 'the second server read the clips from disk').toHaveLength(6);
  });

  it('limits the requests of one address', async () => {
    const s = await start();
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) {
      const res = await fetch(`${s.url}/voice/test.wav`);
      await res.arrayBuffer();
      statuses.push(res.status);
      if (res.status === 429) {
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
        break;
      }
    }
    expect(statuses.filter((c) => c === 200)).toHaveLength(20);
    expect(statuses.at(-1)).toBe(429);
  });

  it('without espeak-ng the hall still runs, /healthz says voice unavailable and the audio is refused with a typed error', async () => {
    const s = await start({ voiceCommand: '/nonexistent/espeak-ng' });
    const res = await fetch(`${s.url}/healthz`);
    expect(res.status).toBe(200);
    const health = (await res.json()) as { status: string; voice: { status: string; reason: string } };
    expect(health.status).toBe('ok');
    expect(health.voice).toMatchObject({ status: 'unavailable', reason: expect.stringContaining('not installed') });
    const audio = await fetch(`${s.url}/voice/call.wav?number=A001&window=5`);
    expect(audio.status).toBe(503);
    expect(((await audio.json()) as { error: { code: string } }).error.code).toBe('VOICE_UNAVAILABLE');

    const kiosk = await connect(s.url, '/kiosk', DEMO_TOKENS.kiosk);
    cleanups.push(() => kiosk.close());
    const take = await kiosk.request('ticket:take', { requestId: newRequestId(), queueId: 'comprehensive' });
    expect(take.ok).toBe(true);
  });

  it('shows in /healthz how each wall display speaks, and a silent one needs attention', async () => {
    const s = await start();
    const display = await connect(s.url, '/display', DEMO_TOKENS.display);
    cleanups.push(() => display.close());
    const row = async () => {
      const health = (await (await fetch(`${s.url}/healthz`)).json()) as {
        devices: { attention: string[]; list: { id: string; voice?: unknown; details: string[] }[] };
      };
      return { attention: health.devices.attention, display: health.devices.list.find((d) => d.id === 'display-hall') };
    };
    expect((await display.request('display:voice', { mode: 'off', problem: 'autoplay-blocked' })).ok).toBe(true);
    let now = await row();
    expect(now.display).toMatchObject({ voice: { mode: 'off', problem: 'autoplay-blocked' }, details: ['voice OFF: the browser blocks autoplay'] });
    expect(now.attention).toContain('display-hall');

    expect((await display.request('display:voice', { mode: 'server' })).ok).toBe(true);
    now = await row();
    expect(now.display).toMatchObject({ voice: { mode: 'server' } });
    expect(now.attention).not.toContain('display-hall');

    const bad = await display.request('display:voice', { mode: 'off', problem: 'rm -rf /' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });
});
