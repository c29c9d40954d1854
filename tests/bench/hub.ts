/**
 * The hub's figures (README § Many halls, issue 16):
 *
 * - **ingest**: a province's streams — `halls` halls each shipping its log in
 *   batches of BATCH rows, CONCURRENCY batches in flight, round-robin over the
 *   halls as their shippers would — into a hub process (HTTP, credential check,
 *   every hash recomputed, one compare-and-set statement per batch),
 *   against the limit: the same rows inserted straight into PostgreSQL with the
 *   same batching and concurrency (one multi-row INSERT per batch, no checks).
 * - **lag**: while that load runs, a real hall server ships to the same hub;
 *   from a kiosk's acknowledged ticket to the hub's open API showing the seq
 *   of that ticket (the hall sends its live numbers at once, then at most once a
 *   second while changes keep coming).
 *
 * PostgreSQL is started by the bench (tests/support/postgres.ts), the hub is a
 * child process exactly as `npm run hub` runs it. Every loop is bounded.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startHallServer } from '../../server/hall-server.ts';
import { addHall } from '../../server/hub/hall-credentials.ts';
import { HUB_SCHEMA } from '../../server/hub/hub-schema.ts';
import { apiKeyHash } from '../../server/hub/public-api.ts';
import { CHAIN_START, shipRow } from '../../server/hub-link/shipped-chain.ts';
import type { ShippedRow } from '../../server/hub/hub-ingest.ts';
import type { TicketReceipt } from '../../state-machines/protocol/socket-events.ts';
import { DEMO_CONFIG_PATH, DEMO_TOKENS, writeHallVariant } from '../support/demo.ts';
import { connect, newRequestId } from '../support/hall-client.ts';
import { startPostgres } from '../support/postgres.ts';
import { startServer } from './processes.ts';
import { sleep, summarise, type Summary } from './stats.ts';

const BATCH = 10;
const CONCURRENCY = 32;
const LAG_EVERY_MS = 250;
const LAG_TIMEOUT_MS = 30_000;

export interface HubResult {
  halls: number;
  events: number;
  hubEventsPerSecond: number;
  bareEventsPerSecond: number;
  ratio: number;
  refused: number;
  lagMs: Summary;
}

/** One hall's log: issued, called, done … of plausible size (≈ 150 bytes of payload). */
function hallRows(hall: number, count: number): ShippedRow[] {
  const rows: ShippedRow[] = [];
  let prev = CHAIN_START.hash;
  for (let i = 1; i <= count; i++) {
    const type = ['ticket.issued', 'ticket.called', 'ticket.started', 'ticket.completed'][i % 4]!;
    const payload = JSON.stringify({
      type,
      ticketId: `h${hall}-t${i >> 2}`,
      queueId: 'comprehensive',
      number: `A${String(i >> 2).padStart(3, '0')}`,
      window: (i % 12) + 1,
    });
    const row = shipRow(prev, { seq: i, at: 1_790_000_000_000 + i * 1000, type, actor: `clerk:${1000 + (i % 40)}`, payload });
    rows.push(row);
    prev = row.hash;
  }
  return rows;
}

/** Run `jobs` with at most `concurrency` in flight; resolves when all are done. */
async function pool<T>(jobs: (() => Promise<T>)[], concurrency: number): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < jobs.length) {
        const i = next++;
        results[i] = await jobs[i]!();
      }
    }),
  );
  return results;
}

export async function benchHub(halls: number, eventsPerHall: number, log: (s: string) => void): Promise<HubResult> {
  const postgres = await startPostgres('yichuang_bench_hub');
  const cleanups: (() => unknown)[] = [() => postgres.destroy()];
  try {
    const db = new pg.Pool({ connectionString: postgres.url, max: 10 });
    cleanups.unshift(() => db.end());
    const hub = await startServer('server/hub/main.ts', { DATABASE_URL: postgres.url }, '/healthz');
    cleanups.unshift(() => hub.stop());
    const credentials: string[] = [];
    for (let h = 0; h < halls; h++) credentials.push(await addHall(db, { id: `hall-${h}`, name: `大厅 ${h}`, district: `区 ${h % 30}` }));
    const rows = Array.from({ length: halls }, (_, h) => hallRows(h, eventsPerHall));
    const rounds = Math.ceil(eventsPerHall / BATCH);
    const batches: { hall: number; rows: ShippedRow[] }[] = [];
    for (let r = 0; r < rounds; r++) for (let h = 0; h < halls; h++) batches.push({ hall: h, rows: rows[h]!.slice(r * BATCH, (r + 1) * BATCH) });
    const events = halls * eventsPerHall;

    // The limit: the same rows, batched and concurrent the same way, straight into an identical table.
    for (const statement of HUB_SCHEMA.slice(1, 18)) await db.query(statement.replaceAll('hall_events', 'bare_events'));
    log(`  hub bench: bare PostgreSQL inserts of ${events} rows (${halls} halls × ${eventsPerHall})…`);
    let t = performance.now();
    await pool(
      batches.map(
        (b) => () =>
          db.query(
            `INSERT INTO bare_events (hall_id, seq, at, type, actor, payload, prev_hash, hash)
           SELECT $1, * FROM unnest($2::bigint[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])`,
            [
              `hall-${b.hall}`,
              b.rows.map((r) => r.seq),
              b.rows.map((r) => r.at),
              b.rows.map((r) => r.type),
              b.rows.map((r) => r.actor),
              b.rows.map((r) => r.payload),
              b.rows.map((r) => r.prevHash),
              b.rows.map((r) => r.hash),
            ],
          ),
      ),
      CONCURRENCY,
    );
    const bareEventsPerSecond = events / ((performance.now() - t) / 1000);

    // A real hall shipping to the same hub, its kiosk taking a ticket every LAG_EVERY_MS while the province's load runs.
    const hallId = 'demo';
    const credential = await addHall(db, { id: hallId, name: '示范县政务服务中心', district: '示范县' });
    // The watcher polls as fast as it likes: a key without a practical limit.
    await db.query('INSERT INTO api_keys (key_hash, name, per_minute) VALUES ($1, $2, $3)', [apiKeyHash('bench-watcher-key-000000'), 'bench', 100_000]);
    const benchConfig = writeHallVariant<Record<string, unknown>>((raw) => {
      raw.limits = { kioskTicketsPerMinute: 100_000, kioskTicketBurst: 100_000, kioskTicketsPerHour: 1_000_000 };
      delete raw.peripherals;
    }, DEMO_CONFIG_PATH);
    const hall = await startHallServer({
      port: 0,
      host: '127.0.0.1',
      configPath: benchConfig,
      dataDir: mkdtempSync(join(tmpdir(), 'yc-bench-hub-hall-')),
      logLevel: 'silent',
      hub: { url: hub.url, credential },
    });
    cleanups.unshift(() => hall.close());
    const kiosk = await connect(hall.url, '/kiosk', DEMO_TOKENS.kiosk);
    cleanups.unshift(() => kiosk.close());
    const lags: number[] = [];
    let loadDone = false;
    const lagLoop = (async () => {
      for (let i = 0; i < 400 && !loadDone; i++) {
        await sleep(LAG_EVERY_MS);
        const ack = await kiosk.request<TicketReceipt>('ticket:take', { requestId: newRequestId(), queueId: 'comprehensive' });
        if (!ack.ok) continue;
        const acked = performance.now();
        const seq = hall.hall.seq;
        for (;;) {
          const res = await fetch(`${hub.url}/api/v1/halls/${hallId}/waits`, { headers: { 'x-api-key': 'bench-watcher-key-000000' } }).catch(() => undefined);
          const view = res?.status === 200 ? ((await res.json()) as { waits: { seq: number } }) : undefined;
          if (view && view.waits.seq >= seq) break;
          if (performance.now() - acked > LAG_TIMEOUT_MS) break;
          await sleep(10);
        }
        lags.push(performance.now() - acked);
      }
    })();

    log(`  hub bench: the same rows shipped to a hub process, ${CONCURRENCY} batches of ${BATCH} in flight…`);
    t = performance.now();
    const statuses = await pool(
      batches.map((b) => async () => {
        const res = await fetch(`${hub.url}/hub/v1/halls/hall-${b.hall}/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${credentials[b.hall]}` },
          body: JSON.stringify({ rows: b.rows }),
        });
        await res.arrayBuffer();
        return res.status;
      }),
      CONCURRENCY,
    );
    const hubEventsPerSecond = events / ((performance.now() - t) / 1000);
    loadDone = true;
    await lagLoop;
    const stored = Number((await db.query<{ n: string }>("SELECT count(*) AS n FROM hall_events WHERE hall_id <> 'demo'")).rows[0]?.n);
    if (stored !== events) throw new Error(`hub stored ${stored} of ${events} events`);
    return {
      halls,
      events,
      hubEventsPerSecond,
      bareEventsPerSecond,
      ratio: hubEventsPerSecond / bareEventsPerSecond,
      refused: statuses.filter((s) => s !== 200).length,
      lagMs: summarise(lags),
    };
  } finally {
    for (const c of cleanups) await c();
  }
}
