/**
 * The right-hand side of the desk: who is waiting for this window per queue
 * (in the window's priority order), and the lists the clerk works from — the
 * line this window will call (指呼, 转绿色通道), tickets parked in its queues
 * (恢复办理) and today's no-shows (过号重排 or 过号无效).
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { PublicHallConfig, WindowConfig } from '../state-machines/config/hall-config.ts';
import type { TicketRecord } from '../state-machines/domain/ticket.ts';
import type { WindowRecord } from '../state-machines/domain/window.ts';
import { chooseNext, compareAtWindow, compareLine, eligibleAt } from '../state-machines/hall/call-order.ts';
import type { HallState } from '../state-machines/hall/state.ts';
import { waitingCount } from '../state-machines/hall/views.ts';
import { formatTime } from '../state-machines/client/web/clock.ts';
import { queueName } from '../state-machines/client/web/hall-names.ts';
import { pick, type Lang } from '../state-machines/client/web/i18n.ts';
import { TicketMarkers } from './ticket-markers.tsx';
import { fromWindow, moreInLine, people, pieces, requeuedTimes, T, waited } from './texts.ts';
import { ask, askOnDuty, DIALOG_STAND_IN, offered, type Busy, type PanelClerk, type PanelCommand } from './window-commands.ts';

/** Rows of the waiting line shown: enough to plan, few enough to read at a glance. */
const LINE_SHOWN = 8;

interface Props {
  config: PublicHallConfig;
  state: HallState;
  /** Who asks: every button is offered when the server would accept its command (window-commands.ts). */
  clerk: PanelClerk;
  win: WindowConfig | undefined;
  record: WindowRecord;
  now: number;
  lang: Lang;
  ready: boolean;
  busy: Busy | undefined;
  onCommand: (command: PanelCommand) => void;
  onPrioritise: (ticket: TicketRecord) => void;
}

type Tab = 'line' | 'parked' | 'no-show';

export function WaitingCard(props: Props) {
  const { config, state, win, lang } = props;
  const [tab, setTab] = useState<Tab>('line');
  const counts = (win?.queues ?? []).flatMap((id) => {
    const queue = config.queues.find((q) => q.id === id);
    return queue ? [{ queue, waiting: waitingCount(state, id) }] : [];
  });
  const total = counts.reduce((n, c) => n + c.waiting, 0);
  const doneHere = Object.values(state.tickets).filter((t) => t.status === 'done' && t.window === win?.number && t.serviceDay === state.serviceDay).length;

  const tickets = Object.values(state.tickets);
  const serves = (t: TicketRecord) => win !== undefined && (t.forWindow === win.number || win.queues.includes(t.queueId));
  const line = win ? tickets.filter((t) => eligibleAt(t, win)).sort(compareAtWindow(win, config.queueRules.fairness)) : [];
  const parked = tickets.filter((t) => t.status === 'parked' && serves(t)).sort(compareLine);
  const noShows = tickets.filter((t) => t.status === 'no_show' && serves(t)).sort((a, b) => (b.doneAt ?? 0) - (a.doneAt ?? 0));

  const tabButton = (id: Tab, label: string, n: number, alert: boolean) => (
    <button
      type="button"
      role="tab"
      aria-selected={tab === id}
      class={`tab${tab === id ? ' tab--on' : ''}${alert && n > 0 ? ' tab--alert' : ''}`}
      data-testid={`panel-tab-${id}`}
      onClick={() => setTab(id)}
    >
      {label}
      <span class="tab__count">{n}</span>
    </button>
  );

  return (
    <aside class="side">
      <section class="waiting-card" data-testid="panel-waiting">
        <h2 class="section-title">{pick(lang, T.waiting)}</h2>
        <ul class="waiting-list">
          {counts.map(({ queue, waiting }) => (
            <li key={queue.id} class="waiting-list__row" data-testid={`panel-waiting-${queue.id}`}>
              <span class="waiting-list__prefix">{queue.prefix}</span>
              <span class="waiting-list__name">{queueName(queue, lang)}</span>
              <span class="waiting-list__count">{pick(lang, people(waiting))}</span>
            </li>
          ))}
        </ul>
        <p class="waiting-total">
          <span>{pick(lang, T.total)}</span>
          <strong data-testid="panel-waiting-total">{pick(lang, people(total))}</strong>
          <span class="waiting-total__done">
            {pick(lang, T.doneToday)} <strong data-testid="panel-done-today">{pick(lang, pieces(doneHere))}</strong>
          </span>
        </p>
      </section>

      <section class="lists-card">
        <div class="tabs" role="tablist">
          {tabButton('line', pick(lang, T.tabLine), line.length, false)}
          {tabButton('parked', pick(lang, T.tabParked), parked.length, true)}
          {tabButton('no-show', pick(lang, T.tabNoShow), noShows.length, false)}
        </div>
        <div class="lists-card__body" role="tabpanel">
          {tab === 'line' && <LineList {...props} line={line} />}
          {tab === 'parked' && <ParkedList {...props} parked={parked} />}
          {tab === 'no-show' && <NoShowList {...props} noShows={noShows} />}
        </div>
      </section>
    </aside>
  );
}

function LineList({ config, state, clerk, win, record, now, lang, ready, busy, onCommand, onPrioritise, line }: Props & { line: TicketRecord[] }) {
  if (line.length === 0) return <p class="list-empty">{pick(lang, T.lineEmpty)}</p>;
  const next = win ? chooseNext(state, config, win)?.ticket.id : undefined;
  const view = { config, state };
  return (
    <>
      <ol class="ticket-list" data-testid="panel-line">
        {line.slice(0, LINE_SHOWN).map((t) => {
          const queue = config.queues.find((q) => q.id === t.queueId);
          return (
            <TicketRow
              key={t.id}
              ticket={t}
              testId={`line-row-${t.number}`}
              isNext={t.id === next}
              note={t.note}
              tags={
                <>
                  {t.id === next && <span class="tag tag--next">{pick(lang, T.nextMarker)}</span>}
                  <TicketMarkers ticket={t} windowNumber={record.number} lang={lang} />
                </>
              }
              meta={
                <>
                  {queue ? queueName(queue, lang) : t.queueId} · {pick(lang, waited(Math.max(0, Math.floor((now - t.issuedAt) / 60_000))))}
                </>
              }
            >
              <button
                type="button"
                class="button button--small"
                data-testid={`call-number-${t.number}`}
                disabled={!ready || !offered(view, clerk, { kind: 'call-number', ticketId: t.id }, now)}
                aria-busy={busy?.kind === 'call-number' && busy.ticketId === t.id}
                onClick={() => onCommand({ kind: 'call-number', ticketId: t.id })}
              >
                {pick(lang, T.callThis)}
              </button>
              {t.class !== 'green' && (
                <button
                  type="button"
                  class="button button--small button--quiet-green"
                  data-testid={`prioritise-${t.number}`}
                  disabled={!ready || !offered(view, clerk, { kind: 'prioritise', ticketId: t.id, ...DIALOG_STAND_IN }, now)}
                  onClick={() => onPrioritise(t)}
                >
                  {pick(lang, T.toGreen)}
                </button>
              )}
            </TicketRow>
          );
        })}
      </ol>
      {line.length > LINE_SHOWN && <p class="list-more">{pick(lang, moreInLine(line.length - LINE_SHOWN))}</p>}
    </>
  );
}

function ParkedList({ config, state, clerk, record, now, lang, ready, busy, onCommand, parked }: Props & { parked: TicketRecord[] }) {
  if (parked.length === 0) return <p class="list-empty">{pick(lang, T.parkedEmpty)}</p>;
  const view = { config, state };
  return (
    <ol class="ticket-list" data-testid="panel-parked">
      {parked.map((t) => {
        const queue = config.queues.find((q) => q.id === t.queueId);
        return (
          <TicketRow
            key={t.id}
            ticket={t}
            testId={`parked-row-${t.number}`}
            note={t.note}
            tags={<TicketMarkers ticket={t} windowNumber={record.number} lang={lang} />}
            meta={
              <>
                {queue ? queueName(queue, lang) : t.queueId}
                {t.parkedAt !== undefined && ` · ${pick(lang, T.parkedAt)} ${formatTime(t.parkedAt, config.hall.timezone)}`}
                {t.window !== undefined && ` · ${pick(lang, fromWindow(t.window))}`}
              </>
            }
          >
            <button
              type="button"
              class="button button--small button--primary"
              data-testid={`resume-ticket-${t.number}`}
              disabled={!ready || !offered(view, clerk, { kind: 'resume-ticket', ticketId: t.id }, now)}
              aria-busy={busy?.kind === 'resume-ticket' && busy.ticketId === t.id}
              onClick={() => onCommand({ kind: 'resume-ticket', ticketId: t.id })}
            >
              {pick(lang, T.resumeTicket)}
            </button>
          </TicketRow>
        );
      })}
    </ol>
  );
}

function NoShowList({ config, state, clerk, now, lang, ready, busy, onCommand, noShows }: Props & { noShows: TicketRecord[] }) {
  if (noShows.length === 0) return <p class="list-empty">{pick(lang, T.noShowEmpty)}</p>;
  const view = { config, state };
  const { maxRequeues } = config.queueRules.noShow;
  return (
    <ol class="ticket-list" data-testid="panel-no-shows">
      {noShows.map((t) => {
        // 过号无效 (the hall's requeue rule says no: policy, requeues used up, another day) is said; other refusals grey the button.
        const requeue = ask(view, clerk, { kind: 'requeue', ticketId: t.id }, now);
        const asOnDuty = askOnDuty(view, clerk, { kind: 'requeue', ticketId: t.id }, now);
        const rule = requeue.ok ? 'allowed' : !asOnDuty.ok && asOnDuty.error.code === 'LIMIT_REACHED' ? 'void' : 'not-now';
        return (
          <TicketRow
            key={t.id}
            ticket={t}
            testId={`no-show-row-${t.number}`}
            meta={
              <>
                {t.doneAt !== undefined && formatTime(t.doneAt, config.hall.timezone)}
                {t.window !== undefined && ` · ${pick(lang, fromWindow(t.window))}`}
                {t.requeues > 0 && ` · ${pick(lang, requeuedTimes(t.requeues, maxRequeues))}`}
              </>
            }
          >
            {rule === 'void' ? (
              <span class="tag tag--void" data-testid={`no-show-void-${t.number}`}>
                {pick(lang, T.noShowVoid)}
              </span>
            ) : (
              <button
                type="button"
                class="button button--small button--primary"
                data-testid={`requeue-${t.number}`}
                disabled={!ready || rule !== 'allowed'}
                aria-busy={busy?.kind === 'requeue' && busy.ticketId === t.id}
                onClick={() => onCommand({ kind: 'requeue', ticketId: t.id })}
              >
                {pick(lang, T.requeue)}
              </button>
            )}
          </TicketRow>
        );
      })}
    </ol>
  );
}

/** One ticket in a list: its number and tags, where it stands (`meta`), the note a clerk left, and what can be done now (children). */
function TicketRow({
  ticket,
  testId,
  isNext = false,
  tags,
  meta,
  note,
  children,
}: {
  ticket: TicketRecord;
  testId: string;
  isNext?: boolean;
  tags?: ComponentChildren;
  meta: ComponentChildren;
  note?: string | undefined;
  children: ComponentChildren;
}) {
  return (
    <li class={`ticket-row${isNext ? ' ticket-row--next' : ''}`} data-testid={testId}>
      <div class="ticket-row__main">
        <span class="ticket-row__number">{ticket.number}</span>
        {tags}
        <span class="ticket-row__meta">{meta}</span>
        {note && <span class="ticket-row__note">“{note}”</span>}
      </div>
      <div class="ticket-row__actions">{children}</div>
    </li>
  );
}
