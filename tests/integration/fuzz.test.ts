/**
 * Hostile input, seeded and bounded: thousands of malformed, oversized,
 * wrong-type and out-of-place payloads to every namespace and REST endpoint.
 * Every payload is checked locally against the protocol schema first and only
 * invalid ones are sent, so the hall must refuse each with a typed error — and
 * afterwards its state, its log and its health are exactly as before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { RunningHallServer } from '../../server/hall-server.ts';
import { ERROR_CODES } from '../../state-machines/protocol/errors.ts';
import * as messages from '../../state-machines/protocol/messages.ts';
import { DEMO_TOKENS } from '../support/demo.ts';
import { seededRandom } from '../support/day-simulation.ts';
import { connect, login, newRequestId, type Namespace, type TestClient } from '../support/hall-client.ts';
import { startTestServer } from '../support/server.ts';
import { PROTOTYPE_NAMES } from '../support/prototype-names.ts';

const SEED = 4242;
const SOCKET_PAYLOADS = 3000;
const REST_REQUESTS = 400;

const SCHEMAS: Record<string, z.ZodType> = {
  'ticket:take': messages.takeTicketRequest,
  'window:open': messages.windowCommandRequest,
  'window:close': messages.windowCommandRequest,
  'window:resume': messages.windowCommandRequest,
  'window:pause': messages.pauseWindowRequest,
  'ticket:call-next': messages.windowCommandRequest,
  'ticket:call-number': messages.ticketActionRequest,
  'ticket:recall': messages.ticketActionRequest,
  'ticket:start': messages.ticketActionRequest,
  'ticket:complete': messages.ticketActionRequest,
  'ticket:no-show': messages.ticketActionRequest,
  'ticket:resume': messages.ticketActionRequest,
  'ticket:transfer': messages.transferTicketRequest,
  'ticket:park': messages.parkTicketRequest,
  'ticket:requeue': messages.requeueTicketRequest,
  'ticket:cancel': messages.cancelTicketRequest,
  'ticket:prioritise': messages.prioritiseTicketRequest,
  'post:take-over': messages.windowCommandRequest,
  'post:assign': messages.assignPostRequest,
  'sync:since': messages.syncSinceRequest,
  'pairing:lookup': messages.pairingLookupRequest,
  'pairing:approve': messages.pairingApproveRequest,
  'device:revoke': messages.credentialRevokeRequest,
  'signin:unblock': messages.unblockAddressRequest,
  'guide:help': messages.guideHelpRequest,
  'guide:take-ticket': messages.guideTakeTicketRequest,
  'complaint:file': messages.fileComplaintRequest,
};
const ADMIN_ONLY = ['pairing:lookup', 'pairing:approve', 'device:revoke', 'signin:unblock'];
const GUIDE_ONLY = ['guide:help', 'guide:take-ticket', 'complaint:file'];
/** Mostly the namespace's own events (so the payload checks are what gets exercised), sometimes anything. */
const OWN_EVENTS: Record<Namespace, string[]> = {
  '/kiosk': ['ticket:take', 'sync:since'],
  '/display': ['sync:since'],
  '/window': Object.keys(SCHEMAS).filter((e) => e !== 'ticket:take' && e !== 'post:assign' && !ADMIN_ONLY.includes(e) && !GUIDE_ONLY.includes(e)),
  '/admin': [
    'ticket:requeue',
    'ticket:cancel',
    'ticket:prioritise',
    'post:assign',
    'sync:since',
    'pairing:lookup',
    'pairing:approve',
    'device:revoke',
    'signin:unblock',
  ],
  '/guide': ['guide:help', 'guide:take-ticket', 'complaint:file', 'sync:since'],
};
const EVENTS = [...Object.keys(SCHEMAS), 'hall:snapshot', 'hall:event', 'constructor', '__proto__', 'ticket:take ', 'admin:shutdown'];

/** A valid-looking starting point to mutate. */
const BASE: Record<string, unknown> = {
  requestId: 'abcdefgh-1234',
  window: 5,
  queueId: 'comprehensive',
  ticketId: '2026-11-21/A001',
  reason: 'break',
  toQueueId: 'tax',
  lastSeq: 0,
};

let server: RunningHallServer;
const clients = new Map<Namespace, TestClient>();
let tokens: Record<Namespace, string>;

beforeAll(async () => {
  server = await startTestServer();
  tokens = {
    '/kiosk': DEMO_TOKENS.kiosk,
    '/display': DEMO_TOKENS.display,
    '/window': (await login(server.url, { staffId: '1009', pin: '123456', window: 5 })).token!,
    '/admin': (await login(server.url, { staffId: '9001', pin: '123456' })).token!,
    '/guide': (await login(server.url, { staffId: '8001', pin: '123456' })).token!,
  };
  for (const nsp of Object.keys(tokens) as Namespace[]) clients.set(nsp, await connect(server.url, nsp, tokens[nsp]));
});
afterAll(async () => {
  for (const c of clients.values()) c.close();
  await server.close();
});

function garbage(random: () => number, depth = 0): unknown {
  const pick = Math.floor(random() * 14);
  switch (pick) {
    case 0:
      return null;
    case 1:
      return undefined;
    case 2:
      return Math.floor(random() * 2e9) - 1e9;
    case 3:
      return random() * 1e308 * (random() < 0.5 ? -1 : 1);
    case 4:
      return '';
    case 5:
      return 'x'.repeat(Math.floor(random() * 5000));
    case 6:
      return `\u0000\u202e<script>alert(1)</script>${String.fromCharCode(Math.floor(random() * 0xffff))}`;
    case 7:
      return random() < 0.5;
    case 8:
      return depth > 3 ? [] : Array.from({ length: Math.floor(random() * 5) }, () => garbage(random, depth + 1));
    case 9:
      return depth > 3 ? {} : { nested: garbage(random, depth + 1), __proto__: { polluted: true } };
    case 10:
      return '2026-11-21/A001';
    case 11:
      return -1;
    case 12:
      return 1e6;
    default:
      return 'comprehensive';
  }
}

function mutate(random: () => number): unknown {
  const r = random();
  if (r < 0.1) return garbage(random);
  const payload: Record<string, unknown> = { ...BASE };
  const keys = Object.keys(payload);
  const changes = 1 + Math.floor(random() * 3);
  for (let i = 0; i < changes; i++) {
    const key = keys[Math.floor(random() * keys.length)]!;
    const how = random();
    if (how < 0.3) delete payload[key];
    else if (how < 0.8) payload[key] = garbage(random);
    else payload[`extra${Math.floor(random() * 100)}`] = garbage(random);
  }
  if (random() < 0.05) payload.requestId = 'r'.repeat(65);
  return payload;
}

/**
 * Every command that carries an id, with a well-formed payload around it: each
 * id field in turn is replaced by a name every plain object answers to.
 */
const T = '2026-11-21/A001';
const ID_COMMANDS: [Namespace, string, Record<string, unknown>, string[]][] = [
  ['/kiosk', 'ticket:take', { queueId: 'comprehensive', itemId: 'company-registration' }, ['queueId', 'itemId']],
  ['/kiosk', 'appointment:slots', { queueId: 'real-estate' }, ['queueId']],
  [
    '/kiosk',
    'appointment:book',
    { queueId: 'real-estate', itemId: 'company-registration', slotStart: 1, name: '张三', phone: '13800000000' },
    ['queueId', 'itemId'],
  ],
  ['/kiosk', 'appointment:check-in', { code: '12345678' }, ['code']],
  ['/kiosk', 'appointment:cancel', { code: '12345678' }, ['code']],
  ['/kiosk', 'print:materials', { itemId: 'company-registration' }, ['itemId']],
  ['/kiosk', 'print:job-status', { ticketId: T }, ['ticketId']],
  ...['ticket:call-number', 'ticket:recall', 'ticket:start', 'ticket:complete', 'ticket:no-show', 'ticket:resume', 'ticket:park'].map(
    (event) => ['/window', event, { window: 5, ticketId: T }, ['ticketId']] as [Namespace, string, Record<string, unknown>, string[]],
  ),
  ['/window', 'ticket:transfer', { window: 5, ticketId: T, toQueueId: 'tax' }, ['ticketId', 'toQueueId']],
  ['/window', 'ticket:requeue', { window: 5, ticketId: T }, ['ticketId']],
  ['/window', 'ticket:cancel', { window: 5, ticketId: T, reason: 'other' }, ['ticketId']],
  ['/window', 'ticket:prioritise', { window: 5, ticketId: T, reason: 'elderly' }, ['ticketId']],
  ['/window', 'appointment:slots', { queueId: 'real-estate' }, ['queueId']],
  ['/window', 'appointment:book', { queueId: 'comprehensive', slotStart: 1, name: '张三', phone: '13800000000' }, ['queueId']],
  ['/window', 'appointment:cancel', { appointmentId: 'appt-1', reason: 'other' }, ['appointmentId']],
  ['/admin', 'ticket:requeue', { ticketId: T }, ['ticketId']],
  ['/admin', 'ticket:cancel', { ticketId: T, reason: 'other' }, ['ticketId']],
  ['/admin', 'ticket:prioritise', { ticketId: T, reason: 'elderly' }, ['ticketId']],
  ['/admin', 'post:assign', { window: 5, post: 'b', clerkId: '1010' }, ['clerkId']],
  ['/admin', 'appointment:slots', { queueId: 'real-estate' }, ['queueId']],
  ['/admin', 'appointment:book', { queueId: 'real-estate', slotStart: 1, name: '张三', phone: '13800000000' }, ['queueId']],
  ['/admin', 'appointment:cancel', { appointmentId: 'appt-1', reason: 'other' }, ['appointmentId']],
];

describe('hostile input', () => {
  it('refuses prototype names (__proto__, constructor, toString, …) in every id field of every command with a typed error, and changes nothing', async () => {
    const panel = clients.get('/window')!;
    await panel.request('window:open', { requestId: newRequestId(), window: 5 }); // so counter commands get as far as the ticket
    const seq = server.hall.seq;
    const state = JSON.stringify(server.hall.state);
    let sent = 0;
    for (const [nsp, event, base, fields] of ID_COMMANDS) {
      for (const field of fields) {
        for (const name of PROTOTYPE_NAMES) {
          const payload = { ...(event.startsWith('print:job') || event === 'appointment:slots' ? {} : { requestId: newRequestId() }), ...base, [field]: name };
          const answer = await clients.get(nsp)!.request(event, payload);
          sent++;
          expect(answer.ok, `${nsp} ${event} ${field}=${name}`).toBe(false);
          if (answer.ok) continue;
          expect(ERROR_CODES).toContain(answer.error.code);
          expect(answer.error.code, `${nsp} ${event} ${field}=${name}: ${answer.error.messageEn}`).not.toBe('INTERNAL');
          expect(answer.error.message).not.toMatch(/undefined|已取消/);
        }
      }
    }
    expect(sent).toBeGreaterThan(250);
    expect(server.hall.seq).toBe(seq);
    expect(JSON.stringify(server.hall.state)).toBe(state);
    for (const path of [
      '/api/appointments/__proto__',
      '/api/appointments/constructor',
      '/api/appointments/slots?queueId=__proto__',
      '/t/__proto__/A001',
      '/t/2026-11-21/constructor',
    ]) {
      const res = await fetch(`${server.url}${path}`, {
        method: path.includes('slots') || path.startsWith('/t/') ? 'GET' : 'DELETE',
        headers: { authorization: 'Bearer demo-channel-zwfw-online-token' },
      });
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.status, path).toBeLessThan(500);
      await res.arrayBuffer();
    }
    expect(server.hall.seq).toBe(seq);
  }, 120_000);

  it('answers every malformed socket payload with a typed error and changes nothing', async () => {
    const random = seededRandom(SEED);
    const seq = server.hall.seq;
    const namespaces = [...clients.keys()];
    let sent = 0;
    let answered = 0;
    let skippedValid = 0;
    const codes = new Map<string, number>();
    for (let i = 0; i < SOCKET_PAYLOADS; i++) {
      const nsp = namespaces[Math.floor(random() * namespaces.length)]!;
      const pool = random() < 0.7 ? OWN_EVENTS[nsp] : EVENTS;
      const event = pool[Math.floor(random() * pool.length)]!;
      const payload = mutate(random);
      const schema = Object.hasOwn(SCHEMAS, event) ? SCHEMAS[event] : undefined;
      if (schema?.safeParse(payload).success) {
        skippedValid++;
        continue;
      }
      let client = clients.get(nsp)!;
      if (!client.socket.connected) {
        client = await connect(server.url, nsp, tokens[nsp]);
        clients.set(nsp, client);
      }
      sent++;
      if (random() < 0.05) {
        client.socket.emit(event, payload); // no ack: must not crash anything
        continue;
      }
      const answer = await client.request(event, payload);
      answered++;
      expect(answer.ok).toBe(false);
      if (answer.ok) continue;
      expect(ERROR_CODES).toContain(answer.error.code);
      expect(answer.error.message.length).toBeGreaterThan(0);
      expect(answer.error.messageEn.length).toBeGreaterThan(0);
      codes.set(answer.error.code, (codes.get(answer.error.code) ?? 0) + 1);
    }
    // Oversized frames: Socket.IO drops the connection; the server stays up.
    const big = clients.get('/kiosk')!;
    big.socket.emit('ticket:take', { requestId: newRequestId(), queueId: 'x'.repeat(100_000) });
    await new Promise((r) => setTimeout(r, 200));

    expect(server.hall.seq).toBe(seq);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const fresh = await connect(server.url, '/display', DEMO_TOKENS.display);
    expect(fresh.snapshot.seq).toBe(seq);
    fresh.close();
    console.log(
      `fuzz: ${sent} malformed payloads sent (${answered} with ack), ${skippedValid} valid ones skipped; codes ${JSON.stringify(Object.fromEntries(codes))}`,
    );
    expect(answered).toBeGreaterThan(SOCKET_PAYLOADS / 2);
  }, 120_000);

  it('answers malformed REST requests with clear errors and stays up', async () => {
    const random = seededRandom(SEED + 1);
    const seq = server.hall.seq;
    const paths = [
      '/api/session',
      '/api/pairings',
      '/api/pairings/abcdefgh1234',
      '/api/hall',
      '/healthz',
      '/photos/..%2f..%2fetc%2fpasswd',
      '/photos/%00.svg',
      '/kiosk/../../package.json',
      '/nope',
      '/window-panel',
    ];
    for (let i = 0; i < REST_REQUESTS; i++) {
      const method = ['GET', 'POST', 'DELETE', 'PUT'][Math.floor(random() * 4)]!;
      const path = paths[Math.floor(random() * paths.length)]!;
      const kind = random();
      const body =
        method === 'GET' || method === 'DELETE'
          ? undefined
          : kind < 0.3
            ? '{not json'
            : kind < 0.35
              ? JSON.stringify({ staffId: '1009', pin: 'x'.repeat(20_000) })
              : JSON.stringify({ staffId: garbage(random), pin: random() < 0.5 ? '000000' : garbage(random), window: garbage(random) });
      const res = await fetch(`${server.url}${path}`, {
        method,
        headers: {
          'content-type': random() < 0.9 ? 'application/json' : 'text/plain',
          authorization: `Bearer ${Buffer.from(String(garbage(random)))
            .toString('base64')
            .slice(0, 200)}`,
        },
        body,
        redirect: 'manual',
      });
      expect(res.status).toBeLessThan(500);
      if ((path === '/api/session' || path.startsWith('/api/pairings')) && method !== 'GET' && res.status >= 400) {
        const json = (await res.json()) as { error?: { code?: string } };
        expect(ERROR_CODES).toContain(json.error?.code);
      } else {
        await res.arrayBuffer();
      }
      if (path.includes('passwd') || path.includes('package.json')) expect(res.status).not.toBe(200);
    }
    expect(server.hall.seq).toBe(seq);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  }, 120_000);
});
