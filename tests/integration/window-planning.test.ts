/**
 * 窗口测算 validated through the day simulation (README § Window planning).
 *
 * A history at known rates (tests/support/planning-days.ts: Poisson arrivals to
 * 综合受理, exponential service of 5.5 min, 4% no-shows) is run through the real
 * server on three Mondays with five windows open all day. The supervisor's
 * `planning:query` reads it back from the log and recommends windows per
 * half-hour. Then the same Mondays are replayed (same visitors, new seeds
 * from the history's) with windows opened and paused by the plan through the
 * real commands — and again with one window fewer in the peak half-hours.
 * Waits are counted from the log (取号 → first call).
 */
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { PlanningAnswer } from '../../state-machines/protocol/socket-events.ts';
import { DEMO_TOKENS, demoConfig, CLERK_W5, SUPERVISOR } from '../support/demo.ts';
import { simulateDay } from '../support/day-simulation.ts';
import { connect, login, newRequestId } from '../support/hall-client.ts';
import { VALIDATION_RATES, visitorsAtRates } from '../support/planning-days.ts';
import { startTestServer } from '../support/server.ts';
import { readPlanningHistory } from '../../server/planning/history-source.ts';
import { planningHistoryFor } from '../../server/planning/planning-query.ts';

const MIN = 60_000;
const QUEUE = VALIDATION_RATES.queueId;
/** The windows that serve 综合受理, in the order the plan opens them. */
const WINDOWS = [5, 6, 8, 9, 10, 11, 12, 13, 1, 4];
const HISTORY_DAYS = ['2026-10-12', '2026-10-19', '2026-10-26', '2026-11-02'];
const REPLAY_DAYS = ['2026-11-09', '2026-11-16', '2026-11-23', '2026-11-30'];
/** Windows open all day in the history: four, too few for the morning peak. */
const HISTORY_OPEN = 4;
/** The peak of the known rates (09:30–12:00): where "one window fewer" is tried. */
const PEAK_SLOTS = VALIDATION_RATES.perHour.flatMap((r, i) => {
  const m = 8 * 60 + 30 + i * 30;
  return r === Math.max(...VALIDATION_RATES.perHour) ? [`${String(Math.floor(m / 60)).padStart(2, '0')}:${m % 60 ? '30' : '00'}`] : [];
});
const TARGET = demoConfig.planning.target;

const cleanups: (() => unknown)[] = [];
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const slotOf = (at: number) => {
  const local = new Date(at + 8 * 3_600_000);
  const m = local.getUTCHours() * 60 + local.getUTCMinutes();
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${m % 60 < 30 ? '00' : '30'}`;
};

describe('window planning, checked through the simulated hall', () => {
  it('recommends windows that meet the target when replayed; one fewer at the peak does not', async () => {
    const clock = { now: Date.parse(`${HISTORY_DAYS[0]}T07:30:00+08:00`) };
    // The log on tmpfs when there is one (a real SQLite file; its fsyncs cost nothing): twelve hall days stay quick.
    const shm = process.env.YC_SHM_DIR;
    const s = await startTestServer({ now: () => clock.now, dataDir: shm ? mkdtempSync(join(shm, 'planning-')) : undefined });
    cleanups.push(() => s.close());
    // Only the windows a plan ever opens sign in (fewer clients, no idle window asking for work it cannot get).
    const sim = (date: string, seed: number, open: (slot: string) => number, most: number) =>
      simulateDay({
        seed,
        visitors: 0,
        date,
        config: demoConfig,
        url: s.url,
        clock,
        kioskTokens: [DEMO_TOKENS.kiosk, DEMO_TOKENS.kiosk2],
        supervisor: SUPERVISOR,
        pin: '123456',
        planned: visitorsAtRates(seed, date, VALIDATION_RATES),
        staffing: { windows: WINDOWS.slice(0, most), open },
      });

    const started = performance.now();
    for (const [k, date] of HISTORY_DAYS.entries()) {
      clock.now = Date.parse(`${date}T07:30:00+08:00`);
      const day = await sim(date, 1000 + k, () => HISTORY_OPEN, HISTORY_OPEN);
      day.close();
      expect(day.unexpected).toEqual([]);
    }
    const historySeconds = (performance.now() - started) / 1000;

    // ── The supervisor asks (a clerk may not; a bad weekday is refused). ──
    clock.now = Date.parse(`${REPLAY_DAYS[0]}T07:00:00+08:00`);
    const session = await login(s.url, SUPERVISOR);
    const desk = await connect(s.url, '/admin', session.token);
    cleanups.push(() => desk.close());
    const asked = await desk.request<PlanningAnswer>('planning:query', { requestId: newRequestId(), weekday: 'mon', weeks: 4 });
    if (!asked.ok) throw new Error(asked.error.code);
    const plan = asked.result;
    expect(plan.days).toBe(HISTORY_DAYS.length);
    // The log is read once a day (the longest history), whatever weeks are asked: fewer weeks are cut from it,
    // equal to reading only those weeks.
    let reads = 0;
    const eventsSince = s.hall.eventsSince.bind(s.hall);
    s.hall.eventsSince = (after, limit) => {
      reads++;
      return eventsSince(after, limit);
    };
    for (const weeks of [1, 2, 3, 12])
      expect((await desk.request<PlanningAnswer>('planning:query', { requestId: newRequestId(), weekday: 'mon', weeks })).ok).toBe(true);
    expect(reads).toBe(0);
    s.hall.eventsSince = eventsSince;
    expect(planningHistoryFor(s.hall, clock.now, 2)).toEqual(readPlanningHistory(s.hall, s.hall.config, clock.now, 2));
    expect(planningHistoryFor(s.hall, clock.now, 2).days).toEqual(HISTORY_DAYS.slice(2));
    expect(plan.historyFrom).toBe(HISTORY_DAYS[0]);
    expect(plan.target).toEqual(TARGET);
    const q = plan.queues.find((x) => x.queueId === QUEUE)!;
    // Window time per visit: 5.5 min service + the walk (30 s on average) + the no-shows' 2-minute grace.
    expect(q.holdMinutes).toBeGreaterThan(5.2);
    expect(q.holdMinutes).toBeLessThan(7);
    expect(q.noShowRate).toBeGreaterThan(0.01);
    expect(q.noShowRate).toBeLessThan(0.08);
    const rec = new Map(q.cells.map((c) => [c.slot, c.recommended]));
    const peak = Math.max(...rec.values());
    expect(PEAK_SLOTS).toEqual(['09:30', '10:00', '10:30', '11:00', '11:30']);
    // 48 an hour × ~6 min ≈ 4.9 windows' work: five to seven windows at the peak; 10 an hour at lunch: two.
    expect(peak).toBeGreaterThanOrEqual(5);
    expect(peak).toBeLessThanOrEqual(7);
    expect(PEAK_SLOTS.map((slot) => rec.get(slot))).toContain(peak);
    expect(rec.get('13:00')).toBe(2);
    // What was open: four windows all day, so the peak is marked under-staffed and lunch is not.
    const at10 = q.cells.find((c) => c.slot === '10:00')!;
    expect(at10.open).toBeCloseTo(HISTORY_OPEN, 0);
    expect(at10.under).toBe(true);
    expect(q.cells.find((c) => c.slot === '13:00')!.under).toBe(false);

    const clerkSession = await login(s.url, CLERK_W5);
    const clerk = await connect(s.url, '/window', clerkSession.token);
    cleanups.push(() => clerk.close());
    const forbidden = await clerk.request('planning:query', { requestId: newRequestId(), weekday: 'mon' });
    expect(!forbidden.ok && forbidden.error.code).toBe('FORBIDDEN');
    const bad = await desk.request('planning:query', { requestId: newRequestId(), weekday: 'someday', share: 2 });
    expect(!bad.ok && bad.error.code).toBe('BAD_REQUEST');

    // ── Replay: by the plan, then one window fewer in the peak half-hours (same visitors). ──
    const replay = async (label: string, open: (slot: string) => number, offsetWeeks: number) => {
      const from = s.hall.seq;
      let visitors = 0;
      for (const [k, date0] of REPLAY_DAYS.entries()) {
        const date = new Date(Date.parse(`${date0}T00:00:00Z`) + offsetWeeks * 7 * 86_400_000).toISOString().slice(0, 10);
        clock.now = Date.parse(`${date}T07:30:00+08:00`);
        const day = await sim(date, 2000 + k, open, peak);
        day.close();
        expect(day.unexpected, label).toEqual([]);
        visitors += day.visitors.length;
      }
      // Waits from the log: issued → first called, for visitors who came in the peak half-hours.
      const issued = new Map<string, number>();
      const waits: number[] = [];
      for (const { at, event: e } of s.hall.eventsSince(from, 1_000_000)) {
        if (e.type === 'ticket.issued' && PEAK_SLOTS.includes(slotOf(at))) issued.set(e.ticketId, at);
        if (e.type === 'ticket.called' && issued.has(e.ticketId)) {
          waits.push(at - issued.get(e.ticketId)!);
          issued.delete(e.ticketId);
        }
      }
      const within = waits.filter((w) => w <= TARGET.withinMinutes * MIN).length / waits.length;
      return { within, peakVisitors: waits.length, visitors };
    };
    const t0 = performance.now();
    const byPlan = await replay('plan', (slot) => rec.get(slot) ?? 1, 0);
    const fewer = await replay('one fewer', (slot) => (rec.get(slot) ?? 1) - (PEAK_SLOTS.includes(slot) ? 1 : 0), REPLAY_DAYS.length);
    const replaySeconds = (performance.now() - t0) / 1000;
    console.log(
      `window planning: history ${HISTORY_DAYS.length} days in ${historySeconds.toFixed(1)} s; plan ${q.cells.map((c) => c.recommended).join(' ')} (peak ${peak}; Erlang C per half-hour ${q.cells.map((c) => c.steadyState).join(' ')}; hold ${q.holdMinutes} min; expected at 10:00 ${at10.expectedShare} within ${TARGET.withinMinutes} min)\n` +
        `  replay ×${REPLAY_DAYS.length} days: by plan ${(byPlan.within * 100).toFixed(1)}% of ${byPlan.peakVisitors} peak visitors within ${TARGET.withinMinutes} min; one fewer ${(fewer.within * 100).toFixed(1)}% (${fewer.peakVisitors}); ${byPlan.visitors + fewer.visitors} visitors in ${replaySeconds.toFixed(1)} s`,
    );
    expect(byPlan.within).toBeGreaterThanOrEqual(TARGET.share);
    expect(fewer.within).toBeLessThan(TARGET.share);
  }, 600_000);
});
