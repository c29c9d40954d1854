/**
 * 预约 through the real server with a simulated clock: booking and cancelling
 * over REST (channel token) and the kiosk socket, staff phone bookings and the
 * hall's 8 h notice, capacity full, the block rule, the check-in window
 * (+29 min priority, +31 min refused with the reason), and that no name,
 * phone or booking code reaches a kiosk or display payload.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { localInstant } from '../../state-machines/domain/appointment.ts';
import type { AppointmentReceipt, AppointmentSlotsResult, CheckInReceipt, TicketReceipt } from '../../state-machines/protocol/socket-events.ts';
import { CLERK_W6, DEMO_TOKENS, SUPERVISOR, TEN_AM } from '../support/demo.ts';
import { login, newRequestId, until, type TestClient } from '../support/hall-client.ts';
import { startProtocolHall } from '../support/server.ts';

const CHANNEL_TOKEN = 'demo-channel-zwfw-online-token';
const MIN = 60_000;
const MONDAY = '2026-11-23';
const at = (day: string, hhmm: string) => localInstant(day, hhmm, 'Asia/Shanghai');

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup() {
  const { s, clock, open } = await startProtocolHall(cleanups, TEN_AM);
  const rest = async (method: string, path: string, body?: unknown, token: string | null = CHANNEL_TOKEN) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token !== null) headers.authorization = `Bearer ${token}`;
    const res = await fetch(`${s.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> & { error?: { code: string; message: string; field?: string } } };
  };
  const restBook = (slotStart: number, phone: string, queueId = 'real-estate', name = '张三丰') =>
    rest('POST', '/api/appointments', { requestId: newRequestId(), queueId, slotStart, name, phone });
  return { s, clock, open, rest, restBook };
}

const codeOf = (r: { body: Record<string, unknown> }) => (r.body.appointment as { code: string }).code;

describe('appointments over REST and the sockets', () => {
  it('an appointment checked in at +29 min becomes priority, one at +31 min is refused with the reason', async () => {
    const { clock, open, restBook } = await setup();
    const slot = at(MONDAY, '10:30');
    const first = await restBook(slot, '13812341234');
    const second = await restBook(slot, '13900001111', 'real-estate', '李四');
    expect([first.status, second.status]).toEqual([201, 201]);
    const kiosk = await open('/kiosk', DEMO_TOKENS.kiosk);

    clock.now = slot + 29 * MIN;
    const ok = await kiosk.request<CheckInReceipt>('appointment:check-in', { requestId: newRequestId(), code: codeOf(first) });
    if (!ok.ok) throw new Error(ok.error.message);
    expect(ok.result.ticket).toMatchObject({ class: 'appointment', number: 'D001', lineKey: slot, status: 'waiting' });
    expect(ok.result.appointment).toMatchObject({ nameMasked: '张*丰', slotStart: slot });
    expect(ok.result.appointment.code).toBeUndefined();

    clock.now = slot + 31 * MIN;
    const late = await kiosk.request<CheckInReceipt>('appointment:check-in', { requestId: newRequestId(), code: codeOf(second) });
    expect(late.ok ? 'ok' : [late.error.code, late.error.message]).toEqual(['ILLEGAL_TRANSITION', '已超过签到时间，预约作废，可现场取号']);
    // …and the kiosk's walk-in ticket is still there for them.
    const walkIn = await kiosk.request<TicketReceipt>('ticket:take', { requestId: newRequestId(), queueId: 'real-estate' });
    expect(walkIn.ok && walkIn.result.ticket.class).toBe('walk_in');
  });

  it('books and cancels over REST with the channel token, refuses a full slot, lists remaining capacity', async () => {
    const { rest, restBook } = await setup();
    const slot = at(MONDAY, '08:30');
    expect((await rest('GET', '/api/appointments/slots?queueId=real-estate', undefined, null)).status).toBe(401);
    expect((await rest('GET', '/api/appointments/slots?queueId=real-estate', undefined, 'x'.repeat(30))).body.error?.code).toBe('UNAUTHORIZED');
    const phones = ['13800000001', '13800000002', '13800000003', '13800000004'];
    const codes: string[] = [];
    for (const phone of phones) codes.push(codeOf(await restBook(slot, phone)));
    expect(codes.every((c) => /^\d{8}$/.test(c))).toBe(true);
    const full = await restBook(slot, '13800000005');
    expect([full.status, full.body.error?.code, full.body.error?.field]).toEqual([409, 'LIMIT_REACHED', 'slotStart']);
    const bad = await rest('POST', '/api/appointments', { requestId: newRequestId(), queueId: 'real-estate', slotStart: slot, name: '王五', phone: '123' });
    expect([bad.status, bad.body.error?.field]).toEqual([400, 'phone']);
    const slots = await rest('GET', '/api/appointments/slots?queueId=real-estate');
    const monday = (slots.body as unknown as AppointmentSlotsResult).days.find((d) => d.day === MONDAY);
    expect(monday?.slots[0]).toMatchObject({ label: '08:30', remaining: 0, capacity: 4 });
    const cancelled = await rest('DELETE', `/api/appointments/${codes[0]}`);
    expect([cancelled.status, (cancelled.body.appointment as { status: string }).status]).toEqual([200, 'cancelled']);
    expect((await restBook(slot, '13800000005')).status).toBe(201);
    expect((await rest('DELETE', '/api/appointments/12345678')).body.error?.code).toBe('NOT_FOUND');
  });

  it('books, checks in and cancels on the kiosk socket; staff book by phone and the hall needs 8 h notice to cancel', async () => {
    const { s, clock, open } = await setup();
    const kiosk = await open('/kiosk', DEMO_TOKENS.kiosk);
    const slots = await kiosk.request<AppointmentSlotsResult>('appointment:slots', { queueId: 'police' });
    if (!slots.ok) throw new Error(slots.error.message);
    const slot = slots.result.days[0]?.slots[0];
    if (!slot) throw new Error('no slot');
    const mine = await kiosk.request<AppointmentReceipt>('appointment:book', {
      requestId: newRequestId(),
      queueId: 'police',
      slotStart: slot.start,
      name: '赵六',
      phone: '13711112222',
    });
    if (!mine.ok) throw new Error(mine.error.message);
    expect(mine.result.appointment).toMatchObject({ nameMasked: '赵*', phoneMasked: '137****2222', status: 'booked' });
    const code = mine.result.appointment.code ?? '';
    const cancel = await kiosk.request<AppointmentReceipt>('appointment:cancel', { requestId: newRequestId(), code });
    expect(cancel.ok && cancel.result.appointment.status).toBe('cancelled');

    // Staff book for a caller (电话预约); window 6 serves 不动产 and 公安, not 企业开办.
    const clerk = await open('/window', (await login(s.url, CLERK_W6)).token);
    const tuesday = at('2026-11-24', '14:00');
    const phoned = await clerk.request<AppointmentReceipt>('appointment:book', {
      requestId: newRequestId(),
      window: 6,
      queueId: 'real-estate',
      slotStart: tuesday,
      name: '钱七',
      phone: '13522223333',
    });
    if (!phoned.ok) throw new Error(phoned.error.message);
    expect(phoned.result.appointment.code).toMatch(/^\d{8}$/); // read out to the caller once
    const wrongQueue = await clerk.request('appointment:book', {
      requestId: newRequestId(),
      queueId: 'enterprise',
      slotStart: at('2026-11-24', '14:00'),
      name: '钱七',
      phone: '13522224444',
    });
    expect(wrongQueue.ok ? 'ok' : wrongQueue.error.code).toBe('FORBIDDEN');
    await until(() => clerk.deltas.some((d) => d.event.type === 'appointment.booked' && d.event.appointmentId === phoned.result.appointment.id));
    const staffSaw = clerk.deltas.find((d) => d.event.type === 'appointment.booked' && d.event.appointmentId === phoned.result.appointment.id);
    expect(staffSaw?.event).toMatchObject({ nameMasked: '钱*', phoneMasked: '135****3333' });
    expect(JSON.stringify(clerk.deltas)).not.toContain(phoned.result.appointment.code ?? 'x');

    const other = await clerk.request<AppointmentReceipt>('appointment:book', {
      requestId: newRequestId(),
      queueId: 'real-estate',
      slotStart: tuesday,
      name: '孙八',
      phone: '13522225555',
    });
    if (!other.ok) throw new Error(other.error.message);
    clock.now = tuesday - 9 * 60 * MIN;
    const admin = await open('/admin', (await login(s.url, SUPERVISOR)).token);
    const inTime = await admin.request<AppointmentReceipt>('appointment:cancel', {
      requestId: newRequestId(),
      appointmentId: phoned.result.appointment.id,
      reason: 'staff_unavailable',
    });
    expect(inTime.ok && inTime.result.appointment.status).toBe('cancelled');
    clock.now = tuesday - 7 * 60 * MIN;
    const tooLate = await admin.request('appointment:cancel', {
      requestId: newRequestId(),
      appointmentId: other.result.appointment.id,
      reason: 'staff_unavailable',
    });
    expect(tooLate.ok ? 'ok' : [tooLate.error.code, tooLate.error.message]).toEqual([
      'ILLEGAL_TRANSITION',
      '大厅取消预约须至少提前 8 小时告知申请人，该预约已不足 8 小时，请按约办理',
    ]);
  });

  it('slows token guessing per address, while a channel with its right token from that same address is limited only per channel', async () => {
    const { rest } = await setup();
    const wrong = (i: number) => rest('GET', '/api/appointments/slots?queueId=police', undefined, `wrong-token-${i}-xxxxxxxxxxxx`);
    for (let i = 0; i < 10; i++) expect((await wrong(i)).status).toBe(401);
    const limited = await wrong(10);
    expect([limited.status, limited.body.error?.code]).toEqual([429, 'RATE_LIMITED']);
    expect(limited.body.error).toMatchObject({ retryAfterSeconds: expect.any(Number) });
    // The neighbour's guesses cost the real channel nothing: its own burst (30) is intact.
    for (let i = 0; i < 30; i++) expect((await rest('GET', '/api/appointments/slots?queueId=police')).status).toBe(200);
    const busy = await rest('GET', '/api/appointments/slots?queueId=police');
    expect([busy.status, busy.body.error?.code]).toEqual([429, 'RATE_LIMITED']);
    // …and the channel's own limit does not lift the guesser's.
    expect((await wrong(11)).status).toBe(429);
  });

  it('blocks a phone number after two no-shows', async () => {
    const { clock, restBook } = await setup();
    expect((await restBook(at(MONDAY, '08:30'), '13012345678')).status).toBe(201);
    clock.now = at(MONDAY, '12:00');
    expect((await restBook(at('2026-11-24', '08:30'), '13012345678')).status).toBe(201);
    clock.now = at('2026-11-24', '12:00');
    const blocked = await restBook(at('2026-11-26', '08:30'), '13012345678');
    expect([blocked.status, blocked.body.error?.code, blocked.body.error?.field]).toEqual([403, 'FORBIDDEN', 'phone']);
    expect(blocked.body.error?.message).toContain('2027年2月21日（周日）');
    expect((await restBook(at('2026-11-26', '08:30'), '13012345679')).status).toBe(201);
  });

  it('never sends a name, phone or booking code to a kiosk or display; the check-in screen gets only the masked name', async () => {
    const { clock, open, restBook } = await setup();
    const kiosk2 = await open('/kiosk', DEMO_TOKENS.kiosk2);
    const display = await open('/display', DEMO_TOKENS.display);
    const slot = at(MONDAY, '09:10');
    const booked = await restBook(slot, '13812341234');
    const code = codeOf(booked);
    clock.now = slot;
    const kiosk = await open('/kiosk', DEMO_TOKENS.kiosk);
    const checkedIn = await kiosk.request<CheckInReceipt>('appointment:check-in', { requestId: newRequestId(), code });
    expect(checkedIn.ok).toBe(true);
    const late: TestClient[] = [await open('/kiosk', DEMO_TOKENS.kiosk2), await open('/display', DEMO_TOKENS.display)];
    await until(() => display.deltas.some((d) => d.event.type === 'appointment.checked_in'));
    await until(() => kiosk2.deltas.some((d) => d.event.type === 'appointment.checked_in'));
    const seen = JSON.stringify([
      kiosk2.snapshot,
      kiosk2.deltas,
      display.snapshot,
      display.deltas,
      kiosk.snapshot,
      kiosk.deltas,
      ...late.map((c) => c.snapshot),
    ]);
    // The ticket's phone-page key (the QR on its paper: § 好差评) is told to the checking-in kiosk only.
    const pageKey = checkedIn.ok ? checkedIn.result.pageKey : undefined;
    expect(pageKey).toMatch(/^[A-Za-z0-9_-]{12}$/);
    for (const secret of ['张三丰', '13812341234', '张*丰', '138****1234', code, 'personKey', pageKey ?? '?']) expect(seen).not.toContain(secret);
    expect(seen).toContain('appointment.checked_in');
    expect(JSON.stringify(checkedIn)).toContain('张*丰');
    expect(JSON.stringify(checkedIn)).not.toContain('13812341234');
  });
});
