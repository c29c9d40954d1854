/**
 * The 7×24 self-service kiosk once the hall is closed (取号时间外: night,
 * midday, a closed day): instead of a wall of grey queue tiles, the services
 * that work at any hour as large buttons — 查询排队进度 by number, 预约 —
 * and, set apart, what waits for opening hours and from when. Other kiosks
 * keep the normal home with its notice: they stand in the hall, which is shut.
 * Services added by other parts of the kiosk (办件进度, 一次性告知) come in as
 * `children`, so this screen owns only the layout and the words.
 */
import type { ComponentChildren } from 'preact';
import type { PublicHallConfig } from '../state-machines/config/hall-config.ts';
import { pick, type Lang, type Text } from '../state-machines/client/web/i18n.ts';
import { AT } from './appointment-texts.ts';
import { ST, waitsForOpening } from './self-service-texts.ts';
import { T } from './texts.ts';
import './self-service.css';

export function SelfServiceHome({
  config,
  lang,
  closedNotice,
  disabled,
  onLookup,
  onBook,
  children,
}: {
  config: PublicHallConfig;
  lang: Lang;
  /** Why no ticket now and when tickets resume (ticketingClosedText). */
  closedNotice: Text;
  disabled: boolean;
  onLookup: () => void;
  onBook: () => void;
  children?: ComponentChildren;
}) {
  const canBook = config.queues.some((q) => q.appointments);
  return (
    <main class="self-service" data-testid="self-service">
      <h2 class="self-service__title">{pick(lang, ST.title)}</h2>
      <p class="self-service__any-hour">{pick(lang, ST.anyHour)}</p>
      <div class="self-service__tiles">
        <button type="button" class="self-tile" data-testid="self-lookup" onClick={onLookup}>
          <span class="self-tile__title">{pick(lang, T.lookupEntry)}</span>
          <span class="self-tile__sub">{pick(lang, T.lookupEntrySub)}</span>
        </button>
        {canBook && (
          <button type="button" class="self-tile" data-testid="self-book" disabled={disabled} onClick={onBook}>
            <span class="self-tile__title">{pick(lang, AT.bookEntry)}</span>
            <span class="self-tile__sub">{pick(lang, AT.bookEntrySub)}</span>
          </button>
        )}
        {children}
      </div>
      <section class="self-service__waits" data-testid="self-waits" aria-labelledby="self-waits-title">
        <h3 id="self-waits-title" class="self-service__waits-title">
          {pick(lang, ST.waitsTitle)}
        </h3>
        <ul class="self-service__waits-list">
          {waitsForOpening(config).map(({ text }) => (
            <li key={text.zh}>{pick(lang, text)}</li>
          ))}
        </ul>
        <p class="self-service__reopens" data-testid="self-reopens">
          {pick(lang, closedNotice)}
        </p>
      </section>
    </main>
  );
}

/** One more service of the 7×24 screen, as large as the others. */
export function SelfServiceTile({
  testId,
  lang,
  title,
  sub,
  disabled,
  onOpen,
}: {
  testId: string;
  lang: Lang;
  title: Text;
  sub: Text;
  disabled: boolean;
  onOpen: () => void;
}) {
  return (
    <button type="button" class="self-tile" data-testid={testId} disabled={disabled} onClick={onOpen}>
      <span class="self-tile__title">{pick(lang, title)}</span>
      <span class="self-tile__sub">{pick(lang, sub)}</span>
    </button>
  );
}
