/**
 * The kiosk (取号机): choose a queue, get a number. Starts in Chinese and
 * standard mode for every visitor; language and elderly mode are the current
 * visitor's choice and are reset when they leave.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { GreenReason } from '../state-machines/domain/ticket.ts';
import type { RoutedScan } from '../state-machines/devices/device-types.ts';
import type { TicketReceipt } from '../state-machines/protocol/socket-events.ts';
import { formatDate, formatTime, useHallNow } from '../state-machines/client/web/clock.ts';
import type { UiError } from '../state-machines/client/web/command.ts';
import type { HallLink } from '../state-machines/client/web/hall-link.ts';
import { hallName } from '../state-machines/client/web/hall-names.ts';
import { errorText, htmlLang, pick, type Lang } from '../state-machines/client/web/i18n.ts';
import { ConnectingScreen, LinkBanner, ProblemScreen } from '../state-machines/client/web/status-screens.tsx';
import { useHall } from '../state-machines/client/web/use-hall.ts';
import { AppointmentEntries, BookingFlow, checkIn, CheckInRefused, CheckInScreen } from './appointments.tsx';
import { PrinterBanner, PrintFallback, printOutcomeOf, PrintStatus, ScanPanel } from './device-panels.tsx';
import { GreenReasons } from './green-channel.tsx';
import { ItemEntry, ItemFlow } from './item-flow.tsx';
import { ticketingClosedText } from '../state-machines/hall/schedule.ts';
import { hallTicketing } from '../state-machines/hall/hall-clock.ts';
import { QueueBoard, STOPPED_TEXT } from './queue-board.tsx';
import { LookupEntry, TicketLookup } from './ticket-lookup.tsx';
import { CasePickup, CasePickupEntry } from './case-pickup.tsx';
import { useKioskDevices } from './use-devices.ts';
import { useVoice } from '../state-machines/client/web/voice/use-voice.ts';
import { kioskAnnouncement } from '../state-machines/voice/kiosk-speech.ts';
import { screenKey, screenSpeech, type KioskScreen } from './screen-speech.ts';
import { SelfServiceHome, SelfServiceTile } from './self-service-home.tsx';
import { ST } from './self-service-texts.ts';
import { greenOffer, takeTicket, type KioskSocket } from './take-ticket.ts';
import { T } from './texts.ts';
import { TicketScreen } from './ticket-screen.tsx';

/** A visitor who walked away from the home screen in English or elderly mode: reset for the next one. */
const IDLE_RESET_MS = 60_000;
const ERROR_SHOWN_MS = 15_000;

/** Home; 绿色通道: who the visitor is, then which service; 预约: check in by code, or book; 查询排队进度. */
type Mode =
  | { kind: 'home' }
  | { kind: 'lookup' }
  | { kind: 'green-reasons' }
  | { kind: 'green-queues'; reason: GreenReason }
  | { kind: 'appt-check-in' }
  | { kind: 'appt-refused'; error: UiError }
  | { kind: 'appt-book' }
  | { kind: 'case-pickup' }
  /** 按事项取号: search, then the confirm step with the 一次性告知 (item-flow.tsx). */
  | { kind: 'items' };

export function KioskApp({ socket, link }: { socket: KioskSocket; link: HallLink }) {
  const { view, link: linkState } = useHall(link);
  const [lang, setLang] = useState<Lang>('zh');
  const [elderly, setElderly] = useState(false);
  const [page, setPage] = useState(0);
  const [mode, setMode] = useState<Mode>({ kind: 'home' });
  const now = useHallNow(view?.clockOffsetMs ?? 0);
  const [takingQueueId, setTakingQueueId] = useState<string>();
  // A second tap can land before the buttons re-render as disabled: guard synchronously.
  const takeInFlight = useRef(false);
  const [receipt, setReceipt] = useState<TicketReceipt>();
  /** 预约签到: the masked name of the booking, for this visitor's own ticket screen. */
  const [booker, setBooker] = useState<string>();
  const [checkingIn, setCheckingIn] = useState(false);
  const [error, setError] = useState<UiError>();
  const devices = useKioskDevices(socket, receipt?.ticket.id, () => ({
    now: Date.now() + (view?.clockOffsetMs ?? 0),
    timeZone: view?.config.hall.timezone ?? 'Asia/Shanghai',
    elderlyAge: view?.config.greenChannel?.elderlyAge ?? 60,
  }));

  useEffect(() => {
    document.documentElement.lang = htmlLang(lang);
  }, [lang]);

  // The kiosk speaks in 长辈模式, or once the visitor asks (语音播报): each screen is read when it appears.
  const [voiceAsked, setVoiceAsked] = useState(false);
  const voiceOn = elderly || voiceAsked;
  const voice = useVoice({ enabled: voiceOn, online: linkState.kind === 'online', report: noReport, style: view?.config.kioskVoice });
  // 7×24 自助区 once tickets stop: the self-service screen takes the home's place (self-service-home.tsx).
  const ticketingNow = view ? hallTicketing(view.state, view.config, now) : undefined;
  const selfServiceClosed =
    view?.identity.role === 'kiosk' && view.identity.selfServiceArea && ticketingNow && !ticketingNow.open ? ticketingNow.reason : undefined;
  const screen = kioskScreen(mode, receipt, error, devices.scan, selfServiceClosed);
  const readScreen = () => {
    if (!view) return;
    const hall = { config: view.config, state: view.state, now, deviceId: view.identity.role === 'kiosk' ? view.identity.deviceId : '', elderly, page };
    // The same condition as the scan panel's 绿色通道（老年人） button below.
    const greenOffered = greenOffer(view, hall.deviceId, now) === 'open' && !receipt;
    const parts = screenSpeech(screen.kind === 'scan' ? { ...screen, greenOffered } : screen, hall);
    if (parts.length > 0) voice.say(kioskAnnouncement(parts));
  };
  const speaking = voice.state.mode === 'browser' || voice.state.mode === 'server';
  useEffect(() => {
    if (voiceOn && speaking) readScreen();
  }, [screenKey(screen, page), voiceOn, speaking]);

  const startOver = () => {
    setVoiceAsked(false);
    setReceipt(undefined);
    setBooker(undefined);
    setError(undefined);
    setLang('zh');
    setElderly(false);
    setPage(0);
    setMode({ kind: 'home' });
  };
  const customised = lang !== 'zh' || elderly || page !== 0 || error !== undefined || mode.kind !== 'home';
  useIdle(IDLE_RESET_MS, receipt === undefined && customised, startOver);
  useIdle(ERROR_SHOWN_MS, error !== undefined, () => setError(undefined));

  // A scanned booking QR (YCAPPT:<code>, 8 digits) checks in straight away, from any screen; other appointment codes get the scan panel.
  const scannedCode = devices.scan?.kind === 'appointment' && /^\d{8}$/.test(devices.scan.value) ? devices.scan.value : undefined;
  useEffect(() => {
    if (scannedCode === undefined) return;
    devices.clearScan();
    void runCheckIn(scannedCode);
  }, [scannedCode]);

  async function runCheckIn(code: string) {
    if (takeInFlight.current) return;
    takeInFlight.current = true;
    setCheckingIn(true);
    setError(undefined);
    const outcome = await checkIn(socket, code);
    takeInFlight.current = false;
    setCheckingIn(false);
    if (outcome.ok) {
      setReceipt(outcome.result);
      setBooker(outcome.result.appointment.nameMasked);
      setMode({ kind: 'home' });
      setPage(0);
    } else setMode({ kind: 'appt-refused', error: outcome.error });
  }

  if (linkState.kind === 'refused') return <ProblemScreen code={linkState.code} lang={lang} />;
  if (!view) return <ConnectingScreen link={linkState} lang={lang} />;

  const take = async (queueId: string, greenChannel?: GreenReason, itemId?: string) => {
    if (takeInFlight.current) return;
    takeInFlight.current = true;
    setError(undefined);
    setTakingQueueId(queueId);
    const outcome = await takeTicket(socket, queueId, greenChannel, itemId);
    takeInFlight.current = false;
    setTakingQueueId(undefined);
    if (outcome.ok) {
      setReceipt(outcome.result);
      setMode({ kind: 'home' });
      setPage(0);
    } else setError(outcome.error);
  };
  const online = linkState.kind === 'online';
  const deviceId = view.identity.role === 'kiosk' ? view.identity.deviceId : '';
  const board = (greenChannel?: GreenReason) => (
    <QueueBoard
      config={view.config}
      state={view.state}
      now={now}
      deviceId={deviceId}
      greenChannel={greenChannel}
      lang={lang}
      elderly={elderly}
      disabled={!online || takingQueueId !== undefined}
      takingQueueId={takingQueueId}
      page={page}
      onPage={setPage}
      onTake={(id) => void take(id, greenChannel)}
    />
  );
  const backHome = () => {
    setMode({ kind: 'home' });
    setPage(0);
  };

  // 取号时间外: say why and when tickets resume (the tiles are greyed too: the server's deciders refuse the tap, take-ticket.ts).
  const closedNotice = ticketingNow && !ticketingNow.open ? ticketingClosedText(ticketingNow, view.config.hall.timezone) : undefined;
  // The 绿色通道 leads to the same queues: when none of them can issue, it is off too, with the reason in its place.
  const green = greenOffer(view, deviceId, now);
  const greenOpen = green === 'open';
  const outcome = receipt ? printOutcomeOf(devices.status, devices.jobs[receipt.ticket.id]) : undefined;
  return (
    <div class={`kiosk${elderly ? ' kiosk--elderly' : ''}`} data-testid="kiosk">
      <LinkBanner link={linkState} lang={lang} />
      <KioskHeader name={hallName(view.config, lang)} timeZone={view.config.hall.timezone} clockOffsetMs={view.clockOffsetMs} lang={lang} />
      {!receipt && <PrinterBanner status={devices.status} lang={lang} />}
      {receipt ? (
        <>
          <TicketScreen config={view.config} state={view.state} now={now} receipt={receipt} lang={lang} booker={booker} onDone={startOver} />
          {outcome && outcome !== 'printing' && outcome !== 'printed' && (
            <PrintFallback ticket={receipt.ticket} pageKey={receipt.pageKey} status={devices.status} outcome={outcome} lang={lang} />
          )}
        </>
      ) : mode.kind === 'case-pickup' ? (
        <CasePickup
          socket={socket}
          lang={lang}
          onBack={backHome}
          onTicket={(r) => {
            setReceipt(r);
            backHome();
          }}
        />
      ) : mode.kind === 'lookup' ? (
        <TicketLookup config={view.config} state={view.state} now={now} lang={lang} onBack={backHome} />
      ) : mode.kind === 'appt-check-in' ? (
        <CheckInScreen lang={lang} busy={checkingIn} onSubmit={(code) => void runCheckIn(code)} onBack={backHome} />
      ) : mode.kind === 'appt-refused' ? (
        <CheckInRefused lang={lang} error={mode.error} onWalkIn={backHome} onRetry={() => setMode({ kind: 'appt-check-in' })} />
      ) : mode.kind === 'appt-book' ? (
        <BookingFlow socket={socket} config={view.config} lang={lang} onDone={backHome} />
      ) : mode.kind === 'items' ? (
        <ItemFlow
          socket={socket}
          config={view.config}
          state={view.state}
          now={now}
          deviceId={deviceId}
          lang={lang}
          elderly={elderly}
          online={online}
          taking={takingQueueId !== undefined}
          canPrint={devices.status?.printer != null}
          onTake={(queueId, itemId) => void take(queueId, undefined, itemId)}
          onBack={backHome}
        />
      ) : mode.kind === 'green-reasons' ? (
        <GreenReasons lang={lang} onChoose={(reason) => setMode({ kind: 'green-queues', reason })} onBack={backHome} />
      ) : mode.kind === 'green-queues' ? (
        <main class="kiosk-home kiosk-home--green" data-testid="green-queues">
          <div class="kiosk-home__bar">
            <button type="button" class="back-button" data-testid="green-back" onClick={() => setMode({ kind: 'green-reasons' })}>
              ‹ {pick(lang, T.back)}
            </button>
            <h2 class="kiosk-home__prompt" aria-live="polite">
              {pick(lang, takingQueueId ? T.taking : online ? T.greenChooseService : T.waitForNetwork)}
            </h2>
          </div>
          {board(mode.reason)}
        </main>
      ) : selfServiceClosed && closedNotice ? (
        <SelfServiceHome
          config={view.config}
          lang={lang}
          closedNotice={closedNotice}
          disabled={!online}
          onLookup={() => setMode({ kind: 'lookup' })}
          onBook={() => setMode({ kind: 'appt-book' })}
        >
          {/* At any hour: a case's state by its 办件编号 (a ready case is told so, and when to collect it), and the 一次性告知 of any item, printed. */}
          <SelfServiceTile
            testId="self-case"
            lang={lang}
            title={ST.caseStatus}
            sub={ST.caseStatusSub}
            disabled={!online}
            onOpen={() => setMode({ kind: 'case-pickup' })}
          />
          <SelfServiceTile testId="self-notice" lang={lang} title={ST.notice} sub={ST.noticeSub} disabled={!online} onOpen={() => setMode({ kind: 'items' })} />
        </SelfServiceHome>
      ) : (
        <main class="kiosk-home">
          {/* 取号时间外 the notice takes the prompt's place: there is no service to choose, and the tiles keep their room. */}
          {closedNotice ? (
            <div class="hall-closed" role="status" data-testid="hall-closed">
              <h2 class="hall-closed__why">
                {/* Why, then from when: each part wraps as a whole (never 「起可取」 / 「号」). */}
                {pick(lang, closedNotice)
                  .split(/(?<=[，;])\s*/)
                  .map((part, i) => [
                    lang === 'en' && i > 0 ? ' ' : '',
                    <span key={part} class="hall-closed__part">
                      {part}
                    </span>,
                  ])}
              </h2>
            </div>
          ) : (
            // The prompt shares its line with 按事项取号 (item-flow.tsx): the tiles below keep their room.
            <div class="kiosk-home__prompt-row">
              <h2 class="kiosk-home__prompt" aria-live="polite">
                {pick(lang, takingQueueId ? T.taking : online ? T.chooseService : T.waitForNetwork)}
              </h2>
              <ItemEntry lang={lang} disabled={takingQueueId !== undefined || !online} onOpen={() => setMode({ kind: 'items' })} />
            </div>
          )}
          {/* In landscape the green channel and the two 预约 entries share one row: the queue tiles keep their height. */}
          <div class="home-entries">
            <button
              type="button"
              class="green-entry"
              data-testid="green-channel"
              disabled={takingQueueId !== undefined || !greenOpen}
              onClick={() => {
                setMode({ kind: 'green-reasons' });
                setPage(0);
              }}
            >
              <span class="green-entry__title">{pick(lang, T.greenChannel)}</span>
              <span class="green-entry__who" data-testid="green-channel-note">
                {pick(lang, green === 'open' ? T.greenChannelWho : STOPPED_TEXT[green])}
              </span>
              <span class="green-entry__arrow" aria-hidden="true">
                ›
              </span>
            </button>
            <AppointmentEntries
              lang={lang}
              disabled={takingQueueId !== undefined || !online}
              canBook={view.config.queues.some((q) => q.appointments)}
              onCheckIn={() => setMode({ kind: 'appt-check-in' })}
              onBook={() => setMode({ kind: 'appt-book' })}
            >
              <LookupEntry lang={lang} onOpen={() => setMode({ kind: 'lookup' })} />
              <CasePickupEntry lang={lang} disabled={takingQueueId !== undefined || !online} onOpen={() => setMode({ kind: 'case-pickup' })} />
            </AppointmentEntries>
          </div>
          {board()}
        </main>
      )}
      {devices.scan && scannedCode === undefined && (
        <ScanPanel
          scan={devices.scan}
          config={view.config}
          state={view.state}
          now={now}
          lang={lang}
          onClose={devices.clearScan}
          onGreenElderly={
            greenOpen && !receipt
              ? () => {
                  devices.clearScan();
                  setMode({ kind: 'green-queues', reason: 'elderly' });
                  setPage(0);
                }
              : undefined
          }
        />
      )}
      {error && (
        <div class="kiosk-error" role="alert" data-testid="kiosk-error">
          <p class="kiosk-error__text">
            <span class="kiosk-error__title" data-testid="kiosk-error-title">
              {pick(lang, T.noTicket)}
            </span>
            <span data-testid="kiosk-error-reason">{errorText(lang, error)}</span>
          </p>
          <button type="button" class="big-action" onClick={() => setError(undefined)}>
            {pick(lang, T.ok)}
          </button>
        </div>
      )}
      <footer class="kiosk-footer">
        <button
          type="button"
          class="toggle"
          data-testid="lang-toggle"
          lang={lang === 'zh' ? 'en' : 'zh-CN'}
          onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}
        >
          {pick(lang, T.otherLanguage)}
        </button>
        {/* The print outcome takes the help line's place: in the flow, between the toggles, never over a button. */}
        {outcome === 'printing' || outcome === 'printed' ? (
          <PrintStatus outcome={outcome} lang={lang} />
        ) : (
          <p class="kiosk-footer__help">{pick(lang, T.helpHint)}</p>
        )}
        <button
          type="button"
          class={`toggle toggle--voice${voiceOn ? ' toggle--on' : ''}`}
          data-testid="voice-button"
          data-voice={voiceOn ? voice.state.mode : 'idle'}
          onClick={() => {
            // The first tap turns the voice on (the screen is read once it is ready); later taps read it again.
            if (voiceOn && speaking) readScreen();
            else setVoiceAsked(true);
          }}
        >
          <SpeakerIcon />
          {pick(lang, !voiceOn ? T.readAloud : voice.state.mode === 'off' ? T.voiceUnavailable : T.readAgain)}
        </button>
        <button
          type="button"
          class={`toggle toggle--elderly${elderly ? ' toggle--on' : ''}`}
          data-testid="elderly-toggle"
          aria-pressed={elderly}
          onClick={() => {
            setElderly(!elderly);
            setPage(0);
          }}
        >
          {pick(lang, elderly ? T.elderlyOff : T.elderlyOn)}
        </button>
      </footer>
    </div>
  );
}

const noReport = () => undefined;

/** A loudspeaker, drawn (the kiosk's fonts have no emoji): the shape says "sound" to someone who cannot read. */
function SpeakerIcon() {
  return (
    <svg class="toggle__icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path fill="currentColor" d="M3 9v6h4l5 4V5L7 9H3z" />
      <path fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" d="M15.5 8.5a5 5 0 0 1 0 7M18.5 5.5a9 9 0 0 1 0 13" />
    </svg>
  );
}

/** The screen on show, for the voice: a scan's panel over everything, then an error, the ticket, or the mode's screen. */
function kioskScreen(
  mode: Mode,
  receipt: TicketReceipt | undefined,
  error: UiError | undefined,
  scan: RoutedScan | undefined,
  selfServiceClosed: Extract<KioskScreen, { kind: 'self-service' }>['closed'] | undefined,
): KioskScreen {
  if (scan && (scan.kind === 'id-number' || scan.kind === 'id-invalid')) return { kind: 'scan', scan, greenOffered: false };
  if (error) return { kind: 'error' };
  if (receipt) return { kind: 'ticket', ticketId: receipt.ticket.id, ahead: receipt.ahead, wait: receipt.wait };
  if (mode.kind === 'home' && selfServiceClosed) return { kind: 'self-service', closed: selfServiceClosed };
  return mode.kind === 'green-queues' ? { kind: 'green-queues', reason: mode.reason } : { kind: mode.kind };
}

function KioskHeader({ name, timeZone, clockOffsetMs, lang }: { name: string; timeZone: string; clockOffsetMs: number; lang: Lang }) {
  const now = useHallNow(clockOffsetMs);
  return (
    <header class="kiosk-header">
      <h1 class="kiosk-header__hall">{name}</h1>
      <div class="kiosk-header__clock" data-testid="clock">
        <span class="kiosk-header__time">{formatTime(now, timeZone)}</span>
        <span class="kiosk-header__date">{formatDate(now, timeZone, lang)}</span>
      </div>
    </header>
  );
}

/** Calls `onIdle` once nobody has touched the screen for `ms`, while `armed`. */
function useIdle(ms: number, armed: boolean, onIdle: () => void): void {
  const callback = useRef(onIdle);
  callback.current = onIdle;
  useEffect(() => {
    if (!armed) return;
    let timer = setTimeout(() => callback.current(), ms);
    const touched = () => {
      clearTimeout(timer);
      timer = setTimeout(() => callback.current(), ms);
    };
    document.addEventListener('pointerdown', touched);
    return () => {
      clearTimeout(timer);
      document.removeEventListener('pointerdown', touched);
    };
  }, [ms, armed]);
}
