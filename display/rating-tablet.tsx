/**
 * 评价器: a tablet facing the visitor at one window (a display device bound
 * to the window with `layout: "rating"`). After 办结 it asks 请您对本次服务进行评价
 * with five large buttons and no default; for 不满意 and below the reasons to
 * tick and a short text; the hall's optional secondary items. It rates the
 * service just completed at its own window, within the hall's window time
 * (`ratings.windowSeconds`), then says 感谢您的评价. Nothing personal: only the
 * clerk's public name and 工号 already on the window screen. Chinese first,
 * English on a switch; large type for older visitors.
 */
import { useEffect, useState } from 'preact/hooks';
import type { HallView } from '../state-machines/client/hall-sync.ts';
import { useHallNow } from '../state-machines/client/web/clock.ts';
import type { Outcome } from '../state-machines/client/web/command.ts';
import { clerkOf } from '../state-machines/client/web/hall-names.ts';
import { errorText, htmlLang, type Lang, type Text } from '../state-machines/client/web/i18n.ts';
import { isPoorRating, RATING_LEVEL_NAMES, RATING_LEVELS, type RatingLevel, type RatingRecord } from '../state-machines/domain/rating.ts';
import type { RatingChoice } from '../state-machines/protocol/messages.ts';
import type { RatingResult } from '../state-machines/protocol/socket-events.ts';

export type RateService = (ticketId: string, choice: RatingChoice) => Promise<Outcome<RatingResult>>;

/** How long 感谢您的评价 stays after a rating (then the tablet waits for the next service). */
const THANKS_MS = 15_000;

const T = {
  invite: { zh: '请您对本次服务进行评价', en: 'Please rate the service you received' },
  overall: { zh: '总体评价', en: 'Overall' },
  reasons: { zh: '请选择不满意的原因（可多选）', en: 'What went wrong? (choose any)' },
  text: { zh: '您的意见（可选，200 字以内）', en: 'Your comments (optional, up to 200 characters)' },
  secondary: { zh: '分项评价（可选）', en: 'Details (optional)' },
  submit: { zh: '提交评价', en: 'Submit' },
  sending: { zh: '正在提交…', en: 'Sending…' },
  thanks: { zh: '感谢您的评价', en: 'Thank you for your rating' },
  welcome: { zh: '欢迎您，办结后可在此对本次服务进行评价', en: 'Welcome. After your service you can rate it here.' },
  anonymous: { zh: '评价匿名，窗口工作人员看不到您的评价', en: 'Anonymous: the clerk cannot see your rating' },
  clerk: { zh: '服务人员', en: 'Served by' },
  switchTo: { zh: 'English', en: '中文' },
  windowN: { zh: '号窗口', en: 'Window' },
} satisfies Record<string, Text>;

/** The service this tablet may rate now: its window's newest invitation still within the window time. */
function ratable(view: HallView, windowNumber: number, now: number): RatingRecord | undefined {
  let newest: RatingRecord | undefined;
  for (const r of Object.values(view.state.ratings ?? {})) {
    if (r.window !== windowNumber || (newest && newest.completedAt >= r.completedAt)) continue;
    newest = r;
  }
  return newest?.status === 'invited' && now <= newest.windowUntil ? newest : undefined;
}

/** Rated a moment ago (here, on the pad or on a phone): the tablet thanks the visitor. */
function justRated(view: HallView, windowNumber: number, now: number): boolean {
  return Object.values(view.state.ratings ?? {}).some(
    (r) => r.window === windowNumber && r.status === 'rated' && r.closedAt !== undefined && now - r.closedAt < THANKS_MS,
  );
}

export function RatingTablet({ view, windowNumber, rate }: { view: HallView; windowNumber: number; rate: RateService }) {
  const now = useHallNow(view.clockOffsetMs, 1_000);
  const [lang, setLang] = useState<Lang>('zh');
  const service = ratable(view, windowNumber, now);
  const win = view.config.windows.find((w) => w.number === windowNumber);
  const record = view.state.windows[String(windowNumber)];
  const clerk = clerkOf(view.config, service?.clerkId ?? (record?.status === 'closed' ? undefined : record?.clerkId));
  const t = (text: Text) => text[lang];

  useEffect(() => {
    document.documentElement.lang = htmlLang(lang);
  }, [lang]);

  return (
    <main class="rating-tablet" data-testid="rating-tablet" data-state={service ? 'invite' : justRated(view, windowNumber, now) ? 'thanks' : 'idle'}>
      <header class="rating-tablet__head">
        <h1 class="rating-tablet__window">
          {lang === 'zh' ? `${windowNumber} ${T.windowN.zh}` : `${T.windowN.en} ${windowNumber}`}
          {win ? ` · ${lang === 'en' ? (win.nameEn ?? win.name) : win.name}` : ''}
        </h1>
        {clerk && (
          <span class="rating-tablet__clerk" data-testid="rating-clerk">
            {t(T.clerk)}：{clerk.name}（{clerk.id}）
          </span>
        )}
        <button type="button" class="rating-tablet__lang" lang={lang === 'zh' ? 'en' : 'zh-CN'} onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>
          {t(T.switchTo)}
        </button>
      </header>
      {service ? (
        <RatingForm
          key={service.ticketId}
          service={service}
          lang={lang}
          rate={rate}
          reasons={view.config.ratings?.reasons ?? []}
          secondary={view.config.ratings?.secondary ?? []}
        />
      ) : justRated(view, windowNumber, now) ? (
        <p class="rating-tablet__thanks" role="status" data-testid="rating-thanks">
          {t(T.thanks)}
        </p>
      ) : (
        <p class="rating-tablet__idle">{t(T.welcome)}</p>
      )}
    </main>
  );
}

type Named = { id: string; zh: string; en: string };

function RatingForm({
  service,
  lang,
  rate,
  reasons,
  secondary,
}: {
  service: RatingRecord;
  lang: Lang;
  rate: RateService;
  reasons: Named[];
  secondary: Named[];
}) {
  const [level, setLevel] = useState<RatingLevel>();
  const [ticked, setTicked] = useState<string[]>([]);
  const [text, setText] = useState('');
  const [items, setItems] = useState<Record<string, RatingLevel>>({});
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<string>();
  const t = (x: Text) => x[lang];
  const poor = level !== undefined && isPoorRating(level);

  const submit = async () => {
    if (level === undefined || sending) return;
    setSending(true);
    setProblem(undefined);
    const chosen = Object.entries(items).map(([id, l]) => ({ id, level: l }));
    const outcome = await rate(service.ticketId, {
      level,
      reasons: poor && ticked.length > 0 ? ticked : undefined,
      text: poor && text.trim() !== '' ? text.trim() : undefined,
      secondary: chosen.length > 0 ? chosen : undefined,
    });
    setSending(false);
    // Accepted: the rating's lifecycle arrives as a delta and the tablet thanks the visitor.
    if (!outcome.ok) setProblem(errorText(lang, outcome.error));
  };

  return (
    <section class="rating-form" data-testid="rating-form" aria-labelledby="rating-invite">
      <h2 id="rating-invite" class="rating-form__invite">
        {t(T.invite)}
      </h2>
      <fieldset class="rating-levels">
        <legend class="visually-hidden">{t(T.overall)}</legend>
        {RATING_LEVELS.map((l) => (
          <button
            type="button"
            key={l}
            class={`rating-level rating-level--${l}`}
            aria-pressed={level === l}
            data-testid={`rating-level-${l}`}
            onClick={() => setLevel(l)}
          >
            {RATING_LEVEL_NAMES[l][lang]}
          </button>
        ))}
      </fieldset>
      {poor && (
        <fieldset class="rating-reasons">
          <legend>{t(T.reasons)}</legend>
          {reasons.map((r) => (
            <button
              type="button"
              key={r.id}
              class="rating-reason"
              aria-pressed={ticked.includes(r.id)}
              data-testid={`rating-reason-${r.id}`}
              onClick={() => setTicked(ticked.includes(r.id) ? ticked.filter((x) => x !== r.id) : [...ticked, r.id])}
            >
              {r[lang]}
            </button>
          ))}
          <label class="rating-text">
            {t(T.text)}
            <textarea maxLength={200} rows={2} value={text} onInput={(e) => setText(e.currentTarget.value)} data-testid="rating-text" />
          </label>
        </fieldset>
      )}
      {secondary.length > 0 && level !== undefined && (
        <fieldset class="rating-secondary">
          <legend>{t(T.secondary)}</legend>
          {secondary.map((s) => (
            <fieldset class="rating-secondary__row" key={s.id}>
              <legend class="rating-secondary__name">{s[lang]}</legend>
              {RATING_LEVELS.map((l) => (
                <button
                  type="button"
                  key={l}
                  class="rating-secondary__level"
                  aria-pressed={items[s.id] === l}
                  onClick={() => setItems({ ...items, [s.id]: l })}
                >
                  {RATING_LEVEL_NAMES[l][lang]}
                </button>
              ))}
            </fieldset>
          ))}
        </fieldset>
      )}
      {problem && (
        <p class="rating-form__problem" role="alert" data-testid="rating-problem">
          {problem}
        </p>
      )}
      <button type="button" class="rating-form__submit" disabled={level === undefined || sending} onClick={submit} data-testid="rating-submit">
        {sending ? t(T.sending) : t(T.submit)}
      </button>
      <p class="rating-form__note">{t(T.anonymous)}</p>
    </section>
  );
}
