/**
 * The kiosk's 事项 search: by 汉字 ("不动产"), by 拼音首字母 ("bdc" finds 不动产登记…), or by the English
 * name under the English switch. The initials come precomputed in the public hall file (the server's
 * loader fills `pinyin` from each name), so the kiosk ships no dictionary.
 */
import type { Choice } from './notice.ts';

/** At most this many answers are shown (the screen has room for a page; a longer query narrows it). */
export const SEARCH_LIMIT = 40;

export function searchChoices(all: readonly Choice[], query: string): Choice[] {
  const q = query.trim().toLowerCase().replace(/\s+/g, '').slice(0, 30);
  if (q === '') return [];
  const scored: { choice: Choice; score: number; order: number }[] = [];
  all.forEach((choice, order) => {
    const score = scoreOf(choice, q);
    if (score > 0) scored.push({ choice, score, order });
  });
  return scored
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .slice(0, SEARCH_LIMIT)
    .map((s) => s.choice);
}

/** A match at the start of the name or the initials ranks above one inside; 0: no match. */
function scoreOf(c: Choice, q: string): number {
  const name = c.name.toLowerCase();
  const initials = c.pinyin ?? '';
  const en = (c.nameEn ?? '').toLowerCase();
  if (name.startsWith(q) || (/^[a-z]+$/.test(q) && initials.startsWith(q))) return 3;
  if (name.includes(q) || (/^[a-z]+$/.test(q) && initials.includes(q))) return 2;
  if (q.length >= 2 && en.includes(q)) return 1;
  return 0;
}
