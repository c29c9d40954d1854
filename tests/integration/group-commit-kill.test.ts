/**
 * SIGKILL while a group commit is being written (issue 15 item 1): many kiosks
 * take tickets as fast as they are answered, so the server is nearly always
 * writing a batch of several commands (the test reads /metrics: more events
 * than fsyncs); it is killed at seeded moments and restarted. After each kill:
 * every acknowledged command is in the log at the seq its ack named; every
 * row is a command some kiosk sent (nothing invented), and the only rows
 * without an ack are commands that were in flight at the kill — a batch is on
 * disk whole or not at all, so the hash chain verifies and the restarted
 * hall's state is exactly its log; a kiosk retrying an in-flight request with
 * the same requestId gets the logged ticket (never a second one) or, if it
 * never reached the disk, a new one.
 */
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import type { TicketReceipt } from '../../state-machines/protocol/socket-events.ts';
import { demoConfig, DEMO_TOKENS } from '../support/demo.ts';
import { freePort, spawnServer, type ChildServer } from '../support/child-server.ts';
import { seededRandom } from '../support/day-simulation.ts';
import { logRows } from '../support/log-rows.ts';
import { connect, newRequestId, type TestClient } from '../support/hall-client.ts';
import { logWrites } from '../support/log-writes.ts';
import { kioskFloodHall, tempDataDir } from '../support/server.ts';

const KIOSKS = 40;
const KILLS = 4;
const SEED = 1515;
const QUEUES = ['comprehensive', 'enterprise', 'real-estate', 'tax', 'police'];

const cleanups: (() => unknown)[] = [];
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface Sent {
  requestId: string;
  token: string;
  queueId: string;
  /** The ack, if one came: the seq and number it named. */
  ack?: { seq: number; number: string };
  /** No answer (the kill): in flight. */
  answered: boolean;
}

describe('SIGKILL during a group commit under load from many kiosks', () => {
  it('finds every acknowledged command in the log and no batch half-written', async () => {
    const random = seededRandom(SEED);
    const configPath = kioskFloodHall();
    const tokens = demoConfig.devices.filter((d) => d.kind === 'kiosk').map((d) => d.token);
    expect(tokens.length).toBeGreaterThan(0);
    const actorOf = new Map(demoConfig.devices.filter((d) => d.kind === 'kiosk').map((d) => [d.token, `kiosk:${d.id}`]));
    const dataDir = tempDataDir();
    const port = await freePort();
    let server: ChildServer | undefined;
    cleanups.push(() => server?.kill9());
    const sent: Sent[] = [];
    let shared = { writes: 0, events: 0 };

    for (let round = 0; round < KILLS; round++) {
      server = await spawnServer(dataDir, port, { configPath });
      const kiosks: TestClient[] = [];
      for (let i = 0; i < KIOSKS; i++) kiosks.push(await connect(server.url, '/kiosk', tokens[i % tokens.length]));
      cleanups.push(() => {
        for (const k of kiosks) k.close();
      });
      const ackedBefore = sent.filter((s) => s.ack).length;
      // Kill after a seeded number of acks in this round: somewhere in the middle of the stream.
      const killAfter = 2 * KIOSKS + Math.floor(random() * 80);
      let running = true;
      let ackedThisRound = 0;
      let inFlightAtKill = -1;
      let killing: Promise<void> | undefined;
      let counted: Promise<void> = Promise.resolve();
      const live = server;
      const kill = () => {
        running = false;
        inFlightAtKill = sent.filter((s) => !s.answered).length;
        killing = live.kill9();
      };
      const worker = async (k: TestClient, token: string, w: number) => {
        for (let n = 0; running && n < 500; n++) {
          const s: Sent = { requestId: newRequestId(), token, queueId: QUEUES[(w + n) % QUEUES.length]!, answered: false };
          sent.push(s);
          const answer = await k.request<TicketReceipt>('ticket:take', { requestId: s.requestId, queueId: s.queueId }).catch(() => undefined);
          if (answer === undefined) return; // the kill: no answer, in flight
          s.answered = true;
          if (!answer.ok) throw new Error(`refused: ${answer.error.code}`);
          s.ack = { seq: answer.seq, number: answer.result.ticket.number };
          ackedThisRound++;
          // Read the counters a little before the kill: batches of several commands were being written.
          if (ackedThisRound === killAfter - KIOSKS) {
            counted = logWrites(live.url).then((w) => {
              shared = w;
            });
          }
          // Then (once the counters are read) kill at a seeded moment of the hall's cycle (decide the batch, write it, answer it: tens of ms under this load).
          if (ackedThisRound === killAfter) {
            const delay = Math.floor(random() * 40);
            void counted.then(() => setTimeout(() => running && kill(), delay));
          }
        }
      };
      await Promise.all(kiosks.map((k, w) => worker(k, tokens[w % tokens.length]!, w)));
      if (running) kill();
      await killing;
      for (const k of kiosks) k.close();
      expect(sent.filter((s) => s.ack).length - ackedBefore).toBeGreaterThanOrEqual(killAfter);
      // Under load from many kiosks the hall shares fsyncs: more events were written than transactions.
      expect(shared.events).toBeGreaterThan(shared.writes);
      expect(inFlightAtKill).toBeGreaterThan(0);

      // The log after the kill.
      const rows = logRows(dataDir);
      const bySeq = new Map(rows.map((r) => [r.seq, r]));
      const keyOf = (s: Sent) => `${actorOf.get(s.token)}:${s.requestId}`;
      for (const s of sent.filter((x) => x.ack)) {
        const row = bySeq.get(s.ack!.seq);
        expect(row?.request_key, `ack seq ${s.ack!.seq}`).toBe(keyOf(s));
        expect(JSON.parse(row!.payload)).toMatchObject({ type: 'ticket.issued', number: s.ack!.number, queueId: s.queueId });
      }
      // Nothing invented and nothing twice: every row is one sent request; a row without an ack was in flight at the kill.
      const sentByKey = new Map(sent.map((s) => [keyOf(s), s]));
      // (The clock's own rows, if a deadline fell due, carry no request key.)
      const commandRows = rows.filter((r) => r.request_key !== null);
      expect(new Set(commandRows.map((r) => r.request_key)).size).toBe(commandRows.length);
      for (const r of commandRows) {
        const s = sentByKey.get(r.request_key!);
        expect(s, `row ${r.seq} is no request a kiosk sent`).toBeDefined();
        // A row without an ack was in flight at the kill; a row with one is at the seq its ack named.
        if (s?.ack) expect(s.ack.seq).toBe(r.seq);
        else expect(s?.answered, `row ${r.seq}`).toBe(false);
      }
      expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
      const loggedUnacked = commandRows.filter((r) => !sentByKey.get(r.request_key!)?.ack).length;
      console.log(
        `group-commit kill ${round + 1}: ${rows.length} rows, ${inFlightAtKill} in flight at the kill (${loggedUnacked} of them written, unacknowledged), ` +
          `${shared.events} events in ${shared.writes} writes before it`,
      );
      const verified = spawnSync('npm', ['run', '--silent', 'verify-log', '--', '--data', dataDir], { encoding: 'utf8' });
      expect(verified.status, verified.stderr).toBe(0);

      // Restart: the state is exactly the log; in-flight requests retried get their logged ticket or a new one, never two.
      server = await spawnServer(dataDir, port, { configPath });
      const display = await connect(server.url, '/display', DEMO_TOKENS.display);
      expect(Object.keys(display.snapshot.state.tickets).length).toBe(rows.filter((r) => r.type === 'ticket.issued').length);
      expect(display.snapshot.seq).toBe(rows.length);
      display.close();
      const inFlight = sent.filter((s) => !s.answered);
      const retryKiosks = new Map<string, TestClient>();
      for (const s of inFlight) {
        let k = retryKiosks.get(s.token);
        if (!k) {
          k = await connect(server.url, '/kiosk', s.token);
          retryKiosks.set(s.token, k);
        }
        const logged = rows.find((r) => r.request_key === keyOf(s));
        const again = await k.request<TicketReceipt>('ticket:take', { requestId: s.requestId, queueId: s.queueId });
        expect(again.ok).toBe(true);
        if (!again.ok) continue;
        if (logged) expect(again.seq).toBe(logged.seq);
        else expect(again.seq).toBeGreaterThan(rows.length);
        s.answered = true;
        s.ack = { seq: again.seq, number: again.result.ticket.number };
      }
      for (const k of retryKiosks.values()) k.close();
      const afterRetries = logRows(dataDir);
      expect(afterRetries.length).toBe(rows.length + inFlight.filter((s) => !rows.some((r) => r.request_key === keyOf(s))).length);
      await server.kill9();
      server = undefined;
    }
  }, 240_000);
});
