/**
 * 预约 rules on the real decider + fold (MemoryHall) with simulated time:
 * slots from the hall hours, capacity, the check-in window (+29 min priority,
 * +31 min forfeited), the block rule, per-person-per-day, cancellation by the
 * visitor and by the hall (8 h notice), the place in line of a checked-in
 * appointment, and what public screens and staff may see.
 */
import { describe, expect, it } from 'vitest';
import type { HallConfig } from '../../state-machines/config/hall-config.ts';
import { bookableDays, blockStatus, FORFEIT_REASON_ZH, localInstant, maskName, maskPhone, phaseAt, slotsOf } from '../../state-machines/domain/appointment.ts';
import type { HallEvent } from '../../state-machines/domain/events.ts';
import type { AppointmentCommand } from '../../state-machines/hall/decide.ts';
import { evolve } from '../../state-machines/hall/evolve.ts';
import { initialHallState } from '../../state-machines/hall/state.ts';
import { publicEvent, publicState, staffEvent, staffState } from '../../state-machines/protocol/projection.ts';
import { loadHallConfig } from '../../server/config/load-config.ts';
import { appointmentOpening } from '../../state-machines/hall/schedule.ts';
import { demoConfig, SHIPPED_DEMO_PATH, TEN_AM } from '../support/demo.ts';
import { MemoryHall } from '../support/fold.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const TZ = 'Asia/Shanghai';
/** Monday 2026-11-23 (TEN_AM is Saturday the 21st). */
const MONDAY = '2026-11-23';
const at = (day: string, hhmm: string) => localInstant(day, hhmm, TZ);

function withRules(change: (c: HallConfig) => void): HallConfig {
  const c = structuredClone(demoConfig);
  change(c);
  return c;
}

let codes = 10_000_000;
function booking(slotStart: number, person = 'p-1', queueId = 'real-estate'): Extract<AppointmentCommand, { type: 'appointment.book' }> {
  codes++;
  return {
    type: 'appointment.book',
    queueId,
    slotStart,
    channel: 'online',
    bookedBy: 'zwfw-online',
    code: String(codes),
    nameMasked: '张*三',
    phoneMasked: '138****1234',
    personKey: person,
  };
}

function booked(e: HallEvent) {
  if (e.type !== 'appointment.booked') throw new Error(`expected appointment.booked, got ${e.type}`);
  return e;
}

describe('slots and masks', () => {
  it('cuts the hall sessions into 40-minute 不动产 slots that end inside the session, Monday–Friday only', () => {
    const queue = demoConfig.queues.find((q) => q.id === 'real-estate');
    if (!queue) throw new Error('no real-estate queue');
    const slots = slotsOf(demoConfig, queue, MONDAY, {});
    expect(slots.map((s) => s.label)).toEqual(['08:30', '09:10', '09:50', '10:30', '11:10', '14:00', '14:40', '15:20', '16:00', '16:40']);
    expect(slots[0]?.start).toBe(Date.parse('2026-11-23T08:30:00+08:00'));
    expect(slots.every((s) => s.capacity === 4 && s.remaining === 4)).toBe(true);
    expect(slotsOf(demoConfig, queue, '2026-11-21', {})).toEqual([]); // Saturday
  });

  it('follows the hall calendar: no slots on a holiday, a 调休 Saturday takes bookings as the Friday it replaces', () => {
    const shipped = loadHallConfig(SHIPPED_DEMO_PATH);
    const queue = shipped.queues.find((q) => q.id === 'real-estate')!;
    const opening = appointmentOpening(shipped);
    expect(slotsOf(shipped, queue, '2026-10-01', {}, opening)).toEqual([]); // 国庆 holiday, a Thursday
    expect(slotsOf(shipped, queue, '2026-10-10', {}, opening).map((s) => s.label)[0]).toBe('08:30'); // worked Saturday
    expect(slotsOf(shipped, queue, '2026-11-28', {}, opening)).toEqual([]); // special Saturday morning: not an appointment day
    // A week ahead from Tuesday 29 Sep: the National Day week and its weekend are not bookable.
    expect(bookableDays(shipped, queue, at('2026-09-29', '10:00'), opening)).toEqual(['2026-09-29', '2026-09-30']);
    expect(bookableDays(shipped, queue, at('2026-10-08', '10:00'), opening)).toEqual([
      '2026-10-08',
      '2026-10-09',
      '2026-10-10',
      '2026-10-12',
      '2026-10-13',
      '2026-10-14',
      '2026-10-15',
    ]);
    // The decider books by the same calendar: a holiday slot does not exist.
    const hall = new MemoryHall(shipped, at('2026-09-29', '10:00'));
    const refused = hall.run(booking(at('2026-10-01', '09:10')));
    expect(refused.ok ? 'ok' : refused.error.code).toBe('BAD_REQUEST');
    hall.now = at('2026-10-08', '10:00');
    expect(hall.run(booking(at('2026-10-10', '09:10'))).ok).toBe(true);
  });

  it('masks names and phones the way halls do', () => {
    expect(maskName('张三丰')).toBe('张*丰');
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧**娜');
    expect(maskPhone('13812341234')).toBe('138****1234');
  });
});

describe('booking', () => {
  it('fills a slot to its capacity, then refuses with LIMIT_REACHED and changes nothing', () => {
    const hall = new MemoryHall(demoConfig, TEN_AM);
    const slot = at(MONDAY, '10:30');
    for (let i = 0; i < 4; i++) hall.ok(booking(slot, `p-${i}`));
    const seq = hall.state.seq;
    const full = hall.run(booking(slot, 'p-9'));
    expect(full.ok ? 'ok' : [full.error.code, full.error.field, full.error.message]).toEqual([
      'LIMIT_REACHED',
      'slotStart',
      '11月23日（周一）10:30 已约满，请选择其他时段',
    ]);
    expect(hall.state.seq).toBe(seq);
    const queue = demoConfig.queues.find((q) => q.id === 'real-estate');
    if (!queue) throw new Error('no queue');
    expect(slotsOf(demoConfig, queue, MONDAY, hall.state.appointments).find((s) => s.start === slot)?.remaining).toBe(0);
  });

  it('refuses slots off the grid, in the past, too far ahead, and queues without appointments', () => {
    const hall = new MemoryHall(demoConfig, TEN_AM);
    const cases: [AppointmentCommand, string][] = [
      [booking(at(MONDAY, '10:31')), 'BAD_REQUEST'],
      [booking(at('2026-11-21', '08:30')), 'BAD_REQUEST'], // Saturday, and in the past
      [booking(at('2026-12-07', '08:30')), 'BAD_REQUEST'], // beyond bookAheadDays (7)
      [booking(at(MONDAY, '10:30'), 'p', 'tax'), 'BAD_REQUEST'],
      [booking(at(MONDAY, '10:30'), 'p', 'nope'), 'NOT_FOUND'],
    ];
    for (const [command, code] of cases) {
      const d = hall.run(command);
      expect(d.ok ? 'ok' : d.error.code).toBe(code);
    }
    expect(hall.state.seq).toBe(0);
  });

  it('allows one booking per person per day (configurable)', () => {
    const hall = new MemoryHall(demoConfig, TEN_AM);
    hall.ok(booking(at(MONDAY, '10:30'), 'p-1'));
    const second = hall.run(booking(at(MONDAY, '14:00'), 'p-1', 'police'));
    expect(second.ok ? 'ok' : [second.error.code, second.error.field]).toEqual(['LIMIT_REACHED', 'phone']);
    hall.ok(booking(at('2026-11-24', '14:00'), 'p-1')); // another day is fine
    const two = new MemoryHall(
      withRules((c) => (c.appointmentRules.maxPerPersonPerDay = 2)),
      TEN_AM,
    );
    two.ok(booking(at(MONDAY, '10:30'), 'p-1'));
    two.ok(booking(at(MONDAY, '14:00'), 'p-1', 'police'));
  });
});

describe('check-in window', () => {
  const slot = at(MONDAY, '10:30');
  function bookedHall(config = demoConfig) {
    const hall = new MemoryHall(config, TEN_AM);
    const e = booked(hall.ok(booking(slot)));
    return { hall, code: e.code ?? '', id: e.appointmentId };
  }

  it('at +29 min becomes a priority ticket placed at the slot start; at +31 min it is refused as forfeited', () => {
    const late = bookedHall();
    late.hall.now = slot + 29 * MIN;
    const e = late.hall.ok({ type: 'appointment.check_in', code: late.code, deviceId: 'k' });
    expect(e).toMatchObject({ type: 'appointment.checked_in', number: 'D001', lineKey: slot });
    const ticket = late.hall.state.tickets[e.type === 'appointment.checked_in' ? e.ticketId : ''];
    expect(ticket).toMatchObject({ class: 'appointment', status: 'waiting', lineKey: slot, issuedAt: slot + 29 * MIN });
    expect(late.hall.state.appointments[late.id]).toMatchObject({ status: 'checked_in', ticketId: ticket?.id });
    // Once only.
    const again = late.hall.run({ type: 'appointment.check_in', code: late.code, deviceId: 'k' });
    expect(again.ok ? 'ok' : again.error.code).toBe('ILLEGAL_TRANSITION');

    const forfeited = bookedHall();
    forfeited.hall.now = slot + 30 * MIN;
    expect(forfeited.hall.settle()).toEqual([]); // exactly +30 min is still on time
    forfeited.hall.now = slot + 31 * MIN;
    // The hall's clock logs the no-show (爽约) at once, dated at the deadline.
    expect(forfeited.hall.settle()).toEqual([{ type: 'appointment.forfeited', appointmentId: forfeited.id, due: slot + 30 * MIN }]);
    expect(forfeited.hall.state.appointments[forfeited.id]).toMatchObject({ status: 'forfeited', forfeitedAt: slot + 30 * MIN });
    const seq = forfeited.hall.state.seq;
    const refused = forfeited.hall.run({ type: 'appointment.check_in', code: forfeited.code, deviceId: 'k' });
    expect(refused.ok ? 'ok' : [refused.error.code, refused.error.message]).toEqual(['ILLEGAL_TRANSITION', FORFEIT_REASON_ZH]);
    expect(forfeited.hall.state.seq).toBe(seq);
    const a = forfeited.hall.state.appointments[forfeited.id];
    if (!a) throw new Error('appointment gone');
    expect(phaseAt(a, demoConfig.appointmentRules, forfeited.hall.now)).toBe('forfeited');
    // The visitor may still take a walk-in ticket.
    forfeited.hall.ok({ type: 'ticket.take', deviceId: 'k', queueId: 'real-estate' });
  });

  it('opens 30 min before the slot (TOO_EARLY with the seconds left before that), and the window is configurable', () => {
    const early = bookedHall();
    // Days ahead: the day is named the hall's way, never as an ISO date.
    const dayBefore = early.hall.run({ type: 'appointment.check_in', code: early.code, deviceId: 'k' });
    expect(dayBefore.ok ? 'ok' : [dayBefore.error.message, dayBefore.error.messageEn]).toEqual([
      '还未到签到时间，请于 11月23日（周一）10:00 后签到',
      'Too early: check in from Mon 23 Nov 10:00',
    ]);
    early.hall.now = slot - 31 * MIN;
    const d = early.hall.run({ type: 'appointment.check_in', code: early.code, deviceId: 'k' });
    expect(d.ok ? 'ok' : [d.error.code, d.error.retryAfterSeconds, d.error.message]).toEqual(['TOO_EARLY', 60, '还未到签到时间，请于 10:00 后签到']);
    early.hall.now = slot - 30 * MIN;
    early.hall.ok({ type: 'appointment.check_in', code: early.code, deviceId: 'k' });

    const strict = bookedHall(withRules((c) => (c.appointmentRules.checkInLateMinutes = 10)));
    strict.hall.now = slot + 11 * MIN;
    const r = strict.hall.run({ type: 'appointment.check_in', code: strict.code, deviceId: 'k' });
    expect(r.ok ? 'ok' : r.error.code).toBe('ILLEGAL_TRANSITION');
  });

  it('an unknown code is NOT_FOUND', () => {
    const { hall } = bookedHall();
    hall.now = slot;
    const d = hall.run({ type: 'appointment.check_in', code: '99999999', deviceId: 'k' });
    expect(d.ok ? 'ok' : d.error.code).toBe('NOT_FOUND');
  });

  it('a checked-in appointment goes ahead of walk-ins who came up to priorityLeadMinutes after its slot start − lead, not before earlier ones', () => {
    const { hall, code } = bookedHall();
    hall.now = slot - 35 * MIN; // 09:55: a walk-in who came before slot − 30 min
    const early = hall.ok({ type: 'ticket.take', deviceId: 'k', queueId: 'real-estate' });
    hall.now = slot - 10 * MIN; // 10:20: a walk-in after slot − 30 min
    const later = hall.ok({ type: 'ticket.take', deviceId: 'k', queueId: 'real-estate' });
    hall.now = slot + 10 * MIN; // 10:40: the appointment checks in late, inside the grace
    hall.ok({ type: 'appointment.check_in', code, deviceId: 'k' });
    hall.ok({ type: 'window.open', clerkId: '1023', window: 12 });
    const order: string[] = [];
    for (let i = 0; i < 3; i++) {
      const call = hall.ok({ type: 'ticket.call_next', clerkId: '1023', window: 12 });
      if (call.type !== 'ticket.called') throw new Error('not a call');
      order.push(call.ticketId);
      hall.ok({ type: 'ticket.complete', clerkId: '1023', window: 12, ticketId: call.ticketId });
    }
    const id = (e: HallEvent) => (e.type === 'ticket.issued' ? e.ticketId : '');
    expect(order).toEqual([id(early), '2026-11-23/D003', id(later)]);
  });
});

describe('the block rule (爽约)', () => {
  it('blocks a person after 2 forfeited bookings within 90 days, until the older one is 90 days old', () => {
    const hall = new MemoryHall(demoConfig, TEN_AM);
    hall.ok(booking(at(MONDAY, '08:30'), 'p-x'));
    hall.now = at(MONDAY, '12:00');
    hall.ok(booking(at('2026-11-25', '08:30'), 'p-x'));
    hall.now = at('2026-11-26', '09:00');
    expect(blockStatus(hall.state.appointments, hall.state.noShows, 'p-x', demoConfig.appointmentRules, hall.now)).toMatchObject({ noShows: 2, blocked: true });
    const refused = hall.run(booking(at('2026-11-27', '08:30'), 'p-x'));
    expect(refused.ok ? 'ok' : [refused.error.code, refused.error.field]).toEqual(['FORBIDDEN', 'phone']);
    expect(refused.ok ? '' : refused.error.message).toContain('2027年2月21日（周日）前不能预约'); // 2026-11-23 + 90 days
    hall.ok(booking(at('2026-11-27', '08:30'), 'p-other')); // others are not affected
    // 90 days after the first no-show the count is 1: booking is open again.
    hall.now = at(MONDAY, '08:31') + 90 * DAY;
    const block = blockStatus(hall.state.appointments, hall.state.noShows, 'p-x', demoConfig.appointmentRules, hall.now);
    expect(block).toMatchObject({ noShows: 1, blocked: false });
  });

  it('keeps counting after the day changes: earlier bookings leave the state, their no-shows stay under the phone hash only', () => {
    const hall = new MemoryHall(demoConfig, TEN_AM);
    hall.ok(booking(at(MONDAY, '08:30'), 'p-x'));
    const kept = booked(hall.ok(booking(at(MONDAY, '09:10'), 'p-y')));
    hall.now = at(MONDAY, '08:50');
    hall.ok({ type: 'appointment.check_in', code: kept.code ?? '', deviceId: 'k' });
    hall.now = at(MONDAY, '12:00');
    hall.ok(booking(at('2026-11-24', '08:30'), 'p-x'));
    hall.ok(booking(at('2026-11-30', '08:30'), 'p-z')); // a future booking stays
    hall.now = at('2026-11-25', '08:40');
    hall.ok({ type: 'ticket.take', deviceId: 'k', queueId: 'comprehensive' }); // the first ticket of a new day compacts
    expect(Object.values(hall.state.appointments).map((a) => a.personKey)).toEqual(['p-z']);
    expect(hall.state.noShows).toEqual({ 'p-x': [at(MONDAY, '08:30'), at('2026-11-24', '08:30')] });
    const refused = hall.run(booking(at('2026-11-26', '08:30'), 'p-x'));
    expect(refused.ok ? 'ok' : refused.error.code).toBe('FORBIDDEN');
    // Screens fold to the same state without the hashes.
    const folded = initialHallState(demoConfig);
    for (const l of hall.log) evolve(folded, { ...l, event: publicEvent(l.event) });
    expect(JSON.parse(JSON.stringify(folded))).toEqual(JSON.parse(JSON.stringify(publicState(hall.state))));
    expect(JSON.stringify(publicState(hall.state))).not.toContain('p-x');
  });

  it('does not count cancelled or checked-in bookings, and the threshold is configurable', () => {
    const hall = new MemoryHall(
      withRules((c) => (c.appointmentRules.noShowsBeforeBlock = 1)),
      TEN_AM,
    );
    const e = booked(hall.ok(booking(at(MONDAY, '08:30'), 'p-y')));
    hall.ok({ type: 'appointment.cancel_by_visitor', code: e.code ?? '', actor: 'k' });
    hall.now = at('2026-11-24', '09:00');
    hall.ok(booking(at('2026-11-25', '08:30'), 'p-y'));
    hall.now = at('2026-11-26', '09:00');
    const d = hall.run(booking(at('2026-11-27', '08:30'), 'p-y'));
    expect(d.ok ? 'ok' : d.error.code).toBe('FORBIDDEN');
  });
});

describe('cancelling', () => {
  const slot = at(MONDAY, '14:00');

  it('the hall must give 8 hours notice', () => {
    const hall = new MemoryHall(demoConfig, TEN_AM);
    const a = booked(hall.ok(booking(slot)));
    const b = booked(hall.ok(booking(slot, 'p-2')));
    const supervisor = { staffId: '9001' };
    hall.now = slot - 8 * HOUR - MIN;
    hall.ok({ type: 'appointment.cancel_by_hall', appointmentId: a.appointmentId, reason: 'staff_unavailable', by: supervisor });
    expect(hall.state.appointments[a.appointmentId]).toMatchObject({ status: 'cancelled', cancelledBy: 'hall' });
    hall.now = slot - 7 * HOUR;
    const late = hall.run({ type: 'appointment.cancel_by_hall', appointmentId: b.appointmentId, reason: 'other', by: supervisor });
    expect(late.ok ? 'ok' : [late.error.code, late.error.message]).toEqual([
      'ILLEGAL_TRANSITION',
      '大厅取消预约须至少提前 8 小时告知申请人，该预约已不足 8 小时，请按约办理',
    ]);
    // A clerk only for the queues of their window: window 4 does not serve 不动产.
    const clerk = hall.run({ type: 'appointment.cancel_by_hall', appointmentId: b.appointmentId, reason: 'other', by: { staffId: '1007', window: 4 } });
    expect(clerk.ok ? 'ok' : clerk.error.code).toBe('FORBIDDEN');
  });

  it('the visitor cancels with the code until the slot starts, which frees the place', () => {
    const hall = new MemoryHall(demoConfig, TEN_AM);
    const slotFull = at(MONDAY, '08:30');
    const mine = booked(hall.ok(booking(slotFull, 'p-0')));
    for (let i = 1; i < 4; i++) hall.ok(booking(slotFull, `p-${i}`));
    expect(hall.run(booking(slotFull, 'p-9')).ok).toBe(false);
    hall.ok({ type: 'appointment.cancel_by_visitor', code: mine.code ?? '', actor: 'channel:zwfw-online' });
    hall.ok(booking(slotFull, 'p-9'));
    const again = hall.run({ type: 'appointment.cancel_by_visitor', code: mine.code ?? '', actor: 'k' });
    expect(again.ok ? 'ok' : again.error.code).toBe('ILLEGAL_TRANSITION');
    const other = booked(hall.ok(booking(slot, 'p-5')));
    hall.now = slot + MIN;
    const started = hall.run({ type: 'appointment.cancel_by_visitor', code: other.code ?? '', actor: 'k' });
    expect(started.ok ? 'ok' : started.error.code).toBe('ILLEGAL_TRANSITION');
  });
});

describe('what screens see of appointments', () => {
  it('public screens get no code, mask or phone hash; staff get the masks but no code; the public fold matches', () => {
    const hall = new MemoryHall(demoConfig, TEN_AM);
    const slot = at(MONDAY, '10:30');
    const e = booked(hall.ok(booking(slot, 'secret-person-key')));
    hall.now = slot;
    hall.ok({ type: 'appointment.check_in', code: e.code ?? '', deviceId: 'k' });
    const pub = JSON.stringify([publicState(hall.state), hall.log.map((l) => publicEvent(l.event))]);
    for (const secret of [e.code ?? 'x', '张*三', '138****1234', 'secret-person-key']) expect(pub).not.toContain(secret);
    const staff = JSON.stringify([staffState(hall.state), hall.log.map((l) => staffEvent(l.event))]);
    expect(staff).toContain('张*三');
    for (const secret of [e.code ?? 'x', 'secret-person-key']) expect(staff).not.toContain(secret);
    const folded = initialHallState(demoConfig);
    for (const l of hall.log) evolve(folded, { ...l, event: publicEvent(l.event) });
    expect(JSON.parse(JSON.stringify(folded))).toEqual(JSON.parse(JSON.stringify(publicState(hall.state))));
  });
});

describe('every phase × every command (the lifecycle as a table)', () => {
  // booked ─check in─▶ checked_in · booked ─cancel─▶ cancelled · booked past the grace ─clock─▶ forfeited.
  // Not an XState machine: three stored transitions out of one state, guarded by time windows the decider
  // checks (forfeiture is the hall clock's) — so the table below covers every (phase, command) pair.
  const slot = at(MONDAY, '14:00');
  type Phase = 'booked_days_ahead' | 'booked_too_early' | 'booked_in_window' | 'forfeited' | 'checked_in' | 'cancelled';
  type Cmd = 'check_in' | 'cancel_by_visitor' | 'cancel_by_hall';
  const expected: Record<Phase, Record<Cmd, string>> = {
    booked_days_ahead: { check_in: 'TOO_EARLY', cancel_by_visitor: 'ok', cancel_by_hall: 'ok' },
    booked_too_early: { check_in: 'TOO_EARLY', cancel_by_visitor: 'ok', cancel_by_hall: 'ILLEGAL_TRANSITION' },
    booked_in_window: { check_in: 'ok', cancel_by_visitor: 'ILLEGAL_TRANSITION', cancel_by_hall: 'ILLEGAL_TRANSITION' },
    forfeited: { check_in: 'ILLEGAL_TRANSITION', cancel_by_visitor: 'ILLEGAL_TRANSITION', cancel_by_hall: 'ILLEGAL_TRANSITION' },
    checked_in: { check_in: 'ILLEGAL_TRANSITION', cancel_by_visitor: 'ILLEGAL_TRANSITION', cancel_by_hall: 'ILLEGAL_TRANSITION' },
    cancelled: { check_in: 'ILLEGAL_TRANSITION', cancel_by_visitor: 'ILLEGAL_TRANSITION', cancel_by_hall: 'ILLEGAL_TRANSITION' },
  };
  const into = (phase: Phase) => {
    const hall = new MemoryHall(demoConfig, TEN_AM);
    const e = booked(hall.ok(booking(slot)));
    const code = e.code ?? '';
    const moves: Record<Phase, () => void> = {
      booked_days_ahead: () => undefined,
      booked_too_early: () => (hall.now = slot - 40 * MIN),
      booked_in_window: () => (hall.now = slot + 10 * MIN),
      forfeited: () => (hall.now = slot + 31 * MIN),
      checked_in: () => {
        hall.now = slot;
        hall.ok({ type: 'appointment.check_in', code, deviceId: 'k' });
      },
      cancelled: () => hall.ok({ type: 'appointment.cancel_by_visitor', code, actor: 'k' }),
    };
    moves[phase]();
    hall.settle(); // the clock's due events (a forfeit) come before the command, as on the server
    return { hall, code, id: e.appointmentId };
  };
  for (const phase of Object.keys(expected) as Phase[]) {
    for (const cmd of Object.keys(expected[phase]) as Cmd[]) {
      it(`${phase} + ${cmd} → ${expected[phase][cmd]}`, () => {
        const { hall, code, id } = into(phase);
        const seq = hall.state.seq;
        const command: AppointmentCommand =
          cmd === 'check_in'
            ? { type: 'appointment.check_in', code, deviceId: 'k' }
            : cmd === 'cancel_by_visitor'
              ? { type: 'appointment.cancel_by_visitor', code, actor: 'k' }
              : { type: 'appointment.cancel_by_hall', appointmentId: id, reason: 'other', by: { staffId: '9001' } };
        const d = hall.run(command);
        expect(d.ok ? 'ok' : d.error.code).toBe(expected[phase][cmd]);
        if (!d.ok) expect(hall.state.seq).toBe(seq);
        else expect(hall.state.appointments[id]?.status).toBe(cmd === 'check_in' ? 'checked_in' : 'cancelled');
      });
    }
  }
});

describe('a caller phones to cancel (群众申请)', () => {
  it('staff cancel on the visitor’s behalf without the hall’s notice rule, until the slot starts; it counts as the visitor’s', () => {
    const slot = at(MONDAY, '14:00');
    const hall = new MemoryHall(demoConfig, TEN_AM);
    const e = booked(hall.ok(booking(slot)));
    hall.now = slot - 2 * HOUR; // inside the 8 h notice: the hall itself may not cancel any more
    const asHall = hall.run({
      type: 'appointment.cancel_by_hall',
      appointmentId: e.appointmentId,
      reason: 'staff_unavailable',
      by: { staffId: '1011', window: 6 },
    });
    expect(asHall.ok ? 'ok' : asHall.error.code).toBe('ILLEGAL_TRANSITION');
    const forCaller = hall.ok({
      type: 'appointment.cancel_by_hall',
      appointmentId: e.appointmentId,
      reason: 'visitor_request',
      by: { staffId: '1011', window: 6 },
    });
    expect(forCaller).toEqual({ type: 'appointment.cancelled', appointmentId: e.appointmentId, by: 'visitor', actor: '1011', reason: 'visitor_request' });

    const late = booked(hall.ok(booking(at(MONDAY, '16:00'), 'p-2')));
    hall.now = at(MONDAY, '16:00');
    const started = hall.run({ type: 'appointment.cancel_by_hall', appointmentId: late.appointmentId, reason: 'visitor_request', by: { staffId: '9001' } });
    expect(started.ok ? 'ok' : started.error.message).toBe('预约时段已开始，不能取消');
  });
});
