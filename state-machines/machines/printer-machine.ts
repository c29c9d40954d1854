/**
 * Ticket printer lifecycle, as the server sees it through status reads:
 *
 *   unknown ─STATUS─▶ online | paper_low | paper_out | cover_open | offline
 *
 * Every status reading (poll while idle, check before and after a job) is a
 * STATUS event; a printer that does not answer is UNREACHABLE (→ offline).
 * A job may start only in `online` or `paper_low`; JOB_* events keep the job
 * in hand and the last outcome in context. Pure: no I/O, time from events,
 * stepped like the ticket and window machines (step.ts).
 */
import { assign, setup } from 'xstate';
import type { PrinterCondition, PrinterRecord, PrintJobOutcome } from '../devices/printer-status.ts';
import { stepRecord } from './step.ts';

type PrinterContext = Omit<PrinterRecord, 'status'>;

export type PrinterMachineEvent =
  | { type: 'STATUS'; at: number; condition: PrinterCondition; details: string[] }
  | { type: 'UNREACHABLE'; at: number; reason: string }
  | { type: 'JOB_STARTED'; at: number; key: string }
  | { type: 'JOB_FINISHED'; at: number; key: string; outcome: PrintJobOutcome; reason?: string };

const statusTargets = {
  online: 'online',
  paper_low: 'paper_low',
  paper_out: 'paper_out',
  cover_open: 'cover_open',
  offline: 'offline',
} as const;

export const printerMachine = setup({
  types: {
    context: {} as PrinterContext,
    events: {} as PrinterMachineEvent,
    input: {} as PrinterContext,
  },
  guards: {
    isOnline: ({ event }) => event.type === 'STATUS' && event.condition === 'online',
    isPaperLow: ({ event }) => event.type === 'STATUS' && event.condition === 'paper_low',
    isPaperOut: ({ event }) => event.type === 'STATUS' && event.condition === 'paper_out',
    isCoverOpen: ({ event }) => event.type === 'STATUS' && event.condition === 'cover_open',
    isOffline: ({ event }) => event.type === 'STATUS' && event.condition === 'offline',
    noJobInHand: ({ context }) => context.job === undefined,
    isJobInHand: ({ context, event }) => event.type === 'JOB_FINISHED' && context.job !== undefined && context.job === event.key,
  },
  actions: {
    seen: assign(({ context, event }) => {
      if (event.type !== 'STATUS') return {};
      return { lastSeen: event.at, details: event.details, since: context.since };
    }),
  },
}).createMachine({
  id: 'printer',
  initial: 'unknown',
  context: ({ input }) => input,
  on: {
    STATUS: [
      { guard: 'isOnline', target: `.${statusTargets.online}`, actions: 'seen' },
      { guard: 'isPaperLow', target: `.${statusTargets.paper_low}`, actions: 'seen' },
      { guard: 'isPaperOut', target: `.${statusTargets.paper_out}`, actions: 'seen' },
      { guard: 'isCoverOpen', target: `.${statusTargets.cover_open}`, actions: 'seen' },
      { guard: 'isOffline', target: `.${statusTargets.offline}`, actions: 'seen' },
    ],
    UNREACHABLE: { target: '.offline', actions: assign(({ event }) => ({ details: [event.reason] })) },
    JOB_FINISHED: {
      guard: 'isJobInHand',
      actions: assign(({ event }) => ({
        job: undefined,
        lastJob: { key: event.key, outcome: event.outcome, at: event.at, reason: event.reason },
      })),
    },
  },
  states: {
    unknown: {},
    online: {
      on: { JOB_STARTED: { guard: 'noJobInHand', actions: assign(({ event }) => ({ job: event.key })) } },
    },
    paper_low: {
      on: { JOB_STARTED: { guard: 'noJobInHand', actions: assign(({ event }) => ({ job: event.key })) } },
    },
    paper_out: {},
    cover_open: {},
    offline: {},
  },
});

export function initialPrinter(id: string, at: number): PrinterRecord {
  return { id, status: 'unknown', since: at, details: [] };
}

/**
 * Step a printer record. Returns undefined when the event is not enabled
 * (a job in a printer that is out of paper, a second job while one is in hand).
 * `since` moves only when the status changes.
 */
export function stepPrinter(record: PrinterRecord, event: PrinterMachineEvent): PrinterRecord | undefined {
  const next = stepRecord(printerMachine, record, event);
  if (!next) return undefined;
  return next.status === record.status ? { ...next, since: record.since } : { ...next, since: event.at };
}

/** Whether a job may be sent now. */
export function canPrint(record: PrinterRecord): boolean {
  return (record.status === 'online' || record.status === 'paper_low') && record.job === undefined;
}
