/**
 * The hub's public fan-out (README § Many halls, issue 16): one hall's live
 * numbers pushed to N subscribers spread over two hub processes sharing their
 * pushes through Redis (the Socket.IO Redis Streams adapter) — from the PUT
 * leaving the sender to each subscriber holding it — against the limit: one
 * bare Socket.IO process delivering the same document to the same N
 * (tests/bench/bare-fanout.ts). Sender and subscribers share one client
 * process and clock (tests/bench/clients-public.ts).
 */
import pg from 'pg';
import { addHall } from '../../server/hub/hall-credentials.ts';
import { apiKeyHash } from '../../server/hub/public-api.ts';
import { freePort } from '../support/free-port.ts';
import { startPostgres } from '../support/postgres.ts';
import { startRedis } from '../support/redis.ts';
import { startClients, startServer, type ServerChild } from './processes.ts';
import { summarise, type Summary } from './stats.ts';

export interface FanoutResult {
  clients: number;
  rounds: number;
  hub: Summary;
  bare: Summary;
  missing: { hub: number; bare: number };
  ratioP99: number;
}

const SUBSCRIBER_KEY = 'bench-subscribers-key-0000';

export async function benchHubFanout(clients: number, rounds: number, log: (s: string) => void): Promise<FanoutResult> {
  const postgres = await startPostgres('yichuang_bench_fanout');
  const redis = await startRedis();
  const children: ServerChild[] = [];
  const killChildren = () => Promise.all(children.map((c) => c.stop()));
  const cleanups: (() => unknown)[] = [killChildren, () => postgres.destroy(), () => redis.destroy()];
  try {
    const ports = [await freePort(), await freePort(), await freePort()];
    for (const port of ports.slice(0, 2)) {
      children.push(await startServer('server/hub/main.ts', { DATABASE_URL: postgres.url, REDIS_URL: redis.url }, '/healthz', port));
    }
    const db = new pg.Pool({ connectionString: postgres.url, max: 2 });
    cleanups.unshift(() => db.end());
    const credential = await addHall(db, { id: 'demo', name: '示范县政务服务中心', district: '示范县' });
    await db.query('INSERT INTO api_keys (key_hash, name, per_minute) VALUES ($1, $2, $3)', [apiKeyHash(SUBSCRIBER_KEY), 'bench', 10_000_000]);
    const hubs = ports.slice(0, 2).map((p) => `http://127.0.0.1:${p}`);

    log(`  fan-out: ${clients} subscribers over 2 hub processes (Redis Streams adapter)…`);
    const hubClients = startClients('tests/bench/clients-public.ts');
    await hubClients.ask({ cmd: 'connect', urls: hubs, clients, key: SUBSCRIBER_KEY }, 'connected', 300_000);
    const hub = await hubClients.ask<{ samples: number[]; missing: number }>(
      { cmd: 'run', putUrl: `${hubs[0]}/hub/v1/halls/demo/live`, credential, rounds, warmup: 3, roundTimeoutMs: 20_000 },
      'result',
      rounds * 25_000 + 120_000,
    );
    await hubClients.stop();
    await Promise.all(children.splice(0).map((c) => c.stop()));

    log(`  fan-out: the same ${clients} subscribers on one bare Socket.IO process…`);
    children.push(await startServer('tests/bench/bare-fanout.ts', {}, '/ready', ports[2]));
    const bareClients = startClients('tests/bench/clients-public.ts');
    await bareClients.ask({ cmd: 'connect', urls: [`http://127.0.0.1:${ports[2]}`], clients }, 'connected', 300_000);
    const bare = await bareClients.ask<{ samples: number[]; missing: number }>(
      { cmd: 'run', putUrl: `http://127.0.0.1:${ports[2]}/live`, rounds, warmup: 3, roundTimeoutMs: 20_000 },
      'result',
      rounds * 25_000 + 120_000,
    );
    await bareClients.stop();
    const hubSummary = summarise(hub.samples);
    const bareSummary = summarise(bare.samples);
    return {
      clients,
      rounds,
      hub: hubSummary,
      bare: bareSummary,
      missing: { hub: hub.missing, bare: bare.missing },
      ratioP99: hubSummary.p99 / bareSummary.p99,
    };
  } finally {
    for (const c of cleanups) await c();
  }
}
