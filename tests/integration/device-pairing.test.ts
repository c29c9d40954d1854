/**
 * 设备配对 over the real server (issue 11 item 1): a hall file without device
 * tokens; a kiosk asks for a code, a supervisor approves it on /admin as one
 * configured kiosk, the kiosk collects a fresh token with its poll secret and
 * connects as that kiosk. What a code alone gives (nothing), expiry, caps and
 * rate limits, kind mismatch, replacing and revoking a pairing (its socket is
 * dropped at once), and that hall.sqlite keeps only a hash of the token.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PairingStatus, PairingTicket } from '../../state-machines/protocol/messages.ts';
import type { DeviceEnrolment, PendingPairingView, TicketReceipt } from '../../state-machines/protocol/socket-events.ts';
import { DEMO_TOKENS, SUPERVISOR, TEN_AM } from '../support/demo.ts';
import { connect, login, newRequestId, until } from '../support/hall-client.ts';
import { httpFrom } from '../support/http-from.ts';
import { demoHallVariant, startTestServer } from '../support/server.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** The demo hall with no device tokens at all: every device is paired. */
const NO_TOKENS = demoHallVariant((hall) => {
  for (const d of hall.devices) delete d.token;
});

async function setup(configPath = NO_TOKENS) {
  const clock = { now: TEN_AM };
  const s = await startTestServer({ configPath, now: () => clock.now });
  cleanups.push(() => s.close());
  const open = async (nsp: '/kiosk' | '/display' | '/admin' | '/window', token: string) => {
    const c = await connect(s.url, nsp, token);
    cleanups.push(() => c.close());
    return c;
  };
  const desk = await open('/admin', (await login(s.url, SUPERVISOR)).token!);
  const enrolments: DeviceEnrolment[][] = [];
  desk.socket.on('devices:enrolment', (e: DeviceEnrolment[]) => enrolments.push(e));
  const ask = (kind: string, from?: string) => httpFrom(`${s.url}/api/pairings`, { method: 'POST', body: { kind }, from });
  const poll = (ticket: Pick<PairingTicket, 'id' | 'pollSecret'>) =>
    httpFrom(`${s.url}/api/pairings/${ticket.id}`, { headers: { authorization: `Bearer ${ticket.pollSecret}` } });
  const approve = (pairingId: string, deviceId: string) =>
    desk.request<{ deviceId: string; credentialId: string }>('pairing:approve', { requestId: newRequestId(), pairingId, deviceId });
  /** Ask, look up and approve as `deviceId`; the device collects its token. */
  const pair = async (kind: 'kiosk' | 'display', deviceId: string) => {
    const ticket = (await ask(kind)).json as PairingTicket;
    const found = await desk.request<PendingPairingView>('pairing:lookup', { code: ticket.code });
    if (!found.ok) throw new Error(found.error.message);
    const approved = await approve(found.result.id, deviceId);
    if (!approved.ok) throw new Error(approved.error.message);
    const status = (await poll(ticket)).json as Extract<PairingStatus, { status: 'approved' }>;
    return { ticket, token: status.token, credentialId: approved.result.credentialId };
  };
  return { s, clock, desk, open, ask, poll, approve, pair, enrolments };
}

describe('pairing a kiosk', () => {
  it('code on the device, approval on the desk, token to the device: it connects as the chosen kiosk; the log keeps only a hash', async () => {
    const { s, desk, open, ask, poll, approve, enrolments } = await setup();
    // A kiosk with no token cannot connect at all…
    await expect(connect(s.url, '/kiosk', 'x'.repeat(32))).rejects.toMatchObject({ data: { code: 'UNAUTHORIZED' } });

    // …so it asks for a pairing code.
    const asked = await ask('kiosk');
    expect(asked.status).toBe(201);
    expect(asked.headers['cache-control']).toBe('no-store');
    const ticket = asked.json as PairingTicket;
    expect(ticket.code).toMatch(/^\d{6}$/);
    expect(ticket.expiresAt).toBe(TEN_AM + 10 * 60_000);
    expect((await poll(ticket)).json).toEqual({ status: 'pending', expiresAt: ticket.expiresAt });

    // The supervisor types the code shown on the device and sees who asks.
    const found = await desk.request<PendingPairingView>('pairing:lookup', { code: ticket.code });
    expect(found).toMatchObject({ ok: true, result: { id: ticket.id, kind: 'kiosk', address: '127.0.0.1', requestedAt: TEN_AM, expiresAt: ticket.expiresAt } });
    expect(JSON.stringify(found)).not.toContain(ticket.pollSecret);

    // A display cannot become this kiosk's identity; a kiosk entry can.
    expect(await approve(ticket.id, 'display-hall')).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', field: 'deviceId' } });
    const approved = await approve(ticket.id, 'kiosk-1f-2');
    if (!approved.ok) throw new Error(approved.error.message);
    // A retry of the approval (lost ack) answers the same; approving it as another device is refused.
    expect(await approve(ticket.id, 'kiosk-1f-2')).toMatchObject({ ok: true, result: approved.result });
    expect(await approve(ticket.id, 'kiosk-1f-1')).toMatchObject({ ok: false, error: { code: 'ILLEGAL_TRANSITION' } });

    const status = (await poll(ticket)).json as Extract<PairingStatus, { status: 'approved' }>;
    expect(status).toMatchObject({ status: 'approved', deviceId: 'kiosk-1f-2', deviceName: '一楼大厅取号机2' });
    expect(status.token.length).toBeGreaterThanOrEqual(40);

    const kiosk = await open('/kiosk', status.token);
    expect(kiosk.snapshot.identity).toMatchObject({ role: 'kiosk', deviceId: 'kiosk-1f-2' });
    const taken = await kiosk.request<TicketReceipt>('ticket:take', { requestId: newRequestId(), queueId: 'consult' });
    expect(taken.ok).toBe(true);
    // Once the device has connected, its token is not handed out again.
    expect((await poll(ticket)).status).toBe(404);

    // The desk sees how the kiosk is credentialed: paired by 9001, from where, when.
    await until(() => enrolments.some((list) => list.find((d) => d.deviceId === 'kiosk-1f-2')?.paired.length === 1));
    const row = enrolments.at(-1)!.find((d) => d.deviceId === 'kiosk-1f-2')!;
    expect(row).toEqual({
      deviceId: 'kiosk-1f-2',
      kind: 'kiosk',
      name: '一楼大厅取号机2',
      hallFileToken: false,
      paired: [{ id: approved.result.credentialId, pairedAt: TEN_AM, pairedBy: '9001', address: '127.0.0.1' }],
    });
    expect(JSON.stringify(enrolments)).not.toContain(status.token);

    // hall.sqlite (and its WAL) holds the token's hash, never the token or the poll secret.
    const files = ['hall.sqlite', 'hall.sqlite-wal'].map((f) => {
      try {
        return readFileSync(join(s.dataDir, f)).toString('latin1');
      } catch {
        return '';
      }
    });
    for (const f of files) {
      expect(f).not.toContain(status.token);
      expect(f).not.toContain(ticket.pollSecret);
    }
    expect(files.join('')).toContain(approved.result.credentialId);
  });

  it('revoking a pairing drops its socket at once and the token opens nothing; pairing the kiosk again replaces the old pairing', async () => {
    const { s, desk, open, pair } = await setup();
    const first = await pair('kiosk', 'kiosk-1f-1');
    const kiosk = await open('/kiosk', first.token);
    const dropped = new Promise<string>((resolve) => kiosk.socket.once('disconnect', resolve));

    // Pairing the same kiosk again (a replaced PC) replaces the earlier pairing: the old PC is dropped.
    const second = await pair('kiosk', 'kiosk-1f-1');
    expect(await dropped).toBe('io server disconnect');
    await expect(connect(s.url, '/kiosk', first.token)).rejects.toMatchObject({ data: { code: 'UNAUTHORIZED' } });

    const replacement = await open('/kiosk', second.token);
    const gone = new Promise<string>((resolve) => replacement.socket.once('disconnect', resolve));
    expect(await desk.request('device:revoke', { requestId: newRequestId(), credentialId: second.credentialId })).toMatchObject({ ok: true });
    expect(await gone).toBe('io server disconnect');
    await expect(connect(s.url, '/kiosk', second.token)).rejects.toMatchObject({ data: { code: 'UNAUTHORIZED' } });
    // Revoking again answers the same; an unknown credential is NOT_FOUND.
    expect(await desk.request('device:revoke', { requestId: newRequestId(), credentialId: second.credentialId })).toMatchObject({ ok: true });
    expect(await desk.request('device:revoke', { requestId: newRequestId(), credentialId: 'no-such-credential' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });

  it('a paired display opens /display only; hall-file tokens keep working beside pairing', async () => {
    const { s, pair, open } = await setup(demoHallVariant(() => undefined));
    const display = await pair('display', 'display-w5');
    expect((await open('/display', display.token)).snapshot.identity).toMatchObject({ role: 'display', deviceId: 'display-w5', window: 5 });
    await expect(connect(s.url, '/kiosk', display.token)).rejects.toMatchObject({ data: { code: 'FORBIDDEN' } });
    expect((await open('/kiosk', DEMO_TOKENS.kiosk)).snapshot.identity).toMatchObject({ deviceId: 'kiosk-1f-1' });
  });
});

describe('what a code alone gives: nothing', () => {
  it('the token goes only to the poll secret, only after a supervisor approved; codes expire', async () => {
    const { s, clock, desk, ask, poll } = await setup();
    const ticket = (await ask('display')).json as PairingTicket;
    expect((await poll({ id: ticket.id, pollSecret: 'guessed-secret' })).status).toBe(404);
    expect((await poll({ id: ticket.id, pollSecret: '' })).status).toBe(404);
    expect((await httpFrom(`${s.url}/api/pairings/${ticket.id}`)).status).toBe(404);
    // Only /admin can look a code up or approve; a clerk's socket is refused.
    const clerk = await connect(s.url, '/window', (await login(s.url, { staffId: '1009', pin: '123456', window: 5 })).token!);
    cleanups.push(() => clerk.close());
    expect(await clerk.request('pairing:lookup', { code: ticket.code })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await clerk.request('pairing:approve', { requestId: newRequestId(), pairingId: ticket.id, deviceId: 'display-hall' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect((await poll(ticket)).json).toMatchObject({ status: 'pending' });

    clock.now += 10 * 60_000;
    expect((await poll(ticket)).status).toBe(404);
    expect(await desk.request('pairing:lookup', { code: ticket.code })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await desk.request('pairing:approve', { requestId: newRequestId(), pairingId: ticket.id, deviceId: 'display-hall' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });

  it('pending pairings are capped per address and rate-limited, with Retry-After; bad bodies are typed 400s', async () => {
    const { clock, desk, ask, approve } = await setup();
    expect((await ask('printer')).json).toMatchObject({ error: { code: 'BAD_REQUEST', field: 'kind' } });
    for (let i = 0; i < 3; i++) expect((await ask('kiosk', '127.0.0.3')).status).toBe(201);
    const capped = await ask('kiosk', '127.0.0.3');
    expect([capped.status, capped.json.error.code]).toEqual([429, 'RATE_LIMITED']);
    expect(Number(capped.headers['retry-after'])).toBeGreaterThan(0);
    // Another address is not affected by this one's pending requests.
    expect((await ask('kiosk', '127.0.0.4')).status).toBe(201);
    // Once those expire the address may ask again.
    clock.now += 10 * 60_000;
    const asked = [];
    for (let i = 0; i < 3; i++) asked.push((await ask('display', '127.0.0.3')).json as PairingTicket);
    // Approved requests no longer count as pending, but asking stays rate-limited (bursts of 3, then 6 a minute).
    for (const t of asked) {
      const found = await desk.request<PendingPairingView>('pairing:lookup', { code: t.code });
      expect(found.ok && (await approve(found.result.id, 'display-2f')).ok).toBe(true);
    }
    const limited = await ask('display', '127.0.0.3');
    expect([limited.status, limited.json.error.code]).toEqual([429, 'RATE_LIMITED']);
    expect(Number(limited.headers['retry-after'])).toBe(10);
    clock.now += 10_000;
    expect((await ask('display', '127.0.0.3')).status).toBe(201);
  });
});
