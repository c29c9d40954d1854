/**
 * 导办台 over the real server (issue 14 item 5, and the 咨询 part of item 6): a
 * guide signs in like a clerk, records 首问负责 help, takes a ticket for a
 * visitor (帮办: on the wall's wire as any ticket, nothing personal), files a
 * 办不成事反映 that reaches the supervisor masked with a due day in working
 * days, overdue once that day is over on the hall's clock. Roles stay apart:
 * a clerk cannot do a guide's work nor a guide a clerk's (FORBIDDEN, nothing
 * appended). A 咨询 ticket's enquiry is recorded at 办结; at a window that is
 * not 咨询, for a ticket of another queue, it is refused.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { complaintCounts } from '../../state-machines/domain/guide.ts';
import { serviceDayOf } from '../../state-machines/domain/service-day.ts';
import type { ComplaintResult, EnquiryResult, HelpResult, TicketReceipt, TicketResult } from '../../state-machines/protocol/socket-events.ts';
import { CLERK_W5, CLERK_W6, DEMO_TOKENS, GUIDE, SUPERVISOR } from '../support/demo.ts';
import { connect, login, newRequestId, until, type Namespace } from '../support/hall-client.ts';
import { startTestServer } from '../support/server.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Monday 30 November 2026, 10:00 in the hall (the tests' demo hall has no calendar: Monday to Friday are working days). */
const MONDAY = Date.parse('2026-11-30T10:00:00+08:00');
const DAY = 86_400_000;

async function hall(start: number) {
  const clock = { now: start };
  const s = await startTestServer({ now: () => clock.now, clockMaxSleepMs: 20 });
  cleanups.push(() => s.close());
  const open = async (nsp: Namespace, token: string | undefined) => {
    const c = await connect(s.url, nsp, token);
    cleanups.push(() => c.close());
    return c;
  };
  return { s, clock, open };
}

describe('导办台 over the real server', () => {
  it('a guide records help, takes a ticket for a visitor (the wall sees a plain ticket) and files a complaint the supervisor sees masked, overdue after its due day', async () => {
    const h = await hall(MONDAY);
    const signedIn = await login(h.s.url, GUIDE);
    expect(signedIn.status).toBe(201);
    expect(signedIn.body).toMatchObject({ staff: { id: '8001', role: 'guide' }, window: null });
    const guide = await h.open('/guide', signedIn.token);
    expect(guide.snapshot.identity).toEqual({ role: 'guide', staffId: '8001', staffName: '许文静' });
    const wall = await h.open('/display', DEMO_TOKENS.display);
    const desk = await h.open('/admin', (await login(h.s.url, SUPERVISOR)).token);

    // 首问负责: asked about 不动产登记, answered, walked to window 5.
    const help = await guide.request<HelpResult>('guide:help', {
      requestId: newRequestId(),
      itemId: 'resale-transfer',
      question: '二手房过户要带什么材料',
      answer: '已告知材料清单，请到5号窗口办理',
      handedToWindow: 5,
    });
    expect(help).toMatchObject({
      ok: true,
      result: { help: { id: '2026-11-30/H1', guideId: '8001', itemId: 'resale-transfer', handedTo: { window: 5 }, question: '二手房过户要带什么材料' } },
    });
    const toPerson = await guide.request<HelpResult>('guide:help', {
      requestId: newRequestId(),
      question: '公积金在哪办',
      answer: '公积金中心在二楼',
      handedToPerson: '公积金中心 李科长',
    });
    expect(toPerson).toMatchObject({ ok: true, result: { help: { id: '2026-11-30/H2', handedTo: { person: '公积金中心 李科长' } } } });
    const both = await guide.request('guide:help', { requestId: newRequestId(), question: '问', answer: '答', handedToWindow: 5, handedToPerson: '某人' });
    expect(both).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', field: 'handedToPerson' } });

    // 帮办: a ticket taken for a visitor, marked as the guide's; the wall gets the ticket, nothing else.
    const taken = await guide.request<TicketReceipt>('guide:take-ticket', { requestId: newRequestId(), queueId: 'real-estate' });
    if (!taken.ok) throw new Error(taken.error.message);
    expect(taken.result.ticket.number).toMatch(/^[A-Z]\d+$/);
    expect(taken.result.ahead).toBe(0);
    expect(taken.result.pageKey).toBeUndefined();
    await until(() => wall.deltas.some((d) => d.event.type === 'ticket.issued'));
    const issued = wall.deltas.find((d) => d.event.type === 'ticket.issued')!.event;
    expect(issued).toMatchObject({ ticketId: taken.result.ticket.id, deviceId: 'guide:8001' });

    // 办不成事反映: the visitor's name and phone masked before anything is decided.
    const filed = await guide.request<ComplaintResult>('complaint:file', {
      requestId: newRequestId(),
      itemId: 'resale-transfer',
      what: '跑了三次还没办成过户',
      name: '张三丰',
      phone: '13812345678',
    });
    if (!filed.ok) throw new Error(filed.error.message);
    // 5 working days after Monday 11-30: Tue…Fri, then Monday 12-07.
    expect(filed.result.complaint).toMatchObject({
      id: 'TS20261130-1',
      status: 'open',
      dueDay: '2026-12-07',
      nameMasked: '张*丰',
      phoneMasked: '138****5678',
      guideId: '8001',
    });

    // The supervisor's desk has it; the wall and the guide's own wire have no help, no complaint, no name, no phone.
    await until(() => desk.deltas.some((d) => d.event.type === 'complaint.filed'));
    const onWall = JSON.stringify([wall.snapshot, wall.deltas]);
    const onGuide = JSON.stringify(guide.deltas);
    for (const secret of ['张*丰', '13812345678', '138****5678', '跑了三次', '二手房过户', 'guide.helped', 'complaint.filed'])
      expect(onWall).not.toContain(secret);
    for (const secret of ['张*丰', '138****5678', '跑了三次', 'complaint.filed']) expect(onGuide).not.toContain(secret);
    // Nowhere on disk either: the log holds the masks only.
    const files = readdirSync(h.s.dataDir, { recursive: true, withFileTypes: true }).filter((f) => f.isFile());
    for (const f of files) {
      const bytes = readFileSync(join(f.parentPath, f.name));
      expect(bytes.includes('13812345678'), f.name).toBe(false);
      expect(bytes.includes('张三丰'), f.name).toBe(false);
    }

    // Overdue once its due day is over on the hall's clock (Tuesday 12-08), as the desk counts it.
    const onDesk = (await h.open('/admin', (await login(h.s.url, SUPERVISOR)).token)).snapshot.state.complaints;
    expect(complaintCounts(onDesk, serviceDayOf(MONDAY + 7 * DAY, 'Asia/Shanghai'))).toEqual({ open: 1, overdue: 0 });
    h.clock.now = MONDAY + 8 * DAY;
    const late = await h.open('/admin', (await login(h.s.url, SUPERVISOR)).token);
    expect(complaintCounts(late.snapshot.state.complaints, serviceDayOf(late.snapshot.now, 'Asia/Shanghai'))).toEqual({ open: 1, overdue: 1 });

    // The supervisor takes it on and answers it; resolved is final.
    const step = (event: string, fields: Record<string, unknown>) =>
      late.request<ComplaintResult>(event, { requestId: newRequestId(), complaintId: 'TS20261130-1', ...fields });
    expect(await step('complaint:take', {})).toMatchObject({ ok: true, result: { complaint: { status: 'handling', handler: '9001' } } });
    expect(await step('complaint:resolve', { reply: '已协调不动产中心当日办结，电话回复当事人' })).toMatchObject({
      ok: true,
      result: { complaint: { status: 'resolved', reply: '已协调不动产中心当日办结，电话回复当事人' } },
    });
    expect(await step('complaint:take', {})).toMatchObject({ ok: false, error: { code: 'ILLEGAL_TRANSITION' } });
    expect(await step('complaint:resolve', { reply: ' ' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', field: 'reply' } });
  });

  it('roles stay apart: a clerk cannot do a guide’s work, a guide cannot call or record, a guide cannot open /window or /admin — FORBIDDEN, nothing appended', async () => {
    const h = await hall(MONDAY);
    const guideToken = (await login(h.s.url, GUIDE)).token;
    const guide = await h.open('/guide', guideToken);
    const clerk = await h.open('/window', (await login(h.s.url, CLERK_W5)).token);
    const desk = await h.open('/admin', (await login(h.s.url, SUPERVISOR)).token);
    const before = h.s.hall.seq;

    const guideWork: [string, Record<string, unknown>][] = [
      ['guide:help', { question: '问', answer: '答' }],
      ['guide:take-ticket', { queueId: 'comprehensive' }],
      ['complaint:file', { what: '没办成' }],
    ];
    for (const [event, payload] of guideWork) {
      for (const [who, client] of [
        ['clerk', clerk],
        ['supervisor', desk],
      ] as const) {
        const r = await client.request(event, { requestId: newRequestId(), ...payload });
        expect(r.ok ? 'ok' : r.error.code, `${who} ${event}`).toBe('FORBIDDEN');
      }
    }
    for (const [event, payload] of [
      ['ticket:call-next', { window: 5 }],
      ['window:open', { window: 5 }],
      ['case:record', { window: 5, ticketId: '2026-11-30/A001', outcome: 'on_the_spot' }],
      ['enquiry:record', { window: 5, ticketId: '2026-11-30/A001', topic: 't', answer: 'a' }],
      ['ticket:take', { queueId: 'comprehensive' }],
      ['complaint:take', { complaintId: 'TS20261130-1' }],
      ['ticket:requeue', { ticketId: '2026-11-30/A001' }],
    ] as const) {
      const r = await guide.request(event, { requestId: newRequestId(), ...payload });
      expect(r.ok ? 'ok' : r.error.code, `guide ${event}`).toBe('FORBIDDEN');
    }
    expect(h.s.hall.seq).toBe(before);

    // A guide session opens /guide only; clerk and supervisor sessions cannot open /guide.
    for (const nsp of ['/window', '/admin'] as const) {
      await expect(connect(h.s.url, nsp, guideToken)).rejects.toMatchObject({ data: { code: 'FORBIDDEN' } });
    }
    await expect(connect(h.s.url, '/guide', (await login(h.s.url, SUPERVISOR)).token)).rejects.toMatchObject({ data: { code: 'FORBIDDEN' } });
    await expect(connect(h.s.url, '/guide', (await login(h.s.url, CLERK_W6)).token)).rejects.toMatchObject({ data: { code: 'FORBIDDEN' } });
  });

  it('咨询: at 办结 of a 咨询 ticket the clerk records the enquiry instead of a case; a ticket of another queue at a window that is not 咨询 is refused', async () => {
    const h = await hall(MONDAY);
    const kiosk = await h.open('/kiosk', DEMO_TOKENS.kiosk);
    const w6 = await h.open('/window', (await login(h.s.url, CLERK_W6)).token);
    const w5 = await h.open('/window', (await login(h.s.url, CLERK_W5)).token);
    const wall = await h.open('/display', DEMO_TOKENS.display);
    const serve = async (panel: typeof w5, window: number, queueId: string) => {
      const t = await kiosk.request<TicketReceipt>('ticket:take', { requestId: newRequestId(), queueId });
      if (!t.ok) throw new Error(t.error.message);
      const id = t.result.ticket.id;
      for (const [event, payload] of [
        ['ticket:call-number', { window, ticketId: id }],
        ['ticket:start', { window, ticketId: id }],
        ['ticket:complete', { window, ticketId: id }],
      ] as const) {
        const r = await panel.request<TicketResult>(event, { requestId: newRequestId(), ...payload });
        if (!r.ok) throw new Error(`${event}: ${r.error.message}`);
      }
      return t.result.ticket;
    };
    for (const [panel, window] of [
      [w6, 6],
      [w5, 5],
    ] as const) {
      expect((await panel.request('window:open', { requestId: newRequestId(), window })).ok).toBe(true);
    }

    const consult = await serve(w6, 6, 'consult');
    const enquiry = (panel: typeof w5, window: number, ticketId: string, fields: Record<string, unknown> = {}) =>
      panel.request<EnquiryResult>('enquiry:record', {
        requestId: newRequestId(),
        window,
        ticketId,
        topic: '社保卡补办',
        answer: '带身份证到10号窗口，当场补办',
        ...fields,
      });
    const recorded = await enquiry(w6, 6, consult.id);
    expect(recorded).toMatchObject({
      ok: true,
      result: { enquiry: { id: consult.id, number: consult.number, window: 6, clerkId: '1011', queueId: 'consult', topic: '社保卡补办' } },
    });
    expect(await enquiry(w6, 6, consult.id)).toMatchObject({ ok: false, error: { code: 'ILLEGAL_TRANSITION', field: 'ticketId' } });

    // Window 5 (综合受理) serving a 综合 ticket: not an enquiry — refused, nothing appended.
    const other = await serve(w5, 5, 'comprehensive');
    const before = h.s.hall.seq;
    const refused = await enquiry(w5, 5, other.id);
    expect(refused).toMatchObject({ ok: false, error: { code: 'ILLEGAL_TRANSITION', field: 'ticketId' } });
    expect(!refused.ok && refused.error.message).toContain('不是咨询业务');
    expect(h.s.hall.seq).toBe(before);

    // The desk counts today's enquiries; the wall never sees what was asked.
    const desk = await h.open('/admin', (await login(h.s.url, SUPERVISOR)).token);
    expect(Object.values(desk.snapshot.state.enquiries ?? {}).filter((e) => e.serviceDay === '2026-11-30')).toHaveLength(1);
    expect(JSON.stringify([wall.snapshot, wall.deltas])).not.toContain('社保卡补办');
  });
});
