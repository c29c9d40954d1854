/**
 * The shape of decide (issue 12 items 2 and 3): one decider per command type,
 * found in the file its prefix names; a command type without a decider, or a
 * machine whose states drift from its record's status union, does not compile
 * (the `@ts-expect-error` lines fail `tsc` the day they stop being errors).
 */
import { describe, expect, it } from 'vitest';
import { setup } from 'xstate';
import type { TicketRecord } from '../../state-machines/domain/ticket.ts';
import { appointmentDeciders } from '../../state-machines/hall/deciders/appointment.ts';
import { clockDeciders } from '../../state-machines/hall/deciders/clock.ts';
import type { Deciders } from '../../state-machines/hall/deciders/decider.ts';
import { staffingDeciders } from '../../state-machines/hall/deciders/staffing.ts';
import { ticketDeciders } from '../../state-machines/hall/deciders/ticket.ts';
import { windowDeciders } from '../../state-machines/hall/deciders/window.ts';
import { can } from '../../state-machines/machines/ask.ts';
import { newTicket } from '../../state-machines/machines/ticket-machine.ts';

const FILES = {
  'ticket.ts': [ticketDeciders, ['ticket.']],
  'window.ts': [windowDeciders, ['window.']],
  'staffing.ts': [staffingDeciders, ['clerk.', 'post.']],
  'appointment.ts': [appointmentDeciders, ['appointment.']],
  'clock.ts': [clockDeciders, ['clock.']],
} as const;

describe('deciders', () => {
  it('each command type is decided in the file its prefix names, once', () => {
    const seen = new Map<string, string>();
    for (const [file, [deciders, prefixes]] of Object.entries(FILES)) {
      for (const type of Object.keys(deciders)) {
        expect(prefixes.some((p) => type.startsWith(p)), `${type} in ${file}`).toBe(true);
        expect(seen.get(type), `${type} twice`).toBeUndefined();
        seen.set(type, file);
      }
    }
    expect(seen.size).toBe(28);
  });

  it('a command type without a decider does not compile', () => {
    // @ts-expect-error every `window.*`, `clerk.*`, `post.*`, `appointment.*` and `clock.*` decider is missing
    const incomplete: Deciders = { ...ticketDeciders };
    expect(Object.keys(incomplete)).toHaveLength(13);
  });

  it('a machine is typed against its record: states that are not the status union do not compile', () => {
    const drifted = setup({ types: { context: {} as Omit<TicketRecord, 'status'>, events: {} as { type: 'LOSE' }, input: {} as Omit<TicketRecord, 'status'> } }).createMachine({
      initial: 'waiting',
      context: ({ input }) => input,
      states: { waiting: { on: { LOSE: 'lost' } }, lost: {} },
    });
    const ticket = newTicket({ id: '2026-11-21/A001', number: 'A001', queueId: 'comprehensive', class: 'walk_in', serviceDay: '2026-11-21', issuedAt: 0, lineKey: 0 });
    // @ts-expect-error the machine has a state `lost` that no ticket status names (and lacks `called`, `done`…)
    expect(can(drifted, ticket, { type: 'LOSE' })).toBe(true);
  });
});
