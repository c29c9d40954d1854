/**
 * The phone page's push (Server-Sent Events): a browser's own EventSource,
 * not a Socket.IO client, so the page stays a few KB on 4G. A hall's change
 * is announced as `{ hallId, seq }` to every page open on its district (and on
 * 全部); the page then fetches its list part (cached a second at the hub). With
 * several hub processes, a change received by one reaches the others through
 * the Socket.IO adapter's server-side events (hub-server.ts).
 *
 * Bounded: at most MAX_STREAMS open per process and MAX_PER_ADDRESS per
 * address; a comment every 25 s keeps proxies from closing an idle stream.
 */
import type { Request, Response } from 'express';
import type { HallWaitsView } from './live-board.ts';

const MAX_STREAMS = 20_000;
const MAX_PER_ADDRESS = 8;
const HEARTBEAT_MS = 25_000;

export class PageStream {
  private readonly byDistrict = new Map<string, Set<Response>>();
  private readonly perAddress = new Map<string, number>();
  private open = 0;
  private readonly heartbeat: NodeJS.Timeout;

  constructor() {
    this.heartbeat = setInterval(() => {
      for (const set of this.byDistrict.values()) for (const res of set) res.write(': keep-alive\n\n');
    }, HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  get size(): number {
    return this.open;
  }

  attach(req: Request, res: Response, district: string): void {
    const address = req.ip ?? '';
    const mine = this.perAddress.get(address) ?? 0;
    if (this.open >= MAX_STREAMS || mine >= MAX_PER_ADDRESS) {
      res.setHeader('Retry-After', '30');
      return void res.status(503).json({ error: { code: 'TOO_MANY_STREAMS', message: 'too many open streams; retry later' } });
    }
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', 'X-Accel-Buffering': 'no' });
    res.write('retry: 5000\n\n');
    const set = this.byDistrict.get(district) ?? new Set<Response>();
    this.byDistrict.set(district, set);
    set.add(res);
    this.open++;
    this.perAddress.set(address, mine + 1);
    req.on('close', () => {
      set.delete(res);
      if (set.size === 0) this.byDistrict.delete(district);
      this.open--;
      const left = (this.perAddress.get(address) ?? 1) - 1;
      if (left <= 0) this.perAddress.delete(address);
      else this.perAddress.set(address, left);
    });
  }

  publish(view: Pick<HallWaitsView, 'hallId' | 'district' | 'waits'>): void {
    const line = `data: ${JSON.stringify({ hallId: view.hallId, seq: view.waits.seq })}\n\n`;
    for (const district of new Set(['', view.district])) for (const res of this.byDistrict.get(district) ?? []) res.write(line);
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const set of this.byDistrict.values()) for (const res of set) res.end();
    this.byDistrict.clear();
  }
}
