/**
 * The command registry through the real server (issue 12 items 1 and 5):
 *  - every event of every role's table is answered — no silent event — and
 *    registered exactly once on each socket (the types make each table
 *    exactly its role's event map: tests/unit/command-registry-types.test.ts);
 *  - every command is logged with role, event, actor and requestId: accepted
 *    at debug with its seq, refused at info with its code; and whatever the
 *    command caused — a storage failure, a sign-in delay lifted, the ticket's
 *    print job minutes later — carries the same requestId;
 *  - a retried 预约签到 costs the kiosk nothing (it used to take a ticket token
 *    on every retry).
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { startHallServer } from '../../server/hall-server.ts';
import type { HallSocket } from '../../server/sockets/handshake.ts';
import { ROLE_COMMANDS } from '../../server/sockets/roles.ts';
import { localInstant } from '../../state-machines/domain/appointment.ts';
import type { Role } from '../../state-machines/protocol/socket-events.ts';
import { NAMESPACES, type Ack, type AppointmentReceipt, type TicketReceipt } from '../../state-machines/protocol/socket-events.ts';
import { DEMO_CONFIG_PATH, DEMO_TOKENS, SUPERVISOR, TEN_AM, CLERK_W5, GUIDE } from '../support/demo.ts';
import { connectRecording } from '../support/device-client.ts';
import { startDeviceHall } from '../support/device-hall.ts';
import { FakePrinter } from '../support/fake-printer.ts';
import { connect, login, newRequestId, until } from '../support/hall-client.ts';
import { startProtocolHall, startTestServer, tempDataDir } from '../support/server.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

type LogLine = Record<string, unknown> & { level: number; msg: string };

/** A log stream the test can read: every JSON line the server writes. */
function logLines() {
  const lines: LogLine[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n')) if (line.trim()) lines.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  return { lines, stream };
}

describe('every event of every role', () => {
  it('is answered (a malformed payload gets BAD_REQUEST, never silence) and registered exactly once; an event of another role is FORBIDDEN', async () => {
    const server = await startTestServer();
    cleanups.push(() => server.close());
    const tokens: Record<Role, string> = {
      kiosk: DEMO_TOKENS.kiosk,
      display: DEMO_TOKENS.display,
      window: (await login(server.url, CLERK_W5)).token!,
      admin: (await login(server.url, SUPERVISOR)).token!,
      guide: (await login(server.url, GUIDE)).token!,
    };
    for (const role of Object.keys(NAMESPACES) as Role[]) {
      const client = await connect(server.url, NAMESPACES[role], tokens[role]);
      cleanups.push(() => client.close());
      const events = Object.keys(ROLE_COMMANDS[role]);
      const socket = server.io.of(NAMESPACES[role]).sockets.get(client.socket.id!) as unknown as HallSocket & { listenerCount(e: string): number };
      expect([...socket.data.handled].sort(), role).toEqual([...events].sort());
      for (const event of events) {
        expect(socket.listenerCount(event), `${role} ${event}`).toBe(1);
        const answer = await client.request<never>(event, null);
        expect(answer.ok ? 'ok' : answer.error.code, `${role} ${event}`).toBe('BAD_REQUEST');
      }
      const foreign = role === 'kiosk' ? 'ticket:call-next' : 'ticket:take';
      const refused = await client.request<never>(foreign, { requestId: newRequestId(), window: 5, queueId: 'comprehensive' });
      expect(refused.ok ? 'ok' : refused.error.code, `${role} ${foreign}`).toBe('FORBIDDEN');
    }
  });
});

describe('the socket log', () => {
  it('logs each command with role, event, actor and requestId (accepted: debug with seq; refused: info with code), and puts the requestId on what the command caused', async () => {
    const { lines, stream } = logLines();
    const dataDir = tempDataDir();
    const server = await startHallServer({ port: 0, host: '127.0.0.1', configPath: DEMO_CONFIG_PATH, dataDir, logLevel: 'debug', logStream: stream });
    cleanups.push(() => server.close());
    const kiosk = await connect(server.url, '/kiosk', DEMO_TOKENS.kiosk);
    cleanups.push(() => kiosk.close());
    const take = (requestId: string, queueId = 'comprehensive') => kiosk.request<TicketReceipt>('ticket:take', { requestId, queueId });

    const accepted = newRequestId();
    const taken = await take(accepted);
    if (!taken.ok) throw new Error(taken.error.message);
    expect(lines.find((l) => l.requestId === accepted && l.msg === 'command')).toMatchObject({
      level: 20,
      part: 'sockets',
      role: 'kiosk',
      namespace: '/kiosk',
      event: 'ticket:take',
      actor: 'kiosk:kiosk-1f-1',
      seq: taken.seq,
    });

    const unknownQueue = newRequestId();
    expect(await take(unknownQueue, 'no-such-queue')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(lines.find((l) => l.requestId === unknownQueue)).toMatchObject({ level: 30, msg: 'command refused', event: 'ticket:take', code: 'NOT_FOUND' });
    const malformed = newRequestId();
    await kiosk.request('ticket:take', { requestId: malformed, queueId: 42 });
    expect(lines.find((l) => l.requestId === malformed)).toMatchObject({ level: 30, msg: 'command refused', code: 'BAD_REQUEST', field: 'queueId' });

    // Caused by a command: the log cannot be written (another program holds it)…
    const other = new Database(join(dataDir, 'hall.sqlite'));
    other.exec('BEGIN EXCLUSIVE');
    const locked = newRequestId();
    const refused = await take(locked);
    other.exec('ROLLBACK');
    other.close();
    expect(refused.ok ? 'ok' : refused.error.code).toBe('STORAGE_UNAVAILABLE');
    expect(lines.find((l) => l.msg.startsWith('cannot write the event log'))).toMatchObject({
      level: 50,
      requestId: locked,
      actor: 'kiosk:kiosk-1f-1',
      event: 'ticket:take',
    });

    // …and a supervisor lifting an address's sign-in delay (logged by the sign-in guard, part "sign-in").
    const desk = await connect(server.url, '/admin', (await login(server.url, SUPERVISOR)).token);
    cleanups.push(() => desk.close());
    const unblock = newRequestId();
    expect((await desk.request('signin:unblock', { requestId: unblock, address: '10.0.0.9' })).ok).toBe(true);
    expect(lines.find((l) => l.msg === 'sign-in delay lifted by a supervisor')).toMatchObject({
      part: 'sign-in',
      requestId: unblock,
      actor: 'supervisor:9001',
      address: '10.0.0.9',
    });
    // Lines outside any command carry none.
    expect(lines.find((l) => l.msg === 'hall server listening')?.requestId).toBeUndefined();
  });

  it("puts the take's requestId on its ticket's print job line, written after the command has returned", async () => {
    const { lines, stream } = logLines();
    const printer = await new FakePrinter().start();
    cleanups.push(() => printer.stop());
    const server = await startDeviceHall({ printerPort: printer.port, logLevel: 'info', logStream: stream });
    cleanups.push(() => server.close());
    const kiosk = await connectRecording(server.url, '/kiosk', DEMO_TOKENS.kiosk);
    cleanups.push(() => kiosk.close());
    await kiosk.until((e) => e.printer.some((p) => p?.status === 'online'));
    const requestId = newRequestId();
    const taken = await kiosk.request<TicketReceipt>('ticket:take', { requestId, queueId: 'comprehensive' });
    if (!taken.ok) throw new Error(taken.error.message);
    await kiosk.until((e) => e.jobs.some((j) => j.ticketId === taken.result.ticket.id));
    await until(() => lines.some((l) => l.msg === 'print job'));
    expect(lines.find((l) => l.msg === 'print job')).toMatchObject({
      part: 'devices',
      status: 'printed',
      requestId,
      actor: 'kiosk:kiosk-1f-1',
      event: 'ticket:take',
    });
  });
});

describe('limits through the registry', () => {
  it('a retried 预约签到 (same requestId) costs the kiosk nothing: its ticket rate is what one check-in took', async () => {
    const { s, clock, open } = await startProtocolHall(cleanups, TEN_AM);
    const slot = localInstant('2026-11-23', '10:30', 'Asia/Shanghai');
    const kiosk = await open('/kiosk', DEMO_TOKENS.kiosk);
    const booked = await kiosk.request<AppointmentReceipt>('appointment:book', {
      requestId: newRequestId(),
      queueId: 'real-estate',
      slotStart: slot,
      name: '张三丰',
      phone: '13812341234',
    });
    if (!booked.ok) throw new Error(booked.error.message);
    clock.now = slot + 5 * 60_000;
    const checkIn = { requestId: newRequestId(), code: booked.result.appointment.code };
    const answers: Ack<unknown>[] = [];
    for (let i = 0; i < 6; i++) answers.push(await kiosk.request('appointment:check-in', checkIn));
    expect(answers.map((a) => a.ok)).toEqual([true, true, true, true, true, true]);
    // The burst is 6 tickets; the check-in was one of them, its five retries none.
    const burst = s.hall.config.limits.kioskTicketBurst;
    const takes: string[] = [];
    for (let i = 0; i < burst; i++) {
      const t = await kiosk.request<TicketReceipt>('ticket:take', { requestId: newRequestId(), queueId: 'comprehensive' });
      takes.push(t.ok ? 'ok' : t.error.code);
    }
    expect(takes).toEqual([...Array<string>(burst - 1).fill('ok'), 'RATE_LIMITED']);
  });
});
