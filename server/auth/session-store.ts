/**
 * Clerk and supervisor sessions. Kept in the same SQLite file as the log (but
 * not in the log: a session token is a secret, the log is a public record), so
 * a server restart does not sign every clerk out. Only the SHA-256 of the
 * token is stored.
 */
import type Database from 'better-sqlite3';
import { createHash, randomBytes } from 'node:crypto';

export const SESSION_HOURS = 12;

export interface Session {
  id: string;
  staffId: string;
  role: 'clerk' | 'supervisor' | 'guide';
  /** The window a clerk signed in to; null for a supervisor. */
  window: number | null;
  createdAt: number;
  expiresAt: number;
}

interface SessionRow {
  token_hash: string;
  staff_id: string;
  role: 'clerk' | 'supervisor' | 'guide';
  window: number | null;
  created_at: number;
  expires_at: number;
  ended_at: number | null;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export class SessionStore {
  constructor(private readonly db: Database.Database) {
    db.exec(`CREATE TABLE IF NOT EXISTS sessions (
      token_hash TEXT PRIMARY KEY,
      staff_id   TEXT NOT NULL,
      role       TEXT NOT NULL,
      window     INTEGER,
      created_at INTEGER NOT NULL,
      expires_at INTEGER NOT NULL,
      ended_at   INTEGER
    )`);
  }

  create(staffId: string, role: Session['role'], window: number | null, now: number): { token: string; session: Session } {
    const token = randomBytes(24).toString('base64url');
    const id = hashToken(token);
    const expiresAt = now + SESSION_HOURS * 3600_000;
    this.db
      .prepare('INSERT INTO sessions (token_hash, staff_id, role, window, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(id, staffId, role, window, now, expiresAt);
    return { token, session: { id, staffId, role, window, createdAt: now, expiresAt } };
  }

  /** The live session for a token, or undefined when unknown, ended or expired. */
  find(token: string, now: number): Session | undefined {
    const row = this.db.prepare('SELECT * FROM sessions WHERE token_hash = ?').get(hashToken(token)) as SessionRow | undefined;
    if (!row || row.ended_at !== null || row.expires_at <= now) return undefined;
    return {
      id: row.token_hash,
      staffId: row.staff_id,
      role: row.role,
      window: row.window,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
    };
  }

  end(sessionId: string, now: number): void {
    this.db.prepare('UPDATE sessions SET ended_at = ? WHERE token_hash = ? AND ended_at IS NULL').run(now, sessionId);
  }
}
