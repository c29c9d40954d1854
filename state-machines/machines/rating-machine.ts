/**
 * A service's rating (好差评), one per 办结:
 *
 *   invited ──RATE (in time for its channel)──▶ rated
 *      └──────EXPIRE (past every channel's time)──▶ unrated (未评价)
 *
 * The window's pad and tablet may rate until `windowUntil`, the phone page
 * until `phoneUntil`; once both are past the hall's clock records 未评价
 * (rating.expired). Rated and unrated are final: one rating per service.
 */
import { assign, setup } from 'xstate';
import { isWindowChannel, ratingClosesAt, type RatingChannel, type RatingRecord } from '../domain/rating.ts';
import { startRecord, stepRecord } from './step.ts';

type RatingContext = Omit<RatingRecord, 'status'>;

export type RatingMachineEvent = { type: 'RATE'; at: number; channel: RatingChannel } | { type: 'EXPIRE'; at: number };

export const ratingMachine = setup({
  types: {
    context: {} as RatingContext,
    events: {} as RatingMachineEvent,
    input: {} as RatingContext,
  },
  guards: {
    inTimeForChannel: ({ context, event }) => event.type === 'RATE' && event.at <= (isWindowChannel(event.channel) ? context.windowUntil : context.phoneUntil),
    pastEveryChannel: ({ context, event }) => event.type === 'EXPIRE' && event.at > ratingClosesAt(context),
  },
  actions: {
    rate: assign(({ event }) => (event.type === 'RATE' ? { channel: event.channel, closedAt: event.at } : {})),
    expire: assign(({ event }) => ({ closedAt: event.at })),
  },
}).createMachine({
  id: 'rating',
  initial: 'invited',
  context: ({ input }) => input,
  states: {
    invited: {
      on: {
        RATE: { guard: 'inTimeForChannel', target: 'rated', actions: 'rate' },
        EXPIRE: { guard: 'pastEveryChannel', target: 'unrated', actions: 'expire' },
      },
    },
    rated: {},
    unrated: {},
  },
});

export function newRating(input: RatingContext): RatingRecord {
  return startRecord<typeof ratingMachine, RatingRecord>(ratingMachine, input);
}

export function stepRating(record: RatingRecord, event: RatingMachineEvent): RatingRecord | undefined {
  return stepRecord(ratingMachine, record, event);
}
