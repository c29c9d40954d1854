/**
 * What leaves the hall for a hub (state-machines/protocol/hub-projection.ts):
 * every field of every event is classified — shipped (numbers, ids from the
 * hall file, 工号, times) or kept in the hall (masks, keyed hashes, codes,
 * free text). A new field fails here until someone decides which it is.
 */
import { describe, expect, it } from 'vitest';
import { hallEventSchema } from '../../state-machines/domain/events.ts';
import { forHub, HALL_ONLY_FIELDS } from '../../state-machines/protocol/hub-projection.ts';

/** Fields a hub may hold: none names, reaches or identifies a visitor. */
const SHIPPED_FIELDS = new Set([
  'a',
  'actor',
  'appointmentId',
  'approvedBy',
  'at',
  'b',
  'behind',
  'bookedBy',
  'boundary',
  'by',
  'calendar',
  'callCount',
  'calls',
  'channel',
  'class',
  'clerkId',
  'day',
  'deviceId',
  'due',
  'dueDay',
  'escalateAt',
  'extendedFrom',
  'extendedMs',
  'followUp',
  'followUpId',
  'complaintId',
  'caseId',
  'guideId',
  'handedToWindow',
  'helpId',
  'from',
  'fromQueueId',
  'handedTo',
  'id',
  'itemId',
  'level',
  'lineKey',
  'materialsDueDay',
  'missing',
  'next',
  'number',
  'openDay',
  'outcome',
  'parkedMs',
  'pausedMs',
  'phase',
  'phoneUntil',
  'post',
  'posts',
  'priorityReason',
  'promisedDay',
  'queueId',
  'rating',
  'reason',
  'reasons',
  'rule',
  'secondary',
  'sequence',
  'serviceDay',
  'serviceMs',
  'slotMinutes',
  'slotStart',
  'ticketId',
  'ticketsLeft',
  'to',
  'toQueueId',
  'toWindow',
  'type',
  'waitMs',
  'window',
  'windowUntil',
  // 双机热备: which of the hall's two servers holds it from which event (a machine's name, nothing personal).
  'term',
  'server',
  'lastFromPrimary',
]);

type Def = {
  type: string;
  shape?: Record<string, { _zod: { def: Def } }>;
  innerType?: { _zod: { def: Def } };
  element?: { _zod: { def: Def } };
  options?: { _zod: { def: Def } }[];
};

/** Every object key anywhere in a zod schema (objects, optionals, arrays, unions). */
function keysOf(def: Def, into: Set<string>): Set<string> {
  if (def.type === 'object') {
    for (const [key, value] of Object.entries(def.shape ?? {})) {
      into.add(key);
      keysOf(value._zod.def, into);
    }
  } else if (def.innerType) keysOf(def.innerType._zod.def, into);
  else if (def.element) keysOf(def.element._zod.def, into);
  else for (const option of def.options ?? []) keysOf(option._zod.def, into);
  return into;
}

describe('what the hall ships to a hub', () => {
  it('every field of every event is classified: shipped, or kept in the hall', () => {
    const keys = keysOf((hallEventSchema as unknown as { _zod: { def: Def } })._zod.def, new Set());
    const hallOnly = new Set<string>(HALL_ONLY_FIELDS);
    const unclassified = [...keys].filter((k) => !SHIPPED_FIELDS.has(k) && !hallOnly.has(k)).sort();
    expect(unclassified).toEqual([]);
    expect([...keys].filter((k) => SHIPPED_FIELDS.has(k) && hallOnly.has(k))).toEqual([]);
  });

  it('removes the hall-only fields at any depth and keeps the rest as they were, in order', () => {
    const booked = {
      type: 'appointment.booked',
      appointmentId: 'ap1',
      queueId: 'real-estate',
      slotStart: 1,
      nameMasked: '张*丰',
      phoneMasked: '138****1234',
      personKey: 'k',
      code: '12345678',
      bookedBy: 'kiosk',
    };
    expect(JSON.stringify(forHub(booked))).toBe('{"type":"appointment.booked","appointmentId":"ap1","queueId":"real-estate","slotStart":1,"bookedBy":"kiosk"}');
    expect(forHub({ type: 'x', followUp: { note: '王五', due: 3 }, list: [{ text: '差', level: 1 }] })).toEqual({
      type: 'x',
      followUp: { due: 3 },
      list: [{ level: 1 }],
    });
  });
});
