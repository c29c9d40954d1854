/**
 * 双机热备 (issue 17, README § Standby): the hall's two servers as real processes on loopback.
 *
 * The kill loop: kiosks take tickets (each every 0.5 s after its answer) from whichever server is primary; the primary
 * is SIGKILLed, the standby takes over, the killed one restarts and rejoins as the standby, and again — roles
 * alternate. Every kiosk keeps its unanswered request and retries it (same requestId) on the new primary. After
 * the loop: every acknowledged ticket is in the final log at the seq and number its ack named, no number was
 * issued twice, every request key is in the log once, and both servers' logs are the same rows. The loop runs
 * STANDBY_KILLS times (4 in `npm test`; `npm run standby-kill-loop` runs 50).
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { TicketReceipt } from '../../state-machines/protocol/socket-events.ts';
import { DEMO_TOKENS, demoConfig } from '../support/demo.ts';
import { logRows } from '../support/log-rows.ts';
import { connect, newRequestId, type TestClient } from '../support/hall-client.ts';
import { kioskFloodHall } from '../support/server.ts';
import { healthz, makePair, waitFor } from '../support/standby-pair.ts';

const KILLS = Number(process.env.STANDBY_KILLS ?? 4);
const KIOSKS = 6;
const QUEUES = ['comprehensive', 'enterprise', 'real-estate', 'tax', 'police', 'construction', 'social-insurance'];
/**
 * Each kiosk waits this long between tickets: 6 kiosks take ~12 a second — far above a county hall's peak — and
 * 50 kills (~8 s a round) stay within the 999 numbers a queue has in a day.
 */
const PACE_MS = 500;

const cleanups: (() => unknown)[] = [];
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const configPath = kioskFloodHall();
const kioskTokens = demoConfig.devices.filter((d) => d.kind === 'kiosk').map((d) => d.token);
const actorOf = new Map(demoConfig.devices.filter((d) => d.kind === 'kiosk').map((d) => [d.token, `kiosk:${d.id}`]));

interface Sent {
  requestId: string;
  token: string;
  queueId: string;
  ack?: { seq: number; number: string };
}

describe('a standby that takes over with nothing acknowledged lost', () => {
  it(`kill -9 the primary ${KILLS} times under load, roles alternating: every ack in the log once, no number twice, both logs equal`, async () => {
    const pair = await makePair(configPath);
    cleanups.push(() => pair.close());
    await pair.start(0);
    await pair.start(1);
    await pair.inSync(0);

    const sent: Sent[] = [];
    const takeovers: number[] = [];
    let running = true;
    let primaryUrl = pair.members[0]!.url;
    const kiosk = async (w: number) => {
      const token = kioskTokens[w % kioskTokens.length]!;
      let client: TestClient | undefined;
      let pending: Sent | undefined;
      for (let n = 0; running && n < 20_000; n++) {
        try {
          client ??= await connect(primaryUrl, '/kiosk', token);
        } catch {
          await new Promise((r) => setTimeout(r, 100));
          continue;
        }
        // An unanswered request is sent again as it was (same requestId) until some server answers it.
        const s: Sent = pending ?? { requestId: newRequestId(), token, queueId: QUEUES[(w + n) % QUEUES.length]! };
        if (pending === undefined) sent.push(s);
        pending = s;
        const answer = await client.request<TicketReceipt>('ticket:take', { requestId: s.requestId, queueId: s.queueId }).catch(() => undefined);
        if (answer === undefined || !answer.ok) {
          if (answer !== undefined) expect(answer.error.code, 'a refusal other than the write one').toBe('STORAGE_UNAVAILABLE');
          client.close();
          client = undefined;
          await new Promise((r) => setTimeout(r, 100));
          continue;
        }
        s.ack = { seq: answer.seq, number: answer.result.ticket.number };
        pending = undefined;
        await new Promise((r) => setTimeout(r, PACE_MS));
      }
      client?.close();
    };
    const load = Promise.all(Array.from({ length: KIOSKS }, (_, w) => kiosk(w)));

    for (let round = 0; round < KILLS; round++) {
      const p = await pair.primary();
      const s = 1 - p;
      primaryUrl = pair.members[p]!.url;
      const acked = sent.filter((x) => x.ack).length;
      await waitFor('tickets on this primary', async () => (sent.filter((x) => x.ack).length >= acked + 12 ? true : undefined), 30_000);
      const killedAt = Date.now();
      await pair.members[p]!.child!.kill9();
      await waitFor('the standby to take over', async () => ((await pair.role(s)) === 'primary' ? true : undefined), 15_000);
      takeovers.push(Date.now() - killedAt);
      primaryUrl = pair.members[s]!.url;
      // The killed server comes back as the standby and catches up.
      await pair.start(p);
      await waitFor('the killed server to rejoin as the standby', async () => ((await pair.role(p)) === 'standby' ? true : undefined), 15_000);
      await pair.inSync(s);
    }
    const last = sent.filter((x) => x.ack).length;
    await waitFor('tickets after the last takeover', async () => (sent.filter((x) => x.ack).length >= last + 12 ? true : undefined), 30_000);
    running = false;
    await load;

    const p = await pair.primary();
    const h = await pair.inSync(p);
    const rows = logRows(pair.members[p]!.dataDir);
    // Every acknowledged ticket at the seq and number its ack named.
    const bySeq = new Map(rows.map((r) => [r.seq, r]));
    const keyOf = (x: Sent) => `${actorOf.get(x.token)}:${x.requestId}`;
    let lost = 0;
    for (const x of sent.filter((y) => y.ack)) {
      const row = bySeq.get(x.ack!.seq);
      if (row?.request_key !== keyOf(x)) lost++;
      else expect(JSON.parse(row.payload)).toMatchObject({ type: 'ticket.issued', number: x.ack!.number, queueId: x.queueId });
    }
    expect(lost, 'acknowledged tickets missing from the log').toBe(0);
    // No number twice, no request twice.
    const issued = rows.filter((r) => r.type === 'ticket.issued').map((r) => JSON.parse(r.payload) as { number: string; queueId: string });
    expect(new Set(issued.map((t) => `${t.queueId}:${t.number}`)).size).toBe(issued.length);
    const keys = rows.filter((r) => r.request_key !== null).map((r) => r.request_key);
    expect(new Set(keys).size).toBe(keys.length);
    // One takeover event per kill, terms 1…KILLS, the chain unbroken.
    const terms = rows.filter((r) => r.type === 'hall.taken_over').map((r) => (JSON.parse(r.payload) as { term: number }).term);
    expect(terms).toEqual(Array.from({ length: KILLS }, (_, i) => i + 1));
    expect(h.standby.lastTakeover).toMatchObject({ term: KILLS });
    // The standby holds the same rows (same hashes).
    const standbyRows = logRows(pair.members[1 - p]!.dataDir);
    expect(standbyRows.length).toBe(rows.length);
    expect(standbyRows[standbyRows.length - 1]!.hash).toBe(rows[rows.length - 1]!.hash);
    const sorted = [...takeovers].sort((a, b) => a - b);
    console.log(
      `standby kill loop: ${KILLS} kills, ${sent.filter((x) => x.ack).length} tickets acknowledged, lost 0, duplicate numbers 0; ` +
        `takeover (kill → the other says primary) p50 ${sorted[Math.floor(sorted.length / 2)]} ms, max ${sorted[sorted.length - 1]} ms`,
    );
    for (const t of takeovers) expect(t).toBeLessThan(5000);
  }, 600_000);

  it('a primary frozen (cut off) and resumed acknowledges nothing once the standby has taken over, and rejoins as the standby', async () => {
    const pair = await makePair(configPath);
    cleanups.push(() => pair.close());
    await pair.start(0);
    await pair.start(1);
    await pair.inSync(0);
    const [a, b] = pair.members as [NonNullable<(typeof pair.members)[0]>, NonNullable<(typeof pair.members)[1]>];
    const oldKiosk = await connect(a.url, '/kiosk', kioskTokens[0]!);
    cleanups.push(() => oldKiosk.close());
    // A wall display on A: when A stands down its link drops as if A had died ('transport close'), so it follows the
    // hall — not 'io server disconnect', which a clerk's panel would take as the end of its session.
    const display = await connect(a.url, '/display', DEMO_TOKENS.display);
    cleanups.push(() => display.close());
    let displayLost: string | undefined;
    display.socket.on('disconnect', (reason) => {
      displayLost = reason;
    });
    const first = await oldKiosk.request<TicketReceipt>('ticket:take', { requestId: newRequestId(), queueId: 'tax' });
    expect(first.ok).toBe(true);
    // The standby keeps the 统计报表 as it keeps the log (a takeover has nothing to fold): A's ticket is a row there.
    const firstId = first.ok ? first.result.ticket.id : '';
    await waitFor('the ticket in the standby’s reports', async () => {
      const db = new Database(join(b.dataDir, 'hall.sqlite'), { readonly: true });
      try {
        return (db.prepare('SELECT count(*) AS n FROM report_visits WHERE ticket_id = ?').get(firstId) as { n: number }).n === 1 ? true : undefined;
      } catch {
        return undefined;
      } finally {
        db.close();
      }
    });
    a.child!.process.kill('SIGSTOP');
    await waitFor('B to take over', async () => ((await pair.role(1)) === 'primary' ? true : undefined), 15_000);
    const newKiosk = await connect(b.url, '/kiosk', kioskTokens[1]!);
    cleanups.push(() => newKiosk.close());
    const onB = await newKiosk.request<TicketReceipt>('ticket:take', { requestId: newRequestId(), queueId: 'tax' });
    expect(onB.ok).toBe(true);
    // A wakes up with a kiosk still connected to it: whatever it is asked, it acknowledges nothing.
    const late = newRequestId();
    const askA = oldKiosk.request<TicketReceipt>('ticket:take', { requestId: late, queueId: 'tax' }).catch(() => undefined);
    a.child!.process.kill('SIGCONT');
    const answer = await askA;
    expect(answer?.ok ?? false).toBe(false);
    // It stands down and rejoins as the standby; its unacknowledged row (if it wrote one) is set aside.
    await waitFor('A to stand down', async () => ((await pair.role(0)) === 'standby' ? true : undefined), 15_000);
    expect(displayLost).toBe('transport close');
    await pair.inSync(1);
    const rowsA = logRows(a.dataDir);
    const rowsB = logRows(b.dataDir);
    expect(rowsA.map((r) => r.hash)).toEqual(rowsB.map((r) => r.hash));
    expect(rowsB.some((r) => r.request_key?.endsWith(late) === true)).toBe(false);
    const onBNumber = onB.ok ? onB.result.ticket.number : '';
    expect(rowsB.filter((r) => r.type === 'ticket.issued' && (JSON.parse(r.payload) as { number: string }).number === onBNumber)).toHaveLength(1);
  }, 120_000);

  it('the standby killed: the primary refuses (refuse) or carries on alone (continue), and /healthz says which', async () => {
    for (const whenLost of ['refuse', 'continue'] as const) {
      const pair = await makePair(configPath, whenLost);
      cleanups.push(() => pair.close());
      await pair.start(0);
      await pair.start(1);
      await pair.inSync(0);
      if (whenLost === 'refuse') {
        // The standby serves no hall: a page opened there is sent to the primary, anything else is 503 NOT_PRIMARY.
        const page = await fetch(`${pair.members[1]!.url}/kiosk/?token=x`, { redirect: 'manual', headers: { accept: 'text/html' } });
        expect(page.status).toBe(307);
        expect(page.headers.get('location')).toBe(`${pair.members[0]!.url}/kiosk/?token=x`);
        const api = await fetch(`${pair.members[1]!.url}/api/hall`);
        expect(api.status).toBe(503);
        expect(((await api.json()) as { error: { code: string } }).error.code).toBe('NOT_PRIMARY');
        await expect(connect(pair.members[1]!.url, '/kiosk', kioskTokens[0]!)).rejects.toThrow();
      }
      const k = await connect(pair.members[0]!.url, '/kiosk', kioskTokens[0]!);
      cleanups.push(() => k.close());
      expect((await k.request<TicketReceipt>('ticket:take', { requestId: newRequestId(), queueId: 'tax' })).ok).toBe(true);
      await pair.members[1]!.child!.kill9();
      const answer = await k.request<TicketReceipt>('ticket:take', { requestId: newRequestId(), queueId: 'tax' });
      const h = await healthz(pair.members[0]!.url);
      if (whenLost === 'refuse') {
        expect(answer.ok).toBe(false);
        if (!answer.ok) expect(answer.error.code).toBe('STORAGE_UNAVAILABLE');
        expect(h?.standby).toMatchObject({ role: 'primary', link: 'down', alone: 'no' });
      } else {
        expect(answer.ok).toBe(true);
        expect(h?.standby).toMatchObject({ role: 'primary', link: 'down', alone: 'continue-configured' });
      }
      // The standby back: it catches up and the primary acknowledges again.
      await pair.start(1);
      await pair.inSync(0);
      expect((await k.request<TicketReceipt>('ticket:take', { requestId: newRequestId(), queueId: 'tax' })).ok).toBe(true);
      await pair.close();
    }
  }, 120_000);
  it('both servers lose power at once and start together: one leads, the other follows, every ticket acknowledged before is there', async () => {
    const pair = await makePair(configPath);
    cleanups.push(() => pair.close());
    await pair.start(0);
    await pair.start(1);
    await pair.inSync(0);
    const acked: { requestId: string; seq: number }[] = [];
    const take = async (url: string) => {
      const k = await connect(url, '/kiosk', kioskTokens[0]!);
      try {
        for (let i = 0; i < 5; i++) {
          const requestId = newRequestId();
          const r = await k.request<TicketReceipt>('ticket:take', { requestId, queueId: 'tax' });
          expect(r.ok).toBe(true);
          if (r.ok) acked.push({ requestId, seq: r.seq });
        }
      } finally {
        k.close();
      }
    };
    await take(pair.members[0]!.url);
    // A takeover first, so the logs hold a term: B holds the hall, A rejoins as its standby.
    await pair.members[0]!.child!.kill9();
    await waitFor('B to take over', async () => ((await pair.role(1)) === 'primary' ? true : undefined), 15_000);
    await pair.start(0);
    await pair.inSync(1);
    await take(pair.members[1]!.url);

    // The hall's power goes: both at once. Then both come back together.
    await Promise.all(pair.members.map((m) => m.child!.kill9()));
    await Promise.all([pair.start(0), pair.start(1)]);
    const p = await pair.primary();
    await pair.inSync(p);
    expect(await pair.role(1 - p)).toBe('standby');
    await take(pair.members[p]!.url);
    const rows = logRows(pair.members[p]!.dataDir);
    for (const a of acked) expect(rows.find((r) => r.seq === a.seq)?.request_key?.endsWith(a.requestId), `seq ${a.seq}`).toBe(true);
  }, 120_000);
  for (const roles of [
    ['primary', 'primary'],
    ['standby', 'standby'],
  ] as const) {
    it(`both set to ${roles[0]} by mistake and started together: one leads, the other holds its log`, async () => {
      const pair = await makePair(configPath, 'refuse', undefined, [...roles]);
      cleanups.push(() => pair.close());
      await Promise.all([pair.start(0), pair.start(1)]);
      const p = await pair.primary();
      await pair.inSync(p);
      await waitFor('the other as standby', async () => ((await pair.role(1 - p)) === 'standby' ? true : undefined));
      const k = await connect(pair.members[p]!.url, '/kiosk', kioskTokens[0]!);
      cleanups.push(() => k.close());
      expect((await k.request<TicketReceipt>('ticket:take', { requestId: newRequestId(), queueId: 'tax' })).ok).toBe(true);
    }, 60_000);
  }
});
