/**
 * The queue-rule commands over the real protocol: typed refusals for bad
 * payloads and wrong windows, staff actions from the supervisor's desk, what a
 * public display receives (no notes, no green reasons), and a clerk session
 * that expires while the panel stays connected.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { TicketRecord } from '../../state-machines/domain/ticket.ts';
import type { TicketReceipt } from '../../state-machines/protocol/socket-events.ts';
import { CLERK_W5, CLERK_W6, DEMO_TOKENS, SUPERVISOR, TEN_AM } from '../support/demo.ts';
import { newRequestId, until } from '../support/hall-client.ts';
import { startProtocolHall } from '../support/server.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const setup = () => startProtocolHall(cleanups, TEN_AM);

describe('queue rules over the protocol', () => {
  it('answers malformed and misdirected commands with typed errors and changes nothing', async () => {
    const { s, open, clerk } = await setup();
    const kiosk = await open('/kiosk', DEMO_TOKENS.kiosk);
    const panel = await clerk(CLERK_W5);
    const taken = await kiosk.request<TicketReceipt>('ticket:take', { requestId: newRequestId(), queueId: 'comprehensive' });
    const ticketId = taken.ok ? taken.result.ticket.id : '';
    await panel.request('window:open', { requestId: newRequestId(), window: 5 });
    await panel.request('ticket:call-next', { requestId: newRequestId(), window: 5 });
    const seq = s.hall.seq;
    const cases: [string, unknown, string][] = [
      ['ticket:transfer', { requestId: newRequestId(), window: 5, ticketId }, 'BAD_REQUEST'], // neither queue nor window
      ['ticket:transfer', { requestId: newRequestId(), window: 5, ticketId, toQueueId: 'tax', note: 'a\u0007b' }, 'BAD_REQUEST'],
      ['ticket:park', { requestId: newRequestId(), window: 5, ticketId, note: 'x'.repeat(201) }, 'BAD_REQUEST'],
      ['window:pause', { requestId: newRequestId(), window: 5, reason: 'nap' }, 'BAD_REQUEST'],
      ['ticket:cancel', { requestId: newRequestId(), window: 5, ticketId, reason: 'bored' }, 'BAD_REQUEST'],
      ['ticket:recall', { requestId: newRequestId(), window: 6, ticketId }, 'FORBIDDEN'],
      ['ticket:cancel', { requestId: newRequestId(), window: 6, ticketId, reason: 'other' }, 'FORBIDDEN'],
      ['ticket:no-show', { requestId: newRequestId(), window: 5, ticketId }, 'TOO_EARLY'],
      ['ticket:resume', { requestId: newRequestId(), window: 5, ticketId }, 'WINDOW_BUSY'],
      ['window:pause', { requestId: newRequestId(), window: 5, reason: 'break' }, 'WINDOW_BUSY'],
      ['ticket:requeue', { requestId: newRequestId(), window: 5, ticketId }, 'ILLEGAL_TRANSITION'],
      ['ticket:call-number', { requestId: newRequestId(), window: 5, ticketId: '2026-11-21/Z999' }, 'WINDOW_BUSY'],
    ];
    for (const [event, payload, code] of cases) {
      const answer = await panel.request(event, payload);
      expect([event, answer.ok ? 'ok' : answer.error.code]).toEqual([event, code]);
    }
    expect(s.hall.seq).toBe(seq);
    // A kiosk cannot reach staff actions at all.
    const k = await kiosk.request('ticket:cancel', { requestId: newRequestId(), ticketId, reason: 'other' });
    expect(k.ok ? 'ok' : k.error.code).toBe('FORBIDDEN');
    expect(s.hall.seq).toBe(seq);
  }, 30_000);

  it('serves the green channel, the supervisor desk, and keeps notes and reasons off public screens', async () => {
    const { s, clock, open, clerk } = await setup();
    const display = await open('/display', DEMO_TOKENS.display);
    const kiosk = await open('/kiosk', DEMO_TOKENS.kiosk);
    const panel = await clerk(CLERK_W5);
    const desk = await clerk(SUPERVISOR);
    const walkIn = await kiosk.request<TicketReceipt>('ticket:take', { requestId: newRequestId(), queueId: 'comprehensive' });
    const green = await kiosk.request<TicketReceipt>('ticket:take', { requestId: newRequestId(), queueId: 'comprehensive', greenChannel: 'pregnant' });
    expect(green.ok && green.result).toMatchObject({ ahead: 0, ticket: { class: 'green', priorityReason: 'other' } });
    // No window is open yet: no minutes are promised.
    expect(walkIn.ok && green.ok && green.result.wait).toEqual({ kind: 'not_open' });
    await panel.request('window:open', { requestId: newRequestId(), window: 5 });
    const first = await panel.request<{ ticket: TicketRecord }>('ticket:call-next', { requestId: newRequestId(), window: 5 });
    expect(first.ok && first.result.ticket).toMatchObject({ class: 'green', priorityReason: 'pregnant' }); // staff see the reason
    const gid = first.ok ? first.result.ticket.id : '';
    await panel.request('ticket:start', { requestId: newRequestId(), window: 5, ticketId: gid });
    const parked = await panel.request<{ ticket: TicketRecord }>('ticket:park', {
      requestId: newRequestId(),
      window: 5,
      ticketId: gid,
      note: '王*芳 回家取材料 #7731',
    });
    expect(parked.ok && parked.result.ticket.status).toBe('parked');
    // The walk-in is called, does not come; after the grace: 过号, then the guide desk requeues it.
    const wid = walkIn.ok ? walkIn.result.ticket.id : '';
    await panel.request('ticket:call-next', { requestId: newRequestId(), window: 5 });
    clock.now += 121_000;
    expect((await panel.request('ticket:no-show', { requestId: newRequestId(), window: 5, ticketId: wid })).ok).toBe(true);
    const back = await desk.request<TicketReceipt>('ticket:requeue', { requestId: newRequestId(), ticketId: wid });
    expect(back.ok && back.result).toMatchObject({ ahead: 0, ticket: { status: 'waiting', requeues: 1 } });
    const again = await desk.request('ticket:requeue', { requestId: newRequestId(), ticketId: wid });
    expect(again.ok ? 'ok' : again.error.code).toBe('ILLEGAL_TRANSITION');
    // Window 6 resumes the parked visitor.
    const panel6 = await clerk(CLERK_W6);
    await panel6.request('window:open', { requestId: newRequestId(), window: 6 });
    const resumed = await panel6.request<{ ticket: TicketRecord }>('ticket:resume', { requestId: newRequestId(), window: 6, ticketId: gid });
    expect(resumed.ok && resumed.result.ticket).toMatchObject({ status: 'called', window: 6 });

    await until(() => display.deltas.at(-1)?.seq === s.hall.seq);
    const wire = JSON.stringify([display.deltas, (await open('/display', DEMO_TOKENS.display)).snapshot]);
    expect(wire).not.toMatch(/王\*芳|#7731|pregnant/);
    expect(JSON.stringify(panel.deltas)).toMatch(/#7731/);
  }, 30_000);

  it('refuses commands from a session that expired while connected', async () => {
    const { clock, clerk } = await setup();
    const panel = await clerk(CLERK_W5);
    expect((await panel.request('window:open', { requestId: newRequestId(), window: 5 })).ok).toBe(true);
    clock.now += 13 * 3600_000;
    const late = await panel.request('window:close', { requestId: newRequestId(), window: 5 });
    expect(late.ok ? 'ok' : late.error.code).toBe('UNAUTHORIZED');
    await until(() => !panel.socket.connected);
  }, 30_000);
});
