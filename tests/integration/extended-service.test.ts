/**
 * 延时服务 through the real server: at 17:35, after the hall's 17:30 closing,
 * twelve tickets are still waiting; the server restarts; the window carries on
 * and every ticket is served, the window cannot close while they wait, and its
 * closing records the extended minutes of the clerk who served.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { TicketRecord } from '../../state-machines/domain/ticket.ts';
import type { TicketReceipt } from '../../state-machines/protocol/socket-events.ts';
import { DEMO_TOKENS, SHIPPED_DEMO_PATH } from '../support/demo.ts';
import { connect, login, newRequestId } from '../support/hall-client.ts';
import { startTestServer, tempDataDir } from '../support/server.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
const at = (hhmm: string) => Date.parse(`2026-11-23T${hhmm}:00+08:00`);

describe('extended service', () => {
  it('survives a restart at 17:35 and serves every waiting ticket; closing waits for them', async () => {
    const clock = { now: at('16:40') };
    const dataDir = tempDataDir();
    const start = () => startTestServer({ dataDir, configPath: SHIPPED_DEMO_PATH, now: () => clock.now });
    let s = await start();
    const kiosk = await connect(s.url, '/kiosk', DEMO_TOKENS.kiosk);
    for (let i = 0; i < 12; i++) {
      clock.now += 20_000; // one visitor every 20 s, within the kiosk's rate limit
      const r = await kiosk.request<TicketReceipt>('ticket:take', { requestId: newRequestId(), queueId: 'real-estate' });
      expect(r.ok).toBe(true);
    }
    kiosk.close();
    const session = (await login(s.url, { staffId: '1023', pin: '123456', window: 12 })).token; // 不动产专区
    let panel = await connect(s.url, '/window', session);
    expect((await panel.request('window:open', { requestId: newRequestId(), window: 12 })).ok).toBe(true);
    panel.close();

    clock.now = at('17:35');
    await s.close(); // the restart, in the middle of extended service
    s = await start();
    cleanups.push(() => s.close());
    panel = await connect(s.url, '/window', session);
    cleanups.push(() => panel.close());
    // The deadlines were state: the rebuilt hall crossed 停止取号 and closing on boot and is in extended service since 17:30.
    expect(s.hall.state.phase).toMatchObject({ status: 'extended', extendedFrom: at('17:30') });
    const crossed = s.hall
      .eventsSince(0, 10_000)
      .filter((e) => e.event.type === 'hall.phase_changed')
      .map((e) => e.event);
    expect(crossed.slice(-2)).toMatchObject([
      { boundary: 'tickets_stop', phase: 'tickets_stopped' },
      { boundary: 'close', due: at('17:30'), phase: 'extended', ticketsLeft: 12 },
    ]);
    const closeEarly = await panel.request('window:close', { requestId: newRequestId(), window: 12 });
    expect(closeEarly.ok ? 'ok' : closeEarly.error.message).toContain('延时服务中');

    const served: string[] = [];
    for (let i = 0; i < 12; i++) {
      clock.now += 60_000;
      const called = await panel.request<{ ticket: TicketRecord }>('ticket:call-next', { requestId: newRequestId(), window: 12 });
      if (!called.ok) throw new Error(called.error.messageEn);
      clock.now += 120_000;
      const done = await panel.request<{ ticket: TicketRecord }>('ticket:complete', {
        requestId: newRequestId(),
        window: 12,
        ticketId: called.result.ticket.id,
      });
      expect(done.ok).toBe(true);
      served.push(called.result.ticket.number);
    }
    expect(served).toEqual(Array.from({ length: 12 }, (_, i) => `D${String(i + 1).padStart(3, '0')}`));
    // The last one served ends extended service (延时至最后一人办结), recorded with its length.
    expect(s.hall.state.phase.status).toBe('closed');
    const ended = s.hall.eventsSince(0, 10_000).find((e) => e.event.type === 'hall.phase_changed' && e.event.boundary === 'last_served');
    expect(ended?.event).toMatchObject({ phase: 'closed', extendedMs: clock.now - at('17:30') });
    const closed = await panel.request('window:close', { requestId: newRequestId(), window: 12 });
    expect(closed.ok).toBe(true);
    const last = s.hall.eventsSince(s.hall.seq - 1, 1)[0]?.event;
    expect(last).toMatchObject({ type: 'window.closed', clerkId: '1023', extendedMs: clock.now - at('17:30') });
  }, 60_000);
});
