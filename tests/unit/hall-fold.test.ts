import { describe, expect, it } from 'vitest';
import { evolve, EvolveError } from '../../state-machines/hall/evolve.ts';
import { initialHallState } from '../../state-machines/hall/state.ts';
import { demoConfig, TEN_AM } from '../support/demo.ts';
import { MemoryHall } from '../support/fold.ts';

const take = (queueId: string, itemId?: string) => ({ type: 'ticket.take' as const, deviceId: 'kiosk-1f-1', queueId, itemId });
const open = (window: number, clerkId: string) => ({ type: 'window.open' as const, window, clerkId });
const callNext = (window: number, clerkId: string) => ({ type: 'ticket.call_next' as const, window, clerkId });

describe('ticket numbering', () => {
  it('gives each queue its own daily sequence with the queue prefix', () => {
    const hall = new MemoryHall(demoConfig, TEN_AM);
    const numbers = [take('comprehensive'), take('comprehensive'), take('police'), take('comprehensive')].map((c) => {
      const e = hall.ok(c);
      return e.type === 'ticket.issued' ? e.number : '';
    });
    expect(numbers).toEqual(['A001', 'A002', 'C001', 'A003']);
  });

  it('restarts at local midnight in Asia/Shanghai, not at UTC midnight', () => {
    const hall = new MemoryHall(demoConfig, Date.parse('2026-11-21T23:58:00+08:00'));
    hall.ok(take('comprehensive'));
    hall.ok(take('comprehensive'));
    // 00:30 Shanghai is still 16:30 UTC of the previous day: numbers must restart anyway.
    hall.now = Date.parse('2026-11-22T00:30:00+08:00');
    const e = hall.ok(take('comprehensive'));
    expect(e.type === 'ticket.issued' && [e.number, e.serviceDay]).toEqual(['A001', '2026-11-22']);
    // …and 07:59 UTC (15:59 local) of the same day does not restart.
    hall.now = Date.parse('2026-11-22T15:59:00+08:00');
    const f = hall.ok(take('comprehensive'));
    expect(f.type === 'ticket.issued' && f.number).toBe('A002');
  });

  it('keeps a ticket still open at midnight valid and callable the next day', () => {
    const hall = new MemoryHall(demoConfig, Date.parse('2026-11-21T17:20:00+08:00'));
    const late = hall.ok(take('comprehensive'));
    const done = hall.ok(take('comprehensive'));
    hall.ok(open(5, '1009'));
    hall.ok(callNext(5, '1009'));
    const firstId = late.type === 'ticket.issued' ? late.ticketId : '';
    hall.ok({ type: 'ticket.complete', window: 5, clerkId: '1009', ticketId: firstId });
    hall.now = Date.parse('2026-11-22T08:31:00+08:00');
    hall.ok(take('comprehensive'));
    const doneId = done.type === 'ticket.issued' ? done.ticketId : '';
    expect(hall.state.tickets[firstId]).toBeUndefined(); // finished yesterday: dropped from live state
    expect(hall.state.tickets[doneId]?.status).toBe('waiting'); // still open: kept
    const called = hall.ok(callNext(5, '1009'));
    expect(called.type === 'ticket.called' && called.ticketId).toBe(doneId);
  });

  it('refuses unknown queues and items that belong to another queue, changing nothing', () => {
    const hall = new MemoryHall(demoConfig, TEN_AM);
    const before = JSON.stringify(hall.state);
    const unknown = hall.run(take('no-such-queue'));
    expect(!unknown.ok && unknown.error.code).toBe('NOT_FOUND');
    const policeItem = demoConfig.items.find((i) => i.queue === 'police')!;
    const wrong = hall.run(take('comprehensive', policeItem.id));
    expect(!wrong.ok && wrong.error).toMatchObject({ code: 'BAD_REQUEST', field: 'itemId' });
    expect(JSON.stringify(hall.state)).toBe(before);
  });
});

describe('calling at a window', () => {
  it('calls first come first served within the window’s queue order', () => {
    const hall = new MemoryHall(demoConfig, TEN_AM);
    const win5 = demoConfig.windows.find((w) => w.number === 5)!;
    const [first, second] = win5.queues;
    hall.now += 1;
    const b1 = hall.ok(take(second!));
    hall.now += 1;
    const a1 = hall.ok(take(first!));
    hall.now += 1;
    const a2 = hall.ok(take(first!));
    hall.ok(open(5, '1009'));
    const order: string[] = [];
    for (let i = 0; i < 3; i++) {
      const called = hall.ok(callNext(5, '1009'));
      const id = called.type === 'ticket.called' ? called.ticketId : '';
      order.push(hall.state.tickets[id]!.number);
      hall.ok({ type: 'ticket.complete', window: 5, clerkId: '1009', ticketId: id });
    }
    const num = (e: typeof a1) => (e.type === 'ticket.issued' ? e.number : '');
    expect(order).toEqual([num(a1), num(a2), num(b1)]);
  });

  it('never gives one ticket to two windows', () => {
    const hall = new MemoryHall(demoConfig, TEN_AM);
    hall.ok(take('comprehensive'));
    hall.ok(open(5, '1009'));
    hall.ok(open(6, '1011'));
    hall.ok(callNext(5, '1009'));
    const second = hall.run(callNext(6, '1011'));
    expect(!second.ok && second.error.code).toBe('QUEUE_EMPTY');
  });

  it('refuses out-of-order actions with typed errors', () => {
    const hall = new MemoryHall(demoConfig, TEN_AM);
    const t = hall.ok(take('comprehensive'));
    const ticketId = t.type === 'ticket.issued' ? t.ticketId : '';
    const closedCall = hall.run(callNext(5, '1009'));
    expect(!closedCall.ok && closedCall.error.code).toBe('WINDOW_NOT_OPEN');
    hall.ok(open(5, '1009'));
    const again = hall.run(open(5, '1009'));
    expect(!again.ok && again.error.code).toBe('ILLEGAL_TRANSITION');
    const neverCalled = hall.run({ type: 'ticket.complete', window: 5, clerkId: '1009', ticketId });
    expect(!neverCalled.ok && neverCalled.error.code).toBe('ILLEGAL_TRANSITION');
    hall.ok(callNext(5, '1009'));
    const busy = hall.run(callNext(5, '1009'));
    expect(!busy.ok && busy.error.code).toBe('WINDOW_BUSY');
    const closeBusy = hall.run({ type: 'window.close', window: 5, clerkId: '1009' });
    expect(!closeBusy.ok && closeBusy.error.code).toBe('WINDOW_BUSY');
    hall.ok({ type: 'ticket.complete', window: 5, clerkId: '1009', ticketId });
    const twice = hall.run({ type: 'ticket.complete', window: 5, clerkId: '1009', ticketId });
    expect(!twice.ok && twice.error.code).toBe('ILLEGAL_TRANSITION');
    const unknownWindow = hall.run(open(99, '1009'));
    expect(!unknownWindow.ok && unknownWindow.error.code).toBe('NOT_FOUND');
  });
});

describe('the fold', () => {
  it('rebuilds the same state from the log alone', () => {
    const hall = new MemoryHall(demoConfig, TEN_AM);
    for (let i = 0; i < 5; i++) hall.ok(take(i % 2 ? 'police' : 'comprehensive'));
    hall.ok(open(5, '1009'));
    hall.ok(callNext(5, '1009'));
    const replayed = hall.log.reduce((s, e) => evolve(s, e), initialHallState(demoConfig));
    expect(replayed).toEqual(hall.state);
  });

  it('refuses an event out of sequence or one the machines do not allow', () => {
    const state = initialHallState(demoConfig);
    expect(() => evolve(state, { seq: 2, at: TEN_AM, event: { type: 'window.opened', window: 5, clerkId: '1009' } })).toThrow(EvolveError);
    expect(() => evolve(state, { seq: 1, at: TEN_AM, event: { type: 'ticket.completed', ticketId: 'x', window: 5, clerkId: '1009' } })).toThrow(
      /unknown ticket/,
    );
  });
});
