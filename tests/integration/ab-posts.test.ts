/**
 * AB岗 through the real server: A signs off mid-day for a meeting, B's panel
 * serves the next call, and the window screen names B with 「B岗代办」.
 * Leaving with nobody to cover is refused and the session stays valid.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { servingClerk } from '../../state-machines/domain/staffing.ts';
import type { TicketRecord } from '../../state-machines/domain/ticket.ts';
import { DEMO_TOKENS, demoConfig, SUPERVISOR } from '../support/demo.ts';
import { connect, login, newRequestId, until } from '../support/hall-client.ts';
import { liveClient } from '../support/live-client.ts';
import { startTestServer } from '../support/server.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function signOut(url: string, token: string, reason?: string) {
  const res = await fetch(`${url}/api/session`, {
    method: 'DELETE',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(reason ? { reason } : {}),
  });
  return { status: res.status, body: res.status === 204 ? undefined : ((await res.json()) as { error: { code: string; message: string } }) };
}

describe('AB岗 through the server', () => {
  it('A signs off for a meeting; B serves the next call and the window screen names B as 「B岗代办」', async () => {
    const s = await startTestServer();
    cleanups.push(() => s.close());
    const screen = liveClient(s.url, '/display', DEMO_TOKENS.windowScreen5);
    const kiosk = await connect(s.url, '/kiosk', DEMO_TOKENS.kiosk);
    cleanups.push(
      () => screen.close(),
      () => kiosk.close(),
    );
    const a = await login(s.url, { staffId: '1009', pin: '123456', window: 5 });
    const b = await login(s.url, { staffId: '1010', pin: '123456', window: 5 });
    const panelA = await connect(s.url, '/window', a.token);
    const panelB = await connect(s.url, '/window', b.token);
    cleanups.push(
      () => panelA.close(),
      () => panelB.close(),
    );
    for (let i = 0; i < 2; i++) await kiosk.request('ticket:take', { requestId: newRequestId(), queueId: 'comprehensive' });

    expect((await panelA.request('window:open', { requestId: newRequestId(), window: 5 })).ok).toBe(true);
    const standby = await panelB.request('ticket:call-next', { requestId: newRequestId(), window: 5 });
    expect(standby.ok ? 'ok' : standby.error.code).toBe('FORBIDDEN');
    const first = await panelA.request<{ ticket: TicketRecord }>('ticket:call-next', { requestId: newRequestId(), window: 5 });
    expect(first.ok && first.result.ticket.clerkId).toBe('1009');
    await panelA.request('ticket:complete', { requestId: newRequestId(), window: 5, ticketId: first.ok ? first.result.ticket.id : '' });

    expect((await signOut(s.url, a.token!, 'meeting')).status).toBe(204);
    const next = await panelB.request<{ ticket: TicketRecord }>('ticket:call-next', { requestId: newRequestId(), window: 5 });
    expect(next.ok && next.result.ticket).toMatchObject({ clerkId: '1010', window: 5, status: 'called' });

    await until(() => screen.sync.current?.state.seq === s.hall.seq);
    const view = screen.sync.current!;
    expect(view.state.windows['5']?.clerkId).toBe('1010');
    expect(servingClerk(view.state, view.config, 5)).toEqual({ clerkId: '1010', post: 'b', bCovering: true });
    expect(JSON.stringify(view.state)).not.toContain('meeting'); // why A is away is staff business
  });

  it('refuses to let the last clerk leave an open window, keeps the session, and lets the supervisor reassign posts', async () => {
    const s = await startTestServer();
    cleanups.push(() => s.close());
    const a = await login(s.url, { staffId: '1009', pin: '123456', window: 5 });
    const panel = await connect(s.url, '/window', a.token);
    cleanups.push(() => panel.close());
    await panel.request('window:open', { requestId: newRequestId(), window: 5 });
    const refused = await signOut(s.url, a.token!, 'leave');
    expect(refused.status).toBe(409);
    expect(refused.body?.error.message).toContain('A、B岗不得同时离岗');
    expect((await panel.request('window:pause', { requestId: newRequestId(), window: 5, reason: 'other' })).ok).toBe(true); // still signed in
    expect((await signOut(s.url, a.token!, 'leave')).status).toBe(204);

    const desk = await connect(s.url, '/admin', (await login(s.url, SUPERVISOR)).token);
    cleanups.push(() => desk.close());
    expect((await desk.request('post:assign', { requestId: newRequestId(), window: 5, post: 'b', clerkId: '1012' })).ok).toBe(true);
    expect((await login(s.url, { staffId: '1012', pin: '123456', window: 5 })).status).toBe(201);
    expect((await login(s.url, { staffId: '1010', pin: '123456', window: 5 })).status).toBe(403); // no longer B of window 5
    expect(demoConfig.windows.find((w) => w.number === 5)?.posts.b).toBe('1010');
  });
});
