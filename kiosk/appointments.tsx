/**
 * 预约 on the kiosk: check in with the booking code (big on-screen number
 * pad, or a scanned booking QR) and book a slot (service, day and time, name,
 * phone on the number pad, confirmation with the code and its QR).
 *
 * The booking code is typed on our own pad, never into a text field, so the
 * wedge-scanner guard (use-devices.ts) stays in force. Only the name field
 * takes typing (`data-typing`): the terminal's own touch keyboard / 手写输入
 * gives Chinese characters there.
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { PublicHallConfig } from '../state-machines/config/hall-config.ts';
import type { Slot } from '../state-machines/domain/appointment.ts';
import { formatTime } from '../state-machines/client/web/clock.ts';
import { ACK_TIMEOUT_MS, newRequestId, sendWithRetry, type Outcome, type UiError } from '../state-machines/client/web/command.ts';
import { queueName } from '../state-machines/client/web/hall-names.ts';
import { errorText, pick, type Lang } from '../state-machines/client/web/i18n.ts';
import type { AppointmentReceipt, AppointmentSlotsResult, CheckInReceipt } from '../state-machines/protocol/socket-events.ts';
import { confirmationOf, dayLabel, dayParts, fetchSlots, isMobile, isPersonName, remaining, SLOT_FULL } from '../state-machines/client/web/booking.ts';
import { AT, checkInWindow } from './appointment-texts.ts';
import { DigitBoxes, NumberPad } from './number-pad.tsx';
import { QrCode } from './qr-code.tsx';
import type { KioskSocket } from './take-ticket.ts';
import { T } from './texts.ts';

const CODE_LENGTH = 8;
const PHONE_LENGTH = 11;

export function checkIn(socket: KioskSocket, code: string): Promise<Outcome<CheckInReceipt>> {
  const request = { requestId: newRequestId(), code };
  return sendWithRetry(() => socket.timeout(ACK_TIMEOUT_MS).emitWithAck('appointment:check-in', request));
}

/** Home-screen entries: 预约签到 and 我要预约 side by side, and any other entry of that row (`children`: 查询排队进度). */
export function AppointmentEntries({
  lang,
  disabled,
  canBook,
  onCheckIn,
  onBook,
  children,
}: {
  lang: Lang;
  disabled: boolean;
  canBook: boolean;
  onCheckIn: () => void;
  onBook: () => void;
  children?: ComponentChildren;
}) {
  return (
    <div class="appt-entries">
      <button type="button" class="appt-entry" data-testid="appointment-check-in" disabled={disabled} onClick={onCheckIn}>
        <span class="appt-entry__title">{pick(lang, AT.checkInEntry)}</span>
        <span class="appt-entry__sub">{pick(lang, AT.checkInEntrySub)}</span>
      </button>
      {canBook && (
        <button type="button" class="appt-entry appt-entry--book" data-testid="appointment-book" disabled={disabled} onClick={onBook}>
          <span class="appt-entry__title">{pick(lang, AT.bookEntry)}</span>
          <span class="appt-entry__sub">{pick(lang, AT.bookEntrySub)}</span>
        </button>
      )}
      {children}
    </div>
  );
}

export function CheckInScreen({ lang, busy, onSubmit, onBack }: { lang: Lang; busy: boolean; onSubmit: (code: string) => void; onBack: () => void }) {
  const [code, setCode] = useState('');
  return (
    <main class="appt-screen" data-testid="check-in-screen">
      <div class="kiosk-home__bar">
        <button type="button" class="back-button" data-testid="appt-back" onClick={onBack}>
          ‹ {pick(lang, T.back)}
        </button>
        <h2 class="appt-screen__title">{pick(lang, AT.checkInTitle)}</h2>
      </div>
      <p class="appt-screen__prompt" aria-live="polite">
        {pick(lang, busy ? AT.checkingIn : AT.enterCode)}
      </p>
      <DigitBoxes value={code} length={CODE_LENGTH} testId="code-entry" group={[4]} />
      <NumberPad
        lang={lang}
        disabled={busy}
        onDigit={(d) => setCode((c) => (c.length < CODE_LENGTH ? c + d : c))}
        onDelete={() => setCode((c) => c.slice(0, -1))}
        onClear={() => setCode('')}
      />
      <button type="button" class="big-action" data-testid="check-in-submit" disabled={busy || code.length !== CODE_LENGTH} onClick={() => onSubmit(code)}>
        {pick(lang, AT.checkIn)}
      </button>
    </main>
  );
}

/** A refused check-in: the reason in words, and the way on — a walk-in ticket. */
export function CheckInRefused({ lang, error, onWalkIn, onRetry }: { lang: Lang; error: UiError; onWalkIn: () => void; onRetry: () => void }) {
  return (
    <main class="appt-screen appt-screen--refused" data-testid="check-in-refused" data-code={error.code}>
      <div class="appt-refused">
        <p class="appt-refused__title">{pick(lang, AT.refusedTitle)}</p>
        <p class="appt-refused__reason" data-testid="check-in-reason">
          {errorText(lang, error)}
        </p>
        <div class="appt-refused__actions">
          <button type="button" class="big-action" data-testid="walk-in" onClick={onWalkIn}>
            {pick(lang, AT.walkIn)}
          </button>
          <button type="button" class="big-action big-action--secondary" data-testid="check-in-retry" onClick={onRetry}>
            {pick(lang, AT.tryAgain)}
          </button>
        </div>
      </div>
    </main>
  );
}

type Step =
  | { kind: 'queue' }
  | { kind: 'slot'; queueId: string; slots?: AppointmentSlotsResult; day?: string }
  | { kind: 'name'; queueId: string; slot: Slot }
  | { kind: 'phone'; queueId: string; slot: Slot; name: string }
  | { kind: 'done'; receipt: AppointmentReceipt };

export function BookingFlow({ socket, config, lang, onDone }: { socket: KioskSocket; config: PublicHallConfig; lang: Lang; onDone: () => void }) {
  const [step, setStep] = useState<Step>({ kind: 'queue' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError>();
  const [requestId] = useState(newRequestId);
  const tz = config.hall.timezone;
  const queues = config.queues.filter((q) => q.appointments);

  const loadSlots = async (queueId: string) => {
    setBusy(true);
    setError(undefined);
    setStep({ kind: 'slot', queueId });
    const outcome = await fetchSlots(socket, queueId);
    setBusy(false);
    if (outcome.ok) setStep({ kind: 'slot', queueId, slots: outcome.result, day: outcome.result.days[0]?.day });
    else setError(outcome.error);
  };
  const book = async (s: Extract<Step, { kind: 'phone' }>, phone: string) => {
    setBusy(true);
    setError(undefined);
    const request = { requestId, queueId: s.queueId, slotStart: s.slot.start, name: s.name, phone };
    const outcome = await sendWithRetry<AppointmentReceipt>(() => socket.timeout(ACK_TIMEOUT_MS).emitWithAck('appointment:book', request));
    setBusy(false);
    if (outcome.ok) setStep({ kind: 'done', receipt: outcome.result });
    else setError(outcome.error);
  };
  const back = () => {
    setError(undefined);
    if (step.kind === 'queue' || step.kind === 'done') onDone();
    else if (step.kind === 'slot') setStep({ kind: 'queue' });
    else if (step.kind === 'name') void loadSlots(step.queueId);
    else setStep({ kind: 'name', queueId: step.queueId, slot: step.slot });
  };
  const queueLabel = (id: string) => {
    const q = config.queues.find((x) => x.id === id);
    return q ? queueName(q, lang) : id;
  };

  return (
    <main class="appt-screen" data-testid={`booking-${step.kind}`}>
      <div class="kiosk-home__bar">
        {step.kind !== 'done' && (
          <button type="button" class="back-button" data-testid="appt-back" onClick={back}>
            ‹ {pick(lang, T.back)}
          </button>
        )}
        <h2 class="appt-screen__title">{pick(lang, step.kind === 'done' ? AT.bookedTitle : AT.bookTitle)}</h2>
      </div>
      {error && (
        <p class="appt-error" role="alert" data-testid="booking-error" data-code={error.code}>
          <strong>{pick(lang, AT.bookFailed)}</strong>
          {errorText(lang, error)}
        </p>
      )}
      {step.kind === 'queue' && (
        <>
          <p class="appt-screen__prompt">{pick(lang, AT.chooseQueue)}</p>
          <div class="appt-choices">
            {queues.map((q) => (
              <button key={q.id} type="button" class="appt-choice" data-testid={`book-queue-${q.id}`} onClick={() => void loadSlots(q.id)}>
                <span class="appt-choice__prefix">{q.prefix}</span>
                {queueName(q, lang)}
              </button>
            ))}
          </div>
        </>
      )}
      {step.kind === 'slot' && (
        <>
          <p class="appt-screen__prompt">
            {queueLabel(step.queueId)} · {pick(lang, busy ? T.taking : step.slots && step.slots.days.length === 0 ? AT.noSlots : AT.chooseSlot)}
          </p>
          {step.slots && (
            <>
              <div class="appt-days">
                {step.slots.days.map((d) => (
                  <button
                    key={d.day}
                    type="button"
                    class={`appt-day${d.day === step.day ? ' appt-day--on' : ''}`}
                    aria-pressed={d.day === step.day}
                    data-testid={`book-day-${d.day}`}
                    onClick={() => setStep({ ...step, day: d.day })}
                  >
                    <span class="appt-day__date">{pick(lang, dayParts(d.day).date)}</span>
                    <span class="appt-day__weekday">{pick(lang, dayParts(d.day).weekday)}</span>
                  </button>
                ))}
              </div>
              <div class="appt-slots">
                {(step.slots.days.find((d) => d.day === step.day)?.slots ?? []).map((s) => (
                  <button
                    key={s.start}
                    type="button"
                    class="appt-slot"
                    data-testid={`book-slot-${s.label}`}
                    disabled={s.remaining === 0}
                    onClick={() => {
                      setError(undefined);
                      setStep({ kind: 'name', queueId: step.queueId, slot: s });
                    }}
                  >
                    <span class="appt-slot__time">
                      {s.label}–{formatTime(s.end, tz)}
                    </span>
                    <span class="appt-slot__left">{pick(lang, s.remaining === 0 ? SLOT_FULL : remaining(s.remaining))}</span>
                  </button>
                ))}
              </div>
            </>
          )}
        </>
      )}
      {step.kind === 'name' && (
        <NameStep
          lang={lang}
          summary={`${queueLabel(step.queueId)} · ${pick(lang, dayLabel(dayOf(step.slot, tz)))} ${step.slot.label}`}
          onNext={(name) => setStep({ kind: 'phone', queueId: step.queueId, slot: step.slot, name })}
        />
      )}
      {step.kind === 'phone' && <PhoneStep lang={lang} busy={busy} onConfirm={(phone) => void book(step, phone)} />}
      {step.kind === 'done' && <Booked receipt={step.receipt} config={config} lang={lang} onDone={onDone} />}
    </main>
  );
}

function dayOf(slot: Slot, tz: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(slot.start));
}

function NameStep({ lang, summary, onNext }: { lang: Lang; summary: string; onNext: (name: string) => void }) {
  const [name, setName] = useState('');
  const valid = isPersonName(name);
  return (
    <>
      <p class="appt-screen__prompt">{summary}</p>
      <label class="appt-field">
        <span class="appt-field__label">{pick(lang, AT.enterName)}</span>
        <input
          class="appt-field__input"
          data-typing
          data-testid="book-name"
          value={name}
          maxLength={20}
          autoComplete="off"
          placeholder={pick(lang, AT.namePlaceholder)}
          onInput={(e) => setName((e.target as HTMLInputElement).value)}
        />
      </label>
      <p class="appt-note">{pick(lang, AT.privacy)}</p>
      <button type="button" class="big-action" data-testid="book-name-next" disabled={!valid} onClick={() => onNext(name.trim())}>
        {pick(lang, AT.next)}
      </button>
    </>
  );
}

function PhoneStep({ lang, busy, onConfirm }: { lang: Lang; busy: boolean; onConfirm: (phone: string) => void }) {
  const [phone, setPhone] = useState('');
  return (
    <>
      <p class="appt-screen__prompt">{pick(lang, busy ? AT.booking : AT.enterPhone)}</p>
      <DigitBoxes value={phone} length={PHONE_LENGTH} testId="phone-entry" group={[3, 7]} />
      <NumberPad
        lang={lang}
        disabled={busy}
        onDigit={(d) => setPhone((p) => (p.length < PHONE_LENGTH ? p + d : p))}
        onDelete={() => setPhone((p) => p.slice(0, -1))}
        onClear={() => setPhone('')}
      />
      <button type="button" class="big-action" data-testid="book-confirm" disabled={busy || !isMobile(phone)} onClick={() => onConfirm(phone)}>
        {pick(lang, AT.confirm)}
      </button>
    </>
  );
}

function Booked({ receipt, config, lang, onDone }: { receipt: AppointmentReceipt; config: PublicHallConfig; lang: Lang; onDone: () => void }) {
  const a = receipt.appointment;
  const { queue, code, codeGrouped, span, checkInFrom, checkInTo } = confirmationOf(a, config);
  return (
    <div class="appt-booked" data-testid="booking-confirmation">
      <div class="appt-booked__main">
        <p class="appt-booked__what">
          {queue ? queueName(queue, lang) : a.queueId} · {pick(lang, dayLabel(a.day))}
          <br />
          <span class="appt-booked__time" data-testid="booking-slot">
            {span}
          </span>
        </p>
        <p class="appt-booked__label">{pick(lang, AT.yourCode)}</p>
        <p class="appt-booked__code" data-testid="booking-code">
          {codeGrouped}
        </p>
        <p class="appt-booked__who" data-testid="booking-person">
          {a.nameMasked} · {a.phoneMasked}
        </p>
      </div>
      <div class="appt-booked__side">
        <QrCode text={`YCAPPT:${code}`} size={240} label={pick(lang, AT.yourCode)} />
        <p class="appt-booked__window" data-testid="booking-window">
          {pick(lang, checkInWindow(checkInFrom, checkInTo))}
        </p>
      </div>
      <p class="ticket-card__notice appt-booked__notice">
        {pick(lang, AT.keepCode)}
        <strong>{pick(lang, AT.lateRule)}</strong>
      </p>
      <button type="button" class="big-action" data-testid="booking-finish" onClick={onDone}>
        {pick(lang, T.done)}
      </button>
    </div>
  );
}
