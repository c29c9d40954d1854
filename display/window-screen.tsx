/**
 * 窗口屏: the screen above one window. Who is serving here (信息公开: name,
 * 工号, photo of the clerk actually at the window — the B post when covering),
 * the number at the counter (with 再次呼叫 on a recall) and whether the window
 * is open. A paused window reads 暂停服务 (the clerk is coming back); a closed
 * one reads 窗口已关闭 once and points to the open windows serving the same
 * queues, as a range (1、4-6 号窗口) like the paper.
 */
import type { HallView } from '../state-machines/client/hall-sync.ts';
import { isServing, type WindowStatus } from '../state-machines/domain/window.ts';
import { waitingCount } from '../state-machines/hall/views.ts';
import { clerkOf, floorName, windowRange } from '../state-machines/client/web/hall-names.ts';
import { servingClerk } from '../state-machines/domain/staffing.ts';
import type { Text } from '../state-machines/client/web/i18n.ts';
import { Bi, HallClock } from './parts.tsx';
import { T, waitingTotal, windowsList } from './texts.ts';

const STATUS: Record<WindowStatus, { text: Text; tone: 'closed' | 'idle' | 'busy' }> = {
  closed: { text: T.closed, tone: 'closed' },
  idle: { text: T.available, tone: 'idle' },
  calling: { text: T.calling, tone: 'busy' },
  serving: { text: T.serving, tone: 'busy' },
  paused: { text: T.paused, tone: 'closed' },
};

export function WindowScreen({ view, windowNumber, flashSeq }: { view: HallView; windowNumber: number; flashSeq: number | undefined }) {
  const { config, state } = view;
  const win = config.windows.find((w) => w.number === windowNumber);
  const record = state.windows[String(windowNumber)];
  const status = STATUS[record?.status ?? 'closed'];
  const ticket = record?.current === undefined ? undefined : state.tickets[record.current];
  const clerk = record?.status === 'closed' ? undefined : clerkOf(config, record?.clerkId);
  const serving = servingClerk(state, config, windowNumber);
  const post = clerk && (serving?.post === 'a' ? T.postA : serving?.post === 'b' ? T.postB : undefined);
  const lastCall = state.recentCalls[0];
  const flash = flashSeq !== undefined && lastCall?.seq === flashSeq && lastCall.window === windowNumber;
  const queues = win ? config.queues.filter((q) => win.queues.includes(q.id)) : [];
  const waiting = queues.reduce((n, q) => n + waitingCount(state, q.id), 0);
  // 再次呼叫: this window's newest call is a recall of the ticket still at the counter.
  const ownLast = state.recentCalls.find((c) => c.window === windowNumber);
  const recalled = ticket?.status === 'called' && ownLast?.recall === true && ownLast.ticketId === ticket.id;
  // Closed: where the visitor can go instead (open windows serving any of this window's queues).
  const elsewhere =
    record?.status === 'closed' || record === undefined
      ? config.windows
          .filter((w) => w.number !== windowNumber && isServing(state.windows[String(w.number)]) && w.queues.some((q) => win?.queues.includes(q)))
          .map((w) => w.number)
      : [];

  return (
    <div class={`window-screen window-screen--${status.tone}`}>
      <header class="screen-header">
        <div class="window-badge" data-testid="window-number">
          {windowNumber}
          <small>号窗口</small>
        </div>
        <h1 class="screen-header__title">
          {win?.name ?? ''}
          <small lang="en">
            Window {windowNumber}
            {win?.nameEn ? ` · ${win.nameEn}` : ''}
            {win ? ` · ${floorName(config, win.floor, 'en')}` : ''}
          </small>
        </h1>
        <HallClock timeZone={config.hall.timezone} clockOffsetMs={view.clockOffsetMs} />
      </header>

      <main class="window-screen__main">
        {/* Re-keyed per call of this window, so a 重呼 flashes again. */}
        <section
          key={flash ? `call-${lastCall?.seq ?? 0}` : (ticket?.id ?? 'none')}
          class={`window-now${flash ? ' window-now--flash' : ''}`}
          data-testid="window-current"
        >
          <h2 class="panel-title">
            <Bi text={T.currentNumber} />
          </h2>
          {recalled && (
            <p class="current-call__recall" data-testid="window-recall">
              <Bi text={T.recall} />
            </p>
          )}
          <p class="window-now__number" data-testid="window-current-number">
            {ticket ? ticket.number : '—'}
          </p>
          <p class={`window-status window-status--${status.tone}`} data-testid="window-status">
            <Bi text={status.text} />
          </p>
        </section>

        <aside class="clerk-card" data-testid="clerk-card">
          {clerk ? (
            <>
              <img class="clerk-card__photo" src={clerk.photo} alt={clerk.name} width={240} height={320} />
              <p class="clerk-card__name" data-testid="clerk-name">
                {clerk.name}
              </p>
              <p class="clerk-card__id" data-testid="clerk-id">
                {T.staffNo.zh} {clerk.id}
              </p>
              {post && (
                <p class="clerk-card__post">
                  <Bi text={post} />
                </p>
              )}
              {serving?.bCovering && (
                <p class="clerk-card__covering" data-testid="clerk-covering">
                  <Bi text={T.bCovering} />
                </p>
              )}
            </>
          ) : elsewhere.length > 0 ? (
            <div class="clerk-card__elsewhere" data-testid="window-elsewhere">
              <p class="clerk-card__elsewhere-label">
                <Bi text={T.goElsewhere} />
              </p>
              <p class="clerk-card__elsewhere-windows">
                <Bi text={windowsList({ zh: windowRange(elsewhere), en: windowRange(elsewhere, 'en') }, elsewhere.length)} />
              </p>
            </div>
          ) : null}
        </aside>
      </main>

      <footer class="screen-footer">
        <span>
          {T.thisWindowServes.zh}：{queues.map((q) => `${q.prefix} ${q.name.zh}`).join(' · ')}
        </span>
        <span data-testid="window-waiting">{waitingTotal(waiting).zh}</span>
      </footer>
    </div>
  );
}
