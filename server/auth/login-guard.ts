/**
 * PIN guessing (撞库) protection for POST /api/session. Failures are kept in
 * the hall's SQLite file so a restart does not reset the count. After
 * `loginFailuresBeforeLock` wrong PINs for one 工号 within `loginLockMinutes`,
 * that 工号 is locked until the window passes; one address gets four times
 * as many tries across all 工号 (a kiosk-side attacker cycling staff numbers).
 * A correct PIN clears the 工号's count. Locked attempts are refused before the
 * PIN is checked, so a lock cannot be used as an oracle.
 */
import type Database from 'better-sqlite3';
import type { Limits } from '../../state-machines/config/hall-config.ts';

export interface LockState {
  locked: boolean;
  retryAfterSeconds: number;
}

export class LoginGuard {
  private readonly insert: Database.Statement;
  private readonly countStaff: Database.Statement;
  private readonly countAddress: Database.Statement;
  private readonly clear: Database.Statement;
  private readonly prune: Database.Statement;

  constructor(
    db: Database.Database,
    private readonly limits: Pick<Limits, 'loginFailuresBeforeLock' | 'loginLockMinutes'>,
  ) {
    db.exec(`CREATE TABLE IF NOT EXISTS login_failures (
      staff_id TEXT NOT NULL,
      address  TEXT NOT NULL,
      at       INTEGER NOT NULL
    );
    CREATE INDEX IF NOT EXISTS login_failures_staff ON login_failures (staff_id, at);
    CREATE INDEX IF NOT EXISTS login_failures_address ON login_failures (address, at);`);
    this.insert = db.prepare('INSERT INTO login_failures (staff_id, address, at) VALUES (?, ?, ?)');
    this.countStaff = db.prepare('SELECT COUNT(*) AS n, MAX(at) AS last FROM login_failures WHERE staff_id = ? AND at > ?');
    this.countAddress = db.prepare('SELECT COUNT(*) AS n, MAX(at) AS last FROM login_failures WHERE address = ? AND at > ?');
    this.clear = db.prepare('DELETE FROM login_failures WHERE staff_id = ?');
    this.prune = db.prepare('DELETE FROM login_failures WHERE at <= ?');
  }

  private get windowMs(): number {
    return this.limits.loginLockMinutes * 60_000;
  }

  check(staffId: string, address: string, now: number): LockState {
    const since = now - this.windowMs;
    const byStaff = this.countStaff.get(staffId, since) as { n: number; last: number | null };
    const byAddress = this.countAddress.get(address, since) as { n: number; last: number | null };
    const max = this.limits.loginFailuresBeforeLock;
    const over = [
      byStaff.n >= max ? byStaff.last : null,
      byAddress.n >= max * 4 ? byAddress.last : null,
    ].filter((x): x is number => x !== null);
    if (over.length === 0) return { locked: false, retryAfterSeconds: 0 };
    const until = Math.max(...over) + this.windowMs;
    return { locked: true, retryAfterSeconds: Math.max(1, Math.ceil((until - now) / 1000)) };
  }

  failed(staffId: string, address: string, now: number): void {
    this.prune.run(now - this.windowMs);
    this.insert.run(staffId, address, now);
  }

  succeeded(staffId: string): void {
    this.clear.run(staffId);
  }
}
