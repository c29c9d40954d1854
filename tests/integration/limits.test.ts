/**
 * Every command that costs paper, disk or CPU has a limit (issue 11 items 3
 * and 7), tried over the real server:
 *  - paper: a kiosk script asking for material lists (一次性告知) as fast as it
 *    can gets a few printed, the rest RATE_LIMITED — counted on the fake
 *    printer's paper;
 *  - disk: a clerk's session pressing 暂停/恢复 in a loop gets a generous burst
 *    written to the log, then RATE_LIMITED with nothing more written; the
 *    same for a calling keypad's stuck 暂停 key;
 *  - daily caps: a kiosk's sustained budget per hour refuses over the wire,
 *    survives a restart (it is counted from the log) and leaves other kiosks
 *    alone.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ProtocolError } from '../../state-machines/protocol/errors.ts';
import type { TicketReceipt } from '../../state-machines/protocol/socket-events.ts';
import { CLERK_W5, DEMO_TOKENS, demoConfig, TEN_AM } from '../support/demo.ts';
import { connectRecording } from '../support/device-client.ts';
import { KEYPAD_W5, startDeviceHall } from '../support/device-hall.ts';
import { keyPressReports } from '../../devices/hid/keyboard-report.ts';
import { FakeHid } from '../support/fake-hid.ts';
import { decodeEscPos } from '../support/escpos-decoder.ts';
import { FakePrinter } from '../support/fake-printer.ts';
import { connect, login, newRequestId } from '../support/hall-client.ts';
import { demoHallVariant, startTestServer, tempDataDir } from '../support/server.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const refusal = (a: { ok: boolean; error?: ProtocolError }) => (a.ok ? undefined : a.error);

describe('paper', () => {
  it('a kiosk asking for material lists in a loop prints only its burst; the rest are refused and never reach the printer', async () => {
    const printer = await new FakePrinter().start();
    cleanups.push(() => printer.stop());
    const server = await startDeviceHall({ printerPort: printer.port });
    cleanups.push(() => server.close());
    const kiosk = await connectRecording(server.url, '/kiosk', DEMO_TOKENS.kiosk);
    cleanups.push(() => kiosk.close());
    await kiosk.until((e) => e.printer.some((p) => p?.status === 'online'));

    const requests = Array.from({ length: 40 }, () => newRequestId());
    const answers = [];
    for (const requestId of requests) answers.push(await kiosk.request<{ key: string }>('print:materials', { requestId, itemId: 'company-registration' }));
    const accepted = answers.filter((a) => a.ok).length;
    const refused = answers.map(refusal).filter((e) => e !== undefined);
    expect(accepted).toBeGreaterThanOrEqual(3);
    expect(accepted).toBeLessThanOrEqual(4); // the burst, and at most one more if a token refilled during the loop
    expect(refused.length).toBe(answers.length - accepted);
    for (const e of refused) {
      expect(e.code).toBe('RATE_LIMITED');
      expect(e.retryAfterSeconds).toBeGreaterThan(0);
      expect(e.message).toContain('打印告知单过于频繁');
    }
    // A retry of an accepted request is answered, and prints nothing more.
    const first = requests[answers.findIndex((a) => a.ok)]!;
    expect((await kiosk.request('print:materials', { requestId: first, itemId: 'company-registration' })).ok).toBe(true);

    await kiosk.until((e) => e.jobs.filter((j) => j.kind === 'materials' && j.status === 'printed').length === accepted, 20_000);
    await new Promise((r) => setTimeout(r, 300));
    const paper = decodeEscPos(printer.bytes);
    expect(paper.cuts).toBe(accepted);
    expect(paper.lines.filter((l) => l === '一次性告知书')).toHaveLength(accepted);
  }, 60_000);
});

describe('disk', () => {
  it('a clerk session sending commands in a loop gets its burst written, then RATE_LIMITED with nothing more in the log; a minute later it may act again', async () => {
    const clock = { now: TEN_AM };
    const server = await startTestServer({ now: () => clock.now });
    cleanups.push(() => server.close());
    const panel = await connect(server.url, '/window', (await login(server.url, CLERK_W5)).token);
    cleanups.push(() => panel.close());
    const seq = server.hall.seq; // the sign-in
    const { staffCommandBurst, staffCommandsPerMinute } = demoConfig.limits;
    const events = ['window:open', 'window:pause', 'window:resume'];
    let accepted = 0;
    const refused: ProtocolError[] = [];
    for (let i = 0; i < staffCommandBurst * 3; i++) {
      const event = i === 0 ? events[0]! : events[1 + ((i - 1) % 2)]!;
      const answer = await panel.request(event, { requestId: newRequestId(), window: 5, ...(event === 'window:pause' ? { reason: 'break' } : {}) });
      if (answer.ok) accepted++;
      else refused.push(answer.error);
    }
    expect(accepted).toBe(staffCommandBurst);
    expect(server.hall.seq - seq).toBe(staffCommandBurst);
    expect(refused).toHaveLength(staffCommandBurst * 2);
    expect(refused.every((e) => e.code === 'RATE_LIMITED' && (e.retryAfterSeconds ?? 0) > 0)).toBe(true);

    clock.now += 60_000;
    let again = 0;
    for (let i = 0; i < staffCommandsPerMinute + 10; i++) {
      const event = events[1 + ((accepted + i - 1) % 2)]!;
      const answer = await panel.request(event, { requestId: newRequestId(), window: 5, ...(event === 'window:pause' ? { reason: 'break' } : {}) });
      if (answer.ok) again++;
    }
    expect(again).toBe(Math.min(staffCommandBurst, staffCommandsPerMinute));
  }, 60_000);

  it('a stuck 暂停 key on a calling keypad toggles pause/resume only up to the staff burst; the rest are ignored', async () => {
    const printer = await new FakePrinter().start();
    cleanups.push(() => printer.stop());
    const hid = new FakeHid();
    const server = await startDeviceHall({ printerPort: printer.port, withHid: true, loadHid: hid.loader });
    cleanups.push(() => server.close());
    const panel = await connect(server.url, '/window', (await login(server.url, CLERK_W5)).token);
    cleanups.push(() => panel.close());
    expect((await panel.request('window:open', { requestId: newRequestId(), window: 5 })).ok).toBe(true);
    const seq = server.hall.seq;
    const keypad = hid.device(KEYPAD_W5.vendorId, KEYPAD_W5.productId);
    for (let i = 0; i < 300; i++) keypad.send(keyPressReports(0x5e)); // auto-repeat of a key held down
    const written = server.hall.seq - seq;
    expect(written).toBeGreaterThanOrEqual(demoConfig.limits.staffCommandBurst);
    expect(written).toBeLessThanOrEqual(demoConfig.limits.staffCommandBurst + 2);
  });
});

describe('daily caps and public kiosks', () => {
  it('a kiosk issues at most its hourly budget, counted from the log (a restart does not refill it); other kiosks are not affected', async () => {
    const configPath = demoHallVariant((hall) => {
      hall.limits = { kioskTicketsPerMinute: 1000, kioskTicketBurst: 1000, kioskTicketsPerHour: 20 };
    });
    const clock = { now: TEN_AM };
    const dataDir = tempDataDir();
    let server = await startTestServer({ configPath, dataDir, now: () => clock.now });
    let kiosk = await connect(server.url, '/kiosk', DEMO_TOKENS.kiosk);
    const take = (c = kiosk, requestId = newRequestId()) => c.request<TicketReceipt>('ticket:take', { requestId, queueId: 'comprehensive' });
    for (let i = 0; i < 20; i++) {
      clock.now += 60_000; // one a minute, well under the burst rate
      expect((await take()).ok).toBe(true);
    }
    clock.now += 60_000;
    const over = refusal(await take());
    expect(over?.code).toBe('RATE_LIMITED');
    expect(over?.message).toContain('本机一小时内已发出 20 个号');
    // The first of the 20 leaves the hour 40 minutes from now (it was taken 20 minutes into the hour's window).
    expect(over?.retryAfterSeconds).toBeGreaterThan(38 * 60);
    expect(over?.retryAfterSeconds).toBeLessThanOrEqual(40 * 60);

    const other = await connect(server.url, '/kiosk', DEMO_TOKENS.kiosk2);
    expect((await take(other)).ok).toBe(true);
    other.close();

    // A restart rebuilds the count from the log.
    kiosk.close();
    await server.close();
    server = await startTestServer({ configPath, dataDir, now: () => clock.now });
    cleanups.push(() => server.close());
    kiosk = await connect(server.url, '/kiosk', DEMO_TOKENS.kiosk);
    cleanups.push(() => kiosk.close());
    expect(refusal(await take())?.code).toBe('RATE_LIMITED');

    clock.now += over!.retryAfterSeconds! * 1000;
    expect((await take()).ok).toBe(true);
    expect(refusal(await take())?.code).toBe('RATE_LIMITED'); // one left the hour, one came in
  }, 60_000);
});
