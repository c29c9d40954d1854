/**
 * Crash test: a steady stream of every kind of command (take, call, recall,
 * start, complete, 过号, 过号重排, 转办, 挂起/恢复, 作废, 绿色通道, pause/resume)
 * from a kiosk, two window panels and the supervisor desk, while the server
 * is SIGKILLed at seeded random moments and restarted on the same port.
 * Afterwards: every acknowledged command is in the log at the seq its ack
 * named, the hash chain verifies, and clients that reconnected by themselves
 * hold exactly the server's state.
 */
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { TicketRecord } from '../../state-machines/domain/ticket.ts';
import type { HallState } from '../../state-machines/hall/state.ts';
import type { Ack } from '../../state-machines/protocol/socket-events.ts';
import { DEMO_TOKENS } from '../support/demo.ts';
import { freePort, spawnServer, type ChildServer } from '../support/child-server.ts';
import { seededRandom } from '../support/day-simulation.ts';
import { connect, login, newRequestId, until } from '../support/hall-client.ts';
import { liveClient, type LiveClient } from '../support/live-client.ts';
import { demoHallVariant, tempDataDir } from '../support/server.ts';

const KILLS = 4;
const SEED = 977;

const cleanups: (() => unknown)[] = [];
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface Acked {
  seq: number;
  event: string;
  ticketId?: string | undefined;
}

/** Which event each command must have produced. */
const PRODUCES: Record<string, string> = {
  'ticket:take': 'ticket.issued',
  'window:open': 'window.opened',
  'window:pause': 'window.paused',
  'window:resume': 'window.resumed',
  'ticket:call-next': 'ticket.called',
  'ticket:recall': 'ticket.recalled',
  'ticket:start': 'ticket.serving_started',
  'ticket:complete': 'ticket.completed',
  'ticket:no-show': 'ticket.no_show',
  'ticket:transfer': 'ticket.transferred',
  'ticket:park': 'ticket.parked',
  'ticket:resume': 'ticket.resumed',
  'ticket:cancel': 'ticket.cancelled',
  'ticket:requeue': 'ticket.requeued',
  'ticket:prioritise': 'ticket.prioritised',
};

describe('SIGKILL under a stream of every command', () => {
  it('loses no acknowledged command, keeps the chain, and reconnecting clients converge', async () => {
    const random = seededRandom(SEED);
    const configPath = demoHallVariant((hall) => {
      hall.queueRules = { noShow: { graceSeconds: 0 } };
      hall.limits = {
        kioskTicketsPerMinute: 600,
        kioskTicketBurst: 100,
        kioskTicketsPerHour: 100_000,
        staffCommandsPerMinute: 100_000,
        staffCommandBurst: 10_000,
      };
    });
    const dataDir = tempDataDir();
    const port = await freePort();
    let server: ChildServer = await spawnServer(dataDir, port, { configPath });
    cleanups.push(() => server.kill9());
    const token = async (body: Record<string, unknown>) => (await login(server.url, body)).token!;
    const sessions = {
      w5: await token({ staffId: '1009', pin: '123456', window: 5 }),
      w6: await token({ staffId: '1011', pin: '123456', window: 6 }),
      desk: await token({ staffId: '9001', pin: '123456' }),
    };
    const kiosk = liveClient(server.url, '/kiosk', DEMO_TOKENS.kiosk);
    const panels = [
      { window: 5, client: liveClient(server.url, '/window', sessions.w5) },
      { window: 6, client: liveClient(server.url, '/window', sessions.w6) },
    ];
    const desk = liveClient(server.url, '/admin', sessions.desk);
    const display = liveClient(server.url, '/display', DEMO_TOKENS.display);
    const all: LiveClient[] = [kiosk, ...panels.map((p) => p.client), desk, display];
    cleanups.push(() => {
      for (const c of all) c.close();
    });
    await until(() => all.every((c) => c.sync.current !== undefined), 10_000);

    const acked: Acked[] = [];
    let sent = 0;
    async function send(client: LiveClient, event: string, payload: Record<string, unknown>): Promise<Ack<{ ticket?: TicketRecord }> | undefined> {
      sent++;
      const answer = await client.request<{ ticket?: TicketRecord }>(event, { requestId: newRequestId(), ...payload });
      if (answer?.ok) acked.push({ seq: answer.seq, event: PRODUCES[event] ?? event, ticketId: answer.result?.ticket?.id });
      return answer;
    }
    const pick = <T>(xs: readonly T[]): T | undefined => xs[Math.floor(random() * xs.length)];
    const state = (c: LiveClient): HallState | undefined => (c.socket.connected ? c.sync.current?.state : undefined);
    const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

    let running = true;
    const kioskWorker = async () => {
      const queues = ['comprehensive', 'enterprise', 'real-estate', 'tax', 'police'];
      while (running) {
        await send(kiosk, 'ticket:take', { queueId: pick(queues), ...(random() < 0.1 ? { greenChannel: 'elderly' } : {}) });
        await pause(5);
      }
    };
    const panelWorker = async ({ window, client }: (typeof panels)[number]) => {
      while (running) {
        const s = state(client);
        const rec = s?.windows[String(window)];
        if (!s || !rec) {
          await pause(20);
          continue;
        }
        const current = rec.current ? s.tickets[rec.current] : undefined;
        const at = { window };
        const r = random();
        if (rec.status === 'closed') await send(client, 'window:open', at);
        else if (rec.status === 'paused') await send(client, 'window:resume', at);
        else if (rec.status === 'idle') {
          const parked = Object.values(s.tickets).find((t) => t.status === 'parked');
          if (r < 0.04) await send(client, 'window:pause', { ...at, reason: 'break' });
          else if (r < 0.15 && parked) await send(client, 'ticket:resume', { ...at, ticketId: parked.id });
          else await send(client, 'ticket:call-next', at);
        } else if (current && rec.status === 'calling') {
          const t = { ...at, ticketId: current.id };
          if (r < 0.15) await send(client, 'ticket:recall', t);
          else if (r < 0.55) await send(client, 'ticket:start', t);
          else if (r < 0.7) await send(client, 'ticket:no-show', t);
          else if (r < 0.8) await send(client, 'ticket:park', { ...t, note: '取材料' });
          else if (r < 0.9) await send(client, 'ticket:transfer', { ...t, toQueueId: current.queueId === 'tax' ? 'enterprise' : 'tax', note: '转办' });
          else await send(client, 'ticket:cancel', { ...t, reason: 'wrong_item' });
        } else if (current && rec.status === 'serving') {
          const t = { ...at, ticketId: current.id };
          if (r < 0.7) await send(client, 'ticket:complete', t);
          else if (r < 0.8) await send(client, 'ticket:park', t);
          else if (r < 0.9) await send(client, 'ticket:transfer', { ...t, toWindow: window === 5 ? 6 : 5 });
          else await send(client, 'ticket:cancel', { ...t, reason: 'visitor_request' });
        } else await pause(10);
        await pause(2);
      }
    };
    const deskWorker = async () => {
      while (running) {
        const s = state(desk);
        if (s) {
          const tickets = Object.values(s.tickets);
          const noShow = pick(tickets.filter((t) => t.status === 'no_show' && t.requeues === 0));
          const walkIn = pick(tickets.filter((t) => t.status === 'waiting' && t.class === 'walk_in'));
          if (noShow && random() < 0.6) await send(desk, 'ticket:requeue', { ticketId: noShow.id });
          else if (walkIn && random() < 0.5) await send(desk, 'ticket:prioritise', { ticketId: walkIn.id, reason: 'urgent' });
          else if (walkIn) await send(desk, 'ticket:cancel', { ticketId: walkIn.id, reason: 'visitor_left' });
        }
        await pause(25);
      }
    };
    const workers = [kioskWorker(), ...panels.map(panelWorker), deskWorker()];

    for (let k = 0; k < KILLS; k++) {
      await pause(400 + Math.floor(random() * 800));
      await server.kill9(); // commands are in flight right now
      server = await spawnServer(dataDir, port, { configPath });
      await until(() => all.every((c) => c.socket.connected), 15_000);
    }
    await pause(500);
    running = false;
    await Promise.all(workers);

    // Every acknowledged command is in the log, at its seq, as the event it must have produced.
    const fresh = await connect(server.url, '/admin', sessions.desk);
    const serverState = fresh.snapshot.state;
    fresh.close();
    await server.kill9();
    const db = new Database(join(dataDir, 'hall.sqlite'), { readonly: true });
    const rows = db.prepare('SELECT seq, payload FROM events ORDER BY seq').all() as { seq: number; payload: string }[];
    db.close();
    const bySeq = new Map(rows.map((r) => [r.seq, JSON.parse(r.payload) as { type: string; ticketId?: string }]));
    const missing = acked.filter((a) => {
      const e = bySeq.get(a.seq);
      return !e || e.type !== a.event || (a.ticketId !== undefined && e.ticketId !== a.ticketId);
    });
    expect(missing).toEqual([]);
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
    const kinds = new Set(acked.map((a) => a.event));
    console.log(
      `crash test: ${KILLS} kills, ${sent} commands sent, ${acked.length} acknowledged, ${rows.length} events; kinds: ${[...kinds].sort().join(' ')}`,
    );
    for (const kind of ['ticket.issued', 'ticket.called', 'ticket.completed', 'ticket.transferred', 'ticket.parked', 'ticket.no_show', 'ticket.cancelled']) {
      expect(kinds).toContain(kind);
    }

    const verify = spawnSync('npm', ['run', '--silent', 'verify-log', '--', '--data', dataDir], { encoding: 'utf8' });
    expect(verify.status, verify.stderr).toBe(0);

    // Clients that reconnected on their own hold the server's state (public projection for the display).
    server = await spawnServer(dataDir, port, { configPath });
    await until(() => all.every((c) => c.socket.connected && c.sync.current?.state.seq === rows.length), 15_000);
    const staffView = JSON.parse(JSON.stringify(desk.sync.current?.state)) as HallState;
    expect(staffView).toEqual(JSON.parse(JSON.stringify(serverState)));
    const displayView = display.sync.current!.state;
    expect(Object.keys(displayView.tickets).sort()).toEqual(Object.keys(serverState.tickets).sort());
    for (const [id, t] of Object.entries(serverState.tickets)) expect(displayView.tickets[id]?.status).toBe(t.status);
  }, 180_000);
});
