/**
 * The hall calendar: weekdays, holidays, worked weekend days, special days,
 * the ticketing window (取号 / 停止取号 / midday gap with and without 错时
 * windows), the next opening over a weekend and a holiday week, and the
 * extended minutes after closing. Asia/Shanghai throughout.
 */
import { describe, expect, it } from 'vitest';
import { hallConfigSchema } from '../../state-machines/config/hall-config.ts';
import { dayTimes, extendedMs, instantOf, nextTicketsFrom, sessionsOn, ticketingStatus, weekdayOf } from '../../state-machines/hall/schedule.ts';
import { demoConfig } from '../support/demo.ts';

const at = (iso: string) => Date.parse(`${iso}+08:00`);

function withSchedule(schedule: Record<string, unknown>) {
  const config = hallConfigSchema.parse({ ...structuredClone(demoConfig), schedule });
  if (!config.schedule) throw new Error('schedule missing');
  return { hall: config.hall, schedule: config.schedule };
}

const hall = withSchedule({
  holidays: ['2026-10-01', '2026-10-02', '2026-10-05'],
  workdays: [{ date: '2026-10-10', as: 'fri' }],
  special: [{ date: '2026-11-28', hours: [{ start: '09:00', end: '12:00' }], note: '周末便民服务日' }],
});

describe('hall calendar', () => {
  it('knows weekdays and the local instant of a wall-clock time', () => {
    expect(weekdayOf('2026-11-21')).toBe('sat');
    expect(weekdayOf('2026-11-23')).toBe('mon');
    expect(instantOf('2026-11-23', '08:30', 'Asia/Shanghai')).toBe(at('2026-11-23T08:30:00'));
  });

  it('opens on weekdays with hall.hours, not at weekends, not on holidays, and on worked weekend days and special days', () => {
    expect(sessionsOn(hall, '2026-11-23').sessions).toEqual(demoConfig.hall.hours);
    expect(sessionsOn(hall, '2026-11-22')).toMatchObject({ sessions: [], kind: 'normal' });
    expect(sessionsOn(hall, '2026-10-01')).toMatchObject({ sessions: [], kind: 'holiday' });
    expect(sessionsOn(hall, '2026-10-10')).toMatchObject({ sessions: demoConfig.hall.hours, kind: 'workday' });
    expect(sessionsOn(hall, '2026-11-28')).toMatchObject({ sessions: [{ start: '09:00', end: '12:00' }], kind: 'special', note: '周末便民服务日' });
  });

  it('issues tickets from 30 min before opening until 30 min before closing, and says when next', () => {
    expect(ticketingStatus(hall, at('2026-11-23T07:59:00'))).toEqual({ open: false, reason: 'not_yet', nextTicketsFrom: at('2026-11-23T08:00:00') });
    expect(ticketingStatus(hall, at('2026-11-23T08:00:00'))).toMatchObject({ open: true, closesAt: at('2026-11-23T17:30:00') });
    expect(ticketingStatus(hall, at('2026-11-23T17:00:00'))).toEqual({ open: false, reason: 'stopped', nextTicketsFrom: at('2026-11-24T08:00:00') });
    // Friday evening → Monday morning.
    expect(ticketingStatus(hall, at('2026-11-27T18:00:00'))).toMatchObject({ reason: 'stopped', nextTicketsFrom: at('2026-11-28T08:30:00') });
    expect(ticketingStatus(hall, at('2026-11-29T10:00:00'))).toEqual({ open: false, reason: 'closed_day', nextTicketsFrom: at('2026-11-30T08:00:00') });
  });

  it('closes the midday gap to new tickets unless some windows stay open (错时)', () => {
    expect(ticketingStatus(hall, at('2026-11-23T12:30:00'))).toEqual({ open: false, reason: 'midday_break', nextTicketsFrom: at('2026-11-23T13:30:00') });
    expect(ticketingStatus(hall, at('2026-11-23T13:30:00')).open).toBe(true);
    const staggered = withSchedule({ staggeredWindows: [1, 5] });
    expect(ticketingStatus(staggered, at('2026-11-23T12:30:00')).open).toBe(true);
  });

  it('skips a holiday week to the worked Saturday', () => {
    // 2026-09-30 (Wed) evening: 1st, 2nd, 5th are holidays; 3rd/4th weekend; 6th–9th normal weekdays.
    expect(nextTicketsFrom(hall, at('2026-09-30T18:00:00'))).toBe(at('2026-10-06T08:00:00'));
    expect(nextTicketsFrom(hall, at('2026-10-09T18:00:00'))).toBe(at('2026-10-10T08:00:00')); // 调休 Saturday
  });

  it('counts extended (延时) minutes after the day’s closing time only', () => {
    expect(dayTimes(hall, '2026-11-23').closesAt).toBe(at('2026-11-23T17:30:00'));
    expect(extendedMs(hall, at('2026-11-23T17:00:00'), at('2026-11-23T17:42:00'))).toBe(12 * 60_000);
    expect(extendedMs(hall, at('2026-11-23T10:00:00'), at('2026-11-23T11:00:00'))).toBe(0);
  });
});

describe('the demo hall as shipped', () => {
  it('refuses walk-in tickets outside ticketing hours with the reason and the next opening, and issues them inside', async () => {
    const { loadHallConfig } = await import('../../server/config/load-config.ts');
    const { MemoryHall } = await import('../support/fold.ts');
    const { SHIPPED_DEMO_PATH } = await import('../support/demo.ts');
    const shipped = loadHallConfig(SHIPPED_DEMO_PATH);
    expect(shipped.schedule?.staggeredWindows).toEqual([1, 5]);
    const saturday = new MemoryHall(shipped, at('2026-11-21T10:00:00'));
    const refused = saturday.run({ type: 'ticket.take', deviceId: 'kiosk-1f-1', queueId: 'comprehensive' });
    expect(refused.ok ? 'ok' : [refused.error.code, refused.error.message]).toEqual(['TICKETING_CLOSED', '今日不对外办公，11月23日（周一）08:00 起可取号']);
    const evening = new MemoryHall(shipped, at('2026-11-23T17:05:00'));
    const late = evening.run({ type: 'ticket.take', deviceId: 'kiosk-1f-1', queueId: 'comprehensive' });
    expect(late.ok ? 'ok' : late.error.message).toBe('今日已停止取号，11月24日（周二）08:00 起可取号');
    const lunch = new MemoryHall(shipped, at('2026-11-23T12:30:00')); // 错时: windows 1 and 5 stay open
    expect(lunch.run({ type: 'ticket.take', deviceId: 'kiosk-1f-1', queueId: 'comprehensive' }).ok).toBe(true);
  });
});

describe('extended service (延时服务)', () => {
  it('after closing a window may not strand waiting tickets only it serves, unless the supervisor approves; extended minutes are recorded', async () => {
    const { loadHallConfig } = await import('../../server/config/load-config.ts');
    const { MemoryHall } = await import('../support/fold.ts');
    const { SHIPPED_DEMO_PATH } = await import('../support/demo.ts');
    const h = new MemoryHall(loadHallConfig(SHIPPED_DEMO_PATH), at('2026-11-23T16:50:00'));
    h.ok({ type: 'window.open', clerkId: '1013', window: 7 }); // EMS: the only window for queue J
    h.ok({ type: 'ticket.take', deviceId: 'k', queueId: 'ems' });
    h.ok({ type: 'ticket.take', deviceId: 'k', queueId: 'ems' });
    h.now = at('2026-11-23T16:55:00');
    expect(h.run({ type: 'window.close', clerkId: '1013', window: 7 }).ok).toBe(true); // before closing time: the clerk decides
    h.ok({ type: 'window.open', clerkId: '1013', window: 7 });
    h.now = at('2026-11-23T17:40:00');
    const refused = h.run({ type: 'window.close', clerkId: '1013', window: 7 });
    expect(refused.ok ? 'ok' : refused.error.message).toContain('延时服务中：仍有 2 人只能在本窗口办理');
    expect(h.run({ type: 'window.close_approved', window: 7, by: { staffId: '1013', window: 7 }, reason: '改日办理' }).ok).toBe(false);
    const approved = h.ok({ type: 'window.close_approved', window: 7, by: { staffId: '9001' }, reason: '群众同意明日优先办理' });
    expect(approved).toMatchObject({ type: 'window.closed', clerkId: '1013', approvedBy: '9001', reason: '群众同意明日优先办理', extendedMs: 10 * 60_000 });
  });
});
