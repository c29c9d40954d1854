/**
 * 拼音首字母 for the kiosk's 事项 search ("bdc" finds 不动产登记…): computed here, once, when the hall
 * file is loaded, into each item's and bundle's `pinyin` — so the public hall file carries a few letters
 * per item and the kiosk ships no dictionary. A `pinyin` written in the hall file is kept (it settles a
 * 多音字 the library reads otherwise). pinyin-pro segments words, so 重新 is "cx" and 银行 "yh".
 */
import { pinyin } from 'pinyin-pro';
import type { HallConfig } from '../../state-machines/config/hall-config.ts';

/** The initials of a name: letters only ("新生儿出生“一件事”" → "xsecsyjs"), at most 60 (the schema's bound). */
export function initialsOf(name: string): string {
  return pinyin(name, { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'consecutive' })
    .join('')
    .toLowerCase()
    .replace(/[^a-z]/g, '')
    .slice(0, 60);
}

export function withPinyin(config: HallConfig): HallConfig {
  const fill = <T extends { name: string; pinyin?: string | undefined }>(x: T): T => {
    if (x.pinyin !== undefined) return x;
    const initials = initialsOf(x.name);
    return initials === '' ? x : { ...x, pinyin: initials };
  };
  return { ...config, items: config.items.map(fill), bundles: config.bundles.map(fill) };
}
