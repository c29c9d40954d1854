/**
 * 办不成事反映 on the supervisor desk (README § The guide desk → Complaints):
 * every complaint the guide desk filed, open ones first (soonest due first),
 * each with what, the item, who and a phone — masked as the log holds them —
 * and its due day; an unresolved one past its day is flagged 已逾期 as a 差评
 * follow-up is. 接手处理 and 办结 (with what was done) are commands the server
 * logs (complaint:*), offered when the server's own decider would accept. A
 * KPI line counts today's 咨询 enquiries and 首问负责 help.
 */
import { useState } from 'preact/hooks';
import type { Socket } from 'socket.io-client';
import type { HallView } from '../state-machines/client/hall-sync.ts';
import { ACK_TIMEOUT_MS, newRequestId, sendWithRetry, type Outcome, type UiError } from '../state-machines/client/web/command.ts';
import { errorText, pick, type Lang } from '../state-machines/client/web/i18n.ts';
import { COMPLAINT_STATUS_NAMES, complaintCounts, complaintOverdue, type ComplaintRecord } from '../state-machines/domain/guide.ts';
import { serviceDayOf } from '../state-machines/domain/service-day.ts';
import { canDecide } from '../state-machines/hall/decide.ts';
import { describeDay } from '../state-machines/hall/schedule.ts';
import type { AdminClientEvents, ServerToClientEvents } from '../state-machines/protocol/socket-events.ts';
import { COMPLAINTS as C } from './guide-texts.ts';

type AdminSocket = Socket<ServerToClientEvents, AdminClientEvents>;

function ordered(complaints: Record<string, ComplaintRecord>): ComplaintRecord[] {
  const all = Object.values(complaints);
  const open = all.filter((c) => c.status !== 'resolved').sort((a, b) => a.dueDay.localeCompare(b.dueDay) || a.filedAt - b.filedAt);
  const resolved = all.filter((c) => c.status === 'resolved').sort((a, b) => (b.resolvedAt ?? 0) - (a.resolvedAt ?? 0));
  return [...open, ...resolved];
}

export function ComplaintsCard({ socket, view, lang, now, staffId }: { socket: AdminSocket; view: HallView; lang: Lang; now: number; staffId: string }) {
  const [error, setError] = useState<UiError>();
  const [busy, setBusy] = useState(false);
  const [replies, setReplies] = useState<Record<string, string>>({});
  const { config, state } = view;
  const today = serviceDayOf(now, config.hall.timezone);
  const { open, overdue } = complaintCounts(state.complaints, today);
  const enquiries = Object.values(state.enquiries ?? {}).filter((e) => e.serviceDay === today).length;
  const help = Object.values(state.guideHelp ?? {}).filter((h) => h.serviceDay === today).length;
  const by = { staffId };
  const staffName = (id: string) => config.staff.find((s) => s.id === id)?.name ?? id;
  const itemName = (id: string | undefined) => {
    const item = id === undefined ? undefined : config.items.find((i) => i.id === id);
    return item && (lang === 'en' ? (item.nameEn ?? item.name) : item.name);
  };

  const send = async (go: () => Promise<Outcome<unknown>>) => {
    setBusy(true);
    setError(undefined);
    const outcome = await go();
    setBusy(false);
    if (!outcome.ok) setError(outcome.error);
  };
  const ack = () => socket.timeout(ACK_TIMEOUT_MS);
  const take = (complaintId: string) => {
    const requestId = newRequestId();
    void send(() => sendWithRetry(() => ack().emitWithAck('complaint:take', { requestId, complaintId })));
  };
  const resolve = (complaintId: string, reply: string) => {
    const requestId = newRequestId();
    void send(() => sendWithRetry(() => ack().emitWithAck('complaint:resolve', { requestId, complaintId, reply })));
  };

  return (
    <section class="card complaints" data-testid="complaints" aria-labelledby="complaints-title">
      <h2 class="section-title" id="complaints-title">
        {pick(lang, C.title)}{' '}
        <span class={`follow-ups__count${overdue > 0 ? ' follow-ups__count--overdue' : ''}`} data-testid="complaints-count">
          {pick(lang, C.counts(open, overdue))}
        </span>
      </h2>
      <p class="complaints__kpi" data-testid="guide-kpi">
        {pick(lang, C.kpi(enquiries, help))}
      </p>
      {error && (
        <p class="action-error" role="alert" data-testid="complaint-error">
          {errorText(lang, error)}
        </p>
      )}
      {open === 0 && <p class="list-empty">{pick(lang, C.none)}</p>}
      <ul class="complaints__list">
        {ordered(state.complaints ?? {}).map((c) => {
          const late = complaintOverdue(c, today);
          const reply = replies[c.id] ?? '';
          const canTake = canDecide(state, config, { type: 'complaint.take', complaintId: c.id, by }, now).ok;
          const canResolve = reply.trim() !== '' && canDecide(state, config, { type: 'complaint.resolve', complaintId: c.id, reply: reply.trim(), by }, now).ok;
          return (
            <li key={c.id} class={`complaints__item${late ? ' complaints__item--overdue' : ''}`} data-testid={`complaint-${c.id}`} data-status={c.status}>
              <div class="complaints__head">
                <strong>{c.id}</strong>
                <span>{pick(lang, COMPLAINT_STATUS_NAMES[c.status])}</span>
                <span>{pick(lang, C.due(pick(lang, describeDay(c.dueDay, today))))}</span>
                {late && (
                  <span class="follow-ups__overdue" data-testid={`complaint-overdue-${c.id}`}>
                    {pick(lang, C.overdue)}
                  </span>
                )}
              </div>
              <p class="complaints__what">
                {itemName(c.itemId) && <span class="complaints__item-name">{itemName(c.itemId)}：</span>}
                {c.what}
              </p>
              <p class="complaints__who">
                {[c.nameMasked, c.phoneMasked].filter(Boolean).join(' · ')}
                {c.nameMasked || c.phoneMasked ? ' · ' : ''}
                {pick(lang, C.filedBy(staffName(c.guideId)))}
              </p>
              {c.reply && <p class="complaints__reply">{c.reply}</p>}
              {c.status !== 'resolved' && (
                <div class="complaints__actions">
                  {canTake && (
                    <button type="button" class="button button--small" data-testid={`complaint-take-${c.id}`} disabled={busy} onClick={() => take(c.id)}>
                      {pick(lang, C.take)}
                    </button>
                  )}
                  <input
                    class="field__input complaints__reply-field"
                    data-testid={`complaint-reply-${c.id}`}
                    aria-label={`${c.id} ${pick(lang, C.reply)}`}
                    placeholder={pick(lang, C.reply)}
                    maxLength={200}
                    value={reply}
                    onInput={(e) => setReplies({ ...replies, [c.id]: e.currentTarget.value })}
                  />
                  <button
                    type="button"
                    class="button button--small button--primary"
                    data-testid={`complaint-resolve-${c.id}`}
                    disabled={busy || !canResolve}
                    onClick={() => resolve(c.id, reply.trim())}
                  >
                    {pick(lang, C.resolve)}
                  </button>
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
