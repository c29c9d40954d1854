/**
 * 办件登记 over the real server (issue 14 item 3): at 办结 the clerk records the
 * case — 受理 with its 办件编号 and a promised day counted in the hall's working
 * days (across the National Day holidays and the 调休 Saturday of the shipped
 * calendar), 容缺受理 with the missing papers and a day to bring them, 即办,
 * 不予受理 with why. Once per service, only where it was completed, an 办件编号
 * once while open; refusals store nothing; public screens never receive a case.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CaseResult } from '../../state-machines/protocol/socket-events.ts';
import { CLERK_W6, DEMO_TOKENS, SHIPPED_DEMO_PATH, SUPERVISOR, writeHallVariant } from '../support/demo.ts';
import { login, newRequestId, until, type TestClient } from '../support/hall-client.ts';
import { hallWithWindow5 } from '../support/window-5.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Wednesday 30 September 2026, 10:00 — the National Day holidays (10-01…10-07) start tomorrow; Saturday 10-10 is worked (调休). */
const EVE_OF_NATIONAL_DAY = Date.parse('2026-09-30T10:00:00+08:00');

const record = (panel: TestClient, ticketId: string, fields: Record<string, unknown>) =>
  panel.request<CaseResult>('case:record', { requestId: newRequestId(), window: 5, ticketId, ...fields });

describe('办件登记 over the real server', () => {
  it('受理 promises a day counted in working days across the holidays and a 调休 Saturday; 容缺受理, 即办 and 不予受理 are recorded as said', async () => {
    const config = writeHallVariant((hall) => {
      hall.cases = { defaultPromiseDays: 5, pendingWorkingDays: 2 };
    }, SHIPPED_DEMO_PATH);
    const h = await hallWithWindow5(cleanups, EVE_OF_NATIONAL_DAY, config);
    const display = await h.open('/display', DEMO_TOKENS.display);
    const desk = await h.open('/admin', (await login(h.s.url, SUPERVISOR)).token);

    // 5 working days after 09-30: 10-08 (Thu), 10-09 (Fri), 10-10 (Sat, 调休), 10-12 (Mon), 10-13 (Tue).
    const a = await h.serve();
    const accepted = await record(h.panel, a.id, { outcome: 'accepted', receiptNo: ' bdc-2026-000123 ' });
    expect(accepted).toMatchObject({
      ok: true,
      result: {
        case: {
          id: a.id,
          number: a.number,
          outcome: 'accepted',
          status: 'accepted',
          receiptNo: 'BDC-2026-000123',
          promisedDay: '2026-10-13',
          window: 5,
          clerkId: '1009',
        },
      },
    });

    // 容缺受理: papers due 2 working days later (10-09), the case promised as any other.
    const b = await h.serve();
    const pending = await record(h.panel, b.id, {
      outcome: 'accepted_pending',
      receiptNo: 'BDC-2026-000124',
      missing: ['继承公证书', '继承公证书', ' 村委会证明 '],
    });
    expect(pending).toMatchObject({
      ok: true,
      result: { case: { status: 'pending_materials', materialsDueDay: '2026-10-09', promisedDay: '2026-10-13', missing: ['继承公证书', '村委会证明'] } },
    });

    const c = await h.serve();
    expect(await record(h.panel, c.id, { outcome: 'on_the_spot' })).toMatchObject({ ok: true, result: { case: { status: 'done' } } });
    const d = await h.serve();
    const rejected = await record(h.panel, d.id, { outcome: 'rejected', reason: 'missing_materials', missing: ['分户协议书'], note: '已一次性告知' });
    expect(rejected).toMatchObject({
      ok: true,
      result: { case: { status: 'rejected', reason: 'missing_materials', missing: ['分户协议书'], note: '已一次性告知' } },
    });
    expect(rejected.ok && rejected.result.case.promisedDay).toBeUndefined();

    // The desk has them all; the wall none — and never an 办件编号 or a missing paper on its wire.
    await until(() => Object.keys(desk.snapshot.state.cases ?? {}).length + desk.deltas.filter((x) => x.event.type === 'case.recorded').length >= 4);
    const wall = JSON.stringify([display.snapshot, display.deltas]);
    for (const secret of ['BDC-2026', '继承公证书', '村委会证明', '分户协议书', '已一次性告知', 'case.recorded']) expect(wall).not.toContain(secret);
    const late = await h.open('/display', DEMO_TOKENS.display);
    expect(late.snapshot.state.cases).toBeUndefined();
    const deskNow = await h.open('/admin', (await login(h.s.url, SUPERVISOR)).token);
    expect(Object.values(deskNow.snapshot.state.cases ?? {}).map((x) => x.status)).toEqual(['accepted', 'pending_materials', 'done', 'rejected']);
  });

  it('refuses: twice, before 办结, at another window, an 办件编号 already open, a malformed one, 受理 without one, 容缺 without papers, a reason unless rejected — and stores nothing', async () => {
    const h = await hallWithWindow5(cleanups, EVE_OF_NATIONAL_DAY);
    const served = await h.serve();
    expect((await record(h.panel, served.id, { outcome: 'accepted', receiptNo: 'SB-000001' })).ok).toBe(true);
    const second = await h.serve();
    const waiting = await h.take();
    // Window 6's clerk signs in (an event) before anything is counted.
    const other = await h.open('/window', (await login(h.s.url, CLERK_W6)).token);
    const seq = h.s.hall.seq;
    const refusals: [Record<string, unknown>, string, string][] = [
      [{ ticketId: served.id, outcome: 'on_the_spot' }, 'ILLEGAL_TRANSITION', `${served.number} 号的办件结果已登记`],
      [{ ticketId: waiting.id, outcome: 'on_the_spot' }, 'ILLEGAL_TRANSITION', `${waiting.number} 号尚未办结，办结后再登记办件结果`],
      [{ ticketId: second.id, outcome: 'accepted', receiptNo: 'sb-000001' }, 'LIMIT_REACHED', `办件编号 SB-000001 已由 ${served.number} 号受理，不能重复受理`],
      [{ ticketId: second.id, outcome: 'accepted', receiptNo: 'AB 12' }, 'BAD_REQUEST', '办件编号应为 6–32 位字母、数字或“-”'],
      [{ ticketId: second.id, outcome: 'accepted' }, 'BAD_REQUEST', '受理须填写办件编号（可扫描受理回执）'],
      [{ ticketId: second.id, outcome: 'accepted_pending', receiptNo: 'SB-000002' }, 'BAD_REQUEST', '容缺受理须注明所缺材料'],
      [{ ticketId: second.id, outcome: 'rejected' }, 'BAD_REQUEST', '不予受理须选择原因'],
      [{ ticketId: second.id, outcome: 'rejected', reason: 'missing_materials' }, 'BAD_REQUEST', '容缺受理须注明所缺材料'],
      [{ ticketId: second.id, outcome: 'on_the_spot', reason: 'other' }, 'BAD_REQUEST', '只有不予受理才需选择原因'],
      [{ ticketId: '2026-09-30/Z999', outcome: 'on_the_spot' }, 'NOT_FOUND', '没有这个号码'],
      [{ ticketId: second.id, outcome: 'approved' }, 'BAD_REQUEST', ''],
      [{ ticketId: second.id, outcome: 'rejected', reason: 'other', missing: ['x'.repeat(121)] }, 'BAD_REQUEST', ''],
    ];
    for (const [fields, code, words] of refusals) {
      const a = await record(h.panel, String(fields.ticketId), fields);
      expect(a.ok, JSON.stringify(fields)).toBe(false);
      if (!a.ok) {
        expect(a.error.code).toBe(code);
        if (words) expect(a.error.message).toBe(words);
      }
    }
    // Another window's clerk: window 6 did not complete it.
    const elsewhere = await other.request<CaseResult>('case:record', { requestId: newRequestId(), window: 6, ticketId: second.id, outcome: 'on_the_spot' });
    expect(elsewhere).toMatchObject({ ok: false, error: { code: 'ILLEGAL_TRANSITION', message: `${second.number} 号不是本窗口办结的业务，不能登记办件` } });
    // …nor for a window that is not theirs.
    const notMine = await other.request<CaseResult>('case:record', { requestId: newRequestId(), window: 5, ticketId: second.id, outcome: 'on_the_spot' });
    expect(notMine).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(h.s.hall.seq).toBe(seq);
    expect(Object.keys(h.s.hall.state.cases ?? {})).toEqual([served.id]);
    // A retried request (same requestId) gets the first answer, stored once.
    const requestId = newRequestId();
    const first = await h.panel.request<CaseResult>('case:record', { requestId, window: 5, ticketId: second.id, outcome: 'on_the_spot' });
    const again = await h.panel.request<CaseResult>('case:record', { requestId, window: 5, ticketId: second.id, outcome: 'on_the_spot' });
    expect(again).toEqual(first);
    expect(h.s.hall.eventsSince(seq, 10).map((e) => e.event.type)).toEqual(['case.recorded']);
  });
});
