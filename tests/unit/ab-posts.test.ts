/**
 * AB岗 on the real decider + fold: who is on duty, standby, take-over,
 * hand-over when A leaves with a reason, "A and B never away together",
 * attribution of calls to the clerk actually serving, and the supervisor
 * reassigning posts.
 */
import { describe, expect, it } from 'vitest';
import { servingClerk, postsOf } from '../../state-machines/domain/staffing.ts';
import { demoConfig, TEN_AM } from '../support/demo.ts';
import { MemoryHall } from '../support/fold.ts';

const A = '1009';
const B = '1010';
const W = 5;

function hall() {
  const h = new MemoryHall(demoConfig, TEN_AM);
  for (let i = 0; i < 4; i++) h.ok({ type: 'ticket.take', deviceId: 'k', queueId: 'comprehensive' });
  return h;
}
const code = (d: ReturnType<MemoryHall['run']>) => (d.ok ? 'ok' : d.error.code);

describe('AB岗', () => {
  it('the first clerk in is on duty; the other post stands by until it takes over', () => {
    const h = hall();
    h.ok({ type: 'clerk.sign_in', clerkId: A, window: W });
    h.ok({ type: 'window.open', clerkId: A, window: W });
    h.ok({ type: 'clerk.sign_in', clerkId: B, window: W });
    expect(h.state.staffing[String(W)]?.onDuty).toBe(A);
    const refused = h.run({ type: 'ticket.call_next', clerkId: B, window: W });
    expect(code(refused)).toBe('FORBIDDEN');
    expect(!refused.ok && refused.error.message).toContain('周婷');
    h.ok({ type: 'post.take_over', clerkId: B, window: W });
    const call = h.ok({ type: 'ticket.call_next', clerkId: B, window: W });
    expect(call).toMatchObject({ type: 'ticket.called', clerkId: B });
    expect(h.state.windows[String(W)]?.clerkId).toBe(B);
    expect(servingClerk(h.state, demoConfig, W)).toEqual({ clerkId: B, post: 'b', bCovering: false }); // A is still here
  });

  it('A leaves with a reason: B, signed in, covers at once and is named on the window; A back clears the absence', () => {
    const h = hall();
    h.ok({ type: 'clerk.sign_in', clerkId: A, window: W });
    h.ok({ type: 'window.open', clerkId: A, window: W });
    h.ok({ type: 'clerk.sign_in', clerkId: B, window: W });
    h.now += 60_000;
    const out = h.ok({ type: 'clerk.sign_out', clerkId: A, window: W, reason: 'meeting' });
    expect(out).toMatchObject({ type: 'clerk.signed_out', handedTo: B, reason: 'meeting' });
    expect(h.state.staffing[String(W)]).toMatchObject({ onDuty: B, absent: { [A]: { reason: 'meeting', since: h.now } } });
    expect(servingClerk(h.state, demoConfig, W)).toEqual({ clerkId: B, post: 'b', bCovering: true });
    expect(h.ok({ type: 'ticket.call_next', clerkId: B, window: W })).toMatchObject({ clerkId: B });
    h.ok({ type: 'clerk.sign_in', clerkId: A, window: W });
    expect(h.state.staffing[String(W)]?.absent[A]).toBeUndefined();
    expect(h.state.staffing[String(W)]?.onDuty).toBe(B); // B finishes; A takes over when the counter is free
    expect(code(h.run({ type: 'post.take_over', clerkId: A, window: W }))).toBe('WINDOW_BUSY');
  });

  it('A and B are never away together: leaving with nobody to cover needs the window paused or closed first', () => {
    const h = hall();
    h.ok({ type: 'clerk.sign_in', clerkId: A, window: W });
    h.ok({ type: 'window.open', clerkId: A, window: W });
    const before = JSON.stringify(h.state);
    const refused = h.run({ type: 'clerk.sign_out', clerkId: A, window: W, reason: 'leave' });
    expect(code(refused)).toBe('ILLEGAL_TRANSITION');
    expect(!refused.ok && refused.error.message).toContain('A、B岗不得同时离岗');
    expect(JSON.stringify(h.state)).toBe(before);
    h.ok({ type: 'ticket.call_next', clerkId: A, window: W });
    expect(code(h.run({ type: 'clerk.sign_out', clerkId: A, window: W, reason: 'leave' }))).toBe('WINDOW_BUSY');
    const t = h.state.windows[String(W)]?.current ?? '';
    h.ok({ type: 'ticket.complete', clerkId: A, window: W, ticketId: t });
    h.ok({ type: 'window.pause', clerkId: A, window: W, reason: 'other' });
    h.ok({ type: 'clerk.sign_out', clerkId: A, window: W, reason: 'leave' });
    expect(h.state.staffing[String(W)]?.onDuty).toBeUndefined();
    expect(h.state.windows[String(W)]?.status).toBe('paused');
    // B arrives, takes over the paused window and resumes service.
    h.ok({ type: 'clerk.sign_in', clerkId: B, window: W });
    expect(h.state.staffing[String(W)]?.onDuty).toBe(B);
    expect(h.state.windows[String(W)]?.clerkId).toBe(B);
    h.ok({ type: 'window.resume', clerkId: B, window: W });
    expect(servingClerk(h.state, demoConfig, W)?.bCovering).toBe(true);
  });

  it('the supervisor reassigns posts; a clerk cannot, and A and B stay different people', () => {
    const h = hall();
    expect(code(h.run({ type: 'post.assign', window: W, post: 'b', clerkId: '1012', by: { staffId: A, window: W } }))).toBe('FORBIDDEN');
    expect(code(h.run({ type: 'post.assign', window: W, post: 'b', clerkId: A, by: { staffId: '9001' } }))).toBe('BAD_REQUEST');
    expect(code(h.run({ type: 'post.assign', window: W, post: 'b', clerkId: '9001', by: { staffId: '9001' } }))).toBe('NOT_FOUND');
    h.ok({ type: 'post.assign', window: W, post: 'b', clerkId: '1012', by: { staffId: '9001' } });
    expect(postsOf(h.state, demoConfig, W)).toEqual({ a: A, b: '1012' });
  });
});

describe('supervisor alerts (AB岗)', () => {
  it('escalates a single-post window once the clock sends post.escalate after half a day of opening time, and flags windows with both posts away', async () => {
    const { loadHallConfig } = await import('../../server/config/load-config.ts');
    const { SHIPPED_DEMO_PATH } = await import('../support/demo.ts');
    const { staffingAlerts } = await import('../../state-machines/hall/staffing-alerts.ts');
    const { staffingDeadlines } = await import('../../state-machines/hall/staffing-deadlines.ts');
    const shipped = structuredClone(loadHallConfig(SHIPPED_DEMO_PATH));
    const w7 = shipped.windows.find((w) => w.number === 7)!;
    delete w7.posts.b; // EMS: a single-post window
    const at = (hhmm: string) => Date.parse(`2026-11-23T${hhmm}:00+08:00`);
    const h = new MemoryHall(shipped, at('09:00'));
    h.ok({ type: 'clerk.sign_in', clerkId: '1013', window: 7 });
    const out = h.ok({ type: 'clerk.sign_out', clerkId: '1013', window: 7, reason: 'training' });
    // 09:00–12:00 and 14:00–15:00 are 4 h of opening time; the lunch break does not count.
    expect(out).toMatchObject({ type: 'clerk.signed_out', escalateAt: at('15:00') });
    expect(h.state.staffing['7']?.status).toBe('a_away');
    expect(staffingDeadlines(h.state)).toEqual([{ at: at('15:00'), window: 7 }]);
    h.now = at('14:59');
    const early = h.run({ type: 'post.escalate', window: 7 });
    expect(code(early)).toBe('TOO_EARLY');
    expect(!early.ok && early.error.retryAfterSeconds).toBe(60);
    expect(staffingAlerts(h.state, shipped)).toEqual([]);
    h.now = at('15:00');
    // The hall's clock escalates at the deadline by itself (MemoryHall settles as the server's clock service does).
    expect(h.settle()).toEqual([{ type: 'post.escalated', window: 7, clerkId: '1013' }]);
    expect(h.state.staffing['7']?.status).toBe('escalated');
    expect(staffingAlerts(h.state, shipped)).toEqual([{ window: 7, kind: 'single_post_long_absence', clerkId: '1013', since: at('09:00') }]);
    expect(staffingDeadlines(h.state)).toEqual([]);
    expect(code(h.run({ type: 'post.escalate', window: 7 }))).toBe('ILLEGAL_TRANSITION'); // once
    h.now = at('15:05');
    h.ok({ type: 'post.assign', window: 7, post: 'b', clerkId: '1014', by: { staffId: '9001' } }); // a fixed substitute
    expect(staffingAlerts(h.state, shipped)).toEqual([]);
    h.ok({ type: 'clerk.sign_in', clerkId: '1014', window: 7 });
    expect(h.state.staffing['7']?.status).toBe('b_covering');
    h.ok({ type: 'clerk.sign_out', clerkId: '1014', window: 7, reason: 'off_duty' });
    expect(h.state.staffing['7']?.status).toBe('both_away');
    expect(staffingAlerts(h.state, shipped)).toEqual([{ window: 7, kind: 'both_away' }]);
    const closed = h.run({ type: 'window.open', clerkId: '1013', window: 7 });
    expect(code(closed)).toBe('ILLEGAL_TRANSITION');
    expect(!closed.ok && closed.error.message).toContain('A、B岗均已离岗');
    // Back: signing in clears the absence, and the window may open again.
    h.ok({ type: 'clerk.sign_in', clerkId: '1013', window: 7 });
    h.ok({ type: 'window.open', clerkId: '1013', window: 7 });
    expect(h.state.staffing['7']?.status).toBe('a_on_duty');
  });
});
