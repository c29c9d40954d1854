/**
 * 事项 and 一件事 (README § Items and bundles): the hall file's 一次性告知书 fields and their validation,
 * the notice built from them (a bundle's papers merged, each once), and the kiosk's search by 汉字
 * and by 拼音首字母 — the initials filled by the server's loader.
 */
import { describe, expect, it } from 'vitest';
import { formatConfigError, hallConfigSchema } from '../../state-machines/config/hall-config.ts';
import { choiceOf, choices, materialLine, missingOf, noticeFor, promiseDaysOf, promiseText } from '../../state-machines/hall/notice.ts';
import { searchChoices } from '../../state-machines/hall/item-search.ts';
import { initialsOf } from '../../server/config/item-pinyin.ts';
import { demoConfig, type LooseHallFile } from '../support/demo.ts';

const ids = (query: string) => searchChoices(choices(demoConfig), query).map((c) => c.id);

describe('the kiosk search (汉字 and 拼音首字母)', () => {
  it('finds 不动产 items by "bdc", by 汉字, and ranks a match at the start first', () => {
    const byInitials = ids('bdc');
    expect(byInitials.slice(0, 3).sort()).toEqual(['mortgage-registration', 'property-record-inquiry', 'resale-transfer']);
    expect(ids('不动产').sort()).toEqual(['mortgage-registration', 'property-record-inquiry', 'resale-transfer']);
    // Inside the initials too: 新建商品房转移登记 (xjspfzydj) holds "zydj".
    expect(ids('zydj')).toContain('new-housing-transfer');
    expect(ids('BDC')).toEqual(byInitials);
  });

  it('finds a 一件事 bundle like an item, and nothing for a query that matches nothing or is empty', () => {
    expect(ids('xsecs')).toEqual(['newborn-one-thing']);
    expect(ids('一件事').sort()).toEqual(['newborn-one-thing', 'restaurant-one-thing']);
    expect(ids('qqqq')).toEqual([]);
    expect(ids('   ')).toEqual([]);
  });

  it('searches the English names under the English switch', () => {
    expect(ids('mortgage')).toEqual(['mortgage-registration']);
  });

  it('takes the initials from words (多音字 read in context), letters only', () => {
    expect(initialsOf('不动产登记（二手房转移）')).toBe('bdcdjesfzy');
    expect(initialsOf('重新办理')).toBe('cxbl');
    expect(initialsOf('新生儿出生“一件事”')).toBe('xsecsyjs');
    // The loader filled every item's (demoConfig comes through it); one written in the file is kept.
    expect(demoConfig.items.every((i) => i.pinyin !== undefined && /^[a-z]+$/.test(i.pinyin))).toBe(true);
  });
});

describe('the 一次性告知 of an item and of a bundle', () => {
  it('reads an item fully: basis, conditions, papers with 原件/复印件 and 份数, steps, promise, fee', () => {
    const n = noticeFor(demoConfig, 'resale-transfer');
    expect(n?.basis[0]).toContain('民法典');
    expect(n?.conditions.length).toBeGreaterThan(0);
    expect(n?.materials.map((m) => materialLine(m))).toContain('买卖双方居民身份证（原件及复印件各1份）');
    expect(n?.steps.length).toBeGreaterThan(2);
    expect(n && promiseText(n, 20)).toBe('5个工作日');
    expect(n?.fee).toContain('80元');
  });

  it('keeps a plain-string paper as it was written', () => {
    const n = noticeFor(demoConfig, 'cross-province');
    expect(n?.materials.some((m) => m.name === '办理地事项清单所列其他申请材料' && m.form === undefined)).toBe(true);
  });

  it('merges a bundle: each paper once (both forms, the larger number of copies), with the items that ask for it', () => {
    const n = noticeFor(demoConfig, 'newborn-one-thing');
    expect(n?.items).toEqual(['出生登记', '城乡居民医保参保登记（新生儿）', '社会保障卡申领']);
    const birth = n?.materials.filter((m) => m.name === '《出生医学证明》') ?? [];
    expect(birth).toHaveLength(1);
    expect(birth[0]?.form).toBe('both');
    expect(birth[0]?.forItems).toEqual(['出生登记', '城乡居民医保参保登记（新生儿）']);
    const names = n?.materials.map((m) => m.name) ?? [];
    expect(new Set(names).size).toBe(names.length);
    expect(promiseDaysOf(demoConfig, 'newborn-one-thing')).toBe(10);
    expect(choiceOf(demoConfig, 'newborn-one-thing')?.bundle?.map((i) => i.id)).toEqual(['birth-registration', 'newborn-medical', 'social-security-card']);
  });

  it('says 即办 for a promise of 0 and the hall default when an item names none', () => {
    expect(promiseText({ promiseDays: 0 }, 20)).toBe('即办（当场办结）');
    expect(promiseText({ promiseDays: undefined }, 20, 'en')).toBe('20 working days');
  });

  it("splits a turned-away visitor's missing papers into the marked lines and the ones the list does not name", () => {
    const n = noticeFor(demoConfig, 'resale-transfer');
    const gone = n && missingOf(n, ['不动产权证书', '法院判决书']);
    expect([...(gone?.marked ?? [])]).toEqual(['不动产权证书']);
    expect(gone?.others).toEqual(['法院判决书']);
  });
});

describe('validation of the new fields names every bad field', () => {
  const parse = (edit: (hall: LooseHallFile) => void) => {
    const file = structuredClone(demoConfig) as LooseHallFile;
    edit(file);
    const result = hallConfigSchema.safeParse(file);
    return result.success ? '' : formatConfigError(result.error);
  };

  it('refuses a paper with an unknown form, no name or zero copies, and an over-long fee', () => {
    const text = parse((h) => {
      h.items[0].materials[0] = { name: '身份证', form: 'scan' };
      h.items[1].materials[1] = { name: '', copies: 0 };
      h.items[2].fee = 'x'.repeat(200);
      h.items[3].pinyin = 'BDC';
    });
    expect(text).toContain('items[0].materials[0].form');
    expect(text).toContain('items[1].materials[1].name');
    expect(text).toContain('items[1].materials[1].copies');
    expect(text).toContain('items[2].fee');
    expect(text).toContain('items[3].pinyin');
  });

  it('refuses a bundle of unknown items, one item twice, an unknown queue, or an id an item already has', () => {
    const text = parse((h) => {
      h.bundles[0].items = ['birth-registration', 'no-such-item', 'birth-registration'];
      h.bundles[1].queue = 'nowhere';
      h.bundles.push({ id: 'resale-transfer', name: '重名', queue: 'real-estate', items: ['resale-transfer', 'deed-tax'] });
    });
    expect(text).toContain('bundles[0].items[1]: unknown item "no-such-item"');
    expect(text).toContain('bundles[0].items[2]: item "birth-registration" listed twice');
    expect(text).toContain('bundles[1].queue: unknown queue "nowhere"');
    expect(text).toContain(`bundles[2].id: "resale-transfer" is already an item's id`);
  });

  it('still reads a hall file of before: plain-string papers, no bundles', () => {
    const old = structuredClone(demoConfig) as LooseHallFile;
    delete old.bundles;
    for (const it of old.items) {
      it.materials = it.materials.map((m: string | { name: string }) => (typeof m === 'string' ? m : m.name));
      for (const k of ['basis', 'conditions', 'steps', 'fee', 'pinyin']) delete it[k];
    }
    const parsed = hallConfigSchema.safeParse(old);
    expect(parsed.success).toBe(true);
    expect(parsed.success && parsed.data.bundles).toEqual([]);
  });
});
