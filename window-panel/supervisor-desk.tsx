/**
 * 值班主任台: the supervisor's view of the hall, on the same page as the
 * window panel (a supervisor signs in without a window). Every window with
 * who is on duty and on which post (「B岗代办」 while B covers, why A is away),
 * the A/B posts with reassignment, windows where A and B are both away, and the
 * guide-desk work: 过号重排 for visitors who come back; 差评回访 (follow-ups.tsx).
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Socket } from 'socket.io-client';
import type { PublicHallConfig } from '../state-machines/config/hall-config.ts';
import { formatTime, useHallNow } from '../state-machines/client/web/clock.ts';
import { ACK_TIMEOUT_MS, newRequestId, sendWithRetry, type Outcome, type UiError } from '../state-machines/client/web/command.ts';
import { attachHallLink, connectHall } from '../state-machines/client/web/hall-link.ts';
import { clerkOf } from '../state-machines/client/web/hall-names.ts';
import { errorText, pick, type Lang } from '../state-machines/client/web/i18n.ts';
import { ConnectingScreen, LinkBanner } from '../state-machines/client/web/status-screens.tsx';
import { useHall } from '../state-machines/client/web/use-hall.ts';
import { postsOf, servingClerk, type Post } from '../state-machines/domain/staffing.ts';
import { newTicketWait } from '../state-machines/hall/estimate.ts';
import { waitText } from '../state-machines/hall/visitor-texts.ts';
import { serviceDayOf } from '../state-machines/domain/service-day.ts';
import { closeNeedsApproval } from '../state-machines/hall/after-hours.ts';
import { canDecide } from '../state-machines/hall/decide.ts';
import { ticketsLeft } from '../state-machines/hall/hall-clock.ts';
import { describeWhen, nextTicketsFrom } from '../state-machines/hall/schedule.ts';
import { kioskAlerts } from '../state-machines/hall/kiosk-issuing.ts';
import type { PhaseDeadline } from '../state-machines/domain/hall-phase.ts';
import { staffingAlerts } from '../state-machines/hall/staffing-alerts.ts';
import { queueKpis, servedCount, ticketsIn } from '../state-machines/hall/views.ts';
import type { AdminClientEvents, ServerToClientEvents } from '../state-machines/protocol/socket-events.ts';
import { BookingSheet, bookableQueues, upcomingBookings } from './bookings.tsx';
import { useDeskFeed } from './desk-feed.ts';
import { DeskKpis, LongWaitAlerts, QueueLongest } from './desk-kpis.tsx';
import { DeviceAdminCard } from './device-admin.tsx';
import { FollowUpCard } from './follow-ups.tsx';
import { CaseDeadlines } from './case-deadlines.tsx';
import { ComplaintsCard } from './complaints.tsx';
import { PlanningCard } from './planning.tsx';
import { followUpCounts } from '../state-machines/domain/rating.ts';
import { DeskHeader } from './desk-header.tsx';
import { SignInAlerts } from './sign-in-alerts.tsx';
import { StandbyCard } from './standby-card.tsx';
import { ReportsEntry } from './reports-entry.tsx';
import { R } from './reports-texts.ts';
import type { ClerkSession } from './session.ts';
import { ABSENCE_TEXT, BOOKING, PAUSE_REASON_TEXT, STATUS, SUPERVISOR as S } from './texts.ts';

type AdminSocket = Socket<ServerToClientEvents, AdminClientEvents>;

interface Props {
  session: ClerkSession;
  lang: Lang;
  langToggle: ComponentChildren;
  onSessionLost: () => void;
  onSignOut: () => void;
}

export function SupervisorDesk({ session, lang, langToggle, onSessionLost, onSignOut }: Props) {
  const socket: AdminSocket = useMemo(() => connectHall('admin', session.token), [session.token]);
  // Before the link: what the server pushes right after the snapshot (devices, sign-in alerts) must find its listeners.
  const feed = useDeskFeed(socket);
  const link = useMemo(() => attachHallLink(socket, { unattended: false }), [socket]);
  useEffect(() => () => link.close(), [link]);
  const { view, link: linkState } = useHall(link);
  const now = useHallNow(view?.clockOffsetMs ?? 0);
  const [error, setError] = useState<UiError>();
  const [busy, setBusy] = useState(false);
  const [approving, setApproving] = useState<number>();
  const [bookingsOpen, setBookingsOpen] = useState(false);
  const [reportsOpen, setReportsOpen] = useState(false);

  const lost = linkState.kind === 'refused' && linkState.code !== 'PROTOCOL_MISMATCH';
  useEffect(() => {
    if (lost) onSessionLost();
  }, [lost]);
  if (!view) return <ConnectingScreen link={linkState} lang={lang} />;
  const { config, state } = view;
  if (reportsOpen) return <ReportsEntry socket={socket} config={config} lang={lang} langToggle={langToggle} now={now} onClose={() => setReportsOpen(false)} />;
  const clerks = config.staff.filter((s) => s.id !== session.staff.id);
  const next = nextRealBoundary(state.phase.next, config, now);

  /** One intent, one requestId: a retry after a lost answer never acts twice. */
  const run = async (send: () => Promise<Outcome<unknown>>) => {
    setBusy(true);
    setError(undefined);
    const outcome = await send();
    setBusy(false);
    if (!outcome.ok) setError(outcome.error);
  };
  const ack = () => socket.timeout(ACK_TIMEOUT_MS);
  const assign = (window: number, post: Post, clerkId: string) => {
    const requestId = newRequestId();
    void run(() => sendWithRetry(() => ack().emitWithAck('post:assign', { requestId, window, post, clerkId })));
  };
  const approveClose = (window: number, reason: string) => {
    const requestId = newRequestId();
    setApproving(undefined);
    void run(() => sendWithRetry(() => ack().emitWithAck('window:close-approved', { requestId, window, reason })));
  };
  const requeue = (ticketId: string) => {
    const requestId = newRequestId();
    void run(() => sendWithRetry(() => ack().emitWithAck('ticket:requeue', { requestId, ticketId })));
  };

  const alerts = staffingAlerts(state, config);
  const kiosks = config.kiosks ?? [];
  const busyKiosks = kioskAlerts(
    state,
    kiosks.map((k) => k.id),
    config.limits.kioskTicketsPerHour,
    now,
  );
  // The desk offers what the server would accept from this supervisor (the same deciders, asked with what the desk has).
  const by = { staffId: session.staff.id };
  const noShows = ticketsIn(state, 'no_show').filter((t) => canDecide(state, config, { type: 'ticket.requeue', ticketId: t.id, by }, now).ok);
  const today = serviceDayOf(now, config.hall.timezone);
  // 今日概况: from the folded state and the pushed device rows, recomputed on each tick of the desk's clock.
  const kpis = queueKpis(state, config, now);
  const bookedToday = upcomingBookings(state, new Set(bookableQueues(config, undefined).map((q) => q.id)), today).filter((a) => a.day === today);

  return (
    <div class="desk supervisor">
      <LinkBanner link={linkState} lang={lang} />
      <DeskHeader
        title={S.title}
        titleTestId="supervisor-title"
        config={config}
        staff={session.staff}
        now={now}
        lang={lang}
        langToggle={langToggle}
        onSignOut={onSignOut}
      >
        <button type="button" class="button desk-header__nav" data-testid="open-reports" onClick={() => setReportsOpen(true)}>
          {pick(lang, R.nav)}
        </button>
      </DeskHeader>
      {error && (
        <p class="action-error supervisor__error" role="alert" data-testid="supervisor-error">
          {errorText(lang, error)}
        </p>
      )}
      <p class={`supervisor__phase supervisor__phase--${state.phase.status}`} role="status" data-testid="hall-phase">
        <strong>
          {pick(lang, S.phaseLabel)}：{pick(lang, S.phase[state.phase.status])}
        </strong>
        {state.phase.status === 'extended' && state.phase.extendedFrom !== undefined && (
          <span> · {pick(lang, S.extendedSince(formatTime(state.phase.extendedFrom, config.hall.timezone)))}</span>
        )}
        {(state.phase.status === 'extended' || state.phase.status === 'tickets_stopped') && <span> · {pick(lang, S.ticketsLeft(ticketsLeft(state)))}</span>}
        {state.phase.status !== 'extended' && next && (
          <span data-testid="hall-phase-next">
            {' · '}
            {pick(lang, S.nextBoundary(next.boundary, whenNext(next.at, config.hall.timezone, now, lang)))}
          </span>
        )}
      </p>
      <DeskKpis
        served={servedCount(state, today)}
        kpis={kpis}
        health={feed.health}
        config={config}
        followUps={config.ratings ? followUpCounts(state.followUps, today) : undefined}
        lang={lang}
      />
      <LongWaitAlerts kpis={kpis} config={config} lang={lang} />
      {alerts.map((a) => (
        <p key={`${a.kind}-${a.window}`} class="supervisor__alert" role="alert" data-testid={`alert-${a.kind}-${a.window}`}>
          {pick(lang, S.windowNo(a.window))} · {pick(lang, a.kind === 'both_away' ? S.bothAway : S.singlePostAway)}
        </p>
      ))}
      {busyKiosks.map((a) => (
        <p key={`kiosk-${a.deviceId}`} class="supervisor__alert" role="alert" data-testid={`alert-kiosk-busy-${a.deviceId}`}>
          {pick(lang, S.kioskBusy(kiosks.find((k) => k.id === a.deviceId)?.name ?? a.deviceId, a.issued, a.busiestOther, config.limits.kioskTicketsPerHour))}
        </p>
      ))}
      <SignInAlerts socket={socket} watch={feed.watch} config={config} lang={lang} now={now} online={linkState.kind === 'online'} />
      <StandbyCard view={feed.standby} takeover={state.takeover} config={config} lang={lang} />
      <main class="supervisor__main">
        <table class="supervisor__windows" data-testid="supervisor-windows">
          <thead>
            <tr>
              <th>{pick(lang, S.window)}</th>
              <th>{pick(lang, S.status)}</th>
              <th>{pick(lang, S.onDuty)}</th>
              <th>{pick(lang, S.postA)}</th>
              <th>{pick(lang, S.postB)}</th>
            </tr>
          </thead>
          <tbody>
            {config.windows.map((w) => {
              const record = state.windows[String(w.number)];
              const serving = servingClerk(state, config, w.number);
              const on = clerkOf(config, serving?.clerkId);
              const posts = postsOf(state, config, w.number);
              const absent = state.staffing[String(w.number)]?.absent ?? {};
              // 延时服务: approval is offered only where the clerk could not close alone (tickets only this window serves), and the window may close.
              const approvable = canDecide(state, config, { type: 'window.close_approved', window: w.number, by, reason: '' }, now).ok;
              const stranded = approvable ? closeNeedsApproval(state, config, w.number, now) : 0;
              const postCell = (post: Post, id: string | undefined) => (
                <td>
                  <select
                    class="supervisor__select"
                    aria-label={pick(lang, S.postOf(w.number, post))}
                    data-testid={`post-${w.number}-${post}`}
                    disabled={busy || linkState.kind !== 'online'}
                    value={id ?? ''}
                    onChange={(e) => assign(w.number, post, (e.target as HTMLSelectElement).value)}
                  >
                    {id === undefined && <option value="">—</option>}
                    {clerks.map((c) => (
                      <option key={c.id} value={c.id}>
                        {c.name} {c.id}
                      </option>
                    ))}
                  </select>
                  {id !== undefined && absent[id] && (
                    <span class="supervisor__absent" data-testid={`absent-${w.number}-${post}`}>
                      {pick(lang, ABSENCE_TEXT[absent[id].reason])}
                    </span>
                  )}
                </td>
              );
              return (
                <tr key={w.number} data-testid={`supervisor-window-${w.number}`}>
                  <td class="supervisor__number">{pick(lang, S.windowNo(w.number))}</td>
                  <td>
                    {pick(lang, STATUS[record?.status ?? 'closed'])}
                    {/* Staff may know why a window is paused (public screens never do). */}
                    {record?.status === 'paused' && record.pauseReason && (
                      <span class="supervisor__pause" data-testid={`pause-reason-${w.number}`}>
                        {pick(lang, PAUSE_REASON_TEXT[record.pauseReason])}
                        {record.pausedAt !== undefined && ` · ${pick(lang, S.since(formatTime(record.pausedAt, config.hall.timezone)))}`}
                      </span>
                    )}
                    {stranded > 0 && (
                      <span class="supervisor__approve">
                        {approving === w.number ? (
                          S.closeReasons.map((r) => (
                            <button
                              key={r.zh}
                              type="button"
                              class="button button--small"
                              data-testid={`approve-close-${w.number}-reason`}
                              disabled={busy}
                              onClick={() => approveClose(w.number, r.zh)}
                            >
                              {pick(lang, r)}
                            </button>
                          ))
                        ) : (
                          <button type="button" class="button button--small" data-testid={`approve-close-${w.number}`} onClick={() => setApproving(w.number)}>
                            {pick(lang, S.approveClose(stranded))}
                          </button>
                        )}
                      </span>
                    )}
                  </td>
                  <td>
                    {on ? `${on.name} ${on.id}` : '—'}
                    {serving?.bCovering && <span class="supervisor__covering">{pick(lang, S.bCovering)}</span>}
                  </td>
                  {postCell('a', posts?.a)}
                  {postCell('b', posts?.b)}
                </tr>
              );
            })}
          </tbody>
        </table>
        <aside class="supervisor__side">
          <section class="card">
            <h2 class="section-title">{pick(lang, S.waiting)}</h2>
            <ul class="supervisor__queues">
              {config.queues.map((q) => {
                const e = newTicketWait(state, config, q.id, now);
                const kpi = kpis.find((k) => k.queueId === q.id);
                return (
                  <li key={q.id} data-testid={`desk-queue-${q.id}`}>
                    <span class="supervisor__queue-head">
                      <strong>
                        {q.prefix} {lang === 'zh' ? q.name.zh : q.name.en}
                      </strong>
                      <span data-testid={`desk-queue-waiting-${q.id}`}>{pick(lang, S.queueWaiting(kpi?.waiting ?? 0))}</span>
                    </span>
                    <QueueLongest kpi={kpi} lang={lang} />
                    <span class="supervisor__queue-new" data-testid={`desk-queue-new-${q.id}`}>
                      {pick(lang, S.newTicketLine(e.ahead, waitText(e.wait, 'tile')))}
                    </span>
                  </li>
                );
              })}
            </ul>
          </section>
          <section class="card supervisor__bookings" data-testid="supervisor-bookings">
            <h2 class="section-title">{pick(lang, BOOKING.manage)}</h2>
            <p>
              {pick(
                lang,
                BOOKING.todayCount(bookedToday.filter((a) => a.status !== 'cancelled').length, bookedToday.filter((a) => a.status === 'checked_in').length),
              )}
            </p>
            <button type="button" class="button button--wide" data-testid="open-bookings" onClick={() => setBookingsOpen(true)}>
              {pick(lang, BOOKING.manage)}
            </button>
          </section>
          <DeviceAdminCard socket={socket} feed={feed} config={config} lang={lang} now={now} online={linkState.kind === 'online'} />
          <PlanningCard socket={socket} config={config} lang={lang} now={now} />
          <section class="card" data-testid="supervisor-no-shows">
            <h2 class="section-title">{pick(lang, S.noShows)}</h2>
            {noShows.length === 0 ? (
              <p class="list-empty">{pick(lang, S.noNoShows)}</p>
            ) : (
              <ul class="supervisor__queues">
                {noShows.map((t) => (
                  <li key={t.id}>
                    <span class="ticket-row__number">{t.number}</span>
                    <button type="button" class="button button--small" data-testid={`desk-requeue-${t.number}`} disabled={busy} onClick={() => requeue(t.id)}>
                      {pick(lang, S.requeue)}
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </aside>
      </main>
      <FollowUpCard socket={socket} view={view} lang={lang} now={now} staffId={session.staff.id} />
      <CaseDeadlines view={view} lang={lang} now={now} />
      <ComplaintsCard socket={socket} view={view} lang={lang} now={now} staffId={session.staff.id} />
      {bookingsOpen && (
        <BookingSheet socket={socket} window={undefined} view={view} lang={lang} online={linkState.kind === 'online'} onClose={() => setBookingsOpen(false)} />
      )}
    </div>
  );
}

/**
 * The boundary worth naming: the calendar's midnight (new_day) is bookkeeping,
 * so from a closed hall the desk names when tickets start again instead.
 */
function nextRealBoundary(next: PhaseDeadline | undefined, config: Pick<PublicHallConfig, 'hall' | 'schedule'>, now: number): PhaseDeadline | undefined {
  if (next?.boundary !== 'new_day' || !config.schedule) return next;
  const at = nextTicketsFrom({ hall: config.hall, schedule: config.schedule }, now);
  return at === undefined ? undefined : { at, boundary: 'tickets_open' };
}

/** Today: "12:00"; tomorrow: "明日 08:00"; later: "11月24日（周二）08:00". */
function whenNext(at: number, timeZone: string, now: number, lang: Lang): string {
  if (serviceDayOf(at, timeZone) === serviceDayOf(now, timeZone)) return formatTime(at, timeZone);
  return pick(lang, describeWhen(at, now, timeZone));
}
