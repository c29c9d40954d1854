/**
 * The hall-phase machine (the hall's day: before opening, open, midday,
 * 停止取号, 延时服务, closed, closed days), model-based.
 *
 * 1. xstate/graph gives the machine's graph: every state reached by a
 *    shortest path, every event tried from each. The stored-record stepper the
 *    hall folds with must agree with xstate on all of them.
 * 2. The graph's edges are then demanded of the REAL hall: decide + fold +
 *    the clock's deadlines (MemoryHall settles them as the server does) are
 *    walked minute by minute through eleven days of the shipped calendar
 *    (National Day holidays, a weekend, a worked Saturday) and a variant
 *    calendar (no 错时 windows, a short special day), with visitors taking
 *    tickets and a window serving them. At every minute the hall's phase and
 *    whether it issues a ticket must match an oracle built on the calendar's
 *    own functions (schedule.ts), and together the walks must cross every edge
 *    of the graph. Re-syncs (first start, a changed hall file, a long
 *    downtime) land in every phase the calendar can give.
 */
import { describe, expect, it } from 'vitest';
import { createTestModel } from 'xstate/graph';
import type { HallConfig } from '../../state-machines/config/hall-config.ts';
import { addDays } from '../../state-machines/domain/appointment.ts';
import { serviceDayOf } from '../../state-machines/domain/service-day.ts';
import { phaseEventOf, RESYNC_AFTER_MS, ticketsLeft } from '../../state-machines/hall/hall-clock.ts';
import { evolve, EvolveError } from '../../state-machines/hall/evolve.ts';
import { dayTimes, pastClosing, ticketingStatus } from '../../state-machines/hall/schedule.ts';
import { HALL_PHASES, type HallPhase, type HallPhaseRecord } from '../../state-machines/domain/hall-phase.ts';
import { hallPhaseMachine, stepHallPhase, type HallPhaseEvent } from '../../state-machines/machines/hall-phase-machine.ts';
import { next as nextByXstate } from '../../state-machines/machines/ask.ts';
import { loadHallConfig } from '../../server/config/load-config.ts';
import { SHIPPED_DEMO_PATH, writeHallVariant } from '../support/demo.ts';
import { MemoryHall } from '../support/fold.ts';

const shipped = loadHallConfig(SHIPPED_DEMO_PATH);
const MIN = 60_000;
const local = (day: string, hhmm: string) => Date.parse(`${day}T${hhmm}:00+08:00`);

// ---------------------------------------------------------------------------
// 1. The machine's graph

const next = { at: 99, boundary: 'close' as const };
const EVENTS: HallPhaseEvent[] = [
  ...HALL_PHASES.filter((p): p is Exclude<HallPhase, 'unsynced'> => p !== 'unsynced').map(
    (phase): HallPhaseEvent => ({ type: 'SYNC', at: 1, phase, next, calendar: 'c' }),
  ),
  { type: 'NEW_DAY', at: 2, openDay: true, next },
  { type: 'NEW_DAY', at: 2, openDay: false, next },
  { type: 'TICKETS_OPEN', at: 3, next },
  { type: 'MIDDAY', at: 4, next },
  { type: 'TICKETS_STOP', at: 5, next },
  { type: 'CLOSE', at: 6, ticketsLeft: 3, next },
  { type: 'CLOSE', at: 6, ticketsLeft: 0, next },
  { type: 'LAST_SERVED', at: 7 },
  { type: 'UNSYNC', at: 8 },
];
/** Edges the hall file drives (a calendar added, changed or removed), not the calendar's boundaries. */
const byHallFile = (e: { event: string }) => e.event.startsWith('SYNC') || e.event === 'UNSYNC';
const key = (e: HallPhaseEvent) =>
  e.type === 'SYNC'
    ? `SYNC(${e.phase})`
    : e.type === 'NEW_DAY'
      ? `NEW_DAY(${e.openDay ? 'open' : 'closed'})`
      : e.type === 'CLOSE'
        ? `CLOSE(${e.ticketsLeft > 0 ? 'left' : 'none'})`
        : e.type;

interface Edge {
  from: HallPhase;
  event: string;
  to: HallPhase;
}

function graphEdges(): { states: Set<string>; edges: Edge[] } {
  const model = createTestModel(hallPhaseMachine, { events: EVENTS, input: {}, serializeState: (s) => JSON.stringify(s.value), limit: 500 });
  const states = new Set<string>();
  const edges = new Map<string, Edge>();
  for (const path of model.getShortestPaths({ allowDuplicatePaths: true })) {
    const from = path.state.value as HallPhase;
    states.add(from);
    for (const e of EVENTS) {
      const to = nextByXstate(hallPhaseMachine, { ...path.state.context, status: from }, e);
      if (to) edges.set(`${from} ${key(e)}`, { from, event: key(e), to: to.status });
    }
  }
  return { states, edges: [...edges.values()] };
}

describe('hall-phase machine graph', () => {
  const { states, edges } = graphEdges();

  it('reaches every phase', () => {
    expect([...states].sort()).toEqual([...HALL_PHASES].sort());
  });

  it('the stored-record stepper agrees with xstate on every state × event, and keeps the deadline', () => {
    for (const from of HALL_PHASES) {
      for (const e of EVENTS) {
        const record: HallPhaseRecord = { status: from, calendar: 'c' };
        const ours = stepHallPhase(record, e);
        const theirs = nextByXstate(hallPhaseMachine, record, e);
        expect(ours?.status, `${from} ${key(e)}`).toBe(theirs?.status);
        if (ours && 'next' in e) expect(ours.next).toEqual(e.next);
      }
    }
  });

  it('extended service has no clock deadline: only the last ticket served ends it', () => {
    const extended = edges.filter((e) => e.from === 'extended');
    expect(extended.filter((e) => !byHallFile(e))).toEqual([{ from: 'extended', event: 'LAST_SERVED', to: 'closed' }]);
    expect(edges).toContainEqual({ from: 'tickets_stopped', event: 'CLOSE(left)', to: 'extended' });
  });

  it('the fold refuses a phase change the machine does not allow (the log and the code disagree)', () => {
    const hall = new MemoryHall(shipped, local('2026-11-23', '10:00'));
    hall.settle();
    expect(hall.state.phase.status).toBe('open');
    const wrong = {
      seq: hall.state.seq + 1,
      at: hall.now,
      event: { type: 'hall.phase_changed' as const, boundary: 'last_served' as const, due: hall.now, phase: 'closed' as const },
    };
    expect(() => evolve(hall.state, wrong)).toThrow(EvolveError);
    expect(hall.state.phase.status).toBe('open');
  });
});

// ---------------------------------------------------------------------------
// 2. The graph's edges, demanded of the hall

/** What the calendar (schedule.ts, not the boundaries) says the hall should be doing at `now`. */
function oracle(config: HallConfig, now: number, left: number): { phase: HallPhase; tickets: boolean } {
  const calendar = { hall: config.hall, schedule: config.schedule! };
  const st = ticketingStatus(calendar, now);
  if (!st.open && st.reason === 'closed_day') return { phase: 'closed_day', tickets: false };
  if (pastClosing(calendar, now)) return { phase: left > 0 ? 'extended' : 'closed', tickets: false };
  if (st.open) {
    const t = dayTimes(calendar, serviceDayOf(now, config.hall.timezone));
    const inGap = t.sessions.some((s, i) => i + 1 < t.sessions.length && now >= s.end && now < t.sessions[i + 1]!.start);
    const staggered = calendar.schedule.staggeredWindows.length > 0;
    return { phase: staggered && inGap ? 'midday' : 'open', tickets: true };
  }
  const byReason = { not_yet: 'before_open', midday_break: 'midday', stopped: 'tickets_stopped', closed_day: 'closed_day' } as const;
  return { phase: byReason[st.reason], tickets: false };
}

interface WalkResult {
  crossed: Set<string>;
  mismatches: string[];
  issued: number;
  lastServedMs: number[];
}

/**
 * Walk the hall minute by minute. A visitor arrives every `arriveEvery`
 * minutes (the kiosk is asked every time, open or not); window 5's clerk
 * opens when tickets are issued, serves one visitor per `serveEvery` minutes
 * (by default slower than they come: tickets are left at closing and the hall
 * runs an hour or so of extended service) and closes once the hall is closed.
 */
function walk(config: HallConfig, fromDay: string, days: number, arriveEvery = 7, serveEvery = 8): WalkResult {
  const hall = new MemoryHall(config, local(fromDay, '00:00') + MIN);
  const result: WalkResult = { crossed: new Set(), mismatches: [], issued: 0, lastServedMs: [] };
  let current: string | undefined;
  const clerk = { clerkId: '1009', window: 5 };
  hall.ok({ type: 'clerk.sign_in', ...clerk });
  const end = hall.now + days * 1440 * MIN;
  const at = () => new Date(hall.now).toISOString();
  for (let minute = 0; hall.now < end; minute++, hall.now += MIN) {
    hall.settle();
    const expected = oracle(config, hall.now, ticketsLeft(hall.state));
    if (hall.state.phase.status !== expected.phase) result.mismatches.push(`${at()} hall ${hall.state.phase.status}, calendar ${expected.phase}`);
    if (minute % arriveEvery === 0) {
      const took = hall.run({ type: 'ticket.take', deviceId: 'kiosk', queueId: 'comprehensive' });
      if (took.ok !== expected.tickets) result.mismatches.push(`${at()} take ${took.ok ? 'issued' : 'refused'}, calendar says ${expected.tickets}`);
      if (took.ok) result.issued++;
    }
    const window = hall.state.windows['5']!;
    if (window.status === 'closed' && expected.tickets) hall.ok({ type: 'window.open', ...clerk });
    if (window.status !== 'closed' && minute % serveEvery === 0) {
      if (current) hall.ok({ type: 'ticket.complete', ...clerk, ticketId: current });
      const called = hall.run({ type: 'ticket.call_next', ...clerk });
      current = called.ok && called.event.type === 'ticket.called' ? called.event.ticketId : undefined;
    }
    const phase = hall.state.phase.status;
    if (hall.state.windows['5']!.status === 'idle' && (phase === 'closed' || phase === 'closed_day')) hall.ok({ type: 'window.close', ...clerk });
  }
  // The edges crossed, read back from the log as the fold saw them.
  let before: HallPhase = 'unsynced';
  for (const { event: e } of hall.log) {
    if (e.type !== 'hall.phase_changed') continue;
    result.crossed.add(`${before} ${key(phaseEventOf(e, 0))} ${e.phase}`); // named as the graph names its edges
    if (e.boundary === 'last_served') result.lastServedMs.push(e.extendedMs ?? -1);
    before = e.phase;
  }
  return result;
}

describe('the hall walks the graph through the calendar', () => {
  // 30 Sep (Wed, open) … 10 Oct 2026 (Sat, 调休 worked as a Friday): National Day holidays, weekend, a worked Saturday.
  const shippedWalk = walk(shipped, '2026-09-30', 11);
  // No 错时 windows (tickets stop over midday and reopen 15 min before the afternoon) and a short special day
  // whose 停止取号 falls in its midday gap.
  const variant = loadHallConfig(
    writeHallVariant((hall) => {
      hall.schedule!.staggeredWindows = [];
      hall.schedule!.ticketsFromMinutesBefore = 15;
      hall.schedule!.special = [
        {
          date: '2026-11-24',
          hours: [
            { start: '09:00', end: '10:00' },
            { start: '11:00', end: '11:10' },
          ],
          note: '短时服务日',
        },
      ];
    }),
  );
  // A window that keeps up (one visitor every half hour): the hall closes on time, with nobody left.
  const variantWalk = walk(variant, '2026-11-23', 2, 30, 1);

  it('the hall is always in the phase the calendar gives, and issues tickets exactly when the calendar says', () => {
    expect(shippedWalk.mismatches.slice(0, 5)).toEqual([]);
    expect(variantWalk.mismatches.slice(0, 5)).toEqual([]);
    expect(shippedWalk.issued).toBeGreaterThan(300);
  });

  it('crosses every edge of the machine graph that the calendar drives', () => {
    const { edges } = graphEdges();
    const crossed = new Set([...shippedWalk.crossed, ...variantWalk.crossed]);
    const driven = edges.filter((e) => !byHallFile(e)).map((e) => `${e.from} ${e.event} ${e.to}`);
    expect(driven.filter((e) => !crossed.has(e))).toEqual([]);
  });

  it('records how long each day ran past closing', () => {
    expect(shippedWalk.lastServedMs.length).toBe(4); // 30 Sep, 8, 9 and 10 Oct
    expect(shippedWalk.lastServedMs.every((ms) => ms > 0)).toBe(true);
  });
});

describe('re-sync lands in every phase the calendar gives', () => {
  const cases: [string, string, HallPhase][] = [
    ['2026-10-02', '10:00', 'closed_day'],
    ['2026-11-23', '07:00', 'before_open'],
    ['2026-11-23', '10:00', 'open'],
    ['2026-11-23', '12:30', 'midday'],
    ['2026-11-23', '17:10', 'tickets_stopped'],
    ['2026-11-23', '18:00', 'closed'],
  ];
  for (const [day, hhmm, phase] of cases) {
    it(`first start on ${day} ${hhmm}: ${phase}, with the next deadline`, () => {
      const hall = new MemoryHall(shipped, local(day, hhmm));
      const [sync] = hall.settle();
      expect(sync).toMatchObject({ type: 'hall.phase_changed', boundary: 'sync', phase });
      expect(hall.state.phase.next?.at).toBeGreaterThan(hall.now);
    });
  }

  it('a hall file changed during extended service re-syncs into extended service, from closing time', () => {
    const hall = new MemoryHall(shipped, local('2026-11-23', '16:00'));
    hall.ok({ type: 'ticket.take', deviceId: 'kiosk', queueId: 'comprehensive' });
    hall.now = local('2026-11-23', '17:40');
    expect(hall.settle().map((e) => e.type === 'hall.phase_changed' && e.boundary)).toEqual(['tickets_stop', 'close']);
    const edited = { ...shipped, schedule: { ...shipped.schedule!, holidays: [...shipped.schedule!.holidays, '2027-01-01'] } };
    (hall as { config: HallConfig }).config = edited;
    expect(hall.settle()).toMatchObject([{ boundary: 'sync', phase: 'extended', extendedFrom: local('2026-11-23', '17:30') }]);
  });

  it('a hall file without a calendar any more (全天演示 after a day with --real-hours): the phase is forgotten once, tickets at any hour', () => {
    const hall = new MemoryHall(shipped, local('2026-11-23', '18:11'));
    expect(hall.settle()).toMatchObject([{ boundary: 'sync', phase: 'closed' }]);
    expect(hall.run({ type: 'ticket.take', deviceId: 'kiosk', queueId: 'comprehensive' }).ok).toBe(false);
    const { schedule: _calendar, ...allDay } = shipped;
    (hall as { config: HallConfig }).config = allDay;
    expect(hall.settle()).toEqual([{ type: 'hall.calendar_removed', due: hall.now }]);
    expect(hall.state.phase).toEqual({ status: 'unsynced', since: hall.now });
    expect(hall.settle()).toEqual([]);
    expect(hall.run({ type: 'ticket.take', deviceId: 'kiosk', queueId: 'comprehensive' }).ok).toBe(true);
    // The calendar back (--real-hours again): synced as on a first start — past closing with the ticket just taken left, 延时服务.
    (hall as { config: HallConfig }).config = shipped;
    expect(hall.settle()).toMatchObject([{ boundary: 'sync', phase: 'extended' }]);
  });

  it('extended service runs past midnight; the new day begins when the last ticket is served', () => {
    const hall = new MemoryHall(shipped, local('2026-11-23', '16:00'));
    const took = hall.ok({ type: 'ticket.take', deviceId: 'kiosk', queueId: 'comprehensive' });
    hall.now = local('2026-11-24', '01:00');
    hall.settle();
    expect(hall.state.phase).toMatchObject({ status: 'extended', extendedFrom: local('2026-11-23', '17:30') });
    if (took.type !== 'ticket.issued') throw new Error('no ticket');
    hall.ok({ type: 'ticket.cancel', ticketId: took.ticketId, reason: 'visitor_left', by: { staffId: '9001' } });
    const phases = hall.log.slice(-2).map((e) => e.event);
    expect(phases).toMatchObject([
      { boundary: 'last_served', phase: 'closed', extendedMs: hall.now - local('2026-11-23', '17:30') },
      { boundary: 'new_day', due: local('2026-11-24', '00:00'), phase: 'before_open' },
    ]);
  });

  it('after a long downtime the missed boundaries are not replayed one by one', () => {
    const hall = new MemoryHall(shipped, local('2026-11-20', '10:00'));
    hall.settle();
    hall.now = local('2026-11-23', '10:00'); // Friday to Monday, far more than RESYNC_AFTER_MS
    expect(hall.now - hall.state.phase.next!.at).toBeGreaterThan(RESYNC_AFTER_MS);
    const caught = hall.settle();
    expect(caught).toMatchObject([{ boundary: 'sync', phase: 'open' }]);
    expect(serviceDayOf(hall.now, 'Asia/Shanghai')).toBe(addDays('2026-11-23', 0));
  });
});
