/**
 * Who may do what, table-driven over the real server: every client action
 * tried by every role (kiosk, display, the clerk of window 3 acting on window
 * 5, the clerk of window 5, the supervisor, no token, an expired session).
 * "allow" means the server did not refuse on identity (the hall may still
 * refuse on the rules, e.g. QUEUE_EMPTY); "deny" means FORBIDDEN and nothing
 * changed. Also: PIN guessing delays, kiosk rate limit, security headers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHallServer } from '../../server/hall-server.ts';
import { DEMO_TOKENS, demoConfig, TEN_AM } from '../support/demo.ts';
import { connect, login, newRequestId, type Namespace, type TestClient } from '../support/hall-client.ts';
import { startTestServer } from '../support/server.ts';

type Who = 'kiosk' | 'display' | 'clerkW3' | 'clerkW5' | 'supervisor';
/** Well-formed (YYYY-MM-DD/A013) but issued to nobody. */
const T = '2026-11-21/Z999';

/** Each action with a payload aimed at window 5. */
const ACTIONS: Record<string, Record<string, unknown>> = {
  'ticket:take': { queueId: 'comprehensive' },
  'window:open': { window: 5 },
  'window:close': { window: 5 },
  'window:pause': { window: 5, reason: 'break' },
  'window:resume': { window: 5 },
  'ticket:call-next': { window: 5 },
  'ticket:call-number': { window: 5, ticketId: T },
  'ticket:recall': { window: 5, ticketId: T },
  'ticket:start': { window: 5, ticketId: T },
  'ticket:complete': { window: 5, ticketId: T },
  'ticket:no-show': { window: 5, ticketId: T },
  'ticket:transfer': { window: 5, ticketId: T, toQueueId: 'tax' },
  'ticket:park': { window: 5, ticketId: T },
  'ticket:resume': { window: 5, ticketId: T },
  'ticket:requeue': { window: 5, ticketId: T },
  'ticket:cancel': { window: 5, ticketId: T, reason: 'other' },
  'ticket:prioritise': { window: 5, ticketId: T, reason: 'elderly' },
  'post:take-over': { window: 5 },
  'post:assign': { window: 5, post: 'b', clerkId: '1010' },
  'sync:since': { lastSeq: 0 },
  'pairing:lookup': { code: '000000' },
  'pairing:approve': { pairingId: 'no-such-pairing', deviceId: 'kiosk-1f-1' },
  'device:revoke': { credentialId: 'no-such-credential' },
  'signin:unblock': { address: '192.0.2.99' },
};
/** Payloads that carry no requestId (queries). */
const QUERIES = ['sync:since', 'pairing:lookup'];
const DEVICE_ADMIN = ['pairing:lookup', 'pairing:approve', 'device:revoke', 'signin:unblock'];
const WINDOW_ACTIONS = Object.keys(ACTIONS).filter((a) => a !== 'ticket:take' && a !== 'sync:since' && a !== 'post:assign' && !DEVICE_ADMIN.includes(a));
const STAFF_ACTIONS = ['ticket:requeue', 'ticket:cancel', 'ticket:prioritise', 'post:assign', ...DEVICE_ADMIN];

/** Expected: allow or deny, per role and action. */
function expected(who: Who, action: string): 'allow' | 'deny' {
  if (action === 'sync:since') return 'allow';
  switch (who) {
    case 'kiosk':
      return action === 'ticket:take' ? 'allow' : 'deny';
    case 'display':
      return 'deny';
    case 'clerkW3':
      return 'deny'; // every window action names window 5
    case 'clerkW5':
      return WINDOW_ACTIONS.includes(action) ? 'allow' : 'deny';
    case 'supervisor':
      return STAFF_ACTIONS.includes(action) ? 'allow' : 'deny';
  }
}

let server: RunningHallServer;
const clock = { now: TEN_AM };
const clients = new Map<Who, TestClient>();

beforeAll(async () => {
  server = await startTestServer({ now: () => clock.now });
  const session = async (body: Record<string, unknown>) => (await login(server.url, body)).token;
  const w3 = demoConfig.windows.find((w) => w.number === 3)!;
  clients.set('kiosk', await connect(server.url, '/kiosk', DEMO_TOKENS.kiosk));
  clients.set('display', await connect(server.url, '/display', DEMO_TOKENS.display));
  clients.set('clerkW3', await connect(server.url, '/window', await session({ staffId: w3.posts.a, pin: '123456', window: 3 })));
  clients.set('clerkW5', await connect(server.url, '/window', await session({ staffId: '1009', pin: '123456', window: 5 })));
  clients.set('supervisor', await connect(server.url, '/admin', await session({ staffId: '9001', pin: '123456' })));
});
afterAll(async () => {
  for (const c of clients.values()) c.close();
  await server.close();
});

describe('every action × every role', () => {
  const rows = (['kiosk', 'display', 'clerkW3', 'clerkW5', 'supervisor'] as const).flatMap((who) =>
    Object.keys(ACTIONS).map((action) => ({ who, action, want: expected(who, action) })),
  );
  it.each(rows)('$who → $action: $want', async ({ who, action, want }) => {
    const client = clients.get(who)!;
    const before = server.hall.seq;
    const payload = QUERIES.includes(action) ? ACTIONS[action] : { requestId: newRequestId(), ...ACTIONS[action] };
    const answer = await client.request(action, payload);
    const code = answer.ok ? 'ok' : answer.error.code;
    if (want === 'deny') {
      expect(code).toBe('FORBIDDEN');
      expect(server.hall.seq).toBe(before);
    } else {
      expect(['FORBIDDEN', 'UNAUTHORIZED', 'BAD_REQUEST']).not.toContain(code);
    }
  });
});

describe('who may connect where', () => {
  const tokens = (): Record<string, string | undefined> => ({
    none: undefined,
    kiosk: DEMO_TOKENS.kiosk,
    display: DEMO_TOKENS.display,
    forged: 'x'.repeat(32),
  });
  const allowed: Record<string, Namespace[]> = { none: [], kiosk: ['/kiosk'], display: ['/display'], forged: [] };
  for (const [name, want] of Object.entries(allowed)) {
    for (const nsp of ['/kiosk', '/display', '/window', '/admin'] as const) {
      it(`${name} token on ${nsp}: ${want.includes(nsp) ? 'connects' : 'refused'}`, async () => {
        const result = await connect(server.url, nsp, tokens()[name]).then(
          (c) => {
            c.close();
            return 'connected';
          },
          (err: Error & { data?: { code?: string } }) => err.data?.code ?? err.message,
        );
        if (want.includes(nsp)) expect(result).toBe('connected');
        else expect(['UNAUTHORIZED', 'FORBIDDEN']).toContain(result);
      });
    }
  }

  it('a clerk session opens /window only, a supervisor session /admin only, an expired one nothing', async () => {
    const clerk = (await login(server.url, { staffId: '1011', pin: '123456', window: 6 })).token!;
    const boss = (await login(server.url, { staffId: '9001', pin: '123456' })).token!;
    const code = (nsp: Namespace, token: string) =>
      connect(server.url, nsp, token).then(
        (c) => {
          c.close();
          return 'connected';
        },
        (err: Error & { data?: { code?: string } }) => err.data?.code ?? 'error',
      );
    expect(await code('/window', clerk)).toBe('connected');
    expect(await code('/admin', clerk)).toBe('FORBIDDEN');
    expect(await code('/kiosk', clerk)).toBe('UNAUTHORIZED');
    expect(await code('/admin', boss)).toBe('connected');
    expect(await code('/window', boss)).toBe('FORBIDDEN');
    const saved = clock.now;
    clock.now += 13 * 3600_000;
    expect(await code('/window', clerk)).toBe('UNAUTHORIZED');
    clock.now = saved;
  });
});

describe('abuse limits', () => {
  it('slows a 工号 at the address that got its PIN wrong five times, even for the right PIN, until the wait passes', async () => {
    const attempt = (pin: string) => login(server.url, { staffId: '1013', pin, window: 7 });
    for (let i = 0; i < demoConfig.limits.loginFailuresBeforeLock; i++) expect((await attempt('000000')).status).toBe(401);
    const locked = await attempt('123456');
    expect(locked.status).toBe(429);
    expect(locked.body).toMatchObject({ error: { code: 'RATE_LIMITED' } });
    expect((await login(server.url, { staffId: '1015', pin: '123456', window: 8 })).status).toBe(201); // others unaffected
    clock.now += demoConfig.limits.loginLockMinutes * 60_000 + 1000;
    expect((await attempt('123456')).status).toBe(201);
  });

  it('limits how fast one kiosk can issue tickets; retries of earlier requests still get their answer', async () => {
    const kiosk = await connect(server.url, '/kiosk', DEMO_TOKENS.kiosk2);
    const ids: string[] = [];
    const take = async (requestId = newRequestId()) => {
      ids.push(requestId);
      const r = await kiosk.request('ticket:take', { requestId, queueId: 'consult' });
      return r.ok ? 'ok' : r.error;
    };
    const burst = demoConfig.limits.kioskTicketBurst;
    for (let i = 0; i < burst; i++) expect(await take()).toBe('ok');
    const refused = await take();
    expect(refused).toMatchObject({ code: 'RATE_LIMITED' });
    expect(typeof refused === 'object' && refused.retryAfterSeconds).toBeGreaterThan(0);
    expect(await take(ids[0])).toBe('ok'); // a retry is answered from the log
    clock.now += 60_000 / demoConfig.limits.kioskTicketsPerMinute;
    expect(await take()).toBe('ok');
    kiosk.close();
  });
});

describe('pages', () => {
  it('send security headers', async () => {
    for (const path of ['/kiosk/', '/display/', '/window-panel/', '/healthz', '/']) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('x-powered-by')).toBeNull();
    }
  });
});
