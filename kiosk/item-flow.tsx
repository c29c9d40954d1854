/**
 * 按事项取号 at the kiosk (README § Items and bundles): the visitor finds the 事项 — by 拼音首字母 on the
 * kiosk's own letter pad ("bdc" finds 不动产登记…), or by choosing the queue first and its items — then a
 * confirm step shows the 一次性告知 (papers, conditions, steps, promise, fee) and the wait now, prints
 * the notice on this kiosk's printer if asked, and takes the ticket with the item on it.
 *
 * No text field: letters are typed on the pad (the wedge-scanner guard in use-devices.ts stays in force).
 * The initials come in the public hall file (the server's loader fills them), so nothing here knows pinyin.
 */
import { useState } from 'preact/hooks';
import type { PublicHallConfig } from '../state-machines/config/hall-config.ts';
import { ACK_TIMEOUT_MS, newRequestId, sendWithRetry, type UiError } from '../state-machines/client/web/command.ts';
import { floorName, queueName } from '../state-machines/client/web/hall-names.ts';
import { errorText, pick, type Lang } from '../state-machines/client/web/i18n.ts';
import { NoticeView } from '../state-machines/client/web/notice-view.tsx';
import { newTicketWait } from '../state-machines/hall/estimate.ts';
import { searchChoices } from '../state-machines/hall/item-search.ts';
import { type Choice, choices, noticeFor } from '../state-machines/hall/notice.ts';
import type { HallState } from '../state-machines/hall/state.ts';
import { aheadOfNewText, waitText } from '../state-machines/hall/visitor-texts.ts';
import { IT } from './item-texts.ts';
import { type KioskSocket, takeOffer } from './take-ticket.ts';
import { T } from './texts.ts';
import { STOPPED_TEXT } from './queue-board.tsx';
import './item-flow.css';

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('');
/** Letters typed at most: initials of a long name are rarely needed past a few. */
const MAX_LETTERS = 12;

export function ItemEntry({ lang, disabled, onOpen }: { lang: Lang; disabled: boolean; onOpen: () => void }) {
  return (
    <button type="button" class="item-entry" data-testid="item-entry" disabled={disabled} onClick={onOpen}>
      <span class="item-entry__title">{pick(lang, IT.entry)}</span>
      <span class="item-entry__sub">{pick(lang, IT.entrySub)}</span>
    </button>
  );
}

interface Props {
  socket: KioskSocket;
  config: PublicHallConfig;
  state: HallState;
  now: number;
  deviceId: string;
  lang: Lang;
  elderly: boolean;
  online: boolean;
  /** A ticket is being taken (the kiosk's one tap in flight). */
  taking: boolean;
  /** This kiosk has a printer: 打印告知单 is offered. */
  canPrint: boolean;
  onTake: (queueId: string, itemId: string) => void;
  onBack: () => void;
}

export function ItemFlow(props: Props) {
  const { config, lang, elderly } = props;
  const [letters, setLetters] = useState('');
  const [queueId, setQueueId] = useState<string>();
  const [chosen, setChosen] = useState<Choice>();
  if (chosen) return <ItemConfirm {...props} choice={chosen} onBack={() => setChosen(undefined)} />;

  const all = choices(config);
  const found = letters !== '' ? searchChoices(all, letters) : queueId !== undefined ? all.filter((c) => c.queue === queueId) : [];
  const queuesWithItems = config.queues.filter((q) => all.some((c) => c.queue === q.id));
  const shown = found.slice(0, elderly ? 6 : 10);
  return (
    <main class="item-screen" data-testid="item-search">
      <div class="kiosk-home__bar">
        <button type="button" class="back-button" data-testid="item-back" onClick={props.onBack}>
          ‹ {pick(lang, T.back)}
        </button>
        <h2 class="kiosk-home__prompt">{pick(lang, IT.searchTitle)}</h2>
      </div>
      <div class="item-query" aria-live="polite">
        <span class="item-query__label">{pick(lang, IT.initials)}</span>
        <span class="item-query__value" data-testid="item-query" data-value={letters}>
          {letters.toUpperCase() || <span class="item-query__hint">{pick(lang, IT.initialsHint)}</span>}
        </span>
      </div>
      <div class="letter-pad" data-testid="letter-pad">
        {LETTERS.map((l) => (
          <button
            key={l}
            type="button"
            class="letter-pad__key"
            data-testid={`letter-${l}`}
            disabled={letters.length >= MAX_LETTERS}
            onClick={() => {
              setLetters(letters + l.toLowerCase());
              setQueueId(undefined);
            }}
          >
            {l}
          </button>
        ))}
        <button type="button" class="letter-pad__key letter-pad__key--word" data-testid="letter-delete" onClick={() => setLetters(letters.slice(0, -1))}>
          {pick(lang, IT.delete)}
        </button>
        <button type="button" class="letter-pad__key letter-pad__key--word" data-testid="letter-clear" onClick={() => setLetters('')}>
          {pick(lang, IT.clear)}
        </button>
      </div>
      <fieldset class="item-queues">
        <legend class="item-queues__label">{pick(lang, IT.byQueue)}</legend>
        {queuesWithItems.map((q) => (
          <button
            key={q.id}
            type="button"
            class={`item-queues__chip${queueId === q.id && letters === '' ? ' item-queues__chip--on' : ''}`}
            data-testid={`item-queue-${q.id}`}
            aria-pressed={queueId === q.id && letters === ''}
            onClick={() => {
              setQueueId(q.id);
              setLetters('');
            }}
          >
            {queueName(q, lang)}
          </button>
        ))}
      </fieldset>
      <ul class="item-results" data-testid="item-results">
        {letters !== '' && found.length === 0 && <li class="item-results__none">{pick(lang, IT.noneFound)}</li>}
        {shown.map((c) => {
          const queue = config.queues.find((q) => q.id === c.queue);
          return (
            <li key={c.id}>
              <button type="button" class="item-result" data-testid={`item-${c.id}`} onClick={() => setChosen(c)}>
                <span class="item-result__name">
                  {c.bundle && <span class="item-result__tag">{pick(lang, IT.bundleTag)}</span>}
                  {lang === 'en' ? (c.nameEn ?? c.name) : c.name}
                </span>
                {!elderly && <span class="item-result__queue">{queue ? queueName(queue, lang) : c.queue}</span>}
              </button>
            </li>
          );
        })}
        {found.length > shown.length && <li class="item-results__more">{pick(lang, IT.more(found.length - shown.length))}</li>}
      </ul>
    </main>
  );
}

type PrintState = { kind: 'idle' } | { kind: 'sending' } | { kind: 'sent' } | { kind: 'refused'; error: UiError };

function ItemConfirm({ socket, config, state, now, deviceId, lang, online, taking, canPrint, onTake, onBack, choice }: Props & { choice: Choice }) {
  const [print, setPrint] = useState<PrintState>({ kind: 'idle' });
  const notice = noticeFor(config, choice.id);
  const queue = config.queues.find((q) => q.id === choice.queue);
  const estimate = newTicketWait(state, config, choice.queue, now);
  // Grey exactly when the server would refuse the take (the same deciders as the queue tiles).
  const availability = takeOffer({ config, state }, deviceId, choice.queue, undefined, now);
  const sendPrint = async () => {
    if (print.kind === 'sending') return;
    setPrint({ kind: 'sending' });
    const requestId = newRequestId();
    const outcome = await sendWithRetry(() => socket.timeout(ACK_TIMEOUT_MS).emitWithAck('print:materials', { requestId, itemId: choice.id }));
    setPrint(outcome.ok ? { kind: 'sent' } : { kind: 'refused', error: outcome.error });
  };
  return (
    <main class="item-screen item-screen--confirm" data-testid="item-confirm">
      <div class="kiosk-home__bar">
        <button type="button" class="back-button" data-testid="item-confirm-back" onClick={onBack}>
          ‹ {pick(lang, T.back)}
        </button>
        <h2 class="kiosk-home__prompt item-confirm__title" data-testid="item-confirm-name">
          {lang === 'en' ? (choice.nameEn ?? choice.name) : choice.name}
        </h2>
      </div>
      <p class="item-confirm__where" data-testid="item-confirm-wait">
        {queue && (
          <>
            <b>{queueName(queue, lang)}</b> · {floorName(config, queue.floor, lang)}
            {' · '}
          </>
        )}
        {availability === 'open' ? (
          <>
            {pick(lang, aheadOfNewText(estimate.ahead))} · {pick(lang, waitText(estimate.wait, 'tile'))}
          </>
        ) : (
          pick(lang, STOPPED_TEXT[availability])
        )}
      </p>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: the notice scrolls when long; the keyboard must reach it too (axe scrollable-region-focusable) */}
      <section class="item-confirm__notice" aria-labelledby="item-notice-title" tabIndex={0}>
        <h3 class="item-confirm__notice-title" id="item-notice-title">
          {pick(lang, IT.noticeTitle)}
        </h3>
        {notice && <NoticeView notice={notice} defaultPromiseDays={config.cases.defaultPromiseDays} lang={lang} />}
      </section>
      <div class="item-confirm__actions">
        {canPrint && (
          <button
            type="button"
            class="item-confirm__print"
            data-testid="item-print"
            disabled={!online || print.kind === 'sending'}
            onClick={() => void sendPrint()}
          >
            {pick(lang, print.kind === 'sent' ? IT.printAgain : IT.print)}
          </button>
        )}
        <button
          type="button"
          class="big-action item-confirm__take"
          data-testid="item-take"
          disabled={!online || taking || availability !== 'open'}
          onClick={() => onTake(choice.queue, choice.id)}
        >
          {pick(lang, taking ? T.taking : IT.take)}
        </button>
      </div>
      <p class="item-confirm__print-status" role="status" data-testid="item-print-status">
        {print.kind === 'sent' ? pick(lang, IT.printed) : print.kind === 'refused' ? errorText(lang, print.error) : ''}
      </p>
    </main>
  );
}
