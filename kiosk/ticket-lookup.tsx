/**
 * 查询排队进度 on the kiosk (what the 7×24 self-service kiosk promises): the
 * visitor types the number on their ticket — the queue's letter, then the
 * digits on the kiosk's own pad — or holds the ticket's QR code to the scanner
 * (the scan panel answers that). The answer is the ticket's state in the phone
 * page's words (ticketProgressText: people ahead and the wait, or where it
 * stands once called), kept live while it is on screen.
 */
import { useState } from 'preact/hooks';
import type { PublicHallConfig } from '../state-machines/config/hall-config.ts';
import { queueName, windowsForTicket } from '../state-machines/client/web/hall-names.ts';
import { pick, type Lang } from '../state-machines/client/web/i18n.ts';
import type { TicketRecord } from '../state-machines/domain/ticket.ts';
import { serviceDayOf } from '../state-machines/domain/service-day.ts';
import { ticketWait } from '../state-machines/hall/estimate.ts';
import type { HallState } from '../state-machines/hall/state.ts';
import { ticketProgressText } from '../state-machines/hall/visitor-texts.ts';
import { DigitBoxes, NumberPad } from './number-pad.tsx';
import { T, windowList } from './texts.ts';

/** Numbers are a letter and 3 digits (4 where a queue numbers past 999). */
const MIN_DIGITS = 3;
const MAX_DIGITS = 4;

export function LookupEntry({ lang, onOpen }: { lang: Lang; onOpen: () => void }) {
  return (
    <button type="button" class="appt-entry appt-entry--lookup" data-testid="ticket-lookup" onClick={onOpen}>
      <span class="appt-entry__title">{pick(lang, T.lookupEntry)}</span>
      <span class="appt-entry__sub">{pick(lang, T.lookupEntrySub)}</span>
    </button>
  );
}

/** Today's ticket with this number (a ticket of an earlier day still open, else). */
export function findTicket(state: HallState, number: string, today: string): TicketRecord | undefined {
  const exact = state.tickets[`${today}/${number}`];
  if (exact) return exact;
  let newest: TicketRecord | undefined;
  for (const t of Object.values(state.tickets)) if (t.number === number && (!newest || t.issuedAt > newest.issuedAt)) newest = t;
  return newest;
}

export function TicketLookup({
  config,
  state,
  now,
  lang,
  onBack,
}: {
  config: PublicHallConfig;
  state: HallState;
  now: number;
  lang: Lang;
  onBack: () => void;
}) {
  const [letter, setLetter] = useState<string>();
  const [digits, setDigits] = useState('');
  const [asked, setAsked] = useState<string>();
  const letters = [...new Set(config.queues.map((q) => q.prefix))].sort();
  const ready = letter !== undefined && digits.length >= MIN_DIGITS;

  return (
    <main class="appt-screen lookup-screen" data-testid="lookup-screen">
      <div class="kiosk-home__bar">
        <button type="button" class="back-button" data-testid="lookup-back" onClick={asked ? () => setAsked(undefined) : onBack}>
          ‹ {pick(lang, T.back)}
        </button>
        <h2 class="appt-screen__title">{pick(lang, T.lookupTitle)}</h2>
      </div>
      {asked ? (
        <LookupResult
          config={config}
          state={state}
          now={now}
          number={asked}
          ticket={findTicket(state, asked, serviceDayOf(now, config.hall.timezone))}
          lang={lang}
          onDone={onBack}
        />
      ) : (
        <>
          <p class="appt-screen__prompt">{pick(lang, T.lookupPrompt)}</p>
          {/* Portrait: one column; landscape: letters, number and 查询 on the left, the pad on the right. */}
          <div class="lookup-form">
            {/* biome-ignore lint/a11y/useSemanticElements: a named group of keys in the pad's grid; a fieldset would add a border, padding and legend rules to undo */}
            <div class="lookup-letters" role="group" aria-label={pick(lang, T.lookupLetter)}>
              {letters.map((l) => (
                <button
                  key={l}
                  type="button"
                  class="lookup-letters__key"
                  aria-pressed={letter === l}
                  data-testid={`lookup-letter-${l}`}
                  onClick={() => setLetter(l)}
                >
                  {l}
                </button>
              ))}
            </div>
            <DigitBoxes value={`${letter ?? ''}${digits}`} length={1 + Math.max(MIN_DIGITS, digits.length)} testId="lookup-entry" group={[1]} />
            <NumberPad
              lang={lang}
              onDigit={(d) => setDigits((x) => (x.length < MAX_DIGITS ? x + d : x))}
              onDelete={() => (digits.length > 0 ? setDigits(digits.slice(0, -1)) : setLetter(undefined))}
              onClear={() => {
                setDigits('');
                setLetter(undefined);
              }}
            />
            <button type="button" class="big-action" data-testid="lookup-submit" disabled={!ready} onClick={() => setAsked(`${letter}${digits}`)}>
              {pick(lang, T.lookupSubmit)}
            </button>
          </div>
        </>
      )}
    </main>
  );
}

function LookupResult({
  config,
  state,
  now,
  number,
  ticket,
  lang,
  onDone,
}: {
  config: PublicHallConfig;
  state: HallState;
  now: number;
  number: string;
  ticket: TicketRecord | undefined;
  lang: Lang;
  onDone: () => void;
}) {
  const queue = ticket && config.queues.find((q) => q.id === ticket.queueId);
  const progress = ticket && ticketProgressText(ticket, ticket.status === 'waiting' ? ticketWait(state, config, ticket, now) : undefined);
  return (
    <div class="lookup-result" role="status" data-testid="lookup-result">
      <p class="lookup-result__number" data-testid="lookup-number">
        {number}
      </p>
      {queue && <p class="lookup-result__queue">{queueName(queue, lang)}</p>}
      <p class={`lookup-result__state${progress ? '' : ' lookup-result__state--unknown'}`} data-testid="lookup-state">
        {pick(lang, progress ? progress.state : T.lookupUnknown)}
      </p>
      {progress?.wait && (
        <p class="lookup-result__wait" data-testid="lookup-wait">
          {pick(lang, progress.wait)}
        </p>
      )}
      {ticket?.status === 'waiting' && (
        <p class="lookup-result__windows" data-testid="lookup-windows">
          {/* 办理窗口：1、4-6 号窗口 / Windows 1, 4–6 (the English list names itself). */}
          {lang === 'zh' ? `${T.servingWindows.zh}：` : ''}
          {pick(lang, windowList(windowsForTicket(config, ticket).map((w) => w.number)))}
        </p>
      )}
      <button type="button" class="big-action" data-testid="lookup-done" onClick={onDone}>
        {pick(lang, T.done)}
      </button>
    </div>
  );
}
