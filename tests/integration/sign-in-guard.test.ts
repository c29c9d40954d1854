/**
 * Sign-in protection over the real server (issue 11 items 4 and 5): a
 * stranger guessing a 工号's PIN from another address is slowed down more and
 * more, but never locks that 工号 out of its own desk; the supervisor desk is
 * told who is being guessed and from where, and can lift an address's delay;
 * delays survive a restart; and an unknown 工号 costs exactly one scrypt run,
 * like a known one, so timing does not tell which 工号 exist.
 *
 * 127.0.0.2 stands for another machine: on Linux all of 127.0.0.0/8 is this
 * host, so a client can connect from it to a server on 127.0.0.1.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startHallServer } from '../../server/hall-server.ts';
import { paramsOf, verifyPin } from '../../server/auth/pin.ts';
import type { SignInWatch } from '../../state-machines/protocol/socket-events.ts';
import { demoConfig, DEMO_CONFIG_PATH, SUPERVISOR, TEN_AM } from '../support/demo.ts';
import { connect, newRequestId, until } from '../support/hall-client.ts';
import { httpFrom } from '../support/http-from.ts';
import { startTestServer, tempDataDir } from '../support/server.ts';

const DESK = '127.0.0.1';
const STRANGER = '127.0.0.2';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function hall(dataDir = tempDataDir(), clock = { now: TEN_AM }) {
  const s = await startTestServer({ dataDir, now: () => clock.now });
  cleanups.push(() => s.close());
  const signIn = (from: string, body: Record<string, unknown>) => httpFrom(`${s.url}/api/session`, { method: 'POST', body, from });
  return { s, clock, signIn, dataDir };
}

describe('wrong PINs slow the guesser, never lock the staff member out', () => {
  it('a stranger failing 20 times for 9001 is slowed ever longer, while 9001 signs in from the desk every time', async () => {
    const { clock, signIn } = await hall();
    const waits: number[] = [];
    let failures = 0;
    for (let attempt = 0; attempt < 60 && failures < 20; attempt++) {
      const guess = await signIn(STRANGER, { staffId: SUPERVISOR.staffId, pin: '000000' });
      if (guess.status === 429) {
        const wait = Number(guess.headers['retry-after']);
        expect(guess.json.error).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: wait });
        waits.push(wait);
        clock.now += wait * 1000; // the guesser waits it out and tries again
        continue;
      }
      expect(guess.status).toBe(401);
      failures++;
      // Meanwhile the supervisor, at the desk, is never refused.
      if (failures % 5 === 0) expect((await signIn(DESK, SUPERVISOR)).status).toBe(201);
    }
    expect(failures).toBe(20);
    // 15 s, 30 s, 60 s, … doubling up to the cap (loginLockMinutes), never shrinking.
    expect(waits[0]).toBe(15);
    for (let i = 1; i < waits.length; i++) expect(waits[i]).toBeGreaterThanOrEqual(waits[i - 1]!);
    expect(Math.max(...waits)).toBe(demoConfig.limits.loginLockMinutes * 60);
    expect(waits.length).toBeGreaterThanOrEqual(20 - demoConfig.limits.loginFailuresBeforeLock);
    expect((await signIn(DESK, SUPERVISOR)).status).toBe(201);
  });

  it('one address cycling through 工号 is slowed after four times the per-工号 allowance', async () => {
    const { signIn } = await hall();
    const staff = demoConfig.staff.filter((s) => s.role === 'clerk').map((s) => s.id);
    const free = demoConfig.limits.loginFailuresBeforeLock * 4;
    for (let i = 0; i < free; i++) expect((await signIn(STRANGER, { staffId: staff[i % staff.length]!, pin: '000000', window: 1 })).status).toBe(401);
    const next = await signIn(STRANGER, { staffId: staff[free % staff.length]!, pin: '000000', window: 1 });
    expect(next.status).toBe(429);
    // The desk's address is a different address: unaffected.
    expect((await signIn(DESK, { staffId: '1009', pin: '123456', window: 5 })).status).toBe(201);
  });

  it('the desk is told who is guessed, how often and from where; lifting the address lets it try again; delays survive a restart', async () => {
    const { s, clock, signIn, dataDir } = await hall();
    const desk = await connect(s.url, '/admin', (await signIn(DESK, SUPERVISOR)).json.token);
    cleanups.push(() => desk.close());
    const watches: SignInWatch[] = [];
    desk.socket.on('signin:watch', (w: SignInWatch) => watches.push(w));
    for (let i = 0; i < demoConfig.limits.loginFailuresBeforeLock; i++)
      expect((await signIn(STRANGER, { staffId: '1009', pin: '000000', window: 5 })).status).toBe(401);
    await until(() => (watches.at(-1)?.staff.find((a) => a.staffId === '1009')?.failures ?? 0) >= 5);
    const alert = watches.at(-1)!.staff.find((a) => a.staffId === '1009')!;
    expect(alert.addresses).toEqual([{ address: STRANGER, failures: alert.failures }]);
    const slowed = watches.at(-1)!.addresses.find((a) => a.address === STRANGER)!;
    expect(slowed.slowedUntil).toBeGreaterThan(clock.now);
    expect((await signIn(STRANGER, { staffId: '1009', pin: '000000', window: 5 })).status).toBe(429);

    // Delays are in hall.sqlite: a restart does not reset them.
    await s.close();
    cleanups.length = 0;
    const again = await hall(dataDir, clock);
    expect((await again.signIn(STRANGER, { staffId: '1009', pin: '000000', window: 5 })).status).toBe(429);
    const desk2 = await connect(again.s.url, '/admin', (await again.signIn(DESK, SUPERVISOR)).json.token);
    cleanups.push(() => desk2.close());
    const lifted = await desk2.request<{ address: string; cleared: number }>('signin:unblock', { requestId: newRequestId(), address: STRANGER });
    expect(lifted).toMatchObject({ ok: true, result: { address: STRANGER, cleared: expect.any(Number) } });
    expect((await again.signIn(STRANGER, { staffId: '1009', pin: '000000', window: 5 })).status).toBe(401);

    // Only a supervisor may lift a delay; a malformed address is a typed BAD_REQUEST.
    expect(await desk2.request('signin:unblock', { requestId: newRequestId(), address: '1.2.3.4; DROP' })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST', field: 'address' },
    });
    const clerk = await connect(again.s.url, '/window', (await again.signIn(DESK, { staffId: '1011', pin: '123456', window: 6 })).json.token);
    cleanups.push(() => clerk.close());
    expect(await clerk.request('signin:unblock', { requestId: newRequestId(), address: STRANGER })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('工号 enumeration by timing', () => {
  it('an unknown 工号 costs one scrypt run with the hall’s own parameters, exactly like a known one, and gets the same answer', async () => {
    const runs: string[] = [];
    const s = await startHallServer({
      port: 0,
      host: '127.0.0.1',
      configPath: DEMO_CONFIG_PATH,
      dataDir: tempDataDir(),
      logLevel: 'silent',
      verifyPin: (pin, stored) => {
        runs.push(stored);
        return verifyPin(pin, stored);
      },
    });
    cleanups.push(() => s.close());
    const post = (body: Record<string, unknown>) => httpFrom(`${s.url}/api/session`, { method: 'POST', body });

    const unknown = await post({ staffId: '7777', pin: '000000', window: 5 });
    expect(runs).toHaveLength(1);
    const dummy = runs[0]!;
    expect(demoConfig.staff.map((x) => x.pinHash)).not.toContain(dummy);
    expect(paramsOf(dummy)).toEqual(paramsOf(demoConfig.staff[0]!.pinHash));

    const known = await post({ staffId: '1009', pin: '000000', window: 5 });
    expect(runs).toHaveLength(2);
    expect(runs[1]).toBe(demoConfig.staff.find((x) => x.id === '1009')!.pinHash);
    expect([unknown.status, unknown.text]).toEqual([known.status, known.text]);
    // No PIN opens an unknown 工号, the dummy's own secret included.
    expect((await post({ staffId: '7777', pin: '123456', window: 5 })).status).toBe(401);
  });
});
