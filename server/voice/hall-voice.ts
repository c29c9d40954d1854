/**
 * The hall server's voice (语音叫号 for displays whose browser cannot speak
 * Mandarin): each clip of the hall's fixed vocabulary (state-machines/voice)
 * is made once by the local engine, trimmed, kept on disk and in memory, and
 * every announcement is those clips strung together.
 *
 * The work a client can cause is bounded by construction: the vocabulary is
 * the ~50 call clips, the kiosk's ~35 phrases and the hall file's queue, floor
 * and zone names (state-machines/voice/kiosk-speech.ts: a few hundred at most),
 * so the engine runs at most once per clip per engine version (one process at
 * a time), the memory cache holds at most those clips (a few MB), and an
 * announcement is a copy of some clips (≤ MAX_KIOSK_CLIPS). Routes add a rate.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { CLIP_TEXT, PAUSE, VOICE_CLIPS } from '../../state-machines/voice/announcement.ts';
import type { EngineProbe } from './espeak.ts';
import { concatWav, parseWav, trimSilence, writeWav, type Pcm } from './wav.ts';

export const VOICE_TIMING = {
  /** Silence before the first clip: some amplifiers swallow the start of a sound. */
  leadMs: 150,
  /** Between two clips, on top of the 20 ms each keeps after trimming: digits heard one by one. */
  gapMs: 60,
  /** A PAUSE (the text's comma). */
  pauseMs: 300,
  tailMs: 200,
} as const;
const { leadMs: LEAD_MS, gapMs: GAP_MS, pauseMs: PAUSE_MS, tailMs: TAIL_MS } = VOICE_TIMING;

export interface VoiceStatus {
  status: 'checking' | 'available' | 'unavailable';
  engine?: string | undefined;
  voice?: string | undefined;
  reason?: string | undefined;
  /** Clips made so far (in memory), of the vocabulary's total. */
  clipsReady: number;
  clipsTotal: number;
}

export class VoiceUnavailableError extends Error {}

export class HallVoice {
  private probe: EngineProbe | undefined;
  /** By file name (the id, and for the hall's own names a hash of the words: a renamed queue is said anew). */
  private readonly clips = new Map<string, Pcm>();
  private readonly making = new Map<string, Promise<Pcm>>();
  /** One engine process at a time. */
  private engineQueue: Promise<unknown> = Promise.resolve();
  readonly ready: Promise<void>;

  constructor(
    engine: Promise<EngineProbe>,
    private readonly cacheRoot: string,
    readonly log?: Logger,
    /** Every clip this hall can say, id → words (kiosk-speech.ts hallVocabulary); the calls' clips by default. */
    readonly vocabulary: ReadonlyMap<string, string> = new Map(VOICE_CLIPS.map((c) => [c, CLIP_TEXT[c]])),
  ) {
    this.ready = engine.then((probe) => {
      this.probe = probe;
      if (probe.ok) this.log?.info({ engine: probe.engine.name, voice: probe.engine.voice }, 'server voice available');
      else this.log?.warn({ reason: probe.reason }, 'server voice unavailable: displays without a Mandarin browser voice stay silent');
    });
  }

  status(): VoiceStatus {
    const base = { clipsReady: this.clips.size, clipsTotal: this.vocabulary.size };
    if (!this.probe) return { status: 'checking', ...base };
    if (!this.probe.ok) return { status: 'unavailable', reason: this.probe.reason, ...base };
    return { status: 'available', engine: this.probe.engine.name, voice: this.probe.engine.voice, ...base };
  }

  /** One WAV file saying `clips` in order. Throws VoiceUnavailableError when there is no engine. */
  async render(clips: readonly string[]): Promise<Buffer> {
    const made = await Promise.all(clips.map((c) => (c === PAUSE ? undefined : this.clip(c))));
    const first = made.find((p) => p !== undefined);
    if (!first) throw new Error('an announcement needs at least one clip');
    const pieces: ({ pcm: Pcm } | { silenceMs: number })[] = [{ silenceMs: LEAD_MS }];
    made.forEach((pcm, i) => {
      if (pcm === undefined) pieces.push({ silenceMs: PAUSE_MS });
      else {
        if (i > 0 && made[i - 1] !== undefined) pieces.push({ silenceMs: GAP_MS });
        pieces.push({ pcm });
      }
    });
    pieces.push({ silenceMs: TAIL_MS });
    return concatWav(first.format, pieces);
  }

  /** A clip from memory, else from disk, else made by the engine (once, even when asked for twice at once). */
  clip(id: string): Promise<Pcm> {
    const text = this.vocabulary.get(id);
    if (text === undefined) return Promise.reject(new Error(`not a clip of this hall: ${id.slice(0, 24)}`));
    const name = (VOICE_CLIPS as readonly string[]).includes(id) ? id : `${id}.${createHash('sha256').update(text).digest('hex').slice(0, 10)}`;
    const have = this.clips.get(name);
    if (have) return Promise.resolve(have);
    const pending = this.making.get(name);
    if (pending) return pending;
    const made = this.load(name, text).finally(() => this.making.delete(name));
    this.making.set(name, made);
    return made;
  }

  private async load(name: string, text: string): Promise<Pcm> {
    await this.ready;
    const probe = this.probe;
    if (!probe?.ok) throw new VoiceUnavailableError(probe && !probe.ok ? probe.reason : 'voice engine not checked yet');
    const dir = join(this.cacheRoot, probe.engine.fingerprint);
    const file = join(dir, `${name}.wav`);
    let pcm: Pcm | undefined;
    try {
      pcm = parseWav(readFileSync(file));
    } catch {
      // Not made yet (or damaged): make it.
    }
    if (!pcm) {
      const wav = await this.queueEngine(() => probe.engine.synthesize(text));
      pcm = trimSilence(parseWav(wav));
      if (pcm.data.length === 0) throw new Error(`the voice engine said nothing for clip ${name}`);
      mkdirSync(dir, { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, writeWav(pcm));
      renameSync(tmp, file);
    }
    this.clips.set(name, pcm);
    return pcm;
  }

  private queueEngine<T>(job: () => Promise<T>): Promise<T> {
    const next = this.engineQueue.then(job, job);
    this.engineQueue = next.catch(() => undefined);
    return next;
  }
}
