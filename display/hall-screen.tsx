/**
 * 综合屏: the hall's wall display, read from across the room. The latest call
 * very large, the calls before it, and what every open window is doing.
 */
import type { ComponentChildren } from 'preact';
import type { HallView } from '../state-machines/client/hall-sync.ts';
import { useHallNow } from '../state-machines/client/web/clock.ts';
import { serviceDayOf } from '../state-machines/domain/service-day.ts';
import type { CallRecord } from '../state-machines/hall/state.ts';
import { newTicketWait } from '../state-machines/hall/estimate.ts';
import { hallTicketing } from '../state-machines/hall/hall-clock.ts';
import { ticketingClosedText } from '../state-machines/hall/schedule.ts';
import { waitText } from '../state-machines/hall/visitor-texts.ts';
import { closedSign, type ClosedSign } from './closed-sign.ts';
import { Bi, HallClock } from './parts.tsx';
import { aheadPeople, callLineEn, T, windowNo } from './texts.ts';

/** Calls listed under "recent": enough to catch a missed call, few enough to read at 3 m. */
const RECENT_SHOWN = 6;

/** `voiceNotice`: the staff notice shown when this screen cannot speak (voice-notice.tsx). */
export function HallScreen({ view, flashSeq, voiceNotice }: { view: HallView; flashSeq: number | undefined; voiceNotice: ComponentChildren }) {
  const { config, state } = view;
  // The waits (and the closed sign's 今日/明日) move with time as well as with events; read from across the room, every 15 s is plenty.
  const now = useHallNow(view.clockOffsetMs, 15_000);
  const floor = view.identity.role === 'display' ? view.identity.floor : undefined;
  const windowsHere = config.windows.filter((w) => floor === undefined || w.floor === floor);
  const here = new Set(windowsHere.map((w) => w.number));
  const queuesHere = config.queues.filter((q) => floor === undefined || windowsHere.some((w) => w.queues.includes(q.id)));
  const floorName = floor === undefined ? undefined : config.floors.find((f) => f.id === floor)?.name;
  const tz = config.hall.timezone;
  // Today's calls only: the next morning the wall does not list yesterday's numbers.
  const today = serviceDayOf(now, tz);
  const todays = state.recentCalls.filter((c) => here.has(c.window) && serviceDayOf(c.at, tz) === today);
  // Closed (before opening, midday, night, closed day): the sign replaces the welcome — unless a window called since.
  const sign = closedSign(state, config, now);
  const signShown = sign !== undefined && !(todays[0] !== undefined && todays[0].at >= (state.phase.since ?? 0));
  // Under the sign, every call of the day is "recent"; otherwise the newest is the current call.
  const latest = signShown ? undefined : todays[0];
  const older = signShown ? todays : todays.slice(1);
  // A recall or a resumed ticket is a new entry for the same ticket: list each ticket once, at its newest call.
  const earlier = older.filter((c, i) => c.ticketId !== latest?.ticketId && older.findIndex((o) => o.ticketId === c.ticketId) === i);
  const openWindows = windowsHere.filter((w) => {
    const status = state.windows[String(w.number)]?.status;
    return status !== undefined && status !== 'closed';
  });
  const hours = config.hall.hours.map((h) => `${h.start}–${h.end}`).join('  ');
  // The kiosks' own gate (hall-clock.ts): when they issue no ticket, neither does the wall's 现在取号 panel.
  const ticketing = hallTicketing(state, config, now);
  const ticketsClosed = ticketing !== undefined && !ticketing.open ? ticketingClosedText(ticketing, tz) : undefined;

  return (
    <div class="hall-screen">
      <header class="screen-header">
        <h1 class="screen-header__title">
          <span>
            {config.hall.name}
            {floorName && (
              <span class="screen-header__floor" data-testid="display-floor">
                {floorName.zh}
              </span>
            )}
          </span>
          <small lang="en">
            {config.hall.nameEn}
            {floorName && ` · ${floorName.en}`}
          </small>
        </h1>
        <HallClock timeZone={config.hall.timezone} clockOffsetMs={view.clockOffsetMs} />
      </header>

      <main class="hall-screen__main">
        <CurrentCall call={latest} flash={latest !== undefined && latest.seq === flashSeq} closed={signShown ? sign : undefined} />
        <section class="recent-calls" data-testid="recent-calls">
          <h2 class="panel-title">
            <Bi text={T.recentCalls} />
          </h2>
          {earlier.length === 0 ? (
            <p class="recent-calls__empty">
              <Bi text={T.noCallsYet} />
            </p>
          ) : (
            <ol class="recent-calls__list">
              {earlier.slice(0, RECENT_SHOWN).map((call) => (
                <li key={call.seq} class="recent-calls__row">
                  <span class={`recent-calls__number${call.number.length > 4 ? ' recent-calls__number--long' : ''}`}>{call.number}</span>
                  <span class="recent-calls__window">{windowNo(call.window).zh}</span>
                </li>
              ))}
            </ol>
          )}
        </section>
        <section class="queue-panel" data-testid="queue-waiting">
          <h2 class="panel-title">
            <Bi text={ticketsClosed ? T.ticketing : T.waitingByQueue} />
          </h2>
          {ticketsClosed ? (
            // No tickets now (night, before opening, after 停止取号, a closed day): say so and when they resume —
            // the kiosk's sentence — rather than invite people to take a number the kiosks refuse.
            <p class="queue-panel__closed" data-testid="queue-panel-closed">
              <span>{ticketsClosed.zh}</span>
              <small lang="en">{ticketsClosed.en}</small>
            </p>
          ) : (
            <>
              {/* Column heads once, so each row stays short enough for a five-character service name at 3 m. */}
              <div class="queue-row queue-row--head" aria-hidden="true">
                <span />
                <span>{T.columnQueue.zh}</span>
                <span class="queue-row__count">{T.columnAhead.zh}</span>
                <span class="queue-row__wait">{T.columnWait.zh}</span>
              </div>
              <ul class="queue-panel__list">
                {queuesHere.map((q) => {
                  // What a ticket taken now would be told — people ahead and the wait — exactly the kiosk tile's words:
                  // a queue with nobody waiting can still be behind other queues' visitors at the windows it shares.
                  const estimate = newTicketWait(state, config, q.id, now);
                  return (
                    <li key={q.id} class="queue-row" data-testid={`queue-tile-${q.id}`}>
                      <span class="queue-row__prefix">{q.prefix}</span>
                      <span class="queue-row__name">{q.name.zh}</span>
                      <span class="queue-row__count" data-testid={`queue-tile-waiting-${q.id}`}>
                        {aheadPeople(estimate.ahead).zh}
                      </span>
                      <span class="queue-row__wait" data-testid={`queue-tile-estimate-${q.id}`}>
                        {waitText(estimate.wait, 'wall').zh}
                      </span>
                    </li>
                  );
                })}
              </ul>
            </>
          )}
        </section>
      </main>

      <section class="window-strip" data-testid="open-windows" aria-labelledby="window-strip-title">
        <h2 class="panel-title panel-title--inline" id="window-strip-title">
          <Bi text={T.windows} />
        </h2>
        {openWindows.length === 0 ? (
          <p class="window-strip__empty">
            <Bi text={T.noWindowsOpen} />
          </p>
        ) : (
          <ul class="window-strip__grid">
            {openWindows.map((w) => {
              const record = state.windows[String(w.number)];
              const ticket = record?.current === undefined ? undefined : state.tickets[record.current];
              // Paused: the same two words whatever the reason (a reason could say something about the clerk).
              const paused = record?.status === 'paused';
              return (
                <li
                  key={w.number}
                  class={`window-tile${ticket ? ' window-tile--busy' : ''}${paused ? ' window-tile--paused' : ''}`}
                  data-testid={`window-tile-${w.number}`}
                >
                  <span class="window-tile__number">
                    {w.number}
                    <small>号</small>
                  </span>
                  <span class={`window-tile__ticket${ticket && ticket.number.length > 4 ? ' window-tile__ticket--long' : ''}`}>
                    {paused ? T.paused.zh : ticket ? ticket.number : T.available.zh}
                  </span>
                </li>
              );
            })}
          </ul>
        )}
      </section>

      <footer class="screen-footer">
        <span>
          {T.hours.zh} {hours}
        </span>
        {(state.phase.status === 'tickets_stopped' || state.phase.status === 'extended') && (
          <span class="screen-footer__phase" data-testid="display-phase">
            <Bi text={state.phase.status === 'extended' ? T.extendedService : T.ticketsStopped} />
          </span>
        )}
        {voiceNotice}
      </footer>
    </div>
  );
}

function CurrentCall({ call, flash, closed }: { call: CallRecord | undefined; flash: boolean; closed: ClosedSign | undefined }) {
  if (closed) {
    return (
      <section class="current-call current-call--closed" data-testid="current-call">
        <h2 class="panel-title">
          <Bi text={T.hallStatus} />
        </h2>
        <div class="closed-sign" data-testid="display-closed">
          <p class="closed-sign__title">
            <Bi text={closed.title} />
          </p>
          {closed.next && (
            <p class="closed-sign__next" data-testid="display-reopens">
              <Bi text={closed.next} />
            </p>
          )}
        </div>
      </section>
    );
  }
  return (
    // Re-keyed on every new call so the flash animation starts again.
    <section key={call?.seq ?? 0} class={`current-call${flash ? ' current-call--flash' : ''}`} data-testid="current-call" aria-live="assertive">
      <h2 class="panel-title">
        <Bi text={T.nowCalling} />
      </h2>
      {call ? (
        <div class="current-call__body">
          {call.recall && (
            <p class="current-call__recall" data-testid="current-call-recall">
              <Bi text={T.recall} />
            </p>
          )}
          <p class="current-call__line">
            请{' '}
            <span class="current-call__number" data-testid="current-call-number">
              {call.number}
            </span>{' '}
            号
          </p>
          <p class="current-call__line">
            到{' '}
            <span class="current-call__window" data-testid="current-call-window">
              {call.window}
            </span>{' '}
            号窗口 办理
          </p>
          <p class="current-call__en" lang="en">
            {callLineEn(call.number, call.window)}
          </p>
        </div>
      ) : (
        <p class="current-call__welcome">
          <Bi text={T.welcome} />
        </p>
      )}
    </section>
  );
}
