/**
 * 咨询登记 (README § The guide desk → Enquiries): after 办结 of a consultation
 * ticket — at a 咨询 window, or a ticket of one of the hall's 咨询 queues — the
 * clerk records what was asked (an item, or a topic in their words) and the
 * answer given, instead of a case. As the case dialog, the confirm button
 * works exactly when the server's own decider would accept.
 */
import { useState } from 'preact/hooks';
import type { TicketRecord } from '../state-machines/domain/ticket.ts';
import { errorText, pick } from '../state-machines/client/web/i18n.ts';
import { type DialogProps, Frame, NoteField, trimmed, useSend } from './dialogs.tsx';
import { ENQUIRY, GUIDE } from './guide-texts.ts';
import { ask, type PanelCommand } from './window-commands.ts';

export function EnquiryDialog(props: DialogProps & { ticket: TicketRecord }) {
  const { view, clerk, now, ticket, lang, ready } = props;
  const [itemId, setItemId] = useState('');
  const [topic, setTopic] = useState('');
  const [answer, setAnswer] = useState('');
  const { busy, error, send } = useSend(props);
  const item = view.config.items.find((i) => i.id === itemId);
  // An item chosen names the topic when none is typed.
  const topicText = trimmed(topic) ?? (item ? item.name : undefined);
  const answerText = trimmed(answer);
  const command: PanelCommand | undefined =
    topicText && answerText ? { kind: 'record-enquiry', ticketId: ticket.id, itemId: item?.id, topic: topicText, answer: answerText } : undefined;
  const decision = command && ask(view, clerk, command, now);

  return (
    <Frame
      id="enquiry-dialog"
      title={pick(lang, ENQUIRY.title(ticket.number))}
      lang={lang}
      error={error}
      hint={decision === undefined ? pick(lang, ENQUIRY.need) : decision.ok ? undefined : errorText(lang, decision.error)}
      submitText={ENQUIRY.submit}
      submitDisabled={!ready || !decision?.ok}
      busy={busy}
      onSubmit={() => command && send(command)}
      onClose={props.onClose}
    >
      <label class="field">
        <span class="field__label">{pick(lang, GUIDE.item)}</span>
        <select class="field__input" data-testid="enquiry-item" value={itemId} onChange={(e) => setItemId(e.currentTarget.value)}>
          <option value="">{pick(lang, GUIDE.noItem)}</option>
          {view.config.items.map((i) => (
            <option key={i.id} value={i.id}>
              {lang === 'en' ? (i.nameEn ?? i.name) : i.name}
            </option>
          ))}
        </select>
      </label>
      <NoteField id="enquiry-topic" label={pick(lang, ENQUIRY.topic)} value={topic} onInput={setTopic} />
      <NoteField id="enquiry-answer" label={pick(lang, ENQUIRY.answer)} value={answer} onInput={setAnswer} />
    </Frame>
  );
}
