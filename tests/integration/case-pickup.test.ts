/**
 * 出件 and EMS over the real server (issue 14 item 4, README § Cases): a case accepted at window 5 is
 * marked 办结待取 by the department's system (REST, channel token: idempotent by 办件编号, typed errors,
 * nothing appended on refusal); the ticket's phone page then says 可取件 and where; a kiosk issues a 出件
 * ticket by 办件编号 (or says it is not ready, with the promised day); the 出件 window hands it over
 * (已取件). A case chosen for EMS keeps its recipient off every wire but the EMS window's list.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { describeDay } from '../../state-machines/hall/schedule.ts';
import type { CaseResult, EmsAddressList, TicketReceipt } from '../../state-machines/protocol/socket-events.ts';
import { DEMO_TOKENS, SHIPPED_DEMO_PATH, TEN_AM } from '../support/demo.ts';
import { login, newRequestId, until, type TestClient } from '../support/hall-client.ts';
import { hallWithWindow5 } from '../support/window-5.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const CHANNEL_TOKEN = 'demo-channel-zwfw-online-token';

/** Everything the server sent a client: its snapshot, every event it pushed, and the acks it was given. */
function wireOf(c: TestClient): { text: () => string; acks: unknown[] } {
  const pushed: unknown[] = [];
  c.socket.onAny((...args: unknown[]) => pushed.push(args));
  const acks: unknown[] = [];
  const request = c.request.bind(c);
  c.request = async <T>(event: string, payload: unknown) => {
    const ack = await request<T>(event, payload);
    acks.push(ack);
    return ack;
  };
  return { text: () => JSON.stringify([c.snapshot, c.deltas, pushed, acks]), acks };
}

describe('出件 and EMS over the real server', () => {
  it('受理 → 办结待取 by REST (idempotent, 401, 404, nothing appended on refusal) → phone page 可取件 → kiosk 出件 ticket → 已取件 at a 出件 window', async () => {
    const h = await hallWithWindow5(cleanups, TEN_AM);
    const served = await h.serve();
    const recorded = await h.panel.request<CaseResult>('case:record', {
      requestId: newRequestId(),
      window: 5,
      ticketId: served.id,
      outcome: 'accepted',
      receiptNo: 'BDC-2026-000777',
    });
    expect(recorded.ok).toBe(true);
    const promisedDay = recorded.ok ? recorded.result.case.promisedDay! : '';

    // Not ready: the kiosk says so with the promised day; an unknown or malformed number plainly. Nothing appended.
    const seq = h.s.hall.seq;
    const early = await h.kiosk.request<TicketReceipt>('case:pickup', { requestId: newRequestId(), receiptNo: ' bdc-2026-000777 ' });
    expect(early).toMatchObject({
      ok: false,
      error: { code: 'ILLEGAL_TRANSITION', message: `办件 BDC-2026-000777 尚未办结，暂不能取件。承诺办结日：${describeDay(promisedDay).zh}` },
    });
    expect(await h.kiosk.request('case:pickup', { requestId: newRequestId(), receiptNo: 'NOPE-000001' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: '没有查到办件编号 NOPE-000001，请核对受理回执' },
    });
    expect(await h.kiosk.request('case:pickup', { requestId: newRequestId(), receiptNo: 'AB' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(h.s.hall.seq).toBe(seq);

    // The department's system: a wrong token is 401, an unknown number 404 — nothing appended.
    const ready = (no: string, token = CHANNEL_TOKEN) =>
      fetch(`${h.s.url}/api/cases/${encodeURIComponent(no)}/ready`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    const wrong = await ready('BDC-2026-000777', 'not-the-token');
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    const unknown = await ready('BDC-2026-999999');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: 'NOT_FOUND', message: '没有查到办件编号 BDC-2026-999999，请核对受理回执' } });
    expect((await ready('x y')).status).toBe(400);
    expect(h.s.hall.seq).toBe(seq);

    // Ready: one event; a repeat gets the same answer and appends nothing.
    const first = await ready('bdc-2026-000777');
    expect(first.status).toBe(200);
    const body = await first.json();
    expect(body).toMatchObject({ receiptNo: 'BDC-2026-000777', status: 'ready', statusText: '已办结，可取件', promisedDay });
    expect(h.s.hall.seq).toBe(seq + 1);
    const again = await ready('BDC-2026-000777');
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(body);
    expect(h.s.hall.seq).toBe(seq + 1);
    const log = h.s.hall.state.cases?.[served.id];
    expect(log).toMatchObject({ status: 'ready', readyBy: 'channel:zwfw-online' });

    // The phone page of the accepted ticket: 可取件, and where.
    const page = await (await fetch(`${h.s.url}/t/${served.id}`)).text();
    expect(page).toContain('可取件');
    expect(page).toContain('请到 2、3 号窗口（综合出件窗口）取件');

    // The kiosk issues a 出件 ticket (综合出件, H…); a second while it waits is refused with its number.
    const pickup = await h.kiosk.request<TicketReceipt>('case:pickup', { requestId: newRequestId(), receiptNo: 'BDC-2026-000777' });
    expect(pickup).toMatchObject({ ok: true, result: { ticket: { queueId: 'pickup', number: 'H001' } } });
    expect(await h.kiosk.request('case:pickup', { requestId: newRequestId(), receiptNo: 'BDC-2026-000777' })).toMatchObject({
      ok: false,
      error: { code: 'LIMIT_REACHED', message: '该办件已取出件号 H001，请留意叫号' },
    });
    // The kiosk's wire never names the case.
    expect(JSON.stringify(h.kiosk.deltas)).not.toContain('caseId');

    // Window 2 (综合出件) calls H001 and sees the case linked to it; window 5 may not hand it over.
    const w2 = await h.open('/window', (await login(h.s.url, { staffId: '1003', pin: '123456', window: 2 })).token);
    expect((await w2.request('window:open', { requestId: newRequestId(), window: 2 })).ok).toBe(true);
    expect(await w2.request('ticket:call-next', { requestId: newRequestId(), window: 2 })).toMatchObject({ ok: true });
    await until(
      () =>
        w2.deltas.some((d) => d.event.type === 'ticket.issued' && d.event.caseId === served.id) ||
        w2.snapshot.state.cases?.[served.id]?.pickupTicketId !== undefined,
    );
    expect(await h.panel.request('case:picked-up', { requestId: newRequestId(), window: 5, caseId: served.id })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: '5 号窗口不是综合出件窗口，不能办理取件' },
    });
    const handed = await w2.request<CaseResult>('case:picked-up', { requestId: newRequestId(), window: 2, caseId: served.id });
    expect(handed).toMatchObject({ ok: true, result: { case: { status: 'picked_up', closedWindow: 2, receiptNo: 'BDC-2026-000777' } } });
    const after = await (await fetch(`${h.s.url}/t/${served.id}`)).text();
    expect(after).toContain('已取件');
    // A case picked up is not ready again.
    expect(await (await ready('BDC-2026-000777')).json()).toMatchObject({ status: 'picked_up' });
  });

  it('EMS: the recipient is kept server-side — masked in the log and on every wire but the EMS window’s list; mailed with the waybill', async () => {
    const h = await hallWithWindow5(cleanups, TEN_AM);
    const display = await h.open('/display', DEMO_TOKENS.display);
    const wall = wireOf(display);
    const kioskWire = wireOf(h.kiosk);
    const panelWire = wireOf(h.panel);
    const served = await h.serve();
    await h.panel.request('case:record', { requestId: newRequestId(), window: 5, ticketId: served.id, outcome: 'accepted', receiptNo: 'EMS-2026-000001' });
    const recipient = { name: '张小三', phone: '13812345678', address: '浙江省杭州市西湖区文三路100号3幢' };
    const seq = h.s.hall.seq;
    // Over limits: refused, nothing stored.
    const tooLong = await h.panel.request('case:ems', { requestId: newRequestId(), window: 5, caseId: served.id, ...recipient, address: '路'.repeat(121) });
    expect(tooLong).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', field: 'address' } });
    expect(h.s.hall.seq).toBe(seq);
    const chosen = await h.panel.request<CaseResult>('case:ems', { requestId: newRequestId(), window: 5, caseId: served.id, ...recipient });
    expect(chosen).toMatchObject({
      ok: true,
      result: { case: { delivery: { nameMasked: '张*三', phoneMasked: '138****5678', addressMasked: '浙江省杭州市****' } } },
    });
    expect(await h.panel.request('case:ems', { requestId: newRequestId(), window: 5, caseId: served.id, ...recipient })).toMatchObject({
      ok: false,
      error: { message: '该办件已登记邮寄地址' },
    });

    // Ready; a 出件 ticket is refused: it goes by mail.
    expect((await fetch(`${h.s.url}/api/cases/EMS-2026-000001/ready`, { method: 'POST', headers: { authorization: `Bearer ${CHANNEL_TOKEN}` } })).status).toBe(
      200,
    );
    expect(await h.kiosk.request('case:pickup', { requestId: newRequestId(), receiptNo: 'EMS-2026-000001' })).toMatchObject({
      ok: false,
      error: { message: '办件 EMS-2026-000001 已选择免费邮寄，将由EMS寄送，无需到窗口取件' },
    });
    const page = await (await fetch(`${h.s.url}/t/${served.id}`)).text();
    expect(page).toContain('将通过中国邮政EMS免费寄出');

    // Only the EMS window's clerk reads the full recipient; window 5 may not.
    expect(await h.panel.request('case:ems-list', { window: 5 })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const ems = await h.open('/window', (await login(h.s.url, { staffId: '1013', pin: '123456', window: 7 })).token);
    const list = await ems.request<EmsAddressList>('case:ems-list', { window: 7 });
    expect(list).toMatchObject({ ok: true, result: { entries: [{ caseId: served.id, ...recipient }] } });
    expect(await ems.request('case:mailed', { requestId: newRequestId(), window: 7, caseId: served.id, waybillNo: 'no' })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST', field: 'waybillNo' },
    });
    const mailed = await ems.request<CaseResult>('case:mailed', { requestId: newRequestId(), window: 7, caseId: served.id, waybillNo: 'ea123456789cn' });
    expect(mailed).toMatchObject({ ok: true, result: { case: { status: 'mailed', waybillNo: 'EA123456789CN' } } });
    // Mailed: the recipient has left the hall's disk.
    expect(await ems.request('case:ems-list', { window: 7 })).toMatchObject({ ok: true, result: { entries: [] } });

    // The wall, the kiosk and the accepting clerk's panel never received the name, the phone or the address.
    await until(() => h.panel.deltas.some((d) => d.event.type === 'case.mailed'));
    for (const wire of [wall, kioskWire, panelWire]) {
      const text = wire.text();
      for (const secret of ['张小三', '13812345678', '文三路', '西湖区']) expect(text).not.toContain(secret);
    }
    expect(panelWire.text()).toContain('浙江省杭州市****');
    expect(wall.text()).not.toContain('浙江省杭州市');
    // Nor does the log: its events carry the masks.
    const db = new Database(join(h.s.dataDir, 'hall.sqlite'), { readonly: true });
    const logText = JSON.stringify(db.prepare('SELECT * FROM events').all());
    db.close();
    expect(logText).toContain('浙江省杭州市****');
    for (const secret of ['张小三', '13812345678', '文三路']) expect(logText).not.toContain(secret);
  });

  it('容缺: 办结待取 waits for the papers (409, nothing appended); once brought, the same REST call succeeds — no stale refusal', async () => {
    const h = await hallWithWindow5(cleanups, TEN_AM);
    const served = await h.serve();
    await h.panel.request('case:record', {
      requestId: newRequestId(),
      window: 5,
      ticketId: served.id,
      outcome: 'accepted_pending',
      receiptNo: 'RK-2026-000005',
      missing: ['村委会证明'],
    });
    const ready = () => fetch(`${h.s.url}/api/cases/RK-2026-000005/ready`, { method: 'POST', headers: { authorization: `Bearer ${CHANNEL_TOKEN}` } });
    const seq = h.s.hall.seq;
    const early = await ready();
    expect(early.status).toBe(409);
    expect(await early.json()).toMatchObject({ error: { code: 'ILLEGAL_TRANSITION', message: '办件 RK-2026-000005 尚缺容缺材料，补齐后才能办结' } });
    expect(h.s.hall.seq).toBe(seq);
    expect(await h.panel.request<CaseResult>('case:materials', { requestId: newRequestId(), window: 5, caseId: served.id })).toMatchObject({
      ok: true,
      result: { case: { status: 'accepted' } },
    });
    const later = await ready();
    expect(later.status).toBe(200);
    expect(await later.json()).toMatchObject({ status: 'ready' });
  });

  it('at night (the 7×24 kiosk) a ready case is told it is ready, and when 出件 numbers are issued again; nothing appended', async () => {
    // The shipped demo hall, with its calendar: Monday 2026-11-23.
    const h = await hallWithWindow5(cleanups, Date.parse('2026-11-23T10:00:00+08:00'), SHIPPED_DEMO_PATH);
    const served = await h.serve();
    const recorded = await h.panel.request<CaseResult>('case:record', {
      requestId: newRequestId(),
      window: 5,
      ticketId: served.id,
      outcome: 'accepted',
      receiptNo: 'BDC-2026-000999',
    });
    expect(recorded.ok).toBe(true);
    const ready = await fetch(`${h.s.url}/api/cases/BDC-2026-000999/ready`, { method: 'POST', headers: { authorization: `Bearer ${CHANNEL_TOKEN}` } });
    expect(ready.status).toBe(200);
    h.clock.now = Date.parse('2026-11-23T21:00:00+08:00');
    await until(() => h.s.hall.state.phase.status === 'closed', 5000);
    const seq = h.s.hall.seq;
    const night = await h.kiosk.request<TicketReceipt>('case:pickup', { requestId: newRequestId(), receiptNo: 'BDC-2026-000999' });
    expect(night).toMatchObject({
      ok: false,
      error: { code: 'TICKETING_CLOSED', message: '办件已办结，可以取件；今日已停止取号，11月24日（周二）08:00 起可取号' },
    });
    expect(h.s.hall.seq).toBe(seq);
  });
});
