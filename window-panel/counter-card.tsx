/**
 * The ticket at the counter and the clerk's buttons (叫号器). A button is
 * enabled only when the server would accept its command now — asked of the
 * same deciders (window-commands.ts `offered`) — and the link is up with no
 * other command in flight, so the clerk is never offered a step the server
 * would refuse.
 */
import type { ComponentChildren } from 'preact';
import type { TicketRecord } from '../state-machines/domain/ticket.ts';
import type { WindowRecord } from '../state-machines/domain/window.ts';
import { counterKeyOf } from '../state-machines/devices/counter-keys.ts';
import { formatTime } from '../state-machines/client/web/clock.ts';
import type { UiError } from '../state-machines/client/web/command.ts';
import { errorText, pick, type Lang, type Text } from '../state-machines/client/web/i18n.ts';
import type { DialogKind } from './dialogs.tsx';
import { TicketItem } from './item-notice.tsx';
import { KeyMark } from './keyboard.tsx';
import { TicketMarkers } from './ticket-markers.tsx';
import { ENQUIRY } from './guide-texts.ts';
import { CASE_TEXT, calledAt, lastServedLine, noShowIn, PAUSE_REASON_TEXT, recallCount, STATUS, T } from './texts.ts';
import { counterOffers, type Busy, type PanelClerk, type PanelCommand, type PanelCommandKind, type PanelView } from './window-commands.ts';

interface Props {
  view: PanelView;
  clerk: PanelClerk;
  record: WindowRecord;
  ticket: TicketRecord | undefined;
  /** Hall time now (server clock), for the 过号 countdown. */
  now: number;
  lang: Lang;
  /** Link up and nothing in flight. */
  ready: boolean;
  busy: Busy | undefined;
  error: UiError | undefined;
  onCommand: (command: PanelCommand) => void;
  onDialog: (kind: DialogKind) => void;
  /** The last visitor completed here whose case is not recorded yet (办件登记), if any. */
  unrecorded: TicketRecord | undefined;
  /** A consultation ticket (咨询): its prompt records an enquiry, not a case. */
  enquiry: (ticket: TicketRecord) => boolean;
  onRecordCase: (ticket: TicketRecord) => void;
  /** Under the case prompt: the 不予受理 slip offer (item-notice.tsx). */
  after?: ComponentChildren;
}

export function CounterCard({
  view,
  clerk,
  record,
  ticket,
  now,
  lang,
  ready,
  busy,
  error,
  onCommand,
  onDialog,
  unrecorded,
  enquiry,
  onRecordCase,
  after,
}: Props) {
  const { config } = view;
  const steps = counterOffers(view, clerk, now);
  const queue = ticket && config.queues.find((q) => q.id === ticket.queueId);
  const detail = ticket
    ? [
        queue?.name[lang] ?? ticket.queueId,
        ticket.calledAt === undefined ? '' : pick(lang, calledAt(formatTime(ticket.calledAt, config.hall.timezone), ticket.callCount)),
      ]
        .filter(Boolean)
        .join(' · ')
    : pick(lang, T.noCurrent);
  const maxCalls = config.queueRules.recall.maxCalls;

  const button = (
    kind: PanelCommandKind,
    testId: string,
    label: Text,
    enabled: boolean,
    action: () => void,
    style: 'primary' | 'plain' | 'danger' = 'plain',
  ) => {
    const shortcut = counterKeyOf(kind);
    return (
      <button
        type="button"
        class={`button action action--${kind}${style === 'primary' ? ' button--primary' : style === 'danger' ? ' action--danger' : ''}`}
        data-testid={testId}
        data-shortcut={shortcut}
        aria-keyshortcuts={shortcut}
        disabled={!ready || !enabled}
        aria-busy={busy?.kind === kind}
        onClick={action}
      >
        {pick(lang, label)}
        <KeyMark shortcut={shortcut} />
      </button>
    );
  };
  const onTicket = (kind: 'recall' | 'start' | 'complete' | 'no-show') => () => ticket && onCommand({ kind, ticketId: ticket.id });

  const noShowLabel = steps.noShowInSeconds !== undefined && steps.noShowInSeconds > 0 ? noShowIn(steps.noShowInSeconds) : T.noShow;
  const paused = record.status === 'paused';

  return (
    <section class={`counter-card${paused ? ' counter-card--paused' : ''}`}>
      <div class="counter-card__head">
        <h2 class="section-title">{pick(lang, T.currentTicket)}</h2>
        <span class={`status-pill status-pill--${record.status}`} data-testid="panel-window-status">
          {pick(lang, STATUS[record.status])}
        </span>
      </div>
      {paused ? (
        <div class="counter-card__paused" data-testid="panel-paused">
          <p class="counter-card__paused-title">{pick(lang, STATUS.paused)}</p>
          {record.pauseReason && (
            <p class="counter-card__paused-reason" data-testid="panel-pause-reason">
              {pick(lang, T.pausedSince)}：{pick(lang, PAUSE_REASON_TEXT[record.pauseReason])}
              {record.pausedAt !== undefined && ` · ${formatTime(record.pausedAt, config.hall.timezone)}`}
            </p>
          )}
          {button('resume-window', 'resume-window', T.resumeWindow, steps.resume, () => onCommand({ kind: 'resume-window' }), 'primary')}
        </div>
      ) : (
        <div class="counter-card__now">
          <p class={`counter-card__number${ticket ? '' : ' counter-card__number--none'}`} data-testid="panel-current-ticket">
            {ticket ? ticket.number : '—'}
          </p>
          {ticket && <TicketMarkers ticket={ticket} windowNumber={record.number} lang={lang} />}
          <p class="counter-card__detail">{detail}</p>
          {ticket && <TicketItem config={config} ticket={ticket} lang={lang} />}
          {ticket?.note && (
            <p class="ticket-note" data-testid="panel-ticket-note">
              <span class="ticket-note__label">{pick(lang, T.previousNote)}</span>
              {ticket.note}
            </p>
          )}
        </div>
      )}
      {/* The visitor's steps, large; the side roads beneath; the window's own, smallest. */}
      <div class="actions actions--visitor">
        {button('call-next', 'call-next', T.callNext, steps.callNext, () => onCommand({ kind: 'call-next' }), 'primary')}
        {button(
          'recall',
          'recall',
          ticket?.status === 'called' ? recallCount(ticket.callCount, maxCalls) : T.recall,
          steps.recall,
          onTicket('recall'),
          'primary',
        )}
        {button('start', 'start-service', T.startService, steps.start, onTicket('start'), 'primary')}
        {button('complete', 'complete', T.complete, steps.complete, onTicket('complete'), 'primary')}
      </div>
      <div class="actions actions--ticket">
        {button('no-show', 'no-show', noShowLabel, steps.noShow, onTicket('no-show'))}
        {button('transfer', 'transfer', T.transfer, steps.transfer, () => onDialog('transfer'))}
        {button('park', 'park', T.park, steps.park, () => onDialog('park'))}
        {button('cancel', 'cancel-ticket', T.cancelTicket, steps.cancel, () => onDialog('cancel'), 'danger')}
      </div>
      <div class="actions actions--window">
        {button('open', 'open-window', T.openWindow, steps.open, () => onCommand({ kind: 'open' }))}
        {button('pause', 'pause-window', T.pauseWindow, steps.pause, () => onDialog('pause'))}
        {button('close', 'close-window', T.closeWindow, steps.close, () => onCommand({ kind: 'close' }))}
      </div>
      {unrecorded && (
        <div class="case-prompt" data-testid="case-prompt">
          <span>{pick(lang, enquiry(unrecorded) ? ENQUIRY.lastServed(unrecorded.number) : lastServedLine(unrecorded.number))}</span>
          <button type="button" class="button button--primary" data-testid="record-case" disabled={!ready} onClick={() => onRecordCase(unrecorded)}>
            {pick(lang, enquiry(unrecorded) ? ENQUIRY.record : CASE_TEXT.record)}
          </button>
        </div>
      )}
      {after}
      <p class="action-error" role="alert" data-testid="panel-error">
        {error ? errorText(lang, error) : ''}
      </p>
    </section>
  );
}
