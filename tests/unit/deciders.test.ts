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
import { ratingDeciders } from '../../state-machines/hall/deciders/rating.ts';
import { staffingDeciders } from '../../state-machines/hall/deciders/staffing.ts';
import { ticketDeciders } from '../../state-machines/hall/deciders/ticket.ts';
import { windowDeciders } from '../../state-machines/hall/deciders/window.ts';
import { complaintDeciders } from '../../state-machines/hall/deciders/complaint.ts';
import { enquiryDeciders } from '../../state-machines/hall/deciders/enquiry.ts';
import { guideDeciders } from '../../state-machines/hall/deciders/guide.ts';
import { can } from '../../state-machines/machines/ask.ts';
import { newTicket } from '../../state-machines/machines/ticket-machine.ts';
import { decide } from '../../state-machines/hall/decide.ts';
import { evolve, EvolveError } from '../../state-machines/hall/evolve.ts';
import { demoConfig, TEN_AM } from '../support/demo.ts';
import { MemoryHall } from '../support/fold.ts';

const FILES = {
  'ticket.ts': [ticketDeciders, ['ticket.']],
  'window.ts': [windowDeciders, ['window.']],
  'staffing.ts': [staffingDeciders, ['clerk.', 'post.']],
  'appointment.ts': [appointmentDeciders, ['appointment.']],
  'rating.ts': [ratingDeciders, ['rating.', 'followup.']],
  'clock.ts': [clockDeciders, ['clock.']],
  'guide.ts': [guideDeciders, ['guide.']],
  'complaint.ts': [complaintDeciders, ['complaint.']],
  'enquiry.ts': [enquiryDeciders, ['enquiry.']],
} as const;

describe('deciders', () => {
  it('each command type is decided in the file its prefix names, once', () => {
    const seen = new Map<string, string>();
    for (const [file, [deciders, prefixes]] of Object.entries(FILES)) {
      for (const type of Object.keys(deciders)) {
        expect(
          prefixes.some((p) => type.startsWith(p)),
          `${type} in ${file}`,
        ).toBe(true);
        expect(seen.get(type), `${type} twice`).toBeUndefined();
        seen.set(type, file);
      }
    }
    expect(seen.size).toBe(38);
  });

  it('a command type without a decider does not compile', () => {
    // @ts-expect-error every `window.*`, `clerk.*`, `post.*`, `appointment.*` and `clock.*` decider is missing
    const incomplete: Deciders = { ...ticketDeciders };
    expect(Object.keys(incomplete)).toHaveLength(13);
  });

  it('a machine is typed against its record: states that are not the status union do not compile', () => {
    const drifted = setup({
      types: { context: {} as Omit<TicketRecord, 'status'>, events: {} as { type: 'LOSE' }, input: {} as Omit<TicketRecord, 'status'> },
    }).createMachine({
      initial: 'waiting',
      context: ({ input }) => input,
      states: { waiting: { on: { LOSE: 'lost' } }, lost: {} },
    });
    const ticket = newTicket({
      id: '2026-11-21/A001',
      number: 'A001',
      queueId: 'comprehensive',
      class: 'walk_in',
      serviceDay: '2026-11-21',
      issuedAt: 0,
      lineKey: 0,
    });
    // @ts-expect-error the machine has a state `lost` that no ticket status names (and lacks `called`, `done`…)
    expect(can(drifted, ticket, { type: 'LOSE' })).toBe(true);
  });

  it('the machines judge every step the fold will take: 办结 with a window that cannot free its counter is refused, not appended', () => {
    const hall = new MemoryHall(demoConfig, TEN_AM);
    hall.ok({ type: 'ticket.take', deviceId: 'kiosk-1f-1', queueId: 'comprehensive' });
    hall.ok({ type: 'window.open', clerkId: '1009', window: 5 });
    const called = hall.ok({ type: 'ticket.call_next', clerkId: '1009', window: 5 });
    const ticketId = called.type === 'ticket.called' ? called.ticketId : '';
    // A state no fold writes (a faulty checkpoint): window 5 "idle" with the called ticket still at its counter.
    hall.state.windows['5'] = { ...hall.state.windows['5']!, status: 'idle' };
    const complete = { type: 'ticket.complete' as const, clerkId: '1009', window: 5, ticketId };
    // Before issue 12 decide checked the ticket's status by hand and accepted; the fold then could not release the window.
    const folded = () =>
      evolve(structuredClone(hall.state), { seq: hall.state.seq + 1, at: hall.now, event: { type: 'ticket.completed', ticketId, clerkId: '1009', window: 5 } });
    expect(folded).toThrow(EvolveError);
    const decision = decide(hall.state, demoConfig, complete, hall.now);
    expect(decision.ok ? 'accepted' : decision.error).toEqual({
      code: 'ILLEGAL_TRANSITION',
      message: 'A001 号已呼叫，不能这样操作',
      messageEn: 'Ticket A001 is called; not allowed now',
    });
  });
});
