/**
 * The ticket at the counter and the clerk's buttons. A button is enabled only
 * when the window machine accepts that step from the window's current state
 * (and the link is up, and no other command is in flight), so the clerk is
 * never offered a step the server would refuse as ILLEGAL_TRANSITION.
 */
import type { PublicHallConfig } from '../state-machines/config/hall-config.ts';
import type { TicketRecord } from '../state-machines/domain/ticket.ts';
import { stepWindow, type WindowMachineEvent, type WindowRecord } from '../state-machines/machines/window-machine.ts';
import { formatTime } from '../state-machines/client/web/clock.ts';
import type { UiError } from '../state-machines/client/web/command.ts';
import { errorText, pick, type Lang } from '../state-machines/client/web/i18n.ts';
import { calledAt, STATUS, T } from './texts.ts';
import type { WindowCommand } from './window-commands.ts';

interface Props {
  config: PublicHallConfig;
  record: WindowRecord;
  ticket: TicketRecord | undefined;
  staffId: string;
  lang: Lang;
  /** Link up and nothing in flight. */
  ready: boolean;
  busy: WindowCommand | undefined;
  error: UiError | undefined;
  onCommand: (command: WindowCommand) => void;
}

export function CounterCard({ config, record, ticket, staffId, lang, ready, busy, error, onCommand }: Props) {
  // `at` and ids do not matter for "is this step allowed from here".
  const allowed = (step: WindowMachineEvent) => ready && stepWindow(record, step) !== undefined;
  const queue = ticket && config.queues.find((q) => q.id === ticket.queueId);
  const detail = ticket
    ? [queue?.name[lang] ?? ticket.queueId, ticket.calledAt === undefined ? '' : pick(lang, calledAt(formatTime(ticket.calledAt, config.hall.timezone), ticket.callCount))]
        .filter(Boolean)
        .join(' · ')
    : pick(lang, T.noCurrent);

  const button = (command: WindowCommand, label: keyof typeof T, step: WindowMachineEvent, primary = false) => (
    <button
      type="button"
      class={`button action action--${command}${primary ? ' button--primary' : ''}`}
      data-testid={TEST_IDS[command]}
      disabled={!allowed(step) || (needsTicket(command) && ticket === undefined)}
      aria-busy={busy === command}
      onClick={() => onCommand(command)}
    >
      {pick(lang, T[label])}
    </button>
  );

  return (
    <section class="counter-card">
      <div class="counter-card__head">
        <h2 class="section-title">{pick(lang, T.currentTicket)}</h2>
        <span class={`status-pill status-pill--${record.status}`} data-testid="panel-window-status">
          {pick(lang, STATUS[record.status])}
        </span>
      </div>
      <div class="counter-card__now">
        <p class={`counter-card__number${ticket ? '' : ' counter-card__number--none'}`} data-testid="panel-current-ticket">
          {ticket ? ticket.number : '—'}
        </p>
        <p class="counter-card__detail">{detail}</p>
      </div>
      {/* The visitor's steps, large; the window's own, smaller beneath. */}
      <div class="actions actions--visitor">
        {button('call-next', 'callNext', { type: 'CALL', at: 0, ticketId: '' }, true)}
        {button('start', 'startService', { type: 'START', at: 0 }, true)}
        {button('complete', 'complete', { type: 'RELEASE', at: 0 }, true)}
      </div>
      <div class="actions actions--window">
        {button('open', 'openWindow', { type: 'OPEN', at: 0, clerkId: staffId })}
        {button('close', 'closeWindow', { type: 'CLOSE', at: 0 })}
      </div>
      <p class="action-error" role="alert" data-testid="panel-error">
        {error ? errorText(lang, error) : ''}
      </p>
    </section>
  );
}

const TEST_IDS: Record<WindowCommand, string> = {
  open: 'open-window',
  'call-next': 'call-next',
  start: 'start-service',
  complete: 'complete',
  close: 'close-window',
};

function needsTicket(command: WindowCommand): boolean {
  return command === 'start' || command === 'complete';
}
