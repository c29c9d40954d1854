/**
 * Model-based tests: xstate/graph finds a shortest path to every state of the
 * ticket and window machines; from each state we then take every event the
 * machine enables, so every transition (self-loops included) is exercised.
 * Each path is replayed against the real hall decider + fold through hall
 * commands, which must land in the state the machine predicts. Events the
 * machine does not enable are offered too, and the hall must refuse them.
 */
import { describe, expect, it } from 'vitest';
import { createTestModel } from 'xstate/graph';
import type { TicketRecord } from '../../state-machines/domain/ticket.ts';
import type { HallCommand } from '../../state-machines/hall/decide.ts';
import { ticketMachine, stepTicket, type TicketMachineEvent } from '../../state-machines/machines/ticket-machine.ts';
import type { WindowRecord } from '../../state-machines/domain/window.ts';
import { windowMachine, stepWindow, type WindowMachineEvent } from '../../state-machines/machines/window-machine.ts';
import { demoConfig, TEN_AM } from '../support/demo.ts';
import { MemoryHall } from '../support/fold.ts';

interface Step<E> {
  events: E[];
  next: E;
}

/** Shortest path to every state, then each event from there. */
function transitionsOf<E extends { type: string }>(
  model: ReturnType<typeof createTestModel>,
  events: readonly E[],
  enabled: (path: E[], e: E) => boolean,
): { enabled: Step<E>[]; disabled: Step<E>[] } {
  const out = { enabled: [] as Step<E>[], disabled: [] as Step<E>[] };
  for (const path of model.getShortestPaths({ allowDuplicatePaths: true })) {
    const prefix = path.steps.map((s) => s.event as unknown as E).filter((e) => e.type !== 'xstate.init');
    for (const e of events) (enabled(prefix, e) ? out.enabled : out.disabled).push({ events: prefix, next: e });
  }
  return out;
}

/** The graph's vertices are the machine's states; context (times, counters) would make it infinite. */
const byValue = (snapshot: { value: unknown }) => JSON.stringify(snapshot.value);

/** Every (state, event) pair the machine definition declares. */
function transitionCount(config: { states?: Record<string, { on?: Record<string, unknown> }> }): number {
  return Object.values(config.states ?? {}).reduce((n, s) => n + Object.keys(s.on ?? {}).length, 0);
}

const describeStep = <E extends { type: string }>(s: Step<E>) => [...s.events, s.next].map((e) => e.type).join(' → ');

describe('window machine, model-based against the hall', () => {
  const events: WindowMachineEvent[] = [
    { type: 'OPEN', at: 1, clerkId: '1009' },
    { type: 'CALL', at: 2, ticketId: 't', priority: false },
    { type: 'START', at: 3 },
    { type: 'RELEASE', at: 4 },
    { type: 'PAUSE', at: 5, reason: 'break' },
    { type: 'UNPAUSE', at: 6 },
    { type: 'CLOSE', at: 7 },
    { type: 'HAND_OVER', at: 8, clerkId: '1010' },
  ];
  const model = createTestModel(windowMachine, { events, input: { number: 5 }, serializeState: byValue, limit: 500 });
  const replayMachine = (path: WindowMachineEvent[]): WindowRecord | undefined =>
    path.reduce<WindowRecord | undefined>((r, e) => r && stepWindow(r, e), { number: 5, status: 'closed' });
  const { enabled, disabled } = transitionsOf(model, events, (path, e) => {
    const r = replayMachine(path);
    return r !== undefined && stepWindow(r, e) !== undefined;
  });

  function runOnHall(steps: WindowMachineEvent[]) {
    const hall = new MemoryHall(demoConfig, TEN_AM);
    for (let i = 0; i < 6; i++) hall.ok({ type: 'ticket.take', deviceId: 'k', queueId: 'comprehensive' });
    // Both posts of window 5 signed in (AB岗): HAND_OVER is the other one taking over.
    hall.ok({ type: 'clerk.sign_in', clerkId: '1009', window: 5 });
    hall.ok({ type: 'clerk.sign_in', clerkId: '1010', window: 5 });
    let current: string | undefined;
    const at = { clerkId: '1009', window: 5 };
    const command = (e: WindowMachineEvent): HallCommand => {
      switch (e.type) {
        case 'HAND_OVER':
          return { type: 'post.take_over', window: 5, clerkId: at.clerkId === '1009' ? '1010' : '1009' };
        case 'OPEN':
          return { type: 'window.open', ...at };
        case 'CALL':
          return { type: 'ticket.call_next', ...at };
        case 'START':
          return { type: 'ticket.start', ...at, ticketId: current ?? '' };
        case 'RELEASE':
          return { type: 'ticket.complete', ...at, ticketId: current ?? '' };
        case 'PAUSE':
          return { type: 'window.pause', ...at, reason: 'break' };
        case 'UNPAUSE':
          return { type: 'window.resume', ...at };
        case 'CLOSE':
          return { type: 'window.close', ...at };
      }
    };
    const results = steps.map((e) => {
      hall.now += 1000;
      const d = hall.run(command(e));
      if (d.ok && d.event.type === 'ticket.called') current = d.event.ticketId;
      if (d.ok && d.event.type === 'post.taken_over') at.clerkId = d.event.clerkId;
      return d.ok;
    });
    return { hall, results };
  }

  it('covers every state of the machine', () => {
    const states = new Set(model.getShortestPaths({ allowDuplicatePaths: true }).map((p) => String(p.state.value)));
    expect([...states].sort()).toEqual(['calling', 'closed', 'idle', 'paused', 'serving']);
    expect(enabled.some((s) => s.next.type === 'HAND_OVER')).toBe(true);
    expect(enabled.length).toBe(transitionCount(windowMachine.config));
  });

  for (const step of enabled) {
    it(`hall follows ${describeStep(step)}`, () => {
      const path = [...step.events, step.next];
      const { hall, results } = runOnHall(path);
      expect(results.every(Boolean)).toBe(true);
      expect(hall.state.windows['5']?.status).toBe(replayMachine(path)?.status);
    });
  }
  for (const step of disabled) {
    it(`hall refuses ${describeStep(step)}`, () => {
      const { hall, results } = runOnHall([...step.events, step.next]);
      expect(results.slice(0, -1).every(Boolean)).toBe(true);
      expect(results.at(-1)).toBe(false);
      expect(hall.state.windows['5']?.status).toBe(replayMachine(step.events)?.status);
    });
  }
});

describe('ticket machine, model-based against the hall', () => {
  const base: TicketRecord = {
    id: '2026-11-21/A001',
    number: 'A001',
    queueId: 'comprehensive',
    class: 'walk_in',
    serviceDay: '2026-11-21',
    status: 'waiting',
    issuedAt: TEN_AM,
    lineKey: TEN_AM,
    callCount: 0,
    serviceMs: 0,
    parkedMs: 0,
    requeues: 0,
    transfers: 0,
  };
  const events: TicketMachineEvent[] = [
    { type: 'CALL', at: 1, window: 5, clerkId: '1009' },
    { type: 'RECALL', at: 2 },
    { type: 'START', at: 3 },
    { type: 'COMPLETE', at: 4, clerkId: '1009' },
    { type: 'NO_SHOW', at: 5 },
    { type: 'REQUEUE', at: 6, lineKey: 6 },
    { type: 'TRANSFER', at: 7, queueId: 'enterprise' },
    { type: 'PARK', at: 8 },
    { type: 'RESUME', at: 9, window: 5, clerkId: '1009' },
    { type: 'CANCEL', at: 10, reason: 'visitor_left' },
    { type: 'PRIORITISE', at: 11, reason: 'elderly' },
  ];
  const model = createTestModel(ticketMachine, { events, input: base, serializeState: byValue, limit: 500 });
  const replayMachine = (path: TicketMachineEvent[]) => path.reduce<TicketRecord | undefined>((t, e) => t && stepTicket(t, e), base);
  const { enabled, disabled } = transitionsOf(model, events, (path, e) => {
    const t = replayMachine(path);
    return t !== undefined && stepTicket(t, e) !== undefined;
  });

  function runOnHall(steps: TicketMachineEvent[]) {
    const hall = new MemoryHall(demoConfig, TEN_AM);
    const issued = hall.ok({ type: 'ticket.take', deviceId: 'k', queueId: 'comprehensive' });
    const ticketId = issued.type === 'ticket.issued' ? issued.ticketId : '';
    hall.ok({ type: 'window.open', clerkId: '1009', window: 5 });
    const at = { clerkId: '1009', window: 5, ticketId };
    const by = { staffId: '1009', window: 5 };
    const command = (e: TicketMachineEvent): HallCommand => {
      switch (e.type) {
        case 'CALL':
          return { type: 'ticket.call_next', clerkId: '1009', window: 5 };
        case 'RECALL':
          return { type: 'ticket.recall', ...at };
        case 'START':
          return { type: 'ticket.start', ...at };
        case 'COMPLETE':
          return { type: 'ticket.complete', ...at };
        case 'NO_SHOW':
          hall.now += demoConfig.queueRules.noShow.graceSeconds * 1000;
          return { type: 'ticket.no_show', ...at };
        case 'REQUEUE':
          return { type: 'ticket.requeue', ticketId, by };
        case 'TRANSFER': {
          const queueNow = hall.state.tickets[ticketId]?.queueId;
          return { type: 'ticket.transfer', ...at, toQueueId: queueNow === 'enterprise' ? 'comprehensive' : 'enterprise', note: '缺营业执照副本' };
        }
        case 'PARK':
          return { type: 'ticket.park', ...at, note: '回家取户口本' };
        case 'RESUME':
          return { type: 'ticket.resume', ...at };
        case 'CANCEL':
          return { type: 'ticket.cancel', ticketId, reason: 'visitor_left', by };
        case 'PRIORITISE':
          return { type: 'ticket.prioritise', ticketId, reason: 'elderly', by };
      }
    };
    const results = steps.map((e) => {
      hall.now += 1000;
      return hall.run(command(e)).ok;
    });
    return { hall, ticketId, results };
  }

  it('covers every state and transition of the machine', () => {
    const states = new Set(model.getShortestPaths({ allowDuplicatePaths: true }).map((p) => String(p.state.value)));
    expect([...states].sort()).toEqual(['called', 'cancelled', 'done', 'no_show', 'parked', 'serving', 'waiting']);
    expect(enabled.length).toBe(transitionCount(ticketMachine.config));
  });

  for (const step of enabled) {
    it(`hall follows ${describeStep(step)}`, () => {
      const path = [...step.events, step.next];
      const { hall, ticketId, results } = runOnHall(path);
      expect(results.every(Boolean)).toBe(true);
      expect(hall.state.tickets[ticketId]?.status).toBe(replayMachine(path)?.status);
    });
  }
  for (const step of disabled) {
    it(`hall refuses ${describeStep(step)}`, () => {
      const { hall, ticketId, results } = runOnHall([...step.events, step.next]);
      expect(results.slice(0, -1).every(Boolean)).toBe(true);
      expect(results.at(-1)).toBe(false);
      expect(hall.state.tickets[ticketId]?.status).toBe(replayMachine(step.events)?.status);
    });
  }
});
