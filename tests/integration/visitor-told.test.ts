/**
 * What a visitor is told about their place and wait, through the real server:
 * the kiosk's receipt, the printed ticket (decoded from the bytes the fake
 * network printer received) and the ticket's phone page (HTML and its live
 * JSON view) say the same words — people ahead from the server's own call
 * order, the same wait, the class mark without the private reason, and the
 * hall's own 过号 rule — and the visitor is then called where they were told.
 */
import { get } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { TicketRecord } from '../../state-machines/domain/ticket.ts';
import { noShowRuleText, peopleAheadText, waitText } from '../../state-machines/hall/visitor-texts.ts';
import type { TicketReceipt } from '../../state-machines/protocol/socket-events.ts';
import { DEMO_TOKENS, type HallFileEdit } from '../support/demo.ts';
import { connectRecording } from '../support/device-client.ts';
import { startDeviceHall } from '../support/device-hall.ts';
import { decodeEscPos } from '../support/escpos-decoder.ts';
import { FakePrinter } from '../support/fake-printer.ts';
import { connect, login, newRequestId, type TestClient } from '../support/hall-client.ts';

const MIN = 60_000;
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function hall(change?: HallFileEdit) {
  const clock = { now: Date.parse('2026-11-23T09:00:00+08:00') };
  const printer = await new FakePrinter().start();
  cleanups.push(() => printer.stop());
  const server = await startDeviceHall({ printerPort: printer.port, now: () => clock.now, change });
  cleanups.push(() => server.close());
  // kiosk-1f-1 prints on the fake printer; kiosk-1f-2 has none (the other visitors' tickets stay off this paper).
  const printing = await connectRecording(server.url, '/kiosk', DEMO_TOKENS.kiosk);
  cleanups.push(() => printing.close());
  const other = await connect(server.url, '/kiosk', DEMO_TOKENS.kiosk2);
  cleanups.push(() => other.close());
  const session = await login(server.url, { staffId: '1013', pin: '123456', window: 7 }); // window 7: EMS only
  const clerk = await connect(server.url, '/window', session.token);
  cleanups.push(() => clerk.close());
  const take = async (kiosk: { request: TestClient['request'] }, greenChannel?: string) => {
    const r = await kiosk.request<TicketReceipt>('ticket:take', { requestId: newRequestId(), queueId: 'ems', ...(greenChannel ? { greenChannel } : {}) });
    if (!r.ok) throw new Error(r.error.code);
    return r.result;
  };
  const act = async (event: string, payload: Record<string, unknown> = {}) => {
    const r = await clerk.request<{ ticket: TicketRecord }>(event, { requestId: newRequestId(), window: 7, ...payload });
    if (!r.ok) throw new Error(`${event}: ${r.error.code}`);
    return r.result?.ticket;
  };
  const paperOf = async (ticketId: string) => {
    await printing.until((e) => e.jobs.some((j) => j.ticketId === ticketId && j.status === 'printed'));
    return decodeEscPos(printer.bytes);
  };
  const phone = async (ticketId: string) => {
    const html = await (await fetch(`${server.url}/t/${ticketId}`)).text();
    const json = (await (await fetch(`${server.url}/t/${ticketId}.json`)).json()) as Record<string, unknown>;
    return { html, json };
  };
  return { clock, server, printer, printing, other, take, act, paperOf, phone };
}

describe('what a visitor is told: kiosk receipt, paper and phone page agree', () => {
  it('the issue’s case — a green ticket after walk-ins waited past the lead — is told 2 ahead everywhere and called third', async () => {
    const h = await hall();
    await h.act('window:open');
    const atCounter = await h.take(h.other);
    await h.act('ticket:call-next');
    await h.act('ticket:start', { ticketId: atCounter.ticket.id });
    h.clock.now += 1 * MIN;
    const w1 = await h.take(h.other);
    h.clock.now += 4 * MIN;
    const w2 = await h.take(h.other);
    h.clock.now += 36 * MIN; // 41 min after w1, 36 after w2: beyond the 30-minute lead
    const green = await h.take(h.printing, 'elderly');

    // The kiosk's receipt: 2 ahead (counting by class would say 0), and a real wait.
    expect(green.ahead).toBe(2);
    expect(green.wait.kind).toBe('minutes');
    const words = {
      mark: '绿色通道 · 优先叫号',
      ahead: peopleAheadText(2).zh,
      wait: waitText(green.wait, 'ticket').zh,
      rule: noShowRuleText({ policy: 'requeue', maxRequeues: 1, requeueBehind: 3, graceSeconds: 120 }).zh,
    };
    expect(words).toMatchObject({ ahead: '您前面还有 2 人', rule: '过号后当天可到导办台申请重新排队一次。' });
    expect(words.wait).toMatch(/^预计等待约 \d+ 分钟$/);

    // The paper says the same, with the green-channel mark and never the reason.
    const paper = await h.paperOf(green.ticket.id);
    expect(paper.lines).toContain(green.ticket.number);
    expect(paper.lines).toContain(`【${words.mark}】`);
    expect(paper.lines).toContain(words.ahead);
    expect(paper.lines).toContain(words.wait);
    expect(paper.lines).toContain(words.rule);
    expect(paper.lines.join('\n')).not.toMatch(/老年人|elderly|过号无效/);

    // The phone page and its live view say the same, nothing personal.
    const phone = await h.phone(green.ticket.id);
    for (const text of Object.values(words)) expect(phone.html).toContain(text);
    expect(phone.html).not.toMatch(/老年人|elderly|http-equiv="refresh"/);
    expect(phone.json).toMatchObject({
      number: green.ticket.number,
      classMark: words.mark,
      state: words.ahead,
      wait: words.wait,
      rule: words.rule,
      ended: false,
    });
    expect(JSON.stringify(phone.json)).not.toMatch(/elderly|老年人|priorityReason|note/);

    // And it is called third, after w1 and w2.
    const called: string[] = [];
    await h.act('ticket:complete', { ticketId: atCounter.ticket.id });
    for (let i = 0; i < 3; i++) {
      const t = (await h.act('ticket:call-next'))!;
      called.push(t.id);
      if (t.id !== green.ticket.id) await h.act('ticket:complete', { ticketId: t.id });
    }
    expect(called).toEqual([w1.ticket.id, w2.ticket.id, green.ticket.id]);
    const after = await h.phone(green.ticket.id);
    expect(after.json).toMatchObject({ state: '请到 7 号窗口办理', wait: null, ended: false });
  }, 30_000);

  it('before any window opens: 窗口暂未开放 on receipt, paper and phone — never 不到 1 分钟', async () => {
    const h = await hall();
    await h.take(h.other);
    const t = await h.take(h.printing);
    expect(t).toMatchObject({ ahead: 1, wait: { kind: 'not_open' } });
    const paper = await h.paperOf(t.ticket.id);
    expect(paper.lines).toContain('您前面还有 1 人');
    expect(paper.lines).toContain('窗口暂未开放，开放后依次叫号');
    expect(paper.lines.join('\n')).not.toMatch(/不到 1 分钟|预计等待约/);
    expect((await h.phone(t.ticket.id)).json).toMatchObject({ state: '您前面还有 1 人', wait: '窗口暂未开放，开放后依次叫号' });
  }, 30_000);

  it('states the hall’s own 过号 policy: requeue (once, then void for that ticket) and void', async () => {
    const requeue = await hall();
    const t = await requeue.take(requeue.printing);
    expect((await requeue.paperOf(t.ticket.id)).lines).toContain('过号后当天可到导办台申请重新排队一次。');
    expect((await requeue.phone(t.ticket.id)).json).toMatchObject({ rule: '过号后当天可到导办台申请重新排队一次。' });
    // Missed once and requeued: the page now tells this visitor the truth for their ticket.
    await requeue.act('window:open');
    await requeue.act('ticket:call-next');
    requeue.clock.now += 121_000;
    await requeue.act('ticket:no-show', { ticketId: t.ticket.id });
    expect((await requeue.phone(t.ticket.id)).json).toMatchObject({ state: '已过号', ended: false });
    await requeue.act('ticket:requeue', { ticketId: t.ticket.id });
    expect((await requeue.phone(t.ticket.id)).json).toMatchObject({ rule: '过号无效，请重新取号。', state: '您前面还有 0 人' });

    const voidHall = await hall((c) => {
      c.queueRules = { noShow: { policy: 'void' } };
    });
    const v = await voidHall.take(voidHall.printing);
    const paper = await voidHall.paperOf(v.ticket.id);
    expect(paper.lines).toContain('过号无效，请重新取号。');
    expect(paper.lines.join('\n')).not.toContain('重新排队');
    expect((await voidHall.phone(v.ticket.id)).json).toMatchObject({ rule: '过号无效，请重新取号。' });
  }, 30_000);

  it('the phone page’s live view answers 304 when nothing changed, and 404 for a number that is not today’s', async () => {
    const h = await hall();
    const t = await h.take(h.printing);
    const first = await fetch(`${h.server.url}/t/${t.ticket.id}.json`);
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    expect(first.headers.get('cache-control')).toBe('no-cache');
    // As a phone's browser revalidates (Node's fetch would add Cache-Control: no-cache to a conditional request).
    const again = await new Promise<number>((resolve, reject) =>
      get(`${h.server.url}/t/${t.ticket.id}.json`, { headers: { 'if-none-match': etag!, 'cache-control': 'max-age=0' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      }).on('error', reject),
    );
    expect(again).toBe(304);
    expect((await fetch(`${h.server.url}/t/2026-11-23/Z999.json`)).status).toBe(404);
    expect((await fetch(`${h.server.url}/t/2026-11-23/__proto__.json`)).status).toBe(404);
    const script = await fetch(`${h.server.url}/t/ticket-live.js`);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect(await script.text()).toContain("getAttribute('data-live')");
  }, 30_000);
});
