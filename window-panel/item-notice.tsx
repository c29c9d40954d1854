/**
 * 事项 and 一次性告知 at the window (README § Items and bundles):
 * - `TicketItem`: the item (or 一件事 bundle and its items) of the ticket in hand, under its number;
 * - `NoticeSheet`: the 一次性告知 of the item in hand or of any other (searched by 汉字 or 拼音首字母),
 *   printed on the window's counter printer (`notice:print`);
 * - `RejectedNoticeOffer`: after 不予受理 at this window, the slip that marks exactly the papers the
 *   recorded case lists as missing — the server reads them from the case, the panel sends only the ticket.
 */
import { useState } from 'preact/hooks';
import type { PublicHallConfig } from '../state-machines/config/hall-config.ts';
import { ACK_TIMEOUT_MS, newRequestId, sendWithRetry, type UiError } from '../state-machines/client/web/command.ts';
import { errorText, pick, type Lang, type Text } from '../state-machines/client/web/i18n.ts';
import { NoticeView } from '../state-machines/client/web/notice-view.tsx';
import type { CaseRecord } from '../state-machines/domain/case.ts';
import type { TicketRecord } from '../state-machines/domain/ticket.ts';
import { searchChoices } from '../state-machines/hall/item-search.ts';
import { type Choice, choiceOf, choices, missingOf, noticeFor } from '../state-machines/hall/notice.ts';
import type { HallState } from '../state-machines/hall/state.ts';
import { Sheet } from './dialogs.tsx';
import type { WindowSocket } from './window-commands.ts';
import './item-notice.css';

export const NT = {
  item: { zh: '办理事项', en: 'Service' },
  bundle: { zh: '一件事', en: 'Bundle' },
  open: { zh: '一次性告知', en: 'Notice' },
  title: { zh: '一次性告知', en: 'One-time notice' },
  close: { zh: '关闭', en: 'Close' },
  search: { zh: '查找其他事项（汉字或拼音首字母）', en: 'Find another service (characters or pinyin initials)' },
  inHand: { zh: '当前号码的事项', en: 'Item of the ticket in hand' },
  print: { zh: '打印告知单', en: 'Print notice' },
  printed: { zh: '已送打印机', en: 'Sent to the printer' },
  none: { zh: '请选择事项', en: 'Choose a service' },
  rejectedSlip: { zh: '打印缺件告知单', en: 'Print the missing-papers notice' },
} satisfies Record<string, Text>;

const rejectedLine = (number: string, papers: number): Text => ({
  zh: `${number} 不予受理 · 缺 ${papers} 项材料`,
  en: `${number} not accepted · ${papers} paper${papers === 1 ? '' : 's'} missing`,
});

function nameOf(c: Pick<Choice, 'name' | 'nameEn'>, lang: Lang): string {
  return lang === 'en' ? (c.nameEn ?? c.name) : c.name;
}

/** The item of the ticket in hand, and a bundle's items (the clerk accepts them all on this ticket). */
export function TicketItem({ config, ticket, lang }: { config: PublicHallConfig; ticket: TicketRecord; lang: Lang }) {
  const choice = choiceOf(config, ticket.itemId);
  if (!choice) return null;
  return (
    <div class="ticket-item" data-testid="panel-ticket-item">
      <p class="ticket-item__name">
        {choice.bundle && <span class="ticket-item__tag">{pick(lang, NT.bundle)}</span>}
        {pick(lang, NT.item)}：{nameOf(choice, lang)}
      </p>
      {choice.bundle && (
        <ul class="ticket-item__parts" data-testid="panel-bundle-items">
          {choice.bundle.map((i) => (
            <li key={i.id}>{nameOf(i, lang)}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** One print request: sent once, retried with the same requestId (the server prints it once). */
export function usePrintNotice(socket: WindowSocket, window: number) {
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: true } | { ok: false; error: UiError }>();
  const print = async (what: { itemId?: string; ticketId?: string }) => {
    setBusy(true);
    setOutcome(undefined);
    const requestId = newRequestId();
    const sent = await sendWithRetry(() => socket.timeout(ACK_TIMEOUT_MS).emitWithAck('notice:print', { requestId, window, ...what }));
    setBusy(false);
    setOutcome(sent.ok ? { ok: true } : { ok: false, error: sent.error });
  };
  return { busy, outcome, print: (what: { itemId?: string; ticketId?: string }) => void print(what) };
}

interface SheetProps {
  socket: WindowSocket;
  window: number;
  config: PublicHallConfig;
  /** The item of the ticket in hand, if any: shown first. */
  itemId: string | undefined;
  lang: Lang;
  online: boolean;
  onClose: () => void;
}

export function NoticeSheet({ socket, window, config, itemId, lang, online, onClose }: SheetProps) {
  const [shownId, setShownId] = useState(itemId);
  const [query, setQuery] = useState('');
  const { busy, outcome, print } = usePrintNotice(socket, window);
  const notice = shownId === undefined ? undefined : noticeFor(config, shownId);
  const found = searchChoices(choices(config), query).slice(0, 8);
  return (
    <Sheet name="notice" title={pick(lang, NT.title)} closeText={pick(lang, NT.close)} onClose={onClose}>
      <div class="notice-sheet__pick">
        <label class="field">
          <span class="field__label">{pick(lang, NT.search)}</span>
          <input
            class="field__input"
            data-testid="notice-search"
            maxLength={30}
            autoComplete="off"
            value={query}
            onInput={(e) => setQuery(e.currentTarget.value)}
          />
        </label>
        {itemId !== undefined && itemId !== shownId && (
          <button type="button" class="button" data-testid="notice-in-hand" onClick={() => setShownId(itemId)}>
            {pick(lang, NT.inHand)}
          </button>
        )}
        {found.length > 0 && (
          <ul class="notice-sheet__found">
            {found.map((c) => (
              <li key={c.id}>
                <button
                  type="button"
                  class="button"
                  data-testid={`notice-choose-${c.id}`}
                  onClick={() => {
                    setShownId(c.id);
                    setQuery('');
                  }}
                >
                  {c.bundle ? `【${pick(lang, NT.bundle)}】` : ''}
                  {nameOf(c, lang)}
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
      {notice ? (
        <>
          <div class="notice-sheet__head">
            <h3 class="notice-sheet__name" data-testid="notice-name">
              {nameOf(notice, lang)}
            </h3>
            <div class="notice-sheet__actions">
              <button
                type="button"
                class="button button--primary"
                data-testid="notice-print"
                disabled={!online || busy}
                onClick={() => print({ itemId: notice.id })}
              >
                {pick(lang, NT.print)}
              </button>
              <PrintOutcome outcome={outcome} lang={lang} />
            </div>
          </div>
          <NoticeView notice={notice} defaultPromiseDays={config.cases.defaultPromiseDays} lang={lang} />
        </>
      ) : (
        <p class="dialog__hint">{pick(lang, NT.none)}</p>
      )}
    </Sheet>
  );
}

function PrintOutcome({ outcome, lang }: { outcome: { ok: true } | { ok: false; error: UiError } | undefined; lang: Lang }) {
  return (
    <span class="notice-sheet__outcome" role="status" data-testid="notice-print-outcome">
      {outcome === undefined ? '' : outcome.ok ? pick(lang, NT.printed) : errorText(lang, outcome.error)}
    </span>
  );
}

/**
 * The latest case recorded at this window today, when it is 不予受理: the clerk may print (again) the
 * slip listing what was missing. Gone once another case is recorded here.
 */
export function lastRejectedHere(state: HallState, window: number): CaseRecord | undefined {
  let last: CaseRecord | undefined;
  for (const c of Object.values(state.cases ?? {})) {
    if (c.window === window && c.serviceDay === state.serviceDay && (last === undefined || c.recordedAt > last.recordedAt)) last = c;
  }
  return last?.outcome === 'rejected' ? last : undefined;
}

export function RejectedNoticeOffer({
  socket,
  window,
  config,
  rejected,
  lang,
  online,
}: {
  socket: WindowSocket;
  window: number;
  config: PublicHallConfig;
  rejected: CaseRecord;
  lang: Lang;
  online: boolean;
}) {
  const { busy, outcome, print } = usePrintNotice(socket, window);
  const notice = rejected.itemId === undefined ? undefined : noticeFor(config, rejected.itemId);
  const missing = rejected.missing ?? [];
  const marked = notice ? missingOf(notice, missing).marked : new Set<string>();
  return (
    <div class="case-prompt rejected-offer" data-testid="rejected-offer">
      <span>{pick(lang, rejectedLine(rejected.number, missing.length))}</span>
      <button
        type="button"
        class="button button--primary"
        data-testid="rejected-print"
        disabled={!online || busy || notice === undefined}
        onClick={() => print({ ticketId: rejected.id })}
      >
        {pick(lang, NT.rejectedSlip)}
      </button>
      <PrintOutcome outcome={outcome} lang={lang} />
      {notice && (
        <details class="rejected-offer__notice">
          <summary>{pick(lang, NT.title)}</summary>
          <NoticeView notice={notice} defaultPromiseDays={config.cases.defaultPromiseDays} lang={lang} full={false} missing={marked} />
        </details>
      )}
    </div>
  );
}
