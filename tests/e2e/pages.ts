/** Browser contexts shaped like the hall's devices, with a recording stand-in for speech. */
import { expect, type Browser, type Page } from '@playwright/test';

export const PORTRAIT = { width: 1080, height: 1920 };
export const LANDSCAPE = { width: 1920, height: 1080 };
export const DESK = { width: 1366, height: 768 };

declare global {
  interface Window {
    /** Every utterance spoken, in order; "OVERLAP" if one started while another was playing. */
    spokenForTest?: string[];
    /** Every sound played through Web Audio (the server's call audio), in order. */
    playedForTest?: PlayedSound[];
  }
}

export interface PlayedSound {
  /** Length of the sound, seconds. */
  seconds: number;
  /** Another sound was still playing when this one started. */
  overlap: boolean;
}

/**
 * How the page can speak: `recorded` a Mandarin Web Speech voice that records
 * what it says; `missing` no Web Speech at all (Debian's Chromium), so the
 * display plays the server's audio, recorded as it plays; `blocked` no Web
 * Speech and autoplay blocked (Web Audio stays suspended); `browser` as the
 * browser is.
 */
export type Speech = 'recorded' | 'missing' | 'blocked' | 'browser';

export async function devicePage(browser: Browser, viewport: { width: number; height: number }, speech: Speech = 'browser'): Promise<Page> {
  const context = await browser.newContext({ viewport });
  if (speech === 'recorded') await context.addInitScript(recordSpeech);
  if (speech === 'missing' || speech === 'blocked') {
    await context.addInitScript(() => {
      Object.defineProperty(window, 'speechSynthesis', { value: undefined, configurable: true });
    });
    await context.addInitScript(recordAudio);
  }
  if (speech === 'blocked') await context.addInitScript(blockAutoplay);
  return context.newPage();
}

/** Runs in the page: remember every Web Audio sound started, and whether it overlapped one still playing. */
function recordAudio() {
  const played: PlayedSound[] = [];
  window.playedForTest = played;
  let playing = 0;
  const start = AudioBufferSourceNode.prototype.start;
  AudioBufferSourceNode.prototype.start = function (this: AudioBufferSourceNode, ...args: Parameters<AudioBufferSourceNode['start']>) {
    played.push({ seconds: this.buffer?.duration ?? 0, overlap: playing > 0 });
    playing++;
    this.addEventListener('ended', () => playing--);
    return start.apply(this, args);
  };
}

/** Runs in the page: Chromium without --autoplay-policy=no-user-gesture-required, nobody touching the screen. */
function blockAutoplay() {
  Object.defineProperty(AudioContext.prototype, 'state', { get: () => 'suspended', configurable: true });
  AudioContext.prototype.resume = () => new Promise<void>(() => undefined);
}

export async function played(page: Page): Promise<PlayedSound[]> {
  return page.evaluate(() => [...(window.playedForTest ?? [])]);
}

/** Runs in the page: a speechSynthesis with a Mandarin voice that takes 300 ms per utterance and remembers what it said. */
function recordSpeech() {
  const spoken: string[] = [];
  let speaking = false;
  window.spokenForTest = spoken;
  const synth = {
    speak(utterance: SpeechSynthesisUtterance) {
      spoken.push(speaking ? 'OVERLAP' : utterance.text);
      speaking = true;
      setTimeout(() => {
        speaking = false;
        utterance.dispatchEvent(new SpeechSynthesisEvent('end', { utterance }));
      }, 300);
    },
    cancel() {
      speaking = false;
    },
    getVoices: () => [{ lang: 'zh-CN', name: 'Test Mandarin', default: true, localService: true, voiceURI: 'test-zh' }],
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
  };
  Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true });
}

export async function spoken(page: Page): Promise<string[]> {
  return page.evaluate(() => [...(window.spokenForTest ?? [])]);
}

/** A clerk's panel at a desk screen, signed in to `window`, or the 值班主任台 for 'supervisor' (PIN of the demo hall). */
export async function signInPanel(browser: Browser, hallUrl: string, staffId: string, window: number | 'supervisor'): Promise<Page> {
  const panel = await devicePage(browser, DESK);
  await panel.goto(`${hallUrl}/window-panel/`);
  await panel.getByTestId('login-staff').fill(staffId);
  await panel.getByTestId('login-pin').fill('123456');
  await panel.getByTestId('login-window').selectOption(String(window));
  await panel.getByTestId('login-submit').click();
  if (window === 'supervisor') await expect(panel.getByTestId('supervisor-title')).toContainText('值班主任台');
  else await expect(panel.getByTestId('panel-window')).toContainText(`${window} 号窗口`);
  return panel;
}
