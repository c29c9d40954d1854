/**
 * Inbound payloads, one zod schema per command. The server `safeParse`s every
 * payload against these before anything else happens; the front ends use the
 * inferred types to build requests.
 *
 * Every command carries a client `requestId` (a UUID or similar the client
 * makes once per intent). A retried command with the same id returns the first
 * answer and never acts twice — a kiosk that lost the ack of "take ticket"
 * does not print two tickets.
 */
import { z } from 'zod';

export const requestId = z.string().min(8).max(64).regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - or _');
const windowNumber = z.number().int().min(1).max(999);

export const takeTicketRequest = z.strictObject({
  requestId,
  queueId: z.string().min(1).max(40),
  itemId: z.string().min(1).max(40).optional(),
});
export type TakeTicketRequest = z.infer<typeof takeTicketRequest>;

export const windowCommandRequest = z.strictObject({ requestId, window: windowNumber });
export type WindowCommandRequest = z.infer<typeof windowCommandRequest>;

export const completeTicketRequest = z.strictObject({ requestId, window: windowNumber, ticketId: z.string().min(1).max(40) });
export type CompleteTicketRequest = z.infer<typeof completeTicketRequest>;

export const syncSinceRequest = z.strictObject({ lastSeq: z.number().int().min(0) });
export type SyncSinceRequest = z.infer<typeof syncSinceRequest>;

/** POST /api/session — a clerk signs in to a window with 工号 + PIN. */
export const loginRequest = z.strictObject({
  staffId: z.string().min(1).max(40),
  pin: z.string().regex(/^\d{4,12}$/, '4–12 digits'),
  window: windowNumber.optional(),
});
export type LoginRequest = z.infer<typeof loginRequest>;

/** Handshake `auth` sent by every socket. */
export const handshakeAuth = z.object({
  protocol: z.number().int(),
  /** Device token (kiosk, display) or session token (window panel, admin). */
  token: z.string().min(1).max(200),
  lastSeq: z.number().int().min(0).optional(),
});
export type HandshakeAuth = z.infer<typeof handshakeAuth>;
