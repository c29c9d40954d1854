/**
 * The queue rules, one by one, on the real decider + fold (MemoryHall): who is
 * called next, 重呼, 过号 and 过号重排, 转办, 挂起, 作废, 暂停, caps and cut-off,
 * and each illegal step refused with its typed error and no state change.
 */
import { describe, expect, it } from 'vitest';
import type { HallConfig } from '../../state-machines/config/hall-config.ts';
import type { HallEvent } from '../../state-machines/domain/events.ts';
import type { TicketClass } from '../../state-machines/domain/ticket.ts';
import type { HallCommand } from '../../state-machines/hall/decide.ts';
import { placeAt } from '../../state-machines/hall/call-order.ts';
import { averageVisitMs, newTicketWait, ticketWait } from '../../state-machines/hall/estimate.ts';
import { evolve } from '../../state-machines/hall/evolve.ts';
import { initialHallState } from '../../state-machines/hall/state.ts';
import { publicEvent, publicState } from '../../state-machines/protocol/projection.ts';
import { demoConfig, TEN_AM } from '../support/demo.ts';
import { MemoryHall } from '../support/fold.ts';

const MIN = 60_000;
const W5 = { clerkId: '1009', window: 5 } as const;
const W6 = { clerkId: '1011', window: 6 } as const;

function withRules(change: (c: HallConfig) => void): HallConfig {
  const c = structuredClone(demoConfig);
  change(c);
  return c;
}

function hallWith(config: HallConfig = demoConfig) {
  const hall = new MemoryHall(config, TEN_AM);
  const take = (queueId = 'comprehensive', cls: TicketClass = 'walk_in') => {
    hall.now += 1000;
    const e = hall.ok({ type: 'ticket.take', deviceId: 'k', queueId, class: cls, priorityReason: cls === 'green' ? 'elderly' : undefined });
    return ticketOf(e);
  };
  const act = (command: HallCommand, advanceMs = 1000) => {
    hall.now += advanceMs;
    return hall.run(command);
  };
  const callNext = (at: { clerkId: string; window: number } = W5) => {
    const e = hall.ok({ type: 'ticket.call_next', ...at });
    return e.type === 'ticket.called' ? { ticketId: e.ticketId, rule: e.rule } : { ticketId: '', rule: undefined };
  };
  const numberOf = (ticketId: string) => hall.state.tickets[ticketId]?.number;
  return { hall, take, act, callNext, numberOf };
}

function ticketOf(e: HallEvent): string {
  if (e.type !== 'ticket.issued') throw new Error(`expected ticket.issued, got ${e.type}`);
  return e.ticketId;
}

/** A refusal must leave the state exactly as it was. */
function expectRefused(h: ReturnType<typeof hallWith>, command: HallCommand, code: string) {
  const before = JSON.stringify(h.hall.state);
  const d = h.hall.run(command);
  expect(d.ok ? 'accepted' : d.error.code).toBe(code);
  expect(JSON.stringify(h.hall.state)).toBe(before);
  return d.ok ? undefined : d.error;
}

describe('call order and fairness', () => {
  it('calls priority tickets (green channel, appointments) before walk-ins, first come among them', () => {
    const h = hallWith();
    const w1 = h.take();
    const a1 = h.take('comprehensive', 'appointment');
    const g1 = h.take('comprehensive', 'green');
    const w2 = h.take();
    const g2 = h.take('comprehensive', 'green');
    h.hall.ok({ type: 'window.open', ...W5 });
    const order: string[] = [];
    for (let i = 0; i < 5; i++) {
      const { ticketId } = h.callNext();
      order.push(ticketId);
      h.hall.ok({ type: 'ticket.complete', ...W5, ticketId });
    }
    expect(order).toEqual([a1, g1, g2, w1, w2]);
  });

  it('follows the window’s own queue order within a class', () => {
    const h = hallWith();
    const tax = h.take('tax');
    const comp = h.take('comprehensive');
    h.hall.ok({ type: 'window.open', clerkId: '1017', window: 9 }); // window 9 serves tax first, then comprehensive
    expect(h.callNext({ clerkId: '1017', window: 9 }).ticketId).toBe(tax);
    h.hall.ok({ type: 'ticket.complete', clerkId: '1017', window: 9, ticketId: tax });
    expect(h.callNext({ clerkId: '1017', window: 9 }).ticketId).toBe(comp);
  });

  it('prefers the window’s first queue by queueStepMinutes, never more', () => {
    const h = hallWith();
    const comp = h.take('comprehensive');
    h.hall.now += 11 * MIN;
    const tax = h.take('tax');
    h.hall.ok({ type: 'window.open', clerkId: '1017', window: 9 }); // tax first, comprehensive second (10 min step)
    expect(h.callNext({ clerkId: '1017', window: 9 }).ticketId).toBe(comp); // came 11 min earlier: more than one step
    h.hall.ok({ type: 'ticket.complete', clerkId: '1017', window: 9, ticketId: comp });
    const comp2 = h.take('comprehensive');
    h.hall.now += 9 * MIN;
    const tax2 = h.take('tax');
    expect(h.callNext({ clerkId: '1017', window: 9 }).ticketId).toBe(tax);
    h.hall.ok({ type: 'ticket.complete', clerkId: '1017', window: 9, ticketId: tax });
    expect(h.callNext({ clerkId: '1017', window: 9 }).ticketId).toBe(tax2); // comp2 came only 9 min earlier
    expect(h.hall.state.tickets[comp2]?.status).toBe('waiting');
  });

  it('after maxPriorityStreak priority calls in a row, a waiting walk-in goes next', () => {
    const h = hallWith();
    const walkIn = h.take();
    const greens = [h.take('comprehensive', 'green'), h.take('comprehensive', 'green'), h.take('comprehensive', 'green'), h.take('comprehensive', 'green')];
    h.hall.ok({ type: 'window.open', ...W5 });
    const calls: { ticketId: string; rule: string | undefined }[] = [];
    for (let i = 0; i < 5; i++) {
      const c = h.callNext();
      calls.push(c);
      h.hall.ok({ type: 'ticket.complete', ...W5, ticketId: c.ticketId });
    }
    expect(demoConfig.queueRules.fairness.maxPriorityStreak).toBe(3);
    expect(calls.map((c) => c.ticketId)).toEqual([greens[0], greens[1], greens[2], walkIn, greens[3]]);
    expect(calls[3]?.rule).toBe('streak_walk_in');
  });

  it('a priority ticket goes ahead of walk-ins who came up to priorityLeadMinutes before it, not earlier ones', () => {
    const h = hallWith(withRules((c) => (c.queueRules.fairness.maxPriorityStreak = 50)));
    const earlyGreen = h.take('comprehensive', 'green');
    const walkIn = h.take();
    h.hall.now += 31 * MIN;
    const lateGreen = h.take('comprehensive', 'green');
    h.hall.ok({ type: 'window.open', ...W5 });
    const first = h.callNext();
    expect(first).toEqual({ ticketId: earlyGreen, rule: 'priority' }); // came before the walk-in
    h.hall.ok({ type: 'ticket.complete', ...W5, ticketId: first.ticketId });
    expect(h.callNext()).toEqual({ ticketId: walkIn, rule: 'overdue_walk_in' });
    h.hall.ok({ type: 'ticket.complete', ...W5, ticketId: walkIn });
    expect(h.callNext().ticketId).toBe(lateGreen);
  });

  it('keeps the green channel’s lead when every walk-in has waited long (an overloaded hall)', () => {
    const h = hallWith(withRules((c) => (c.queueRules.fairness.maxPriorityStreak = 50)));
    const old = h.take();
    h.hall.now += 20 * MIN;
    const recent = h.take();
    h.hall.now += 20 * MIN;
    const green = h.take('comprehensive', 'green'); // 40 min after `old`, 20 after `recent`
    h.hall.ok({ type: 'window.open', ...W5 });
    expect(h.callNext()).toEqual({ ticketId: old, rule: 'overdue_walk_in' });
    h.hall.ok({ type: 'ticket.complete', ...W5, ticketId: old });
    expect(h.callNext()).toEqual({ ticketId: green, rule: 'priority' }); // still ahead of `recent`
    h.hall.ok({ type: 'ticket.complete', ...W5, ticketId: green });
    expect(h.callNext().ticketId).toBe(recent);
  });

  it('never calls at a window a ticket of a queue it does not serve', () => {
    const h = hallWith();
    h.take('ems');
    h.hall.ok({ type: 'window.open', ...W5 });
    expectRefused(h, { type: 'ticket.call_next', ...W5 }, 'QUEUE_EMPTY');
  });

  it('指呼 calls a named waiting ticket of this window’s queues, and refuses others', () => {
    const h = hallWith();
    h.take();
    const second = h.take();
    const ems = h.take('ems');
    h.hall.ok({ type: 'window.open', ...W5 });
    expectRefused(h, { type: 'ticket.call_number', ...W5, ticketId: ems }, 'FORBIDDEN');
    const e = h.hall.ok({ type: 'ticket.call_number', ...W5, ticketId: second });
    expect(e).toMatchObject({ type: 'ticket.called', ticketId: second, rule: 'by_number' });
    expectRefused(h, { type: 'ticket.call_number', ...W5, ticketId: second }, 'WINDOW_BUSY');
  });
});

describe('重呼 and 过号', () => {
  it('allows recalls up to maxCalls, then refuses with LIMIT_REACHED', () => {
    const h = hallWith();
    const t = h.take();
    h.hall.ok({ type: 'window.open', ...W5 });
    h.callNext();
    expect(h.act({ type: 'ticket.recall', ...W5, ticketId: t }).ok).toBe(true);
    expect(h.act({ type: 'ticket.recall', ...W5, ticketId: t }).ok).toBe(true);
    expect(h.hall.state.tickets[t]?.callCount).toBe(3);
    expectRefused(h, { type: 'ticket.recall', ...W5, ticketId: t }, 'LIMIT_REACHED');
    expect(h.hall.state.recentCalls.filter((c) => c.ticketId === t).map((c) => c.recall ?? false)).toEqual([true, true, false]);
  });

  it('refuses 过号 before the grace with the seconds left, accepts it after', () => {
    const h = hallWith();
    const t = h.take();
    h.hall.ok({ type: 'window.open', ...W5 });
    h.callNext();
    h.hall.now += 30_000;
    const error = expectRefused(h, { type: 'ticket.no_show', ...W5, ticketId: t }, 'TOO_EARLY');
    expect(error?.retryAfterSeconds).toBe(90);
    h.hall.now += 90_000;
    expect(h.hall.ok({ type: 'ticket.no_show', ...W5, ticketId: t })).toMatchObject({ type: 'ticket.no_show', calls: 1 });
    expect(h.hall.state.windows['5']).toMatchObject({ status: 'idle', current: undefined });
  });

  it('requeues a returning no-show once, behind requeueBehind tickets, and then says 过号无效', () => {
    const h = hallWith();
    const t = h.take();
    const others = [h.take(), h.take(), h.take(), h.take(), h.take()];
    h.hall.ok({ type: 'window.open', ...W5 });
    expect(h.callNext().ticketId).toBe(t);
    h.hall.now += 121_000;
    h.hall.ok({ type: 'ticket.no_show', ...W5, ticketId: t });
    const requeued = h.act({ type: 'ticket.requeue', ticketId: t, by: { staffId: '1009', window: 5 } });
    expect(requeued.ok && requeued.event).toMatchObject({ type: 'ticket.requeued', behind: 3 });
    const ticket = h.hall.state.tickets[t];
    expect(ticket && ticketWait(h.hall.state, h.hall.config, ticket, h.hall.now).ahead).toBe(3);
    const order: string[] = [];
    for (let i = 0; i < 6; i++) {
      const { ticketId } = h.callNext();
      order.push(ticketId);
      if (ticketId !== t) h.hall.ok({ type: 'ticket.complete', ...W5, ticketId });
      else break;
    }
    expect(order).toEqual([others[0], others[1], others[2], t]);
    h.hall.now += 121_000;
    h.hall.ok({ type: 'ticket.no_show', ...W5, ticketId: t });
    const error = expectRefused(h, { type: 'ticket.requeue', ticketId: t, by: { staffId: '1009', window: 5 } }, 'LIMIT_REACHED');
    expect(error?.message).toContain('过号无效');
  });

  it('with policy "void" a no-show cannot be requeued', () => {
    const h = hallWith(withRules((c) => (c.queueRules.noShow.policy = 'void')));
    const t = h.take();
    h.hall.ok({ type: 'window.open', ...W5 });
    h.callNext();
    h.hall.now += 121_000;
    h.hall.ok({ type: 'ticket.no_show', ...W5, ticketId: t });
    expectRefused(h, { type: 'ticket.requeue', ticketId: t, by: { staffId: '9001' } }, 'LIMIT_REACHED');
  });

  it('does not requeue yesterday’s no-show', () => {
    const h = hallWith();
    const t = h.take();
    h.hall.ok({ type: 'window.open', ...W5 });
    h.callNext();
    h.hall.now += 121_000;
    h.hall.ok({ type: 'ticket.no_show', ...W5, ticketId: t });
    h.hall.now += 24 * 60 * MIN;
    expectRefused(h, { type: 'ticket.requeue', ticketId: t, by: { staffId: '9001' } }, 'LIMIT_REACHED');
  });
});

describe('转办, 挂起, 作废, 绿色通道', () => {
  it('transfers to another queue keeping the place in line (the visitor does not wait twice)', () => {
    const h = hallWith();
    const t = h.take();
    h.hall.now += 20 * MIN;
    const laterTax = h.take('tax');
    h.hall.ok({ type: 'window.open', ...W5 });
    h.callNext();
    const e = h.act({ type: 'ticket.transfer', ...W5, ticketId: t, toQueueId: 'tax', note: '需补办税务登记' });
    expect(e.ok && e.event).toMatchObject({ type: 'ticket.transferred', fromQueueId: 'comprehensive', toQueueId: 'tax', note: '需补办税务登记' });
    expect(h.hall.state.tickets[t]).toMatchObject({ status: 'waiting', queueId: 'tax', transfers: 1, note: '需补办税务登记' });
    h.hall.ok({ type: 'window.open', clerkId: '1017', window: 9 });
    expect(h.callNext({ clerkId: '1017', window: 9 }).ticketId).toBe(t); // ahead of the tax ticket issued 20 minutes later
    expect(h.hall.state.tickets[laterTax]?.status).toBe('waiting');
  });

  it('transfers to a named window: only that window calls it, and it goes first there', () => {
    const h = hallWith();
    const t = h.take();
    h.take();
    h.hall.ok({ type: 'window.open', ...W5 });
    h.hall.ok({ type: 'window.open', ...W6 });
    h.hall.ok({ type: 'window.open', clerkId: '1015', window: 8 });
    h.callNext();
    h.hall.ok({ type: 'ticket.transfer', ...W5, ticketId: t, toWindow: 8 });
    expect(h.hall.state.tickets[t]).toMatchObject({ forWindow: 8, queueId: 'comprehensive' });
    expect(h.callNext(W6).ticketId).not.toBe(t);
    expect(h.callNext({ clerkId: '1015', window: 8 })).toEqual({ ticketId: t, rule: 'named_window' });
  });

  it('a ticket transferred to a named window lines up there as the window’s first queue, by its issue time (README formula)', () => {
    // Window 5 serves comprehensive (first), enterprise (second), real-estate, tax. An enterprise ticket
    // transferred to window 5 is placed at its issue time: behind a comprehensive walk-in who came
    // 5 minutes before it, ahead of one who came 5 minutes after — not a step ahead, not a step behind.
    const h = hallWith();
    const before = h.take('comprehensive');
    h.hall.now += 5 * MIN;
    const transferred = h.take('enterprise');
    h.hall.now += 5 * MIN;
    const after = h.take('comprehensive');
    const untouched = h.take('enterprise');
    h.hall.ok({ type: 'window.open', clerkId: '1015', window: 8 }); // enterprise first
    expect(h.callNext({ clerkId: '1015', window: 8 }).ticketId).toBe(transferred);
    h.act({ type: 'ticket.transfer', clerkId: '1015', window: 8, ticketId: transferred, toWindow: 5, note: '转综合窗口' });
    h.act({ type: 'window.close', clerkId: '1015', window: 8 });
    const w5 = demoConfig.windows.find((w) => w.number === 5)!;
    const { queueStepMinutes } = demoConfig.queueRules.fairness;
    const ticket = (id: string) => h.hall.state.tickets[id]!;
    // place = issue time + queueStepMinutes × position, with position 0 for a ticket sent to this very window.
    expect(placeAt(ticket(transferred), w5, demoConfig.queueRules.fairness)).toBe(ticket(transferred).issuedAt);
    expect(placeAt(ticket(untouched), w5, demoConfig.queueRules.fairness)).toBe(ticket(untouched).issuedAt + queueStepMinutes * MIN);
    h.hall.ok({ type: 'window.open', ...W5 });
    const order: string[] = [];
    for (let i = 0; i < 4; i++) {
      const { ticketId, rule } = h.callNext();
      order.push(`${h.numberOf(ticketId)}${rule === 'named_window' ? ' (named window)' : ''}`);
      h.hall.ok({ type: 'ticket.complete', ...W5, ticketId });
    }
    expect(order).toEqual([h.numberOf(before), `${h.numberOf(transferred)} (named window)`, h.numberOf(after), h.numberOf(untouched)]);
  });

  it('refuses transfers to nowhere new, to itself, to an unknown queue or to a window of other business', () => {
    const h = hallWith();
    const t = h.take();
    h.hall.ok({ type: 'window.open', ...W5 });
    h.callNext();
    expectRefused(h, { type: 'ticket.transfer', ...W5, ticketId: t, toQueueId: 'comprehensive' }, 'BAD_REQUEST');
    expectRefused(h, { type: 'ticket.transfer', ...W5, ticketId: t, toWindow: 5 }, 'BAD_REQUEST');
    expectRefused(h, { type: 'ticket.transfer', ...W5, ticketId: t, toQueueId: 'nope' }, 'NOT_FOUND');
    expectRefused(h, { type: 'ticket.transfer', ...W5, ticketId: t, toQueueId: 'tax', toWindow: 7 }, 'BAD_REQUEST');
  });

  it('parks a ticket, frees the counter, resumes it at another window of the queue; parked time is not service time', () => {
    const h = hallWith();
    const t = h.take();
    const next = h.take();
    h.hall.ok({ type: 'window.open', ...W5 });
    h.hall.ok({ type: 'window.open', ...W6 });
    h.callNext();
    h.act({ type: 'ticket.start', ...W5, ticketId: t });
    h.hall.now += 4 * MIN;
    h.hall.ok({ type: 'ticket.park', ...W5, ticketId: t, note: '回家取户口本' });
    expect(h.callNext().ticketId).toBe(next); // the counter is free for the next visitor
    h.hall.now += 40 * MIN;
    h.hall.ok({ type: 'ticket.resume', ...W6, ticketId: t });
    expect(h.hall.state.tickets[t]).toMatchObject({ status: 'called', window: 6, parkedMs: 40 * MIN });
    h.act({ type: 'ticket.start', ...W6, ticketId: t }, 0);
    h.hall.now += 3 * MIN;
    const done = h.hall.ok({ type: 'ticket.complete', ...W6, ticketId: t });
    expect(done).toMatchObject({ serviceMs: 7 * MIN, parkedMs: 40 * MIN });
  });

  it('cancels with a reason from any open state; a clerk only within their queues', () => {
    const h = hallWith();
    const t = h.take();
    const ems = h.take('ems');
    expectRefused(h, { type: 'ticket.cancel', ticketId: ems, reason: 'duplicate', by: { staffId: '1009', window: 5 } }, 'FORBIDDEN');
    const e = h.act({ type: 'ticket.cancel', ticketId: t, reason: 'visitor_left', by: { staffId: '1009', window: 5 } });
    expect(e.ok).toBe(true);
    expect(h.hall.state.tickets[t]).toMatchObject({ status: 'cancelled', cancelReason: 'visitor_left' });
    expectRefused(h, { type: 'ticket.cancel', ticketId: t, reason: 'other', by: { staffId: '9001' } }, 'ILLEGAL_TRANSITION');
    expect(h.act({ type: 'ticket.cancel', ticketId: ems, reason: 'duplicate', by: { staffId: '9001' } }).ok).toBe(true);
  });

  it('cancelling the ticket at the counter frees the window', () => {
    const h = hallWith();
    const t = h.take();
    h.hall.ok({ type: 'window.open', ...W5 });
    h.callNext();
    h.hall.ok({ type: 'ticket.cancel', ticketId: t, reason: 'wrong_item', by: { staffId: '1009', window: 5 } });
    expect(h.hall.state.windows['5']).toMatchObject({ status: 'idle', current: undefined });
  });

  it('staff move a waiting ticket into the green channel; a kiosk green ticket needs a reason', () => {
    const h = hallWith();
    const first = h.take();
    const elder = h.take();
    h.hall.ok({ type: 'ticket.prioritise', ticketId: elder, reason: 'elderly', by: { staffId: '1009', window: 5 } });
    h.hall.ok({ type: 'window.open', ...W5 });
    expect(h.callNext().ticketId).toBe(elder);
    expect(h.hall.state.tickets[first]?.status).toBe('waiting');
    expectRefused(h, { type: 'ticket.take', deviceId: 'k', queueId: 'comprehensive', class: 'green' }, 'BAD_REQUEST');
  });
});

describe('illegal steps are refused with a typed error and change nothing', () => {
  it('refuses completing a ticket never called, calling a finished one, and acting on another window’s ticket', () => {
    const h = hallWith();
    const t = h.take();
    h.hall.ok({ type: 'window.open', ...W5 });
    h.hall.ok({ type: 'window.open', ...W6 });
    expectRefused(h, { type: 'ticket.complete', ...W5, ticketId: t }, 'ILLEGAL_TRANSITION');
    h.callNext();
    expectRefused(h, { type: 'ticket.complete', ...W6, ticketId: t }, 'ILLEGAL_TRANSITION');
    expectRefused(h, { type: 'ticket.park', ...W6, ticketId: t }, 'ILLEGAL_TRANSITION');
    h.hall.ok({ type: 'ticket.complete', ...W5, ticketId: t });
    expectRefused(h, { type: 'ticket.call_number', ...W6, ticketId: t }, 'ILLEGAL_TRANSITION');
    expectRefused(h, { type: 'ticket.resume', ...W6, ticketId: t }, 'ILLEGAL_TRANSITION');
    expectRefused(h, { type: 'ticket.requeue', ticketId: t, by: { staffId: '9001' } }, 'ILLEGAL_TRANSITION');
    expectRefused(h, { type: 'ticket.recall', ...W5, ticketId: 'nope' }, 'NOT_FOUND');
  });

  it('a paused window cannot call; it must be idle to pause and paused to resume', () => {
    const h = hallWith();
    const t = h.take();
    h.take();
    h.hall.ok({ type: 'window.open', ...W5 });
    h.callNext();
    expectRefused(h, { type: 'window.pause', ...W5, reason: 'break' }, 'WINDOW_BUSY');
    h.hall.ok({ type: 'ticket.complete', ...W5, ticketId: t });
    expectRefused(h, { type: 'window.resume', ...W5 }, 'ILLEGAL_TRANSITION');
    h.hall.ok({ type: 'window.pause', ...W5, reason: 'meeting', note: '科室例会' });
    expectRefused(h, { type: 'ticket.call_next', ...W5 }, 'WINDOW_PAUSED');
    h.hall.now += 15 * MIN;
    expect(h.hall.ok({ type: 'window.resume', ...W5 })).toMatchObject({ type: 'window.resumed', pausedMs: 15 * MIN });
    expect(h.callNext().ticketId).toBeTruthy();
  });
});

describe('numbering limits', () => {
  it('stops at the daily cap and says why', () => {
    const h = hallWith(withRules((c) => (c.queues.find((q) => q.id === 'ems')!.dailyCap = 2)));
    h.take('ems');
    h.take('ems');
    const error = expectRefused(h, { type: 'ticket.take', deviceId: 'k', queueId: 'ems' }, 'DAILY_CAP_REACHED');
    expect(error?.message).toContain('已全部发完');
    h.hall.now += 24 * 60 * MIN; // a new day, a new allowance
    expect(h.take('ems')).toMatch(/\/J001$/);
  });

  it('stops issuing at the queue’s cut-off time, local time', () => {
    const h = hallWith(withRules((c) => (c.queues.find((q) => q.id === 'tax')!.cutoff = '16:30')));
    h.hall.now = Date.parse('2026-11-21T16:29:00+08:00');
    h.take('tax');
    h.hall.now = Date.parse('2026-11-21T16:30:00+08:00');
    const error = expectRefused(h, { type: 'ticket.take', deviceId: 'k', queueId: 'tax' }, 'TICKETING_CLOSED');
    expect(error?.message).toContain('16:30');
    expect(h.take('comprehensive')).toBeTruthy(); // other queues are not affected
  });

  it('drops the ended tickets of earlier days, keeps open ones callable', () => {
    const h = hallWith();
    const done = h.take();
    const noShow = h.take();
    const open = h.take();
    h.hall.ok({ type: 'window.open', ...W5 });
    h.hall.ok({ type: 'ticket.complete', ...W5, ticketId: h.callNext().ticketId });
    h.callNext();
    h.hall.now += 121_000;
    h.hall.ok({ type: 'ticket.no_show', ...W5, ticketId: noShow });
    h.hall.now += 24 * 60 * MIN;
    h.take();
    expect(h.hall.state.tickets[done]).toBeUndefined();
    expect(h.hall.state.tickets[noShow]).toBeUndefined();
    expect(h.callNext().ticketId).toBe(open);
  });
});

describe('estimated wait', () => {
  it('uses the configured minutes until real visits arrive; no minutes before a window opens', () => {
    const h = hallWith(withRules((c) => (c.queueRules.estimate.defaultServiceMinutes = 10)));
    h.take('ems');
    h.take('ems');
    // No window open yet: two ahead of a new ticket, and no promise of minutes.
    expect(newTicketWait(h.hall.state, h.hall.config, 'ems', h.hall.now)).toEqual({ ahead: 2, wait: { kind: 'not_open' } });
    h.hall.ok({ type: 'window.open', clerkId: '1013', window: 7 });
    // Window 7 free: the two are called now and in 10 minutes, a new ticket in 20.
    expect(newTicketWait(h.hall.state, h.hall.config, 'ems', h.hall.now)).toEqual({ ahead: 2, wait: { kind: 'minutes', minutes: 20 } });
  });

  it('learns from the window time of each visit (call → counter free)', () => {
    const h = hallWith(withRules((c) => (c.queueRules.estimate.defaultServiceMinutes = 10)));
    h.hall.ok({ type: 'window.open', clerkId: '1013', window: 7 });
    for (let i = 0; i < 12; i++) {
      h.take('ems');
      const { ticketId } = h.callNext({ clerkId: '1013', window: 7 });
      h.hall.now += 2 * MIN;
      h.hall.ok({ type: 'ticket.complete', clerkId: '1013', window: 7, ticketId });
    }
    // (12 × 2 + 3 × 10) / 15 = 3.6 min per visitor.
    expect(averageVisitMs(h.hall.state, h.hall.config, 'ems')).toBeCloseTo(3.6 * MIN, -2);
    const t = h.take('ems');
    const u = h.take('ems');
    expect(ticketWait(h.hall.state, h.hall.config, h.hall.state.tickets[t]!, h.hall.now)).toEqual({ ahead: 0, wait: { kind: 'now' } });
    expect(ticketWait(h.hall.state, h.hall.config, h.hall.state.tickets[u]!, h.hall.now)).toEqual({ ahead: 1, wait: { kind: 'minutes', minutes: 4 } });
  });
});

describe('what public screens see', () => {
  it('strips staff notes and reads every green reason as "other"', () => {
    const h = hallWith();
    const t = h.take('comprehensive', 'green');
    h.hall.ok({ type: 'window.open', ...W5 });
    h.callNext();
    h.hall.ok({ type: 'ticket.park', ...W5, ticketId: t, note: '张三 回家取身份证' });
    const pub = publicState(h.hall.state);
    expect(pub.tickets[t]).toMatchObject({ priorityReason: 'other', status: 'parked' });
    expect(pub.tickets[t]?.note).toBeUndefined();
    expect(JSON.stringify(h.hall.log.map((e) => publicEvent(e.event)))).not.toMatch(/张三|elderly/);
    // The public fold of the public deltas is the public projection of the state.
    const folded = initialHallState(demoConfig);
    for (const e of h.hall.log) evolve(folded, { ...e, event: publicEvent(e.event) });
    expect(JSON.parse(JSON.stringify(folded))).toEqual(JSON.parse(JSON.stringify(pub)));
    expect(h.hall.state.tickets[t]?.note).toBe('张三 回家取身份证'); // staff still see it
  });

  it('strips why a window is paused (reason and note), and the public fold equals the public projection after every event', () => {
    const h = hallWith();
    const t = h.take('comprehensive');
    h.hall.ok({ type: 'window.open', ...W5 });
    h.hall.ok({ type: 'window.pause', ...W5, reason: 'meeting', note: '科室周例会' });
    const folded = initialHallState(demoConfig);
    const check = () => {
      for (const e of h.hall.log.slice(folded.seq)) evolve(folded, { ...e, event: publicEvent(e.event) });
      expect(JSON.parse(JSON.stringify(folded))).toEqual(JSON.parse(JSON.stringify(publicState(h.hall.state))));
    };
    check();
    const pub = publicState(h.hall.state);
    expect(pub.windows['5']).toMatchObject({ status: 'paused' });
    expect(pub.windows['5']?.pauseReason).toBeUndefined();
    expect(JSON.stringify([pub, h.hall.log.map((e) => publicEvent(e.event))])).not.toMatch(/meeting|科室周例会/);
    expect(h.hall.state.windows['5']?.pauseReason).toBe('meeting'); // staff still see it
    for (const reason of ['break', 'system', 'other'] as const) {
      h.hall.ok({ type: 'window.resume', ...W5 });
      h.hall.ok({ type: 'window.pause', ...W5, reason });
      check();
      expect(publicState(h.hall.state).windows['5']?.pauseReason).toBeUndefined();
    }
    h.hall.ok({ type: 'window.resume', ...W5 });
    h.callNext();
    h.hall.ok({ type: 'ticket.complete', ...W5, ticketId: t });
    check();
  });
});
