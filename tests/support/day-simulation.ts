/**
 * A hall day, simulated: seeded visitors arrive with a morning peak, take
 * tickets at two kiosks, are called at the 13 windows of the demo hall, and
 * sometimes do not come (过号, some come back: 过号重排), must go to another
 * queue (转办), fetch a missing paper (挂起), or give up (作废). Windows take
 * staggered lunch breaks (暂停, 错时). Everything goes through the real server
 * over real socket.io clients; only the clock is simulated (the server reads
 * `clock.now`). Deterministic for a seed: the event loop is strictly
 * sequential and every random draw comes from one seeded generator.
 */
import type { HallConfig } from '../../state-machines/config/hall-config.ts';
import type { GreenReason, TicketClass, TicketRecord } from '../../state-machines/domain/ticket.ts';
import type { Ack, TicketReceipt } from '../../state-machines/protocol/socket-events.ts';
import { connect, login, newRequestId, type TestClient } from './hall-client.ts';

/** mulberry32: small, fast, good enough for a simulation, and reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MIN = 60_000;

/**
 * Share of visitors and mean service minutes per queue. 1,500 visitors at the
 * demo hall's 13 windows only work out with short matters (submit, pick up,
 * ask): about 2.6 minutes on average plus the walk to the counter, which loads
 * the ten general windows to ~75% over the day and past 100% at the 10–11 am
 * peak — queues build up in the morning and drain by lunch, as in real halls.
 */
const QUEUE_MIX: Record<string, { share: number; minutes: number }> = {
  comprehensive: { share: 0.3, minutes: 2.5 },
  pickup: { share: 0.15, minutes: 1.2 },
  police: { share: 0.08, minutes: 2.5 },
  'real-estate': { share: 0.08, minutes: 3.5 },
  tax: { share: 0.1, minutes: 3 },
  enterprise: { share: 0.08, minutes: 3 },
  'social-insurance': { share: 0.1, minutes: 2 },
  construction: { share: 0.04, minutes: 3 },
  ems: { share: 0.03, minutes: 1.5 },
  consult: { share: 0.04, minutes: 1.2 },
};

export interface DaySimOptions {
  seed: number;
  visitors: number;
  /** Local date of the simulated day, YYYY-MM-DD (Asia/Shanghai). */
  date: string;
  config: HallConfig;
  url: string;
  clock: { now: number };
  kioskTokens: readonly string[];
  supervisor: { staffId: string; pin: string };
  pin: string;
  /** Visitors planned elsewhere (e.g. at known rates: tests/support/planning-days.ts) instead of `planVisitors`. */
  planned?: Visitor[] | undefined;
  /**
   * Staffing by a plan (窗口测算): only these windows sign in, no lunch breaks; at each half-hour from 08:30 to
   * 17:00 the first `open(hh:mm)` of them serve and the rest pause (after the visitor at the counter) through
   * the real window:pause / window:resume commands. Without it: every window, staggered breaks.
   */
  staffing?: { windows: readonly number[]; open: (slot: string) => number } | undefined;
}

export interface Visitor {
  n: number;
  arrival: number;
  queueId: string;
  class: TicketClass;
  reason?: GreenReason | undefined;
  /** Does not come at the first call. */
  noShow: boolean;
  /** …but comes back this long after the 过号 (undefined: never). */
  returnsAfterMs?: number | undefined;
  /** Gives up after waiting this long uncalled. */
  patienceMs?: number | undefined;
  walkMs: number;
  serviceMs: number;
  transfer?: { afterMs: number; toQueueId: string } | undefined;
  park?: { afterMs: number; awayMs: number } | undefined;
  ticketId?: string | undefined;
  estimateMinutes?: number | undefined;
  waitKind?: string | undefined;
  phase: 'new' | 'waiting' | 'called' | 'serving' | 'parked' | 'away' | 'gone';
}

interface WindowAgent {
  number: number;
  queues: readonly string[];
  client: TestClient;
  busy: boolean;
  paused: boolean;
  breakStart: number;
  breakPending: boolean;
  /** Off the plan for this half-hour: pause once the counter is free. */
  planPausePending: boolean;
  /** Each call is tagged so stale timers (after a 过号 or 转办) do nothing. */
  turn: number;
}

export interface DaySimRecord {
  visitors: Visitor[];
  /** Commands the server refused that the simulation did not expect (must be empty). */
  unexpected: string[];
  commands: number;
  endedAt: number;
}

/** Binary-heap timeline of (time, order) → action. */
class Timeline {
  private heap: { at: number; order: number; run: () => Promise<void> }[] = [];
  private order = 0;
  push(at: number, run: () => Promise<void>): void {
    const h = this.heap;
    h.push({ at, order: this.order++, run });
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.less(h[p]!, h[i]!)) break;
      [h[p], h[i]] = [h[i]!, h[p]!];
      i = p;
    }
  }
  pop() {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
        if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[m], h[i]] = [h[i]!, h[m]!];
        i = m;
      }
    }
    return top;
  }
  get size() {
    return this.heap.length;
  }
  private less(a: { at: number; order: number }, b: { at: number; order: number }) {
    return a.at < b.at || (a.at === b.at && a.order < b.order);
  }
}

/** Arrival intensity over the day (relative): the 10–11 am peak, a lunch dip, a quieter afternoon. */
function intensity(minuteOfDay: number): number {
  const h = minuteOfDay / 60;
  if (h < 8.5 || h >= 16.75) return 0;
  if (h < 9.5) return 1.2;
  if (h < 11) return 2.2;
  if (h < 12) return 1.4;
  if (h < 13.5) return 0.5;
  if (h < 15.5) return 1.0;
  return 0.7;
}

function lognormal(random: () => number, mean: number, sigma = 0.5): number {
  const u1 = Math.max(random(), 1e-12);
  const u2 = random();
  const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  return Math.exp(Math.log(mean) - (sigma * sigma) / 2 + sigma * z);
}

function pickQueue(random: () => number): string {
  let r = random();
  for (const [id, mix] of Object.entries(QUEUE_MIX)) {
    r -= mix.share;
    if (r <= 0) return id;
  }
  return 'comprehensive';
}

const GREEN: GreenReason[] = ['elderly', 'elderly', 'elderly', 'disabled', 'pregnant', 'military', 'urgent'];

export function planVisitors(seed: number, count: number, dayStart: number): Visitor[] {
  const random = seededRandom(seed);
  // Thinning: arrival minutes drawn in proportion to intensity().
  const minutes: number[] = [];
  let guard = 0;
  while (minutes.length < count && guard++ < count * 50) {
    const m = 8.5 * 60 + random() * (8.25 * 60);
    if (random() * 2.2 < intensity(m)) minutes.push(m);
  }
  minutes.sort((a, b) => a - b);
  const queueIds = Object.keys(QUEUE_MIX).filter((q) => q !== 'pickup' && q !== 'ems');
  return minutes.map((m, n) => {
    const queueId = pickQueue(random);
    const green = random() < 0.07;
    const noShow = random() < 0.04;
    const v: Visitor = {
      n,
      arrival: dayStart + Math.round(m * MIN),
      queueId,
      class: green ? 'green' : 'walk_in',
      reason: green ? GREEN[Math.floor(random() * GREEN.length)] : undefined,
      noShow,
      returnsAfterMs: noShow && random() < 0.4 ? Math.round((10 + random() * 30) * MIN) : undefined,
      patienceMs: random() < 0.015 ? Math.round((20 + random() * 40) * MIN) : undefined,
      walkMs: Math.round((10 + random() * 40) * 1000),
      serviceMs: Math.round(lognormal(random, QUEUE_MIX[queueId]!.minutes) * MIN),
      phase: 'new',
    };
    const branch = random();
    if (branch < 0.03 && queueId !== 'pickup' && queueId !== 'ems') {
      const others = queueIds.filter((q) => q !== queueId);
      v.transfer = { afterMs: Math.round((1 + random() * 2) * MIN), toQueueId: others[Math.floor(random() * others.length)]! };
    } else if (branch < 0.06) {
      v.park = { afterMs: Math.round((1 + random() * 2) * MIN), awayMs: Math.round((15 + random() * 30) * MIN) };
    }
    return v;
  });
}

export async function simulateDay(options: DaySimOptions): Promise<DaySimRecord & { close(): void }> {
  const { config, url, clock } = options;
  const dayStart = Date.parse(`${options.date}T00:00:00+08:00`);
  const at = (hhmm: string) => dayStart + (Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3))) * MIN;
  const random = seededRandom(options.seed ^ 0x9e3779b9);
  const visitors = options.planned ?? planVisitors(options.seed, options.visitors, dayStart);
  const staffing = options.staffing;
  const byTicket = new Map<string, Visitor>();
  const unexpected: string[] = [];
  const timeline = new Timeline();
  const clients: TestClient[] = [];
  let commands = 0;

  clock.now = at('08:00');
  const kiosks = await Promise.all(options.kioskTokens.map((t) => connect(url, '/kiosk', t)));
  clients.push(...kiosks);
  const supervisorSession = await login(url, { staffId: options.supervisor.staffId, pin: options.supervisor.pin });
  const desk = await connect(url, '/admin', supervisorSession.token);
  clients.push(desk);

  const windows: WindowAgent[] = [];
  const staffed = staffing ? staffing.windows.map((n) => config.windows.find((w) => w.number === n)!) : config.windows;
  for (const [i, w] of staffed.entries()) {
    const session = await login(url, { staffId: w.posts.a, pin: options.pin, window: w.number });
    const client = await connect(url, '/window', session.token);
    clients.push(client);
    // 错时: four break groups from 11:30, 20 minutes apart, 30 minutes each.
    windows.push({
      number: w.number,
      queues: w.queues,
      client,
      busy: false,
      paused: false,
      breakStart: at('11:30') + (i % 4) * 20 * MIN,
      breakPending: false,
      planPausePending: false,
      turn: 0,
    });
  }

  async function send<T>(client: TestClient, event: string, payload: Record<string, unknown>, allowed: readonly string[] = []): Promise<Ack<T>> {
    commands++;
    const answer = await client.request<T>(event, { requestId: newRequestId(), ...payload });
    if (!answer.ok && !allowed.includes(answer.error.code))
      unexpected.push(`${event} ${JSON.stringify(payload)} → ${answer.error.code} ${answer.error.messageEn}`);
    return answer;
  }

  const servesQueue = (w: WindowAgent, queueId: string) => w.queues.includes(queueId);
  const wake = (queueId: string) => {
    for (const w of windows) if (!w.busy && !w.paused && servesQueue(w, queueId)) timeline.push(clock.now, () => windowTurn(w));
  };
  const returnedParked: Visitor[] = [];

  // Open every window at 08:30.
  for (const w of windows) {
    timeline.push(at('08:30'), async () => {
      await send(w.client, 'window:open', { window: w.number });
      await windowTurn(w);
    });
    if (!staffing)
      timeline.push(w.breakStart, async () => {
        w.breakPending = true;
        if (!w.busy) await startBreak(w);
      });
  }
  if (staffing) {
    // The plan's half-hours: the first n windows serve, the others pause when their counter is free.
    for (let m = 8 * 60 + 30; m < 17 * 60 + 30; m += 30) {
      const slot = `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
      // After the 08:30 opening (same instant, pushed later: the timeline keeps the order).
      timeline.push(dayStart + m * MIN, async () => {
        const n = staffing.open(slot);
        for (const [k, w] of windows.entries()) {
          if (k < n) {
            w.planPausePending = false;
            if (w.paused) {
              await send(w.client, 'window:resume', { window: w.number });
              w.paused = false;
              await windowTurn(w);
            }
          } else if (!w.paused) {
            w.planPausePending = true;
            if (!w.busy) await planPause(w);
          }
        }
      });
    }
  }

  async function planPause(w: WindowAgent) {
    w.planPausePending = false;
    const r = await send(w.client, 'window:pause', { window: w.number, reason: 'other', note: '按排班暂停' });
    if (r.ok) w.paused = true;
  }

  async function startBreak(w: WindowAgent) {
    w.breakPending = false;
    const r = await send(w.client, 'window:pause', { window: w.number, reason: 'break' });
    if (!r.ok) return;
    w.paused = true;
    timeline.push(clock.now + 30 * MIN, async () => {
      await send(w.client, 'window:resume', { window: w.number });
      w.paused = false;
      await windowTurn(w);
    });
  }

  async function release(w: WindowAgent) {
    w.busy = false;
    w.turn++;
    if (w.breakPending) await startBreak(w);
    else if (w.planPausePending) await planPause(w);
    else timeline.push(clock.now, () => windowTurn(w));
  }

  /** An idle window: first a parked visitor who is back, else "call next". */
  async function windowTurn(w: WindowAgent): Promise<void> {
    if (w.busy || w.paused) return;
    const back = returnedParked.findIndex((v) => servesQueue(w, v.queueId));
    if (back >= 0) {
      const v = returnedParked.splice(back, 1)[0]!;
      const r = await send<{ ticket: TicketRecord }>(w.client, 'ticket:resume', { window: w.number, ticketId: v.ticketId });
      if (r.ok) return onCalled(w, v, true);
      returnedParked.push(v);
    }
    const r = await send<{ ticket: TicketRecord }>(w.client, 'ticket:call-next', { window: w.number }, ['QUEUE_EMPTY']);
    if (!r.ok) return;
    const v = byTicket.get(r.result.ticket.id);
    if (!v) {
      unexpected.push(`called unknown ticket ${r.result.ticket.id}`);
      return;
    }
    await onCalled(w, v, false);
  }

  async function onCalled(w: WindowAgent, v: Visitor, resumed: boolean) {
    w.busy = true;
    const turn = ++w.turn;
    v.phase = 'called';
    const ticketId = v.ticketId!;
    const still = () => w.turn === turn;
    if (v.noShow && !resumed) {
      v.noShow = false; // comes back, if at all, for the requeued call
      const grace = config.queueRules.noShow.graceSeconds * 1000;
      for (let k = 1; k < config.queueRules.recall.maxCalls; k++) {
        timeline.push(clock.now + (k * grace) / config.queueRules.recall.maxCalls, async () => {
          if (still()) await send(w.client, 'ticket:recall', { window: w.number, ticketId });
        });
      }
      timeline.push(clock.now + grace + 1000, async () => {
        if (!still()) return;
        const r = await send(w.client, 'ticket:no-show', { window: w.number, ticketId });
        if (!r.ok) return;
        v.phase = 'gone';
        await release(w);
        if (v.returnsAfterMs !== undefined) {
          timeline.push(clock.now + v.returnsAfterMs, async () => {
            // Back at the guide desk (导办台): the supervisor requeues once.
            const rq = await send(desk, 'ticket:requeue', { ticketId }, ['LIMIT_REACHED']);
            if (rq.ok) {
              v.phase = 'waiting';
              wake(v.queueId);
            }
          });
        }
      });
      return;
    }
    if (v.walkMs > 40_000) {
      timeline.push(clock.now + 40_000, async () => {
        if (still() && v.phase === 'called') await send(w.client, 'ticket:recall', { window: w.number, ticketId });
      });
    }
    timeline.push(clock.now + v.walkMs, async () => {
      if (!still()) return;
      await send(w.client, 'ticket:start', { window: w.number, ticketId });
      v.phase = 'serving';
      if (v.transfer) {
        const { afterMs, toQueueId } = v.transfer;
        v.transfer = undefined;
        timeline.push(clock.now + afterMs, async () => {
          if (!still()) return;
          await send(w.client, 'ticket:transfer', { window: w.number, ticketId, toQueueId, note: '转办测试' });
          v.queueId = toQueueId;
          v.serviceMs = Math.round(lognormal(random, QUEUE_MIX[toQueueId]!.minutes) * MIN);
          v.phase = 'waiting';
          await release(w);
          wake(toQueueId);
        });
        return;
      }
      if (v.park) {
        const { afterMs, awayMs } = v.park;
        v.park = undefined;
        v.serviceMs = Math.max(30_000, v.serviceMs - afterMs);
        timeline.push(clock.now + afterMs, async () => {
          if (!still()) return;
          await send(w.client, 'ticket:park', { window: w.number, ticketId, note: '回去取材料' });
          v.phase = 'parked';
          await release(w);
          timeline.push(clock.now + awayMs, async () => {
            returnedParked.push(v);
            wake(v.queueId);
          });
        });
        return;
      }
      timeline.push(clock.now + v.serviceMs, async () => {
        if (!still()) return;
        await send(w.client, 'ticket:complete', { window: w.number, ticketId });
        v.phase = 'gone';
        await release(w);
      });
    });
  }

  for (const v of visitors) {
    timeline.push(v.arrival, async () => {
      const kiosk = kiosks[v.n % kiosks.length]!;
      const r = await send<TicketReceipt>(kiosk, 'ticket:take', { queueId: v.queueId, ...(v.class === 'green' ? { greenChannel: v.reason } : {}) });
      if (!r.ok) return;
      v.ticketId = r.result.ticket.id;
      // What the kiosk's receipt said (the paper says the same): minutes, 0 for 即到即叫, none for 窗口暂未开放 / 暂无法估计.
      v.estimateMinutes = r.result.wait.kind === 'minutes' ? r.result.wait.minutes : r.result.wait.kind === 'now' ? 0 : undefined;
      v.waitKind = r.result.wait.kind;
      v.phase = 'waiting';
      byTicket.set(v.ticketId, v);
      if (v.patienceMs !== undefined) {
        timeline.push(clock.now + v.patienceMs, async () => {
          if (v.phase !== 'waiting') return;
          const c = await send(desk, 'ticket:cancel', { ticketId: v.ticketId, reason: 'visitor_left' }, ['ILLEGAL_TRANSITION']);
          if (c.ok) v.phase = 'gone';
        });
      }
      wake(v.queueId);
    });
  }

  // Bounded: every event is consumed once; a runaway loop stops at the cap or at 06:00 next day.
  const stopAt = at('08:00') + 22 * 60 * MIN;
  let steps = 0;
  while (timeline.size > 0 && steps++ < 400_000) {
    const next = timeline.pop()!;
    if (next.at > stopAt) {
      unexpected.push('simulation ran past 06:00 the next day');
      break;
    }
    clock.now = Math.max(clock.now, next.at);
    await next.run();
  }
  const endedAt = clock.now;
  for (const w of windows) await send(w.client, 'window:close', { window: w.number }, ['WINDOW_NOT_OPEN']);
  return {
    visitors,
    unexpected,
    commands,
    endedAt,
    close() {
      for (const c of clients) c.close();
    },
  };
}
