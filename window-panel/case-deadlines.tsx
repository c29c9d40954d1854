/**
 * 限时办结 on the supervisor desk (README § Cases): open cases (受理, 容缺受理)
 * whose next day — papers due for 容缺, else the promised day — is within
 * `cases.dueSoonWorkingDays` working days, and every one already past it
 * (已逾期), soonest first. Read-only here: marking a case ready (出件) is the
 * next step of issue 14.
 */
import type { HallView } from '../state-machines/client/hall-sync.ts';
import type { Lang, Text } from '../state-machines/client/web/i18n.ts';
import { CASE_OUTCOME_NAMES, caseDeadlines, nextDueDay, type CaseRecord } from '../state-machines/domain/case.ts';
import { serviceDayOf } from '../state-machines/domain/service-day.ts';
import { describeDay } from '../state-machines/hall/schedule.ts';
import { workingDaysAfter } from '../state-machines/hall/working-days.ts';

const C = {
  title: { zh: '限时办结', en: 'Cases due' },
  count: (overdue: number, soon: number) => ({
    zh: `${overdue > 0 ? `已逾期 ${overdue} 件，` : ''}即将到期 ${soon} 件`,
    en: `${overdue > 0 ? `${overdue} overdue, ` : ''}${soon} due soon`,
  }),
  none: (days: number) => ({ zh: `${days} 个工作日内没有到期的办件`, en: `No case due within ${days} working days` }),
  receipt: { zh: '办件编号', en: 'Case No.' },
  ticket: { zh: '号码/窗口', en: 'Ticket / window' },
  outcome: { zh: '受理方式', en: 'Accepted as' },
  due: { zh: '到期日', en: 'Due' },
  what: { zh: '到期事项', en: 'What is due' },
  promised: { zh: '承诺办结', en: 'Promised completion' },
  papers: (missing: string[]) => ({ zh: `补齐材料：${missing.join('、')}`, en: `Papers: ${missing.join(', ')}` }),
  overdue: { zh: '已逾期', en: 'Overdue' },
} satisfies Record<string, Text | ((...a: never[]) => Text)>;

export function CaseDeadlines({ view, lang, now }: { view: HallView; lang: Lang; now: number }) {
  const { config, state } = view;
  const t = (x: Text) => x[lang];
  const today = serviceDayOf(now, config.hall.timezone);
  const soonDay = workingDaysAfter(config, today, config.cases.dueSoonWorkingDays);
  const { overdue, dueSoon } = caseDeadlines(state.cases, today, soonDay);
  const row = (c: CaseRecord, late: boolean) => {
    const due = nextDueDay(c) ?? '';
    return (
      <tr key={c.id} data-testid={`case-due-${c.receiptNo ?? c.number}`} class={late ? 'follow-ups__row--overdue' : undefined}>
        <td>{c.receiptNo}</td>
        <td>{t({ zh: `${c.number} · ${c.window} 号窗口`, en: `${c.number} · window ${c.window}` })}</td>
        <td>{t(CASE_OUTCOME_NAMES[c.outcome])}</td>
        <td>
          {t(describeDay(due, today))}
          {late && <span class="follow-ups__overdue">{t(C.overdue)}</span>}
        </td>
        <td>{c.status === 'pending_materials' && c.missing ? t(C.papers(c.missing)) : t(C.promised)}</td>
      </tr>
    );
  };
  return (
    <section class="card follow-ups" data-testid="case-deadlines" aria-labelledby="case-deadlines-title">
      <h2 class="section-title" id="case-deadlines-title">
        {t(C.title)}
        <span class={`follow-ups__count${overdue.length > 0 ? ' follow-ups__count--overdue' : ''}`} data-testid="case-deadlines-count">
          {t(C.count(overdue.length, dueSoon.length))}
        </span>
      </h2>
      {overdue.length + dueSoon.length === 0 ? (
        <p class="list-empty">{t(C.none(config.cases.dueSoonWorkingDays))}</p>
      ) : (
        <table class="follow-ups__table">
          <thead>
            <tr>
              <th scope="col">{t(C.receipt)}</th>
              <th scope="col">{t(C.ticket)}</th>
              <th scope="col">{t(C.outcome)}</th>
              <th scope="col">{t(C.due)}</th>
              <th scope="col">{t(C.what)}</th>
            </tr>
          </thead>
          <tbody>
            {overdue.map((c) => row(c, true))}
            {dueSoon.map((c) => row(c, false))}
          </tbody>
        </table>
      )}
    </section>
  );
}
