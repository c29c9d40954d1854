/**
 * The hall's clock service through the real server: deadlines are state in
 * the log, not timers, so they survive restarts.
 *
 *  - No command needed: at 停止取号 the server logs the boundary by itself and
 *    every kiosk folds the new phase (it greys its queues from it).
 *  - An AB岗 escalation deadline fixed before a restart fires after it —
 *    re-armed from the rebuilt state when the server comes back before the
 *    deadline, and logged on boot when the server was down through it.
 *
 * The clock is simulated; the clock service looks at it every 100 ms.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { HallEvent } from '../../state-machines/domain/events.ts';
import { DEMO_TOKENS, SHIPPED_DEMO_PATH, writeHallVariant } from '../support/demo.ts';
import { connect, login, newRequestId, until } from '../support/hall-client.ts';
import { liveClient } from '../support/live-client.ts';
import { startTestServer, tempDataDir } from '../support/server.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
const at = (hhmm: string) => Date.parse(`2026-11-23T${hhmm}:00+08:00`);

/** The shipped hall (calendar on) with window 7 (EMS) as a single-post window. */
const SINGLE_POST_PATH = writeHallVariant((hall) => {
  const w7 = hall.windows.find((w) => w.number === 7)!;
  delete w7.posts.b;
});

function logged(s: { hall: { eventsSince(seq: number, limit: number): { event: HallEvent; at: number }[] } }) {
  return s.hall.eventsSince(0, 100_000);
}

describe('the hall clock service', () => {
  it('logs 停止取号 at its time without any command, and kiosks fold the new phase', async () => {
    const clock = { now: at('16:58') };
    const s = await startTestServer({ configPath: SHIPPED_DEMO_PATH, now: () => clock.now, clockMaxSleepMs: 100 });
    cleanups.push(() => s.close());
    await until(() => s.hall.state.phase.status === 'open'); // the first start syncs to the calendar by itself
    const kiosk = liveClient(s.url, '/kiosk', DEMO_TOKENS.kiosk);
    cleanups.push(() => kiosk.close());
    await until(() => kiosk.sync.current?.state.phase.status === 'open');

    clock.now = at('17:00') + 1_000;
    await until(() => kiosk.sync.current?.state.phase.status === 'tickets_stopped');
    const stop = logged(s).find((e) => e.event.type === 'hall.phase_changed' && e.event.boundary === 'tickets_stop');
    expect(stop?.event).toMatchObject({ due: at('17:00'), phase: 'tickets_stopped', next: { at: at('17:30'), boundary: 'close' } });
    // The IT person can read the hall's day and the clock's next deadline off /healthz.
    const health = (await (await fetch(`${s.url}/healthz`)).json()) as { clock: { phase: string; nextDeadline: string } };
    expect(health.clock).toMatchObject({ phase: 'tickets_stopped', nextDeadline: new Date(at('17:30')).toISOString() });
    const late = await connect(s.url, '/kiosk', DEMO_TOKENS.kiosk2);
    cleanups.push(() => late.close());
    const take = await late.request('ticket:take', { requestId: newRequestId(), queueId: 'comprehensive' });
    expect(take.ok ? 'ok' : take.error.code).toBe('TICKETING_CLOSED');
  });

  it('an AB岗 escalation deadline set before a restart fires after it, whether the server is back before or after it', async () => {
    const clock = { now: at('09:00') };
    const dataDir = tempDataDir();
    const start = () => startTestServer({ dataDir, configPath: SINGLE_POST_PATH, now: () => clock.now, clockMaxSleepMs: 100 });
    let s = await start();
    const a = await login(s.url, { staffId: '1013', pin: '123456', window: 7 });
    const out = await fetch(`${s.url}/api/session`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${a.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'training' }),
    });
    expect(out.status).toBe(204);
    // 09:00–12:00 and 14:00–15:00: four hours of opening time.
    expect(s.hall.state.staffing['7']).toMatchObject({ status: 'a_away', escalateAt: at('15:00') });

    // Down over lunch, back at 14:00: the deadline is read back from the state and re-armed.
    await s.close();
    clock.now = at('14:00');
    s = await start();
    expect(s.hall.state.staffing['7']?.status).toBe('a_away');
    clock.now = at('15:00') + 500;
    await until(() => s.hall.state.staffing['7']?.status === 'escalated');
    const escalated = logged(s).filter((e) => e.event.type === 'post.escalated');
    expect(escalated.map((e) => e.event)).toEqual([{ type: 'post.escalated', window: 7, clerkId: '1013' }]);
    await s.close();

    // The same story with the server down through the deadline: the escalation is logged on boot.
    const dataDir2 = tempDataDir();
    clock.now = at('09:00');
    s = await startTestServer({ dataDir: dataDir2, configPath: SINGLE_POST_PATH, now: () => clock.now, clockMaxSleepMs: 100 });
    const a2 = await login(s.url, { staffId: '1013', pin: '123456', window: 7 });
    await fetch(`${s.url}/api/session`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${a2.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'leave' }),
    });
    await s.close();
    clock.now = at('16:00');
    s = await startTestServer({ dataDir: dataDir2, configPath: SINGLE_POST_PATH, now: () => clock.now, clockMaxSleepMs: 100 });
    cleanups.push(() => s.close());
    expect(s.hall.state.staffing['7']?.status).toBe('escalated');
    const onBoot = logged(s).find((e) => e.event.type === 'post.escalated');
    expect(onBoot?.at).toBe(at('16:00')); // logged when the clock noticed; the deadline itself stays in the sign-out event
  });
});
