/** Browser contexts shaped like the hall's devices, with a recording stand-in for speech. */
import type { Browser, Page } from '@playwright/test';

export const PORTRAIT = { width: 1080, height: 1920 };
export const LANDSCAPE = { width: 1920, height: 1080 };
export const DESK = { width: 1366, height: 768 };

declare global {
  interface Window {
    /** Every utterance spoken, in order; "OVERLAP" if one started while another was playing. */
    spokenForTest?: string[];
  }
}

export type Speech = 'recorded' | 'missing' | 'browser';

export async function devicePage(browser: Browser, viewport: { width: number; height: number }, speech: Speech = 'browser'): Promise<Page> {
  const context = await browser.newContext({ viewport });
  if (speech === 'recorded') await context.addInitScript(recordSpeech);
  if (speech === 'missing') {
    await context.addInitScript(() => {
      Object.defineProperty(window, 'speechSynthesis', { value: undefined, configurable: true });
    });
  }
  return context.newPage();
}

/** Runs in the page: a speechSynthesis that takes 300 ms per utterance and remembers what it said. */
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
    getVoices: () => [],
  };
  Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true });
}

export async function spoken(page: Page): Promise<string[]> {
  return page.evaluate(() => [...(window.spokenForTest ?? [])]);
}
