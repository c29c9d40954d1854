/**
 * 您前面还有 N 人 and 预计等待 from the call forecast (state-machines/hall/call-forecast.ts,
 * estimate.ts), on the real decider + fold:
 *  - the forecast plays out exactly the order the server calls in (checked by
 *    replaying it through `decide` on random halls), and a ticket about to be
 *    taken gets exactly the place it then has;
 *  - the case: a green ticket taken when walk-ins have waited past the
 *    lead is told the true count and called in that position;
 *  - a ticket transferred to a named window, a parked ticket, the streak rule;
 *  - honest answers: 窗口暂未开放 before any window opens, 即到即叫 with a free
 *    window and nobody ahead, 暂无法估计 while its windows are paused, and the
 *    wall's tile agreeing with the tickets when one window opens;
 *  - the cost on a 1,500-ticket hall.
 */
import { describe, expect, it } from 'vitest';
import type { HallConfig } from '../../state-machines/config/hall-config.ts';
import type { HallEvent } from '../../state-machines/domain/events.ts';
import type { TicketClass } from '../../state-machines/domain/ticket.ts';
import { forecastCalls } from '../../state-machines/hall/call-forecast.ts';
import { newTicketWait, ticketWait } from '../../state-machines/hall/estimate.ts';
import { peopleAheadText, waitText } from '../../state-machines/hall/visitor-texts.ts';
import { seededRandom } from '../support/day-simulation.ts';
import { demoConfig, TEN_AM } from '../support/demo.ts';
import { MemoryHall } from '../support/fold.ts';

const MIN = 60_000;

function hallWith(config: HallConfig = demoConfig, start = TEN_AM) {
  const hall = new MemoryHall(config, start);
  const take = (queueId = 'comprehensive', cls: TicketClass = 'walk_in', advanceMs = 1000) => {
    hall.now += advanceMs;
    const e: HallEvent = hall.ok({ type: 'ticket.take', deviceId: 'k', queueId, class: cls, priorityReason: cls === 'green' ? 'elderly' : undefined });
    if (e.type !== 'ticket.issued') throw new Error(e.type);
    return e.ticketId;
  };
  const open = (window: number) => hall.ok({ type: 'window.open', clerkId: clerkOf(config, window), window });
  const callNext = (window: number) => {
    const e = hall.ok({ type: 'ticket.call_next', clerkId: clerkOf(config, window), window });
    return e.type === 'ticket.called' ? e.ticketId : '';
  };
  const complete = (window: number, ticketId: string) => hall.ok({ type: 'ticket.complete', clerkId: clerkOf(config, window), window, ticketId });
  const wait = (ticketId: string) => ticketWait(hall.state, hall.config, hall.state.tickets[ticketId]!, hall.now);
  return { hall, take, open, callNext, complete, wait };
}

function clerkOf(config: HallConfig, window: number): string {
  return config.windows.find((w) => w.number === window)!.posts.a;
}

/** The forecast's calls, replayed through the real decider on a copy of the hall: each must choose the same ticket. */
function replayForecast(hall: MemoryHall): { replayed: number; mismatches: string[] } {
  const forecast = forecastCalls(hall.state, hall.config, hall.now);
  const copy = new MemoryHall(hall.config, hall.now);
  copy.state = structuredClone(hall.state);
  const mismatches: string[] = [];
  for (const call of forecast.order) {
    const record = copy.state.windows[String(call.window)]!;
    const clerkId = record.clerkId!;
    if (record.current) copy.ok({ type: 'ticket.complete', clerkId, window: call.window, ticketId: record.current });
    const d = copy.run({ type: 'ticket.call_next', clerkId, window: call.window });
    const chosen = d.ok && d.event.type === 'ticket.called' ? d.event.ticketId : d.ok ? d.event.type : d.error.code;
    if (chosen !== call.ticketId) mismatches.push(`window ${call.window}: forecast ${call.ticketId}, server ${chosen}`);
  }
  return { replayed: forecast.order.length, mismatches };
}

/** A busy, untidy hall: random queues and classes, some windows open mid-service, streaks, transfers to named windows, parks, requeued no-shows. */
function randomHall(seed: number) {
  const random = seededRandom(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const h = hallWith(demoConfig, TEN_AM - 90 * MIN);
  const queues = demoConfig.queues.map((q) => q.id);
  const classes: TicketClass[] = ['walk_in', 'walk_in', 'walk_in', 'walk_in', 'green', 'appointment'];
  for (let i = 0; i < 60; i++) h.take(pick(queues), pick(classes), Math.round(random() * 3 * MIN));
  const windows = demoConfig.windows.map((w) => w.number).filter(() => random() < 0.6);
  for (const w of windows) h.open(w);
  for (let round = 0; round < 3; round++) {
    for (const w of windows) {
      const record = h.hall.state.windows[String(w)]!;
      if (record.current) h.complete(w, record.current);
      const d = h.hall.run({ type: 'ticket.call_next', clerkId: clerkOf(demoConfig, w), window: w });
      if (!d.ok || d.event.type !== 'ticket.called') continue;
      const ticketId = d.event.ticketId;
      const r = random();
      const clerkId = clerkOf(demoConfig, w);
      if (r < 0.15) {
        // 转办 to another window serving the same queue (首问负责).
        const queueId = h.hall.state.tickets[ticketId]!.queueId;
        const to = demoConfig.windows.find((x) => x.number !== w && x.queues.includes(queueId));
        if (to) h.hall.ok({ type: 'ticket.transfer', clerkId, window: w, ticketId, toWindow: to.number });
      } else if (r < 0.25) {
        h.hall.ok({ type: 'ticket.park', clerkId, window: w, ticketId });
      } else if (r < 0.35) {
        h.hall.now += 121_000;
        h.hall.ok({ type: 'ticket.no_show', clerkId, window: w, ticketId });
        h.hall.run({ type: 'ticket.requeue', ticketId, by: { staffId: '9001' } });
      } else if (r < 0.6) {
        h.hall.ok({ type: 'ticket.start', clerkId, window: w, ticketId });
      }
      h.hall.now += Math.round(random() * MIN);
    }
  }
  for (let i = 0; i < 20; i++) h.take(pick(queues), pick(classes), Math.round(random() * MIN));
  return h;
}

describe('the call forecast follows the server’s own order', () => {
  it('replays through decide() call for call on random halls (place in time, class, named windows, streaks)', () => {
    let replayed = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const h = randomHall(seed);
      const r = replayForecast(h.hall);
      expect(r.mismatches, `seed ${seed}`).toEqual([]);
      replayed += r.replayed;
    }
    expect(replayed).toBeGreaterThan(300);
  });

  it('a ticket about to be taken gets exactly the place the tiles promised', () => {
    for (let seed = 1; seed <= 12; seed++) {
      const h = randomHall(seed);
      for (const [queueId, cls] of [
        ['comprehensive', 'walk_in'],
        ['police', 'green'],
        ['ems', 'walk_in'],
        ['real-estate', 'appointment'],
      ] as const) {
        const copy = new MemoryHall(h.hall.config, h.hall.now + 1000);
        copy.state = structuredClone(h.hall.state);
        const promised = newTicketWait(copy.state, copy.config, queueId, copy.now, cls);
        const e = copy.ok({ type: 'ticket.take', deviceId: 'k', queueId, class: cls, priorityReason: cls === 'green' ? 'other' : undefined });
        const taken = copy.state.tickets[e.type === 'ticket.issued' ? e.ticketId : '']!;
        expect(ticketWait(copy.state, copy.config, taken, copy.now), `seed ${seed} ${queueId} ${cls}`).toEqual(promised);
      }
    }
  });
});

describe('您前面还有 N 人', () => {
  it('the issue’s case: a green ticket taken after walk-ins waited past the lead is told 2 and called third', () => {
    const h = hallWith();
    const w1 = h.take('ems');
    const w2 = h.take('ems', 'walk_in', 4 * MIN);
    const green = h.take('ems', 'green', 40 * MIN); // 40 min after w1, 36 after w2: both beyond the 30-minute lead
    // Counting by class would say 0; the server will call w1 and w2 first.
    expect(h.wait(green).ahead).toBe(2);
    expect(peopleAheadText(h.wait(green).ahead).zh).toBe('您前面还有 2 人');
    h.open(7);
    const order = [h.callNext(7)];
    h.complete(7, order[0]!);
    order.push(h.callNext(7));
    h.complete(7, order[1]!);
    order.push(h.callNext(7));
    expect(order).toEqual([w1, w2, green]);
  });

  it('a green ticket goes ahead of walk-ins who came up to the lead before it, and is told so', () => {
    const h = hallWith();
    h.open(7);
    const busy = h.take('ems');
    expect(h.callNext(7)).toBe(busy);
    const early = h.take('ems', 'walk_in', 1 * MIN);
    const later = h.take('ems', 'walk_in', 10 * MIN);
    const green = h.take('ems', 'green', 25 * MIN); // lines up 30 min earlier: after `early` (35 min before it), before `later` (25 min)
    expect([h.wait(early).ahead, h.wait(green).ahead, h.wait(later).ahead]).toEqual([0, 1, 2]);
  });

  it('counts the other queues a shared window calls first, and only at the windows that may call the ticket', () => {
    const h = hallWith();
    const tax = h.take('tax');
    const comp = h.take('comprehensive');
    h.open(9); // window 9: tax first, then comprehensive
    expect(h.wait(comp).ahead).toBe(1); // the tax ticket is called first at the only window serving comprehensive
    h.open(5); // window 5: comprehensive first
    expect(h.wait(comp).ahead).toBe(0);
    expect(h.wait(tax).ahead).toBe(0);
  });

  it('a ticket transferred to a named window counts only that window’s calls, placed as its first queue', () => {
    const h = hallWith();
    const c1 = h.take('comprehensive');
    const e = h.take('enterprise', 'walk_in', 5 * MIN);
    const c2 = h.take('comprehensive', 'walk_in', 5 * MIN);
    h.open(8); // enterprise first: calls e
    expect(h.callNext(8)).toBe(e);
    h.hall.ok({ type: 'ticket.transfer', clerkId: '1015', window: 8, ticketId: e, toWindow: 5, note: '综合窗口补录' });
    h.hall.ok({ type: 'window.close', clerkId: '1015', window: 8 });
    h.open(5); // comprehensive first, enterprise second
    // Placed at its issue time, as the window's first queue: behind c1 (came earlier), ahead of c2 (came later).
    expect(h.wait(e).ahead).toBe(1);
    expect(h.wait(c2).ahead).toBe(2);
    const calls = [h.callNext(5)];
    h.complete(5, calls[0]!);
    calls.push(h.callNext(5));
    h.complete(5, calls[1]!);
    calls.push(h.callNext(5));
    expect(calls).toEqual([c1, e, c2]);
  });

  it('a parked ticket is ahead of nobody and is told where it stands', () => {
    const h = hallWith();
    const parked = h.take();
    const next = h.take();
    h.open(5);
    expect(h.callNext(5)).toBe(parked);
    h.hall.ok({ type: 'ticket.park', clerkId: '1009', window: 5, ticketId: parked, note: '回家取户口本' });
    expect(h.wait(next)).toEqual({ ahead: 0, wait: { kind: 'now' } });
    expect(h.hall.state.tickets[parked]!.status).toBe('parked');
  });

  it('after three priority calls in a row, the walk-in goes first: the next green ticket is told 1', () => {
    const h = hallWith();
    h.open(7);
    const walkIn = h.take('ems');
    const greens = [h.take('ems', 'green'), h.take('ems', 'green'), h.take('ems', 'green'), h.take('ems', 'green')];
    for (const g of greens.slice(0, 3)) {
      expect(h.callNext(7)).toBe(g);
      h.complete(7, g);
    }
    expect(h.hall.state.windows['7']!.priorityStreak).toBe(3);
    expect(h.wait(greens[3]!).ahead).toBe(1);
    expect(h.wait(walkIn).ahead).toBe(0);
    expect(h.callNext(7)).toBe(walkIn);
  });
});

describe('预计等待: minutes, or an honest reason', () => {
  it('before any window opens: 窗口暂未开放 (no minutes), with the place in the order', () => {
    const h = hallWith();
    h.take('ems');
    const t = h.take('ems');
    expect(h.wait(t)).toEqual({ ahead: 1, wait: { kind: 'not_open' } });
    expect(waitText(h.wait(t).wait, 'ticket').zh).toBe('窗口暂未开放，开放后依次叫号');
    expect(newTicketWait(h.hall.state, h.hall.config, 'ems', h.hall.now)).toEqual({ ahead: 2, wait: { kind: 'not_open' } });
  });

  it('an empty queue with a free window: 即到即叫, not minutes', () => {
    const h = hallWith();
    h.open(7);
    expect(newTicketWait(h.hall.state, h.hall.config, 'ems', h.hall.now)).toEqual({ ahead: 0, wait: { kind: 'now' } });
    expect(waitText({ kind: 'now' }, 'tile').zh).toBe('即到即叫');
  });

  it('its only windows paused: 暂无法估计', () => {
    const h = hallWith();
    h.open(7);
    h.hall.ok({ type: 'window.pause', clerkId: '1013', window: 7, reason: 'break' });
    const t = h.take('ems');
    expect(h.wait(t)).toEqual({ ahead: 0, wait: { kind: 'unknown' } });
    expect(waitText(h.wait(t).wait, 'ticket').zh).toBe('预计等待：暂无法估计');
  });

  it('when one shared window opens, the tickets and the wall tile tell one story', () => {
    const h = hallWith(structuredClone(demoConfig));
    h.hall.config.queueRules.estimate.defaultServiceMinutes = 8;
    const tickets = Array.from({ length: 9 }, () => h.take('comprehensive'));
    h.take('enterprise');
    for (const t of tickets) expect(h.wait(t).wait.kind).toBe('not_open');
    h.open(8); // enterprise first, comprehensive second: the only window open
    const minutes = tickets.map((t) => {
      const w = h.wait(t).wait;
      return w.kind === 'minutes' ? w.minutes : w.kind === 'now' ? 0 : NaN;
    });
    // One window, 8 minutes a visit; the enterprise visitor goes first (window 8's first queue: 10 minutes' preference).
    expect(minutes).toEqual([8, 16, 24, 32, 40, 48, 56, 64, 72]);
    const tile = newTicketWait(h.hall.state, h.hall.config, 'comprehensive', h.hall.now);
    // The next ticket comes after all nine and the enterprise visitor.
    expect(tile).toEqual({ ahead: 10, wait: { kind: 'minutes', minutes: 80 } });
  });
});

describe('cost', () => {
  it('answers every tile and ticket of a 1,500-ticket hall from one forecast', () => {
    const h = hallWith(demoConfig, TEN_AM - 8 * 60 * MIN);
    const queues = demoConfig.queues.map((q) => q.id);
    const random = seededRandom(7);
    for (let i = 0; i < 1500; i++) h.take(queues[Math.floor(random() * queues.length)]!, random() < 0.07 ? 'green' : 'walk_in', 15_000);
    for (const w of demoConfig.windows) h.open(w.number);
    const waiting = Object.values(h.hall.state.tickets);
    expect(waiting).toHaveLength(1500);
    const started = performance.now();
    const forecast = forecastCalls(h.hall.state, h.hall.config, h.hall.now);
    const forecastMs = performance.now() - started;
    const tilesStarted = performance.now();
    for (const q of queues) newTicketWait(h.hall.state, h.hall.config, q, h.hall.now);
    const tilesMs = performance.now() - tilesStarted;
    const ticketStarted = performance.now();
    const last = waiting.at(-1)!;
    const lastWait = ticketWait(h.hall.state, h.hall.config, last, h.hall.now);
    const ticketMs = performance.now() - ticketStarted;
    expect(forecast.order).toHaveLength(1500);
    expect(lastWait.ahead).toBeGreaterThan(0);
    console.log(
      `call forecast, 1,500 waiting tickets, 13 windows: forecast ${forecastMs.toFixed(1)} ms, then 10 queue tiles ${tilesMs.toFixed(1)} ms, one ticket ${ticketMs.toFixed(1)} ms`,
    );
  });
});
