/**
 * 一次性告知 on a screen (the kiosk's confirm step, the clerk's panel): the same sections, in the same
 * order, as the printed slip and the phone page (state-machines/hall/notice.ts). The hall file's
 * content is Chinese; the headings follow the English switch. `missing`: papers marked 缺.
 */
import { materialForm, type Notice, promiseText } from '../../hall/notice.ts';
import { pick, type Lang } from './i18n.ts';
import './notice-view.css';

export const NOTICE_TEXT = {
  title: { zh: '一次性告知', en: 'What to bring (one-time notice)' },
  bundle: { zh: '一件事包含', en: 'This bundle covers' },
  materials: { zh: '申请材料', en: 'Papers to bring' },
  conditions: { zh: '受理条件', en: 'Who may apply' },
  steps: { zh: '办理流程', en: 'Steps' },
  promise: { zh: '承诺时限', en: 'Promised within' },
  fee: { zh: '收费标准', en: 'Fee' },
  basis: { zh: '办理依据', en: 'Legal basis' },
  forItems: { zh: '用于', en: 'For' },
  missing: { zh: '缺', en: 'Missing' },
} as const;

interface Props {
  notice: Notice;
  /** The hall's cases.defaultPromiseDays (an item that names no 承诺时限). */
  defaultPromiseDays: number;
  lang: Lang;
  /** Sections beyond the papers and conditions (steps, promise, fee, basis); the kiosk's confirm step shows them below. */
  full?: boolean;
  /** Papers to mark missing (by name). */
  missing?: ReadonlySet<string> | undefined;
}

export function NoticeView({ notice, defaultPromiseDays, lang, full = true, missing }: Props) {
  const list = (title: { zh: string; en: string }, lines: readonly string[], id: string) =>
    lines.length === 0 ? null : (
      <section class="notice__section" data-testid={`notice-${id}`}>
        <h3 class="notice__heading">{pick(lang, title)}</h3>
        <ol class="notice__list">
          {lines.map((l) => (
            <li key={l}>{l}</li>
          ))}
        </ol>
      </section>
    );
  return (
    <div class="notice" data-testid="notice">
      {notice.items.length > 0 && (
        <p class="notice__bundle" data-testid="notice-bundle">
          {pick(lang, NOTICE_TEXT.bundle)}：{notice.items.join('、')}
        </p>
      )}
      <section class="notice__section" data-testid="notice-materials">
        <h3 class="notice__heading">{pick(lang, NOTICE_TEXT.materials)}</h3>
        <ol class="notice__list notice__list--papers">
          {notice.materials.map((m) => {
            const lacking = missing?.has(m.name) ?? false;
            const form = materialForm(m, lang);
            return (
              <li key={m.name} class={lacking ? 'notice__paper notice__paper--missing' : 'notice__paper'} data-missing={lacking || undefined}>
                {lacking && <span class="notice__missing">{pick(lang, NOTICE_TEXT.missing)}</span>}
                <span class="notice__paper-name">{m.name}</span>
                {form && <span class="notice__form">{form}</span>}
                {m.note && <span class="notice__note">{m.note}</span>}
                {m.forItems && m.forItems.length > 1 && (
                  <span class="notice__for">
                    {pick(lang, NOTICE_TEXT.forItems)}：{m.forItems.join('、')}
                  </span>
                )}
              </li>
            );
          })}
        </ol>
      </section>
      {list(NOTICE_TEXT.conditions, notice.conditions, 'conditions')}
      {full && list(NOTICE_TEXT.steps, notice.steps, 'steps')}
      {full && (
        <p class="notice__line" data-testid="notice-promise">
          <b>{pick(lang, NOTICE_TEXT.promise)}</b>：{promiseText(notice, defaultPromiseDays, lang)}
          {notice.fee && (
            <>
              {'　'}
              <b>{pick(lang, NOTICE_TEXT.fee)}</b>：{notice.fee}
            </>
          )}
        </p>
      )}
      {full && list(NOTICE_TEXT.basis, notice.basis, 'basis')}
    </div>
  );
}
