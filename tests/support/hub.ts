/** A demo hall that ships to a hub, and visitors for it: shared by the hub's integration tests. */
import { expect } from 'vitest';
import { startHallServer, type RunningHallServer } from '../../server/hall-server.ts';
import type { AppointmentReceipt, TicketReceipt } from '../../state-machines/protocol/socket-events.ts';
import { DEMO_CONFIG_PATH } from './demo.ts';
import { newRequestId, type TestClient } from './hall-client.ts';
import { tempDataDir } from './server.ts';

/** The test demo hall on a simulated clock, shipping to `hubUrl`; closed with the test's cleanups. */
export async function hallShippingTo(cleanups: (() => unknown)[], hubUrl: string, credential: string, clock: { now: number }): Promise<RunningHallServer> {
  const hall = await startHallServer({
    port: 0,
    host: '127.0.0.1',
    configPath: DEMO_CONFIG_PATH,
    dataDir: tempDataDir(),
    logLevel: 'silent',
    now: () => clock.now,
    hub: { url: hubUrl, credential },
  });
  cleanups.push(() => hall.close());
  return hall;
}

/** n visitors, 15 s apart on the hall's clock (a kiosk's ticket rate is bounded). */
export async function takeTickets(kiosk: TestClient, clock: { now: number }, n: number, queueId = 'comprehensive'): Promise<void> {
  for (let i = 0; i < n; i++) {
    clock.now += 15_000;
    const ack = await kiosk.request<TicketReceipt>('ticket:take', { requestId: newRequestId(), queueId });
    expect(ack.ok ? 'ok' : ack.error).toBe('ok');
  }
}

/** A booking with a real name and phone (张三丰, 13812341234) — what must never leave the hall; its check-in code. */
export async function bookWithPersonalData(kiosk: TestClient): Promise<string> {
  const booked = await kiosk.request<AppointmentReceipt>('appointment:book', {
    requestId: newRequestId(),
    queueId: 'real-estate',
    slotStart: Date.parse('2026-11-23T10:30:00+08:00'),
    name: '张三丰',
    phone: '13812341234',
  });
  expect(booked.ok).toBe(true);
  return booked.ok ? (booked.result.appointment.code ?? '') : '';
}
