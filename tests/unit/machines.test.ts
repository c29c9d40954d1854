/**
 * Model-based tests: xstate/graph walks every state and transition of the
 * window and ticket machines, and each path is replayed against the real hall
 * decider + fold, which must end in the same state.
 */
import { describe, expect, it } from 'vitest';
import { createTestModel } from 'xstate/graph';
import { ticketMachine, stepTicket } from '../../state-machines/machines/ticket-machine.ts';
import { windowMachine, type WindowMachineEvent } from '../../state-machines/machines/window-machine.ts';
import type { TicketRecord } from '../../state-machines/domain/ticket.ts';
import { demoConfig, TEN_AM } from '../support/demo.ts';
import { MemoryHall } from '../support/fold.ts';

const windowEvents: WindowMachineEvent[] = [
  { type: 'OPEN', at: 1, clerkId: '1009' },
  { type: 'CALL', at: 2, ticketId: 't' },
  { type: 'START', at: 3 },
  { type: 'COMPLETE', at: 3 },
  { type: 'CLOSE', at: 4 },
];

describe('window machine, model-based against the hall', () => {
  const model = createTestModel(windowMachine, {
    events: windowEvents,
    input: { number: 5 },
  });
  const paths = model.getSimplePaths({ allowDuplicatePaths: true });

  it('reaches every state of the machine through hall commands', () => {
    const reached = new Set(paths.map((p) => String(p.state.value)));
    expect([...reached].sort()).toEqual(['calling', 'closed', 'idle', 'serving']);
  });

  for (const path of paths) {
    it(path.description, async () => {
      const hall = new MemoryHall(demoConfig, TEN_AM);
      let current: string | undefined;
      for (let i = 0; i < 6; i++) hall.ok({ type: 'ticket.take', deviceId: 'k', queueId: 'comprehensive' });
      await path.test({
        events: {
          OPEN: () => void hall.ok({ type: 'window.open', window: 5, clerkId: '1009' }),
          CALL: () => {
            const e = hall.ok({ type: 'ticket.call_next', window: 5, clerkId: '1009' });
            current = e.type === 'ticket.called' ? e.ticketId : undefined;
          },
          START: () => void hall.ok({ type: 'ticket.start', window: 5, clerkId: '1009', ticketId: current ?? '' }),
          COMPLETE: () => void hall.ok({ type: 'ticket.complete', window: 5, clerkId: '1009', ticketId: current ?? '' }),
          CLOSE: () => void hall.ok({ type: 'window.close', window: 5, clerkId: '1009' }),
        },
        states: {
          closed: () => expect(hall.state.windows['5']?.status).toBe('closed'),
          idle: () => expect(hall.state.windows['5']).toMatchObject({ status: 'idle', current: undefined, clerkId: '1009' }),
          calling: () => expect(hall.state.windows['5']).toMatchObject({ status: 'calling', current }),
          serving: () => expect(hall.state.windows['5']?.status).toBe('serving'),
        },
      });
    });
  }
});

describe('ticket machine', () => {
  const base: TicketRecord = {
    id: '2026-11-21/A001', number: 'A001', queueId: 'comprehensive', class: 'walk_in',
    serviceDay: '2026-11-21', status: 'waiting', issuedAt: 0, callCount: 0,
  };

  it('visits every state through its shortest paths', () => {
    const model = createTestModel(ticketMachine, {
      input: { ...base },
      events: [
        { type: 'CALL', at: 1, window: 5, clerkId: '1009' },
        { type: 'START', at: 2 },
        { type: 'COMPLETE', at: 3, clerkId: '1009' },
      ],
    });
    const states = new Set(model.getShortestPaths({ allowDuplicatePaths: true }).map((p) => String(p.state.value)));
    expect([...states].sort()).toEqual(['called', 'done', 'serving', 'waiting']);
  });

  it('records who called and completed, and when', () => {
    const called = stepTicket(base, { type: 'CALL', at: 10, window: 5, clerkId: '1009' })!;
    expect(called).toMatchObject({ status: 'called', calledAt: 10, window: 5, clerkId: '1009', callCount: 1 });
    const done = stepTicket(called, { type: 'COMPLETE', at: 20, clerkId: '1010' })!;
    expect(done).toMatchObject({ status: 'done', doneAt: 20, clerkId: '1010' });
  });

  it('refuses to complete a ticket never called and to call a finished one', () => {
    expect(stepTicket(base, { type: 'COMPLETE', at: 1, clerkId: '1009' })).toBeUndefined();
    const done = { ...base, status: 'done' as const };
    expect(stepTicket(done, { type: 'CALL', at: 1, window: 5, clerkId: '1009' })).toBeUndefined();
  });
});
