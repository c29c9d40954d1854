/**
 * 统计报表 on the supervisor's desk (README § Reports): pick a range (今日 / 本周 / 本月 / 自定义) and a
 * grouping, read the headline, the charts, the arrivals heat map and the table by group; export the
 * table as CSV for Excel, or print it (A4, reports.css). The figures come from `report:query`, which
 * the server answers from its report projection; nothing is counted here.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { PublicHallConfig } from '../state-machines/config/hall-config.ts';
import { ACK_TIMEOUT_MS, type UiError } from '../state-machines/client/web/command.ts';
import { errorText, pick, type Lang } from '../state-machines/client/web/i18n.ts';
import { RATING_LEVEL_NAMES, RATING_LEVELS } from '../state-machines/domain/rating.ts';
import { serviceDayOf } from '../state-machines/domain/service-day.ts';
import { reportCsv, reportCsvName } from '../state-machines/reports/csv.ts';
import { presetRange, type DayRange, type RangePreset } from '../state-machines/reports/range.ts';
import { REPORT_GROUPS, type Report, type ReportFigures, type ReportGroupBy } from '../state-machines/reports/report.ts';
import type { AdminSocket } from './desk-feed.ts';
import { BarFigure } from './reports-charts.tsx';
import { R } from './reports-texts.ts';
import { describeDay, describeInstant } from '../state-machines/hall/schedule.ts';
import './reports.css';

interface Props {
  socket: AdminSocket;
  config: PublicHallConfig;
  lang: Lang;
  langToggle: ComponentChildren;
  now: number;
  onClose: () => void;
}

const PRESETS: readonly RangePreset[] = ['today', 'week', 'month'];

const minutes = (ms: number | null) => (ms === null ? '—' : (ms / 60_000).toFixed(1));
const percent = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(1)}%`);

export default function ReportsPage({ socket, config, lang, langToggle, now, onClose }: Props) {
  const today = serviceDayOf(now, config.hall.timezone);
  const [preset, setPreset] = useState<RangePreset | 'custom'>('month');
  const [custom, setCustom] = useState<DayRange>(() => presetRange('month', today));
  const [groupBy, setGroupBy] = useState<ReportGroupBy>('window');
  const [report, setReport] = useState<Report>();
  const [error, setError] = useState<UiError>();
  const [loading, setLoading] = useState(false);
  const range = preset === 'custom' ? custom : presetRange(preset, today);

  const query = async (r: DayRange, g: ReportGroupBy) => {
    setLoading(true);
    setError(undefined);
    try {
      const answer = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('report:query', { from: r.from, to: r.to, groupBy: g });
      if (answer.ok) setReport(answer.result);
      else setError(answer.error);
    } catch {
      setError({ code: 'INTERNAL', message: '统计超时，请重试', messageEn: 'The report timed out; try again' });
    } finally {
      setLoading(false);
    }
  };
  // A preset or grouping asks at once; a custom range waits for 查询.
  useEffect(() => {
    if (preset !== 'custom') void query(range, groupBy);
  }, [preset, groupBy, today]);

  const download = () => {
    if (!report) return;
    const url = URL.createObjectURL(new Blob([reportCsv(report, lang)], { type: 'text/csv;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = reportCsvName(report);
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  return (
    <div class="desk reports" data-testid="reports-page">
      <header class="desk-header reports__header">
        <h1 class="desk-header__window">
          <span class="desk-header__number">{pick(lang, R.title)}</span>
          <span class="desk-header__name">{config.hall.name}</span>
        </h1>
        {langToggle}
        <div class="desk-header__signout reports__actions">
          <button type="button" class="button" data-testid="reports-csv" disabled={!report} onClick={download}>
            {pick(lang, R.csv)}
          </button>
          <button type="button" class="button" data-testid="reports-print" disabled={!report} onClick={() => window.print()}>
            {pick(lang, R.print)}
          </button>
          <button type="button" class="button" data-testid="reports-back" onClick={onClose}>
            {pick(lang, R.back)}
          </button>
        </div>
      </header>
      <form
        class="card reports__controls"
        onSubmit={(e) => {
          e.preventDefault();
          void query(range, groupBy);
        }}
      >
        <fieldset class="reports__presets">
          <legend>{pick(lang, R.range)}</legend>
          {PRESETS.map((p) => (
            <label key={p} class="reports__choice">
              <input type="radio" name="range" checked={preset === p} data-testid={`reports-range-${p}`} onChange={() => setPreset(p)} />
              {pick(lang, R.presets[p])}
            </label>
          ))}
          <label class="reports__choice">
            <input type="radio" name="range" checked={preset === 'custom'} data-testid="reports-range-custom" onChange={() => setPreset('custom')} />
            {pick(lang, R.custom)}
          </label>
          {preset === 'custom' && (
            <span class="reports__dates">
              <label>
                {pick(lang, R.from)}
                <input type="date" value={custom.from} data-testid="reports-from" onInput={(e) => setCustom({ ...custom, from: e.currentTarget.value })} />
              </label>
              <label>
                {pick(lang, R.to)}
                <input type="date" value={custom.to} data-testid="reports-to" onInput={(e) => setCustom({ ...custom, to: e.currentTarget.value })} />
              </label>
            </span>
          )}
        </fieldset>
        <label class="reports__group">
          {pick(lang, R.groupBy)}
          <select value={groupBy} data-testid="reports-group" onChange={(e) => setGroupBy(e.currentTarget.value as ReportGroupBy)}>
            {REPORT_GROUPS.map((g) => (
              <option key={g} value={g}>
                {pick(lang, R.groups[g])}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" class="button button--primary" data-testid="reports-query" disabled={loading}>
          {pick(lang, loading ? R.loading : R.query)}
        </button>
      </form>
      {error && (
        <p class="action-error reports__error" role="alert" data-testid="reports-error">
          {errorText(lang, error)}
        </p>
      )}
      {report && <ReportBody report={report} config={config} lang={lang} now={now} />}
    </div>
  );
}

function ReportBody({ report, config, lang, now }: { report: Report; config: PublicHallConfig; lang: Lang; now: number }) {
  const t = report.total;
  const tiles: [string, string, string][] = [
    ['issued', pick(lang, R.issued), String(t.issued)],
    ['served', pick(lang, R.served), String(t.served)],
    ['no-shows', pick(lang, R.noShows), String(t.noShows)],
    ['wait-median', pick(lang, R.waitMedian), pick(lang, R.minutes(minutes(t.waitMedianMs)))],
    ['wait-p90', pick(lang, R.waitP90), pick(lang, R.minutes(minutes(t.waitP90Ms)))],
    ['service-median', pick(lang, R.serviceMedian), pick(lang, R.minutes(minutes(t.serviceMedianMs)))],
    ['utilisation', pick(lang, R.utilisation), percent(t.utilisation)],
    ['green-share', pick(lang, R.greenShare), percent(t.greenShare)],
    ['show-rate', pick(lang, R.showRate), percent(t.appointments?.showRate)],
    ['satisfaction', pick(lang, R.satisfaction), percent(t.ratings.satisfaction)],
    ['rating-rate', pick(lang, R.ratingRate), percent(t.ratings.ratingRate)],
    ['poor', pick(lang, R.poor), String(t.ratings.poor)],
  ];
  const groups = report.groups.slice(0, 16);
  return (
    <main class="reports__body">
      <h2 class="reports__print-title">{pick(lang, R.printTitle(config.hall.name, periodText(report.range.from, report.range.to)))}</h2>
      <section class="card" aria-labelledby="reports-headline">
        <h2 id="reports-headline" class="section-title">
          {pick(lang, R.headline)} · {pick(lang, periodText(report.range.from, report.range.to))}
        </h2>
        {t.issued === 0 && <p class="list-empty">{pick(lang, R.empty)}</p>}
        <dl class="reports__tiles" data-testid="reports-headline">
          {tiles.map(([id, name, value]) => (
            <div key={id} class="reports__tile" data-testid={`reports-tile-${id}`}>
              <dt>{name}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
        <p class="reports__note">
          {pick(lang, R.unratedRule[report.unratedCounts])} ·{' '}
          {pick(lang, R.followUpsLine(t.ratings.followUps.open + t.ratings.followUps.assigned + t.ratings.followUps.resolved, t.ratings.followUps.overdue))} ·{' '}
          {pick(lang, R.extended)} {pick(lang, R.minutes(String(t.extendedMinutes ?? 0)))}
        </p>
      </section>
      <div class="reports__charts">
        <BarFigure
          testId="reports-chart-daily"
          title={pick(lang, R.dailyChart)}
          label={pick(lang, R.dailyChartLabel(report.days.length, t.issued, t.served))}
          data={{ labels: report.days.map((d) => d.day.slice(5)), series: [report.days.map((d) => d.issued), report.days.map((d) => d.served)] }}
          options={{ seriesBarDistance: 12, axisY: { onlyInteger: true } }}
          legend={[pick(lang, R.issued), pick(lang, R.served)]}
        />
        <BarFigure
          testId="reports-chart-wait"
          title={pick(lang, R.waitChart)}
          label={pick(lang, R.waitChartLabel)}
          data={{
            // Horizontal bars are drawn from the bottom up: reversed here, so the busiest group is on top.
            labels: groups.map((g) => shortLabel(g, report.groupBy, lang)).reverse(),
            series: [groups.map((g) => Number(minutes(g.waitMedianMs)) || 0).reverse(), groups.map((g) => Number(minutes(g.waitP90Ms)) || 0).reverse()],
          }}
          options={{ horizontalBars: true, seriesBarDistance: 10, axisY: { offset: 150 }, height: `${Math.max(200, groups.length * 32 + 60)}px` }}
          legend={[pick(lang, R.medianLegend), pick(lang, R.p90Legend)]}
        />
        <BarFigure
          testId="reports-chart-ratings"
          title={pick(lang, R.ratingChart)}
          label={pick(lang, R.ratingChartLabel(t.ratings.rated, t.ratings.unrated))}
          data={{ labels: RATING_LEVELS.map((l) => pick(lang, RATING_LEVEL_NAMES[l])), series: [RATING_LEVELS.map((l) => t.ratings.levels[l])] }}
          options={{ axisY: { onlyInteger: true } }}
          note={`${pick(lang, R.unrated)} ${t.ratings.unrated}`}
        />
      </div>
      <ArrivalsHeatMap arrivals={report.arrivals} lang={lang} />
      <GroupTable report={report} lang={lang} />
      <p class="reports__generated">{pick(lang, R.generated(report.seq, describeInstant(now, config.hall.timezone)))}</p>
    </main>
  );
}

/** A chart's axis has room for a short name (the table beside it has the full one): 5号窗口, an 8-character queue name. */
function shortLabel(g: ReportFigures, groupBy: ReportGroupBy, lang: Lang): string {
  if (groupBy === 'window' && g.key !== '—') return lang === 'zh' ? `${g.key}号窗口` : `Window ${g.key}`;
  const name = g.label[lang];
  const room = lang === 'zh' ? 8 : 16;
  return name.length > room ? `${name.slice(0, room - 1)}…` : name;
}

/** 星期 × 小时: the number is in every cell; the shade only repeats it (five steps, text colour kept readable on each). */
function ArrivalsHeatMap({ arrivals, lang }: { arrivals: number[][]; lang: Lang }) {
  const hours = arrivals[0]!.map((_, h) => h).filter((h) => arrivals.some((row) => row[h]! > 0));
  const shown = hours.length === 0 ? [] : Array.from({ length: hours.at(-1)! - hours[0]! + 1 }, (_, i) => hours[0]! + i);
  const max = Math.max(1, ...arrivals.flat());
  const step = (n: number) => (n === 0 ? 0 : Math.min(4, 1 + Math.floor((n / max) * 4)));
  return (
    <section class="card reports__heat" aria-labelledby="reports-heat-title" data-testid="reports-heat">
      <h2 id="reports-heat-title" class="section-title">
        {pick(lang, R.heatTitle)}
      </h2>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a wide table scrolls sideways; the keyboard must reach it (axe scrollable-region-focusable) */}
      <div class="reports__scroll" tabIndex={0}>
        <table class="heat">
          <caption>{pick(lang, R.heatCaption)}</caption>
          <thead>
            <tr>
              <td />
              {shown.map((h) => (
                <th key={h} scope="col">
                  {String(h).padStart(2, '0')}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {arrivals.map((row, d) => (
              <tr key={d}>
                <th scope="row">{pick(lang, R.weekdays[d]!)}</th>
                {shown.map((h) => (
                  <td key={h} class={`heat__cell heat__cell--${step(row[h]!)}`} data-testid={`heat-${d}-${h}`}>
                    {row[h]}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

const COLUMNS: [keyof typeof R, (f: ReportFigures) => string][] = [
  ['issued', (f) => String(f.issued)],
  ['served', (f) => String(f.served)],
  ['noShows', (f) => String(f.noShows)],
  ['voided', (f) => String(f.voided)],
  ['transfers', (f) => String(f.transfers)],
  ['parks', (f) => String(f.parks)],
  ['waitMedian', (f) => minutes(f.waitMedianMs)],
  ['waitP90', (f) => minutes(f.waitP90Ms)],
  ['serviceMedian', (f) => minutes(f.serviceMedianMs)],
  ['serviceP90', (f) => minutes(f.serviceP90Ms)],
  ['utilisation', (f) => percent(f.utilisation)],
  ['greenShare', (f) => percent(f.greenShare)],
  ['greenWait', (f) => minutes(f.greenWaitMedianMs)],
  ['showRate', (f) => percent(f.appointments?.showRate)],
  ['satisfaction', (f) => percent(f.ratings.satisfaction)],
  ['ratingRate', (f) => percent(f.ratings.ratingRate)],
  ['poor', (f) => String(f.ratings.poor)],
];

function GroupTable({ report, lang }: { report: Report; lang: Lang }) {
  return (
    <section class="card" aria-labelledby="reports-groups-title">
      <h2 id="reports-groups-title" class="section-title">
        {pick(lang, R.perGroup)}（{pick(lang, R.groups[report.groupBy])}，{lang === 'zh' ? '时长单位：分钟' : 'times in minutes'}）
      </h2>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a wide table scrolls sideways; the keyboard must reach it (axe scrollable-region-focusable) */}
      <div class="reports__scroll" tabIndex={0}>
        <table class="reports__table" data-testid="reports-table">
          <thead>
            <tr>
              <th scope="col">{pick(lang, R.group)}</th>
              {COLUMNS.map(([key]) => (
                <th key={key} scope="col">
                  {pick(lang, R[key] as { zh: string; en: string })}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {[...report.groups, report.total].map((f) => (
              <tr key={f.key} class={f === report.total ? 'reports__total' : undefined} data-testid={`reports-row-${f.key}`}>
                <th scope="row">{f.label[lang]}</th>
                {COLUMNS.map(([key, value]) => (
                  <td key={key}>{value(f)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** The report's days the hall's way (2026年11月1日（周日）至 11月30日（周一）: the first with its year, as a printed report is kept), never ISO. */
function periodText(from: string, to: string): { zh: string; en: string } {
  const first = describeDay(from, `${Number(from.slice(0, 4)) + 1}${from.slice(4)}`);
  const last = describeDay(to, from);
  return from === to ? first : { zh: `${first.zh} 至 ${last.zh}`, en: `${first.en} – ${last.en}` };
}
