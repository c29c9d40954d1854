/**
 * Tickets per kiosk in the last hour, from the fold (kiosk-issuing.ts): the
 * sustained budget and the desk's alert for a kiosk far above the others.
 */
import { describe, expect, it } from 'vitest';
import { issuedLastHour, kioskAlerts, kioskBudgetWait } from '../../state-machines/hall/kiosk-issuing.ts';
import { demoConfig, TEN_AM } from '../support/demo.ts';
import { MemoryHall } from '../support/fold.ts';

const MIN = 60_000;
const KIOSKS = ['kiosk-1f-1', 'kiosk-1f-2', 'kiosk-2f'];

function issue(hall: MemoryHall, deviceId: string, n: number, everyMs = 0) {
  const queues = ['comprehensive', 'tax', 'police', 'social-insurance'];
  for (let i = 0; i < n; i++) {
    hall.now += everyMs;
    hall.ok({ type: 'ticket.take', deviceId, queueId: queues[i % queues.length]! });
  }
}

describe('tickets per kiosk in the last hour', () => {
  it('counts by minute over a sliding hour and keeps no more than an hour of minutes', () => {
    const hall = new MemoryHall(demoConfig, TEN_AM);
    issue(hall, 'kiosk-1f-1', 90, MIN); // one a minute for 90 minutes
    expect(issuedLastHour(hall.state, 'kiosk-1f-1', hall.now)).toBe(60);
    expect(hall.state.issuedByKiosk['kiosk-1f-1']!.length).toBeLessThanOrEqual(60);
    expect(issuedLastHour(hall.state, 'kiosk-1f-1', hall.now + 30 * MIN)).toBe(30);
    expect(issuedLastHour(hall.state, 'kiosk-2f', hall.now)).toBe(0);
    expect(issuedLastHour(hall.state, '__proto__', hall.now)).toBe(0);
  });

  it('the budget: 0 while under it; at it, the seconds until the oldest minute leaves the hour', () => {
    const hall = new MemoryHall(demoConfig, TEN_AM);
    issue(hall, 'kiosk-1f-1', 10, 0); // ten at 10:00
    issue(hall, 'kiosk-1f-1', 10, 10 * MIN); // then one every ten minutes: 10:10 … 11:40
    expect(kioskBudgetWait(hall.state, 'kiosk-1f-1', hall.now, 25)).toBe(0);
    // At 11:40 the hour holds 10:41 … 11:40: the six from 10:50 on. The ten of 10:00 have already left.
    expect(issuedLastHour(hall.state, 'kiosk-1f-1', hall.now)).toBe(6);
    expect(kioskBudgetWait(hall.state, 'kiosk-1f-1', hall.now, 6)).toBe(10 * 60); // 10:50 leaves at 11:50
    expect(kioskBudgetWait(hall.state, 'kiosk-1f-1', hall.now, 5)).toBe(20 * 60); // two must leave: 10:50 and 11:00
  });

  it('alerts for a kiosk with ≥ 30 in the hour and 3× the busiest other kiosk, or ¾ of its budget; not for a busy door kiosk', () => {
    const hall = new MemoryHall(demoConfig, TEN_AM);
    issue(hall, 'kiosk-1f-1', 29, 10_000);
    expect(kioskAlerts(hall.state, KIOSKS, 240, hall.now)).toEqual([]); // under the floor
    issue(hall, 'kiosk-1f-1', 1, 10_000);
    expect(kioskAlerts(hall.state, KIOSKS, 240, hall.now)).toEqual([{ deviceId: 'kiosk-1f-1', issued: 30, busiestOther: 0 }]);
    issue(hall, 'kiosk-1f-2', 11, 10_000); // a kiosk used normally: 30 < 3 × 11
    expect(kioskAlerts(hall.state, KIOSKS, 240, hall.now)).toEqual([]);
    // The kiosk by the door serves most visitors: 120 against 60 — no alert…
    issue(hall, 'kiosk-1f-1', 90, 10_000);
    issue(hall, 'kiosk-1f-2', 49, 10_000);
    expect(kioskAlerts(hall.state, KIOSKS, 240, hall.now)).toEqual([]);
    // …until it passes three quarters of its budget.
    issue(hall, 'kiosk-1f-1', 60, 1000);
    expect(kioskAlerts(hall.state, KIOSKS, 240, hall.now)).toEqual([{ deviceId: 'kiosk-1f-1', issued: 180, busiestOther: 60 }]);
  });
});
