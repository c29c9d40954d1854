/**
 * The ticket, on screen: the number very large, where to wait, which windows
 * call it and how many are ahead — kept live from the hall view while the
 * visitor reads it. Goes back home by itself so the next visitor starts clean.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { PublicHallConfig } from '../state-machines/config/hall-config.ts';
import type { HallState } from '../state-machines/hall/state.ts';
import { ticketWait } from '../state-machines/hall/estimate.ts';
import { noShowRuleText, peopleAheadText, ticketClassText, ticketStatusText, waitText } from '../state-machines/hall/visitor-texts.ts';
import type { TicketReceipt } from '../state-machines/protocol/socket-events.ts';
import { formatTime } from '../state-machines/client/web/clock.ts';
import { floorName, queueName, windowsForTicket, zoneName } from '../state-machines/client/web/hall-names.ts';
import { choiceOf } from '../state-machines/hall/notice.ts';
import { pick, type Lang } from '../state-machines/client/web/i18n.ts';
import { bookedFor } from './appointment-texts.ts';
import { backIn, T, windowList } from './texts.ts';

const AUTO_RETURN_SECONDS = 20;

interface Props {
  config: PublicHallConfig;
  state: HallState;
  /** Hall time now: the wait is figured against it. */
  now: number;
  receipt: TicketReceipt;
  lang: Lang;
  /** 预约签到: the booking's masked name (张*三), shown on this visitor's own screen only. */
  booker?: string | undefined;
  onDone: () => void;
}

export function TicketScreen({ config, state, now, receipt, lang, booker, onDone }: Props) {
  const secondsLeft = useCountdown(AUTO_RETURN_SECONDS, onDone);
  const ticket = state.tickets[receipt.ticket.id] ?? receipt.ticket;
  const queue = config.queues.find((q) => q.id === ticket.queueId);
  const tz = config.hall.timezone;
  const windows = windowsForTicket(config, ticket).map((w) => w.number);
  const place = queue && [floorName(config, queue.floor, lang), zoneName(config, queue.zone, lang)].filter(Boolean).join(' · ');
  // Live while the visitor reads; the receipt's figures if the ticket is not in the view yet.
  const { ahead, wait } = state.tickets[ticket.id] ? ticketWait(state, config, ticket, now) : receipt;
  const classMark = ticketClassText(ticket);
  // The 事项 or 一件事 chosen at the confirm step (item-flow.tsx), as the paper prints it.
  const item = choiceOf(config, ticket.itemId);

  return (
    <main class="ticket-screen" data-testid="ticket-screen">
      <p class="ticket-screen__title">{pick(lang, T.ticketTitle)}</p>
      <div class="ticket-card">
        <section class="ticket-card__main">
          <p class="ticket-card__queue">{queue ? queueName(queue, lang) : ticket.queueId}</p>
          {item && (
            <p class="ticket-card__item" data-testid="ticket-item">
              {lang === 'en' ? (item.nameEn ?? item.name) : item.name}
            </p>
          )}
          <p class="ticket-card__label">{pick(lang, T.yourNumber)}</p>
          <p class={`ticket-card__number${ticket.number.length > 4 ? ' ticket-card__number--long' : ''}`} data-testid="ticket-number">
            {ticket.number}
          </p>
          {classMark && ticket.class === 'green' && (
            <p class="ticket-card__green" data-testid="ticket-green">
              {pick(lang, classMark)}
            </p>
          )}
          {classMark && ticket.class === 'appointment' && (
            <p class="ticket-card__appointment" data-testid="ticket-appointment">
              {pick(lang, classMark)}
              {booker !== undefined && <span class="ticket-card__booker">{pick(lang, bookedFor(booker))}</span>}
            </p>
          )}
          {ticket.status === 'waiting' ? (
            <>
              {/* Good news or plain facts, never an alarm: 0 ahead is calm, the count is in the hall's ink. */}
              <p class={`ticket-card__ahead${ahead === 0 ? ' ticket-card__ahead--none' : ''}`} data-testid="people-ahead">
                {pick(lang, peopleAheadText(ahead))}
              </p>
              <p class="ticket-card__estimate" data-testid="wait-estimate" data-wait={wait.kind}>
                {pick(lang, waitText(wait, 'ticket'))}
              </p>
            </>
          ) : (
            ticket.window !== undefined && (
              <p class="ticket-card__ahead ticket-card__ahead--called" data-testid="ticket-called">
                {pick(lang, ticketStatusText(ticket))}
              </p>
            )
          )}
        </section>
        <section class="ticket-card__details">
          <dl class="ticket-card__facts">
            {place && (
              <div>
                <dt>{pick(lang, T.waitAt)}</dt>
                <dd data-testid="ticket-floor">{place}</dd>
              </div>
            )}
            <div>
              <dt>{pick(lang, T.servingWindows)}</dt>
              <dd data-testid="ticket-windows">{pick(lang, windowList(windows))}</dd>
            </div>
            <div>
              <dt>{pick(lang, T.issuedAt)}</dt>
              <dd data-testid="ticket-issued">
                <time dateTime={new Date(ticket.issuedAt).toISOString()}>{formatTime(ticket.issuedAt, tz)}</time>
              </dd>
            </div>
          </dl>
          <p class="ticket-card__notice">
            {pick(lang, T.waitHere)}
            <strong data-testid="no-show-rule">{pick(lang, noShowRuleText(config.queueRules.noShow, ticket))}</strong>
          </p>
          <button type="button" class="big-action" data-testid="ticket-done" onClick={onDone}>
            {pick(lang, T.done)}
            <span class="big-action__sub">{pick(lang, backIn(secondsLeft))}</span>
          </button>
        </section>
      </div>
    </main>
  );
}

function useCountdown(seconds: number, onZero: () => void): number {
  const [left, setLeft] = useState(seconds);
  const zero = useRef(onZero);
  zero.current = onZero;
  useEffect(() => {
    const started = Date.now();
    const timer = setInterval(() => {
      const remaining = seconds - Math.floor((Date.now() - started) / 1000);
      setLeft(Math.max(0, remaining));
      if (remaining <= 0) {
        clearInterval(timer);
        zero.current();
      }
    }, 250);
    return () => clearInterval(timer);
  }, [seconds]);
  return left;
}
