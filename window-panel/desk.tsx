/**
 * The clerk's desk after sign-in: a /window connection with the session
 * token, the window's header, the counter card and the waiting list.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { clerkOf, windowName } from '../state-machines/client/web/hall-names.ts';
import { ABSENCE_REASONS, type AbsenceReason } from '../state-machines/domain/staffing.ts';
import { serviceDayOf } from '../state-machines/domain/service-day.ts';
import { afterHours, openRefusal, servableCount } from '../state-machines/hall/after-hours.ts';
import type { WindowRecord } from '../state-machines/domain/window.ts';
import type { TicketRecord } from '../state-machines/domain/ticket.ts';
import type { HallState } from '../state-machines/hall/state.ts';
import { isEnquiry } from '../state-machines/hall/deciders/enquiry.ts';
import { formatTime, useHallNow } from '../state-machines/client/web/clock.ts';
import type { UiError } from '../state-machines/client/web/command.ts';
import { attachHallLink, connectHall } from '../state-machines/client/web/hall-link.ts';
import { errorText, pick, type Lang } from '../state-machines/client/web/i18n.ts';
import { ConnectingScreen, LinkBanner, ProblemScreen } from '../state-machines/client/web/status-screens.tsx';
import { useHall } from '../state-machines/client/web/use-hall.ts';
import { BookingSheet, bookableQueues, upcomingBookings } from './bookings.tsx';
import { CaseOffice, CaseOfficeButton, PickupCounter } from './case-office.tsx';
import { CounterCard } from './counter-card.tsx';
import { lastRejectedHere, NoticeSheet, NT, RejectedNoticeOffer } from './item-notice.tsx';
import { KeysHelp, useCounterKeys } from './keyboard.tsx';
import { PanelDialog, type DialogKind, type OpenDialog } from './dialogs.tsx';
import type { ClerkSession } from './session.ts';
import { ABSENCE_TEXT, BOOKING, standbyText, T, windowTitle } from './texts.ts';
import { WaitingCard } from './waiting-card.tsx';
import { offered, runWindowCommand, type Busy, type PanelCommand, type WindowSocket } from './window-commands.ts';

interface Props {
  session: ClerkSession & { window: number };
  lang: Lang;
  langToggle: ComponentChildren;
  /** The server ended the session (signed out elsewhere, expired): back to sign-in. */
  onSessionLost: () => void;
  /** Resolves to the refusal when the server keeps the clerk at the window (nobody covers). */
  onSignOut: (reason: AbsenceReason | undefined) => Promise<UiError | undefined>;
}

export function Desk({ session, lang, langToggle, onSessionLost, onSignOut }: Props) {
  const socket: WindowSocket = useMemo(() => connectHall('window', session.token), [session.token]);
  const link = useMemo(() => attachHallLink(socket, { unattended: false }), [socket]);
  useEffect(() => () => link.close(), [link]);
  const { view, link: linkState } = useHall(link);
  const [busy, setBusy] = useState<Busy>();
  const [error, setError] = useState<UiError>();
  const [dialog, setDialog] = useState<OpenDialog>();
  // The 过号 countdown and the line's waited minutes follow the hall clock.
  const now = useHallNow(view?.clockOffsetMs ?? 0);
  const [confirmingSignOut, setConfirmingSignOut] = useState(false);
  const [bookingsOpen, setBookingsOpen] = useState(false);
  const [keysOpen, setKeysOpen] = useState(false);
  const [casesOpen, setCasesOpen] = useState(false);
  /** 一次性告知 (item-notice.tsx): the item in hand's, or another's, printed on the window's printer. */
  const [noticeOpen, setNoticeOpen] = useState(false);
  useCounterKeys(() => setKeysOpen(true));

  const sessionLost = linkState.kind === 'refused' && linkState.code !== 'PROTOCOL_MISMATCH';
  useEffect(() => {
    if (sessionLost) onSessionLost();
  }, [sessionLost]);

  useEffect(() => {
    if (!confirmingSignOut) return;
    const timer = setTimeout(() => setConfirmingSignOut(false), 20_000);
    return () => clearTimeout(timer);
  }, [confirmingSignOut]);

  // A newer server: the link reloads the page shortly; say why meanwhile.
  if (linkState.kind === 'refused' && linkState.code === 'PROTOCOL_MISMATCH') return <ProblemScreen code="PROTOCOL_MISMATCH" lang={lang} />;
  if (!view) return <ConnectingScreen link={linkState} lang={lang} />;

  const { config, state } = view;
  const number = session.window;
  const win = config.windows.find((w) => w.number === number);
  const record: WindowRecord = state.windows[String(number)] ?? { number, status: 'closed' };
  const ticket = record.current === undefined ? undefined : state.tickets[record.current];

  /** Send one command; the refusal is shown under the buttons (or in the dialog that sent it). */
  const send = async (command: PanelCommand, fromDialog = false): Promise<UiError | undefined> => {
    setBusy({ kind: command.kind, ticketId: 'ticketId' in command ? command.ticketId : undefined });
    setError(undefined);
    const outcome = await runWindowCommand(socket, command, number);
    setBusy(undefined);
    if (outcome.ok) return undefined;
    if (!fromDialog) setError(outcome.error);
    return outcome.error;
  };
  const openDialog = (kind: DialogKind, on?: typeof ticket) => {
    setError(undefined);
    setDialog({ kind, ticket: on });
  };

  // Signing out says why the clerk leaves (离岗事由); the other post takes over, or the server says what to do first.
  const signOutPressed = () => {
    // A closed window has nothing to hand over: sign out at once.
    if (record.status === 'closed') void leave(undefined);
    else setConfirmingSignOut(!confirmingSignOut);
  };
  const leave = async (reason: AbsenceReason | undefined) => {
    setError(undefined);
    const refused = await onSignOut(reason);
    if (refused) {
      setError(refused);
      setConfirmingSignOut(false);
    }
  };
  const onDuty = state.staffing[String(number)]?.onDuty;
  const standbyFor = onDuty !== undefined && onDuty !== session.staff.id ? clerkOf(config, onDuty) : undefined;
  // Every button asks the server's deciders whether it would be accepted (a standby post, AB岗, is refused until it takes over).
  const ready = linkState.kind === 'online' && busy === undefined;
  const clerk = { clerkId: session.staff.id, window: number };
  // The header button counts today's bookings still to come, so the clerk sees the day's 预约 at a glance.
  const ownQueues = bookableQueues(config, number);
  const today = serviceDayOf(now, config.hall.timezone);
  const bookedToday = upcomingBookings(state, new Set(ownQueues.map((q) => q.id)), today).filter((a) => a.day === today && a.status === 'booked').length;
  // After hours (after-hours.ts, the same rule the server applies): 延时服务 only while something is left to serve here; closed, say why 开窗 is off.
  const after = afterHours(state, config, now);
  const servable = win ? servableCount(state, win) : 0;
  const openBlocked = record.status === 'closed' ? openRefusal(state, config, number, now) : undefined;
  // 不予受理 just recorded here: offer the slip marking what was missing.
  const rejectedHere = lastRejectedHere(state, number);

  return (
    <div class="desk">
      <LinkBanner link={linkState} lang={lang} />
      <header class="desk-header">
        <h1 class="desk-header__window" data-testid="panel-window">
          <span class="desk-header__number">{pick(lang, windowTitle(number))}</span>
          <span class="desk-header__name">{win ? windowName(win, lang) : ''}</span>
        </h1>
        <div class="desk-header__clerk" data-testid="panel-clerk">
          {session.staff.name}
          <small>
            {pick(lang, T.staffId)} {session.staff.id}
          </small>
        </div>
        <DeskClock timeZone={config.hall.timezone} clockOffsetMs={view.clockOffsetMs} />
        {ownQueues.length > 0 && (
          <button type="button" class="button desk-header__bookings" data-testid="open-bookings" onClick={() => setBookingsOpen(true)}>
            {pick(lang, BOOKING.open)}
            {bookedToday > 0 && <span class="desk-header__badge">{bookedToday}</span>}
          </button>
        )}
        <CaseOfficeButton lang={lang} onOpen={() => setCasesOpen(true)} />
        <button type="button" class="button desk-header__notice" data-testid="open-notice" onClick={() => setNoticeOpen(true)}>
          {pick(lang, NT.open)}
        </button>
        <button type="button" class="button desk-header__keys" data-testid="open-keys" aria-keyshortcuts="?" onClick={() => setKeysOpen(true)}>
          {pick(lang, T.keys)}
        </button>
        {langToggle}
        <div class="desk-header__signout">
          <button type="button" class={`button${confirmingSignOut ? ' button--danger' : ''}`} data-testid="sign-out" onClick={signOutPressed}>
            {pick(lang, confirmingSignOut ? T.confirmSignOut : T.signOut)}
          </button>
        </div>
      </header>
      {confirmingSignOut && (
        <div class="leave-bar" data-testid="leave-reasons">
          <span class="leave-bar__prompt">{pick(lang, T.leaveWhy)}</span>
          {ABSENCE_REASONS.map((r) => (
            <button key={r} type="button" class="button" data-testid={`leave-${r}`} onClick={() => void leave(r)}>
              {pick(lang, ABSENCE_TEXT[r])}
            </button>
          ))}
          <button type="button" class="button" data-testid="leave-cancel" onClick={() => setConfirmingSignOut(false)}>
            {pick(lang, T.keepWorking)}
          </button>
        </div>
      )}
      {openBlocked ? (
        <div class="standby-bar" role="status" data-testid="hall-closed-notice">
          <span>{errorText(lang, openBlocked)}</span>
        </div>
      ) : after && record.status !== 'closed' ? (
        // Open after hours: 延时服务中 only while someone is left for this window; otherwise say it may close.
        <div class="standby-bar" role="status" data-testid={after.kind === 'extended' ? 'extended-service' : 'hall-closed-notice'}>
          <span>
            {pick(
              lang,
              servable > 0 || record.current !== undefined
                ? after.kind === 'extended'
                  ? T.extendedService
                  : T.closedHallServeLast
                : after.kind === 'extended'
                  ? T.nothingLeftHere
                  : T.closedHallCloseWindow,
            )}
          </span>
        </div>
      ) : null}
      {standbyFor && (
        <div class="standby-bar" role="status" data-testid="standby">
          <span>{pick(lang, standbyText(standbyFor.name, standbyFor.id))}</span>
          <button
            type="button"
            class="button button--primary"
            data-testid="take-over"
            disabled={!ready || !offered(view, clerk, { kind: 'take-over' }, now)}
            onClick={() => void send({ kind: 'take-over' })}
          >
            {pick(lang, T.takeOver)}
          </button>
        </div>
      )}

      <PickupCounter view={view} clerk={clerk} now={now} lang={lang} online={linkState.kind === 'online'} send={send} ticket={ticket} />
      <main class="desk-main">
        <CounterCard
          view={view}
          clerk={clerk}
          record={record}
          ticket={ticket}
          now={now}
          lang={lang}
          ready={ready}
          busy={busy}
          error={error}
          onCommand={(command) => void send(command)}
          onDialog={(kind) => openDialog(kind, kind === 'pause' ? undefined : ticket)}
          unrecorded={unrecordedCase(state, number, clerk.clerkId)}
          enquiry={(t) => isEnquiry(config, number, t.queueId)}
          onRecordCase={(t) => openDialog(isEnquiry(config, number, t.queueId) ? 'enquiry' : 'case', t)}
          after={
            rejectedHere && (
              <RejectedNoticeOffer socket={socket} window={number} config={config} rejected={rejectedHere} lang={lang} online={linkState.kind === 'online'} />
            )
          }
        />
        <WaitingCard
          config={config}
          state={state}
          clerk={clerk}
          win={win}
          record={record}
          now={now}
          lang={lang}
          ready={ready}
          busy={busy}
          onCommand={(command) => void send(command)}
          onPrioritise={(t) => openDialog('prioritise', t)}
        />
      </main>
      {dialog && (
        <PanelDialog
          key={`${dialog.kind}:${dialog.ticket?.id ?? ''}`}
          dialog={dialog}
          view={view}
          clerk={clerk}
          now={now}
          lang={lang}
          ready={linkState.kind === 'online'}
          onSubmit={(command) => send(command, true)}
          onClose={() => setDialog(undefined)}
        />
      )}
      {casesOpen && (
        <CaseOffice
          socket={socket}
          view={view}
          clerk={clerk}
          now={now}
          lang={lang}
          online={linkState.kind === 'online'}
          send={send}
          onClose={() => setCasesOpen(false)}
        />
      )}
      {keysOpen && <KeysHelp lang={lang} onClose={() => setKeysOpen(false)} />}
      {noticeOpen && (
        <NoticeSheet
          socket={socket}
          window={number}
          config={config}
          itemId={ticket?.itemId}
          lang={lang}
          online={linkState.kind === 'online'}
          onClose={() => setNoticeOpen(false)}
        />
      )}
      {bookingsOpen && (
        <BookingSheet socket={socket} window={number} view={view} lang={lang} online={linkState.kind === 'online'} onClose={() => setBookingsOpen(false)} />
      )}
    </div>
  );
}

/**
 * 办件登记 (or 咨询登记): the visitor last completed at this window, while their case (or enquiry) is not recorded — the prompt
 * stays through the next call, until recorded or another service is completed here. Only the clerk who
 * served them sees it (AB岗: the post that completed it).
 */
function unrecordedCase(state: HallState, window: number, clerkId: string): TicketRecord | undefined {
  let last: TicketRecord | undefined;
  for (const t of Object.values(state.tickets)) {
    if (t.status === 'done' && t.window === window && t.serviceDay === state.serviceDay && (last === undefined || (t.doneAt ?? 0) > (last.doneAt ?? 0)))
      last = t;
  }
  return last && last.clerkId === clerkId && state.cases?.[last.id] === undefined && state.enquiries?.[last.id] === undefined ? last : undefined;
}

function DeskClock({ timeZone, clockOffsetMs }: { timeZone: string; clockOffsetMs: number }) {
  const now = useHallNow(clockOffsetMs);
  return <span class="desk-header__clock">{formatTime(now, timeZone, true)}</span>;
}
