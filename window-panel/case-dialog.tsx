/**
 * 办件登记 (README § Cases): after 办结 the clerk records what became of the
 * matter — 受理 with the 办件编号 (typed, or read by the counter's scanner as
 * keystrokes), 容缺受理 with the papers still missing, 即办, or 不予受理 with
 * why and what was missing (一次性告知). The papers offered to tick are the
 * item's own list when the ticket carries an item; others are typed.
 *
 * Before sending, the panel asks the server's own decider (`ask`): the submit
 * is enabled exactly when it would be accepted, the refusal's words say what
 * is missing, and the promised day it will record is shown — the same day the
 * server will count (working days of the hall's calendar).
 */
import { useState } from 'preact/hooks';
import {
  ADDRESS_MAX,
  CASE_OUTCOME_NAMES,
  CASE_OUTCOMES,
  REJECT_REASON_NAMES,
  REJECT_REASONS,
  type CaseOutcome,
  type RejectReason,
} from '../state-machines/domain/case.ts';
import type { TicketRecord } from '../state-machines/domain/ticket.ts';
import { errorText, pick } from '../state-machines/client/web/i18n.ts';
import { isMobile, isPersonName, phoneDigits } from '../state-machines/client/web/booking.ts';
import { choiceOf, noticeFor } from '../state-machines/hall/notice.ts';
import { describeDay } from '../state-machines/hall/schedule.ts';
import { serviceDayOf } from '../state-machines/domain/service-day.ts';
import { type DialogProps, Frame, NoteField, ReasonButtons, trimmed, useSend } from './dialogs.tsx';
import { CASE_TEXT, caseTitle } from './texts.ts';
import { ask, type PanelCommand } from './window-commands.ts';

const NEEDS_RECEIPT: readonly CaseOutcome[] = ['accepted', 'accepted_pending'];
/** 不予受理: the slip listing what was missing is offered once recorded (item-notice.tsx, RejectedNoticeOffer). */
const CASE_SLIP_HINT = { zh: '登记后可打印缺件告知单，所勾选的材料标为“缺”', en: 'Once recorded, print the notice with the ticked papers marked missing' };

const EMS_TEXT = {
  legend: { zh: '免费邮寄（EMS）', en: 'Free EMS delivery' },
  choose: { zh: '申请人选择免费邮寄送达，无需到窗口取件', en: 'The visitor wants the result mailed free (no pick-up)' },
  name: { zh: '收件人姓名', en: 'Recipient' },
  phone: { zh: '收件人手机号', en: 'Mobile number' },
  address: { zh: '邮寄地址', en: 'Address' },
  fill: { zh: '请填写收件人姓名、11 位手机号和邮寄地址', en: 'Fill in the recipient, an 11-digit mobile number and the address' },
  privacy: { zh: '地址仅保存在本中心服务器，仅EMS窗口可见，寄出后删除', en: 'Kept on the hall server only, shown at the EMS window only, deleted once mailed' },
} as const;

export function CaseDialog(props: DialogProps & { ticket: TicketRecord }) {
  const { view, clerk, now, ticket, lang, ready } = props;
  const { config } = view;
  // The ticket's item, or its 一件事 bundle: the papers offered to tick are its 一次性告知's (a bundle's merged, each once).
  const item = choiceOf(config, ticket.itemId);
  const papers = ticket.itemId === undefined ? [] : (noticeFor(config, ticket.itemId)?.materials.map((m) => m.name) ?? []);
  // A 即办 window completes the case at the window: 即办 is chosen for the clerk (another outcome stays one tap away).
  const instantWindow = config.windows.find((w) => w.number === clerk.window)?.type === '即办';
  const [outcome, setOutcome] = useState<CaseOutcome | undefined>(instantWindow ? 'on_the_spot' : undefined);
  const [receiptNo, setReceiptNo] = useState('');
  const [reason, setReason] = useState<RejectReason>();
  const [ticked, setTicked] = useState<string[]>([]);
  const [others, setOthers] = useState('');
  const [note, setNote] = useState('');
  const { busy, error, send } = useSend(props);
  // 免费邮寄 (EMS) at acceptance: the recipient goes to the server's case desk once the case is recorded.
  const [ems, setEms] = useState(false);
  const [emsName, setEmsName] = useState('');
  const [emsPhone, setEmsPhone] = useState('');
  const [emsAddress, setEmsAddress] = useState('');
  const [emsBusy, setEmsBusy] = useState(false);
  const [emsError, setEmsError] = useState<string>();

  const missing = [
    ...ticked,
    ...others
      .split(/[，,、;；\n]/)
      .map((s) => s.trim())
      .filter(Boolean),
  ];
  const asksForMissing = outcome === 'accepted_pending' || outcome === 'rejected';
  const command: PanelCommand | undefined = outcome && {
    kind: 'record-case',
    ticketId: ticket.id,
    outcome,
    receiptNo: trimmed(receiptNo),
    reason: outcome === 'rejected' ? reason : undefined,
    missing: asksForMissing && missing.length > 0 ? missing : undefined,
    note: trimmed(note),
  };
  // The server's answer, asked before sending: what is missing, and the day it will promise.
  const decision = command && ask(view, clerk, command, now);
  const recorded = decision?.ok && decision.event.type === 'case.recorded' ? decision.event : undefined;
  const today = serviceDayOf(now, config.hall.timezone);
  const emsCommand: PanelCommand = { kind: 'case-ems', caseId: ticket.id, name: emsName.trim(), phone: phoneDigits(emsPhone), address: emsAddress.trim() };
  const emsOk =
    isPersonName(emsCommand.name) && isMobile(emsCommand.phone) && [...emsCommand.address].length >= 6 && [...emsCommand.address].length <= ADDRESS_MAX;
  const offersEms = outcome !== undefined && NEEDS_RECEIPT.includes(outcome);
  const withEms = ems && offersEms;
  /** Record, then (when chosen) the EMS recipient; a refused recipient leaves the dialog open on the recorded case to try again. */
  const submit = async () => {
    if (!command) return;
    if (!withEms) return send(command);
    setEmsBusy(true);
    setEmsError(undefined);
    const recordedAlready = view.state.cases?.[ticket.id] !== undefined;
    const refused = (recordedAlready ? undefined : await props.onSubmit(command)) ?? (await props.onSubmit(emsCommand));
    setEmsBusy(false);
    if (refused) setEmsError(errorText(lang, refused));
    else props.onClose();
  };
  const recordedHere = view.state.cases?.[ticket.id] !== undefined;
  const toggle = (paper: string) => setTicked(ticked.includes(paper) ? ticked.filter((p) => p !== paper) : [...ticked, paper]);

  return (
    <Frame
      id="case-dialog"
      title={pick(lang, caseTitle(ticket.number))}
      lang={lang}
      error={error ?? emsError}
      hint={
        decision === undefined
          ? pick(lang, CASE_TEXT.chooseOutcome)
          : !decision.ok && !recordedHere
            ? errorText(lang, decision.error)
            : withEms && !emsOk
              ? pick(lang, EMS_TEXT.fill)
              : undefined
      }
      submitText={CASE_TEXT.submit}
      submitDisabled={!ready || (!decision?.ok && !(recordedHere && withEms)) || (withEms && !emsOk)}
      busy={busy || emsBusy}
      onSubmit={() => void submit()}
      onClose={props.onClose}
    >
      {item && (
        <p class="dialog__hint" data-testid="case-item">
          {pick(lang, CASE_TEXT.item)}：{lang === 'en' ? (item.nameEn ?? item.name) : item.name}
        </p>
      )}
      <ReasonButtons
        id="case-outcome"
        label={pick(lang, CASE_TEXT.outcome)}
        reasons={CASE_OUTCOMES}
        texts={CASE_OUTCOME_NAMES}
        value={outcome}
        lang={lang}
        onChoose={setOutcome}
      />
      {outcome && (NEEDS_RECEIPT.includes(outcome) || outcome === 'on_the_spot') && (
        <label class="field">
          <span class="field__label">{pick(lang, NEEDS_RECEIPT.includes(outcome) ? CASE_TEXT.receiptNo : CASE_TEXT.receiptNoOptional)}</span>
          <input
            class="field__input case-receipt"
            data-testid="case-receipt-no"
            maxLength={32}
            autoComplete="off"
            value={receiptNo}
            onInput={(e) => setReceiptNo(e.currentTarget.value.toUpperCase().replace(/[^A-Z0-9-]/g, ''))}
          />
        </label>
      )}
      {outcome === 'rejected' && (
        <ReasonButtons
          id="case-reason"
          label={pick(lang, CASE_TEXT.reason)}
          reasons={REJECT_REASONS}
          texts={REJECT_REASON_NAMES}
          value={reason}
          lang={lang}
          onChoose={setReason}
        />
      )}
      {outcome === 'rejected' && (
        <p class="dialog__hint" data-testid="case-slip-hint">
          {pick(lang, CASE_SLIP_HINT)}
        </p>
      )}
      {asksForMissing && (
        <fieldset class="case-missing">
          <legend class="field__label">{pick(lang, CASE_TEXT.missing)}</legend>
          {papers.map((paper, i) => (
            <label key={paper} class="case-missing__paper">
              <input type="checkbox" data-testid={`case-missing-${i}`} checked={ticked.includes(paper)} onChange={() => toggle(paper)} />
              {paper}
            </label>
          ))}
          <NoteField id="case-missing-other" label={pick(lang, CASE_TEXT.missingOther)} value={others} onInput={setOthers} />
        </fieldset>
      )}
      {recorded?.promisedDay && (
        <p class="case-promise" data-testid="case-promise">
          {pick(lang, CASE_TEXT.promise)}：{pick(lang, describeDay(recorded.promisedDay, today))}
          {recorded.materialsDueDay && (
            <>
              {' · '}
              {pick(lang, CASE_TEXT.materialsDue)}：{pick(lang, describeDay(recorded.materialsDueDay, today))}
            </>
          )}
        </p>
      )}
      {offersEms && (
        <fieldset class="case-missing case-ems">
          <legend class="field__label">{pick(lang, EMS_TEXT.legend)}</legend>
          <label class="case-missing__paper">
            <input type="checkbox" data-testid="case-ems" checked={ems} onChange={() => setEms(!ems)} />
            {pick(lang, EMS_TEXT.choose)}
          </label>
          {ems && (
            <>
              <NoteField id="case-ems-name" label={pick(lang, EMS_TEXT.name)} value={emsName} onInput={setEmsName} />
              <NoteField id="case-ems-phone" label={pick(lang, EMS_TEXT.phone)} value={emsPhone} onInput={setEmsPhone} />
              <NoteField id="case-ems-address" label={pick(lang, EMS_TEXT.address)} value={emsAddress} onInput={setEmsAddress} />
              <p class="dialog__hint">{pick(lang, EMS_TEXT.privacy)}</p>
            </>
          )}
        </fieldset>
      )}
      <NoteField id="case-note" label={pick(lang, CASE_TEXT.note)} value={note} onInput={setNote} />
    </Frame>
  );
}
