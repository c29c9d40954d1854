/**
 * The closed hall (闭厅), on the demo hall's calendar as shipped, through the
 * real decider and fold (MemoryHall settles the clock as the server does):
 * after hours a window opens only when something is left for it to serve,
 * before opening a clerk may open early, and without a calendar nothing is
 * refused. The panel and the desk read the same functions (after-hours.ts);
 * the wall's closed sign (display/closed-sign.ts) reads the same phase.
 */
import { describe, expect, it } from 'vitest';
import { loadHallConfig } from '../../server/config/load-config.ts';
import { closedSign } from '../../display/closed-sign.ts';
import { afterHours, closeNeedsApproval, openRefusal } from '../../state-machines/hall/after-hours.ts';
import { demoConfig, SHIPPED_DEMO_PATH } from '../support/demo.ts';
import { MemoryHall } from '../support/fold.ts';

const shipped = loadHallConfig(SHIPPED_DEMO_PATH);
const at = (iso: string) => Date.parse(`${iso}+08:00`);
const EMS_CLERK = { clerkId: '1013', window: 7 } as const; // the only window for queue J
const W5 = { clerkId: '1009', window: 5 } as const;

function refusal(hall: MemoryHall, command: { clerkId: string; window: number }) {
  hall.settle();
  const seq = hall.state.seq;
  const d = hall.run({ type: 'window.open', ...command });
  if (d.ok) return 'opened';
  // A refused command changes nothing.
  expect(hall.state.seq).toBe(seq);
  expect(hall.state.windows[String(command.window)]?.status).toBe('closed');
  return [d.error.code, d.error.message];
}

describe('window.open in the closed hall', () => {
  it('is refused at night with the reason and the next opening, and the panel and desk read the same', () => {
    const night = new MemoryHall(shipped, at('2026-11-23T18:00:00'));
    night.settle();
    expect(night.state.phase.status).toBe('closed');
    expect(refusal(night, W5)).toEqual(['ILLEGAL_TRANSITION', '今日已闭厅，本窗口没有待办理的号码，不能开窗（明日 08:00 起可取号）']);
    expect(afterHours(night.state, shipped, night.now)).toEqual({ kind: 'closed', day: 'closed', nextTicketsFrom: at('2026-11-24T08:00:00') });
    expect(openRefusal(night.state, shipped, 5, night.now)?.messageEn).toContain('tickets again from tomorrow 08:00');
  });

  it('names a later opening by its date: after the special Saturday (周末便民服务日) → Monday', () => {
    const saturday = new MemoryHall(shipped, at('2026-11-28T19:00:00'));
    expect(refusal(saturday, W5)).toEqual(['ILLEGAL_TRANSITION', '今日已闭厅，本窗口没有待办理的号码，不能开窗（11月30日（周一）08:00 起可取号）']);
  });

  it('is refused on a closed day, allowed before opening (a clerk may open early)', () => {
    const sunday = new MemoryHall(shipped, at('2026-11-22T10:00:00'));
    expect(refusal(sunday, W5)).toEqual(['ILLEGAL_TRANSITION', '今日不对外办公，本窗口没有待办理的号码，不能开窗（明日 08:00 起可取号）']);
    const early = new MemoryHall(shipped, at('2026-11-24T07:20:00'));
    early.settle();
    expect(early.state.phase.status).toBe('before_open');
    expect(refusal(early, W5)).toBe('opened');
  });

  it('in 延时服务 opens only the windows that still have someone to serve; 批准关窗 only where closing would strand them', () => {
    const hall = new MemoryHall(shipped, at('2026-11-23T16:50:00'));
    hall.ok({ type: 'window.open', ...EMS_CLERK });
    hall.ok({ type: 'ticket.take', deviceId: 'k', queueId: 'ems' });
    hall.ok({ type: 'ticket.take', deviceId: 'k', queueId: 'ems' });
    expect(closeNeedsApproval(hall.state, shipped, 7, hall.now)).toBe(0); // before closing time the clerk decides
    hall.ok({ type: 'window.close', ...EMS_CLERK });
    hall.now = at('2026-11-23T17:40:00');
    hall.settle();
    expect(hall.state.phase.status).toBe('extended');
    expect(afterHours(hall.state, shipped, hall.now)).toEqual({ kind: 'extended', ticketsLeft: 2 });
    expect(refusal(hall, W5)).toEqual(['ILLEGAL_TRANSITION', '已过办公时间，本窗口没有待办理的号码，不能开窗']);
    expect(refusal(hall, EMS_CLERK)).toBe('opened');
    expect(closeNeedsApproval(hall.state, shipped, 7, hall.now)).toBe(2);
    expect(closeNeedsApproval(hall.state, shipped, 5, hall.now)).toBe(0);
    // Both served: the hall closes, nothing needs approving, and window 7 may not open again tonight.
    for (let i = 0; i < 2; i++) {
      const called = hall.ok({ type: 'ticket.call_next', ...EMS_CLERK });
      if (called.type !== 'ticket.called') throw new Error(called.type);
      hall.ok({ type: 'ticket.complete', ...EMS_CLERK, ticketId: called.ticketId });
    }
    expect(hall.state.phase.status).toBe('closed');
    expect(closeNeedsApproval(hall.state, shipped, 7, hall.now)).toBe(0);
    hall.ok({ type: 'window.close', ...EMS_CLERK });
    expect(refusal(hall, EMS_CLERK)).toEqual(['ILLEGAL_TRANSITION', '今日已闭厅，本窗口没有待办理的号码，不能开窗（明日 08:00 起可取号）']);
  });

  it('lets a window open at night for a parked visitor of its queues', () => {
    const hall = new MemoryHall(shipped, at('2026-11-23T16:00:00'));
    hall.ok({ type: 'window.open', ...W5 });
    hall.ok({ type: 'ticket.take', deviceId: 'k', queueId: 'comprehensive' });
    const called = hall.ok({ type: 'ticket.call_next', ...W5 });
    if (called.type !== 'ticket.called') throw new Error(called.type);
    hall.ok({ type: 'ticket.park', ...W5, ticketId: called.ticketId });
    hall.ok({ type: 'window.close', ...W5 });
    hall.now = at('2026-11-23T18:30:00');
    expect(refusal(hall, W5)).toBe('opened');
  });

  it('refuses nothing without a calendar (the phase stays unsynced)', () => {
    const hall = new MemoryHall(demoConfig, at('2026-11-22T23:30:00'));
    expect(refusal(hall, W5)).toBe('opened');
    expect(afterHours(hall.state, demoConfig, hall.now)).toBeUndefined();
  });
});

describe('the wall’s closed sign, through the day of the shipped calendar', () => {
  const signAt = (hall: MemoryHall, iso: string) => {
    hall.now = at(iso);
    hall.settle();
    const sign = closedSign(hall.state, hall.config, hall.now);
    return sign && [sign.title.zh, sign.next?.zh];
  };

  it('before opening, open, after 停止取号, in 延时服务, at night and on a closed day', () => {
    const hall = new MemoryHall(shipped, at('2026-11-23T07:00:00'));
    expect(signAt(hall, '2026-11-23T07:00:00')).toEqual(['取号时间未到', '今日 08:00 起可取号']);
    expect(signAt(hall, '2026-11-23T09:00:00')).toBeUndefined();
    // 错时 windows keep the demo hall issuing over lunch: no sign.
    expect(signAt(hall, '2026-11-23T12:30:00')).toBeUndefined();
    hall.ok({ type: 'ticket.take', deviceId: 'k', queueId: 'ems' });
    // 停止取号 and 延时服务: the people waiting are still served; the footer says so, the sign stays off.
    expect(signAt(hall, '2026-11-23T17:10:00')).toBeUndefined();
    expect(signAt(hall, '2026-11-23T17:40:00')).toBeUndefined();
    expect(hall.state.phase.status).toBe('extended');
    hall.ok({ type: 'window.open', ...EMS_CLERK });
    const called = hall.ok({ type: 'ticket.call_next', ...EMS_CLERK });
    if (called.type !== 'ticket.called') throw new Error(called.type);
    hall.ok({ type: 'ticket.complete', ...EMS_CLERK, ticketId: called.ticketId });
    expect(signAt(hall, '2026-11-23T18:00:00')).toEqual(['今日已闭厅', '明日 08:00 起可取号']);
    const sunday = new MemoryHall(shipped, at('2026-11-22T10:00:00'));
    expect(signAt(sunday, '2026-11-22T10:00:00')).toEqual(['今日不对外办公', '明日 08:00 起可取号']);
    expect(closedSign(new MemoryHall(demoConfig, at('2026-11-22T23:00:00')).state, demoConfig, at('2026-11-22T23:00:00'))).toBeUndefined();
  });

  it('over a midday break without 错时 windows', async () => {
    const { writeHallVariant } = await import('../support/demo.ts');
    const noStagger = loadHallConfig(writeHallVariant((h) => (h.schedule = { ...h.schedule!, staggeredWindows: [] })));
    const hall = new MemoryHall(noStagger, at('2026-11-23T12:30:00'));
    expect(signAt(hall, '2026-11-23T12:30:00')).toEqual(['午间休息', '今日 13:30 起可取号']);
  });
});
