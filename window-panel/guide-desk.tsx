/**
 * 导办台 (README § The guide desk): the page a guide (导办员) works at, on the
 * same page as the window panel (a guide signs in without a window). Three
 * jobs, each one command of /guide:
 *
 *  - 首问负责登记: the item (if one), the question, the answer, and to whom the
 *    visitor was handed — a window of this hall or a named person;
 *  - 帮办取号: a ticket for a queue (and item) on the visitor's behalf. The
 *    desk has no printer in the hall file, so the number is shown large for
 *    the guide to tell or write down (the paper is the kiosk's);
 *  - 办不成事反映: what could not be done, who and a phone — masked by the
 *    server before anything is recorded — for the supervisor, with its due day.
 *
 * A guide is not a clerk: nothing here calls, serves or records a case.
 */
import { DeskHeader } from './desk-header.tsx';
import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { useHallNow } from '../state-machines/client/web/clock.ts';
import { ACK_TIMEOUT_MS, newRequestId, sendWithRetry, type Outcome, type UiError } from '../state-machines/client/web/command.ts';
import { attachHallLink, connectHall } from '../state-machines/client/web/hall-link.ts';
import { errorText, pick, type Lang } from '../state-machines/client/web/i18n.ts';
import { ConnectingScreen, LinkBanner } from '../state-machines/client/web/status-screens.tsx';
import { useHall } from '../state-machines/client/web/use-hall.ts';
import { serviceDayOf } from '../state-machines/domain/service-day.ts';
import { describeDay } from '../state-machines/hall/schedule.ts';
import { newTicketWait } from '../state-machines/hall/estimate.ts';
import { waitText } from '../state-machines/hall/visitor-texts.ts';
import type { PublicHallConfig } from '../state-machines/config/hall-config.ts';
import type { ComplaintResult, HelpResult, TicketReceipt } from '../state-machines/protocol/socket-events.ts';
import { NoteField } from './dialogs.tsx';
import { GUIDE } from './guide-texts.ts';
import type { ClerkSession } from './session.ts';

interface Props {
  session: ClerkSession;
  lang: Lang;
  langToggle: ComponentChildren;
  onSessionLost: () => void;
  onSignOut: () => void;
}

type Handed = 'none' | 'window' | 'person';
type Part = 'help' | 'ticket' | 'complaint';

export function GuideDesk({ session, lang, langToggle, onSessionLost, onSignOut }: Props) {
  const socket = useMemo(() => connectHall('guide', session.token), [session.token]);
  const link = useMemo(() => attachHallLink(socket, { unattended: false }), [socket]);
  useEffect(() => () => link.close(), [link]);
  const { view, link: linkState } = useHall(link);
  const now = useHallNow(view?.clockOffsetMs ?? 0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ part: Part; error: UiError }>();
  // What each job last did: the 帮办 number stays in view while the guide records help or a complaint.
  const [done, setDoneOf] = useState<Partial<Record<Part, { text: string; big?: string }>>>({});
  const setDone = (part: Part, result: { text: string; big?: string } | undefined) => setDoneOf((d) => ({ ...d, [part]: result }));
  // 首问负责
  const [helpItem, setHelpItem] = useState('');
  const [question, setQuestion] = useState('');
  const [answer, setAnswer] = useState('');
  const [handed, setHanded] = useState<Handed>('none');
  const [toWindow, setToWindow] = useState('');
  const [person, setPerson] = useState('');
  // 帮办
  const [queueId, setQueueId] = useState('');
  const [ticketItem, setTicketItem] = useState('');
  // 办不成事反映
  const [what, setWhat] = useState('');
  const [complaintItem, setComplaintItem] = useState('');
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');

  const lost = linkState.kind === 'refused' && linkState.code !== 'PROTOCOL_MISMATCH';
  useEffect(() => {
    if (lost) onSessionLost();
  }, [lost]);
  if (!view) return <ConnectingScreen link={linkState} lang={lang} />;
  const { config, state } = view;
  const online = linkState.kind === 'online';
  const today = serviceDayOf(now, config.hall.timezone);
  const helpToday = Object.values(state.guideHelp ?? {}).filter((h) => h.serviceDay === today).length;

  /** One intent, one requestId: a retry after a lost answer never acts twice. */
  const run = async <R,>(part: Part, send: () => Promise<Outcome<R>>, then: (result: R) => void) => {
    setBusy(true);
    setError(undefined);
    setDone(part, undefined);
    const outcome = await send();
    setBusy(false);
    if (!outcome.ok) setError({ part, error: outcome.error });
    else then(outcome.result);
  };
  const ack = () => socket.timeout(ACK_TIMEOUT_MS);

  const helpReady = question.trim() !== '' && answer.trim() !== '' && (handed !== 'window' || toWindow !== '') && (handed !== 'person' || person.trim() !== '');
  const recordHelp = () => {
    const requestId = newRequestId();
    const request = {
      requestId,
      ...(helpItem ? { itemId: helpItem } : {}),
      question: question.trim(),
      answer: answer.trim(),
      ...(handed === 'window' ? { handedToWindow: Number(toWindow) } : {}),
      ...(handed === 'person' ? { handedToPerson: person.trim() } : {}),
    };
    void run(
      'help',
      () => sendWithRetry<HelpResult>(() => ack().emitWithAck('guide:help', request)),
      (r: HelpResult) => {
        setDone('help', { text: pick(lang, GUIDE.helpRecorded(r.help.id.split('/').pop() ?? r.help.id)) });
        setQuestion('');
        setAnswer('');
        setPerson('');
      },
    );
  };
  const takeTicket = () => {
    const request = { requestId: newRequestId(), queueId, ...(ticketItem ? { itemId: ticketItem } : {}) };
    void run(
      'ticket',
      () => sendWithRetry<TicketReceipt>(() => ack().emitWithAck('guide:take-ticket', request)),
      (r: TicketReceipt) => setDone('ticket', { big: r.ticket.number, text: pick(lang, GUIDE.ticketAhead(r.ahead)) }),
    );
  };
  const phoneOk = phone === '' || /^1\d{10}$/.test(phone);
  const fileComplaint = () => {
    const request = {
      requestId: newRequestId(),
      ...(complaintItem ? { itemId: complaintItem } : {}),
      what: what.trim(),
      ...(name.trim() ? { name: name.trim() } : {}),
      ...(phone ? { phone } : {}),
    };
    void run(
      'complaint',
      () => sendWithRetry<ComplaintResult>(() => ack().emitWithAck('complaint:file', request)),
      (r: ComplaintResult) => {
        setDone('complaint', { text: pick(lang, GUIDE.complaintFiled(r.complaint.id, pick(lang, describeDay(r.complaint.dueDay, today)))) });
        setWhat('');
        setName('');
        setPhone('');
      },
    );
  };
  const feedback = (part: Part) => {
    const result = done[part];
    return (
      <>
        <p class="action-error" role="alert" data-testid={`guide-${part}-error`}>
          {error?.part === part ? errorText(lang, error.error) : ''}
        </p>
        {result && (
          <div class="guide-desk__done" role="status" data-testid={`guide-${part}-done`}>
            {result.big && <strong class="guide-desk__number">{result.big}</strong>}
            <span>{result.text}</span>
          </div>
        )}
      </>
    );
  };

  return (
    <div class="desk guide-desk">
      <LinkBanner link={linkState} lang={lang} />
      <DeskHeader
        title={GUIDE.title}
        titleTestId="guide-title"
        config={config}
        staff={session.staff}
        now={now}
        lang={lang}
        langToggle={langToggle}
        onSignOut={onSignOut}
      />
      <main class="guide-desk__main">
        <section class="guide-desk__card" aria-labelledby="guide-help-title" data-testid="guide-help">
          <h2 class="section-title" id="guide-help-title">
            {pick(lang, GUIDE.helpTitle)}
          </h2>
          <p class="guide-desk__count" data-testid="guide-help-count">
            {pick(lang, GUIDE.todayHelp(helpToday))}
          </p>
          <ItemSelect id="guide-help-item" config={config} lang={lang} value={helpItem} onChange={setHelpItem} />
          <NoteField id="guide-question" label={pick(lang, GUIDE.question)} value={question} onInput={setQuestion} />
          <NoteField id="guide-answer" label={pick(lang, GUIDE.answer)} value={answer} onInput={setAnswer} />
          <fieldset class="guide-desk__handed">
            <legend class="field__label">{pick(lang, GUIDE.handedTo)}</legend>
            {(['none', 'window', 'person'] as const).map((h) => (
              <label key={h} class="guide-desk__radio">
                <input type="radio" name="handed" data-testid={`guide-handed-${h}`} checked={handed === h} onChange={() => setHanded(h)} />
                {pick(lang, h === 'none' ? GUIDE.handedNone : h === 'window' ? GUIDE.handedWindow : GUIDE.handedPerson)}
              </label>
            ))}
          </fieldset>
          {handed === 'window' && (
            <label class="field">
              <span class="field__label">{pick(lang, GUIDE.handedWindow)}</span>
              <select class="field__input" data-testid="guide-to-window" value={toWindow} onChange={(e) => setToWindow(e.currentTarget.value)}>
                <option value="">—</option>
                {config.windows.map((w) => (
                  <option key={w.number} value={String(w.number)}>
                    {lang === 'zh' ? `${w.number} 号窗口 · ${w.name}` : `Window ${w.number} · ${w.nameEn ?? w.name}`}
                  </option>
                ))}
              </select>
            </label>
          )}
          {handed === 'person' && <NoteField id="guide-to-person" label={pick(lang, GUIDE.person)} value={person} onInput={setPerson} max={40} />}
          <button
            type="button"
            class="button button--primary button--wide"
            data-testid="guide-record-help"
            disabled={!online || busy || !helpReady}
            onClick={recordHelp}
          >
            {pick(lang, GUIDE.recordHelp)}
          </button>
          {feedback('help')}
        </section>

        <section class="guide-desk__card" aria-labelledby="guide-ticket-title" data-testid="guide-ticket">
          <h2 class="section-title" id="guide-ticket-title">
            {pick(lang, GUIDE.ticketTitle)}
          </h2>
          <label class="field">
            <span class="field__label">{pick(lang, GUIDE.queue)}</span>
            <select
              class="field__input"
              data-testid="guide-queue"
              value={queueId}
              onChange={(e) => {
                setQueueId(e.currentTarget.value);
                setTicketItem('');
              }}
            >
              <option value="">—</option>
              {config.queues.map((q) => {
                const wait = newTicketWait(state, config, q.id, now);
                return (
                  <option key={q.id} value={q.id}>
                    {q.prefix} {lang === 'zh' ? q.name.zh : q.name.en} · {pick(lang, GUIDE.ticketAhead(wait.ahead))} · {pick(lang, waitText(wait.wait, 'tile'))}
                  </option>
                );
              })}
            </select>
          </label>
          {queueId && <ItemSelect id="guide-ticket-item" config={config} lang={lang} value={ticketItem} onChange={setTicketItem} queueId={queueId} />}
          <button
            type="button"
            class="button button--primary button--wide"
            data-testid="guide-take-ticket"
            disabled={!online || busy || queueId === ''}
            onClick={takeTicket}
          >
            {pick(lang, GUIDE.takeTicket)}
          </button>
          {feedback('ticket')}
          <p class="field__hint guide-desk__note">{pick(lang, GUIDE.noPrinter)}</p>
        </section>

        <section class="guide-desk__card" aria-labelledby="guide-complaint-title" data-testid="guide-complaint">
          <h2 class="section-title" id="guide-complaint-title">
            {pick(lang, GUIDE.complaintTitle)}
          </h2>
          <ItemSelect id="guide-complaint-item" config={config} lang={lang} value={complaintItem} onChange={setComplaintItem} />
          <NoteField id="guide-what" label={pick(lang, GUIDE.what)} value={what} onInput={setWhat} />
          <NoteField id="guide-name" label={pick(lang, GUIDE.name)} value={name} onInput={setName} max={20} />
          <label class="field">
            <span class="field__label">{pick(lang, GUIDE.phone)}</span>
            <input
              class="field__input"
              data-testid="guide-phone"
              inputMode="numeric"
              autoComplete="off"
              // Room for 138-1234-5678 as people type it; only the digits are kept.
              maxLength={13}
              aria-invalid={!phoneOk}
              value={phone}
              onInput={(e) => setPhone(e.currentTarget.value.replace(/\D/g, '').slice(0, 11))}
            />
          </label>
          <p class="field__hint guide-desk__note">{pick(lang, GUIDE.privacy)}</p>
          <button
            type="button"
            class="button button--primary button--wide"
            data-testid="guide-file-complaint"
            disabled={!online || busy || what.trim() === '' || !phoneOk}
            onClick={fileComplaint}
          >
            {pick(lang, GUIDE.fileComplaint)}
          </button>
          {feedback('complaint')}
        </section>
      </main>
    </div>
  );
}

function ItemSelect(props: { id: string; config: PublicHallConfig; lang: Lang; value: string; onChange: (v: string) => void; queueId?: string }) {
  const { id, config, lang, value, onChange, queueId } = props;
  return (
    <label class="field">
      <span class="field__label">{pick(lang, GUIDE.item)}</span>
      <select class="field__input" data-testid={id} value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        <option value="">{pick(lang, GUIDE.noItem)}</option>
        {config.items
          .filter((i) => queueId === undefined || i.queue === queueId)
          .map((i) => (
            <option key={i.id} value={i.id}>
              {lang === 'en' ? (i.nameEn ?? i.name) : i.name}
            </option>
          ))}
      </select>
    </label>
  );
}
