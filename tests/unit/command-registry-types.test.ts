/**
 * The command registry's types are the protocol's (issue 12 item 1). Each
 * `@ts-expect-error` below is a mistake that must not compile: `tsc --noEmit`
 * (run by `npm test`) fails if any of them starts compiling, i.e. if the
 * registry stopped checking that kind of mistake. The runtime part checks
 * what the types cannot see.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineCommands, roleCommands } from '../../server/sockets/registry.ts';
import { ROLE_COMMANDS } from '../../server/sockets/roles.ts';
import { staffTicketCommands } from '../../server/sockets/commands/tickets.ts';
import { staffAppointmentCommands } from '../../server/sockets/commands/appointments.ts';
import { syncCommands } from '../../server/sockets/sync-since.ts';
import { syncSinceRequest, takeTicketRequest, ticketActionRequest, windowCommandRequest } from '../../state-machines/protocol/messages.ts';
import type { AckFn, DisplayClientEvents, KioskClientEvents, TicketResult, WindowClientEvents } from '../../state-machines/protocol/socket-events.ts';

const callNext = {
  schema: windowCommandRequest,
  scope: 'own-window',
  cost: 'staff',
  command: (req: { window: number }) => ({ type: 'ticket.call_next' as const, clerkId: '1009', window: req.window }),
  answer: (): { ok: true; seq: number; result: TicketResult } => ({ ok: true, seq: 1, result: { ticket: {} as TicketResult['ticket'] } }),
} as const;

/** Checked by tsc, never run. */
// biome-ignore lint/suspicious/noExportsInTest: exported so tsc checks it without an unused-variable error; nothing imports it
export const typeChecks = () => [
  defineCommands<WindowClientEvents>()({
    // @ts-expect-error a wrong event name: /window has no 'ticket:call-nxt'
    'ticket:call-nxt': callNext,
  }),
  defineCommands<KioskClientEvents>()({
    // @ts-expect-error an event of another role: kiosks do not call tickets
    'ticket:call-next': callNext,
  }),
  defineCommands<WindowClientEvents>()({
    'ticket:call-next': {
      ...callNext,
      // @ts-expect-error a wrong payload schema: it parses to a take-ticket request, not { requestId, window }
      schema: takeTicketRequest,
    },
  }),
  defineCommands<WindowClientEvents>()({
    'ticket:call-next': {
      ...callNext,
      // @ts-expect-error a payload schema that parses to more than the request (a ticketId the panel never sends)
      schema: ticketActionRequest,
    },
  }),
  defineCommands<WindowClientEvents>()({
    'ticket:call-next': {
      ...callNext,
      // @ts-expect-error a wrong ack type: call-next answers { ticket }, not null
      answer: () => ({ ok: true, seq: 1, result: null }),
    },
  }),
  defineCommands<DisplayClientEvents>()({
    'display:voice': {
      // @ts-expect-error a payload schema that parses to less than the request (no mode "off" with its problem)
      schema: z.discriminatedUnion('mode', [z.strictObject({ mode: z.literal('browser') }), z.strictObject({ mode: z.literal('server') })]),
      cost: 'voice-report',
      run: () => ({ ok: true, seq: 1, result: null }),
    },
  }),
  defineCommands<KioskClientEvents>()({
    'sync:since': {
      schema: syncSinceRequest,
      cost: 'self-limited',
      // @ts-expect-error a hall command needs a requestId (its idempotency key); sync:since has none
      command: () => ({ type: 'clock.tick' }),
      // @ts-expect-error …and so no hall-command entry fits it: the answer of one is refused too
      answer: () => ({ ok: false, error: { code: 'INTERNAL', message: '', messageEn: '' } }),
    },
  }),
  defineCommands<KioskClientEvents>()({
    'ticket:take': {
      schema: takeTicketRequest,
      // @ts-expect-error 'own-window' is for requests that name a window; ticket:take names none
      scope: 'own-window',
      cost: 'kiosk-ticket',
      command: (req) => ({ type: 'ticket.take', deviceId: 'kiosk-1f-1', queueId: req.queueId }),
      answer: () => ({ ok: false, error: { code: 'INTERNAL', message: '', messageEn: '' } }),
    },
  }),
  defineCommands<WindowClientEvents>()({
    'window:open': {
      schema: windowCommandRequest,
      // @ts-expect-error an unknown cost class
      cost: 'free',
      run: () => ({ ok: true, seq: 1, result: null }),
    },
  }),
];

/** A small map for the table-level checks. */
interface TwoEvents {
  'a:one': (request: { lastSeq: number }, ack: AckFn<number>) => void;
  'a:two': (request: { lastSeq: number }, ack: AckFn<number>) => void;
}
const one = defineCommands<TwoEvents>()({
  'a:one': { schema: syncSinceRequest, cost: 'self-limited', run: (req) => ({ ok: true, seq: 1, result: req.lastSeq }) },
});
const two = defineCommands<TwoEvents>()({
  'a:two': { schema: syncSinceRequest, cost: 'self-limited', run: (req) => ({ ok: true, seq: 1, result: req.lastSeq }) },
});
/** A group of a wider map: 'a:two' and an event TwoEvents does not have. */
interface ThreeEvents extends TwoEvents {
  'a:three': (request: { lastSeq: number }, ack: AckFn<number>) => void;
}
const three = defineCommands<ThreeEvents>()({
  'a:two': { schema: syncSinceRequest, cost: 'self-limited', run: (req) => ({ ok: true, seq: 2, result: req.lastSeq }) },
  'a:three': { schema: syncSinceRequest, cost: 'self-limited', run: (req) => ({ ok: true, seq: 3, result: req.lastSeq }) },
});

/** Checked by tsc, never run (the duplicate would throw: see below). */
// biome-ignore lint/suspicious/noExportsInTest: exported so tsc checks it without an unused-variable error; nothing imports it
export const tableChecks = () => [
  roleCommands<TwoEvents>()([one, two]),
  // @ts-expect-error an event of the map without an entry ('a:two')
  roleCommands<TwoEvents>()([one]),
  // @ts-expect-error an event registered twice ('a:two' in two groups)
  roleCommands<TwoEvents>()([one, two, two]),
  // @ts-expect-error a group that brings an event of another map ('a:three')
  roleCommands<TwoEvents>()([one, three]),
  // Deliberately unanswered (a later issue): compiles, and the event is answered FORBIDDEN like any unknown one.
  roleCommands<TwoEvents, 'a:two'>()([one]),
  // @ts-expect-error marked unanswered but answered all the same
  roleCommands<TwoEvents, 'a:two'>()([one, two]),
];

describe('command registry tables', () => {
  it('refuses at start-up a table whose groups name one event twice (a table assembled past the types)', () => {
    const untyped = roleCommands<TwoEvents>() as unknown as (groups: object[]) => unknown;
    expect(() => untyped([one, two, two])).toThrow('a:two is registered twice');
  });

  it('defines the shared staff commands once: /window and /admin hold the very same entries', () => {
    const window = new Map(Object.entries(ROLE_COMMANDS.window));
    const admin = new Map(Object.entries(ROLE_COMMANDS.admin));
    const shared = { ...staffTicketCommands, ...staffAppointmentCommands };
    for (const [event, entry] of Object.entries(shared)) {
      expect(window.get(event), event).toBe(entry);
      expect(admin.get(event), event).toBe(entry);
    }
    for (const role of ['kiosk', 'display', 'window', 'admin'] as const) expect(ROLE_COMMANDS[role]['sync:since']).toBe(syncCommands['sync:since']);
  });
});
