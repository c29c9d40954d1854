/**
 * Socket.IO sessions before any token (review of issue 11): a client on the
 * guest Wi-Fi opening Engine.IO handshakes in a loop is refused past its
 * per-address allowance, the server holds no more than `engineSessions`
 * sessions (one that ends frees its place; one that never joins a role is
 * closed by Engine.IO's ping after 35 s) — and the hall's own devices still
 * connect.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startHallServer, type RunningHallServer } from '../../server/hall-server.ts';
import { DEMO_CONFIG_PATH, DEMO_TOKENS, writeHallVariant } from '../support/demo.ts';
import { connect } from '../support/hall-client.ts';
import { httpFrom, lanAddress } from '../support/http-from.ts';
import { tempDataDir } from '../support/server.ts';

const LAN = lanAddress();
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function start(configPath = DEMO_CONFIG_PATH, host = '0.0.0.0'): Promise<RunningHallServer> {
  const s = await startHallServer({ port: 0, host, configPath, dataDir: tempDataDir(), logLevel: 'warn' });
  cleanups.push(() => s.close());
  return s;
}

/** One Engine.IO handshake over long-polling, as a browser starts: the HTTP status. */
const handshake = (host: string, port: number, from?: string) =>
  httpFrom(`http://${host}:${port}/socket.io/?EIO=4&transport=polling`, { from }).then((r) => r.status);

describe('Engine.IO admission', () => {
  it.skipIf(!LAN)('refuses a LAN address past its handshakes per minute; loopback devices still connect', async () => {
    const s = await start();
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++) statuses.push(await handshake(LAN!, s.port, LAN));
    const accepted = statuses.filter((x) => x === 200).length;
    // The default allowance: a burst of 10, then 30 a minute (the loop takes well under a minute).
    expect(accepted).toBeGreaterThanOrEqual(10);
    expect(accepted).toBeLessThan(20);
    expect(statuses.slice(-10)).toEqual(Array(10).fill(403));
    const kiosk = await connect(s.url, '/kiosk', DEMO_TOKENS.kiosk);
    cleanups.push(() => kiosk.close());
    expect(kiosk.snapshot.seq).toBeGreaterThanOrEqual(0);
  });

  it('holds at most engineSessions sessions; a session that ends frees its place', async () => {
    const s = await start(
      writeHallVariant((h) => void (h.limits = { ...(h.limits ?? {}), engineSessions: 12 })),
      '127.0.0.1',
    );
    const sids: string[] = [];
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) {
      const r = await httpFrom(`${s.url}/socket.io/?EIO=4&transport=polling`);
      statuses.push(r.status);
      const sid = /"sid":"([^"]+)"/.exec(r.text)?.[1];
      if (sid) sids.push(sid);
    }
    expect(statuses.filter((x) => x === 200)).toHaveLength(12);
    expect(statuses.slice(12)).toEqual(Array(8).fill(403));
    expect(s.io.engine.clientsCount).toBe(12);
    // One client says goodbye (Engine.IO close packet "1"): its place is free for the hall's kiosk.
    await httpFrom(`${s.url}/socket.io/?EIO=4&transport=polling&sid=${sids[0]}`, { method: 'POST', headers: { 'content-type': 'text/plain' }, raw: '1' });
    await expect.poll(() => s.io.engine.clientsCount, { timeout: 5000 }).toBe(11);
    const kiosk = await connect(s.url, '/kiosk', DEMO_TOKENS.kiosk);
    cleanups.push(() => kiosk.close());
    expect(kiosk.snapshot.seq).toBeGreaterThanOrEqual(0);
  });
});
