/**
 * The key a ticket's phone page needs to rate: `?k=<key>` in the QR code on the
 * paper (and on the kiosk's screen when it could not print). A ticket's day and
 * number are public — they are called aloud and shown on the wall — so without
 * a key anyone in the hall could rate a stranger's service from their own phone.
 * The key is an HMAC of the ticket id with a secret kept in the hall's SQLite
 * file (made once, never on the wire): nothing to store per ticket, the same key
 * after a restart, a reprint or a 过号重排. 72 bits, and rating posts are
 * rate-limited per address: not guessable.
 */
import type Database from 'better-sqlite3';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { hallSecret } from '../store/hall-secret.ts';

/** 12 base64url characters. */
export const TICKET_KEY_LENGTH = 12;

export class TicketKeys {
  private readonly secret: Buffer;

  constructor(db: Database.Database) {
    this.secret = hallSecret(db, 'ticket_page_key');
  }

  /** The key of a ticket (`2026-11-30/A013`). */
  keyFor(ticketId: string): string {
    return createHmac('sha256', this.secret).update(ticketId).digest('base64url').slice(0, TICKET_KEY_LENGTH);
  }

  /** Whether `key` (as it came from a phone: anything) is the ticket's; in constant time. */
  matches(ticketId: string, key: unknown): boolean {
    if (typeof key !== 'string') return false;
    const given = Buffer.from(key);
    return given.length === TICKET_KEY_LENGTH && timingSafeEqual(Buffer.from(this.keyFor(ticketId)), given);
  }
}
