/**
 * The open API of 实时等候 (README § Many halls), version 1, for 12345 hotlines,
 * mini-programs and the hub's own mobile page. Nothing personal: counts, ids
 * and names from the halls' files.
 *
 *   GET /api/v1/halls?district=<name>   every hall of a district (all when absent) with its waits
 *   GET /api/v1/halls/<id>/waits        one hall
 *   GET /api/v1/stream?district=<name>  Server-Sent Events: `{ hallId, seq }` on each change (the phone page)
 *   Socket.IO namespace /public: `subscribe` { halls?: string[], district?: string } → `waits` pushes
 *
 * Answers carry an `ETag` (304 on `If-None-Match`) and `Cache-Control:
 * public, max-age=5`. Rate limits: with an `X-Api-Key` (issued with
 * `npm run hub -- add-key`) the key's own rate per minute; without one, 60 a
 * minute per address. Limits are per hub process (a key across N processes
 * gets up to N×): simple, and enough to stop a runaway client.
 */
import { createHash } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import type pg from 'pg';
import type { Namespace } from 'socket.io';
import { z } from 'zod';
import { TokenBucket, TokenBuckets } from '../sockets/rate-limit.ts';
import type { Cached, LiveBoard } from './live-board.ts';
import type { PageStream } from './page-stream.ts';

const ANONYMOUS_PER_MINUTE = 60;
const MAX_SUBSCRIPTIONS = 20;
const hallId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/);
const district = z.string().max(40);
const subscribeSchema = z.object({ halls: z.array(hallId).max(MAX_SUBSCRIPTIONS).optional(), district: district.optional() });

export function apiKeyHash(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Who may ask how often: a key's bucket at its own rate, or the address's. */
export class ApiLimits {
  private readonly anonymous = new TokenBuckets(ANONYMOUS_PER_MINUTE, ANONYMOUS_PER_MINUTE / 2);
  private readonly keyed = new Map<string, { bucket: TokenBucket; checkedAt: number } | null>();

  constructor(
    private readonly pool: pg.Pool,
    private readonly now: () => number = Date.now,
  ) {}

  /** 0 to go ahead, seconds to wait, or 'unknown-key'. */
  async admit(key: string | undefined, address: string): Promise<number | 'unknown-key'> {
    if (key === undefined) return this.anonymous.admit(address, this.now());
    const hash = apiKeyHash(key);
    let entry = this.keyed.get(hash);
    if (entry === undefined) {
      const row = (await this.pool.query<{ per_minute: number }>('SELECT per_minute FROM api_keys WHERE key_hash = $1', [hash])).rows[0];
      entry = row ? { bucket: new TokenBucket({ perMinute: row.per_minute, burst: Math.max(1, Math.ceil(row.per_minute / 2)) }), checkedAt: this.now() } : null;
      if (this.keyed.size > 10_000) this.keyed.clear();
      this.keyed.set(hash, entry);
    }
    if (entry === null) return 'unknown-key';
    return entry.bucket.admit(this.now());
  }
}

function send<T>(req: Request, res: Response, cached: Cached<T>): void {
  res.setHeader('ETag', cached.etag);
  res.setHeader('Cache-Control', 'public, max-age=5');
  res.setHeader('Access-Control-Allow-Origin', '*');
  if (req.get('if-none-match') === cached.etag) return void res.status(304).end();
  res.type('json').send(cached.body);
}

export function publicApi(board: LiveBoard, limits: ApiLimits, pages: PageStream): Router {
  const api = Router();
  api.use(async (req, res, next) => {
    const verdict = await limits.admit(req.get('x-api-key') ?? undefined, req.ip ?? '');
    if (verdict === 'unknown-key') return void res.status(401).json({ error: { code: 'UNKNOWN_KEY', message: 'X-Api-Key is not a key of this hub' } });
    if (verdict > 0) {
      res.setHeader('Retry-After', String(verdict));
      return void res.status(429).json({ error: { code: 'RATE_LIMITED', message: `too many requests; retry in ${verdict} s` } });
    }
    next();
  });
  api.get('/halls', async (req, res) => {
    const d = district.safeParse(req.query.district ?? '');
    if (!d.success) return void res.status(400).json({ error: { code: 'BAD_REQUEST', message: 'district: at most 40 characters' } });
    send(req, res, await board.district(d.data));
  });
  // The phone page's push (page-stream.ts): `data: { hallId, seq }` on each change in the district.
  api.get('/stream', (req, res) => {
    const d = district.safeParse(req.query.district ?? '');
    if (!d.success) return void res.status(400).json({ error: { code: 'BAD_REQUEST', message: 'district: at most 40 characters' } });
    pages.attach(req, res, d.data);
  });
  api.get('/halls/:hall/waits', async (req, res) => {
    const id = hallId.safeParse(req.params.hall);
    if (!id.success) return void res.status(400).json({ error: { code: 'BAD_REQUEST', message: 'hall id malformed' } });
    const cached = await board.hall(id.data);
    if (!cached) return void res.status(404).json({ error: { code: 'NOT_FOUND', message: 'no live waits from this hall' } });
    send(req, res, cached);
  });
  return api;
}

/** The push stream: a subscriber joins at most MAX_SUBSCRIPTIONS hall rooms and one district, and gets their numbers at once. */
export function publicStream(stream: Namespace, board: LiveBoard, limits: ApiLimits): void {
  stream.use((socket, next) => {
    const key = typeof socket.handshake.auth?.key === 'string' ? socket.handshake.auth.key : undefined;
    void limits.admit(key, socket.handshake.address).then(
      (verdict) =>
        verdict === 0
          ? next()
          : next(
              Object.assign(new Error(verdict === 'unknown-key' ? 'UNKNOWN_KEY' : 'RATE_LIMITED'), {
                data: { code: verdict === 'unknown-key' ? 'UNKNOWN_KEY' : 'RATE_LIMITED' },
              }),
            ),
      () => next(new Error('UNAVAILABLE')),
    );
  });
  stream.on('connection', (socket) => {
    socket.on('subscribe', async (request: unknown, ack?: (answer: unknown) => void) => {
      const parsed = subscribeSchema.safeParse(request);
      if (!parsed.success) return ack?.({ ok: false, error: { code: 'BAD_REQUEST', message: 'subscribe { halls?: string[] (≤ 20), district?: string }' } });
      const rooms = [...socket.rooms].filter((r) => r !== socket.id);
      const wanted = [
        ...(parsed.data.halls ?? []).map((h) => `hall:${h}`),
        ...(parsed.data.district !== undefined ? [`district:${parsed.data.district}`] : []),
      ];
      if (new Set([...rooms, ...wanted]).size > MAX_SUBSCRIPTIONS + 1)
        return ack?.({ ok: false, error: { code: 'TOO_MANY', message: `at most ${MAX_SUBSCRIPTIONS} halls` } });
      await socket.join(wanted);
      try {
        const now = [
          ...(await Promise.all((parsed.data.halls ?? []).map(async (h) => (await board.hall(h))?.value))).filter((v) => v !== undefined),
          ...(parsed.data.district !== undefined ? (await board.district(parsed.data.district)).value : []),
        ];
        ack?.({ ok: true, result: { halls: now } });
      } catch {
        ack?.({ ok: false, error: { code: 'UNAVAILABLE', message: 'the hub cannot reach its database; pushes still arrive' } });
      }
    });
  });
}
