/** A demo hall that ships to a hub, and visitors for it: shared by the hub's integration tests. */
import { expect } from 'vitest';
import { startHallServer, type RunningHallServer } from '../../server/hall-server.ts';
import { addHall } from '../../server/hub/hall-credentials.ts';
import { HubIngest, type ShippedRow } from '../../server/hub/hub-ingest.ts';
import type { RunningHub } from '../../server/hub/hub-server.ts';
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

/**
 * Another hall at the hub with the same history as `fromId` (its stored rows ingested and verified as the new
 * hall's, and its hall file under the new id and name), folded for reports: a district of several halls.
 */
export async function copyHallAtHub(hub: RunningHub, fromId: string, to: { id: string; name: string; district: string }): Promise<void> {
  const rows = (
    await hub.pool.query<{ seq: string; at: string; type: string; actor: string; payload: string; prev_hash: string; hash: string }>(
      'SELECT seq, at, type, actor, payload, prev_hash, hash FROM hall_events WHERE hall_id = $1 ORDER BY seq',
      [fromId],
    )
  ).rows.map(
    (r): ShippedRow => ({ seq: Number(r.seq), at: Number(r.at), type: r.type, actor: r.actor, payload: r.payload, prevHash: r.prev_hash, hash: r.hash }),
  );
  const profile = await hub.reports.profile(fromId);
  if (!profile) throw new Error(`the hub has no hall file of ${fromId}`);
  await addHall(hub.pool, to);
  const ingest = new HubIngest(hub.pool);
  for (let i = 0; i < rows.length; i += 500) expect((await ingest.ingest(to.id, rows.slice(i, i + 500))).ok).toBe(true);
  await hub.reports.putProfile(to.id, { ...profile, hall: { ...profile.hall, id: to.id, name: to.name } });
  await hub.reports.catchUp(to.id);
}

/** Until the hub has stored and folded for reports every event of the hall (bounded). */
export async function foldedAtHub(hub: RunningHub, hall: RunningHallServer, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const row = (
      await hub.pool.query<{ stored: string; folded: string | null }>(
        'SELECT h.last_seq AS stored, m.last_seq AS folded FROM halls h LEFT JOIN hub_report_meta m USING (hall_id) WHERE h.hall_id = $1',
        [hall.hall.config.hall.id],
      )
    ).rows[0];
    if (Number(row?.stored) === hall.hall.seq && Number(row?.folded) === hall.hall.seq) return;
    if (Date.now() > deadline) throw new Error(`hub stored ${row?.stored}, folded ${row?.folded}, hall at ${hall.hall.seq}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
