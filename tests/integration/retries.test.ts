/**
 * Retries with the same requestId (issue 11 item 13), over the real server.
 * A retry returns the first answer when that answer was decided by the rules —
 * an accepted command (from the log) or a business refusal (remembered in
 * memory, 10 minutes, 10,000 of them). A transient refusal (RATE_LIMITED,
 * STORAGE_UNAVAILABLE, INTERNAL) decided nothing: its retry is a new attempt.
 * A restart forgets remembered refusals (a refusal changed nothing).
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RefusalMemory } from '../../server/hall/refusal-memory.ts';
import type { TicketRecord } from '../../state-machines/domain/ticket.ts';
import { protocolError } from '../../state-machines/protocol/errors.ts';
import type { TicketReceipt } from '../../state-machines/protocol/socket-events.ts';
import { CLERK_W5, DEMO_TOKENS, demoConfig, TEN_AM } from '../support/demo.ts';
import { connect, login, newRequestId } from '../support/hall-client.ts';
import { startTestServer, tempDataDir } from '../support/server.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function hall(dataDir = tempDataDir(), clock = { now: TEN_AM }) {
  const server = await startTestServer({ dataDir, now: () => clock.now });
  const kiosk = await connect(server.url, '/kiosk', DEMO_TOKENS.kiosk);
  const panel = await connect(server.url, '/window', (await login(server.url, CLERK_W5)).token);
  const close = async () => {
    kiosk.close();
    panel.close();
    await server.close();
  };
  const take = (requestId = newRequestId()) => kiosk.request<TicketReceipt>('ticket:take', { requestId, queueId: 'comprehensive' });
  const callNext = (requestId: string) => panel.request<{ ticket: TicketRecord }>('ticket:call-next', { requestId, window: 5 });
  return { server, kiosk, panel, close, take, callNext, dataDir, clock };
}

describe('a retry of a business refusal', () => {
  it('returns the first answer (QUEUE_EMPTY) and does not act, even once someone is waiting; a new requestId acts', async () => {
    const h = await hall();
    cleanups.push(h.close);
    expect((await h.panel.request('window:open', { requestId: newRequestId(), window: 5 })).ok).toBe(true);
    const requestId = newRequestId();
    const first = await h.callNext(requestId);
    expect(first.ok ? 'ok' : first.error.code).toBe('QUEUE_EMPTY');
    const taken = await h.take();
    const seq = h.server.hall.seq;
    const retry = await h.callNext(requestId);
    expect(retry).toEqual(first);
    expect(h.server.hall.seq).toBe(seq);
    expect(h.server.hall.state.tickets[taken.ok ? taken.result.ticket.id : '']?.status).toBe('waiting');
    const fresh = await h.callNext(newRequestId());
    expect(fresh.ok && taken.ok && fresh.result.ticket.id === taken.result.ticket.id).toBe(true);
  });

  it('is forgotten by a restart: the retry is then a new attempt', async () => {
    const first = await hall();
    expect((await first.panel.request('window:open', { requestId: newRequestId(), window: 5 })).ok).toBe(true);
    const requestId = newRequestId();
    expect((await first.callNext(requestId)).ok).toBe(false);
    expect((await first.take()).ok).toBe(true);
    await first.close();
    const again = await hall(first.dataDir, first.clock);
    cleanups.push(again.close);
    const retry = await again.callNext(requestId);
    expect(retry.ok && retry.result.ticket.number).toBe('A001');
  });
});

describe('a retry of a transient refusal', () => {
  it('RATE_LIMITED: the retry with the same requestId, once allowed, issues the ticket (once)', async () => {
    const h = await hall();
    cleanups.push(h.close);
    for (let i = 0; i < demoConfig.limits.kioskTicketBurst; i++) expect((await h.take()).ok).toBe(true);
    const requestId = newRequestId();
    const limited = await h.take(requestId);
    expect(limited.ok ? 'ok' : limited.error.code).toBe('RATE_LIMITED');
    h.clock.now += (limited.ok ? 0 : limited.error.retryAfterSeconds!) * 1000;
    const retry = await h.take(requestId);
    const again = await h.take(requestId);
    expect(retry.ok && again.ok && retry.result.ticket.id === again.result.ticket.id).toBe(true);
    expect(Object.keys(h.server.hall.state.tickets)).toHaveLength(demoConfig.limits.kioskTicketBurst + 1);
  });

  it('STORAGE_UNAVAILABLE (the log locked by another program): the retry with the same requestId acts once the log is writable', async () => {
    const h = await hall();
    cleanups.push(h.close);
    const other = new Database(join(h.dataDir, 'hall.sqlite'));
    other.exec('BEGIN EXCLUSIVE');
    const requestId = newRequestId();
    const locked = await h.take(requestId);
    other.exec('ROLLBACK');
    other.close();
    expect(locked.ok ? 'ok' : locked.error.code).toBe('STORAGE_UNAVAILABLE');
    const retry = await h.take(requestId);
    expect(retry.ok && retry.result.ticket.number).toBe('A001');
    expect((await h.take(requestId)).ok).toBe(true);
    expect(Object.keys(h.server.hall.state.tickets)).toHaveLength(1);
  });
});

describe('the memory of refusals', () => {
  it('is bounded in count (oldest forgotten first) and in time; transient refusals are never kept', () => {
    const memory = new RefusalMemory(3, 10 * 60_000);
    const empty = protocolError('QUEUE_EMPTY', '当前没有等候的号码', 'Nobody is waiting');
    for (const key of ['a', 'b', 'c', 'd']) memory.remember(key, empty, 0);
    expect(memory.size).toBe(3);
    expect(memory.recall('a', 0)).toBeUndefined();
    expect(memory.recall('d', 0)).toBe(empty);
    expect(memory.recall('d', 10 * 60_000 + 1)).toBeUndefined();
    memory.remember('e', empty, 20 * 60_000); // the rest have expired by now and are forgotten
    expect(memory.size).toBe(1);
    for (const code of ['RATE_LIMITED', 'STORAGE_UNAVAILABLE', 'INTERNAL'] as const) memory.remember(code, protocolError(code, 'x', 'x'), 0);
    expect(memory.size).toBe(1);
  });

  it("is fair per actor: one device flooding refusals keeps at most its own share and pushes out nobody else's", () => {
    const memory = new RefusalMemory(10_000, 10 * 60_000, 200);
    const empty = protocolError('QUEUE_EMPTY', '当前没有等候的号码', 'Nobody is waiting');
    const notFound = protocolError('NOT_FOUND', '没有这个业务队列', 'Unknown queue');
    memory.remember('clerk:1009@5:call-1', empty, 0);
    for (let i = 0; i < 10_050; i++) memory.remember(`kiosk:kiosk-1f-2:flood-${i}`, notFound, 0);
    expect(memory.recall('clerk:1009@5:call-1', 0)).toBe(empty);
    expect(memory.size).toBe(201);
    expect(memory.recall('kiosk:kiosk-1f-2:flood-0', 0)).toBeUndefined();
    expect(memory.recall('kiosk:kiosk-1f-2:flood-10049', 0)).toBe(notFound);
  });
});

describe('refused takes from a kiosk', () => {
  it('cost a token like issued ones: a kiosk looping on a refusal is RATE_LIMITED after its burst', async () => {
    const h = await hall();
    cleanups.push(h.close);
    const codes: string[] = [];
    for (let i = 0; i < 20; i++) {
      const r = await h.kiosk.request('ticket:take', { requestId: newRequestId(), queueId: 'no-such-queue' });
      codes.push(r.ok ? 'ok' : r.error.code);
    }
    const burst = demoConfig.limits.kioskTicketBurst;
    expect(codes.slice(0, burst)).toEqual(Array(burst).fill('NOT_FOUND'));
    expect(codes.slice(burst)).toEqual(Array(20 - burst).fill('RATE_LIMITED'));
  });
});
