/**
 * The hall server's voice (语音叫号 for displays whose browser cannot speak
 * Mandarin): each clip of the hall's fixed vocabulary (state-machines/voice)
 * is made once by the local engine, trimmed, kept on disk and in memory, and
 * every announcement is those clips strung together.
 *
 * The work a client can cause is bounded by construction: the vocabulary is
 * ~50 clips, so the engine runs at most ~50 times per engine version (one
 * process at a time), the memory cache holds at most those clips (~2 MB), and
 * an announcement is a copy of a few clips (~200 KB). Routes add a rate.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { CLIP_TEXT, PAUSE, VOICE_CLIPS, type ClipOrPause, type VoiceClip } from '../../state-machines/voice/announcement.ts';
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
  private readonly clips = new Map<VoiceClip, Pcm>();
  private readonly making = new Map<VoiceClip, Promise<Pcm>>();
  /** One engine process at a time. */
  private engineQueue: Promise<unknown> = Promise.resolve();
  readonly ready: Promise<void>;

  constructor(
    engine: Promise<EngineProbe>,
    private readonly cacheRoot: string,
    readonly log?: Logger,
  ) {
    this.ready = engine.then((probe) => {
      this.probe = probe;
      if (probe.ok) this.log?.info({ engine: probe.engine.name, voice: probe.engine.voice }, 'server voice available');
      else this.log?.warn({ reason: probe.reason }, 'server voice unavailable: displays without a Mandarin browser voice stay silent');
    });
  }

  status(): VoiceStatus {
    const base = { clipsReady: this.clips.size, clipsTotal: VOICE_CLIPS.length };
    if (!this.probe) return { status: 'checking', ...base };
    if (!this.probe.ok) return { status: 'unavailable', reason: this.probe.reason, ...base };
    return { status: 'available', engine: this.probe.engine.name, voice: this.probe.engine.voice, ...base };
  }

  /** One WAV file saying `clips` in order. Throws VoiceUnavailableError when there is no engine. */
  async render(clips: readonly ClipOrPause[]): Promise<Buffer> {
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
  clip(id: VoiceClip): Promise<Pcm> {
    const have = this.clips.get(id);
    if (have) return Promise.resolve(have);
    const pending = this.making.get(id);
    if (pending) return pending;
    const made = this.load(id).finally(() => this.making.delete(id));
    this.making.set(id, made);
    return made;
  }

  private async load(id: VoiceClip): Promise<Pcm> {
    await this.ready;
    const probe = this.probe;
    if (!probe?.ok) throw new VoiceUnavailableError(probe && !probe.ok ? probe.reason : 'voice engine not checked yet');
    const dir = join(this.cacheRoot, probe.engine.fingerprint);
    const file = join(dir, `${id}.wav`);
    let pcm: Pcm | undefined;
    try {
      pcm = parseWav(readFileSync(file));
    } catch {
      // Not made yet (or damaged): make it.
    }
    if (!pcm) {
      const wav = await this.queueEngine(() => probe.engine.synthesize(CLIP_TEXT[id]));
      pcm = trimSilence(parseWav(wav));
      if (pcm.data.length === 0) throw new Error(`the voice engine said nothing for clip ${id}`);
      mkdirSync(dir, { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, writeWav(pcm));
      renameSync(tmp, file);
    }
    this.clips.set(id, pcm);
    return pcm;
  }

  private queueEngine<T>(job: () => Promise<T>): Promise<T> {
    const next = this.engineQueue.then(job, job);
    this.engineQueue = next.catch(() => undefined);
    return next;
  }
}
