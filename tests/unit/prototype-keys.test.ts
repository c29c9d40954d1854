/**
 * Wire strings used as keys of the hall state (issue 11 item 6), below the
 * schemas: `decide` itself, handed a command whose ticket or appointment id is
 * a name every plain object answers to (`__proto__`, `constructor`,
 * `toString`, …), must find no such ticket or booking — NOT_FOUND naming the
 * field — and never throw, never mistake Object.prototype for a ticket.
 * (The protocol schemas refuse these ids before decide; the fuzzer checks
 * that over the wire.)
 */
import { describe, expect, it } from 'vitest';
import { isPrototypeName } from '../../state-machines/domain/ids.ts';
import { decide, type HallCommand } from '../../state-machines/hall/decide.ts';
import {
  appointmentSlotsRequest,
  cancelTicketRequest,
  hallCancelAppointmentRequest,
  takeTicketRequest,
  ticketActionRequest,
} from '../../state-machines/protocol/messages.ts';
import { loadHallConfig } from '../../server/config/load-config.ts';
import { DEMO_CONFIG_PATH, demoConfig, TEN_AM, writeHallVariant } from '../support/demo.ts';
import { MemoryHall } from '../support/fold.ts';
import { PROTOTYPE_NAMES } from '../support/prototype-names.ts';

const W5 = { clerkId: '1009', window: 5 } as const;
const supervisor = { staffId: '9001' };
const clerk = { staffId: '1009', window: 5 };

/** Every command that names a ticket or a booking by id, with that id replaced. */
function commands(id: string): HallCommand[] {
  return [
    { type: 'ticket.call_number', ...W5, ticketId: id },
    { type: 'ticket.recall', ...W5, ticketId: id },
    { type: 'ticket.start', ...W5, ticketId: id },
    { type: 'ticket.complete', ...W5, ticketId: id },
    { type: 'ticket.no_show', ...W5, ticketId: id },
    { type: 'ticket.transfer', ...W5, ticketId: id, toQueueId: 'tax' },
    { type: 'ticket.park', ...W5, ticketId: id },
    { type: 'ticket.resume', ...W5, ticketId: id },
    ...[supervisor, clerk].flatMap((by): HallCommand[] => [
      { type: 'ticket.requeue', ticketId: id, by },
      { type: 'ticket.cancel', ticketId: id, reason: 'other', by },
      { type: 'ticket.prioritise', ticketId: id, reason: 'elderly', by },
    ]),
    { type: 'appointment.cancel_by_hall', appointmentId: id, reason: 'other', by: supervisor },
  ];
}

describe('prototype names as ids', () => {
  it('are NOT_FOUND for every command on tickets and bookings, at every state of the window that lets the lookup happen', () => {
    const hall = new MemoryHall(demoConfig, TEN_AM);
    hall.ok({ type: 'ticket.take', deviceId: 'kiosk-1f-1', queueId: 'comprehensive' });
    const states: (() => void)[] = [
      () => hall.ok({ type: 'window.open', ...W5 }), // idle: 指呼, 恢复 look the ticket up
      () => hall.ok({ type: 'ticket.call_next', ...W5 }), // calling: counter commands look it up
    ];
    for (const reach of [() => undefined, ...states]) {
      reach();
      const seq = hall.state.seq;
      for (const name of PROTOTYPE_NAMES) {
        for (const command of commands(name)) {
          const decision = decide(hall.state, hall.config, command, hall.now);
          expect(decision.ok, `${command.type} ${name}`).toBe(false);
          if (decision.ok) continue;
          // Refused before the lookup (the window is not open, the counter busy) or NOT_FOUND — never a prototype member taken for a ticket.
          expect(['NOT_FOUND', 'WINDOW_NOT_OPEN', 'WINDOW_BUSY'], `${command.type} ${name}: ${decision.error.code} ${decision.error.messageEn}`).toContain(
            decision.error.code,
          );
          expect(decision.error.message).not.toContain('undefined');
        }
      }
      expect(hall.state.seq).toBe(seq);
    }
  });

  it('are refused by the schemas in every id field', () => {
    for (const name of PROTOTYPE_NAMES) {
      expect(ticketActionRequest.safeParse({ requestId: 'abcdefgh', window: 5, ticketId: name }).success).toBe(false);
      expect(cancelTicketRequest.safeParse({ requestId: 'abcdefgh', ticketId: name, reason: 'other' }).success).toBe(false);
      expect(takeTicketRequest.safeParse({ requestId: 'abcdefgh', queueId: name }).success).toBe(false);
      expect(takeTicketRequest.safeParse({ requestId: 'abcdefgh', queueId: 'tax', itemId: name }).success).toBe(false);
      expect(appointmentSlotsRequest.safeParse({ queueId: name }).success).toBe(false);
      expect(hallCancelAppointmentRequest.safeParse({ requestId: 'abcdefgh', appointmentId: name, reason: 'other' }).success).toBe(false);
    }
    expect(ticketActionRequest.safeParse({ requestId: 'abcdefgh', window: 5, ticketId: '2026-11-21/A013' }).success).toBe(true);
    expect(hallCancelAppointmentRequest.safeParse({ requestId: 'abcdefgh', appointmentId: 'appt-12', reason: 'other' }).success).toBe(true);
  });

  it('cannot be ids in the hall file', () => {
    for (const name of ['__proto__', 'constructor', 'toString']) {
      expect(isPrototypeName(name)).toBe(true);
      const path = writeHallVariant((hall) => {
        hall.queues[0]!.id = name;
      }, DEMO_CONFIG_PATH);
      expect(() => loadHallConfig(path)).toThrow(/reserved name/);
    }
  });
});
