/**
 * What a batch broadcasts leaves each socket in a write or two, not one per
 * event (server/sockets/coalesced-writes.ts; issue 15: a writev per event per
 * socket was ~25% of a busy server). The real server in this process, real
 * Socket.IO clients: 40 tickets taken at once from one kiosk; four walls each
 * receive all 40 events, in order, and the server writes each of their sockets
 * only a few times (counted at the TCP sockets the server accepted).
 */
import { Socket as NetSocket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { TicketReceipt } from '../../state-machines/protocol/socket-events.ts';
import { DEMO_TOKENS, writeHallVariant } from '../support/demo.ts';
import { connect, newRequestId, until, type TestClient } from '../support/hall-client.ts';
import { startTestServer } from '../support/server.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

type Counted = NetSocket & { server?: unknown };

describe('broadcast writes', () => {
  it('a batch of 40 tickets reaches each wall in a few writes, every event in order', async () => {
    const configPath = writeHallVariant<Record<string, unknown>>((raw) => {
      raw.limits = { kioskTicketsPerMinute: 100_000, kioskTicketBurst: 100_000, kioskTicketsPerHour: 1_000_000, socketsPerToken: 100 };
      delete raw.peripherals;
      delete raw.schedule; // any hour
    });
    const server = await startTestServer({ configPath });
    cleanups.push(() => server.close());
    const kiosk = await connect(server.url, '/kiosk', DEMO_TOKENS.kiosk);
    cleanups.push(() => kiosk.close());
    const walls: TestClient[] = [];
    for (let i = 0; i < 4; i++) {
      const wall = await connect(server.url, '/display', DEMO_TOKENS.display);
      cleanups.push(() => wall.close());
      walls.push(wall);
    }

    // Writes to the sockets the server accepted (they know their server), counted per socket.
    const writes = new Map<NetSocket, number>();
    const proto = NetSocket.prototype as unknown as Record<'_writev' | '_write', (this: Counted, ...args: unknown[]) => void>;
    const original = { _writev: proto._writev, _write: proto._write };
    for (const name of ['_writev', '_write'] as const) {
      proto[name] = function (this: Counted, ...args: unknown[]) {
        if (this.server) writes.set(this, (writes.get(this) ?? 0) + 1);
        return original[name].apply(this, args);
      };
    }
    cleanups.push(() => Object.assign(proto, original));

    const acks = await Promise.all(
      Array.from({ length: 40 }, () => kiosk.request<TicketReceipt>('ticket:take', { requestId: newRequestId(), queueId: 'comprehensive' })),
    );
    expect(acks.every((a) => a.ok)).toBe(true);
    await until(() => walls.every((w) => w.deltas.length >= 40));
    Object.assign(proto, original);

    for (const wall of walls) {
      const seqs = wall.deltas.map((d) => d.seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      expect(wall.deltas.filter((d) => d.event.type === 'ticket.issued')).toHaveLength(40);
    }
    // Five sockets wrote to (the kiosk: acks and events; four walls: events): each in a handful of writes, not ~40.
    const perSocket = [...writes.values()].sort((a, b) => b - a);
    expect(perSocket.length).toBeGreaterThanOrEqual(4);
    const wallWrites = perSocket.slice(1);
    expect(Math.max(...wallWrites), `writes per socket: ${perSocket.join(', ')}`).toBeLessThanOrEqual(8);
  });
});
