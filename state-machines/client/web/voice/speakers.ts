/**
 * The two ways a hall screen can speak, and how it finds out which it has:
 *
 * - the browser's own Mandarin voice (Web Speech), when it has one;
 * - otherwise audio the hall server makes with its local engine (espeak-ng),
 *   fetched per announcement and played through Web Audio.
 *
 * Debian's Chromium usually has no speech voices at all, so an unattended
 * wall display there speaks with the server's audio. It must be started with
 * --autoplay-policy=no-user-gesture-required: without it Chromium keeps the
 * audio suspended until someone touches the page, and the display says so.
 */
import type { DisplayVoiceReport } from '../../../devices/device-messages.ts';
import { VOICE_PATHS, type Announcement } from '../../../voice/announcement.ts';
import type { Speaker, Utterance } from './announcer.ts';

/** How long a browser may take to list its voices (Chromium fills the list asynchronously). */
const VOICES_WAIT_MS = 1_500;
/** How long AudioContext.resume() may take before we call autoplay blocked. */
const RESUME_WAIT_MS = 1_000;
/** Server audio: the request, and the watchdog over a clip's own length. */
const FETCH_TIMEOUT_MS = 8_000;
const PLAY_SLACK_MS = 2_000;

/**
 * How a screen's voice sounds: `rate` as Web Speech counts it (1 the voice's normal speed; the wall displays
 * use 0.85), `volume` 0–1. The server's audio is made at one speed: it is played at rate / 0.85 of it.
 */
export interface SpeechStyle {
  rate: number;
  volume: number;
}
const WALL_STYLE: SpeechStyle = { rate: 0.85, volume: 1 };

/** What a speaker tells the page when it finds it cannot speak any more. */
export type OnTrouble = (problem: Extract<DisplayVoiceReport, { mode: 'off' }>['problem']) => void;

class BrowserSpeaker implements Speaker {
  constructor(
    private readonly synth: SpeechSynthesis,
    private readonly voice: SpeechSynthesisVoice | undefined,
    private readonly onTrouble: OnTrouble,
    private readonly style: SpeechStyle,
  ) {}

  load(announcement: Announcement): Promise<Utterance> {
    let stop: () => void = () => undefined;
    return Promise.resolve({
      play: () => this.say(announcement.text, (s) => (stop = s)),
      stop: () => stop(),
    });
  }

  private say(text: string, onStop: (stop: () => void) => void): Promise<void> {
    return new Promise((done) => {
      const utterance = new SpeechSynthesisUtterance(text);
      utterance.lang = 'zh-CN';
      utterance.rate = this.style.rate;
      utterance.volume = this.style.volume;
      if (this.voice && typeof SpeechSynthesisVoice !== 'undefined' && this.voice instanceof SpeechSynthesisVoice) utterance.voice = this.voice;
      let finished = false;
      const finish = () => {
        if (finished) return;
        finished = true;
        clearTimeout(watchdog);
        done();
      };
      utterance.onend = finish;
      utterance.onerror = (e) => {
        // Chromium refuses to speak before anyone has touched the page unless autoplay is allowed.
        if (e.error === 'not-allowed') this.onTrouble('autoplay-blocked');
        finish();
      };
      // Chromium sometimes never fires `end` (voice gone, audio device gone): one stuck utterance must not silence every later call.
      const watchdog = setTimeout(
        () => {
          this.synth.cancel();
          finish();
        },
        2_000 + (text.length * 500) / Math.min(1, this.style.rate),
      );
      onStop(() => {
        this.synth.cancel();
        finish();
      });
      try {
        this.synth.speak(utterance);
      } catch {
        finish();
      }
    });
  }
}

class ServerSpeaker implements Speaker {
  constructor(
    private readonly audio: AudioContext,
    private readonly onTrouble: OnTrouble,
    private readonly style: SpeechStyle,
  ) {}

  async load(announcement: Announcement): Promise<Utterance | undefined> {
    let bytes: ArrayBuffer;
    try {
      const res = await fetch(announcement.audioPath, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
      if (res.status === 503) {
        this.onTrouble('no-voice');
        return undefined;
      }
      // Refused (rate, a number the hall does not know) or a server error: this one call stays silent.
      if (!res.ok) return undefined;
      bytes = await res.arrayBuffer();
    } catch {
      // Offline: the call is on the screen; it is never said late.
      return undefined;
    }
    let buffer: AudioBuffer;
    try {
      buffer = await this.audio.decodeAudioData(bytes);
    } catch {
      this.onTrouble('playback-failed');
      return undefined;
    }
    let stop: () => void = () => undefined;
    return { play: () => this.play(buffer, (s) => (stop = s)), stop: () => stop() };
  }

  private async play(buffer: AudioBuffer, onStop: (stop: () => void) => void): Promise<void> {
    if (!(await running(this.audio))) {
      this.onTrouble('autoplay-blocked');
      return;
    }
    await new Promise<void>((done) => {
      const source = this.audio.createBufferSource();
      source.buffer = buffer;
      const speed = this.style.rate / WALL_STYLE.rate;
      source.playbackRate.value = speed;
      const gain = this.audio.createGain();
      gain.gain.value = this.style.volume;
      source.connect(gain).connect(this.audio.destination);
      onStop(() => {
        try {
          source.stop();
        } catch {
          // not started, or already stopped
        }
      });
      const watchdog = setTimeout(
        () => {
          source.onended = null;
          try {
            source.stop();
          } catch {
            // already stopped
          }
          done();
        },
        (buffer.duration * 1000) / speed + PLAY_SLACK_MS,
      );
      source.onended = () => {
        clearTimeout(watchdog);
        done();
      };
      source.start();
    });
  }
}

type VoiceChoice = {
  report: DisplayVoiceReport;
  speaker?: Speaker | undefined;
  /** Blocked for now: settles when the page's audio starts after all (a slow machine, or a tap). */
  unblocked?: Promise<void> | undefined;
};

/**
 * Which speaker this browser has: a Mandarin Web Speech voice, else the
 * server's audio if the server has an engine and the page may play sound,
 * else none, and why (reported to the server and shown to staff).
 */
export async function chooseSpeaker(
  onTrouble: OnTrouble,
  style: SpeechStyle = WALL_STYLE,
  audio: () => AudioContext | undefined = pageAudio,
): Promise<VoiceChoice> {
  const synth = typeof speechSynthesis === 'undefined' ? undefined : speechSynthesis;
  if (synth && typeof SpeechSynthesisUtterance !== 'undefined') {
    const voice = await mandarinVoice(synth);
    if (voice) return { report: { mode: 'browser' }, speaker: new BrowserSpeaker(synth, voice, onTrouble, style) };
  }
  if (!(await serverVoiceAvailable())) return { report: { mode: 'off', problem: 'no-voice' } };
  const context = audio();
  if (!context) return { report: { mode: 'off', problem: 'playback-failed' } };
  // Kept even when blocked: a staff member's tap resumes this same context.
  // A display box starting under load can take longer than RESUME_WAIT_MS to start its audio: it says
  // autoplay-blocked for now and looks again the moment the context runs, instead of staying silent.
  if (!(await running(context))) return { report: { mode: 'off', problem: 'autoplay-blocked' }, unblocked: whenRunning(context) };
  return { report: { mode: 'server' }, speaker: new ServerSpeaker(context, onTrouble, style) };
}

async function mandarinVoice(synth: SpeechSynthesis): Promise<SpeechSynthesisVoice | undefined> {
  const find = () => {
    const voices = synth.getVoices();
    return voices.find((v) => v.lang === 'zh-CN') ?? voices.find((v) => /^(zh|cmn)/i.test(v.lang));
  };
  const now = find();
  if (now || synth.getVoices().length > 0) return now;
  // Chromium lists its voices a moment after the page loads.
  return new Promise((ok) => {
    const timer = setTimeout(() => {
      synth.removeEventListener?.('voiceschanged', changed);
      ok(find());
    }, VOICES_WAIT_MS);
    const changed = () => {
      const v = find();
      if (!v) return;
      clearTimeout(timer);
      synth.removeEventListener?.('voiceschanged', changed);
      ok(v);
    };
    synth.addEventListener?.('voiceschanged', changed);
  });
}

async function serverVoiceAvailable(): Promise<boolean> {
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const res = await fetch(VOICE_PATHS.status, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
      const body = (await res.json()) as { status?: string };
      if (body.status !== 'checking') return body.status === 'available';
    } catch {
      return false;
    }
    // The server looks for its engine at start-up (a fraction of a second).
    await new Promise((ok) => setTimeout(ok, 500));
  }
  return false;
}

let audioContext: AudioContext | undefined;

/** One AudioContext per page (browsers allow only a few), made on first need. */
function pageAudio(): AudioContext | undefined {
  try {
    audioContext ??= typeof AudioContext === 'undefined' ? undefined : new AudioContext();
  } catch {
    audioContext = undefined;
  }
  return audioContext;
}

/** Whether the page may play sound now: a context that stays suspended means autoplay is blocked. */
function whenRunning(context: AudioContext): Promise<void> {
  return new Promise((ok) => {
    const changed = () => {
      if ((context.state as AudioContextState) !== 'running') return;
      context.removeEventListener('statechange', changed);
      ok();
    };
    context.addEventListener('statechange', changed);
    changed();
  });
}

async function running(context: AudioContext): Promise<boolean> {
  if (context.state === 'running') return true;
  await Promise.race([context.resume().catch(() => undefined), new Promise((ok) => setTimeout(ok, RESUME_WAIT_MS))]);
  // Read again: resume() may have changed it (TypeScript narrowed the first read).
  return (context.state as AudioContextState) === 'running';
}
