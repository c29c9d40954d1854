/**
 * A hall ships its log to a hub on a real PostgreSQL (started here, on a
 * loopback port, in a temp folder): in order, once each, without the personal
 * fields (hub-projection.ts); the hub verifies every hash it stores and
 * refuses — and shows on its status page — a gap, a fork (an old or rewritten
 * log), an altered event and another hall's credential. The hall never waits:
 * with the hub down or PostgreSQL restarted it carries on, then catches up by
 * itself with nothing lost or duplicated; two hub processes ingesting the same
 * hall store each event once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHallServer } from '../../server/hall-server.ts';
import { addHall } from '../../server/hub/hall-credentials.ts';
import { startHubServer, type RunningHub } from '../../server/hub/hub-server.ts';
import { CHAIN_START, shipRow, type LogRow } from '../../server/hub-link/shipped-chain.ts';
import { rowHash } from '../../server/store/hash-chain.ts';
import { DEMO_TOKENS, CLERK_W5, TEN_AM } from '../support/demo.ts';
import { connect, login, newRequestId, type TestClient } from '../support/hall-client.ts';
import { startPostgres, type RunningPostgres } from '../support/postgres.ts';
import { bookWithPersonalData, hallShippingTo, takeTickets } from '../support/hub.ts';

let pgServer: RunningPostgres;
let dbCount = 0;
const cleanups: (() => unknown)[] = [];

beforeAll(async () => {
  pgServer = await startPostgres();
}, 120_000);
afterAll(() => pgServer?.destroy());
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A hub on a fresh database with the demo hall registered; its credential. */
async function hubWithDemoHall(port = 0): Promise<{ hub: RunningHub; credential: string; databaseUrl: string }> {
  const databaseUrl = await pgServer.newDatabase(`hub_${++dbCount}`);
  const hub = await startHubServer({ databaseUrl, port });
  const credential = await addHall(hub.pool, { id: 'demo', name: '示范县政务服务中心', district: '示范县' });
  return { hub, credential, databaseUrl };
}

async function kioskOf(hall: RunningHallServer): Promise<TestClient> {
  const kiosk = await connect(hall.url, '/kiosk', DEMO_TOKENS.kiosk);
  cleanups.push(() => kiosk.close());
  return kiosk;
}

async function hubRows(hub: RunningHub) {
  return (
    await hub.pool.query<{ seq: string; at: string; type: string; actor: string; payload: string; prev_hash: string; hash: string }>(
      "SELECT seq, at, type, actor, payload, prev_hash, hash FROM hall_events WHERE hall_id = 'demo' ORDER BY seq",
    )
  ).rows;
}

/** Until the hub holds every event of the hall (bounded). */
async function caughtUp(hub: RunningHub, hall: RunningHallServer, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const row = (await hub.pool.query<{ last_seq: string }>("SELECT last_seq FROM halls WHERE hall_id = 'demo'")).rows[0];
    if (Number(row?.last_seq) === hall.hall.seq && hall.hubLink?.status().behind === 0) return;
    if (Date.now() > deadline) throw new Error(`hub at ${row?.last_seq}, hall at ${hall.hall.seq}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The hub's copy is the hall's log, row for row, each hash recomputed. */
function expectChain(rows: Awaited<ReturnType<typeof hubRows>>, count: number): void {
  expect(rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: count }, (_, i) => i + 1));
  let prev = CHAIN_START.hash;
  for (const r of rows) {
    expect(r.prev_hash).toBe(prev);
    expect(rowHash(prev, { seq: Number(r.seq), at: Number(r.at), type: r.type, actor: r.actor, requestKey: null, payload: r.payload })).toBe(r.hash);
    prev = r.hash;
  }
}

describe('the hall ships its log to the hub', () => {
  it('in order, each event once, its hashes verified, and nothing personal: no name, phone, mask, booking code or note', async () => {
    const { hub, credential } = await hubWithDemoHall();
    cleanups.push(() => hub.close());
    const clock = { now: TEN_AM };
    const hall = await hallShippingTo(cleanups, hub.url, credential, clock);
    const kiosk = await kioskOf(hall);
    await takeTickets(kiosk, clock, 4);
    const code = await bookWithPersonalData(kiosk);
    const session = await login(hall.url, CLERK_W5);
    const panel = await connect(hall.url, '/window', session.token);
    cleanups.push(() => panel.close());
    expect((await panel.request('window:open', { requestId: newRequestId(), window: 5 })).ok).toBe(true);
    const called = await panel.request<{ ticket: { id: string } }>('ticket:call-next', { requestId: newRequestId(), window: 5 });
    expect(called.ok).toBe(true);
    const ticketId = called.ok ? called.result.ticket.id : '';
    expect((await panel.request('ticket:park', { requestId: newRequestId(), window: 5, ticketId, note: '王五去复印身份证' })).ok).toBe(true);

    await caughtUp(hub, hall);
    const rows = await hubRows(hub);
    expectChain(rows, hall.hall.seq);
    expect(rows.map((r) => r.type)).toContain('appointment.booked');
    const shipped = rows.map((r) => r.payload).join('\n');
    for (const personal of ['张', '丰', '王五', '1381234', '****', '*', code, 'nameMasked', 'phoneMasked', 'personKey', '"code"', '"note"']) {
      expect(shipped).not.toContain(personal);
    }
    // What the figures need is there: the queue, the window, the clerk, the times.
    expect(shipped).toContain('"queueId":"comprehensive"');
    expect(rows.find((r) => r.type === 'ticket.called')?.actor).toMatch(/1009/);
    const health = (await (await fetch(`${hall.url}/healthz`)).json()) as { hub: { state: string; behind: number; shippedSeq: number } };
    expect(health.hub).toMatchObject({ state: 'caught_up', behind: 0, shippedSeq: hall.hall.seq });
  });

  it('with the hub down the hall carries on; back up, it catches up by itself, nothing lost or duplicated', async () => {
    const first = await hubWithDemoHall();
    const port = Number(new URL(first.hub.url).port);
    const clock = { now: TEN_AM };
    const hall = await hallShippingTo(cleanups, first.hub.url, first.credential, clock);
    const kiosk = await kioskOf(hall);
    await takeTickets(kiosk, clock, 3);
    await caughtUp(first.hub, hall);
    await first.hub.close();

    // 20 visitors take numbers while the hub is gone: every ack arrives as if nothing happened.
    await takeTickets(kiosk, clock, 20);
    await new Promise((r) => setTimeout(r, 300));
    const away = hall.hubLink?.status();
    expect(away?.state).toBe('retrying');
    expect(away?.behind).toBe(20);

    const again = await startHubServer({ databaseUrl: first.databaseUrl, port });
    cleanups.push(() => again.close());
    await caughtUp(again, hall);
    const rows = await hubRows(again);
    expectChain(rows, hall.hall.seq);
  });

  it('PostgreSQL stopped hard while the hall keeps issuing, then restarted: the hub answers 503 meanwhile, then every event arrives once', async () => {
    const { hub, credential } = await hubWithDemoHall();
    cleanups.push(() => hub.close());
    const clock = { now: TEN_AM };
    const hall = await hallShippingTo(cleanups, hub.url, credential, clock);
    const kiosk = await kioskOf(hall);
    await takeTickets(kiosk, clock, 10);
    pgServer.stop('immediate');
    try {
      await takeTickets(kiosk, clock, 15);
      const health = await fetch(`${hub.url}/healthz`);
      expect(health.status).toBe(503);
    } finally {
      pgServer.start();
    }
    await takeTickets(kiosk, clock, 5);
    await caughtUp(hub, hall);
    expectChain(await hubRows(hub), hall.hall.seq);
  });
});

/** A hall's log as rows, for talking to the hub directly. */
function logRows(n: number, from = 1, actor = 'kiosk:kiosk-1f-1'): LogRow[] {
  return Array.from({ length: n }, (_, i) => ({
    seq: from + i,
    at: TEN_AM + (from + i) * 1000,
    type: 'ticket.issued',
    actor,
    payload: JSON.stringify({ type: 'ticket.issued', ticketId: `t${from + i}`, queueId: 'comprehensive', number: `A${String(from + i).padStart(3, '0')}` }),
  }));
}
function chain(rows: LogRow[], prev = CHAIN_START.hash) {
  return rows.map((row) => {
    const shipped = shipRow(prev, row);
    prev = shipped.hash;
    return shipped;
  });
}
const post = (hubUrl: string, hallId: string, credential: string, rows: unknown[]) =>
  fetch(`${hubUrl}/hub/v1/halls/${hallId}/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${credential}` },
    body: JSON.stringify({ rows }),
  });

describe('the hub refuses what is not the hall’s own history, and says so', () => {
  it('a gap, an altered event, an old log replayed and another hall’s credential are refused, stored nowhere, listed on the status page', async () => {
    const { hub, credential } = await hubWithDemoHall();
    cleanups.push(() => hub.close());
    const other = await addHall(hub.pool, { id: 'east', name: '东区政务服务中心', district: '东区' });
    const rows = chain(logRows(10));
    expect((await post(hub.url, 'demo', credential, rows.slice(0, 5))).status).toBe(200);
    // The same batch again (a lost answer): skipped, not stored twice.
    const retry = await post(hub.url, 'demo', credential, rows.slice(0, 5));
    expect(await retry.json()).toMatchObject({ ok: true, stored: 0, skipped: 5, lastSeq: 5 });

    const gap = await post(hub.url, 'demo', credential, rows.slice(6));
    expect(gap.status).toBe(409);
    expect(await gap.json()).toMatchObject({ error: { code: 'GAP' }, lastSeq: 5 });

    const altered = rows.slice(5).map((r) => ({ ...r }));
    altered[0] = { ...altered[0]!, payload: altered[0]!.payload.replace('A006', 'A600') };
    const alteredAnswer = await post(hub.url, 'demo', credential, altered);
    expect(alteredAnswer.status).toBe(409);
    expect((await alteredAnswer.json()).error.code).toBe('ALTERED');

    // An old log replayed: another history for seq 1–5 (its own hashes are consistent, but not the stored ones).
    const replayed = chain(logRows(5, 1, 'kiosk:kiosk-2f'));
    const fork = await post(hub.url, 'demo', credential, replayed);
    expect(fork.status).toBe(409);
    expect((await fork.json()).error.code).toBe('FORK');

    const borrowed = await post(hub.url, 'demo', other, rows.slice(5));
    expect(borrowed.status).toBe(401);
    const bare = await fetch(`${hub.url}/hub/v1/halls/demo/position`);
    expect(bare.status).toBe(401);

    expect((await hubRows(hub)).length).toBe(5);
    const page = await (await fetch(`${hub.url}/hub/status`)).text();
    for (const seen of ['缺号（事件不连续）', '篡改（内容与哈希不符）', '分叉（与已存记录不符）', '凭证错误', '示范县政务服务中心'])
      expect(page).toContain(seen);
    expect(page).not.toContain(credential);
    expect(page).not.toContain(other);
    // The rest of the real history is still welcome.
    expect((await post(hub.url, 'demo', credential, rows.slice(5))).status).toBe(200);
    expectChain(await hubRows(hub), 10);
  });

  it('bad input is refused with a typed error and bounded: a malformed batch, too many rows, a hall id that is not one', async () => {
    const { hub, credential } = await hubWithDemoHall();
    cleanups.push(() => hub.close());
    const tooMany = chain(logRows(1001));
    const big = await post(hub.url, 'demo', credential, tooMany);
    expect(big.status).toBe(400);
    expect((await big.json()).error.code).toBe('BAD_REQUEST');
    const malformed = await post(hub.url, 'demo', credential, [{ seq: 'one' }]);
    expect(malformed.status).toBe(400);
    expect((await post(hub.url, '..%2Fetc', credential, chain(logRows(1)))).status).toBe(400);
    expect((await hubRows(hub)).length).toBe(0);
  });
});

describe('two hub processes', () => {
  it('ingesting the same hall at once store each event once (the hall row’s lock, not luck)', async () => {
    const databaseUrl = await pgServer.newDatabase(`hub_${++dbCount}`);
    const children: ChildProcess[] = [];
    cleanups.push(() => {
      for (const c of children) c.kill('SIGKILL');
    });
    const startChild = () =>
      new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'server/hub/main.ts'], { env: { ...process.env, DATABASE_URL: databaseUrl, PORT: '0' } });
        children.push(child);
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
          if (url) resolve(url);
        });
        child.once('exit', (code) => reject(new Error(`hub exited ${code}: ${out}`)));
      });
    const [a, b] = await Promise.all([startChild(), startChild()]);
    const { default: pg } = await import('pg');
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
    cleanups.push(() => pool.end());
    const credential = await addHall(pool, { id: 'demo', name: '示范县政务服务中心' });
    const rows = chain(logRows(400));
    // Overlapping batches, each sent to both processes at once, all in flight together.
    const batches = Array.from({ length: 8 }, (_, i) => rows.slice(i * 50, i * 50 + 75));
    for (const batch of batches) {
      const answers = await Promise.all([post(a, 'demo', credential, batch), post(b, 'demo', credential, batch)]);
      for (const answer of answers) expect(answer.status).toBe(200);
    }
    const stored = (
      await pool.query<{ n: string; distinct_n: string }>("SELECT count(*) AS n, count(DISTINCT seq) AS distinct_n FROM hall_events WHERE hall_id = 'demo'")
    ).rows[0];
    expect(stored).toEqual({ n: '400', distinct_n: '400' });
  });
});
