/**
 * 好差评 over the real server (issue 13 item 1): after 办结 a service is rated
 * once — from the window's rating tablet (socket), its hardware pad (printer-hall.test.ts),
 * or the ticket's phone page (HTTP form) — through one decider. Refusals change nothing;
 * the clerk's panel never receives the level (on the wire); the hall's clock records 未评价;
 * a 差评 opens a follow-up the supervisor takes to the end, due in the hall's working days.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { FollowUpRecord } from '../../state-machines/domain/rating.ts';
import type { Ack, FollowUpResult, RatingResult } from '../../state-machines/protocol/socket-events.ts';
import { CLERK_W5, DEMO_TOKENS, SHIPPED_DEMO_PATH, SUPERVISOR, TEN_AM, writeHallVariant } from '../support/demo.ts';
import { login, newRequestId, until, type TestClient } from '../support/hall-client.ts';
import { demoHallVariant } from '../support/server.ts';
import { hallWithWindow5 as openWindow5 } from '../support/window-5.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
const hallWithWindow5 = (start: number, configPath?: string) => openWindow5(cleanups, start, configPath);

/** Every Engine.IO packet a client receives from now on (events and acks alike), as it came off the wire. */
function record(client: TestClient): unknown[] {
  const received: unknown[] = [];
  client.socket.io.engine.on('packet', (packet: { data?: unknown }) => received.push(packet.data));
  return received;
}

const rate = (tablet: TestClient, ticketId: string, choice: Record<string, unknown>) =>
  tablet.request<RatingResult>('rating:give', { requestId: newRequestId(), ticketId, ...choice });

describe('好差评 over the real server', () => {
  it('the rating tablet rates the service once; the clerk never receives the level, the supervisor does', async () => {
    const h = await hallWithWindow5(TEN_AM);
    const tablet = await h.open('/display', DEMO_TOKENS.ratingTablet5);
    expect(tablet.snapshot.identity).toMatchObject({ role: 'display', window: 5, rating: true });
    const desk = await h.open('/admin', (await login(h.s.url, SUPERVISOR)).token);
    const wire = { panel: record(h.panel), tablet: record(tablet), desk: record(desk) };

    const ticket = await h.serve();
    await until(() => tablet.deltas.some((d) => d.event.type === 'ticket.completed'));
    expect(h.s.hall.state.ratings?.[ticket.id]).toMatchObject({ status: 'invited', window: 5, clerkId: '1009', queueId: 'comprehensive' });

    const given = await rate(tablet, ticket.id, { level: 2, reasons: ['slow', 'unclear'], text: '材料说明看不懂，来回跑了两趟' });
    expect(given).toMatchObject({ ok: true, result: { rating: { status: 'rated', channel: 'tablet' } } });
    expect(JSON.stringify(given)).not.toContain('"level"');
    await until(() => [h.panel, desk].every((c) => c.deltas.some((d) => d.event.type === 'rating.given')));

    // The log: one event with where, who, what, how — and nothing personal.
    expect(h.s.hall.state.ratings?.[ticket.id]?.status).toBe('rated');
    const panelEvent = h.panel.deltas.find((d) => d.event.type === 'rating.given')?.event;
    expect(panelEvent).toEqual({ type: 'rating.given', ticketId: ticket.id, window: 5, clerkId: '1009', queueId: 'comprehensive', channel: 'tablet' });
    const deskEvent = desk.deltas.find((d) => d.event.type === 'rating.given')?.event;
    expect(deskEvent).toMatchObject({ level: 2, reasons: ['slow', 'unclear'], text: '材料说明看不懂，来回跑了两趟', followUp: { dueDay: '2026-12-11' } });

    // On the wire: the clerk's panel and the tablet never carry the level, the reasons, the text or the follow-up.
    for (const packets of [wire.panel, wire.tablet]) {
      const text = JSON.stringify(packets);
      expect(text).toContain('rating.given');
      expect(text).not.toMatch(/"level"|"reasons"|"followUp"|材料说明/);
    }
    expect(JSON.stringify(wire.desk)).toContain('材料说明看不懂');
    // …nor in a snapshot: a panel connecting now sees the rating's lifecycle and no follow-up.
    const late = await h.open('/window', (await login(h.s.url, CLERK_W5)).token);
    expect(late.snapshot.state.followUps).toBeUndefined();
    expect(JSON.stringify(late.snapshot)).not.toContain('材料说明');
    const deskLate = await h.open('/admin', (await login(h.s.url, SUPERVISOR)).token);
    expect(deskLate.snapshot.state.followUps?.[ticket.id]).toMatchObject({ status: 'open', level: 2, dueDay: '2026-12-11' });

    // Once per service: the tablet again, then the phone — refused with words, nothing stored.
    const logged = h.s.hall.state.seq;
    const again = await rate(tablet, ticket.id, { level: 5 });
    expect(again).toMatchObject({ ok: false, error: { code: 'ILLEGAL_TRANSITION', message: '该办件已评价，无需重复评价' } });
    const phone = await h.postPhone(ticket.id, { level: '5' });
    expect(phone.status).toBe(409);
    expect(await phone.text()).toContain('该办件已评价，无需重复评价');
    expect(h.s.hall.state.seq).toBe(logged);
  });

  it('refuses a rating from another window, of a service never completed, with reasons for a good level, or from a window screen', async () => {
    const h = await hallWithWindow5(TEN_AM);
    const tablet5 = await h.open('/display', DEMO_TOKENS.ratingTablet5);
    const tablet6 = await h.open('/display', DEMO_TOKENS.ratingTablet6);
    const screen5 = await h.open('/display', DEMO_TOKENS.windowScreen5);
    const served = await h.serve();
    const waitingId = (await h.take()).id;
    const seq = h.s.hall.seq;

    const refusals: [() => Promise<Ack<unknown>>, string, string][] = [
      [() => rate(tablet6, served.id, { level: 5 }), 'FORBIDDEN', '本评价器只能评价 6 号窗口办理的业务'],
      [() => rate(tablet5, waitingId, { level: 5 }), 'ILLEGAL_TRANSITION', '该号码尚未办结，暂不能评价'],
      [() => rate(tablet5, '2026-11-21/A999', { level: 5 }), 'NOT_FOUND', '没有这个号码'],
      [() => rate(tablet5, served.id, { level: 4, reasons: ['slow'] }), 'BAD_REQUEST', '只有选择“不满意”或“非常不满意”时才需填写原因'],
      [() => rate(tablet5, served.id, { level: 1, reasons: ['bribery'] }), 'BAD_REQUEST', '没有这个评价原因'],
      [() => rate(tablet5, served.id, { level: 6 }), 'BAD_REQUEST', ''],
      [() => rate(tablet5, served.id, {}), 'BAD_REQUEST', ''],
      [() => rate(screen5, served.id, { level: 5 }), 'FORBIDDEN', '此显示屏不是评价器'],
    ];
    for (const [answer, code, words] of refusals) {
      // A tablet's rating budget (6 a minute): the hall's clock moves on between tries, within the window's 120 s.
      h.clock.now += 10_000;
      const a = await answer();
      expect(a.ok).toBe(false);
      if (!a.ok) {
        expect(a.error.code).toBe(code);
        if (words) expect(a.error.message).toBe(words);
      }
    }
    const never = await h.postPhone(waitingId, { level: '5' });
    expect(never.status).toBe(409);
    expect(await never.text()).toContain('该号码尚未办结，暂不能评价');
    expect(h.s.hall.seq).toBe(seq);
    expect(h.s.hall.state.ratings?.[served.id]?.status).toBe('invited');
  });

  it('the phone page shows the form after 办结, takes one rating, and says thank you', async () => {
    const h = await hallWithWindow5(TEN_AM);
    const ticket = await h.serve();
    const page = await (await fetch(`${h.s.url}/t/${ticket.id}?k=${h.pageKeys.get(ticket.id)}`)).text();
    expect(page).toContain('请您对本次服务进行评价');
    expect(page).toContain('非常不满意');
    expect(page).not.toMatch(/checked/);
    const posted = await h.postPhone(ticket.id, {
      level: '1',
      reasons: ['attitude', 'other'],
      text: '态度生硬',
      'secondary.attitude': '1',
      'secondary.efficiency': '',
    });
    expect(posted.status).toBe(303);
    expect(posted.headers.get('location')).toBe(`/t/${ticket.id}?k=${h.pageKeys.get(ticket.id)}`);
    const after = await (await fetch(`${h.s.url}/t/${ticket.id}`)).text();
    expect(after).toContain('感谢您的评价');
    expect(after).not.toContain('提交评价');
    expect(h.s.hall.state.ratings?.[ticket.id]).toMatchObject({ status: 'rated', channel: 'phone' });
    expect(h.s.hall.state.followUps?.[ticket.id]).toMatchObject({ level: 1, reasons: ['attitude', 'other'], text: '态度生硬' });
  });

  it("only a phone that came through the paper ticket's QR may rate: no key, a wrong or another ticket's key is refused and nothing is stored; no screen or clerk ever receives a key", async () => {
    const h = await hallWithWindow5(TEN_AM);
    // What the public wall, the clerk's panel and the supervisor's desk receive from now on.
    const display = await h.open('/display', DEMO_TOKENS.display);
    const desk = await h.open('/admin', (await login(h.s.url, SUPERVISOR)).token);
    const wires = [display, h.panel, desk].map(record);
    const a = await h.serve();
    const b = await h.serve();
    const keyA = h.pageKeys.get(a.id) ?? '';
    const keyB = h.pageKeys.get(b.id) ?? '';
    expect(keyA).toMatch(/^[A-Za-z0-9_-]{12}$/);
    expect(keyB).not.toBe(keyA);

    // A number typed in by hand: the page follows the ticket and says how to rate — no form.
    for (const url of [`/t/${a.id}`, `/t/${a.id}?k=${keyB}`, `/t/${a.id}?k=${keyA}x`]) {
      const page = await (await fetch(`${h.s.url}${url}`)).text();
      expect(page).toContain('请用手机扫描号票上的二维码，对本次服务进行评价。');
      expect(page).not.toContain('提交评价');
    }
    const seq = h.s.hall.seq;
    // 12 bytes but not 12 characters: compared as bytes, refused, never a crash.
    const wrongCase = keyA === keyA.toLowerCase() ? keyA.toUpperCase() : keyA.toLowerCase();
    // [] posts no key at all; ['x', 'y'] posts two.
    for (const k of [[], '', keyB, wrongCase, '键键键键', ['x', 'y']]) {
      h.clock.now += 20_000; // each phone post from one address is rate-limited; the test is not about that
      const posted = await h.postPhone(a.id, { level: '1', reasons: 'attitude', k });
      expect(posted.status).toBe(403);
      expect(await posted.text()).toContain('请用手机扫描号票上的二维码进行评价');
    }
    expect(h.s.hall.seq).toBe(seq);
    expect(h.s.hall.state.ratings?.[a.id]?.status).toBe('invited');

    // Through the QR: rated once.
    expect((await h.postPhone(a.id, { level: '5' })).status).toBe(303);
    expect(h.s.hall.state.ratings?.[a.id]).toMatchObject({ status: 'rated', channel: 'phone' });
    await until(() => desk.deltas.some((d) => d.event.type === 'rating.given'));
    // Neither key reached the wall, the clerk or the desk (events, snapshots and answers alike).
    for (const wire of wires) {
      const text = JSON.stringify(wire);
      expect(text).toContain(a.number);
      expect(text).not.toContain(keyA);
      expect(text).not.toContain(keyB);
    }
  });

  it('past the window time the tablet is refused and the phone may still rate; past every deadline the clock records 未评价', async () => {
    const config = demoHallVariant((hall) => {
      hall.ratings = { windowSeconds: 120, phoneMinutes: 30 };
    });
    const h = await hallWithWindow5(TEN_AM, config);
    const tablet = await h.open('/display', DEMO_TOKENS.ratingTablet5);
    const first = await h.serve();
    const second = await h.serve();
    h.clock.now += 121_000;
    const late = await rate(tablet, second.id, { level: 5 });
    expect(late).toMatchObject({ ok: false, error: { code: 'ILLEGAL_TRANSITION', message: '窗口评价时间已过，您仍可扫描号票上的二维码在手机上评价' } });
    expect((await h.postPhone(second.id, { level: '4' })).status).toBe(303);

    h.clock.now += 30 * 60_000;
    await until(() => h.s.hall.state.ratings?.[first.id]?.status === 'unrated');
    expect(h.s.hall.state.ratings?.[second.id]?.status).toBe('rated');
    const unrated = await h.postPhone(first.id, { level: '5' });
    expect(await unrated.text()).toContain('评价时间已过');
    const expired = await tablet.request<unknown>('sync:since', { lastSeq: 0 });
    expect(JSON.stringify(expired)).toContain('"rating.expired"');
  });

  it('a 差评 follow-up: assigned, 回访, outcome, closed — due 15 working days later, across the National Day holidays', async () => {
    // The shipped calendar: 10-01…10-07 closed (10-03/04 the weekend), 10-10 (Saturday) worked (调休).
    const config = writeHallVariant((hall) => {
      hall.ratings = {};
    }, SHIPPED_DEMO_PATH);
    const h = await hallWithWindow5(Date.parse('2026-09-30T10:00:00+08:00'), config);
    const tablet = await h.open('/display', DEMO_TOKENS.ratingTablet5);
    const desk = await h.open('/admin', (await login(h.s.url, SUPERVISOR)).token);
    const ticket = await h.serve();
    expect((await rate(tablet, ticket.id, { level: 2, reasons: ['long_wait'] })).ok).toBe(true);
    // 10-08, 10-09, 10-10 (调休), 10-12…16, 10-19…23, 10-26, 10-27: the 15th working day.
    const opened = h.s.hall.state.followUps?.[ticket.id];
    expect(opened).toMatchObject({ status: 'open', dueDay: '2026-10-27', window: 5, clerkId: '1009' });

    const step = (event: string, payload: Record<string, unknown>) =>
      desk.request<FollowUpResult>(event, { requestId: newRequestId(), followUpId: ticket.id, ...payload });
    const early = await step('followup:close', {});
    expect(early).toMatchObject({ ok: false, error: { code: 'ILLEGAL_TRANSITION', message: '该差评回访待分派，不能结案' } });
    expect(await step('followup:assign', { to: '9001' })).toMatchObject({ ok: true, result: { followUp: { status: 'assigned', assignee: '9001' } } });
    expect(await step('followup:note', { note: '已电话回访，群众反映等候时间过长' })).toMatchObject({ ok: true });
    const resolved = await step('followup:resolve', { outcome: 'rectified', note: '午间增开一个窗口' });
    expect(resolved).toMatchObject({ ok: true, result: { followUp: { status: 'resolved', outcome: 'rectified' } } });
    const closed = await step('followup:close', {});
    expect(closed).toMatchObject({ ok: true, result: { followUp: { status: 'closed' } } });
    const final = closed.ok ? closed.result.followUp : ({} as FollowUpRecord);
    expect(final.notes.map((n) => n.text)).toEqual(['已电话回访，群众反映等候时间过长', '午间增开一个窗口']);
    // The desk folded the same follow-up from its deltas; a clerk cannot take a step.
    await until(() => desk.deltas.some((d) => d.event.type === 'followup.closed'));
    const clerkTry = await h.panel.request('followup:assign', { requestId: newRequestId(), followUpId: ticket.id, to: '1009' });
    expect(clerkTry).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const types = h.panel.deltas.map((d) => d.event.type).filter((t) => t.startsWith('followup.'));
    expect(types).toEqual(['followup.noted', 'followup.noted', 'followup.noted', 'followup.noted']);
    expect(JSON.stringify(h.panel.deltas)).not.toContain('午间增开');
  });
});
