/**
 * Why a window is paused (暂停原因: a meeting, a break, with the clerk's note)
 * is staff business (issue 11 item 8): on the wire, kiosks and displays get
 * the pause — 暂停服务 — but never its reason or note, in the live delta, in a
 * snapshot and in a sync:since answer alike. The clerk's panel and the
 * supervisor still see both.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { HallDelta, SyncResult } from '../../state-machines/protocol/socket-events.ts';
import { CLERK_W5, DEMO_TOKENS, SUPERVISOR } from '../support/demo.ts';
import { connect, login, newRequestId, until, type TestClient } from '../support/hall-client.ts';
import { startTestServer } from '../support/server.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const NOTE = '参加科室周例会，十点半回来';

/** Every Engine.IO packet a client receives from now on, as it came off the wire (events and acks alike). */
function record(client: TestClient): unknown[] {
  const received: unknown[] = [];
  client.socket.io.engine.on('packet', (packet: { data?: unknown }) => received.push(packet.data));
  return received;
}

describe('pause reasons on the wire', () => {
  it('reach staff, never kiosks or displays: not in deltas, snapshots or sync answers', async () => {
    const s = await startTestServer();
    cleanups.push(() => s.close());
    const open = async (nsp: '/kiosk' | '/display' | '/window' | '/admin', token: string | undefined) => {
      const c = await connect(s.url, nsp, token);
      cleanups.push(() => c.close());
      return c;
    };
    const display = await open('/display', DEMO_TOKENS.display);
    const kiosk = await open('/kiosk', DEMO_TOKENS.kiosk);
    const panel = await open('/window', (await login(s.url, CLERK_W5)).token);
    const desk = await open('/admin', (await login(s.url, SUPERVISOR)).token);
    const wire = { display: record(display), kiosk: record(kiosk), panel: record(panel), desk: record(desk) };

    const before = s.hall.seq;
    expect((await panel.request('window:open', { requestId: newRequestId(), window: 5 })).ok).toBe(true);
    expect((await panel.request('window:pause', { requestId: newRequestId(), window: 5, reason: 'meeting', note: NOTE })).ok).toBe(true);
    const paused = (c: TestClient) => c.deltas.find((d: HallDelta) => d.event.type === 'window.paused');
    await until(() => [display, kiosk, panel, desk].every((c) => paused(c) !== undefined));

    for (const c of [display, kiosk]) {
      expect(paused(c)?.event).toEqual({ type: 'window.paused', clerkId: '1009', window: 5 });
    }
    for (const c of [panel, desk]) expect(paused(c)?.event).toMatchObject({ type: 'window.paused', reason: 'meeting', note: NOTE });

    // A screen that connects now, and one that asks for what it missed.
    const late = await open('/display', DEMO_TOKENS.windowScreen5);
    expect(late.snapshot.state.windows['5']).toMatchObject({ status: 'paused' });
    expect(late.snapshot.state.windows['5']?.pauseReason).toBeUndefined();
    const sync = await display.request<SyncResult>('sync:since', { lastSeq: before });
    expect(sync.ok && sync.result.kind).toBe('deltas');
    const synced = sync.ok && sync.result.kind === 'deltas' ? sync.result.deltas.find((d) => d.event.type === 'window.paused') : undefined;
    expect(synced?.event).toEqual({ type: 'window.paused', clerkId: '1009', window: 5 });
    const staffView = await open('/admin', (await login(s.url, SUPERVISOR)).token);
    expect(staffView.snapshot.state.windows['5']?.pauseReason).toBe('meeting');

    const publicWire = JSON.stringify([wire.display, wire.kiosk, late.snapshot]);
    expect(publicWire).not.toContain('meeting');
    expect(publicWire).not.toContain(NOTE);
    expect(JSON.stringify(wire.panel)).toContain(NOTE);
  });
});
