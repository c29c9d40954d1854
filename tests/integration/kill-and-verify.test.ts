/**
 * Durability and tamper evidence with a real process: an acknowledged ticket
 * survives SIGKILL with the same number, and `npm run verify-log` passes on
 * the log — and fails once a byte of an event row is changed.
 */
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TicketReceipt } from '../../state-machines/protocol/socket-events.ts';
import { DEMO_TOKENS } from '../support/demo.ts';
import { spawnServer } from '../support/child-server.ts';
import { connect, newRequestId } from '../support/hall-client.ts';
import { tempDataDir } from '../support/server.ts';

function verifyLog(dataDir: string) {
  return spawnSync('npm', ['run', '--silent', 'verify-log', '--', '--data', dataDir], { encoding: 'utf8' });
}

describe('kill -9 and the hash chain', () => {
  it('keeps every acknowledged ticket across SIGKILL, and verify-log catches a changed byte', async () => {
    const dataDir = tempDataDir();
    const first = await spawnServer(dataDir);
    const kiosk = await connect(first.url, '/kiosk', DEMO_TOKENS.kiosk);
    const acked: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await kiosk.request<TicketReceipt>('ticket:take', { requestId: newRequestId(), queueId: 'real-estate' });
      if (res.ok) acked.push(res.result.ticket.number);
    }
    // One more sent and not awaited: it may or may not make it; an ack never lies.
    kiosk.socket.emit('ticket:take', { requestId: newRequestId(), queueId: 'real-estate' }, () => undefined);
    await first.kill9();
    kiosk.close();

    const second = await spawnServer(dataDir);
    const display = await connect(second.url, '/display', DEMO_TOKENS.display);
    const waiting = Object.values(display.snapshot.state.tickets)
      .filter((t) => t.status === 'waiting')
      .map((t) => t.number);
    for (const n of acked) expect(waiting).toContain(n);
    expect(acked).toEqual(['D001', 'D002', 'D003', 'D004', 'D005']);
    const k2 = await connect(second.url, '/kiosk', DEMO_TOKENS.kiosk);
    const next = await k2.request<TicketReceipt>('ticket:take', { requestId: newRequestId(), queueId: 'real-estate' });
    expect(next.ok && next.result.ticket.number).toBe(`D00${waiting.length + 1}`);
    display.close();
    k2.close();
    await second.kill9();

    const ok = verifyLog(dataDir);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/chain intact/);

    const db = new Database(join(dataDir, 'hall.sqlite'));
    db.exec('DROP TRIGGER events_no_update');
    const row = db.prepare('SELECT payload FROM events WHERE seq = 2').get() as { payload: string };
    const changed = row.payload.replace('D002', 'D00X');
    expect(changed).not.toBe(row.payload);
    db.prepare('UPDATE events SET payload = ? WHERE seq = 2').run(changed);
    db.close();
    const broken = verifyLog(dataDir);
    expect(broken.status).toBe(1);
    expect(broken.stderr).toMatch(/BROKEN at event 2/);
  });
});
