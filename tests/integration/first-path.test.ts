/**
 * The first path through the real server, real SQLite and real
 * socket.io-clients: kiosk takes a ticket → window calls it → display sees it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { TicketReceipt } from '../../state-machines/protocol/socket-events.ts';
import type { TicketRecord } from '../../state-machines/domain/ticket.ts';
import { CLERK_W5, CLERK_W6, DEMO_TOKENS, SUPERVISOR } from '../support/demo.ts';
import { connect, login, newRequestId, until, type TestClient } from '../support/hall-client.ts';
import { startTestServer } from '../support/server.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function server() {
  const s = await startTestServer();
  cleanups.push(() => s.close());
  return s;
}
async function client(url: string, nsp: '/kiosk' | '/display' | '/window' | '/admin', token: string | undefined) {
  const c = await connect(url, nsp, token);
  cleanups.push(() => c.close());
  return c;
}
async function clerk(url: string, who: { staffId: string; pin: string; window: number }) {
  const session = await login(url, who);
  expect(session.status).toBe(201);
  return client(url, '/window', session.token);
}

describe('kiosk → window panel → wall display', () => {
  it('takes, calls and completes a ticket, and every screen sees it in order', async () => {
    const s = await server();
    const display = await client(s.url, '/display', DEMO_TOKENS.display);
    const kiosk = await client(s.url, '/kiosk', DEMO_TOKENS.kiosk);
    expect(kiosk.snapshot.identity).toMatchObject({ role: 'kiosk', deviceId: 'kiosk-1f-1' });
    expect(kiosk.snapshot.config.queues.length).toBeGreaterThan(5);
    expect(JSON.stringify(kiosk.snapshot)).not.toMatch(/pinHash|token/);

    const taken = await kiosk.request<TicketReceipt>('ticket:take', { requestId: newRequestId(), queueId: 'comprehensive' });
    expect(taken.ok).toBe(true);
    const ticket = taken.ok ? taken.result.ticket : undefined;
    expect(ticket).toMatchObject({ number: 'A001', status: 'waiting', queueId: 'comprehensive' });
    expect(taken.ok && taken.result.ahead).toBe(0);

    const panel = await clerk(s.url, CLERK_W5);
    expect(panel.snapshot.identity).toMatchObject({ role: 'window', window: 5, staffId: '1009' });
    expect((await panel.request('window:open', { requestId: newRequestId(), window: 5 })).ok).toBe(true);
    const called = await panel.request<{ ticket: TicketRecord }>('ticket:call-next', { requestId: newRequestId(), window: 5 });
    expect(called.ok && called.result.ticket).toMatchObject({ number: 'A001', status: 'called', window: 5, clerkId: '1009' });
    const done = await panel.request<{ ticket: TicketRecord }>('ticket:complete', { requestId: newRequestId(), window: 5, ticketId: ticket!.id });
    expect(done.ok && done.result.ticket.status).toBe('done');

    await until(() => display.deltas.some((d) => d.event.type === 'ticket.completed'));
    const seqs = display.deltas.map((d) => d.seq);
    expect(seqs).toEqual(seqs.map((_, i) => display.snapshot.seq + i + 1));
    const call = display.deltas.find((d) => d.event.type === 'ticket.called');
    expect(call?.event).toMatchObject({ type: 'ticket.called', window: 5, ticketId: ticket!.id });
    const health = (await (await fetch(`${s.url}/healthz`)).json()) as { status: string; lastSeq: number; version: string };
    expect(health).toMatchObject({ status: 'ok', lastSeq: s.hall.seq });
  });

  it('issues one ticket for a retried request id', async () => {
    const s = await server();
    const kiosk = await client(s.url, '/kiosk', DEMO_TOKENS.kiosk);
    const requestId = newRequestId();
    const first = await kiosk.request<TicketReceipt>('ticket:take', { requestId, queueId: 'police' });
    const retry = await kiosk.request<TicketReceipt>('ticket:take', { requestId, queueId: 'police' });
    expect(first.ok && retry.ok && retry.result.ticket.id === first.result.ticket.id).toBe(true);
    const other = await client(s.url, '/kiosk', DEMO_TOKENS.kiosk2);
    const third = await other.request<TicketReceipt>('ticket:take', { requestId, queueId: 'police' });
    expect(third.ok && third.result.ticket.number).toBe('C002');
    expect(Object.keys(s.hall.state.tickets)).toHaveLength(2);
  });

  it('answers malformed payloads with a typed error and changes nothing', async () => {
    const s = await server();
    const kiosk = await client(s.url, '/kiosk', DEMO_TOKENS.kiosk);
    const panel = await clerk(s.url, CLERK_W5);
    const seq = s.hall.seq;
    const bad: [TestClient, string, unknown, string][] = [
      [kiosk, 'ticket:take', { requestId: newRequestId() }, 'BAD_REQUEST'],
      [kiosk, 'ticket:take', { requestId: 'x', queueId: 'comprehensive' }, 'BAD_REQUEST'],
      [kiosk, 'ticket:take', { requestId: newRequestId(), queueId: 'comprehensive', extra: 1 }, 'BAD_REQUEST'],
      [kiosk, 'ticket:take', 'not an object', 'BAD_REQUEST'],
      [kiosk, 'ticket:take', { requestId: newRequestId(), queueId: 'nope' }, 'NOT_FOUND'],
      [panel, 'ticket:call-next', { requestId: newRequestId(), window: '5' }, 'BAD_REQUEST'],
      [panel, 'ticket:call-next', { requestId: newRequestId(), window: 5 }, 'WINDOW_NOT_OPEN'],
      [panel, 'ticket:complete', { requestId: newRequestId(), window: 5, ticketId: '2026-11-21/Z999' }, 'WINDOW_NOT_OPEN'],
    ];
    for (const [c, event, payload, code] of bad) {
      const res = await c.request(event, payload);
      expect(res.ok ? 'accepted' : res.error.code, `${event} ${JSON.stringify(payload)}`).toBe(code);
    }
    expect(s.hall.seq).toBe(seq);
  });

  it('keeps each role in its own namespace and each clerk at their own window', async () => {
    const s = await server();
    const refused = async (nsp: '/kiosk' | '/display' | '/window' | '/admin', token: string | undefined, extra = {}) => {
      try {
        const c = await connect(s.url, nsp, token, extra);
        c.close();
        return 'connected';
      } catch (err) {
        return (err as { data?: { code?: string } }).data?.code ?? 'no code';
      }
    };
    expect(await refused('/kiosk', undefined)).toBe('UNAUTHORIZED');
    expect(await refused('/kiosk', 'not-a-real-token-at-all')).toBe('UNAUTHORIZED');
    expect(await refused('/window', DEMO_TOKENS.kiosk)).toBe('UNAUTHORIZED');
    expect(await refused('/display', DEMO_TOKENS.kiosk)).toBe('FORBIDDEN');
    expect(await refused('/kiosk', DEMO_TOKENS.display)).toBe('FORBIDDEN');
    expect(await refused('/kiosk', DEMO_TOKENS.kiosk, { protocol: 0 })).toBe('PROTOCOL_MISMATCH');

    const w5 = await login(s.url, CLERK_W5);
    expect(await refused('/admin', w5.token)).toBe('FORBIDDEN');
    const sup = await login(s.url, SUPERVISOR);
    expect(sup.status).toBe(201);
    expect(await refused('/window', sup.token)).toBe('FORBIDDEN');
    expect(await refused('/admin', sup.token)).toBe('connected');

    // 1009 holds a post at window 5 only.
    expect((await login(s.url, { ...CLERK_W5, window: 6 })).status).toBe(403);
    expect((await login(s.url, { ...CLERK_W5, pin: '654321' })).status).toBe(401);

    const panel5 = await connect(s.url, '/window', w5.token);
    cleanups.push(() => panel5.close());
    const panel6 = await clerk(s.url, CLERK_W6);
    expect((await panel6.request('window:open', { requestId: newRequestId(), window: 6 })).ok).toBe(true);
    const seq = s.hall.seq;
    const res = await panel5.request('ticket:call-next', { requestId: newRequestId(), window: 6 });
    expect(!res.ok && res.error).toMatchObject({ code: 'FORBIDDEN', field: 'window' });
    const close = await panel5.request('window:close', { requestId: newRequestId(), window: 6 });
    expect(!close.ok && close.error.code).toBe('FORBIDDEN');
    expect(s.hall.seq).toBe(seq);

    // Signing out ends the session: its sockets are dropped and the token no longer works.
    const out = await fetch(`${s.url}/api/session`, { method: 'DELETE', headers: { authorization: `Bearer ${w5.token}` } });
    expect(out.status).toBe(204);
    await until(() => !panel5.socket.connected);
    expect(await refused('/window', w5.token)).toBe('UNAUTHORIZED');
  });

  it('fills a gap: a client that missed deltas asks sync:since and gets them in order', async () => {
    const s = await server();
    const kiosk = await client(s.url, '/kiosk', DEMO_TOKENS.kiosk);
    const from = s.hall.seq;
    for (let i = 0; i < 3; i++) await kiosk.request('ticket:take', { requestId: newRequestId(), queueId: 'tax' });
    const res = await kiosk.request<{ kind: string; deltas: { seq: number }[] }>('sync:since', { lastSeq: from });
    expect(res.ok && res.result.kind).toBe('deltas');
    expect(res.ok && res.result.deltas.map((d) => d.seq)).toEqual([from + 1, from + 2, from + 3]);
    const ahead = await kiosk.request<{ kind: string }>('sync:since', { lastSeq: from + 100 });
    expect(ahead.ok && ahead.result.kind).toBe('snapshot');
  });

  it('finds the same state after a restart', async () => {
    const s = await startTestServer();
    const kiosk = await connect(s.url, '/kiosk', DEMO_TOKENS.kiosk);
    for (const q of ['comprehensive', 'comprehensive', 'police']) await kiosk.request('ticket:take', { requestId: newRequestId(), queueId: q });
    const panel = await connect(s.url, '/window', (await login(s.url, CLERK_W5)).token);
    await panel.request('window:open', { requestId: newRequestId(), window: 5 });
    await panel.request('ticket:call-next', { requestId: newRequestId(), window: 5 });
    const before = structuredClone(s.hall.state);
    kiosk.close();
    panel.close();
    await s.close();

    const again = await startTestServer(s.dataDir);
    cleanups.push(() => again.close());
    expect(again.hall.state).toEqual(before);
    const k2 = await client(again.url, '/kiosk', DEMO_TOKENS.kiosk);
    const next = await k2.request<TicketReceipt>('ticket:take', { requestId: newRequestId(), queueId: 'comprehensive' });
    expect(next.ok && next.result.ticket.number).toBe('A003');
  });
});
