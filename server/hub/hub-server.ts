/**
 * The hub (README § Many halls): where a city's or province's halls ship their logs.
 * Stateless over PostgreSQL — every fact is in the database, so several hub
 * processes can serve behind one address (ingest is made safe for that by the
 * compare-and-set on the hall's row in hub-ingest.ts).
 *
 *   POST /hub/v1/halls/:hall/events   a batch of shipped rows (Bearer: the hall's credential)
 *   GET  /hub/v1/halls/:hall/position where the hub's copy of the hall's chain ends (same credential)
 *   PUT  /hub/v1/halls/:hall/live     the hall's 实时等候 document (same credential)
 *   PUT  /hub/v1/halls/:hall/profile  the hall's public hall file, for report labels (same credential)
 *   GET  /hub/reports                 统计报表 across halls for hub supervisors (hub-report-page.ts)
 *   GET  /hub/status                  halls, their last event and lag, refusals (HTML, no secrets)
 *   GET  /healthz                     the database answers
 *   GET  /api/v1/…, Socket.IO /public the open API of live waits (public-api.ts)
 *   GET  /                            办事去哪儿, the public page (public-page.ts)
 *
 * With `redisUrl`, pushes go through the Socket.IO Redis Streams adapter, so
 * every hub process's public subscribers get every hall's change.
 */
import { createAdapter } from '@socket.io/redis-streams-adapter';
import express, { type NextFunction, type Request, type Response } from 'express';
import { createClient } from 'redis';
import { Server as SocketServer } from 'socket.io';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { z } from 'zod';
import type { PublicHallConfig } from '../../state-machines/config/hall-config.ts';
import { HallCredentials } from './hall-credentials.ts';
import { HubIngest, MAX_BATCH_ROWS, recordIncident } from './hub-ingest.ts';
import { hubReportPage } from './hub-report-page.ts';
import { HubReports } from './hub-reports.ts';
import { HUB_SCHEMA } from './hub-schema.ts';
import { HubSupervisors } from './hub-supervisors.ts';
import { LiveBoard, publicHallWaitsSchema, type HallWaitsView } from './live-board.ts';
import { PageStream } from './page-stream.ts';
import { ApiLimits, publicApi, publicStream } from './public-api.ts';
import { publicPage } from './public-page.ts';
import { statusPage } from './status-page.ts';

export interface HubServerOptions {
  databaseUrl: string;
  port: number;
  host?: string;
  /** Connections per hub process (default 10). */
  poolSize?: number;
  /** Redis for sharing pushes between hub processes (several processes need it; one does not). */
  redisUrl?: string | undefined;
}

export interface RunningHub {
  url: string;
  pool: pg.Pool;
  board: LiveBoard;
  reports: HubReports;
  io: SocketServer;
  close(): Promise<void>;
}

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const batchSchema = z.object({
  rows: z
    .array(
      z.object({
        seq: z.number().int().min(1),
        at: z.number().int().min(0),
        type: z.string().min(1).max(64),
        actor: z.string().max(128),
        payload: z.string().max(64 * 1024),
        prevHash: hex64,
        hash: hex64,
      }),
    )
    .min(1)
    .max(MAX_BATCH_ROWS),
});
const hallId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/);
/**
 * A hall's public hall file as the reports read it (toPublicConfig): checked for the parts the
 * report functions use; the rest is kept as sent (the body limit bounds it).
 */
const named = z.object({ zh: z.string(), en: z.string() });
const hallProfileSchema = z
  .object({
    hall: z.object({ id: z.string(), name: z.string(), nameEn: z.string(), timezone: z.string().min(1).max(64) }).passthrough(),
    floors: z.array(z.object({ id: z.string(), name: named }).passthrough()),
    windows: z.array(z.object({ number: z.number().int(), name: z.string() }).passthrough()),
    staff: z.array(z.object({ id: z.string(), name: z.string() }).passthrough()),
    queues: z.array(z.object({ id: z.string(), name: named }).passthrough()),
    items: z.array(z.object({ id: z.string(), name: z.string() }).passthrough()),
  })
  .passthrough();

/** Create the tables once, even when several hub processes start together (one transaction-scoped advisory lock). */
export async function migrateHub(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query("SELECT pg_advisory_xact_lock(hashtext('yichuang-hub-schema'))");
    for (const statement of HUB_SCHEMA) await client.query(statement);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

export async function startHubServer(options: HubServerOptions): Promise<RunningHub> {
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
  // A dropped connection (PostgreSQL restarted) is reported on the idle client; the pool makes a new one on next use.
  pool.on('error', () => undefined);
  await migrateHub(pool);

  const io = new SocketServer({ serveClient: false, cors: { origin: '*' }, maxHttpBufferSize: 16 * 1024 });
  const redis = options.redisUrl ? await connectRedis(options.redisUrl, () => void board.resendLocal().catch(() => undefined)) : undefined;
  if (redis) io.adapter(createAdapter(redis));
  const board = new LiveBoard(pool, io.of('/public'));
  const ingest = new HubIngest(pool);
  const credentials = new HallCredentials(pool);
  // 统计报表: each hall's new events are folded right after they are stored (hub-reports.ts: from a stored position, under its row's lock).
  const reports = new HubReports(pool);
  const supervisors = new HubSupervisors(pool);
  // The phone page's push: this process's changes at once, the other processes' through the adapter.
  const pages = new PageStream();
  board.onChange = (view) => {
    pages.publish(view);
    // Only a cluster adapter has other processes to tell (the in-memory one refuses serverSideEmit).
    if (redis) io.of('/public').serverSideEmit('page-waits', view);
  };
  io.of('/public').on('page-waits', (view: HallWaitsView) => {
    board.forget(view);
    pages.publish(view);
  });

  const app = express();
  app.disable('x-powered-by');
  app.use('/hub/v1', express.json({ limit: '8mb' }));

  /** The hall named in the path, proven by its Bearer credential; a wrong one is an incident (another hall's credential, a guess). */
  const hallAuth = async (req: Request, res: Response, next: NextFunction) => {
    const id = hallId.safeParse(req.params.hall);
    if (!id.success) return void res.status(400).json({ error: { code: 'BAD_REQUEST', message: 'hall id malformed' } });
    const bearer = /^Bearer ([A-Za-z0-9_-]{16,128})$/.exec(req.get('authorization') ?? '')?.[1];
    if (bearer === undefined || !(await credentials.matches(id.data, bearer))) {
      await recordIncident(pool, id.data, 'CREDENTIAL', undefined, `refused a request from ${req.ip ?? '?'} without this hall's credential`);
      return void res.status(401).json({ error: { code: 'UNAUTHORIZED', message: "not this hall's credential" } });
    }
    res.locals.hall = id.data;
    next();
  };

  app.get('/hub/v1/halls/:hall/position', hallAuth, async (_req, res) => {
    const row = (await pool.query<{ last_seq: string; last_hash: string }>('SELECT last_seq, last_hash FROM halls WHERE hall_id = $1', [res.locals.hall]))
      .rows[0];
    res.json({ lastSeq: Number(row?.last_seq ?? 0), lastHash: row?.last_hash });
  });

  app.post('/hub/v1/halls/:hall/events', hallAuth, async (req, res) => {
    const body = batchSchema.safeParse(req.body);
    if (!body.success) {
      const issue = body.error.issues[0];
      return void res.status(400).json({ error: { code: 'BAD_REQUEST', message: `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'malformed'}` } });
    }
    const result = await ingest.ingest(res.locals.hall as string, body.data.rows);
    if (result.ok) {
      if (result.stored > 0) reports.poke(res.locals.hall as string);
      return void res.json(result);
    }
    res.status(409).json({ error: { code: result.code, message: result.message, seq: result.seq }, lastSeq: result.lastSeq, lastHash: result.lastHash });
  });

  app.put('/hub/v1/halls/:hall/live', hallAuth, async (req, res) => {
    const doc = publicHallWaitsSchema.safeParse(req.body);
    if (!doc.success || doc.data.hallId !== res.locals.hall) {
      return void res
        .status(400)
        .json({ error: { code: 'BAD_REQUEST', message: doc.success ? 'hallId is not this hall' : (doc.error.issues[0]?.message ?? 'malformed') } });
    }
    res.json({ ok: true, stored: await board.put(res.locals.hall as string, doc.data) });
  });

  app.put('/hub/v1/halls/:hall/profile', hallAuth, async (req, res) => {
    const doc = hallProfileSchema.safeParse(req.body);
    if (!doc.success || doc.data.hall.id !== res.locals.hall) {
      return void res
        .status(400)
        .json({ error: { code: 'BAD_REQUEST', message: doc.success ? 'hall.id is not this hall' : (doc.error.issues[0]?.message ?? 'malformed') } });
    }
    await reports.putProfile(res.locals.hall as string, req.body as PublicHallConfig);
    res.json({ ok: true });
  });

  app.use('/hub/reports', hubReportPage(reports, supervisors));

  const limits = new ApiLimits(pool);
  app.use('/api/v1', publicApi(board, limits, pages));
  app.get('/', (req, res) => publicPage(req, res, board));

  app.get('/hub/status', async (_req, res) => {
    res.type('html').send(await statusPage(pool, Date.now()));
  });

  app.get('/healthz', async (_req, res) => {
    try {
      await pool.query('SELECT 1');
      res.json({ ok: true });
    } catch {
      res.status(503).json({ ok: false, database: 'unreachable' });
    }
  });

  // A database that is down answers 503 (the hall retries), never a crash.
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (res.headersSent) return;
    const status = (err as { status?: number }).status;
    if (status === 413 || status === 400) return void res.status(status).json({ error: { code: 'BAD_REQUEST', message: 'body malformed or too large' } });
    res.status(503).json({ error: { code: 'UNAVAILABLE', message: 'the hub cannot reach its database; retry later' } });
  });

  const server: Server = createServer(app);
  io.attach(server);
  publicStream(io.of('/public'), board, limits);
  // A process that stopped between storing and folding: its halls are folded now.
  void reports.catchUpAll().catch(() => undefined);
  await new Promise<void>((resolve) => server.listen(options.port, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    pool,
    board,
    reports,
    io,
    async close() {
      pages.close();
      await new Promise<void>((resolve) => {
        void io.close(() => resolve());
      });
      server.closeAllConnections();
      await redis?.quit().catch(() => undefined);
      await pool.end();
    },
  };
}

/**
 * The adapter's Redis client: reconnecting by itself (Redis restarted), with
 * `onBack` called when it is ready again after being lost — pushes published
 * meanwhile may not have reached this process's subscribers.
 */
async function connectRedis(url: string, onBack: () => void) {
  const client = createClient({ url, socket: { reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 2000) } });
  let lost = false;
  client.on('error', () => {
    lost = true;
  });
  client.on('ready', () => {
    if (lost) onBack();
    lost = false;
  });
  await client.connect();
  return client;
}
