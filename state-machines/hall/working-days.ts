/**
 * The hall's working days (工作日): a 差评 follow-up is due a number of them
 * after the rating. With a calendar, a working day is a day the hall opens
 * (holidays closed, 调休 weekend days worked, special days as they say:
 * schedule.ts); without one, Monday to Friday.
 */
import type { HallConfig } from '../config/hall-config.ts';
import { addDays } from '../domain/appointment.ts';
import { sessionsOn, weekdayOf } from './schedule.ts';

type CalendarConfig = { hall: Pick<HallConfig['hall'], 'hours' | 'timezone'>; schedule?: HallConfig['schedule'] | undefined };

/** A calendar with no opening day at all must not loop for ever: a year of closed days is as far as we look. */
const MAX_DAYS_SCANNED = 366 * 2;

export function isWorkingDay(config: CalendarConfig, day: string): boolean {
  if (!config.schedule) {
    const weekday = weekdayOf(day);
    return weekday !== 'sat' && weekday !== 'sun';
  }
  return sessionsOn({ hall: config.hall, schedule: config.schedule }, day).sessions.length > 0;
}

/** The `count`-th working day after `day` (`day` itself not counted). */
export function workingDaysAfter(config: CalendarConfig, day: string, count: number): string {
  let found = 0;
  let d = day;
  for (let i = 0; i < MAX_DAYS_SCANNED && found < count; i++) {
    d = addDays(d, 1);
    if (isWorkingDay(config, d)) found++;
  }
  return d;
}
