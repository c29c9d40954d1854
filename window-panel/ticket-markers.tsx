/** Small tags beside a ticket number on the clerk's panel: class, transfer, requeue. Staff only. */
import type { TicketRecord } from '../state-machines/domain/ticket.ts';
import { pick, type Lang } from '../state-machines/client/web/i18n.ts';
import { GREEN_REASON_TEXT, T } from './texts.ts';

export function TicketMarkers({ ticket, windowNumber, lang }: { ticket: TicketRecord; windowNumber: number; lang: Lang }) {
  const tags: { key: string; cls: string; text: string }[] = [];
  if (ticket.class === 'green') {
    const reason = ticket.priorityReason && ticket.priorityReason !== 'other' ? ` · ${pick(lang, GREEN_REASON_TEXT[ticket.priorityReason])}` : '';
    tags.push({ key: 'green', cls: 'tag--green', text: `${pick(lang, T.green)}${reason}` });
  }
  if (ticket.class === 'appointment') tags.push({ key: 'appt', cls: 'tag--appointment', text: pick(lang, T.appointment) });
  if (ticket.forWindow === windowNumber && ticket.status === 'waiting') tags.push({ key: 'fw', cls: 'tag--transfer', text: pick(lang, T.transferredHere) });
  if (ticket.requeues > 0) tags.push({ key: 'rq', cls: 'tag--requeue', text: pick(lang, T.requeued) });
  if (tags.length === 0) return null;
  return (
    <span class="tags" data-testid={`markers-${ticket.number}`}>
      {tags.map((t) => (
        <span key={t.key} class={`tag ${t.cls}`}>
          {t.text}
        </span>
      ))}
    </span>
  );
}
