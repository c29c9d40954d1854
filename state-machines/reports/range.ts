/**
 * Report ranges: whole service days, both ends included, at most REPORT_MAX_DAYS long (a report
 * reads every visit of its range: a cap keeps one request's work bounded). The presets the report
 * page offers (today, this week from Monday, this month from the 1st) are computed from the hall's
 * today here, so the page and the tests agree.
 */
import { addDays } from '../domain/appointment.ts';
import { protocolError, type ProtocolError } from '../protocol/errors.ts';

/** About a year and a month: a year-on-year month still fits. */
export const REPORT_MAX_DAYS = 400;

export interface DayRange {
  from: string;
  to: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar date written YYYY-MM-DD (2026-02-30 is not one). */
export function isCalendarDay(day: string): boolean {
  if (!DAY.test(day)) return false;
  const d = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === day;
}

/** Days from `from` to `to`, both included (1 for a single day). */
export function daysInRange(range: DayRange): number {
  return Math.round((Date.parse(`${range.to}T00:00:00Z`) - Date.parse(`${range.from}T00:00:00Z`)) / 86_400_000) + 1;
}

/** Why a range cannot be reported (BAD_REQUEST naming the field), or undefined when it can. */
export function rangeRefusal(range: DayRange): ProtocolError | undefined {
  if (!isCalendarDay(range.from)) return protocolError('BAD_REQUEST', '起始日期无效，请用 年-月-日', 'The start date is not a date (use YYYY-MM-DD)', 'from');
  if (!isCalendarDay(range.to)) return protocolError('BAD_REQUEST', '结束日期无效，请用 年-月-日', 'The end date is not a date (use YYYY-MM-DD)', 'to');
  if (range.to < range.from) return protocolError('BAD_REQUEST', '结束日期早于起始日期', 'The end date is before the start date', 'to');
  const days = daysInRange(range);
  if (days > REPORT_MAX_DAYS) {
    return protocolError(
      'BAD_REQUEST',
      `统计区间最长 ${REPORT_MAX_DAYS} 天（所选 ${days} 天），请缩短区间`,
      `A report covers at most ${REPORT_MAX_DAYS} days (this range has ${days}); choose a shorter range`,
      'to',
    );
  }
  return undefined;
}

export type RangePreset = 'today' | 'week' | 'month';

/** Monday = 0 … Sunday = 6 of a YYYY-MM-DD day. */
export function weekdayIndex(day: string): number {
  return (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
}

/** 今日 / 本周 (Monday to today) / 本月 (the 1st to today). */
export function presetRange(preset: RangePreset, today: string): DayRange {
  if (preset === 'today') return { from: today, to: today };
  if (preset === 'week') return { from: addDays(today, -weekdayIndex(today)), to: today };
  return { from: `${today.slice(0, 8)}01`, to: today };
}

/** A whole calendar month (the printable monthly report). */
export function monthRange(month: string): DayRange {
  const from = `${month}-01`;
  const next = new Date(`${from}T00:00:00Z`);
  next.setUTCMonth(next.getUTCMonth() + 1);
  return { from, to: addDays(next.toISOString().slice(0, 10), -1) };
}
