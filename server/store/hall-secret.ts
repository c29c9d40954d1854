/**
 * A secret the hall server makes once and keeps in its SQLite file: 32 random
 * bytes in a one-row table of its own, read back on every start (so keys
 * derived from it stay the same across restarts) and never sent anywhere.
 * The appointment desk keys phone numbers with one; ticket-keys.ts the QR codes.
 */
import type Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';

export function hallSecret(db: Database.Database, table: 'appointment_key' | 'ticket_page_key'): Buffer {
  db.exec(`CREATE TABLE IF NOT EXISTS ${table} (id INTEGER PRIMARY KEY CHECK (id = 1), key BLOB NOT NULL)`);
  const row = db.prepare(`SELECT key FROM ${table} WHERE id = 1`).get() as { key: Buffer } | undefined;
  if (row) return row.key;
  const key = randomBytes(32);
  db.prepare(`INSERT INTO ${table} (id, key) VALUES (1, ?)`).run(key);
  return key;
}
