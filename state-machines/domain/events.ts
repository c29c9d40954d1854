/**
 * Hall events: the facts the log records. Every accepted command becomes
 * exactly one of these; the state is their fold. Events are never edited
 * (seed 004 §14: 不得事后补录). Add new kinds, never change an old one's meaning.
 */
import { z } from 'zod';
import { TICKET_CLASSES } from './ticket.ts';

const windowNumber = z.number().int().min(1).max(999);
const clerkId = z.string().min(1).max(40);

export const hallEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('ticket.issued'),
    ticketId: z.string(),
    number: z.string(),
    queueId: z.string(),
    itemId: z.string().optional(),
    class: z.enum(TICKET_CLASSES),
    serviceDay: z.string(),
    sequence: z.number().int().positive(),
    deviceId: z.string(),
  }),
  z.object({ type: z.literal('clerk.signed_in'), clerkId, window: windowNumber }),
  z.object({ type: z.literal('clerk.signed_out'), clerkId, window: windowNumber }),
  z.object({ type: z.literal('window.opened'), clerkId, window: windowNumber }),
  z.object({ type: z.literal('window.closed'), clerkId, window: windowNumber }),
  z.object({ type: z.literal('ticket.called'), ticketId: z.string(), clerkId, window: windowNumber }),
  /** The visitor reached the counter: service time starts here (called → serving). */
  z.object({ type: z.literal('ticket.serving_started'), ticketId: z.string(), clerkId, window: windowNumber }),
  z.object({ type: z.literal('ticket.completed'), ticketId: z.string(), clerkId, window: windowNumber }),
]);

export type HallEvent = z.infer<typeof hallEventSchema>;
export type HallEventType = HallEvent['type'];

/** An event as stored and broadcast: its place in the log and when it happened. */
export interface LoggedEvent<E extends HallEvent = HallEvent> {
  seq: number;
  /** Milliseconds since the epoch, taken by the server when it accepted the command. */
  at: number;
  event: E;
}
