/**
 * 双机热备, a real network cut (issue 17): server A runs inside its own network namespace, joined to this one by
 * a veth pair; B and the test are outside. The link is taken down while both keep running — a pulled cable. A
 * kiosk on A's side of the cut (a process inside the namespace) keeps taking tickets from A; kiosks on B's side
 * take tickets from B once it has taken over. No ticket is acknowledged by both: A's side is told nothing was
 * done (STORAGE_UNAVAILABLE or no answer) from the moment the cut starts. The cable back, A finds B at a newer
 * term, stands down, sets aside what it wrote alone (never acknowledged) and holds B's log row for row.
 */
import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import type { TicketReceipt } from '../../state-machines/protocol/socket-events.ts';
import { DEMO_TOKENS, demoConfig } from '../support/demo.ts';
import { connect, newRequestId } from '../support/hall-client.ts';
import { logRows } from '../support/log-rows.ts';
import { canMakeNetns, makeNetns } from '../support/netns.ts';
import { kioskFloodHall } from '../support/server.ts';
import { makePair, waitFor } from '../support/standby-pair.ts';

const cleanups: (() => unknown)[] = [];
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface Attempt {
  requestId: string;
  ok: boolean;
  code?: string;
  seq?: number;
  number?: string;
}

/** A kiosk inside the namespace: `count` takes from `url`, what it was told for each. */
function kioskInside(exec: string[], url: string, token: string, count: number): Promise<Attempt[]> {
  return new Promise((resolve, reject) => {
    const command = [...exec, process.execPath, '--import', 'tsx', 'tests/support/netns-kiosk.ts', url, token, String(count)];
    const child = spawn(command[0]!, command.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code !== 0) reject(new Error(`kiosk inside the namespace exited ${code}: ${err}`));
      else
        resolve(
          out
            .trim()
            .split('\n')
            .filter(Boolean)
            .map((l) => JSON.parse(l) as Attempt),
        );
    });
  });
}

describe.runIf(canMakeNetns())('a network cut between the primary and everything else', () => {
  it('A cut off keeps running but acknowledges nothing; B takes over; the cable back, A stands down and holds B’s log', async () => {
    const netns = makeNetns();
    cleanups.push(() => netns.remove());
    const pair = await makePair(kioskFloodHall(), 'refuse', netns);
    cleanups.push(() => pair.close());
    await pair.start(0);
    await pair.start(1);
    await pair.inSync(0);
    const [a, b] = pair.members as [NonNullable<(typeof pair.members)[0]>, NonNullable<(typeof pair.members)[1]>];
    const kioskToken = demoConfig.devices.find((d) => d.kind === 'kiosk' && d.token !== DEMO_TOKENS.kiosk)?.token ?? DEMO_TOKENS.kiosk2;

    // Before the cut, A's side is served (acknowledged through B's copy).
    const before = await kioskInside(netns.exec, a.url, kioskToken, 3);
    expect(before.every((x) => x.ok)).toBe(true);

    netns.cut();
    const cutAt = Date.now();
    // A's side keeps asking A through the cut: A runs on, but tells it nothing was done.
    const inside = kioskInside(netns.exec, a.url, kioskToken, 25);
    await waitFor('B to take over', async () => ((await pair.role(1)) === 'primary' ? true : undefined), 20_000);
    const tookOverAfter = Date.now() - cutAt;
    const outside = await connect(b.url, '/kiosk', DEMO_TOKENS.kiosk);
    cleanups.push(() => outside.close());
    const onB: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await outside.request<TicketReceipt>('ticket:take', { requestId: newRequestId(), queueId: 'tax' });
      expect(r.ok).toBe(true);
      if (r.ok) onB.push(r.result.ticket.number);
    }
    const told = await inside;
    expect(
      told.filter((x) => x.ok),
      'tickets A acknowledged while cut off',
    ).toEqual([]);
    expect(told.some((x) => x.code === 'STORAGE_UNAVAILABLE')).toBe(true);

    netns.restore();
    await waitFor('A to stand down', async () => ((await pair.role(0)) === 'standby' ? true : undefined), 30_000);
    await pair.inSync(1);
    const rowsA = logRows(a.dataDir);
    const rowsB = logRows(b.dataDir);
    expect(rowsA.map((r) => r.hash)).toEqual(rowsB.map((r) => r.hash));
    // Every ticket acknowledged on either side is in the one log; B's numbers each once.
    for (const x of before) expect(rowsB.some((r) => r.seq === x.seq && r.request_key?.endsWith(x.requestId))).toBe(true);
    const numbers = rowsB.filter((r) => r.type === 'ticket.issued').map((r) => (JSON.parse(r.payload) as { number: string; queueId: string }).number);
    expect(new Set(numbers).size).toBe(numbers.length);
    for (const n of onB) expect(numbers.filter((x) => x === n)).toHaveLength(1);
    // Nothing A's side was refused is in the log (it was never done).
    for (const x of told) expect(rowsB.some((r) => r.request_key?.endsWith(x.requestId))).toBe(false);
    console.log(`network cut: B took over ${tookOverAfter} ms after the cut; A's side refused ${told.length} of ${told.length} takes meanwhile`);
  }, 180_000);
});
