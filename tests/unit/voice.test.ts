/**
 * The hall's voice, pure parts: which clips a call is made of (the ticket
 * read sign by sign, 4-digit numbers included; the window as it is said),
 * which calls the server may build at all, and the WAV handling that strings
 * clips into one file (headers, sizes, espeak-ng's unseekable stdout header).
 */
import { describe, expect, it } from 'vitest';
import { callAnnouncement, checkCall, PAUSE, testAnnouncement, ticketClips, VOICE_CLIPS, windowNumberClips } from '../../state-machines/voice/announcement.ts';
import { concatWav, parseWav, trimSilence, writeWav, type Pcm, type PcmFormat } from '../../server/voice/wav.ts';
import { TokenBuckets } from '../../server/sockets/rate-limit.ts';
import { demoConfig } from '../support/demo.ts';

const FORMAT: PcmFormat = { sampleRate: 22050, channels: 1, bitsPerSample: 16 };

function tone(samples: number, amplitude = 8000): Pcm {
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) data.writeInt16LE(Math.round(amplitude * Math.sin(i / 3)), i * 2);
  return { format: FORMAT, data };
}

describe('what a call says', () => {
  it('reads the ticket sign by sign, four digits included', () => {
    expect(ticketClips('A012')).toEqual(['A', 'd0', 'd1', 'd2']);
    expect(ticketClips('A1000')).toEqual(['A', 'd1', 'd0', 'd0', 'd0']);
    expect(ticketClips('Z9999')).toEqual(['Z', 'd9', 'd9', 'd9', 'd9']);
  });

  it('says the window as a number is said: 五, 十二, 二十, 一百零五, 一百一十', () => {
    expect(windowNumberClips(5)).toEqual(['d5']);
    expect(windowNumberClips(10)).toEqual(['shi']);
    expect(windowNumberClips(12)).toEqual(['shi', 'd2']);
    expect(windowNumberClips(20)).toEqual(['d2', 'shi']);
    expect(windowNumberClips(38)).toEqual(['d3', 'shi', 'd8']);
    expect(windowNumberClips(100)).toEqual(['d1', 'bai']);
    expect(windowNumberClips(105)).toEqual(['d1', 'bai', 'd0', 'd5']);
    expect(windowNumberClips(110)).toEqual(['d1', 'bai', 'd1', 'shi']);
    expect(windowNumberClips(999)).toEqual(['d9', 'bai', 'd9', 'shi', 'd9']);
    expect(() => windowNumberClips(0)).toThrow();
  });

  it('builds 请 A 0 1 2 号，到 五 号窗口办理, and 再次呼叫 first on a recall', () => {
    const call = callAnnouncement('A012', 5);
    expect(call.clips).toEqual(['qing', 'A', 'd0', 'd1', 'd2', 'hao', PAUSE, 'dao', 'd5', 'window-go']);
    expect(call.text).toBe('请 A 0 1 2 号，到 5 号窗口办理');
    expect(call.audioPath).toBe('/voice/call.wav?number=A012&window=5');
    const recall = callAnnouncement('B1000', 12, true);
    expect(recall.clips).toEqual(['again', PAUSE, 'qing', 'B', 'd1', 'd0', 'd0', 'd0', 'hao', PAUSE, 'dao', 'shi', 'd2', 'window-go']);
    expect(recall.text).toBe('再次呼叫，请 B 1 0 0 0 号，到 12 号窗口办理');
    expect(recall.audioPath).toBe('/voice/call.wav?number=B1000&window=12&recall=1');
    expect(testAnnouncement().clips.every((c) => c === PAUSE || (VOICE_CLIPS as readonly string[]).includes(c))).toBe(true);
  });

  it('only calls the hall could make: a queue prefix with its digits, a window that exists', () => {
    const hall = { queues: [{ prefix: 'A' }, { prefix: 'B', numberDigits: 4 as const }], windows: [{ number: 5 }] };
    expect(checkCall(hall, 'A012', 5)).toMatchObject({ ok: true, announcement: { text: '请 A 0 1 2 号，到 5 号窗口办理' } });
    expect(checkCall(hall, 'B1000', 5)).toMatchObject({ ok: true });
    expect(checkCall(hall, 'B100', 5)).toMatchObject({ ok: false, field: 'number' }); // B has four digits
    expect(checkCall(hall, 'A1000', 5)).toMatchObject({ ok: false, field: 'number' }); // A has three
    expect(checkCall(hall, 'A000', 5)).toMatchObject({ ok: false, field: 'number' });
    expect(checkCall(hall, 'C001', 5)).toMatchObject({ ok: false, field: 'number' }); // no queue C
    expect(checkCall(hall, '请到我家来', 5)).toMatchObject({ ok: false, field: 'number' });
    expect(checkCall(hall, 'A012', 6)).toMatchObject({ ok: false, field: 'window' });
    expect(checkCall(demoConfig, 'A012', 13)).toMatchObject({ ok: true });
  });
});

describe('WAV clips strung together', () => {
  it('writes a canonical header whose sizes match the samples', () => {
    const wav = writeWav(tone(1000));
    expect(wav.length).toBe(44 + 2000);
    expect(wav.toString('ascii', 0, 4)).toBe('RIFF');
    expect(wav.readUInt32LE(4)).toBe(36 + 2000);
    expect(wav.toString('ascii', 8, 16)).toBe('WAVEfmt ');
    expect(wav.readUInt16LE(20)).toBe(1); // PCM
    expect(wav.readUInt16LE(22)).toBe(1); // mono
    expect(wav.readUInt32LE(24)).toBe(22050);
    expect(wav.readUInt32LE(28)).toBe(44100); // byte rate
    expect(wav.readUInt16LE(32)).toBe(2); // block align
    expect(wav.readUInt16LE(34)).toBe(16);
    expect(wav.toString('ascii', 36, 40)).toBe('data');
    expect(wav.readUInt32LE(40)).toBe(2000);
    expect(parseWav(wav)).toEqual(tone(1000));
  });

  it('reads espeak-ng’s stdout header (sizes 0x7ffff000) to the end of the file', () => {
    const wav = writeWav(tone(500));
    wav.writeUInt32LE(0x7ffff024, 4);
    wav.writeUInt32LE(0x7ffff000, 40);
    expect(parseWav(wav).data.length).toBe(1000);
  });

  it('skips chunks it does not need and refuses what is not 16-bit PCM', () => {
    const plain = writeWav(tone(10));
    const list = Buffer.concat([Buffer.from('LIST'), Buffer.from([3, 0, 0, 0]), Buffer.from('abc'), Buffer.alloc(1)]);
    const withList = Buffer.concat([plain.subarray(0, 36), list, plain.subarray(36)]);
    expect(parseWav(withList).data.length).toBe(20);
    const float = Buffer.from(plain);
    float.writeUInt16LE(3, 20);
    expect(() => parseWav(float)).toThrow(/16-bit PCM/);
    expect(() => parseWav(Buffer.from('not a wave file at all'))).toThrow(/RIFF/);
  });

  it('concatenates clips and silences: the data is their sum, in order', () => {
    const a = tone(300, 5000);
    const b = tone(200, 9000);
    const wav = concatWav(FORMAT, [{ silenceMs: 100 }, { pcm: a }, { silenceMs: 60 }, { pcm: b }]);
    const silence100 = Math.round(22050 * 0.1);
    const silence60 = Math.round(22050 * 0.06);
    expect(wav.readUInt32LE(40)).toBe((silence100 + 300 + silence60 + 200) * 2);
    expect(wav.readUInt32LE(4)).toBe(wav.length - 8);
    const data = parseWav(wav).data;
    expect(data.subarray(0, silence100 * 2).every((byte) => byte === 0)).toBe(true);
    expect(data.subarray(silence100 * 2, (silence100 + 300) * 2)).toEqual(a.data);
    expect(data.subarray((silence100 + 300 + silence60) * 2)).toEqual(b.data);
    expect(() => concatWav({ ...FORMAT, sampleRate: 16000 }, [{ pcm: a }])).toThrow(/differs/);
  });

  it('trims the silence around a word, keeping a little', () => {
    const quiet = Buffer.alloc(2205 * 2); // 100 ms
    const word = tone(1000);
    const trimmed = trimSilence({ format: FORMAT, data: Buffer.concat([quiet, word.data, quiet]) }, 300, 20);
    const pad = Math.round(22050 * 0.02);
    // The sine starts at 0, so the first loud sample is a few in: allow it.
    expect(trimmed.data.length / 2).toBeGreaterThanOrEqual(1000 - 10 + 2 * pad - 10);
    expect(trimmed.data.length / 2).toBeLessThanOrEqual(1000 + 2 * pad);
    expect(trimSilence({ format: FORMAT, data: quiet }).data.length).toBe(0);
  });
});

describe('the voice route’s rate per address', () => {
  it('forgets quiet addresses first and never remembers more than the bound', () => {
    const buckets = new TokenBuckets(60, 20);
    for (let i = 0; i < 50; i++) buckets.take(`10.0.0.${i}`, 0);
    buckets.take('10.0.1.1', 30_000);
    buckets.prune(30_000, 10);
    // At 30 s the first fifty are full again (20 tokens refill in 20 s): forgotten; the busy one stays.
    expect(buckets.size).toBe(1);
    expect(buckets.waitFor('10.0.1.1', 30_000)).toBe(0);
    for (let i = 0; i < 50; i++) buckets.take(`10.0.2.${i}`, 31_000);
    buckets.prune(31_000, 10);
    expect(buckets.size).toBe(10);
  });
});
