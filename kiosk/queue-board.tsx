/**
 * The home screen's choice: one big button per queue of the hall. Elderly
 * mode shows fewer, larger buttons per page and drops the secondary line.
 */
import type { PublicHallConfig, QueueConfig } from '../state-machines/config/hall-config.ts';
import { dailyLimit, formatTicketNumber, lastSequence, numberDigitsOf } from '../state-machines/domain/ticket.ts';
import type { HallState } from '../state-machines/hall/state.ts';
import type { GreenReason, TicketClass } from '../state-machines/domain/ticket.ts';
import { newTicketWait } from '../state-machines/hall/estimate.ts';
import { aheadOfNewText, waitText } from '../state-machines/hall/visitor-texts.ts';
import { floorName, queueName } from '../state-machines/client/web/hall-names.ts';
import { pick, type Lang, type Text } from '../state-machines/client/web/i18n.ts';
import { takeOffer, type Availability } from './take-ticket.ts';
import { dailyCapReason, lastNumberReason, pageOf, T } from './texts.ts';

const PAGE_SIZE = { standard: 12, elderly: 6 } as const;
/** Buttons per row; kiosk.css lays the grid out with these. */
const COLUMNS = { standard: { portrait: 2, landscape: 4 }, elderly: { portrait: 2, landscape: 3 } } as const;

interface Props {
  config: PublicHallConfig;
  state: HallState;
  /** Hall time now: cut-offs, the daily cap and the wait are figured against it. */
  now: number;
  /** This kiosk (the server names it in the ticket it issues). */
  deviceId: string;
  /** 绿色通道: the reason chosen; a tap takes a green ticket, whose place and wait are shown. */
  greenChannel: GreenReason | undefined;
  lang: Lang;
  elderly: boolean;
  /** Offline, or a ticket is being taken: no second tap may start another. */
  disabled: boolean;
  takingQueueId: string | undefined;
  page: number;
  onPage: (page: number) => void;
  onTake: (queueId: string) => void;
}

/** The tiles on page `page` (the last page if past it): the board shows them, the kiosk's voice reads them in this order. */
export function queuesOnPage(config: PublicHallConfig, elderly: boolean, page: number): { shown: QueueConfig[]; current: number; pages: number } {
  const size = elderly ? PAGE_SIZE.elderly : PAGE_SIZE.standard;
  const pages = Math.max(1, Math.ceil(config.queues.length / size));
  const current = Math.min(page, pages - 1);
  return { shown: config.queues.slice(current * size, (current + 1) * size), current, pages };
}

export function QueueBoard({ config, state, now, deviceId, greenChannel, lang, elderly, disabled, takingQueueId, page, onPage, onTake }: Props) {
  const ticketClass: TicketClass = greenChannel ? 'green' : 'walk_in';
  const { shown, current, pages } = queuesOnPage(config, elderly, page);
  const columns = COLUMNS[elderly ? 'elderly' : 'standard'];
  // Rows share the height the page leaves them, so a short list does not huddle at the top.
  const rows = {
    '--rows-portrait': String(Math.ceil(shown.length / columns.portrait)),
    '--rows-landscape': String(Math.ceil(shown.length / columns.landscape)),
  };

  return (
    <section class="queue-board">
      <div class="queue-grid" style={rows}>
        {shown.map((queue) => {
          const taking = takingQueueId === queue.id;
          // Grey exactly when the server would refuse the tap (the same deciders, take-ticket.ts).
          const availability = takeOffer({ config, state }, deviceId, queue.id, greenChannel, now);
          // What the ticket would say if taken now: the same function the ticket screen, paper and phone use.
          const estimate = newTicketWait(state, config, queue.id, now, ticketClass);
          return (
            <button
              key={queue.id}
              type="button"
              class={`queue-button${taking ? ' queue-button--taking' : ''}${availability === 'open' ? '' : ' queue-button--stopped'}`}
              data-testid={`queue-button-${queue.id}`}
              style={{ '--accent': accentFor(config.queues.indexOf(queue)) }}
              disabled={disabled || availability !== 'open'}
              aria-busy={taking}
              onClick={() => onTake(queue.id)}
            >
              <span class="queue-button__prefix" aria-hidden="true">
                {queue.prefix}
              </span>
              <span class="queue-button__body">
                <span class="queue-button__name">
                  <WholeWords text={queueName(queue, lang)} />
                </span>
                {availability === 'open' ? (
                  <span class="queue-button__meta">
                    <span class="queue-button__line">
                      {!elderly && <span class="queue-button__floor">{floorName(config, queue.floor, lang)} · </span>}
                      <span class="queue-button__waiting" data-testid={`queue-waiting-${queue.id}`}>
                        {pick(lang, aheadOfNewText(estimate.ahead))}
                      </span>
                    </span>
                    <span class="queue-button__estimate" data-testid={`queue-estimate-${queue.id}`}>
                      {pick(lang, waitText(estimate.wait, 'tile'))}
                    </span>
                  </span>
                ) : (
                  <span class="queue-button__meta">
                    <span class="queue-button__stopped" data-testid={`queue-stopped-${queue.id}`}>
                      {pick(lang, STOPPED_TEXT[availability])}
                    </span>
                    {(availability === 'full' || availability === 'exhausted') && !elderly && (
                      <span class="queue-button__reason" data-testid={`queue-stopped-reason-${queue.id}`}>
                        {pick(lang, stoppedReason(queue, availability))}
                      </span>
                    )}
                  </span>
                )}
              </span>
              {taking && <span class="queue-button__spinner" aria-hidden="true" />}
            </button>
          );
        })}
      </div>
      {pages > 1 && (
        <nav class="pager">
          <button type="button" class="pager__button" disabled={current === 0} onClick={() => onPage(current - 1)} data-testid="page-previous">
            ‹ {pick(lang, T.previousPage)}
          </button>
          <span class="pager__label">{pick(lang, pageOf(current + 1, pages))}</span>
          <button type="button" class="pager__button" disabled={current === pages - 1} onClick={() => onPage(current + 1)} data-testid="page-next">
            {pick(lang, T.nextPage)} ›
          </button>
        </nav>
      )}
    </section>
  );
}

/** A name that may wrap between words but never inside one ("Start-up", not "Start-" / "up"). */
function WholeWords({ text }: { text: string }) {
  return (
    <>
      {text.split(/(\s+)/).map((part, i) =>
        part.includes('-') ? (
          <span key={i} class="nowrap">
            {part}
          </span>
        ) : (
          part
        ),
      )}
    </>
  );
}

/** Why a tile is grey, in the hall's words (before opening it is not "stopped for today"). */
export const STOPPED_TEXT: Record<Exclude<Availability, 'open'>, { zh: string; en: string }> = {
  closed: T.closedToday,
  full: T.fullToday,
  exhausted: T.numbersUsedUp,
  not_yet: T.notYet,
  midday_break: T.middayBreak,
  closed_day: T.closedDay,
};

/** The second line of a full tile: which limit was reached. */
function stoppedReason(queue: QueueConfig, availability: 'full' | 'exhausted'): Text {
  const limit = dailyLimit(queue);
  return availability === 'full' ? dailyCapReason(limit.count) : lastNumberReason(formatTicketNumber(queue.prefix, lastSequence(queue), numberDigitsOf(queue)));
}

/** Distinct, dark enough for white letters (≥ 4.5:1), so neighbours are told apart at a glance. */
const ACCENTS = ['#0b5cad', '#00796b', '#6a1b9a', '#ad1457', '#bf360c', '#2e7d32', '#4527a0', '#00695c', '#5d4037', '#37474f'];

function accentFor(index: number): string {
  return ACCENTS[index % ACCENTS.length] ?? '#0b5cad';
}
