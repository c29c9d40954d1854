/**
 * Faults a hall meets: screens and kiosks that lose the network and come back,
 * a disk that fills up or turns read-only under the server, and a clock that
 * jumps across midnight (or backwards).
 */
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HallDelta, TicketReceipt } from '../../state-machines/protocol/socket-events.ts';
import { publicState } from '../../state-machines/protocol/projection.ts';
import { CLERK_W5, DEMO_TOKENS } from '../support/demo.ts';
import { spawnServer } from '../support/child-server.ts';
import { connect, login, newRequestId, until } from '../support/hall-client.ts';
import { liveClient } from '../support/live-client.ts';
import { startTestServer, tempDataDir } from '../support/server.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('network drops', () => {
  it('a display that was offline converges by snapshot and announces nothing it missed', async () => {
    const s = await startTestServer();
    cleanups.push(() => s.close());
    const display = liveClient(s.url, '/display', DEMO_TOKENS.display);
    cleanups.push(() => display.close());
    const announced: HallDelta[] = [];
    display.sync.subscribe((_view, delta) => {
      if (delta?.event.type === 'ticket.called') announced.push(delta);
    });
    const kiosk = await connect(s.url, '/kiosk', DEMO_TOKENS.kiosk);
    const panel = await connect(s.url, '/window', (await login(s.url, CLERK_W5)).token);
    cleanups.push(
      () => kiosk.close(),
      () => panel.close(),
    );
    await until(() => display.sync.current !== undefined);

    display.socket.disconnect();
    for (let i = 0; i < 3; i++) await kiosk.request('ticket:take', { requestId: newRequestId(), queueId: 'comprehensive' });
    await panel.request('window:open', { requestId: newRequestId(), window: 5 });
    await panel.request('ticket:call-next', { requestId: newRequestId(), window: 5 }); // called while the display was away
    display.socket.connect();
    await until(() => display.sync.current?.state.seq === s.hall.seq);
    expect(announced).toEqual([]); // a stale call is shown in the list, not spoken again
    expect(display.sync.current?.state).toEqual(publicState(s.hall.state));

    await panel.request('ticket:complete', { requestId: newRequestId(), window: 5, ticketId: Object.keys(s.hall.state.tickets)[0] });
    await panel.request('ticket:call-next', { requestId: newRequestId(), window: 5 });
    await until(() => announced.length === 1); // a live call is announced
  });

  it('a kiosk that lost the answer retries with the same requestId and gets the same ticket, once', async () => {
    const s = await startTestServer();
    cleanups.push(() => s.close());
    const kiosk = liveClient(s.url, '/kiosk', DEMO_TOKENS.kiosk);
    cleanups.push(() => kiosk.close());
    await until(() => kiosk.socket.connected);
    const requestId = newRequestId();
    kiosk.socket.emit('ticket:take', { requestId, queueId: 'tax' }); // the answer is never read
    kiosk.socket.disconnect();
    kiosk.socket.connect();
    await until(() => kiosk.socket.connected);
    const retry = await kiosk.request<TicketReceipt>('ticket:take', { requestId, queueId: 'tax' });
    const again = await kiosk.request<TicketReceipt>('ticket:take', { requestId, queueId: 'tax' });
    expect(retry?.ok && again?.ok && retry.result.ticket.id === again.result.ticket.id).toBe(true);
    const issued = Object.values(s.hall.state.tickets).filter((t) => t.queueId === 'tax');
    expect(issued.map((t) => t.number)).toEqual(['E001']);
  });
});

/** A real filesystem of 4 MiB that can be filled and remounted read-only (needs root, as `npm test` has here). */
function smallDisk(): { dir: string; unmount(): void } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const dir = tempDataDir();
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', dir]);
  if (mounted.status !== 0) return undefined;
  return { dir, unmount: () => spawnSync('umount', ['-l', dir]) };
}
const disk = smallDisk();
disk?.unmount();

describe.runIf(disk !== undefined)('storage faults (a real 4 MiB tmpfs)', () => {
  it('refuses commands with STORAGE_UNAVAILABLE when the disk is full or the log is locked, alerts, and recovers', async () => {
    const fs = smallDisk()!;
    cleanups.push(() => fs.unmount());
    const dataDir = join(fs.dir, 'data');
    mkdirSync(dataDir);
    let server = await spawnServer(dataDir);
    cleanups.push(() => server.kill9());
    const kiosk = await connect(server.url, '/kiosk', DEMO_TOKENS.kiosk);
    cleanups.push(() => kiosk.close());
    const take = () => kiosk.request<TicketReceipt>('ticket:take', { requestId: newRequestId(), queueId: 'police' });
    const acked: string[] = [];
    const first = await take();
    if (first.ok) acked.push(first.result.ticket.number);

    // Fill the disk to the last byte.
    const filler = join(fs.dir, 'filler');
    const chunk = Buffer.alloc(64 * 1024, 1);
    let written = 0;
    for (let i = 0; i < 200; i++) {
      try {
        writeFileSync(`${filler}-${i}`, chunk);
        written++;
      } catch {
        break;
      }
    }
    for (let i = 0; i < 200; i++) {
      try {
        writeFileSync(`${filler}-small-${i}`, Buffer.alloc(1024, 1));
      } catch {
        break;
      }
    }
    expect(written).toBeGreaterThan(0);
    // The log may still have a page or two of room; within a bounded number of tries the server must refuse.
    let refused: string | undefined;
    for (let i = 0; i < 300 && !refused; i++) {
      const r = await take();
      if (r.ok) acked.push(r.result.ticket.number);
      else refused = r.error.code;
    }
    expect(refused).toBe('STORAGE_UNAVAILABLE');
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ storage: 'failing' });

    // Space back: the next command is accepted and health recovers.
    for (let i = 0; i < 200; i++) rmSync(`${filler}-${i}`, { force: true });
    const after = await take();
    expect(after.ok).toBe(true);
    if (after.ok) acked.push(after.result.ticket.number);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);

    // The database locked for writing by another program (a backup tool, a DB browser): refused the same way.
    const other = new Database(join(dataDir, 'hall.sqlite'));
    other.exec('BEGIN EXCLUSIVE');
    const locked = await take();
    expect(locked.ok ? 'ok' : locked.error.code).toBe('STORAGE_UNAVAILABLE');
    other.exec('ROLLBACK');
    other.close();
    const unlocked = await take();
    expect(unlocked.ok).toBe(true);
    if (unlocked.ok) acked.push(unlocked.result.ticket.number);

    // The filesystem turns read-only (after a crash): the hall still opens so screens show the queue,
    // but every command is refused and health says why.
    await server.kill9();
    expect(spawnSync('mount', ['-o', 'remount,ro', fs.dir]).status).toBe(0);
    server = await spawnServer(dataDir);
    const roKiosk = await connect(server.url, '/kiosk', DEMO_TOKENS.kiosk);
    const ro = await roKiosk.request<TicketReceipt>('ticket:take', { requestId: newRequestId(), queueId: 'police' });
    roKiosk.close();
    expect(ro.ok ? 'ok' : ro.error.code).toBe('STORAGE_UNAVAILABLE');
    expect((await fetch(`${server.url}/healthz`)).status).toBe(503);
    await server.kill9();
    expect(spawnSync('mount', ['-o', 'remount,rw', fs.dir]).status).toBe(0);

    // Nothing acknowledged was lost: kill -9 and look.
    await server.kill9();
    server = await spawnServer(dataDir);
    const display = await connect(server.url, '/display', DEMO_TOKENS.display);
    const numbers = Object.values(display.snapshot.state.tickets)
      .map((t) => t.number)
      .sort();
    display.close();
    expect(numbers).toEqual([...acked].sort());
  }, 120_000);
});

describe('the clock', () => {
  it('restarts numbering when the clock jumps past midnight, keeps yesterday’s open tickets callable, and never runs backwards', async () => {
    const clock = { now: Date.parse('2026-11-21T23:58:00+08:00') };
    const s = await startTestServer({ now: () => clock.now });
    cleanups.push(() => s.close());
    const kiosk = await connect(s.url, '/kiosk', DEMO_TOKENS.kiosk);
    const panel = await connect(s.url, '/window', (await login(s.url, CLERK_W5)).token);
    cleanups.push(
      () => kiosk.close(),
      () => panel.close(),
    );
    const take = async () => {
      const r = await kiosk.request<TicketReceipt>('ticket:take', { requestId: newRequestId(), queueId: 'comprehensive' });
      return r.ok ? r.result.ticket : undefined;
    };
    const late = await take();
    expect(late?.number).toBe('A001');
    clock.now = Date.parse('2026-11-22T00:03:00+08:00'); // the jump (e.g. NTP correcting a slow clock)
    const early = await take();
    expect(early).toMatchObject({ number: 'A001', serviceDay: '2026-11-22' });
    expect(early?.id).not.toBe(late?.id);
    await panel.request('window:open', { requestId: newRequestId(), window: 5 });
    const called = await panel.request<{ ticket: { id: string } }>('ticket:call-next', { requestId: newRequestId(), window: 5 });
    expect(called.ok && called.result.ticket.id).toBe(late?.id); // yesterday's visitor is still first

    const seqBefore = s.hall.seq;
    clock.now = Date.parse('2026-11-21T22:00:00+08:00'); // the clock jumps back two hours
    const back = await take();
    expect(back).toMatchObject({ number: 'A002', serviceDay: '2026-11-22' });
    expect(s.hall.state.at).toBeGreaterThanOrEqual(Date.parse('2026-11-22T00:03:00+08:00'));
    expect(s.hall.seq).toBe(seqBefore + 1);
  });
});
