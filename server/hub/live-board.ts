/**
 * 实时等候 at the hub: each hall's latest public waits, stored in PostgreSQL
 * (`hall_live`, the newest seq wins, so a late or repeated send cannot turn
 * the numbers back), cached for a second per process (the numbers change at
 * most once a second per hall), and pushed to the public stream's rooms
 * `hall:<id>` and `district:<name>` — through the Socket.IO adapter, so with
 * Redis every hub process's subscribers get it whichever process received it.
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { Namespace } from 'socket.io';
import { z } from 'zod';
import type { PublicHallWaits } from '../../state-machines/hall/public-waits.ts';

const text = z.object({ zh: z.string().max(120), en: z.string().max(200) });
const wait = z.union([
  z.object({ kind: z.literal('minutes'), minutes: z.number().int().min(0).max(100_000) }),
  z.object({ kind: z.enum(['now', 'not_open', 'unknown']) }),
]);
/** The document a hall may send: bounded in every dimension (a hall has ≤ 200 queues). */
export const publicHallWaitsSchema = z.object({
  hallId: z.string().max(64),
  name: text,
  seq: z.number().int().min(0),
  at: z.number().int().min(0),
  issuing: z.boolean(),
  closedText: text.optional(),
  queues: z
    .array(
      z.object({
        id: z.string().max(64),
        prefix: z.string().max(4),
        name: text,
        waiting: z.number().int().min(0).max(1_000_000),
        ahead: z.number().int().min(0).max(1_000_000),
        wait,
        waitText: text,
        openWindows: z.number().int().min(0).max(1000),
      }),
    )
    .max(200),
});

/** What the API and the page show of a hall: its live document with the hub's own facts. */
export interface HallWaitsView {
  hallId: string;
  district: string;
  /** When the hub last heard from the hall (ms). */
  updatedAt: number;
  waits: PublicHallWaits;
}

export interface Cached<T> {
  value: T;
  body: string;
  etag: string;
  at: number;
}

const CACHE_MS = 1000;
/** A strong ETag of an answer's bytes (the open API and the phone page's list part). */
export const etagOf = (body: string) => `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;

export class LiveBoard {
  private readonly districtCache = new Map<string, Cached<HallWaitsView[]>>();
  private readonly hallCache = new Map<string, Cached<HallWaitsView>>();

  /** Called with each change this process stored (the phone page's stream, the other processes). */
  onChange: ((view: HallWaitsView) => void) | undefined;

  constructor(
    private readonly pool: pg.Pool,
    private readonly stream: Namespace,
    private readonly now: () => number = Date.now,
  ) {}

  /** A hall's new numbers: stored if newer than what the hub has, then pushed. False: older than the stored ones. */
  async put(hallId: string, waits: PublicHallWaits): Promise<boolean> {
    const stored = await this.pool.query<{ district: string; updated_at: Date }>(
      `WITH up AS (
         INSERT INTO hall_live (hall_id, seq, doc, updated_at) VALUES ($1, $2, $3, now())
         ON CONFLICT (hall_id) DO UPDATE SET seq = EXCLUDED.seq, doc = EXCLUDED.doc, updated_at = now() WHERE hall_live.seq <= EXCLUDED.seq
         RETURNING updated_at)
       SELECT h.district, up.updated_at FROM up JOIN halls h ON h.hall_id = $1`,
      [hallId, waits.seq, JSON.stringify(waits)],
    );
    const row = stored.rows[0];
    if (!row) return false;
    const view: HallWaitsView = { hallId, district: row.district, updatedAt: row.updated_at.getTime(), waits };
    this.forget(view);
    this.stream.to(`hall:${hallId}`).to(`district:${row.district}`).emit('waits', view);
    this.onChange?.(view);
    return true;
  }

  /**
   * A hall's numbers changed (here, or in another process: hub-server.ts calls this for those too): its cached
   * answers go, so a page that refetches on the push gets the new list, not a second-old copy with the same ETag.
   */
  forget(view: Pick<HallWaitsView, 'hallId' | 'district'>): void {
    this.hallCache.delete(view.hallId);
    this.districtCache.delete('');
    this.districtCache.delete(view.district);
  }

  /** Every hall of a district with live numbers ('' for all), cached a second. */
  async district(district: string): Promise<Cached<HallWaitsView[]>> {
    const cached = this.districtCache.get(district);
    if (cached && this.now() - cached.at < CACHE_MS) return cached;
    const rows = await this.pool.query<{ hall_id: string; district: string; updated_at: Date; doc: string }>(
      `SELECT l.hall_id, h.district, l.updated_at, l.doc FROM hall_live l JOIN halls h ON h.hall_id = l.hall_id
       WHERE $1 = '' OR h.district = $1 ORDER BY h.district, l.hall_id LIMIT 500`,
      [district],
    );
    const value = rows.rows.map((r) => ({
      hallId: r.hall_id,
      district: r.district,
      updatedAt: r.updated_at.getTime(),
      waits: JSON.parse(r.doc) as PublicHallWaits,
    }));
    const body = JSON.stringify({ halls: value });
    const fresh = { value, body, etag: etagOf(body), at: this.now() };
    if (this.districtCache.size > 1000) this.districtCache.clear();
    this.districtCache.set(district, fresh);
    return fresh;
  }

  /** One hall's numbers, or undefined if it has sent none; cached a second. */
  async hall(hallId: string): Promise<Cached<HallWaitsView> | undefined> {
    const cached = this.hallCache.get(hallId);
    if (cached && this.now() - cached.at < CACHE_MS) return cached;
    const row = (
      await this.pool.query<{ district: string; updated_at: Date; doc: string }>(
        'SELECT h.district, l.updated_at, l.doc FROM hall_live l JOIN halls h ON h.hall_id = l.hall_id WHERE l.hall_id = $1',
        [hallId],
      )
    ).rows[0];
    if (!row) return undefined;
    const value = { hallId, district: row.district, updatedAt: row.updated_at.getTime(), waits: JSON.parse(row.doc) as PublicHallWaits };
    const body = JSON.stringify(value);
    const fresh = { value, body, etag: etagOf(body), at: this.now() };
    if (this.hallCache.size > 10_000) this.hallCache.clear();
    this.hallCache.set(hallId, fresh);
    return fresh;
  }

  /** The districts that have halls, for the page's picker. */
  async districts(): Promise<string[]> {
    return (await this.pool.query<{ district: string }>("SELECT DISTINCT district FROM halls WHERE district <> '' ORDER BY district LIMIT 500")).rows.map(
      (r) => r.district,
    );
  }

  /**
   * After the adapter's Redis came back: this process's subscribers may have
   * missed pushes meanwhile, so each room here gets the stored numbers again
   * (locally: the other processes do the same for theirs).
   */
  async resendLocal(): Promise<number> {
    let sent = 0;
    for (const room of this.stream.adapter.rooms.keys()) {
      const hallId = /^hall:(.+)$/.exec(room)?.[1];
      const district = /^district:(.*)$/.exec(room)?.[1];
      if (hallId !== undefined) {
        const view = await this.hall(hallId);
        if (view) this.stream.local.to(room).emit('waits', view.value);
        sent++;
      } else if (district !== undefined) {
        for (const view of (await this.district(district)).value) this.stream.local.to(room).emit('waits', view);
        sent++;
      }
    }
    return sent;
  }
}
