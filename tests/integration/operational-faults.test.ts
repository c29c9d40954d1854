/**
 * Operational faults (issue 11 item 12):
 *  - every handler is registered once per socket (/admin had the staff ticket
 *    handlers twice: one command ran two handlers);
 *  - an internal error answers a generic INTERNAL (a reference, never the raw
 *    message) and is logged with its context: namespace, event, actor,
 *    requestId, stack;
 *  - a fold that fails after an append halts the hall for writes: every later
 *    command is refused (STORAGE_UNAVAILABLE), /healthz answers 503 naming the
 *    event, until a restart folds the log again — from its first event when
 *    the checkpoint was the culprit.
 *
 * The fold failure is injected through a real seam: the checkpoint in the
 * hall's SQLite file is altered while the server is stopped (its state one
 * event behind the row it claims to be, as a faulty fold might have written
 * it). The decider accepts 办结 on that state — the ticket and the window it
 * asks the machines about are sound — and the fold then refuses the appended
 * event, which does not follow the state's last one: the server half-applies
 * nothing further. (A checkpoint whose window 5 is "idle" with a called ticket
 * at its counter no longer reaches the fold: the decider asks the window
 * machine too, and refuses the 办结.)
 */
import Database from 'better-sqlite3';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { join } from 'node:path';
import pino from 'pino';
import { Server } from 'socket.io';
import { io as ioClient } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Caller, type CommandServices } from '../../server/sockets/caller.ts';
import type { HallSocket } from '../../server/sockets/handshake.ts';
import { attachCommands, defineCommands, roleCommands } from '../../server/sockets/registry.ts';
import type { TicketRecord } from '../../state-machines/domain/ticket.ts';
import type { Ack, AckFn, TicketReceipt } from '../../state-machines/protocol/socket-events.ts';
import { CLERK_W5, DEMO_TOKENS, GUIDE, SUPERVISOR } from '../support/demo.ts';
import { freePort, spawnServer, type ChildServer } from '../support/child-server.ts';
import { connect, login, newRequestId, type Namespace } from '../support/hall-client.ts';
import { startTestServer, tempDataDir } from '../support/server.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('handlers', () => {
  it('registers every command once on every namespace (one command runs one handler)', async () => {
    const server = await startTestServer();
    cleanups.push(() => server.close());
    const tokens: Record<Namespace, string> = {
      '/kiosk': DEMO_TOKENS.kiosk,
      '/display': DEMO_TOKENS.display,
      '/window': (await login(server.url, CLERK_W5)).token!,
      '/admin': (await login(server.url, SUPERVISOR)).token!,
      '/guide': (await login(server.url, GUIDE)).token!,
    };
    for (const nsp of Object.keys(tokens) as Namespace[]) {
      const client = await connect(server.url, nsp, tokens[nsp]);
      cleanups.push(() => client.close());
      const socket = server.io.of(nsp).sockets.get(client.socket.id!) as unknown as HallSocket;
      const handled = [...socket.data.handled];
      expect(handled.length).toBeGreaterThan(0);
      const twice = handled.filter((event) => (socket as unknown as { listenerCount(e: string): number }).listenerCount(event) !== 1);
      expect(twice, `${nsp}: handlers registered more than once`).toEqual([]);
    }
  });

  it('a handler that throws answers a generic INTERNAL with a reference, and logs namespace, event, actor, requestId and stack', async () => {
    const lines: Record<string, unknown>[] = [];
    const log = pino(
      { base: undefined },
      new Writable({
        write(chunk: Buffer, _enc, done) {
          lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
          done();
        },
      }),
    );
    const http = createServer();
    const io = new Server(http);
    cleanups.push(() => new Promise<void>((ok) => void io.close(() => ok())));
    // A command table of its own (the registry takes any event map), whose one handler throws.
    interface BoomEvents {
      boom: (request: { requestId: string }, ack: AckFn<never>) => void;
    }
    const table = roleCommands<BoomEvents>()([
      defineCommands<BoomEvents>()({
        boom: {
          schema: z.strictObject({ requestId: z.string() }),
          cost: 'self-limited',
          run: () => {
            throw new Error('secret detail: table print_jobs is locked by pid 4242');
          },
        },
      }),
    ]);
    io.of('/test').on('connection', (s) => {
      const socket = s as unknown as HallSocket;
      socket.data.identity = { role: 'admin', actor: 'supervisor:9001' };
      attachCommands(socket, table, new Caller(socket, { log } as unknown as CommandServices));
    });
    await new Promise<void>((ok) => http.listen(0, '127.0.0.1', ok));
    const client = ioClient(`http://127.0.0.1:${(http.address() as AddressInfo).port}/test`, { transports: ['websocket'], forceNew: true });
    cleanups.push(() => client.close());
    const answer = (await client.timeout(5000).emitWithAck('boom', { requestId: 'req-12345678' })) as Ack<never>;
    expect(answer.ok).toBe(false);
    if (answer.ok) return;
    expect(answer.error.code).toBe('INTERNAL');
    expect(answer.error.message).toMatch(/^系统内部错误，请联系工作人员（编号 [0-9a-f]{8}）$/);
    expect(JSON.stringify(answer)).not.toContain('secret detail');
    const ref = /编号 ([0-9a-f]{8})/.exec(answer.error.message)?.[1];
    const logged = lines.find((l) => l.ref === ref);
    expect(logged).toMatchObject({ level: 50, namespace: '/test', event: 'boom', actor: 'supervisor:9001', requestId: 'req-12345678' });
    expect((logged?.err as { stack?: string } | undefined)?.stack).toContain('secret detail');
  });
});

describe('a fold that fails after an append', () => {
  it('halts the hall for writes (refusals, /healthz 503 naming the event, logged with context) until a restart folds the log again', async () => {
    const dataDir = tempDataDir();
    const port = await freePort();
    let server: ChildServer = await spawnServer(dataDir, port, { log: true });
    cleanups.push(() => server.kill9());
    const clerkToken = (await login(server.url, CLERK_W5)).token!;
    const open = async (nsp: Namespace, token: string) => {
      const c = await connect(server.url, nsp, token);
      cleanups.push(() => c.close());
      return c;
    };
    let kiosk = await open('/kiosk', DEMO_TOKENS.kiosk);
    let panel = await open('/window', clerkToken);
    const taken = await kiosk.request<TicketReceipt>('ticket:take', { requestId: newRequestId(), queueId: 'comprehensive' });
    expect((await panel.request('window:open', { requestId: newRequestId(), window: 5 })).ok).toBe(true);
    const called = await panel.request<{ ticket: TicketRecord }>('ticket:call-next', { requestId: newRequestId(), window: 5 });
    expect(taken.ok && called.ok && called.result.ticket.id === taken.result.ticket.id).toBe(true);
    const ticketId = called.ok ? called.result.ticket.id : '';
    kiosk.close();
    panel.close();

    // Stop (a checkpoint is written), then alter the checkpoint: its state one event behind the row it stands for.
    await server.stop();
    const db = new Database(join(dataDir, 'hall.sqlite'));
    const row = db.prepare('SELECT seq, state_version, state FROM checkpoints ORDER BY seq DESC LIMIT 1').get() as {
      seq: number;
      state_version: number;
      state: string;
    };
    const state = JSON.parse(row.state) as { seq: number; windows: Record<string, { status: string; current?: string }> };
    expect(state.windows['5']).toMatchObject({ status: 'calling', current: ticketId });
    expect(state.seq).toBe(row.seq);
    state.seq -= 1;
    db.prepare('UPDATE checkpoints SET state = ? WHERE seq = ? AND state_version = ?').run(JSON.stringify(state), row.seq, row.state_version);
    db.close();

    server = await spawnServer(dataDir, port, { log: true });
    kiosk = await open('/kiosk', DEMO_TOKENS.kiosk);
    panel = await open('/window', clerkToken);
    const completeId = newRequestId();
    const complete = await panel.request('ticket:complete', { requestId: completeId, window: 5, ticketId });
    expect(complete.ok ? 'ok' : complete.error.code).toBe('INTERNAL');
    if (!complete.ok) {
      expect(complete.error.message).toBe('系统内部错误，请联系工作人员');
      expect(JSON.stringify(complete.error)).not.toMatch(/event \d|cannot|RELEASE|Evolve/);
    }

    // Every later command is refused; nothing more is written.
    const take = await kiosk.request('ticket:take', { requestId: newRequestId(), queueId: 'comprehensive' });
    expect(take.ok ? 'ok' : take.error).toMatchObject({ code: 'STORAGE_UNAVAILABLE', message: '系统需要重新启动，暂停受理，请联系工作人员' });
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(503);
    const body = (await health.json()) as { storage: string; fault: string; lastSeq: number };
    const failedSeq = row.seq + 1;
    expect(body.storage).toBe('halted');
    expect(body.fault).toContain(`event ${failedSeq} (ticket.completed) could not be folded`);
    expect(body.fault).toContain('until the server is restarted');

    // Logged: who asked (socket layer) and why, with the stack (hall service).
    await new Promise((r) => setTimeout(r, 200));
    expect(server.log.find((l) => l.msg === 'internal error answered')).toMatchObject({
      level: 50,
      namespace: '/window',
      event: 'ticket:complete',
      actor: 'clerk:1009@5',
      requestId: completeId,
    });
    const fatal = server.log.find((l) => l.level === 60);
    expect(fatal).toMatchObject({ seq: failedSeq, eventType: 'ticket.completed' });
    expect((fatal?.err as { stack?: string } | undefined)?.stack).toContain('EvolveError');

    // A restart sets the bad checkpoint aside and folds the whole log: the 办结 that was written is there.
    await server.kill9();
    server = await spawnServer(dataDir, port, { log: true });
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect(server.log.some((l) => l.msg === 'checkpoint set aside: the whole log was folded from its first event')).toBe(true);
    const display = await open('/display', DEMO_TOKENS.display);
    expect(display.snapshot.state.tickets[ticketId]?.status).toBe('done');
    expect(display.snapshot.state.windows['5']?.status).toBe('idle');
    panel = await open('/window', clerkToken);
    const retry = await panel.request<{ ticket: TicketRecord }>('ticket:complete', { requestId: completeId, window: 5, ticketId });
    expect(retry.ok && retry.result.ticket.status).toBe('done'); // the first answer, from the log
    kiosk = await open('/kiosk', DEMO_TOKENS.kiosk);
    expect((await kiosk.request('ticket:take', { requestId: newRequestId(), queueId: 'comprehensive' })).ok).toBe(true);
  }, 120_000);
});
