/**
 * 差评回访 on the supervisor desk: every 差评 (不满意 and below) opens a
 * follow-up — assign it, note each 回访, record the outcome, close it — due
 * on a day counted in the hall's working days (ratings.followUpWorkingDays).
 * Open ones first, soonest due first; an overdue one is flagged 已逾期. Each
 * step is a command the server logs (followup:*); buttons are offered when the
 * server's own decider (canDecide) would accept them. The clerk's panel never
 * receives any of this (protocol/projection.ts).
 */
import { useState } from 'preact/hooks';
import type { Socket } from 'socket.io-client';
import type { HallView } from '../state-machines/client/hall-sync.ts';
import { formatTime } from '../state-machines/client/web/clock.ts';
import { ACK_TIMEOUT_MS, newRequestId, sendWithRetry, type Outcome, type UiError } from '../state-machines/client/web/command.ts';
import { errorText, type Lang, type Text } from '../state-machines/client/web/i18n.ts';
import {
  FOLLOW_UP_OUTCOME_NAMES,
  FOLLOW_UP_OUTCOMES,
  FOLLOW_UP_STATUS_NAMES,
  followUpCounts,
  isOverdue,
  RATING_LEVEL_NAMES,
  type FollowUpOutcome,
  type FollowUpRecord,
} from '../state-machines/domain/rating.ts';
import { serviceDayOf } from '../state-machines/domain/service-day.ts';
import { describeDay } from '../state-machines/hall/schedule.ts';
import { canDecide } from '../state-machines/hall/decide.ts';
import type { AdminClientEvents, ServerToClientEvents } from '../state-machines/protocol/socket-events.ts';

type AdminSocket = Socket<ServerToClientEvents, AdminClientEvents>;

/** Closed follow-ups shown under the open ones (the newest). */
const CLOSED_SHOWN = 10;

const F = {
  title: { zh: '差评回访', en: '差评 follow-ups' },
  none: { zh: '暂无差评', en: 'No poor ratings' },
  openCount: (open: number, overdue: number) => ({
    zh: `待办 ${open} 件${overdue > 0 ? `，已逾期 ${overdue} 件` : ''}`,
    en: `${open} open${overdue > 0 ? `, ${overdue} overdue` : ''}`,
  }),
  ticket: { zh: '号码', en: 'Ticket' },
  window: { zh: '窗口/工号', en: 'Window / staff' },
  rating: { zh: '评价', en: 'Rating' },
  due: { zh: '办结期限', en: 'Due' },
  status: { zh: '状态', en: 'Status' },
  actions: { zh: '处理', en: 'Actions' },
  overdue: { zh: '已逾期', en: 'Overdue' },
  assign: { zh: '分派', en: 'Assign' },
  assignTo: { zh: '分派给', en: 'Assign to' },
  note: { zh: '记录回访', en: 'Add note' },
  notePlaceholder: { zh: '回访情况', en: 'What the visitor said' },
  outcome: { zh: '整改结果', en: 'Outcome' },
  resolve: { zh: '记录结果', en: 'Record outcome' },
  close: { zh: '结案', en: 'Close' },
  handler: { zh: '经办人', en: 'Handler' },
} satisfies Record<string, Text | ((...a: never[]) => Text)>;

/** Open first (soonest due first), then the newest closed. */
function ordered(followUps: Record<string, FollowUpRecord>): FollowUpRecord[] {
  const all = Object.values(followUps);
  const open = all.filter((f) => f.status !== 'closed').sort((a, b) => a.dueDay.localeCompare(b.dueDay) || a.openedAt - b.openedAt);
  const closed = all
    .filter((f) => f.status === 'closed')
    .sort((a, b) => (b.closedAt ?? 0) - (a.closedAt ?? 0))
    .slice(0, CLOSED_SHOWN);
  return [...open, ...closed];
}

export function FollowUpCard({ socket, view, lang, now, staffId }: { socket: AdminSocket; view: HallView; lang: Lang; now: number; staffId: string }) {
  const [error, setError] = useState<UiError>();
  const [busy, setBusy] = useState(false);
  const { config, state } = view;
  if (!config.ratings) return null;
  const today = serviceDayOf(now, config.hall.timezone);
  const list = ordered(state.followUps ?? {});
  const { open: openCount, overdue } = followUpCounts(state.followUps, today);
  const t = (x: Text) => x[lang];
  const by = { staffId };

  const send = async (go: () => Promise<Outcome<unknown>>) => {
    setBusy(true);
    setError(undefined);
    const outcome = await go();
    setBusy(false);
    if (!outcome.ok) setError(outcome.error);
  };
  const ack = () => socket.timeout(ACK_TIMEOUT_MS);
  const actions = {
    assign: (followUpId: string, to: string) => {
      const requestId = newRequestId();
      void send(() => sendWithRetry(() => ack().emitWithAck('followup:assign', { requestId, followUpId, to })));
    },
    note: (followUpId: string, note: string) => {
      const requestId = newRequestId();
      void send(() => sendWithRetry(() => ack().emitWithAck('followup:note', { requestId, followUpId, note })));
    },
    resolve: (followUpId: string, outcome: FollowUpOutcome) => {
      const requestId = newRequestId();
      void send(() => sendWithRetry(() => ack().emitWithAck('followup:resolve', { requestId, followUpId, outcome })));
    },
    close: (followUpId: string) => {
      const requestId = newRequestId();
      void send(() => sendWithRetry(() => ack().emitWithAck('followup:close', { requestId, followUpId })));
    },
  };
  const may = (f: FollowUpRecord, type: 'followup.assign' | 'followup.note' | 'followup.resolve' | 'followup.close') => {
    const command =
      type === 'followup.assign'
        ? { type, followUpId: f.id, to: staffId, by }
        : type === 'followup.note'
          ? { type, followUpId: f.id, note: '.', by }
          : type === 'followup.resolve'
            ? { type, followUpId: f.id, outcome: 'rectified' as const, by }
            : { type, followUpId: f.id, by };
    return !busy && canDecide(state, config, command, now).ok;
  };

  return (
    <section class="card follow-ups" data-testid="follow-ups" aria-labelledby="follow-ups-title">
      <h2 class="section-title" id="follow-ups-title">
        {t(F.title)}
        <span class={`follow-ups__count${overdue > 0 ? ' follow-ups__count--overdue' : ''}`} data-testid="follow-ups-count">
          {t(F.openCount(openCount, overdue))}
        </span>
      </h2>
      {error && (
        <p class="action-error" role="alert" data-testid="follow-up-error">
          {errorText(lang, error)}
        </p>
      )}
      {list.length === 0 ? (
        <p class="list-empty">{t(F.none)}</p>
      ) : (
        <table class="follow-ups__table">
          <thead>
            <tr>
              <th scope="col">{t(F.ticket)}</th>
              <th scope="col">{t(F.window)}</th>
              <th scope="col">{t(F.rating)}</th>
              <th scope="col">{t(F.due)}</th>
              <th scope="col">{t(F.status)}</th>
              <th scope="col">{t(F.actions)}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((f) => (
              <FollowUpRow key={f.id} f={f} view={view} lang={lang} overdue={isOverdue(f, today)} today={today} may={may} actions={actions} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

type Actions = {
  assign: (id: string, to: string) => void;
  note: (id: string, note: string) => void;
  resolve: (id: string, outcome: FollowUpOutcome) => void;
  close: (id: string) => void;
};

function FollowUpRow({
  f,
  view,
  lang,
  overdue,
  today,
  may,
  actions,
}: {
  f: FollowUpRecord;
  view: HallView;
  lang: Lang;
  overdue: boolean;
  today: string;
  may: (f: FollowUpRecord, type: 'followup.assign' | 'followup.note' | 'followup.resolve' | 'followup.close') => boolean;
  actions: Actions;
}) {
  const { config } = view;
  const [to, setTo] = useState(f.assignee ?? config.staff[0]?.id ?? '');
  const [note, setNote] = useState('');
  const [outcome, setOutcome] = useState<FollowUpOutcome>('rectified');
  const t = (x: Text) => x[lang];
  const reasons = f.reasons.map((id) => config.ratings?.reasons.find((r) => r.id === id)?.[lang] ?? id).join('、');
  const handler = f.assignee === undefined ? undefined : config.staff.find((s) => s.id === f.assignee);
  const lastNote = f.notes[f.notes.length - 1];
  return (
    <tr data-testid={`follow-up-${f.number}`} data-status={f.status} class={overdue ? 'follow-ups__row--overdue' : undefined}>
      <td>
        <strong>{f.number}</strong>
        <br />
        <small>{f.serviceDay}</small>
      </td>
      <td>
        {f.window} · {f.clerkId}
      </td>
      <td>
        <strong>{RATING_LEVEL_NAMES[f.level][lang]}</strong>
        {reasons && <div class="follow-ups__reasons">{reasons}</div>}
        {f.text && <div class="follow-ups__text">“{f.text}”</div>}
      </td>
      <td data-testid={`follow-up-due-${f.number}`}>
        {/* The hall's way (12月14日（周一）, with the year when it is not this year's), like every date staff read. */}
        {t(describeDay(f.dueDay, today))}
        {overdue && (
          <span class="follow-ups__overdue" data-testid={`follow-up-overdue-${f.number}`}>
            {t(F.overdue)}
          </span>
        )}
      </td>
      <td>
        <span data-testid={`follow-up-status-${f.number}`}>{FOLLOW_UP_STATUS_NAMES[f.status][lang]}</span>
        {handler && (
          <div>
            {t(F.handler)}：{handler.name}
          </div>
        )}
        {f.outcome && <div>{FOLLOW_UP_OUTCOME_NAMES[f.outcome][lang]}</div>}
        {lastNote && (
          <div class="follow-ups__text">
            {formatTime(lastNote.at, config.hall.timezone)} {lastNote.text}
          </div>
        )}
      </td>
      <td class="follow-ups__actions">
        {may(f, 'followup.assign') && (
          <span>
            <label>
              {t(F.assignTo)}
              <select value={to} onChange={(e) => setTo(e.currentTarget.value)} data-testid={`follow-up-assignee-${f.number}`}>
                {config.staff.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}（{s.id}）
                  </option>
                ))}
              </select>
            </label>
            <button type="button" class="button button--small" data-testid={`follow-up-assign-${f.number}`} onClick={() => actions.assign(f.id, to)}>
              {t(F.assign)}
            </button>
          </span>
        )}
        {may(f, 'followup.note') && (
          <span>
            <input
              type="text"
              maxLength={200}
              value={note}
              aria-label={t(F.notePlaceholder)}
              placeholder={t(F.notePlaceholder)}
              onInput={(e) => setNote(e.currentTarget.value)}
              data-testid={`follow-up-note-text-${f.number}`}
            />
            <button
              type="button"
              class="button button--small"
              data-testid={`follow-up-note-${f.number}`}
              disabled={note.trim() === ''}
              onClick={() => {
                actions.note(f.id, note.trim());
                setNote('');
              }}
            >
              {t(F.note)}
            </button>
          </span>
        )}
        {may(f, 'followup.resolve') && (
          <span>
            <label>
              {t(F.outcome)}
              <select
                value={outcome}
                onChange={(e) => setOutcome(FOLLOW_UP_OUTCOMES.find((o) => o === e.currentTarget.value) ?? 'rectified')}
                data-testid={`follow-up-outcome-${f.number}`}
              >
                {FOLLOW_UP_OUTCOMES.map((o) => (
                  <option key={o} value={o}>
                    {FOLLOW_UP_OUTCOME_NAMES[o][lang]}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" class="button button--small" data-testid={`follow-up-resolve-${f.number}`} onClick={() => actions.resolve(f.id, outcome)}>
              {t(F.resolve)}
            </button>
          </span>
        )}
        {may(f, 'followup.close') && (
          <button type="button" class="button button--small" data-testid={`follow-up-close-${f.number}`} onClick={() => actions.close(f.id)}>
            {t(F.close)}
          </button>
        )}
      </td>
    </tr>
  );
}
