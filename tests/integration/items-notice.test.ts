/**
 * 事项 and 一次性告知 over the real server (issue 14 items 1, 2 and the 一件事 of 6): a ticket taken
 * with an item or a 一件事 bundle carries it; a bad item is refused and changes nothing; the notice
 * prints on the kiosk's printer and on the window's counter printer (GB18030 bytes decoded from the
 * fake printer), and for a visitor turned away (不予受理) it marks exactly what the case lists as
 * missing; the ticket's phone page shows the notice and nothing of the visitor.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CaseResult, TicketReceipt } from '../../state-machines/protocol/socket-events.ts';
import { CLERK_W5, DEMO_TOKENS } from '../support/demo.ts';
import { connectRecording } from '../support/device-client.ts';
import { startDeviceHall } from '../support/device-hall.ts';
import { decodeEscPos } from '../support/escpos-decoder.ts';
import { FakePrinter } from '../support/fake-printer.ts';
import { connect, login, newRequestId, until } from '../support/hall-client.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Monday 23 November 2026, 10:00 in the hall. */
const MONDAY_TEN = Date.parse('2026-11-23T10:00:00+08:00');

async function setup() {
  const kioskPrinter = await new FakePrinter().start();
  const windowPrinter = await new FakePrinter().start();
  cleanups.push(
    () => kioskPrinter.stop(),
    () => windowPrinter.stop(),
  );
  const server = await startDeviceHall({ printerPort: kioskPrinter.port, windowPrinterPort: windowPrinter.port, now: () => MONDAY_TEN });
  cleanups.push(() => server.close());
  const kiosk = await connectRecording(server.url, '/kiosk', DEMO_TOKENS.kiosk);
  cleanups.push(() => kiosk.close());
  const panel = await connect(server.url, '/window', (await login(server.url, CLERK_W5)).token);
  cleanups.push(() => panel.close());
  expect((await panel.request('window:open', { requestId: newRequestId(), window: 5 })).ok).toBe(true);
  const take = (queueId: string, itemId?: string) => kiosk.request<TicketReceipt>('ticket:take', { requestId: newRequestId(), queueId, itemId });
  return { kioskPrinter, windowPrinter, server, kiosk, panel, take };
}

describe('事项 on the ticket', () => {
  it('takes a ticket with an item or a bundle; an unknown item or one of another queue is refused and nothing changes', async () => {
    const { server, take, panel } = await setup();
    const first = await take('real-estate', 'resale-transfer');
    expect(first.ok && first.result.ticket).toMatchObject({ queueId: 'real-estate', itemId: 'resale-transfer', number: 'D001' });

    const seq = server.hall.seq;
    const unknown = await take('real-estate', 'no-such-item');
    expect(unknown.ok || unknown.error).toMatchObject({ code: 'NOT_FOUND', message: '没有这个事项' });
    const elsewhere = await take('real-estate', 'id-card-renewal');
    expect(elsewhere.ok || elsewhere.error).toMatchObject({ code: 'BAD_REQUEST', message: '该事项不属于所选业务' });
    // A bundle belongs to its own queue (comprehensive), not to its items' queues.
    const bundleElsewhere = await take('police', 'newborn-one-thing');
    expect(bundleElsewhere.ok || bundleElsewhere.error.code).toBe('BAD_REQUEST');
    expect(server.hall.seq).toBe(seq);
    expect(Object.keys(server.hall.state.tickets)).toHaveLength(1);

    const bundle = await take('comprehensive', 'newborn-one-thing');
    expect(bundle.ok && bundle.result.ticket).toMatchObject({ itemId: 'newborn-one-thing', number: 'A001' });
    const next = await take('real-estate');
    expect(next.ok && next.result.ticket.number).toBe('D002');

    // The clerk's panel gets the ticket in hand with its item.
    const called = await panel.request<{ ticket: { itemId?: string } }>('ticket:call-next', { requestId: newRequestId(), window: 5 });
    expect(called.ok && called.result.ticket.itemId).toBeDefined();
  });
});

describe('一次性告知 on paper', () => {
  it("prints a bundle's notice at the kiosk: its items, each paper once with 原件/复印件 and 份数, the promise", async () => {
    const { kioskPrinter, kiosk } = await setup();
    const ack = await kiosk.request<{ key: string }>('print:materials', { requestId: newRequestId(), itemId: 'newborn-one-thing' });
    expect(ack.ok).toBe(true);
    await kiosk.until((e) => e.jobs.some((j) => j.kind === 'materials' && j.status === 'printed'));
    const d = decodeEscPos(kioskPrinter.bytes);
    const text = d.lines.map((l) => l.trim()).join('');
    expect(d.chineseModeBeforeChinese).toBe(true);
    expect(d.lines).toContain('一次性告知书');
    expect(text).toContain('办理事项：新生儿出生“一件事”');
    expect(text).toContain('出生登记、城乡居民医保参保登记（新生儿）、社会保障卡申领');
    expect(d.lines.filter((l) => l.includes('《出生医学证明》'))).toHaveLength(1);
    expect(text).toContain('《出生医学证明》（原件及复印件各1份）');
    expect(d.lines).toContain('    10个工作日');
    expect(d.cuts).toBe(1);
  });

  it('prints at the window: the item in hand, another item, and for 不予受理 exactly what was missing — once per request', async () => {
    const { windowPrinter, take, panel, server } = await setup();
    const taken = await take('real-estate', 'resale-transfer');
    const ticketId = taken.ok ? taken.result.ticket.id : '';
    for (const [event, payload] of [
      ['ticket:call-next', { window: 5 }],
      ['ticket:start', { window: 5, ticketId }],
      ['ticket:complete', { window: 5, ticketId }],
    ] as const) {
      expect((await panel.request(event, { requestId: newRequestId(), ...payload })).ok).toBe(true);
    }
    // Not yet recorded: there is no turned-away slip to print.
    const early = await panel.request('notice:print', { requestId: newRequestId(), window: 5, ticketId });
    expect(early.ok || early.error.code).toBe('NOT_FOUND');

    const rejected = await panel.request<CaseResult>('case:record', {
      requestId: newRequestId(),
      window: 5,
      ticketId,
      outcome: 'rejected',
      reason: 'missing_materials',
      missing: ['不动产权证书', '法院判决书'],
    });
    expect(rejected.ok).toBe(true);
    const requestId = newRequestId();
    const slip = await panel.request<{ key: string }>('notice:print', { requestId, window: 5, ticketId });
    expect(slip.ok).toBe(true);
    await until(() => decodeEscPos(windowPrinter.bytes).cuts === 1, 8000);
    // The same request again (a retry): nothing new on paper.
    expect((await panel.request('notice:print', { requestId, window: 5, ticketId })).ok).toBe(true);

    const d = decodeEscPos(windowPrinter.bytes);
    const text = d.lines.map((l) => l.trim()).join('');
    expect(text).toContain('办理事项：不动产登记（二手房转移）');
    expect(text).toContain('本次不予受理');
    const marked = d.lines.filter((l) => /^ *\d+\. 【缺】/.test(l));
    expect(marked).toHaveLength(1);
    expect(marked[0]).toContain('不动产权证书（原件1份）');
    expect(d.lines).toContain('【其他缺少的材料】');
    expect(d.lines).toContain(' 1. 法院判决书');
    expect(text).toContain('买卖双方居民身份证（原件及复印件各1份）');

    // Another item, chosen by the clerk.
    expect((await panel.request('notice:print', { requestId: newRequestId(), window: 5, itemId: 'id-card-renewal' })).ok).toBe(true);
    await until(() => decodeEscPos(windowPrinter.bytes).cuts === 2, 8000);
    expect(decodeEscPos(windowPrinter.bytes).lines.join('\n')).toContain('办理事项：居民身份证换领');

    // Refused: another window's printer, an unknown item, nothing to print; nothing printed, nothing in the log.
    const seq = server.hall.seq;
    const other = await panel.request('notice:print', { requestId: newRequestId(), window: 6, itemId: 'id-card-renewal' });
    expect(other.ok || other.error.code).toBe('FORBIDDEN');
    const unknown = await panel.request('notice:print', { requestId: newRequestId(), window: 5, itemId: 'no-such-item' });
    expect(unknown.ok || unknown.error.code).toBe('NOT_FOUND');
    const nothing = await panel.request('notice:print', { requestId: newRequestId(), window: 5 });
    expect(nothing.ok || nothing.error.code).toBe('BAD_REQUEST');
    expect(decodeEscPos(windowPrinter.bytes).cuts).toBe(2);
    expect(server.hall.seq).toBe(seq);
  });
});

describe('一次性告知 on the phone page', () => {
  it("shows the ticket's item notice, and nothing of the visitor or the clerk's case", async () => {
    const { server, take, panel } = await setup();
    const taken = await take('real-estate', 'resale-transfer');
    const ticket = taken.ok ? taken.result.ticket : undefined;
    for (const [event, payload] of [
      ['ticket:call-next', { window: 5 }],
      ['ticket:start', { window: 5, ticketId: ticket?.id }],
      ['ticket:complete', { window: 5, ticketId: ticket?.id }],
    ] as const) {
      expect((await panel.request(event, { requestId: newRequestId(), ...payload })).ok).toBe(true);
    }
    const note = '申请人王小明 13812345678';
    expect(
      (
        await panel.request('case:record', {
          requestId: newRequestId(),
          window: 5,
          ticketId: ticket?.id,
          outcome: 'rejected',
          reason: 'missing_materials',
          missing: ['离婚协议书'],
          note,
        })
      ).ok,
    ).toBe(true);

    const html = await (await fetch(`${server.url}/t/${ticket?.id}`)).text();
    expect(html).toContain('data-testid="ticket-notice"');
    expect(html).toContain('一次性告知 · 不动产登记（二手房转移）');
    expect(html).toContain('<li>不动产权证书（原件1份）</li>');
    expect(html).toContain('承诺时限：</b>5个工作日');
    for (const secret of ['王小明', '13812345678', '离婚协议书', '1009']) expect(html).not.toContain(secret);

    const plain = await take('comprehensive');
    const page = await (await fetch(`${server.url}/t/${plain.ok ? plain.result.ticket.id : ''}`)).text();
    expect(page).not.toContain('ticket-notice');
  });
});
