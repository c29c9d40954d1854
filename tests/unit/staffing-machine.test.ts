/**
 * AB岗 staffing machine, model-based (the pattern of machines.test.ts):
 * xstate/graph walks the machine from a single-post window (window 7 with its
 * B post removed, so a_away and escalated are reachable; the supervisor's
 * ASSIGN makes it two-post for the B states). For each machine state we take
 * the shortest path there, then every event; each path is replayed on the
 * real decider + fold through hall commands, and the hall's
 * `state.staffing['7']` must be where the machine says. Events the machine
 * does not enable must be refused by the hall.
 *
 * Then the escalation deadline in opening time (lunch, weekends, holidays,
 * the shipped calendar's special Saturday) and the hall's clock refusing
 * post.escalate before it; old logs without the new fields still fold.
 */
import { describe, expect, it } from 'vitest';
import { createTestModel } from 'xstate/graph';
import type { HallConfig } from '../../state-machines/config/hall-config.ts';
import type { LoggedEvent } from '../../state-machines/domain/events.ts';
import type { HallCommand } from '../../state-machines/hall/decide.ts';
import { evolve } from '../../state-machines/hall/evolve.ts';
import { afterOpeningMs, openingMsBetween } from '../../state-machines/hall/schedule.ts';
import { staffingDeadlines } from '../../state-machines/hall/staffing-deadlines.ts';
import { initialHallState } from '../../state-machines/hall/state.ts';
import { STAFFING_STATUSES, type WindowStaffing } from '../../state-machines/domain/staffing.ts';
import { initialStaffing, staffingMachine, stepStaffing, type StaffingMachineEvent } from '../../state-machines/machines/staffing-machine.ts';
import { publicState } from '../../state-machines/protocol/projection.ts';
import { demoConfig, SHIPPED_DEMO_PATH, TEN_AM } from '../support/demo.ts';
import { MemoryHall } from '../support/fold.ts';

const W = 7;
const A = '1013';
const B = '1014';
/** Another clerk the supervisor may put on post B. */
const C = '1012';
const SUPERVISOR = { staffId: '9001' };

/** Window 7 (EMS) without its B post: a single-post window. */
function singlePost(config: HallConfig): HallConfig {
  const copy = structuredClone(config);
  const w = copy.windows.find((x) => x.number === W);
  if (w) delete w.posts.b;
  return copy;
}
const config = singlePost(demoConfig);

describe('staffing machine, model-based against the hall', () => {
  const events: StaffingMachineEvent[] = [
    { type: 'SIGN_IN', at: 1, clerkId: A },
    { type: 'SIGN_IN', at: 2, clerkId: B },
    { type: 'SIGN_OUT', at: 3, clerkId: A, reason: 'training', escalateAt: 100 },
    { type: 'SIGN_OUT', at: 4, clerkId: B, reason: 'off_duty' },
    { type: 'SIGN_OUT', at: 5, clerkId: A },
    { type: 'TAKE_OVER', at: 6, clerkId: A },
    { type: 'TAKE_OVER', at: 7, clerkId: B },
    { type: 'OPEN', at: 8, clerkId: A },
    { type: 'OPEN', at: 9, clerkId: B },
    { type: 'ASSIGN', at: 10, posts: { a: A, b: B } },
    { type: 'ASSIGN', at: 11, posts: { a: A, b: C } },
    { type: 'ESCALATE', at: 200 },
  ];
  const start = initialStaffing({ a: A });
  /**
   * Vertices are the facts that decide what is enabled (who is here, away, on
   * duty, the posts), not just the state value: a single-post window and a
   * two-post one in the same state behave differently. Times are left out so
   * the graph stays finite.
   */
  const facts = (snapshot: { value: unknown; context: unknown }) => {
    const c = snapshot.context as WindowStaffing;
    return JSON.stringify([snapshot.value, c.onDuty, [...c.present].sort(), Object.keys(c.absent).sort(), c.windowPosts]);
  };
  const model = createTestModel(staffingMachine, { events, input: start, serializeState: facts, limit: 5000 });
  const replayMachine = (path: StaffingMachineEvent[]) => path.reduce<WindowStaffing | undefined>((r, e) => r && stepStaffing(r, e), start);

  /** The shortest path to each state value, then every event from there. */
  const shortest = new Map<string, StaffingMachineEvent[]>();
  for (const path of model.getShortestPaths({ allowDuplicatePaths: true })) {
    const prefix = path.steps.map((s) => s.event as unknown as StaffingMachineEvent).filter((e) => (e.type as string) !== 'xstate.init');
    const value = String(path.state.value);
    const known = shortest.get(value);
    if (!known || prefix.length < known.length) shortest.set(value, prefix);
  }
  const steps = [...shortest.values()].flatMap((prefix) => events.map((next) => ({ prefix, next })));
  const enabled = steps.filter((s) => {
    const r = replayMachine(s.prefix);
    return r !== undefined && stepStaffing(r, s.next) !== undefined;
  });
  const disabled = steps.filter((s) => !enabled.includes(s));
  const describeStep = (s: { prefix: StaffingMachineEvent[]; next: StaffingMachineEvent }) =>
    [...s.prefix, s.next]
      .map((e) =>
        'clerkId' in e
          ? `${e.type}(${e.clerkId}${e.type === 'SIGN_OUT' && e.reason ? `,${e.reason}` : ''})`
          : e.type === 'ASSIGN'
            ? `ASSIGN(b=${e.posts.b})`
            : e.type,
      )
      .join(' → ');

  /**
   * Each machine event as hall commands. What the hall checks beyond AB岗
   * (the window open for a take-over, closed for opening, paused before the
   * last clerk leaves) is arranged first with commands that do not touch the
   * staffing state; only the last command's outcome is the event's.
   */
  function runOnHall(path: StaffingMachineEvent[]) {
    const hall = new MemoryHall(config, TEN_AM);
    const staffing = () => hall.state.staffing[String(W)];
    const windowStatus = () => hall.state.windows[String(W)]?.status ?? 'closed';
    const command = (e: StaffingMachineEvent): HallCommand => {
      switch (e.type) {
        case 'SIGN_IN':
          return { type: 'clerk.sign_in', clerkId: e.clerkId, window: W };
        case 'SIGN_OUT':
          if (windowStatus() === 'idle' && staffing()?.onDuty === e.clerkId) hall.ok({ type: 'window.pause', clerkId: e.clerkId, window: W, reason: 'other' });
          return { type: 'clerk.sign_out', clerkId: e.clerkId, window: W, reason: e.reason };
        case 'TAKE_OVER': {
          const onDuty = staffing()?.onDuty;
          if (windowStatus() === 'closed' && onDuty !== undefined) hall.ok({ type: 'window.open', clerkId: onDuty, window: W });
          return { type: 'post.take_over', clerkId: e.clerkId, window: W };
        }
        case 'OPEN':
          if (windowStatus() !== 'closed') hall.ok({ type: 'window.close', clerkId: staffing()?.onDuty ?? e.clerkId, window: W });
          return { type: 'window.open', clerkId: e.clerkId, window: W };
        case 'ASSIGN':
          return { type: 'post.assign', window: W, post: 'b', clerkId: e.posts.b ?? '', by: SUPERVISOR };
        case 'ESCALATE':
          // Not a person's command: the clock sends it (see `results` below).
          return { type: 'post.escalate', window: W };
      }
    };
    const results = path.map((e) => {
      hall.now += 1000;
      if (e.type !== 'ESCALATE') return hall.run(command(e)).ok;
      // ESCALATE is the hall's clock reaching the deadline fixed at sign-out: it escalates by itself, or not at all.
      hall.now = Math.max(hall.now, staffing()?.escalateAt ?? hall.now);
      return hall.settle().some((x) => x.type === 'post.escalated' && x.window === W);
    });
    return { hall, results };
  }

  it('reaches every state of the machine', () => {
    expect([...shortest.keys()].sort()).toEqual([...STAFFING_STATUSES].sort());
    for (const type of ['SIGN_IN', 'SIGN_OUT', 'TAKE_OVER', 'OPEN', 'ASSIGN', 'ESCALATE']) {
      expect(enabled.some((s) => s.next.type === type)).toBe(true);
      if (type !== 'SIGN_IN' && type !== 'SIGN_OUT') expect(disabled.some((s) => s.next.type === type)).toBe(true);
    }
  });

  for (const step of enabled) {
    it(`hall follows ${describeStep(step)}`, () => {
      const path = [...step.prefix, step.next];
      const { hall, results } = runOnHall(path);
      expect(results).toEqual(path.map(() => true));
      const predicted = replayMachine(path);
      const staffing = hall.state.staffing[String(W)];
      expect({ status: staffing?.status, onDuty: staffing?.onDuty }).toEqual({ status: predicted?.status, onDuty: predicted?.onDuty });
    });
  }
  for (const step of disabled) {
    it(`hall refuses ${describeStep(step)}`, () => {
      const { hall, results } = runOnHall([...step.prefix, step.next]);
      expect(results).toEqual([...step.prefix.map(() => true), false]);
      expect(hall.state.staffing[String(W)]?.status ?? 'unstaffed').toBe(replayMachine(step.prefix)?.status);
    });
  }
});

describe('staffing machine rules', () => {
  const two = (): WindowStaffing => initialStaffing({ a: A, b: B });
  const run = (record: WindowStaffing | undefined, ...events: StaffingMachineEvent[]) => events.reduce((r, e) => r && stepStaffing(r, e), record);

  it('B covers for an A who is not here, stands by for an A who is', () => {
    const bIn = run(two(), { type: 'SIGN_IN', at: 1, clerkId: B });
    expect(bIn?.status).toBe('b_covering');
    const aIn = run(bIn, { type: 'SIGN_IN', at: 2, clerkId: A });
    expect(aIn).toMatchObject({ status: 'b_on_duty', onDuty: B, present: [B, A] });
    expect(run(aIn, { type: 'TAKE_OVER', at: 3, clerkId: A })?.status).toBe('a_on_duty');
    // A leaves with a reason: B, here, serves 「B岗代办」.
    expect(run(aIn, { type: 'TAKE_OVER', at: 3, clerkId: A }, { type: 'SIGN_OUT', at: 4, clerkId: A, reason: 'meeting' })).toMatchObject({
      status: 'b_covering',
      onDuty: B,
    });
  });

  it('refuses a hand-over to someone not here, a take-over by someone not here, and moving the clerk on duty off their post', () => {
    const aOn = run(two(), { type: 'SIGN_IN', at: 1, clerkId: A });
    expect(run(aOn, { type: 'SIGN_OUT', at: 2, clerkId: A, handedTo: B })).toBeUndefined();
    expect(run(aOn, { type: 'TAKE_OVER', at: 2, clerkId: B })).toBeUndefined();
    expect(run(aOn, { type: 'ASSIGN', at: 2, posts: { a: C, b: B } })).toBeUndefined();
    expect(run(aOn, { type: 'ASSIGN', at: 2, posts: { a: A, b: C } })?.posts).toEqual({ a: A, b: C });
    expect(run(aOn, { type: 'ASSIGN', at: 2, posts: { a: B, b: A } })?.status).toBe('b_covering'); // swapped: A now serves on post B
  });

  it('ESCALATE only from a_away, only at or after the deadline; the deadline goes when A is back', () => {
    const away = run(
      initialStaffing({ a: A }),
      { type: 'SIGN_IN', at: 1, clerkId: A },
      { type: 'SIGN_OUT', at: 2, clerkId: A, reason: 'leave', escalateAt: 50 },
    );
    expect(away).toMatchObject({ status: 'a_away', escalateAt: 50 });
    expect(run(away, { type: 'ESCALATE', at: 49 })).toBeUndefined();
    expect(run(away, { type: 'ESCALATE', at: 50 })?.status).toBe('escalated');
    expect(run(away, { type: 'ESCALATE', at: 50 }, { type: 'ESCALATE', at: 60 })).toBeUndefined();
    const back = run(away, { type: 'ESCALATE', at: 50 }, { type: 'SIGN_IN', at: 70, clerkId: A });
    expect(back?.status).toBe('a_on_duty');
    expect(back?.escalateAt).toBeUndefined();
    expect(run(two(), { type: 'SIGN_OUT', at: 2, clerkId: A, reason: 'leave', escalateAt: 50 })?.escalateAt).toBeUndefined(); // two posts: no deadline
  });

  it('a window cannot open while both posts are away, nor by a clerk registered as away', () => {
    const both = run(two(), { type: 'SIGN_OUT', at: 1, clerkId: A, reason: 'leave' }, { type: 'SIGN_OUT', at: 2, clerkId: B, reason: 'training' });
    expect(both?.status).toBe('both_away');
    expect(run(both, { type: 'OPEN', at: 3, clerkId: C })).toBeUndefined();
    const aAway = run(two(), { type: 'SIGN_OUT', at: 1, clerkId: A, reason: 'leave' });
    expect(run(aAway, { type: 'OPEN', at: 3, clerkId: A })).toBeUndefined();
    expect(run(aAway, { type: 'SIGN_IN', at: 3, clerkId: A }, { type: 'OPEN', at: 4, clerkId: A })?.status).toBe('a_on_duty');
  });
});

describe('escalation deadline in opening time', () => {
  it('without a calendar it is wall time', () => {
    expect(afterOpeningMs(demoConfig, TEN_AM, 4 * 3_600_000)).toBe(TEN_AM + 4 * 3_600_000);
  });

  it('skips lunch, nights, weekends and holidays, and counts the special Saturday', async () => {
    const { loadHallConfig } = await import('../../server/config/load-config.ts');
    const shipped = loadHallConfig(SHIPPED_DEMO_PATH);
    const calendar = { hall: shipped.hall, schedule: shipped.schedule! };
    const at = (iso: string) => Date.parse(`${iso}:00+08:00`);
    const H = 3_600_000;
    const cases: [string, number, string][] = [
      ['2026-11-23T11:00', 2 * H, '2026-11-23T15:00'], // Mon: 11–12, lunch, 14–15
      ['2026-11-23T12:30', 1 * H, '2026-11-23T15:00'], // from inside the lunch break
      ['2026-11-20T16:30', 4 * H, '2026-11-23T11:30'], // Fri evening → Mon morning (weekend closed)
      ['2026-11-27T16:30', 4 * H, '2026-11-28T12:00'], // Fri → the 周末便民服务日 Saturday 09:00–12:00
      ['2026-09-30T17:00', 4 * H, '2026-10-08T12:00'], // National Day holidays do not count
    ];
    for (const [from, ms, due] of cases) {
      expect(afterOpeningMs(shipped, at(from), ms), `${from} + ${ms / H} h`).toBe(at(due));
      expect(openingMsBetween(calendar, at(from), at(due))).toBe(ms);
    }
  });

  it('the hall fixes the deadline at sign-out and the clock is refused before it (Friday afternoon → Monday)', async () => {
    const { loadHallConfig } = await import('../../server/config/load-config.ts');
    const shipped = singlePost(loadHallConfig(SHIPPED_DEMO_PATH));
    const at = (iso: string) => Date.parse(`${iso}:00+08:00`);
    const h = new MemoryHall(shipped, at('2026-11-20T16:30'));
    h.ok({ type: 'clerk.sign_in', clerkId: A, window: W });
    h.ok({ type: 'clerk.sign_out', clerkId: A, window: W, reason: 'leave' });
    expect(staffingDeadlines(h.state)).toEqual([{ at: at('2026-11-23T11:30'), window: W }]);
    h.now = at('2026-11-22T12:00'); // Sunday: a whole day later in wall time, still not due
    const sunday = h.run({ type: 'post.escalate', window: W });
    expect(sunday.ok ? 'ok' : sunday.error.code).toBe('TOO_EARLY');
    h.now = at('2026-11-23T11:30');
    // The hall's clock (MemoryHall settles as the server's clock service does) escalates on its own at the deadline.
    expect(h.settle().filter((e) => e.type === 'post.escalated')).toEqual([{ type: 'post.escalated', window: W, clerkId: A }]);
    expect(h.state.staffing[String(W)]?.status).toBe('escalated');
    // A clock tick on a window with nothing due is refused, not an error.
    const idle = h.run({ type: 'post.escalate', window: 5 });
    expect(idle.ok ? 'ok' : idle.error.code).toBe('ILLEGAL_TRANSITION');
  });
});

describe('staffing in the fold', () => {
  it('folds a log written before the staffing machine (no posts, no deadlines on the events)', () => {
    const state = initialHallState(demoConfig);
    const old: LoggedEvent['event'][] = [
      { type: 'clerk.signed_in', clerkId: '1009', window: 5 },
      { type: 'window.opened', clerkId: '1009', window: 5 },
      { type: 'clerk.signed_in', clerkId: '1010', window: 5 },
      { type: 'post.taken_over', clerkId: '1010', window: 5, from: '1009' },
      { type: 'clerk.signed_out', clerkId: '1009', window: 5, reason: 'meeting' },
      { type: 'post.assigned', window: 6, post: 'b', clerkId: '1020', actor: '9001', posts: { a: '1011', b: '1020' } },
    ];
    for (const [i, event] of old.entries()) evolve(state, { seq: i + 1, at: TEN_AM + i, event });
    // Without posts on the events the fold cannot tell B from A: it reads "someone on duty" until an event brings the posts.
    expect(state.staffing['5']).toMatchObject({ status: 'a_on_duty', onDuty: '1010', present: ['1010'], absent: { '1009': { reason: 'meeting' } } });
    expect(state.staffing['6']).toMatchObject({ status: 'unstaffed', posts: { a: '1011', b: '1020' } });
  });

  it('replaying the log gives the same staffing; public screens see who is here but not why someone is away', () => {
    const h = new MemoryHall(config, TEN_AM);
    h.ok({ type: 'clerk.sign_in', clerkId: A, window: W });
    h.ok({ type: 'clerk.sign_out', clerkId: A, window: W, reason: 'training' });
    h.ok({ type: 'clerk.sign_in', clerkId: '1009', window: 5 });
    const replayed = h.log.reduce((s, e) => evolve(s, e), initialHallState(config));
    expect(replayed.staffing).toEqual(h.state.staffing);
    const shown = publicState(h.state).staffing;
    expect(shown[String(W)]).toMatchObject({ status: 'a_away', absent: { [A]: { reason: 'other' } } });
    expect(shown['5']).toMatchObject({ status: 'a_on_duty', present: ['1009'] });
    expect(JSON.stringify(shown)).not.toContain('training');
  });

  it('a clerk who signs in at another window is no longer here', () => {
    const h = new MemoryHall(demoConfig, TEN_AM);
    h.ok({ type: 'clerk.sign_in', clerkId: '1009', window: 5 });
    h.ok({ type: 'clerk.sign_in', clerkId: '1009', window: 6 });
    expect(h.state.staffing['5']).toMatchObject({ status: 'unstaffed', present: [] });
    expect(h.state.staffing['5']?.onDuty).toBeUndefined();
    expect(h.state.staffing['6']).toMatchObject({ status: 'a_on_duty', onDuty: '1009', present: ['1009'] });
  });
});
