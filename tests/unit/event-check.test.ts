/**
 * Events read back from the log are checked (issue 12 item 5) by a check
 * compiled from `hallEventSchema` (server/store/event-check.ts) rather than
 * by zod itself, which doubles the cost of reading an event at start-up. Here:
 * on the shape of an event — presence, kind, enum values, nested objects — the
 * check and the schema agree, field by field; a bad row is refused naming its
 * seq; and the store refuses to start from, or serve, a malformed row.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HallService } from '../../server/hall/hall-service.ts';
import { MalformedEventError, problemOf, readEvent } from '../../server/store/event-check.ts';
import { openDatabase, SqliteEventStore } from '../../server/store/sqlite-event-store.ts';
import { hallEventSchema, type HallEvent } from '../../state-machines/domain/events.ts';
import { demoConfig, TEN_AM } from '../support/demo.ts';

/** Valid events of several kinds: strings, numbers, enums, optional fields, nested objects (posts, next). */
const SAMPLES: HallEvent[] = [
  {
    type: 'ticket.issued',
    ticketId: '2026-11-21/A001',
    number: 'A001',
    queueId: 'comprehensive',
    itemId: 'id-card',
    class: 'green',
    priorityReason: 'elderly',
    serviceDay: '2026-11-21',
    sequence: 1,
    deviceId: 'kiosk-1f-1',
  },
  { type: 'clerk.signed_out', clerkId: '1009', window: 5, reason: 'meeting', handedTo: '1010', escalateAt: TEN_AM, posts: { a: '1009', b: '1010' } },
  { type: 'post.assigned', window: 5, post: 'b', clerkId: '1010', actor: '9001', posts: { a: '1009', b: '1010' } },
  { type: 'window.paused', clerkId: '1009', window: 5, reason: 'break', note: '午休' },
  { type: 'ticket.called', ticketId: '2026-11-21/A001', clerkId: '1009', window: 5, rule: 'priority' },
  { type: 'ticket.completed', ticketId: '2026-11-21/A001', clerkId: '1009', window: 5, waitMs: 60_000, serviceMs: 120_000 },
  { type: 'ticket.cancelled', ticketId: '2026-11-21/A002', actor: '9001', reason: 'duplicate' },
  {
    type: 'rating.given',
    ticketId: '2026-11-21/A001',
    window: 5,
    clerkId: '1009',
    queueId: 'comprehensive',
    channel: 'tablet',
    level: 2,
    reasons: ['slow', 'unclear'],
    secondary: [{ id: 'attitude', level: 1 }],
    followUp: { dueDay: '2026-12-11' },
  },
  {
    type: 'appointment.booked',
    appointmentId: 'appt-1',
    code: '12345678',
    queueId: 'real-estate',
    slotStart: TEN_AM,
    slotMinutes: 30,
    day: '2026-11-23',
    channel: 'kiosk',
    bookedBy: 'kiosk-1f-1',
    nameMasked: '张*丰',
    phoneMasked: '138****1234',
    personKey: 'k',
  },
  {
    type: 'hall.phase_changed',
    boundary: 'sync',
    due: TEN_AM,
    phase: 'open',
    next: { at: TEN_AM + 3_600_000, boundary: 'tickets_stop' },
    openDay: true,
  },
];

const zodAccepts = (v: unknown) => hallEventSchema.safeParse(v).success;
/** A value of another kind than `v`. */
const otherKind = (v: unknown): unknown => (typeof v === 'string' ? 42 : typeof v === 'number' ? 'x' : typeof v === 'object' ? 'x' : 1);

describe('the read-back check', () => {
  it('accepts every sample, as the schema does (and fields it does not know: an older or newer writer)', () => {
    for (const e of SAMPLES) {
      expect(zodAccepts(e), e.type).toBe(true);
      expect(problemOf(e), e.type).toBeUndefined();
      expect(problemOf({ ...e, addedLater: 1 }), e.type).toBeUndefined();
    }
  });

  it('agrees with the schema, field by field, on a missing field, a value of another kind and a value outside its enum', () => {
    let refused = 0;
    const agree = (mutated: Record<string, unknown>, what: string) => {
      const ours = problemOf(mutated) === undefined;
      expect(ours, `${what}: the check ${ours ? 'accepts' : 'refuses'} what zod ${zodAccepts(mutated) ? 'accepts' : 'refuses'}`).toBe(zodAccepts(mutated));
      if (!ours) refused++;
    };
    for (const e of SAMPLES) {
      const fields = Object.entries(e).filter(([k]) => k !== 'type');
      for (const [key, value] of fields) {
        const { [key]: _dropped, ...missing } = e as Record<string, unknown>;
        agree(missing, `${e.type} without ${key}`);
        agree({ ...e, [key]: otherKind(value) }, `${e.type}.${key} of another kind`);
        if (typeof value === 'string') agree({ ...e, [key]: `${value}-not-in-any-enum` }, `${e.type}.${key} outside its values`);
        if (typeof value === 'object' && value !== null) {
          for (const [inner, innerValue] of Object.entries(value)) {
            agree({ ...e, [key]: { ...value, [inner]: otherKind(innerValue) } }, `${e.type}.${key}.${inner} of another kind`);
            const { [inner]: _innerDropped, ...innerMissing } = value as Record<string, unknown>;
            agree({ ...e, [key]: innerMissing }, `${e.type}.${key} without ${inner}`);
          }
        }
      }
    }
    expect(refused).toBeGreaterThan(100);
  });

  it('checks each element of an array (a rating’s reasons and secondary items), naming the element', () => {
    const rating = SAMPLES.find((e) => e.type === 'rating.given')!;
    expect(problemOf({ ...rating, reasons: ['slow', 7] })).toBe('rating.given.reasons[1].[]: expected a string, got 7');
    expect(problemOf({ ...rating, secondary: [{ id: 'attitude', level: 9 }] })).toMatch(
      /^rating\.given\.secondary\[0\]\.\[\]\.level: expected one of 5, 4, 3, 2, 1/,
    );
    expect(problemOf({ ...rating, reasons: 'slow' })).toMatch(/^rating\.given\.reasons: expected an array of a string/);
  });

  it('refuses a row that is not a hall event with an error naming its seq and what is wrong', () => {
    const refusal = (seq: number, payload: string) => {
      try {
        readEvent(seq, payload);
      } catch (err) {
        expect(err).toBeInstanceOf(MalformedEventError);
        return (err as Error).message;
      }
      return 'accepted';
    };
    expect(refusal(7, '{"type":"ticket.issued"')).toMatch(/^event 7 in the log is malformed: not JSON/);
    expect(refusal(8, '[1,2]')).toBe('event 8 in the log is malformed: not an object');
    expect(refusal(9, '{"type":"ticket.teleported"}')).toBe('event 9 in the log is malformed: unknown event type "ticket.teleported"');
    expect(refusal(10, '{"type":"__proto__"}')).toBe('event 10 in the log is malformed: unknown event type "__proto__"');
    const issued = SAMPLES[0]!;
    expect(refusal(11, JSON.stringify({ ...issued, queueId: undefined }))).toBe('event 11 in the log is malformed: ticket.issued.queueId is missing');
    expect(refusal(12, JSON.stringify({ ...issued, class: 'vip' }))).toMatch(
      /^event 12 in the log is malformed: ticket\.issued\.class: expected one of .*walk_in.*, got "vip"$/,
    );
    expect(readEvent(13, JSON.stringify(issued))).toEqual(issued);
  });
});

describe('a malformed row in the SQLite log', () => {
  function logWithMalformedThird() {
    const file = join(mkdtempSync(join(tmpdir(), 'yc-check-')), 'hall.sqlite');
    const db = openDatabase(file);
    const store = new SqliteEventStore(db);
    const hall = new HallService(demoConfig, store, { now: () => TEN_AM });
    hall.boot();
    for (let i = 0; i < 5; i++)
      hall.execute({ type: 'ticket.take', deviceId: 'kiosk-1f-1', queueId: 'comprehensive' }, 'kiosk:kiosk-1f-1', `kiosk:kiosk-1f-1:req-0000000${i}`);
    db.exec('DROP TRIGGER events_no_update');
    db.prepare(`UPDATE events SET payload = json_remove(payload, '$.queueId') WHERE seq = 3`).run();
    return { store, hall };
  }

  it('stops the start with an error naming its seq, instead of folding a ticket without a queue into the state', () => {
    const { store } = logWithMalformedThird();
    const again = new HallService(demoConfig, store, { now: () => TEN_AM });
    expect(() => again.boot()).toThrow('event 3 in the log is malformed: ticket.issued.queueId is missing');
  });

  it('is refused when read for a sync or a retried request, never sent on as an event', () => {
    const { store } = logWithMalformedThird();
    expect(store.readFrom(0, 2)).toHaveLength(2);
    expect(() => store.readFrom(0, 10)).toThrow(MalformedEventError);
    expect(() => store.findByRequestKey('kiosk:kiosk-1f-1:req-00000002')).toThrow('event 3 in the log is malformed');
    expect(store.findByRequestKey('kiosk:kiosk-1f-1:req-00000003')?.seq).toBe(4);
  });
});
