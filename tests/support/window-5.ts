/**
 * A hall on a simulated clock with the clerk of window 5 (1009) signed in and the window open, a kiosk
 * to take tickets, and a visitor served there from 取号 to 办结 — shared by the tests of what follows a
 * service (好差评: ratings.test.ts; 办件: cases.test.ts). Everything closes through `cleanups`.
 */
import { expect } from 'vitest';
import type { TicketReceipt } from '../../state-machines/protocol/socket-events.ts';
import { CLERK_W5, DEMO_TOKENS } from './demo.ts';
import { connect, login, newRequestId } from './hall-client.ts';
import { startTestServer } from './server.ts';

/** A hall on a simulated clock, with the clerk of window 5 signed in and its window open. */
export async function hallWithWindow5(cleanups: (() => unknown)[], start: number, configPath?: string) {
  const clock = { now: start };
  const s = await startTestServer({ now: () => clock.now, configPath, clockMaxSleepMs: 20 });
  cleanups.push(() => s.close());
  const open = async (nsp: '/kiosk' | '/display' | '/window' | '/admin', token: string | undefined) => {
    const c = await connect(s.url, nsp, token);
    cleanups.push(() => c.close());
    return c;
  };
  const kiosk = await open('/kiosk', DEMO_TOKENS.kiosk);
  const panel = await open('/window', (await login(s.url, CLERK_W5)).token);
  /** Each ticket's phone-page key, as the issuing kiosk was told (the key in the paper's QR). */
  const pageKeys = new Map<string, string>();
  const take = async () => {
    const taken = await kiosk.request<TicketReceipt>('ticket:take', { requestId: newRequestId(), queueId: 'comprehensive' });
    if (!taken.ok) throw new Error(taken.error.message);
    if (taken.result.pageKey) pageKeys.set(taken.result.ticket.id, taken.result.pageKey);
    return taken.result.ticket;
  };
  expect((await panel.request('window:open', { requestId: newRequestId(), window: 5 })).ok).toBe(true);
  /** A visitor takes a ticket, window 5 calls, serves and completes it (办结). */
  const serve = async () => {
    const ticket = await take();
    const id = ticket.id;
    for (const [event, payload] of [
      ['ticket:call-next', { window: 5 }],
      ['ticket:start', { window: 5, ticketId: id }],
      ['ticket:complete', { window: 5, ticketId: id }],
    ] as const) {
      const r = await panel.request(event, { requestId: newRequestId(), ...payload });
      if (!r.ok) throw new Error(`${event}: ${JSON.stringify(r)}`);
    }
    return ticket;
  };
  /** A phone posting the rating form it got through the ticket's QR (the key added unless the form names its own `k`). */
  const postPhone = (ticketId: string, form: Record<string, string | string[]>) => {
    const body = new URLSearchParams();
    if (!('k' in form)) body.append('k', pageKeys.get(ticketId) ?? '');
    for (const [k, v] of Object.entries(form)) for (const one of [v].flat()) body.append(k, one);
    return fetch(`${s.url}/t/${ticketId}/rating`, { method: 'POST', body, redirect: 'manual' });
  };
  return { s, clock, open, kiosk, panel, take, serve, postPhone, pageKeys };
}
