/**
 * The hub's supervisors (README § Many halls, "Reports across halls"): their own accounts on the hub —
 * a 工号, a name, an optional district and a password hashed with the hall's scrypt PIN code
 * (server/auth/pin.ts) — added with `npm run hub -- add-supervisor`. A supervisor with a district sees
 * only that district's halls; one without sees the province.
 *
 * Sign-in is slowed exactly as the hall's is: the hall's LoginGuard (server/auth/login-guard.ts: per
 * address and 工号, 15 s doubling after 5 wrong tries, and per address across 工号), on an in-memory
 * SQLite of this hub process — so the counts are per process and start again when it restarts (with
 * N processes behind one address a guesser gets N times the tries before each delay). Sessions are in
 * PostgreSQL (any process answers), 12 hours, only the token's SHA-256 stored; the cookie is HttpOnly
 * and SameSite=Strict (Secure when the hub is reached over TLS).
 */
import { createHash, randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import type pg from 'pg';
import { LoginGuard, type SignInCheck } from '../auth/login-guard.ts';
import { dummyPinHash, hashPin, verifyPin } from '../auth/pin.ts';

export const HUB_SUPERVISOR_SCHEMA: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS hub_supervisors (
     staff_id       text PRIMARY KEY,
     name           text NOT NULL,
     district       text NOT NULL DEFAULT '',
     password_hash  text NOT NULL,
     created_at     timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE TABLE IF NOT EXISTS hub_sessions (
     token_hash  text PRIMARY KEY,
     staff_id    text NOT NULL REFERENCES hub_supervisors (staff_id) ON DELETE CASCADE,
     expires_at  timestamptz NOT NULL
   )`,
];

export const HUB_SESSION_HOURS = 12;
export const HUB_SESSION_COOKIE = 'hub_session';
/** A 工号 as the hall writes one; a password of 6 to 64 characters (a supervisor of a province is no counter clerk: longer is better). */
export const SUPERVISOR_ID = /^[A-Za-z0-9]{1,32}$/;
export const PASSWORD_MIN = 6;
export const PASSWORD_MAX = 64;

export interface HubSupervisor {
  staffId: string;
  name: string;
  /** '' = the whole province. */
  district: string;
}

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

/** Add a supervisor, or give an existing one a new password, name and district. */
export async function addSupervisor(pool: pg.Pool, s: HubSupervisor & { password: string }): Promise<void> {
  if (!SUPERVISOR_ID.test(s.staffId)) throw new Error(`工号 "${s.staffId}": letters and digits only`);
  if (s.password.length < PASSWORD_MIN || s.password.length > PASSWORD_MAX) throw new Error(`a password has ${PASSWORD_MIN}–${PASSWORD_MAX} characters`);
  await pool.query(
    `INSERT INTO hub_supervisors (staff_id, name, district, password_hash) VALUES ($1, $2, $3, $4)
     ON CONFLICT (staff_id) DO UPDATE SET name = EXCLUDED.name, district = EXCLUDED.district, password_hash = EXCLUDED.password_hash`,
    [s.staffId, s.name, s.district, hashPin(s.password)],
  );
  // A new password ends the sessions of the old one.
  await pool.query('DELETE FROM hub_sessions WHERE staff_id = $1', [s.staffId]);
}

export type SignInAnswer =
  | { ok: true; token: string; supervisor: HubSupervisor }
  | { ok: false; wrong: true }
  | { ok: false; wrong: false; retryAfterSeconds: number };

export class HubSupervisors {
  private readonly guard: LoginGuard;
  /** Checked for an unknown 工号, so a wrong 工号 costs the same time as a wrong password. */
  private readonly noSuchSupervisor = dummyPinHash([]);

  constructor(
    private readonly pool: pg.Pool,
    private readonly now: () => number = Date.now,
  ) {
    this.guard = new LoginGuard(new Database(':memory:'), { loginFailuresBeforeLock: 5, loginLockMinutes: 15 }, new Set());
  }

  async signIn(staffId: string, password: string, address: string): Promise<SignInAnswer> {
    const check: SignInCheck = this.guard.check(staffId, address, this.now());
    if (!check.allowed) return { ok: false, wrong: false, retryAfterSeconds: check.retryAfterSeconds };
    const row = (
      await this.pool.query<{ staff_id: string; name: string; district: string; password_hash: string }>(
        'SELECT staff_id, name, district, password_hash FROM hub_supervisors WHERE staff_id = $1',
        [staffId],
      )
    ).rows[0];
    const ok = verifyPin(password, row?.password_hash ?? this.noSuchSupervisor);
    if (!row || !ok) {
      this.guard.failed(staffId, address, this.now());
      return { ok: false, wrong: true };
    }
    this.guard.succeeded(staffId, address);
    const token = randomBytes(24).toString('base64url');
    await this.pool.query('DELETE FROM hub_sessions WHERE expires_at < now()');
    await this.pool.query(`INSERT INTO hub_sessions (token_hash, staff_id, expires_at) VALUES ($1, $2, now() + interval '${HUB_SESSION_HOURS} hours')`, [
      tokenHash(token),
      row.staff_id,
    ]);
    return { ok: true, token, supervisor: { staffId: row.staff_id, name: row.name, district: row.district } };
  }

  async session(token: string | undefined): Promise<HubSupervisor | undefined> {
    if (!token || !/^[A-Za-z0-9_-]{16,64}$/.test(token)) return undefined;
    const row = (
      await this.pool.query<{ staff_id: string; name: string; district: string }>(
        `SELECT s.staff_id, s.name, s.district FROM hub_sessions x JOIN hub_supervisors s USING (staff_id)
         WHERE x.token_hash = $1 AND x.expires_at > now()`,
        [tokenHash(token)],
      )
    ).rows[0];
    return row && { staffId: row.staff_id, name: row.name, district: row.district };
  }

  async signOut(token: string | undefined): Promise<void> {
    if (token) await this.pool.query('DELETE FROM hub_sessions WHERE token_hash = $1', [tokenHash(token)]);
  }
}
