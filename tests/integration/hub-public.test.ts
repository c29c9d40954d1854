/**
 * 实时等候 beyond the hall, over a real PostgreSQL and Redis started here: the
 * hall's public numbers reach the hub's open API and its phone page — the same
 * numbers as the hall's own kiosk tile and wall (public-waits.ts), with an
 * ETag, rate limited per key, nothing personal —, push to subscribers on
 * another hub process through the Redis Streams adapter, and converge again
 * after Redis restarts. The phone page's first load stays under 15 KB gzip.
 */
import { gzipSync } from 'node:zlib';
import { io as connectIo, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHallServer } from '../../server/hall-server.ts';
import { addHall } from '../../server/hub/hall-credentials.ts';
import type { HallWaitsView } from '../../server/hub/live-board.ts';
import { apiKeyHash } from '../../server/hub/public-api.ts';
import { startHubServer, type RunningHub } from '../../server/hub/hub-server.ts';
import { newTicketWait } from '../../state-machines/hall/estimate.ts';
import { waitText } from '../../state-machines/hall/visitor-texts.ts';
import { DEMO_TOKENS, TEN_AM } from '../support/demo.ts';
import { connect } from '../support/hall-client.ts';
import { startPostgres, type RunningPostgres } from '../support/postgres.ts';
import { startRedis, type RunningRedis } from '../support/redis.ts';
import { bookWithPersonalData, hallShippingTo, takeTickets } from '../support/hub.ts';

let pgServer: RunningPostgres;
let dbCount = 0;
const cleanups: (() => unknown)[] = [];

beforeAll(async () => {
  pgServer = await startPostgres('yichuang_public');
}, 120_000);
afterAll(() => pgServer?.destroy());
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function hubDatabase(): Promise<{ databaseUrl: string; credential: string }> {
  const databaseUrl = await pgServer.newDatabase(`public_${++dbCount}`);
  const setup = await startHubServer({ databaseUrl, port: 0 });
  const credential = await addHall(setup.pool, { id: 'demo', name: '示范县政务服务中心', district: '示范县' });
  await setup.close();
  return { databaseUrl, credential };
}

async function hub(databaseUrl: string, redisUrl?: string): Promise<RunningHub> {
  const running = await startHubServer({ databaseUrl, port: 0, redisUrl });
  cleanups.push(() => running.close());
  return running;
}

/** Until the hub's API shows the hall at its current seq (bounded). */
async function apiAt(hubUrl: string, hall: RunningHallServer, timeoutMs = 20_000): Promise<HallWaitsView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(`${hubUrl}/api/v1/halls/demo/waits`, { headers: { 'x-api-key': 'test-key-unlimited-0000' } });
    if (res.status === 200) {
      const view = (await res.json()) as HallWaitsView;
      if (view.waits.seq === hall.hall.seq) return view;
    }
    if (Date.now() > deadline) throw new Error(`the API never showed seq ${hall.hall.seq}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function unlimitedKey(h: RunningHub): Promise<void> {
  await h.pool.query('INSERT INTO api_keys (key_hash, name, per_minute) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
    apiKeyHash('test-key-unlimited-0000'),
    'tests',
    100_000,
  ]);
}

describe('live waits beyond the hall', () => {
  it('the open API and the phone page show the kiosk’s own numbers, with an ETag, and nothing personal', async () => {
    const { databaseUrl, credential } = await hubDatabase();
    const h = await hub(databaseUrl);
    await unlimitedKey(h);
    const clock = { now: TEN_AM };
    const hall = await hallShippingTo(cleanups, h.url, credential, clock);
    const kiosk = await connect(hall.url, '/kiosk', DEMO_TOKENS.kiosk);
    cleanups.push(() => kiosk.close());
    await takeTickets(kiosk, clock, 3);
    const code = await bookWithPersonalData(kiosk);

    const view = await apiAt(h.url, hall);
    const comprehensive = view.waits.queues.find((q) => q.id === 'comprehensive');
    // The hall's own answer for a visitor about to take a ticket (the kiosk tile, the wall).
    const mine = newTicketWait(hall.hall.state, hall.hall.config, 'comprehensive', clock.now);
    expect(comprehensive).toMatchObject({ waiting: 3, ahead: mine.ahead, wait: mine.wait, waitText: waitText(mine.wait, 'wall'), openWindows: 0 });
    expect(mine.ahead).toBe(3);
    expect(view.district).toBe('示范县');

    const first = await fetch(`${h.url}/api/v1/halls/demo/waits`, { headers: { 'x-api-key': 'test-key-unlimited-0000' } });
    const etag = first.headers.get('etag');
    expect(first.headers.get('cache-control')).toBe('public, max-age=5');
    const again = await fetch(`${h.url}/api/v1/halls/demo/waits`, { headers: { 'x-api-key': 'test-key-unlimited-0000', 'if-none-match': etag ?? '' } });
    expect(again.status).toBe(304);

    const page = await fetch(`${h.url}/?district=${encodeURIComponent('示范县')}`, { headers: { 'x-api-key': 'test-key-unlimited-0000' } });
    const html = await page.text();
    expect(html).toContain('示范县政务服务中心');
    expect(html).toContain(`<th scope="row">综合受理</th><td class="n">3</td><td>${comprehensive?.waitText.zh}</td><td class="n">0</td>`);
    // A phone on 4G: the whole first load (HTML, style and script in one) under 15 KB gzip.
    expect(gzipSync(html).length).toBeLessThan(15 * 1024);
    const everything = `${html}${JSON.stringify(view)}${await (await fetch(`${h.url}/api/v1/halls`, { headers: { 'x-api-key': 'test-key-unlimited-0000' } })).text()}`;
    for (const personal of ['张', '丰', '1381234', '*', code, credential]) expect(everything).not.toContain(personal);
  });

  it('a hall’s document for another hall, or older than the stored one, changes nothing', async () => {
    const { databaseUrl, credential } = await hubDatabase();
    const h = await hub(databaseUrl);
    const put = (doc: unknown) =>
      fetch(`${h.url}/hub/v1/halls/demo/live`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${credential}` },
        body: JSON.stringify(doc),
      });
    const doc = { hallId: 'demo', name: { zh: '示范', en: 'Demo' }, seq: 10, at: 1, issuing: true, queues: [] };
    expect(await (await put(doc)).json()).toEqual({ ok: true, stored: true });
    expect(await (await put({ ...doc, seq: 9 })).json()).toEqual({ ok: true, stored: false });
    expect((await put({ ...doc, hallId: 'east' })).status).toBe(400);
    expect((await put({ ...doc, queues: Array.from({ length: 201 }, () => ({})) })).status).toBe(400);
    const stored = await h.pool.query<{ seq: string }>("SELECT seq FROM hall_live WHERE hall_id = 'demo'");
    expect(stored.rows[0]?.seq).toBe('10');
  });

  it('rate limited per key and per address: 429 with Retry-After; an unknown key is refused', async () => {
    const { databaseUrl } = await hubDatabase();
    const h = await hub(databaseUrl);
    await h.pool.query('INSERT INTO api_keys (key_hash, name, per_minute) VALUES ($1, $2, $3)', [apiKeyHash('hotline-12345-key-0001'), '12345', 6]);
    const get = (key?: string) => fetch(`${h.url}/api/v1/halls`, { headers: key ? { 'x-api-key': key } : {} });
    const keyed = [];
    for (let i = 0; i < 4; i++) keyed.push((await get('hotline-12345-key-0001')).status);
    expect(keyed).toEqual([200, 200, 200, 429]);
    const limited = await get('hotline-12345-key-0001');
    expect(limited.headers.get('retry-after')).toBe('10');
    expect((await get('no-such-key-000000000')).status).toBe(401);
    const anonymous = [];
    for (let i = 0; i < 31; i++) anonymous.push((await get()).status);
    expect(anonymous.filter((s) => s === 200).length).toBe(30);
    expect(anonymous[30]).toBe(429);
  });
});

describe('two hub processes sharing pushes through Redis', () => {
  let redis: RunningRedis;
  beforeAll(async () => {
    redis = await startRedis();
  }, 30_000);
  afterAll(() => redis?.destroy());

  it('a subscriber on one process gets the changes another process receives, and converges again after Redis restarts', async () => {
    const { databaseUrl, credential } = await hubDatabase();
    const a = await hub(databaseUrl, redis.url);
    const b = await hub(databaseUrl, redis.url);
    await unlimitedKey(a);
    const clock = { now: TEN_AM };
    const hall = await hallShippingTo(cleanups, a.url, credential, clock);
    const kiosk = await connect(hall.url, '/kiosk', DEMO_TOKENS.kiosk);
    cleanups.push(() => kiosk.close());

    const phone: Socket = connectIo(`${b.url}/public`, { transports: ['websocket'], forceNew: true });
    cleanups.push(() => phone.close());
    const pushes: HallWaitsView[] = [];
    phone.on('waits', (v: HallWaitsView) => pushes.push(v));
    const subscribed = (await phone.timeout(5000).emitWithAck('subscribe', { district: '示范县' })) as { ok: boolean };
    expect(subscribed.ok).toBe(true);
    const waitingOn = async (n: number) => {
      const deadline = Date.now() + 20_000;
      while (pushes.at(-1)?.waits.queues.find((q) => q.id === 'comprehensive')?.waiting !== n) {
        if (Date.now() > deadline) throw new Error(`no push with ${n} waiting (last: ${JSON.stringify(pushes.at(-1)?.waits.seq)})`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    await takeTickets(kiosk, clock, 2);
    await waitingOn(2);

    await redis.stop();
    await takeTickets(kiosk, clock, 3);
    await apiAt(a.url, hall); // process A has the new numbers; B's subscriber could not hear of them
    await redis.start();
    await waitingOn(5);
    expect(pushes.at(-1)?.waits.seq).toBe(hall.hall.seq);
  });
});
