/**
 * 窗口测算 on the supervisor desk (README § Window planning): pick a weekday,
 * read how many windows each queue needs per half-hour to meet the hall's
 * waiting target, beside how many were open on those days in the history.
 * A half-hour with fewer open than recommended says 缺 N (a word, not only a
 * colour). The numbers come from `planning:query` (server/planning/); the
 * desk only lays them out.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Socket } from 'socket.io-client';
import type { PublicHallConfig } from '../state-machines/config/hall-config.ts';
import { ACK_TIMEOUT_MS, newRequestId, sendWithRetry, type Outcome, type UiError } from '../state-machines/client/web/command.ts';
import { errorText, type Lang, type Text } from '../state-machines/client/web/i18n.ts';
import { serviceDayOf } from '../state-machines/domain/service-day.ts';
import { WEEKDAY_EN, WEEKDAY_ZH, weekdayOf } from '../state-machines/hall/schedule.ts';
import { WEEKDAYS, type QueuePlan, type Weekday } from '../state-machines/planning/planner.ts';
import type { AdminClientEvents, PlanningAnswer, ServerToClientEvents } from '../state-machines/protocol/socket-events.ts';
import { describeDay } from '../state-machines/hall/schedule.ts';
import { Sheet } from './dialogs.tsx';

type AdminSocket = Socket<ServerToClientEvents, AdminClientEvents>;

/** The hall's own weekday names (schedule.ts), as a bilingual text. */
const weekdayName = (d: Weekday): Text => ({ zh: WEEKDAY_ZH[d], en: WEEKDAY_EN[d] });

const P = {
  title: { zh: '窗口测算', en: 'Window planning' },
  intro: {
    zh: '按历史到达量和办理时长，测算各时段每个队列需要开几个窗口',
    en: 'Windows each queue needs per half-hour, from arrivals and service times in the history',
  },
  open: { zh: '查看窗口测算', en: 'Open window planning' },
  close: { zh: '关闭', en: 'Close' },
  weekday: { zh: '星期', en: 'Weekday' },
  target: (share: number, minutes: number) => ({
    zh: `目标：${Math.round(share * 100)}% 的办事群众 ${minutes} 分钟内叫号`,
    en: `Target: ${Math.round(share * 100)}% of visitors called within ${minutes} min`,
  }),
  // Days the hall's way (11月9日（周一）), never ISO: schedule.ts describeDay.
  history: (weeks: number, days: number, from: string | null, to: string | null, wd: Text) => ({
    zh: `依据：近 ${weeks} 周，${wd.zh}共 ${days} 天${from && to ? `，${describeDay(from).zh}至${describeDay(to).zh}` : ''}`,
    en: `From the last ${weeks} weeks: ${days} ${wd.en} day${days === 1 ? '' : 's'}${from && to ? ` (${describeDay(from).en} – ${describeDay(to).en})` : ''}`,
  }),
  noHistory: { zh: '这几周没有该日的取号记录，无法测算', en: 'No tickets on this weekday in these weeks: nothing to plan from' },
  peak: (slot: string, n: number) => ({ zh: `高峰 ${slot}：各队列合计建议 ${n} 个窗口`, en: `Peak ${slot}: ${n} windows recommended in all` }),
  legend: {
    zh: '每格：建议窗口数 / 实际开放数（历史平均）；“缺 N”表示开放的窗口比建议少 N 个',
    en: 'Each cell: recommended / actually open (history average); “short N” means N fewer open than recommended',
  },
  time: { zh: '时段', en: 'Time' },
  total: { zh: '合计', en: 'Total' },
  short: (n: number) => ({ zh: `缺 ${n}`, en: `short ${n}` }),
  cellLabel: (queue: string, slot: string, rec: number, open: number) => ({
    zh: `${queue} ${slot}：建议 ${rec} 个窗口，实际开放 ${open} 个`,
    en: `${queue} ${slot}: ${rec} recommended, ${open} open`,
  }),
  summary: { zh: '各队列情况', en: 'Queues' },
  queue: { zh: '队列', en: 'Queue' },
  hold: { zh: '平均占用窗口', en: 'Window time per visit' },
  noShow: { zh: '过号率', en: 'No-shows' },
  transfer: { zh: '转办率', en: 'Transfers' },
  peakNeed: { zh: '高峰建议', en: 'Peak need' },
  peakWait: { zh: '按建议开窗：预计平均等候', en: 'Expected mean wait as recommended' },
  peakShare: { zh: '按建议开窗：目标内叫号', en: 'Called within target as recommended' },
  minutes: (m: number) => ({ zh: `${m} 分钟`, en: `${m} min` }),
  windows: (n: number) => ({ zh: `${n} 个窗口`, en: `${n} window${n === 1 ? '' : 's'}` }),
  pooledNote: (slot: string, separate: number, pooled: number) => ({
    zh: `共用窗口：若所有窗口都能办理所有队列（全面一窗），${slot} 只需 ${pooled} 个（各队列分设需 ${separate} 个）`,
    en: `Shared windows: if every window served every queue, ${slot} would need ${pooled} (separately ${separate})`,
  }),
  loading: { zh: '正在测算…', en: 'Planning…' },
} satisfies Record<string, Text | ((...a: never[]) => Text)>;

function askPlan(socket: AdminSocket, requestId: string, weekday: Weekday): Promise<Outcome<PlanningAnswer>> {
  return sendWithRetry(() => socket.timeout(ACK_TIMEOUT_MS).emitWithAck('planning:query', { requestId, weekday }));
}

/** The desk's card: one button that opens the planning sheet. */
export function PlanningCard({ socket, config, lang, now }: { socket: AdminSocket; config: PublicHallConfig; lang: Lang; now: number }) {
  const [open, setOpen] = useState(false);
  return (
    <section class="card supervisor__planning" data-testid="supervisor-planning">
      <h2 class="section-title">{P.title[lang]}</h2>
      <p>{P.intro[lang]}</p>
      <button type="button" class="button button--wide" data-testid="open-planning" onClick={() => setOpen(true)}>
        {P.open[lang]}
      </button>
      {open && (
        <Sheet name="planning" title={P.title[lang]} closeText={P.close[lang]} onClose={() => setOpen(false)}>
          <PlanningView socket={socket} config={config} lang={lang} today={weekdayOf(serviceDayOf(now, config.hall.timezone))} />
        </Sheet>
      )}
    </section>
  );
}

function PlanningView({ socket, config, lang, today }: { socket: AdminSocket; config: PublicHallConfig; lang: Lang; today: Weekday }) {
  const [weekday, setWeekday] = useState<Weekday>(today);
  const [plan, setPlan] = useState<PlanningAnswer>();
  const [error, setError] = useState<UiError>();
  useEffect(() => {
    let current = true;
    setPlan(undefined);
    setError(undefined);
    const requestId = newRequestId();
    void askPlan(socket, requestId, weekday).then((outcome) => {
      if (!current) return;
      if (outcome.ok) setPlan(outcome.result);
      else setError(outcome.error);
    });
    return () => {
      current = false;
    };
  }, [weekday]);
  const t = (x: Text) => x[lang];
  return (
    <div class="planning" data-testid="planning">
      <fieldset class="planning__weekdays">
        <legend>{t(P.weekday)}</legend>
        {WEEKDAYS.map((d) => (
          <button
            type="button"
            class="button planning__weekday"
            aria-pressed={d === weekday}
            data-testid={`planning-weekday-${d}`}
            onClick={() => setWeekday(d)}
          >
            {t(weekdayName(d))}
          </button>
        ))}
      </fieldset>
      {error && (
        <p class="action-error" role="alert">
          {errorText(lang, error)}
        </p>
      )}
      {!plan && !error && <p class="list-empty">{t(P.loading)}</p>}
      {plan && <PlanTables plan={plan} config={config} lang={lang} />}
    </div>
  );
}

function PlanTables({ plan, config, lang }: { plan: PlanningAnswer; config: PublicHallConfig; lang: Lang }) {
  const t = (x: Text) => x[lang];
  const name = (id: string) => {
    const q = config.queues.find((x) => x.id === id);
    return q ? `${q.prefix} ${q.name[lang]}` : id;
  };
  // Queues with visits in the history (the others have nothing to plan from).
  const queues = plan.queues.filter((q) => q.visits > 0);
  const peakIndex = plan.peak ? plan.slots.indexOf(plan.peak.slot) : -1;
  return (
    <>
      <p class="planning__facts" data-testid="planning-target">
        <strong>{t(P.target(plan.target.share, plan.target.withinMinutes))}</strong>
        <span>{t(P.history(plan.historyWeeks, plan.days, plan.historyFrom, plan.historyTo, weekdayName(plan.weekday)))}</span>
      </p>
      {plan.days === 0 || queues.length === 0 ? (
        <p class="list-empty" data-testid="planning-empty">
          {t(P.noHistory)}
        </p>
      ) : (
        <>
          {plan.peak && (
            <p class="planning__peak" data-testid="planning-peak">
              {t(P.peak(plan.peak.slot, plan.peak.windows))}
              {peakIndex >= 0 && plan.totals[peakIndex]!.pooled < plan.peak.windows && (
                <span class="planning__note"> · {t(P.pooledNote(plan.peak.slot, plan.peak.windows, plan.totals[peakIndex]!.pooled))}</span>
              )}
            </p>
          )}
          <p class="planning__legend">{t(P.legend)}</p>
          <div class="planning__scroll">
            <table class="planning__table" data-testid="planning-table">
              <thead>
                <tr>
                  <th scope="col">{t(P.time)}</th>
                  {queues.map((q) => (
                    <th scope="col">{name(q.queueId)}</th>
                  ))}
                  <th scope="col">{t(P.total)}</th>
                </tr>
              </thead>
              <tbody>
                {plan.slots.map((slot, i) => {
                  const total = plan.totals[i]!;
                  return (
                    <tr class={i === peakIndex ? 'planning__row--peak' : ''}>
                      <th scope="row">{slot}</th>
                      {queues.map((q) => (
                        <PlanCellView queue={name(q.queueId)} cell={q.cells[i]!} lang={lang} />
                      ))}
                      <td class="planning__total">
                        {total.separate} / {total.open}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <h3 class="planning__subtitle">{t(P.summary)}</h3>
          <table class="planning__summary" data-testid="planning-summary">
            <thead>
              <tr>
                <th scope="col">{t(P.queue)}</th>
                <th scope="col">{t(P.hold)}</th>
                <th scope="col">{t(P.noShow)}</th>
                <th scope="col">{t(P.transfer)}</th>
                <th scope="col">{t(P.peakNeed)}</th>
                <th scope="col">{t(P.peakWait)}</th>
                <th scope="col">{t(P.peakShare)}</th>
              </tr>
            </thead>
            <tbody>
              {queues.map((q) => (
                <QueueSummary q={q} name={name(q.queueId)} lang={lang} />
              ))}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}

function PlanCellView({ queue, cell, lang }: { queue: string; cell: QueuePlan['cells'][number]; lang: Lang }) {
  const short = Math.ceil(cell.recommended - cell.open - 0.05);
  return (
    <td
      class={cell.under ? 'planning__cell planning__cell--under' : 'planning__cell'}
      data-testid={`planning-cell-${cell.slot}`}
      title={P.cellLabel(queue, cell.slot, cell.recommended, cell.open)[lang]}
    >
      <span class="planning__rec">{cell.recommended}</span>
      <span class="planning__open"> / {cell.open}</span>
      {cell.under && <span class="planning__short"> ▲{P.short(short)[lang]}</span>}
    </td>
  );
}

/** A queue's figures, and at its busiest half-hour what the recommendation promises. */
function QueueSummary({ q, name, lang }: { q: QueuePlan; name: string; lang: Lang }) {
  const busiest = q.cells.reduce((a, b) => (b.recommended > a.recommended ? b : a), q.cells[0]!);
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  return (
    <tr data-testid={`planning-queue-${q.queueId}`}>
      <th scope="row">{name}</th>
      <td>{P.minutes(q.holdMinutes)[lang]}</td>
      <td>{pct(q.noShowRate)}</td>
      <td>{pct(q.transferRate)}</td>
      <td>
        {busiest.slot} · {P.windows(busiest.recommended)[lang]}
      </td>
      <td>{P.minutes(busiest.expectedWaitMinutes)[lang]}</td>
      <td>{pct(busiest.expectedShare)}</td>
    </tr>
  );
}
