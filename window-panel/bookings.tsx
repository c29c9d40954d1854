/**
 * 预约 at the hall's side (seed 003 预约服务制度): staff take bookings by
 * phone (电话预约) and cancel on the hall's behalf with notice. The same sheet
 * opens on a clerk's panel — only the queues its window serves — and on the
 * supervisor desk, for every queue (a day the hall must close).
 *
 * Privacy: the caller's full name and number are typed here and sent once;
 * the server keeps only the masks (张*三, 138****1234), and every screen —
 * the receipt included — shows only those. The booking code is shown once,
 * to be read out to the caller; staff never see another booking's code.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Socket } from 'socket.io-client';
import {
  confirmationOf,
  dayLabel,
  dayParts,
  fetchSlots,
  isMobile,
  isPersonName,
  phoneDigits,
  remaining,
  slotSpan,
  SLOT_FULL,
} from '../state-machines/client/web/booking.ts';
import { useHallNow } from '../state-machines/client/web/clock.ts';
import { ACK_TIMEOUT_MS, newRequestId, sendWithRetry, type UiError } from '../state-machines/client/web/command.ts';
import { clerkOf, queueName } from '../state-machines/client/web/hall-names.ts';
import { errorText, pick, type Lang } from '../state-machines/client/web/i18n.ts';
import type { HallView } from '../state-machines/client/hall-sync.ts';
import type { PublicHallConfig, QueueConfig } from '../state-machines/config/hall-config.ts';
import { STAFF_CANCEL_REASONS, phaseAt, type AppointmentRecord, type HallCancelReason } from '../state-machines/domain/appointment.ts';
import { serviceDayOf } from '../state-machines/domain/service-day.ts';
import type { HallState } from '../state-machines/hall/state.ts';
import type { AppointmentReceipt, AppointmentSlotsResult, ServerToClientEvents, StaffAppointmentEvents } from '../state-machines/protocol/socket-events.ts';
import { ReasonButtons, Sheet } from './dialogs.tsx';
import { BOOKING as B, BOOKING_CHANNEL_TEXT, BOOKING_STATUS_TEXT, HALL_CANCEL_REASON_TEXT } from './texts.ts';

/** A clerk's or the supervisor's socket: both may book and cancel (the server checks whose queues). */
type BookingSocket = Socket<ServerToClientEvents, StaffAppointmentEvents>;

interface SheetProps {
  socket: BookingSocket;
  /** The clerk's own window; undefined on the supervisor desk. */
  window: number | undefined;
  view: HallView;
  lang: Lang;
  online: boolean;
  onClose: () => void;
}

/** What each half of the sheet works from: the hall as folded, at hall time. */
type Props = Omit<SheetProps, 'view'> & { config: PublicHallConfig; state: HallState; now: number };

/** The queues staff may book for here: the window's own that take bookings, or every one that does. */
export function bookableQueues(config: PublicHallConfig, window: number | undefined): QueueConfig[] {
  const served = window === undefined ? undefined : config.windows.find((w) => w.number === window)?.queues;
  return config.queues.filter((q) => q.appointments && (served === undefined || served.includes(q.id)));
}

/** Bookings of these queues from today on, earliest first. */
export function upcomingBookings(state: HallState, queueIds: ReadonlySet<string>, today: string): AppointmentRecord[] {
  return Object.values(state.appointments ?? {})
    .filter((a) => queueIds.has(a.queueId) && a.day >= today)
    .sort((x, y) => x.slotStart - y.slotStart || x.id.localeCompare(y.id, 'en', { numeric: true }));
}

export function BookingSheet({ view, ...rest }: SheetProps) {
  const { window, lang, onClose } = rest;
  const { config, state } = view;
  // Hall time, not this PC's: what counts as today, and which bookings are past their check-in.
  const now = useHallNow(view.clockOffsetMs, 15_000);
  const props: Props = { ...rest, config, state, now };
  const queues = bookableQueues(config, window);
  return (
    <Sheet name="booking" title={pick(lang, window === undefined ? B.hallTitle : B.title)} closeText={pick(lang, B.close)} onClose={onClose}>
      <PhoneBooking {...props} queues={queues} />
      <BookingList {...props} queues={queues} />
    </Sheet>
  );
}

function PhoneBooking({ socket, window, config, lang, online, queues }: Props & { queues: QueueConfig[] }) {
  const [queueId, setQueueId] = useState(queues[0]?.id);
  const [slots, setSlots] = useState<AppointmentSlotsResult>();
  const [day, setDay] = useState<string>();
  const [slotStart, setSlotStart] = useState<number>();
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError>();
  const [receipt, setReceipt] = useState<AppointmentReceipt>();

  // Fresh slots whenever the queue changes or a booking was just made (its place is gone).
  useEffect(() => {
    if (queueId === undefined || receipt) return;
    let current = true;
    setSlots(undefined);
    setSlotStart(undefined);
    void fetchSlots(socket, queueId).then((outcome) => {
      if (!current) return;
      if (!outcome.ok) {
        setError(outcome.error);
        return;
      }
      setSlots(outcome.result);
      setDay((d) => (outcome.result.days.some((x) => x.day === d) ? d : outcome.result.days[0]?.day));
    });
    return () => {
      current = false;
    };
  }, [queueId, receipt]);

  if (queueId === undefined) {
    return (
      <section class="booking-form" data-testid="phone-booking">
        <h3 class="section-title">{pick(lang, B.phoneBooking)}</h3>
        <p class="list-empty">{pick(lang, B.noQueues)}</p>
      </section>
    );
  }
  if (receipt) return <BookingReceipt receipt={receipt} config={config} lang={lang} onAnother={() => setReceipt(undefined)} />;

  const digits = phoneDigits(phone);
  const nameOk = isPersonName(name);
  const phoneOk = isMobile(digits);
  const daySlots = slots?.days.find((d) => d.day === day)?.slots ?? [];
  const canBook = online && !busy && slotStart !== undefined && nameOk && phoneOk;

  const book = async () => {
    if (slotStart === undefined) return;
    setBusy(true);
    setError(undefined);
    // One press, one requestId: a retry after a lost answer never books the caller twice.
    const request = { requestId: newRequestId(), queueId, slotStart, name: name.trim(), phone: digits, ...(window === undefined ? {} : { window }) };
    const outcome = await sendWithRetry<AppointmentReceipt>(() => socket.timeout(ACK_TIMEOUT_MS).emitWithAck('appointment:book', request));
    setBusy(false);
    if (!outcome.ok) {
      setError(outcome.error);
      return;
    }
    // The caller's details go as soon as the server has them: the next call starts from an empty form.
    setName('');
    setPhone('');
    setReceipt(outcome.result);
  };

  return (
    <form
      class="booking-form"
      data-testid="phone-booking"
      onSubmit={(e) => {
        e.preventDefault();
        if (canBook) void book();
      }}
    >
      <fieldset class="booking-choices">
        <legend class="field__label">{pick(lang, B.queue)}</legend>
        {queues.map((q) => (
          <button
            key={q.id}
            type="button"
            class={`reason booking-choice${q.id === queueId ? ' reason--on' : ''}`}
            aria-pressed={q.id === queueId}
            data-testid={`booking-queue-${q.id}`}
            onClick={() => {
              setError(undefined);
              setQueueId(q.id);
            }}
          >
            {q.prefix} {queueName(q, lang)}
          </button>
        ))}
      </fieldset>
      {!slots ? (
        <p class="list-empty">{pick(lang, B.loadingSlots)}</p>
      ) : slots.days.length === 0 ? (
        <p class="list-empty" data-testid="booking-no-slots">
          {pick(lang, B.noSlots)}
        </p>
      ) : (
        <>
          <fieldset class="booking-choices booking-choices--days">
            <legend class="field__label">{pick(lang, B.day)}</legend>
            {slots.days.map((d) => (
              <button
                key={d.day}
                type="button"
                class={`reason booking-day${d.day === day ? ' reason--on' : ''}`}
                aria-pressed={d.day === day}
                data-testid={`booking-day-${d.day}`}
                onClick={() => {
                  setDay(d.day);
                  setSlotStart(undefined);
                }}
              >
                {/* Date above weekday: six days fit in two short rows. */}
                <span class="booking-day__date">{pick(lang, dayParts(d.day).date)}</span>
                <span class="booking-day__weekday">{pick(lang, dayParts(d.day).weekday)}</span>
              </button>
            ))}
          </fieldset>
          <fieldset class="booking-choices booking-choices--slots">
            <legend class="field__label">{pick(lang, B.slot)}</legend>
            {daySlots.map((s) => (
              <button
                key={s.start}
                type="button"
                class={`reason booking-slot${s.start === slotStart ? ' reason--on' : ''}`}
                aria-pressed={s.start === slotStart}
                data-testid={`booking-slot-${s.label}`}
                disabled={s.remaining === 0}
                onClick={() => setSlotStart(s.start)}
              >
                <span class="booking-slot__time">{s.label}</span>
                <span class="booking-slot__left">{pick(lang, s.remaining === 0 ? SLOT_FULL : remaining(s.remaining))}</span>
              </button>
            ))}
          </fieldset>
        </>
      )}
      <div class="booking-form__person">
        <label class="field">
          <span class="field__label">{pick(lang, B.name)}</span>
          <input
            class="field__input"
            data-testid="booking-name"
            value={name}
            maxLength={20}
            autoComplete="off"
            aria-invalid={name !== '' && !nameOk}
            onInput={(e) => setName(e.currentTarget.value)}
          />
        </label>
        <label class="field">
          <span class="field__label">{pick(lang, B.phone)}</span>
          <input
            class="field__input"
            data-testid="booking-phone"
            value={phone}
            inputMode="numeric"
            maxLength={13}
            autoComplete="off"
            aria-invalid={digits.length >= 11 && !phoneOk}
            onInput={(e) => setPhone(e.currentTarget.value)}
          />
        </label>
      </div>
      {name !== '' && !nameOk && (
        <p class="form-error" data-testid="booking-name-error">
          {pick(lang, B.badName)}
        </p>
      )}
      {digits.length >= 11 && !phoneOk && (
        <p class="form-error" data-testid="booking-phone-error">
          {pick(lang, B.badPhone)}
        </p>
      )}
      {/* Kept in view at the bottom: the clerk books while the caller is still on the line. */}
      <div class="booking-form__foot">
        {error && (
          <p class="action-error" role="alert" data-testid="booking-error" data-code={error.code}>
            {errorText(lang, error)}
          </p>
        )}
        <p class="booking-form__hint">{pick(lang, slotStart === undefined ? B.chooseSlot : B.privacy)}</p>
        <button type="submit" class="button button--primary button--wide" data-testid="booking-submit" disabled={!canBook} aria-busy={busy}>
          {pick(lang, B.book)}
        </button>
      </div>
    </form>
  );
}

function BookingReceipt({ receipt, config, lang, onAnother }: { receipt: AppointmentReceipt; config: PublicHallConfig; lang: Lang; onAnother: () => void }) {
  const a = receipt.appointment;
  const { queue, codeGrouped, span, checkInFrom, checkInTo } = confirmationOf(a, config);
  return (
    <section class="booking-form booking-receipt" data-testid="booking-receipt">
      <h3 class="section-title">{pick(lang, B.booked)}</h3>
      <p class="booking-receipt__label">{pick(lang, B.code)}</p>
      <p class="booking-receipt__code" data-testid="booking-code">
        {codeGrouped}
      </p>
      <p class="booking-receipt__slot" data-testid="booking-slot">
        {queue ? `${queue.prefix} ${queueName(queue, lang)}` : a.queueId} · {pick(lang, dayLabel(a.day))} {span}
      </p>
      <p class="booking-receipt__person" data-testid="booking-person">
        {a.nameMasked} · {a.phoneMasked}
      </p>
      <p class="booking-form__hint" data-testid="booking-check-in">
        {pick(lang, B.checkIn(checkInFrom, checkInTo))}
      </p>
      <button type="button" class="button button--wide" data-testid="booking-another" onClick={onAnother}>
        {pick(lang, B.another)}
      </button>
    </section>
  );
}

function BookingList({ socket, window, config, state, now, lang, online, queues }: Props & { queues: QueueConfig[] }) {
  const [cancelling, setCancelling] = useState<string>();
  const [reason, setReason] = useState<HallCancelReason>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ id: string; error: UiError }>();
  const [cancelled, setCancelled] = useState<string>();
  const tz = config.hall.timezone;
  const today = serviceDayOf(now, tz);
  const list = upcomingBookings(state, new Set(queues.map((q) => q.id)), today);
  const days = [...new Set(list.map((a) => a.day))];
  const cancelBox = useRef<HTMLDivElement>(null);
  // A booking low in a long list: bring its reasons and 确认取消 into view rather than leave them below the edge.
  useEffect(() => cancelBox.current?.scrollIntoView({ block: 'nearest' }), [cancelling]);

  const startCancel = (id: string) => {
    setCancelling(id);
    setReason(undefined);
    setError(undefined);
    setCancelled(undefined);
  };
  const cancel = async (appointmentId: string, why: HallCancelReason) => {
    setBusy(true);
    setError(undefined);
    const request = { requestId: newRequestId(), appointmentId, reason: why, ...(window === undefined ? {} : { window }) };
    const outcome = await sendWithRetry<AppointmentReceipt>(() => socket.timeout(ACK_TIMEOUT_MS).emitWithAck('appointment:cancel', request));
    setBusy(false);
    if (!outcome.ok) {
      setError({ id: appointmentId, error: outcome.error });
      return;
    }
    setCancelling(undefined);
    setCancelled(appointmentId);
  };

  return (
    <section class="booking-list" data-testid="booking-list">
      <h3 class="section-title">
        {pick(lang, B.list)}
        <small class="booking-list__rule">{pick(lang, B.noticeRule(config.appointmentRules.hallCancelNoticeHours))}</small>
      </h3>
      {list.length === 0 && <p class="list-empty">{pick(lang, B.listEmpty)}</p>}
      {days.map((d) => (
        <div key={d} class="booking-list__day">
          <h4 class="booking-list__date">
            {pick(lang, dayLabel(d))}
            {d === today && ` · ${pick(lang, B.today)}`}
          </h4>
          <ul class="ticket-list">
            {list
              .filter((a) => a.day === d)
              .map((a) => {
                const phase = phaseAt(a, config.appointmentRules, now);
                const queue = config.queues.find((q) => q.id === a.queueId);
                const booker = a.channel === 'phone' ? clerkOf(config, a.bookedBy) : undefined;
                return (
                  <li key={a.id} class={`booking-row booking-row--${phase}`} data-testid={`booking-row-${a.id}`} data-status={phase}>
                    <div class="booking-row__main">
                      <span class="booking-row__time">{slotSpan(a.slotStart, a.slotMinutes, tz)}</span>
                      <span class="booking-row__who" data-testid="booking-row-person">
                        {a.nameMasked ?? '—'} <span class="booking-row__phone">{a.phoneMasked ?? ''}</span>
                      </span>
                      <span class={`tag booking-status booking-status--${phase}`} data-testid="booking-row-status">
                        {pick(lang, BOOKING_STATUS_TEXT[phase])}
                      </span>
                      <span class="booking-row__meta">
                        {queue ? `${queue.prefix} ${queueName(queue, lang)}` : a.queueId} · {pick(lang, BOOKING_CHANNEL_TEXT[a.channel])}
                        {booker && ` ${booker.name}`}
                        {a.status === 'cancelled' &&
                          ` · ${pick(lang, a.cancelledBy === 'hall' && a.cancelReason ? HALL_CANCEL_REASON_TEXT[a.cancelReason] : B.byVisitor)}`}
                      </span>
                      {phase === 'booked' && cancelling !== a.id && (
                        <button
                          type="button"
                          class="button button--small"
                          data-testid={`booking-cancel-${a.id}`}
                          disabled={!online}
                          onClick={() => startCancel(a.id)}
                        >
                          {pick(lang, B.cancel)}
                        </button>
                      )}
                    </div>
                    {cancelling === a.id && phase === 'booked' && (
                      <div ref={cancelBox} class="booking-row__cancel" data-testid="booking-cancel-reasons">
                        <ReasonButtons
                          id="booking-cancel-reason"
                          label={pick(lang, B.cancelWhy)}
                          reasons={STAFF_CANCEL_REASONS}
                          texts={HALL_CANCEL_REASON_TEXT}
                          value={reason}
                          lang={lang}
                          onChoose={setReason}
                        />
                        <button
                          type="button"
                          class="button button--danger"
                          data-testid="booking-cancel-confirm"
                          disabled={!online || busy || reason === undefined}
                          aria-busy={busy}
                          onClick={() => reason && void cancel(a.id, reason)}
                        >
                          {pick(lang, B.cancelConfirm)}
                        </button>
                        <button type="button" class="button" data-testid="booking-cancel-keep" onClick={() => setCancelling(undefined)}>
                          {pick(lang, B.keep)}
                        </button>
                      </div>
                    )}
                    {error?.id === a.id && (
                      <p class="action-error" role="alert" data-testid="booking-cancel-error" data-code={error.error.code}>
                        {errorText(lang, error.error)}
                      </p>
                    )}
                    {cancelled === a.id && a.status === 'cancelled' && (
                      <p class="booking-row__done" role="status" data-testid="booking-cancelled">
                        {pick(lang, B.cancelled)}
                      </p>
                    )}
                  </li>
                );
              })}
          </ul>
        </div>
      ))}
    </section>
  );
}
