/**
 * Ten window panels press "call next" at the same instant, round after round,
 * against the real server: every ticket is called exactly once, none is
 * skipped, and the calls follow the queue's first-come order exactly.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { TicketRecord } from '../../state-machines/domain/ticket.ts';
import type { Ack, TicketReceipt } from '../../state-machines/protocol/socket-events.ts';
import { DEMO_TOKENS, demoConfig } from '../support/demo.ts';
import { connect, login, newRequestId, until, type TestClient } from '../support/hall-client.ts';
import { startTestServer } from '../support/server.ts';

const TICKETS = 150;
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('simultaneous "call next" from many windows', () => {
  it('never calls a ticket twice and never skips one', async () => {
    // The hall clock moves 10 s per ticket, as at a real kiosk (and within its rate limit).
    const clock = { now: Date.parse('2026-11-23T09:00:00+08:00') };
    const s = await startTestServer({ now: () => clock.now });
    cleanups.push(() => s.close());
    const display = await connect(s.url, '/display', DEMO_TOKENS.display);
    cleanups.push(() => display.close());
    const kiosk = await connect(s.url, '/kiosk', DEMO_TOKENS.kiosk);
    cleanups.push(() => kiosk.close());

    const issued: string[] = [];
    for (let i = 0; i < TICKETS; i++) {
      clock.now += 10_000;
      const r = await kiosk.request<TicketReceipt>('ticket:take', { requestId: newRequestId(), queueId: 'comprehensive' });
      if (!r.ok) throw new Error(r.error.messageEn);
      issued.push(r.result.ticket.id);
    }

    // Every window that serves the comprehensive queue, each with its A-post clerk.
    const windows = demoConfig.windows.filter((w) => w.queues.includes('comprehensive'));
    expect(windows.length).toBeGreaterThanOrEqual(8);
    const panels: { window: number; client: TestClient }[] = [];
    for (const w of windows) {
      const session = await login(s.url, { staffId: w.posts.a, pin: '123456', window: w.number });
      const client = await connect(s.url, '/window', session.token);
      cleanups.push(() => client.close());
      const opened = await client.request('window:open', { requestId: newRequestId(), window: w.number });
      expect(opened.ok).toBe(true);
      panels.push({ window: w.number, client });
    }

    const calledBy = new Map<string, number[]>();
    let rounds = 0;
    while (rounds++ < TICKETS) {
      // All panels fire without waiting for each other: the server sees them interleaved.
      const answers = await Promise.all(
        panels.map((p) => p.client.request<{ ticket: TicketRecord }>('ticket:call-next', { requestId: newRequestId(), window: p.window })),
      );
      const called = answers
        .map((a, i) => ({ a, panel: panels[i]! }))
        .filter((x): x is { a: Extract<Ack<{ ticket: TicketRecord }>, { ok: true }>; panel: (typeof panels)[number] } => x.a.ok);
      for (const { a, panel } of called) calledBy.set(a.result.ticket.id, [...(calledBy.get(a.result.ticket.id) ?? []), panel.window]);
      for (const a of answers) if (!a.ok) expect(a.error.code).toBe('QUEUE_EMPTY');
      if (called.length === 0) break;
      await Promise.all(
        called.map(({ a, panel }) =>
          panel.client.request('ticket:complete', { requestId: newRequestId(), window: panel.window, ticketId: a.result.ticket.id }),
        ),
      );
    }

    expect([...calledBy.values()].filter((ws) => ws.length > 1)).toEqual([]);
    expect([...calledBy.keys()].sort()).toEqual([...issued].sort());

    // The log, as the display received it: calls in exactly the issue order (first come, first served).
    await until(() => display.deltas.filter((d) => d.event.type === 'ticket.completed').length === TICKETS, 10_000);
    const callOrder = display.deltas.flatMap((d) => (d.event.type === 'ticket.called' ? [d.event.ticketId] : []));
    expect(callOrder).toEqual(issued);
    expect(display.deltas.map((d) => d.seq)).toEqual(display.deltas.map((_, i) => display.snapshot.seq + 1 + i));
  }, 120_000);
});
