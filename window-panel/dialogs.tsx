/**
 * The clerk's dialogs: 转办, 挂起, 作废, 暂停服务, 转绿色通道. Each builds one
 * command; the desk sends it. The dialog stays open with the server's refusal
 * (in Chinese) if the command is refused, and closes when it is accepted.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { CANCEL_REASONS, GREEN_REASONS, type CancelReason, type GreenReason, type TicketRecord } from '../state-machines/domain/ticket.ts';
import { PAUSE_REASONS, type PauseReason } from '../state-machines/domain/window.ts';
import type { UiError } from '../state-machines/client/web/command.ts';
import { errorText, pick, type Lang, type Text } from '../state-machines/client/web/i18n.ts';
import { CANCEL_REASON_TEXT, GREEN_REASON_TEXT, greenThis, parkThis, PAUSE_REASON_TEXT, T, transferTo, voidThis } from './texts.ts';
import { offered, type PanelClerk, type PanelCommand, type PanelView } from './window-commands.ts';
import { windowName } from '../state-machines/client/web/hall-names.ts';
import { CaseDialog } from './case-dialog.tsx';
import { EnquiryDialog } from './enquiry-dialog.tsx';

export type DialogKind = 'transfer' | 'park' | 'cancel' | 'pause' | 'prioritise' | 'case' | 'enquiry';
export interface OpenDialog {
  kind: DialogKind;
  ticket?: TicketRecord | undefined;
}

export interface DialogProps {
  dialog: OpenDialog;
  /** What the panel knows and who asks: the 转办 dialog offers only targets the server would accept. */
  view: PanelView;
  clerk: PanelClerk;
  now: number;
  lang: Lang;
  ready: boolean;
  /** Sends the command; resolves with the refusal, or undefined when accepted. */
  onSubmit: (command: PanelCommand) => Promise<UiError | undefined>;
  onClose: () => void;
}

const NOTE_MAX = 200;

export function PanelDialog(props: DialogProps) {
  const { dialog } = props;
  switch (dialog.kind) {
    case 'transfer':
      return dialog.ticket ? <TransferDialog {...props} ticket={dialog.ticket} /> : null;
    case 'park':
      return dialog.ticket ? <ParkDialog {...props} ticket={dialog.ticket} /> : null;
    case 'cancel':
      return dialog.ticket ? <CancelDialog {...props} ticket={dialog.ticket} /> : null;
    case 'prioritise':
      return dialog.ticket ? <PrioritiseDialog {...props} ticket={dialog.ticket} /> : null;
    case 'pause':
      return <PauseDialog {...props} />;
    case 'case':
      return dialog.ticket ? <CaseDialog {...props} ticket={dialog.ticket} /> : null;
    case 'enquiry':
      return dialog.ticket ? <EnquiryDialog {...props} ticket={dialog.ticket} /> : null;
  }
}

/**
 * A full-height sheet over the desk (预约, 设备管理): a title bar with 关闭,
 * and a body of two columns. Escape closes it.
 */
export function Sheet(props: { name: string; title: string; closeText: string; onClose: () => void; bodyClass?: string; children: ComponentChildren }) {
  const { name, onClose } = props;
  useEscape(onClose);
  return (
    <div class="dialog-backdrop">
      <section class={`booking-sheet ${name}-sheet`} role="dialog" aria-modal="true" aria-labelledby={`${name}-sheet-title`} data-testid={`${name}-sheet`}>
        <header class="booking-sheet__head">
          <h2 class="booking-sheet__title" id={`${name}-sheet-title`}>
            {props.title}
          </h2>
          <button type="button" class="button" data-testid={`${name}-close`} onClick={onClose}>
            {props.closeText}
          </button>
        </header>
        <div class={`booking-sheet__body ${props.bodyClass ?? ''}`}>{props.children}</div>
      </section>
    </div>
  );
}

/** Escape closes whatever sits over the desk (a dialog, the bookings sheet), as the 取消 button would. */
export function useEscape(onClose: () => void) {
  useEffect(() => {
    const esc = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    document.addEventListener('keydown', esc);
    return () => document.removeEventListener('keydown', esc);
  }, []);
}

/** Shared frame: title, body, the refusal, cancel + confirm. */
export function Frame({
  id,
  title,
  lang,
  error,
  hint,
  submitText,
  submitDisabled,
  busy,
  danger,
  onSubmit,
  onClose,
  children,
}: {
  id: string;
  title: string;
  lang: Lang;
  error: string | undefined;
  /** What is still missing before the confirm button works. */
  hint?: string | undefined;
  submitText: Text;
  submitDisabled: boolean;
  busy: boolean;
  danger?: boolean;
  onSubmit: () => void;
  onClose: () => void;
  children: ComponentChildren;
}) {
  const box = useRef<HTMLFormElement>(null);
  useEffect(() => {
    box.current?.querySelector<HTMLElement>('input, select, textarea, button')?.focus();
  }, []);
  useEscape(onClose);
  return (
    <div class="dialog-backdrop">
      <form
        ref={box}
        class="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={`${id}-title`}
        data-testid={id}
        onSubmit={(e) => {
          e.preventDefault();
          if (!submitDisabled && !busy) onSubmit();
        }}
      >
        <h2 class="dialog__title" id={`${id}-title`}>
          {title}
        </h2>
        <div class="dialog__body">{children}</div>
        <p class="dialog__error" role="alert" data-testid="dialog-error">
          {error ?? ''}
        </p>
        {!error && hint && <p class="dialog__need">{hint}</p>}
        <div class="dialog__actions">
          <button type="button" class="button dialog__button" data-testid="dialog-cancel" onClick={onClose}>
            {pick(lang, T.dialogCancel)}
          </button>
          <button
            type="submit"
            class={`button dialog__button ${danger ? 'button--danger' : 'button--primary'}`}
            data-testid={`${id.replace(/-dialog$/, '')}-submit`}
            disabled={submitDisabled}
            aria-busy={busy}
          >
            {pick(lang, submitText)}
          </button>
        </div>
      </form>
    </div>
  );
}

/** Send from a dialog: busy while in flight, the refusal shown, closed when done. */
export function useSend(props: DialogProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError>();
  const send = async (command: PanelCommand) => {
    setBusy(true);
    setError(undefined);
    const refused = await props.onSubmit(command);
    setBusy(false);
    if (refused) setError(refused);
    else props.onClose();
  };
  return { busy, error: error && errorText(props.lang, error), send: (c: PanelCommand) => void send(c) };
}

export function NoteField({
  id,
  label,
  value,
  onInput,
  max = NOTE_MAX,
}: {
  id: string;
  label: string;
  value: string;
  onInput: (v: string) => void;
  max?: number;
}) {
  return (
    <label class="field">
      <span class="field__label">{label}</span>
      <input
        class="field__input"
        data-testid={id}
        maxLength={max}
        value={value}
        // One line, no control characters: what the protocol accepts.
        // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping what the protocol refuses
        onInput={(e) => onInput(e.currentTarget.value.replace(/[\u0000-\u001f\u007f]/g, ''))}
      />
    </label>
  );
}

export function ReasonButtons<R extends string>({
  id,
  label,
  reasons,
  texts,
  value,
  lang,
  onChoose,
}: {
  id: string;
  label: string;
  reasons: readonly R[];
  texts: Record<R, Text>;
  value: R | undefined;
  lang: Lang;
  onChoose: (r: R) => void;
}) {
  return (
    <fieldset class="reason-group">
      <legend class="field__label">{label}</legend>
      <div class="reason-group__options" role="radiogroup">
        {reasons.map((r) => (
          // biome-ignore lint/a11y/useSemanticElements: large touch buttons acting as radios (role=radio + aria-checked); a native radio cannot take this size and label layout
          <button
            key={r}
            type="button"
            role="radio"
            aria-checked={value === r}
            class={`reason${value === r ? ' reason--on' : ''}`}
            data-testid={`${id}-${r}`}
            onClick={() => onChoose(r)}
          >
            {pick(lang, texts[r])}
          </button>
        ))}
      </div>
    </fieldset>
  );
}

export const trimmed = (s: string) => s.trim() || undefined;

function TransferDialog(props: DialogProps & { ticket: TicketRecord }) {
  const { view, clerk, now, ticket, lang, ready } = props;
  const { config } = view;
  const [queueId, setQueueId] = useState('');
  const [toWindow, setToWindow] = useState('');
  const [note, setNote] = useState('');
  const { busy, error, send } = useSend(props);
  const transfer = (queue: string, window: string): PanelCommand => ({
    kind: 'transfer',
    ticketId: ticket.id,
    toQueueId: queue === '' || queue === ticket.queueId ? undefined : queue,
    toWindow: window === '' ? undefined : Number(window),
    note: trimmed(note),
  });
  // Only targets the server would accept (a named window must serve the chosen queue, or with none chosen any of its own).
  const accepts = (queue: string, window: string) => offered(view, clerk, transfer(queue, window), now);
  const queues = config.queues.filter((q) => accepts(q.id, ''));
  const windows = config.windows.filter((w) => accepts(queueId, String(w.number)));
  const chosenWindow = windows.some((w) => String(w.number) === toWindow) ? toWindow : '';
  const hasTarget = accepts(queueId, chosenWindow);
  return (
    <Frame
      id="transfer-dialog"
      title={pick(lang, transferTo(ticket.number))}
      lang={lang}
      error={error}
      hint={hasTarget ? undefined : pick(lang, T.transferNeedsTarget)}
      submitText={T.transferSubmit}
      submitDisabled={!ready || !hasTarget}
      busy={busy}
      onSubmit={() => send(transfer(queueId, chosenWindow))}
      onClose={props.onClose}
    >
      <label class="field">
        <span class="field__label">{pick(lang, T.transferQueue)}</span>
        <select class="field__input" data-testid="transfer-queue" value={queueId} onChange={(e) => setQueueId(e.currentTarget.value)}>
          <option value="">{pick(lang, T.sameQueue)}</option>
          {queues.map((q) => (
            <option key={q.id} value={q.id}>
              {q.prefix} · {q.name[lang]}
            </option>
          ))}
        </select>
      </label>
      <label class="field">
        <span class="field__label">{pick(lang, T.transferWindow)}</span>
        <select class="field__input" data-testid="transfer-window" value={chosenWindow} onChange={(e) => setToWindow(e.currentTarget.value)}>
          <option value="">{pick(lang, T.anyWindow)}</option>
          {windows.map((w) => (
            <option key={w.number} value={String(w.number)}>
              {lang === 'zh' ? `${w.number} 号窗口 · ${w.name}` : `Window ${w.number} · ${windowName(w, 'en')}`}
            </option>
          ))}
        </select>
      </label>
      <NoteField id="transfer-note" label={pick(lang, T.noteLabel)} value={note} onInput={setNote} />
    </Frame>
  );
}

function ParkDialog(props: DialogProps & { ticket: TicketRecord }) {
  const { ticket, lang, ready } = props;
  const [note, setNote] = useState('');
  const { busy, error, send } = useSend(props);
  return (
    <Frame
      id="park-dialog"
      title={pick(lang, parkThis(ticket.number))}
      lang={lang}
      error={error}
      submitText={T.parkSubmit}
      submitDisabled={!ready}
      busy={busy}
      onSubmit={() => send({ kind: 'park', ticketId: ticket.id, note: trimmed(note) })}
      onClose={props.onClose}
    >
      <p class="dialog__hint">{pick(lang, T.parkHint)}</p>
      <NoteField id="park-note" label={pick(lang, T.noteLabel)} value={note} onInput={setNote} />
    </Frame>
  );
}

function CancelDialog(props: DialogProps & { ticket: TicketRecord }) {
  const { ticket, lang, ready } = props;
  const [reason, setReason] = useState<CancelReason>();
  const [note, setNote] = useState('');
  const { busy, error, send } = useSend(props);
  return (
    <Frame
      id="cancel-dialog"
      title={pick(lang, voidThis(ticket.number))}
      lang={lang}
      error={error}
      hint={reason ? undefined : pick(lang, T.chooseReason)}
      submitText={T.cancelSubmit}
      submitDisabled={!ready || reason === undefined}
      busy={busy}
      danger
      onSubmit={() => reason && send({ kind: 'cancel', ticketId: ticket.id, reason, note: trimmed(note) })}
      onClose={props.onClose}
    >
      <p class="dialog__warn">{pick(lang, T.cancelWarn)}</p>
      <ReasonButtons
        id="cancel-reason"
        label={pick(lang, T.cancelReason)}
        reasons={CANCEL_REASONS}
        texts={CANCEL_REASON_TEXT}
        value={reason}
        lang={lang}
        onChoose={setReason}
      />
      <NoteField id="cancel-note" label={pick(lang, T.pauseNoteLabel)} value={note} onInput={setNote} />
    </Frame>
  );
}

function PauseDialog(props: DialogProps) {
  const { lang, ready } = props;
  const [reason, setReason] = useState<PauseReason>();
  const [note, setNote] = useState('');
  const { busy, error, send } = useSend(props);
  return (
    <Frame
      id="pause-dialog"
      title={pick(lang, T.pauseTitle)}
      lang={lang}
      error={error}
      hint={reason ? undefined : pick(lang, T.chooseReason)}
      submitText={T.pauseSubmit}
      submitDisabled={!ready || reason === undefined}
      busy={busy}
      onSubmit={() => reason && send({ kind: 'pause', reason, note: trimmed(note) })}
      onClose={props.onClose}
    >
      <ReasonButtons
        id="pause-reason"
        label={pick(lang, T.pauseReason)}
        reasons={PAUSE_REASONS}
        texts={PAUSE_REASON_TEXT}
        value={reason}
        lang={lang}
        onChoose={setReason}
      />
      <NoteField id="pause-note" label={pick(lang, T.pauseNoteLabel)} value={note} onInput={setNote} />
    </Frame>
  );
}

function PrioritiseDialog(props: DialogProps & { ticket: TicketRecord }) {
  const { ticket, lang, ready } = props;
  const [reason, setReason] = useState<GreenReason>();
  const { busy, error, send } = useSend(props);
  return (
    <Frame
      id="prioritise-dialog"
      title={pick(lang, greenThis(ticket.number))}
      lang={lang}
      error={error}
      hint={reason ? undefined : pick(lang, T.chooseReason)}
      submitText={T.greenSubmit}
      submitDisabled={!ready || reason === undefined}
      busy={busy}
      onSubmit={() => reason && send({ kind: 'prioritise', ticketId: ticket.id, reason })}
      onClose={props.onClose}
    >
      <ReasonButtons
        id="prioritise-reason"
        label={pick(lang, T.greenReason)}
        reasons={GREEN_REASONS}
        texts={GREEN_REASON_TEXT}
        value={reason}
        lang={lang}
        onChoose={setReason}
      />
    </Frame>
  );
}
