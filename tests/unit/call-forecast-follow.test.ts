/**
 * The kept call forecast (state-machines/hall/call-forecast.ts) answers
 * exactly as a forecast made afresh: over random hall days (takes of every
 * class, windows opening, pausing and closing, calls, visits, 过号, 转办, 挂起,
 * 过号重排, 绿色通道), after every command and at later moments with no command
 * in between, every waiting ticket's place, every queue's tile for each class
 * and the whole order are compared, for the serving windows and for every
 * window. And the point of keeping it: most receipts are answered by following
 * the take, not by a new forecast.
 */
import { describe, expect, it } from 'vitest';
import type { TicketClass } from '../../state-machines/domain/ticket.ts';
import { forecastCalls, forecastCounts, freshForecast, type CallForecast } from '../../state-machines/hall/call-forecast.ts';
import { ticketWait } from '../../state-machines/hall/estimate.ts';
import { seededRandom } from '../support/day-simulation.ts';
import { demoConfig, TEN_AM } from '../support/demo.ts';
import { MemoryHall } from '../support/fold.ts';

const MIN = 60_000;
const CLASSES: TicketClass[] = ['walk_in', 'green', 'appointment'];

/** Everything a forecast tells, in one comparable value. */
function told(hall: MemoryHall, f: CallForecast) {
  const waiting = Object.values(hall.state.tickets).filter((t) => t.status === 'waiting');
  // A ticket's place first: it plays out only as far as that ticket (the server's receipt); then all of it.
  const places = waiting.map((t) => [t.id, f.placeOf(t)]);
  return {
    now: f.now,
    lanes: f.lanes,
    places,
    tiles: hall.config.queues.flatMap((q) => CLASSES.map((c) => [q.id, c, f.placeOfNew(q.id, c)])),
    order: f.order,
  };
}

function compareAt(hall: MemoryHall, now: number, where: string): void {
  for (const mode of ['serving', 'all'] as const) {
    const kept = told(hall, forecastCalls(hall.state, hall.config, now, mode));
    const fresh = told(hall, freshForecast(hall.state, hall.config, now, mode));
    expect(kept, `${where} (${mode})`).toEqual(fresh);
  }
}

function clerkOf(window: number): string {
  return demoConfig.windows.find((w) => w.number === window)!.posts.a;
}

/** A day of random commands; `check` after each one. Returns how many tickets were taken. */
function randomDay(seed: number, steps: number, check: (hall: MemoryHall, step: number) => void): number {
  const random = seededRandom(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const hall = new MemoryHall(demoConfig, TEN_AM - 60 * MIN);
  const queues = demoConfig.queues.map((q) => q.id);
  const windows = demoConfig.windows.map((w) => w.number);
  let taken = 0;
  for (let step = 0; step < steps; step++) {
    const r = random();
    const w = pick(windows);
    const clerkId = clerkOf(w);
    const record = hall.state.windows[String(w)];
    if (r < 0.55) {
      const cls = random() < 0.8 ? 'walk_in' : pick(CLASSES);
      const d = hall.run({ type: 'ticket.take', deviceId: 'k', queueId: pick(queues), class: cls, priorityReason: cls === 'green' ? 'elderly' : undefined });
      if (d.ok) taken++;
    } else if (r < 0.65) {
      hall.run({ type: 'window.open', clerkId, window: w });
    } else if (r < 0.85) {
      const current = record?.current;
      if (current) {
        const x = random();
        if (x < 0.6) hall.run({ type: 'ticket.complete', clerkId, window: w, ticketId: current });
        else if (x < 0.75) hall.run({ type: 'ticket.no_show', clerkId, window: w, ticketId: current });
        else if (x < 0.85) {
          const to = demoConfig.windows.find((o) => o.number !== w && o.queues.includes(hall.state.tickets[current]!.queueId));
          if (to) hall.run({ type: 'ticket.transfer', clerkId, window: w, ticketId: current, toWindow: to.number });
        } else if (x < 0.92) hall.run({ type: 'ticket.park', clerkId, window: w, ticketId: current });
        else hall.run({ type: 'ticket.start', clerkId, window: w, ticketId: current });
      } else hall.run({ type: 'ticket.call_next', clerkId, window: w });
    } else if (r < 0.9) {
      hall.run(record?.status === 'paused' ? { type: 'window.resume', clerkId, window: w } : { type: 'window.pause', clerkId, window: w, reason: 'break' });
    } else if (r < 0.93) {
      hall.run({ type: 'window.close', clerkId, window: w });
    } else if (r < 0.97) {
      const t = pick(Object.values(hall.state.tickets));
      if (t) hall.run({ type: 'ticket.requeue', ticketId: t.id, by: { staffId: '9001' } });
    } else {
      const t = pick(Object.values(hall.state.tickets));
      if (t) hall.run({ type: 'ticket.prioritise', ticketId: t.id, reason: 'elderly', by: { staffId: '9001' } });
    }
    check(hall, step);
    // Mostly the seconds between kiosk takes; now and then minutes with nothing decided.
    hall.now += random() < 0.9 ? Math.floor(random() * 20_000) : Math.floor(random() * 6 * MIN);
  }
  return taken;
}

describe('the kept call forecast', () => {
  it('answers exactly as a fresh forecast at every step of random days, and at later moments without a command', () => {
    let checks = 0;
    for (let seed = 1; seed <= 3; seed++) {
      randomDay(seed, 250, (hall, step) => {
        compareAt(hall, hall.now, `seed ${seed} step ${step}`);
        // Time passing with no event: a free window's moment moves with now, a busy one's stays.
        compareAt(hall, hall.now + 7_000, `seed ${seed} step ${step} +7 s`);
        compareAt(hall, hall.now + 4 * MIN + 1, `seed ${seed} step ${step} +4 min`);
        checks++;
      });
    }
    expect(checks).toBe(750);
  }, 120_000);

  it('a morning like the bench’s: takes round-robin over every queue seconds apart, windows closed, then some open and busy', () => {
    const hall = new MemoryHall(demoConfig, TEN_AM - 30 * MIN);
    const queues = demoConfig.queues.map((q) => q.id);
    const random = seededRandom(5);
    const takeAndAsk = (i: number) => {
      hall.now += Math.floor(random() * 3000);
      const cls = i % 17 === 0 ? 'green' : 'walk_in';
      const e = hall.ok({
        type: 'ticket.take',
        deviceId: 'k',
        queueId: queues[i % queues.length]!,
        class: cls,
        priorityReason: cls === 'green' ? 'elderly' : undefined,
      });
      const id = e.type === 'ticket.issued' ? e.ticketId : '';
      // The receipt first (played out only as far as this ticket), as the server asks; now and then the whole of it.
      const t = hall.state.tickets[id]!;
      for (const mode of ['serving', 'all'] as const) {
        const at = hall.now + (i % 3) * 45_000;
        expect(forecastCalls(hall.state, hall.config, at, mode).placeOf(t), `take ${i} (${mode})`).toEqual(
          freshForecast(hall.state, hall.config, at, mode).placeOf(t),
        );
      }
      if (i % 10 === 0) compareAt(hall, hall.now + 20_000, `take ${i}`);
    };
    for (let i = 0; i < 200; i++) takeAndAsk(i);
    for (const w of [1, 5, 7, 9, 10, 12]) {
      hall.ok({ type: 'window.open', clerkId: clerkOf(w), window: w });
      if (w !== 10) hall.ok({ type: 'ticket.call_next', clerkId: clerkOf(w), window: w });
      hall.now += 20_000;
    }
    for (let i = 200; i < 400; i++) takeAndAsk(i);
  });

  it('a question that plays further than the last one, at a later moment: answered as afresh (renewed if the new steps do not hold then)', () => {
    const before = forecastCounts.renewed;
    for (let seed = 11; seed <= 16; seed++) {
      const random = seededRandom(seed * 7);
      randomDay(seed, 200, (hall, step) => {
        const waiting = Object.values(hall.state.tickets).filter((t) => t.status === 'waiting');
        if (waiting.length === 0) return;
        // One ticket now, then another later: each played out only as far as it needs.
        forecastCalls(hall.state, hall.config, hall.now).placeOf(waiting[0]!);
        const later = hall.now + Math.floor(random() * 10 * MIN);
        const t = waiting[Math.floor(random() * waiting.length)]!;
        expect(forecastCalls(hall.state, hall.config, later).placeOf(t), `seed ${seed} step ${step}`).toEqual(
          freshForecast(hall.state, hall.config, later).placeOf(t),
        );
      });
    }
    expect(forecastCounts.renewed - before).toBeGreaterThan(0);
  });

  it('a priority ticket placed before what a window at its streak limit saw first: called once the walk-in has gone', () => {
    // Window 9 serves tax, then comprehensive (10 minutes' step). Three green calls in a row: the streak is at its limit.
    const hall = new MemoryHall(demoConfig, TEN_AM);
    const take = (queueId: string, cls: TicketClass) => {
      hall.now += MIN;
      const e = hall.ok({ type: 'ticket.take', deviceId: 'k', queueId, class: cls, priorityReason: cls === 'green' ? 'elderly' : undefined });
      return e.type === 'ticket.issued' ? e.ticketId : '';
    };
    hall.ok({ type: 'window.open', clerkId: '1017', window: 9 });
    for (let i = 0; i < 3; i++) {
      take('tax', 'green');
      const called = hall.ok({ type: 'ticket.call_next', clerkId: '1017', window: 9 });
      hall.ok({ type: 'ticket.complete', clerkId: '1017', window: 9, ticketId: called.type === 'ticket.called' ? called.ticketId : '' });
    }
    expect(hall.state.windows['9']!.priorityStreak).toBe(3);
    const walkIn = take('comprehensive', 'walk_in');
    const laterQueueGreen = take('comprehensive', 'green');
    compareAt(hall, hall.now, 'before');
    // A green tax ticket: placed before the comprehensive one (its queue is first at window 9), not before the walk-in's turn.
    const green = take('tax', 'green');
    compareAt(hall, hall.now, 'after');
    expect(forecastCalls(hall.state, hall.config, hall.now).order.map((c) => c.ticketId)).toEqual([walkIn, green, laterQueueGreen]);
  });

  it('answers a take’s receipt by following the take, not by a new forecast', () => {
    const before = { ...forecastCounts };
    let receipts = 0;
    const taken = randomDay(99, 600, (hall) => {
      // The server's receipt after each command (the newest ticket's place), as tickets.ts asks for it.
      const newest = Object.values(hall.state.tickets).at(-1);
      if (newest?.status !== 'waiting') return;
      ticketWait(hall.state, hall.config, newest, hall.now);
      receipts++;
    });
    const made = forecastCounts.made - before.made;
    const followed = forecastCounts.followed - before.followed;
    expect(taken).toBeGreaterThan(250);
    expect(followed).toBeGreaterThan(200);
    // Every non-take command makes the next receipt start afresh (two modes); takes do not.
    expect(made).toBeLessThan(2 * (600 - taken) + 0.2 * receipts);
  });
});
