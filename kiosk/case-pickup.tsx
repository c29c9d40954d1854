/**
 * 出件取号 at the kiosk (README § Cases): the visitor whose case is 办结 types
 * the 办件编号 from the acceptance receipt — letters, digits and “-” on the
 * kiosk's own keys — and gets a ticket of the 综合出件 queue, linked to the
 * case on the server. A case not ready yet, gone by EMS, or unknown is said
 * plainly in the server's words (with the promised day when there is one).
 * The 办件编号 alone reveals only where the case stands.
 */
import { useRef, useState } from 'preact/hooks';
import { errorText, pick, type Lang } from '../state-machines/client/web/i18n.ts';
import { ACK_TIMEOUT_MS, newRequestId, sendWithRetry, type Outcome, type UiError } from '../state-machines/client/web/command.ts';
import { RECEIPT_NO } from '../state-machines/domain/case.ts';
import type { TicketReceipt } from '../state-machines/protocol/socket-events.ts';
import type { KioskSocket } from './take-ticket.ts';
import './case-pickup.css';

const TEXT = {
  entry: { zh: '出件取号', en: 'Collect a result' },
  entrySub: { zh: '输入办件编号', en: 'Type your case number' },
  title: { zh: '出件取号 · 输入办件编号', en: 'Collect a result: your case number' },
  prompt: { zh: '请输入受理回执上的办件编号', en: 'Type the case number (办件编号) on your acceptance receipt' },
  submit: { zh: '取出件号', en: 'Get a pick-up ticket' },
  sending: { zh: '正在查询…', en: 'Checking…' },
  refused: { zh: '暂不能取号', en: 'No ticket yet' },
  again: { zh: '重新输入', en: 'Type again' },
  back: { zh: '返回', en: 'Back' },
  delete: { zh: '删除', en: 'Delete' },
  clear: { zh: '清空', en: 'Clear' },
  keys: { zh: '字母与数字键', en: 'Letter and digit keys' },
} as const;

/** Keys in the order of a receipt's number: letters, then digits and the dash. */
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('');
const DIGITS = '1234567890-'.split('');
const MAX_LENGTH = 32;

export function CasePickupEntry({ lang, disabled, onOpen }: { lang: Lang; disabled: boolean; onOpen: () => void }) {
  return (
    <button type="button" class="appt-entry appt-entry--book" data-testid="case-pickup" disabled={disabled} onClick={onOpen}>
      <span class="appt-entry__title">{pick(lang, TEXT.entry)}</span>
      <span class="appt-entry__sub">{pick(lang, TEXT.entrySub)}</span>
    </button>
  );
}

/** Ask the server for a 出件 ticket (retried with the same requestId). */
function askPickup(socket: KioskSocket, receiptNo: string): Promise<Outcome<TicketReceipt>> {
  const request = { requestId: newRequestId(), receiptNo };
  return sendWithRetry(() => socket.timeout(ACK_TIMEOUT_MS).emitWithAck('case:pickup', request));
}

export function CasePickup({
  socket,
  lang,
  onTicket,
  onBack,
}: {
  socket: KioskSocket;
  lang: Lang;
  onTicket: (receipt: TicketReceipt) => void;
  onBack: () => void;
}) {
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<UiError>();
  const inFlight = useRef(false);
  const type = (key: string) => setValue((v) => (v.length < MAX_LENGTH ? v + key : v));
  const submit = async () => {
    if (inFlight.current) return;
    inFlight.current = true;
    setBusy(true);
    const outcome = await askPickup(socket, value);
    inFlight.current = false;
    setBusy(false);
    if (outcome.ok) onTicket(outcome.result);
    else setRefusal(outcome.error);
  };

  return (
    <main class="appt-screen case-pickup" data-testid="case-pickup-screen">
      <div class="kiosk-home__bar">
        <button type="button" class="back-button" data-testid="case-pickup-back" onClick={onBack}>
          ‹ {pick(lang, TEXT.back)}
        </button>
        <h2 class="appt-screen__title">{pick(lang, TEXT.title)}</h2>
      </div>
      {refusal ? (
        <div class="case-pickup__refused" role="alert" data-testid="case-pickup-refused">
          <p class="case-pickup__number">{value}</p>
          <p class="case-pickup__why-title">{pick(lang, TEXT.refused)}</p>
          <p class="case-pickup__why" data-testid="case-pickup-reason">
            {errorText(lang, refusal)}
          </p>
          <div class="case-pickup__actions">
            <button type="button" class="big-action" data-testid="case-pickup-again" onClick={() => setRefusal(undefined)}>
              {pick(lang, TEXT.again)}
            </button>
            <button type="button" class="big-action big-action--plain" data-testid="case-pickup-done" onClick={onBack}>
              {pick(lang, TEXT.back)}
            </button>
          </div>
        </div>
      ) : (
        <>
          <p class="appt-screen__prompt">{pick(lang, TEXT.prompt)}</p>
          <output class="case-pickup__entry" data-testid="case-pickup-entry" aria-live="polite">
            {value || '\u00a0'}
          </output>
          {/* biome-ignore lint/a11y/useSemanticElements: a named group of keys; a fieldset would add a border, padding and legend rules to undo */}
          <div class="case-pickup__keys" role="group" aria-label={pick(lang, TEXT.keys)}>
            {[LETTERS, DIGITS].map((row) => (
              <div key={row[0]} class={`case-pickup__row case-pickup__row--${row.length}`}>
                {row.map((k) => (
                  <button key={k} type="button" class="case-pickup__key" data-testid={`case-key-${k}`} disabled={busy} onClick={() => type(k)}>
                    {k}
                  </button>
                ))}
              </div>
            ))}
            <div class="case-pickup__words">
              <button type="button" class="case-pickup__key" data-testid="case-key-delete" disabled={busy} onClick={() => setValue((v) => v.slice(0, -1))}>
                {pick(lang, TEXT.delete)}
              </button>
              <button type="button" class="case-pickup__key" data-testid="case-key-clear" disabled={busy} onClick={() => setValue('')}>
                {pick(lang, TEXT.clear)}
              </button>
            </div>
          </div>
          <button type="button" class="big-action" data-testid="case-pickup-submit" disabled={busy || !RECEIPT_NO.test(value)} onClick={() => void submit()}>
            {pick(lang, busy ? TEXT.sending : TEXT.submit)}
          </button>
        </>
      )}
    </main>
  );
}
