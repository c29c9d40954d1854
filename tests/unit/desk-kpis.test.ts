/**
 * The supervisor desk's KPIs and /metrics' queue figures (hall/views.ts
 * `queueKpis`, `servedCount`), on the demo hall folded in memory: the oldest
 * waiting ticket's wait from its issue time, the threshold (queue over hall),
 * strictly over it to warn, and 办结 counted for the day asked.
 */
import { describe, expect, it } from 'vitest';
import { hallConfigSchema } from '../../state-machines/config/hall-config.ts';
import { queueKpis, servedCount } from '../../state-machines/hall/views.ts';
import { demoConfig, TEN_AM } from '../support/demo.ts';
import { MemoryHall } from '../support/fold.ts';
import { DeviceRegistry } from '../../devices/registry.ts';

const MIN = 60_000;

function hall() {
  const config = hallConfigSchema.parse({
    ...demoConfig,
    queues: demoConfig.queues.map((q) => (q.id === 'tax' ? { ...q, longWaitMinutes: 45 } : q)),
  });
  return new MemoryHall(config, TEN_AM);
}

describe('queueKpis', () => {
  it('gives each queue its waiting count and the oldest waiting ticket’s wait since issue; over only past the threshold', () => {
    const h = hall();
    const take = (queueId: string) => {
      const e = h.ok({ type: 'ticket.take', deviceId: 'kiosk-1f-1', queueId });
      return e.type === 'ticket.issued' ? e.ticketId : '';
    };
    take('comprehensive');
    h.now += 5 * MIN;
    take('comprehensive');
    take('tax');
    h.now = TEN_AM + 20 * MIN;
    const at20 = queueKpis(h.state, h.config, h.now);
    expect(at20.map((k) => k.queueId)).toEqual(h.config.queues.map((q) => q.id));
    const a = at20.find((k) => k.queueId === 'comprehensive')!;
    // Exactly 20 minutes is not over 20 (the hall default).
    expect(a).toEqual({ queueId: 'comprehensive', waiting: 2, longestWaitMs: 20 * MIN, thresholdMinutes: 20, over: false });
    expect(at20.find((k) => k.queueId === 'tax')).toMatchObject({ waiting: 1, longestWaitMs: 15 * MIN, thresholdMinutes: 45, over: false });
    expect(at20.find((k) => k.queueId === 'police')).toEqual({ queueId: 'police', waiting: 0, longestWaitMs: undefined, thresholdMinutes: 20, over: false });

    h.now += 1000;
    expect(queueKpis(h.state, h.config, h.now).find((k) => k.queueId === 'comprehensive')?.over).toBe(true);
    // The queue's own 45 holds for 税务 at 50 minutes of the hall's clock (a 税务 wait of 45 min 1 s).
    h.now = TEN_AM + 50 * MIN + 1000;
    expect(queueKpis(h.state, h.config, h.now).find((k) => k.queueId === 'tax')?.over).toBe(true);

    // Once the oldest is served, the next one's wait counts; 办结 counts for today only.
    h.ok({ type: 'clerk.sign_in', clerkId: '1009', window: 5 });
    h.ok({ type: 'window.open', clerkId: '1009', window: 5 });
    const called = h.ok({ type: 'ticket.call_next', clerkId: '1009', window: 5 });
    const id = called.type === 'ticket.called' ? called.ticketId : '';
    h.ok({ type: 'ticket.start', ticketId: id, clerkId: '1009', window: 5 });
    h.ok({ type: 'ticket.complete', ticketId: id, clerkId: '1009', window: 5 });
    expect(queueKpis(h.state, h.config, h.now).find((k) => k.queueId === 'comprehensive')).toMatchObject({ waiting: 1, longestWaitMs: 45 * MIN + 1000 });
    expect(servedCount(h.state, '2026-11-21')).toBe(1);
    expect(servedCount(h.state, '2026-11-22')).toBe(0);
  });
});

describe('device registry', () => {
  it('stamps since when a device enters a state, and keeps it while the state holds', () => {
    const clock = { now: 1000 };
    const r = new DeviceRegistry(() => clock.now);
    r.upsert({ id: 'p', kind: 'printer', name: 'P', location: '1F', state: 'online', details: [] });
    clock.now = 2000;
    r.update('p', { state: 'paper_out' });
    clock.now = 3000;
    r.update('p', { lastSeen: 3000 });
    r.update('p', { state: 'paper_out', details: ['paper end'] });
    expect(r.get('p')).toMatchObject({ state: 'paper_out', since: 2000, lastSeen: 3000 });
  });
});
