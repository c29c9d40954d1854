/** Browser contexts shaped like the hall's devices, with a recording stand-in for speech. */
import { expect, type Browser, type Page } from '@playwright/test';

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
