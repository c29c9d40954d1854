/**
 * The clerk's keys: one mapping for the window panel's keyboard and the
 * hardware calling keypad (叫号器). A clerk presses these hundreds of times a
 * day; F1…F10 sit in one row above the letters, free of any text a clerk types,
 * and a keypad programmed to send the same function keys acts exactly like the
 * keyboard (its `keys` default to these: peripherals-config.ts).
 *
 * One key may serve two buttons that are never offered together: F9 暂停 while
 * serving, 恢复 while paused; F10 开窗 while closed, 关窗 while open.
 */

/** The panel's counter buttons a key can press (window-panel/counter-card.tsx). */
export type CounterButton =
  | 'call-next'
  | 'recall'
  | 'start'
  | 'complete'
  | 'no-show'
  | 'transfer'
  | 'park'
  | 'cancel'
  | 'pause'
  | 'resume-window'
  | 'open'
  | 'close';

export type CounterKey = 'F1' | 'F2' | 'F3' | 'F4' | 'F5' | 'F6' | 'F7' | 'F8' | 'F9' | 'F10';

export interface CounterKeyEntry {
  key: CounterKey;
  buttons: readonly CounterButton[];
  /** What the help overlay says the key does. */
  zh: string;
  en: string;
}

export const COUNTER_KEYS: readonly CounterKeyEntry[] = [
  { key: 'F1', buttons: ['call-next'], zh: '呼叫下一位', en: 'Call next' },
  { key: 'F2', buttons: ['recall'], zh: '重呼', en: 'Call again' },
  { key: 'F3', buttons: ['start'], zh: '开始办理', en: 'Start service' },
  { key: 'F4', buttons: ['complete'], zh: '办结', en: 'Complete' },
  { key: 'F5', buttons: ['no-show'], zh: '过号', en: 'No-show' },
  { key: 'F6', buttons: ['transfer'], zh: '转办', en: 'Transfer' },
  { key: 'F7', buttons: ['park'], zh: '挂起', en: 'Park' },
  { key: 'F8', buttons: ['cancel'], zh: '作废', en: 'Void' },
  { key: 'F9', buttons: ['pause', 'resume-window'], zh: '暂停服务 / 恢复服务', en: 'Pause / resume' },
  { key: 'F10', buttons: ['open', 'close'], zh: '开窗 / 关窗', en: 'Open / close window' },
];

/** The key that presses `button`, if any (a panel button of another kind has none). */
export function counterKeyOf(button: string): CounterKey | undefined {
  return COUNTER_KEYS.find((k) => (k.buttons as readonly string[]).includes(button))?.key;
}

export function isCounterKey(key: string): key is CounterKey {
  return COUNTER_KEYS.some((k) => k.key === key);
}

/** What a hardware calling keypad can do: the steps that need no reason typed (a keypad 暂停 is a break). */
export const KEYPAD_ACTIONS = ['call-next', 'start', 'complete', 'recall', 'no-show', 'pause'] as const;
export type KeypadAction = (typeof KEYPAD_ACTIONS)[number];

/** USB HID keyboard usage of F1…F12 (HID Usage Tables, Keyboard/Keypad page: F1 = 0x3A … F12 = 0x45). */
export function functionKeyUsage(key: CounterKey): number {
  return 0x3a + Number(key.slice(1)) - 1;
}

/** A calling keypad's keys when the hall file names none: the keyboard's function keys, as `"0x3a": "call-next"`. */
export function defaultKeypadKeys(): Record<string, KeypadAction> {
  const keys: Record<string, KeypadAction> = {};
  for (const action of KEYPAD_ACTIONS) {
    const key = counterKeyOf(action);
    if (key) keys[`0x${functionKeyUsage(key).toString(16)}`] = action;
  }
  return keys;
}
