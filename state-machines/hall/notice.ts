/**
 * 一次性告知 (README § Items and bundles): what a visitor must know, once and completely, before
 * coming to the window for an item or a 一件事 bundle — the same words on the kiosk's confirm step,
 * the printed slip, the ticket's phone page and the clerk's panel. Pure: from the hall file only.
 *
 * A ticket's itemId names an item or a bundle (their ids share one namespace, checked by the hall
 * file's validation), so everything that shows "the item of a ticket" asks `choiceOf`.
 */
import type { BundleConfig, ItemConfig, MaterialConfig, PublicHallConfig } from '../config/hall-config.ts';

type Items = Pick<PublicHallConfig, 'items' | 'bundles'>;

/** What a visitor chooses at the kiosk: an item, or a bundle with its items. */
export interface Choice {
  id: string;
  name: string;
  nameEn?: string | undefined;
  queue: string;
  /** 拼音首字母 (the loader fills it), for the kiosk's search. */
  pinyin?: string | undefined;
  /** A 一件事 bundle's items, in the hall file's order; undefined for a single item. */
  bundle?: ItemConfig[] | undefined;
}

export interface NoticeMaterial {
  name: string;
  form?: 'original' | 'copy' | 'both' | undefined;
  copies?: number | undefined;
  note?: string | undefined;
  /** In a bundle: the items that ask for this paper (each paper is listed once). */
  forItems?: string[] | undefined;
}

export interface Notice {
  id: string;
  name: string;
  nameEn?: string | undefined;
  queue: string;
  /** A bundle's items by name; empty for a single item. */
  items: string[];
  basis: string[];
  conditions: string[];
  materials: NoticeMaterial[];
  steps: string[];
  /** 承诺时限 in working days; undefined: the hall's default applies (cases.defaultPromiseDays). */
  promiseDays?: number | undefined;
  fee?: string | undefined;
}

export function choiceOf(config: Items, id: string | undefined): Choice | undefined {
  if (id === undefined) return undefined;
  const item = config.items.find((i) => i.id === id);
  if (item) return { id: item.id, name: item.name, nameEn: item.nameEn, queue: item.queue, pinyin: item.pinyin };
  const bundle = (config.bundles ?? []).find((b) => b.id === id);
  return bundle && { id: bundle.id, name: bundle.name, nameEn: bundle.nameEn, queue: bundle.queue, pinyin: bundle.pinyin, bundle: itemsOf(config, bundle) };
}

/** Every item and bundle a visitor may choose, bundles first (一件事 is the hall's showcase), then items in the hall file's order. */
export function choices(config: Items): Choice[] {
  const out: Choice[] = [];
  for (const b of config.bundles ?? []) {
    const c = choiceOf(config, b.id);
    if (c) out.push(c);
  }
  for (const i of config.items) out.push({ id: i.id, name: i.name, nameEn: i.nameEn, queue: i.queue, pinyin: i.pinyin });
  return out;
}

/** The 一次性告知 of an item or a bundle; undefined for an unknown id. */
export function noticeFor(config: Items, id: string): Notice | undefined {
  const item = config.items.find((i) => i.id === id);
  if (item) {
    return {
      id: item.id,
      name: item.name,
      nameEn: item.nameEn,
      queue: item.queue,
      items: [],
      basis: item.basis ?? [],
      conditions: item.conditions ?? [],
      materials: item.materials.map(toMaterial),
      steps: item.steps ?? [],
      promiseDays: item.promiseDays,
      fee: item.fee,
    };
  }
  const bundle = (config.bundles ?? []).find((b) => b.id === id);
  return bundle && bundleNotice(config, bundle);
}

/** One 一次性告知 for a bundle: each paper once (by name; the larger number of copies, both forms if items differ), with the items that ask for it. */
function bundleNotice(config: Items, bundle: BundleConfig): Notice {
  const items = itemsOf(config, bundle);
  const byName = new Map<string, NoticeMaterial>();
  for (const item of items) {
    for (const raw of item.materials) {
      const m = toMaterial(raw);
      const seen = byName.get(m.name);
      if (!seen) {
        byName.set(m.name, { ...m, forItems: [item.name] });
        continue;
      }
      seen.forItems = [...(seen.forItems ?? []), item.name];
      seen.form = mergeForms(seen.form, m.form);
      if (m.copies !== undefined) seen.copies = Math.max(seen.copies ?? 0, m.copies);
      seen.note ??= m.note;
    }
  }
  const promises = items.map((i) => i.promiseDays);
  return {
    id: bundle.id,
    name: bundle.name,
    nameEn: bundle.nameEn,
    queue: bundle.queue,
    items: items.map((i) => i.name),
    basis: once(items.flatMap((i) => i.basis ?? [])),
    conditions: once([...(bundle.conditions ?? []), ...items.flatMap((i) => i.conditions ?? [])]),
    materials: [...byName.values()],
    steps: bundle.steps ?? once(items.flatMap((i) => i.steps ?? [])),
    promiseDays: bundle.promiseDays ?? (promises.every((d) => d !== undefined) ? Math.max(...promises) : undefined),
    fee: bundle.fee ?? (once(items.flatMap((i) => (i.fee === undefined ? [] : [i.fee]))).join('；') || undefined),
  };
}

/** 承诺时限 of the item or bundle a ticket carries (a bundle without its own: the longest of its items'). */
export function promiseDaysOf(config: Items, id: string | undefined): number | undefined {
  return id === undefined ? undefined : noticeFor(config, id)?.promiseDays;
}

/** "原件及复印件各1份" — what of the paper to bring, the hall's words (empty for a plain name). */
export function materialForm(m: Pick<NoticeMaterial, 'form' | 'copies'>, lang: 'zh' | 'en' = 'zh'): string {
  const form = m.form === undefined ? '' : FORM_TEXT[m.form][lang];
  if (m.copies === undefined) return form;
  const copies = lang === 'zh' ? `${m.form === 'both' ? '各' : ''}${m.copies}份` : `${m.copies} ${m.copies === 1 ? 'copy' : 'copies'}`;
  return form ? `${form}${lang === 'zh' ? '' : ', '}${copies}` : copies;
}

/** One line of the list: "居民身份证（原件及复印件各1份；近3个月内）". */
export function materialLine(m: NoticeMaterial, lang: 'zh' | 'en' = 'zh'): string {
  const detail = [materialForm(m, lang), m.note].filter((s) => s !== undefined && s !== '').join('；');
  return detail ? `${m.name}（${detail}）` : m.name;
}

const FORM_TEXT = {
  original: { zh: '原件', en: 'original' },
  copy: { zh: '复印件', en: 'photocopy' },
  both: { zh: '原件及复印件', en: 'original and photocopy' },
} as const;

/**
 * 不予受理 for missing papers: which lines of the notice the clerk marked missing (by name), and
 * what was missing that the list does not name (the clerk typed it), so the slip lists exactly that.
 */
export function missingOf(notice: Pick<Notice, 'materials'>, missing: readonly string[]): { marked: Set<string>; others: string[] } {
  const names = new Set(notice.materials.map((m) => m.name));
  return { marked: new Set(missing.filter((m) => names.has(m))), others: missing.filter((m) => !names.has(m)) };
}

function toMaterial(m: MaterialConfig): NoticeMaterial {
  return { name: m.name, form: m.form, copies: m.copies, note: m.note };
}

function mergeForms(a: NoticeMaterial['form'], b: NoticeMaterial['form']): NoticeMaterial['form'] {
  if (a === undefined) return b;
  if (b === undefined || a === b) return a;
  return 'both';
}

function itemsOf(config: Items, bundle: BundleConfig): ItemConfig[] {
  return bundle.items.flatMap((id) => config.items.filter((i) => i.id === id));
}

function once(lines: string[]): string[] {
  return [...new Set(lines)];
}

/** 承诺时限 in the hall's words: "20个工作日", or 即办 for 0. `days` undefined: the hall's default (cases.defaultPromiseDays). */
export function promiseText(notice: Pick<Notice, 'promiseDays'>, defaultDays: number, lang: 'zh' | 'en' = 'zh'): string {
  const days = notice.promiseDays ?? defaultDays;
  if (days === 0) return lang === 'zh' ? '即办（当场办结）' : 'Done on the spot';
  return lang === 'zh' ? `${days}个工作日` : `${days} working day${days === 1 ? '' : 's'}`;
}
