/**
 * Two languages: Chinese first (every screen opens in zh-CN), English on
 * request. Texts are kept as `{ zh, en }` pairs beside the screens that use
 * them, so a missing translation is a compile error rather than a blank.
 */
import type { BilingualName } from '../../config/hall-config.ts';
import type { UiError } from './command.ts';

export type Lang = 'zh' | 'en';
export type Text = BilingualName;

export function pick(lang: Lang, text: Text): string {
  return text[lang];
}

export function errorText(lang: Lang, error: UiError): string {
  return lang === 'zh' ? error.message : error.messageEn;
}

/** The `lang` attribute for the page, so screen readers and fonts pick the right rules. */
export function htmlLang(lang: Lang): string {
  return lang === 'zh' ? 'zh-CN' : 'en';
}
