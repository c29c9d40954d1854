/**
 * A report as CSV that Excel opens with its Chinese intact: UTF-8 with a byte-order mark (without it
 * Excel on a Chinese Windows reads the file as GBK), CRLF line ends, RFC 4180 quoting (a field with a
 * comma, quote or line break is quoted, quotes doubled). Times are whole seconds and rates percentages
 * with one decimal, so a cell reads the same in Excel as on the page. A text cell that starts like a
 * formula (= + - @) gets a leading apostrophe: a hall file's names are not run as formulas.
 */
import type { Report, ReportFigures } from './report.ts';

export const CSV_BOM = '\uFEFF';

interface Column {
  zh: string;
  en: string;
  value: (f: ReportFigures, lang: 'zh' | 'en') => string | number | null;
}

const seconds = (ms: number | null) => (ms === null ? null : Math.round(ms / 1000));
const percent = (x: number | null) => (x === null ? null : `${(Math.round(x * 1000) / 10).toFixed(1)}%`);

export const CSV_COLUMNS: readonly Column[] = [
  { zh: '分组', en: 'Group', value: (f, lang) => f.label[lang] },
  { zh: '取号', en: 'Issued', value: (f) => f.issued },
  { zh: '办结', en: 'Served', value: (f) => f.served },
  { zh: '过号', en: 'No-shows', value: (f) => f.noShows },
  { zh: '作废', en: 'Voided', value: (f) => f.voided },
  { zh: '未结束', en: 'Open', value: (f) => f.open },
  { zh: '转办', en: 'Transfers', value: (f) => f.transfers },
  { zh: '挂起', en: 'Parks', value: (f) => f.parks },
  { zh: '等候中位数（秒）', en: 'Median wait (s)', value: (f) => seconds(f.waitMedianMs) },
  { zh: '等候P90（秒）', en: 'P90 wait (s)', value: (f) => seconds(f.waitP90Ms) },
  { zh: '办理中位数（秒）', en: 'Median service (s)', value: (f) => seconds(f.serviceMedianMs) },
  { zh: '办理P90（秒）', en: 'P90 service (s)', value: (f) => seconds(f.serviceP90Ms) },
  { zh: '窗口利用率', en: 'Window utilisation', value: (f) => percent(f.utilisation) },
  { zh: '延时服务（分钟）', en: 'Extended service (min)', value: (f) => f.extendedMinutes },
  { zh: '预约', en: 'Appointments', value: (f) => f.appointments?.booked ?? null },
  { zh: '预约到场率', en: 'Appointment show rate', value: (f) => percent(f.appointments?.showRate ?? null) },
  { zh: '绿色通道', en: 'Green channel', value: (f) => f.green },
  { zh: '绿色通道占比', en: 'Green share', value: (f) => percent(f.greenShare) },
  { zh: '绿色通道等候中位数（秒）', en: 'Green median wait (s)', value: (f) => seconds(f.greenWaitMedianMs) },
  { zh: '非常满意', en: 'Very satisfied', value: (f) => f.ratings.levels[5] },
  { zh: '满意', en: 'Satisfied', value: (f) => f.ratings.levels[4] },
  { zh: '基本满意', en: 'Fairly satisfied', value: (f) => f.ratings.levels[3] },
  { zh: '不满意', en: 'Dissatisfied', value: (f) => f.ratings.levels[2] },
  { zh: '非常不满意', en: 'Very dissatisfied', value: (f) => f.ratings.levels[1] },
  { zh: '未评价', en: 'Not rated', value: (f) => f.ratings.unrated },
  { zh: '满意率', en: 'Satisfaction', value: (f) => percent(f.ratings.satisfaction) },
  { zh: '参评率', en: 'Rating rate', value: (f) => percent(f.ratings.ratingRate) },
  { zh: '差评', en: 'Poor ratings', value: (f) => f.ratings.poor },
  { zh: '差评未结案', en: 'Follow-ups not closed', value: (f) => f.ratings.followUps.open + f.ratings.followUps.assigned + f.ratings.followUps.resolved },
  { zh: '差评逾期', en: 'Follow-ups overdue', value: (f) => f.ratings.followUps.overdue },
];

function field(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The report's groups and its total row, headed by the columns' names in the chosen language. */
export function reportCsv(report: Report, lang: 'zh' | 'en' = 'zh'): string {
  const lines = [CSV_COLUMNS.map((c) => field(c[lang])).join(',')];
  for (const f of [...report.groups, report.total]) {
    lines.push(CSV_COLUMNS.map((c) => field(c.value(f, lang))).join(','));
  }
  return `${CSV_BOM}${lines.join('\r\n')}\r\n`;
}

/** The file name: 统计报表_<from>_<to>_<group>.csv */
export function reportCsvName(report: Report): string {
  return `统计报表_${report.range.from}_${report.range.to}_${report.groupBy}.csv`;
}
