/**
 * PIN guessing (撞库) protection for POST /api/session, without handing a
 * stranger a way to lock staff out.
 *
 * Wrong PINs are remembered in the hall's SQLite file (a restart does not
 * reset them) for a day, and slow down whoever makes them:
 *  - per (address, 工号): after `loginFailuresBeforeLock` wrong PINs, each
 *    further try from that address for that 工号 waits 15 s, then 30 s,
 *    1 min, … doubling up to `loginLockMinutes`;
 *  - per address, across 工号: the same after four times as many (someone
 *    cycling through staff numbers).
 * Nothing is locked by 工号 alone: the supervisor keeps signing in from the
 * desk while a guesser elsewhere waits longer and longer. Instead, a 工号's
 * wrong PINs from all addresses raise an alert on the supervisor desk (who,
 * how many, from where), and the supervisor can lift an address's delay.
 *
 * A try during a delay is refused before the PIN is checked, so a delay
 * cannot be used as an oracle. A right PIN forgets that address's wrong PINs
 * for that 工号 (not the others': an alert about guesses elsewhere stays).
 */
import { EventEmitter } from 'node:events';
import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import type { Limits } from '../../state-machines/config/hall-config.ts';
import type { SignInWatch } from '../../state-machines/protocol/socket-events.ts';

/** How long a wrong PIN counts. Longer than the longest delay, so waiting out one delay does not reset the count. */
const MEMORY_MS = 24 * 3600_000;
/** The first delay; each further wrong PIN doubles it. */
const FIRST_DELAY_MS = 15_000;
/** An address gets this many times the per-工号 allowance across all 工号 (a shared PC at a busy counter). */
const ADDRESS_FACTOR = 4;
/** The table never holds more rows than this (an attacker with many addresses fills it; the oldest go first). */
const MAX_ROWS = 20_000;
/** At most this many entries in each list the desk is sent. */
const WATCH_LIST_MAX = 20;

export type SignInCheck = { allowed: true } | { allowed: false; retryAfterSeconds: number };

interface Count {
  n: number;
  last: number | null;
}

export class LoginGuard extends EventEmitter<{ change: [] }> {
  private readonly insert: Database.Statement;
  private readonly countPair: Database.Statement;
  private readonly countAddress: Database.Statement;
  private readonly countStaff: Database.Statement;
  private readonly clearPair: Database.Statement;
  private readonly clearAddress: Database.Statement;
  private readonly prune: Database.Statement;
  private readonly cap: Database.Statement;
  private readonly byStaff: Database.Statement;
  private readonly addressesOf: Database.Statement;
  private readonly byAddress: Database.Statement;
  private readonly pairsOfAddress: Database.Statement;

  constructor(
    db: Database.Database,
    private readonly limits: Pick<Limits, 'loginFailuresBeforeLock' | 'loginLockMinutes'>,
    private readonly staffIds: ReadonlySet<string>,
    private readonly log?: Logger,
  ) {
    super();
    db.exec(`CREATE TABLE IF NOT EXISTS login_failures (
      staff_id TEXT NOT NULL,
      address  TEXT NOT NULL,
      at       INTEGER NOT NULL
    );
    CREATE INDEX IF NOT EXISTS login_failures_staff ON login_failures (staff_id, at);
    CREATE INDEX IF NOT EXISTS login_failures_address ON login_failures (address, at);
    CREATE INDEX IF NOT EXISTS login_failures_pair ON login_failures (address, staff_id, at);`);
    this.insert = db.prepare('INSERT INTO login_failures (staff_id, address, at) VALUES (?, ?, ?)');
    this.countPair = db.prepare('SELECT COUNT(*) AS n, MAX(at) AS last FROM login_failures WHERE address = ? AND staff_id = ? AND at > ?');
    this.countAddress = db.prepare('SELECT COUNT(*) AS n, MAX(at) AS last FROM login_failures WHERE address = ? AND at > ?');
    this.countStaff = db.prepare('SELECT COUNT(*) AS n FROM login_failures WHERE staff_id = ? AND at > ?');
    this.clearPair = db.prepare('DELETE FROM login_failures WHERE address = ? AND staff_id = ?');
    this.clearAddress = db.prepare('DELETE FROM login_failures WHERE address = ?');
    this.prune = db.prepare('DELETE FROM login_failures WHERE at <= ?');
    this.cap = db.prepare(`DELETE FROM login_failures WHERE rowid <= (SELECT MAX(rowid) FROM login_failures) - ${MAX_ROWS}`);
    this.byStaff = db.prepare(
      'SELECT staff_id, COUNT(*) AS n, COUNT(DISTINCT address) AS addresses, MAX(at) AS last FROM login_failures WHERE at > ? GROUP BY staff_id HAVING n >= ? ORDER BY last DESC',
    );
    this.addressesOf = db.prepare('SELECT address, COUNT(*) AS n FROM login_failures WHERE staff_id = ? AND at > ? GROUP BY address ORDER BY n DESC LIMIT ?');
    this.byAddress = db.prepare(
      `SELECT address, COUNT(*) AS n, MAX(at) AS last, COUNT(DISTINCT staff_id) AS staff FROM login_failures WHERE at > ? GROUP BY address HAVING n >= ? ORDER BY last DESC LIMIT ${WATCH_LIST_MAX}`,
    );
    this.pairsOfAddress = db.prepare('SELECT COUNT(*) AS n, MAX(at) AS last FROM login_failures WHERE address = ? AND at > ? GROUP BY staff_id');
  }

  private get free(): number {
    return this.limits.loginFailuresBeforeLock;
  }

  /** The wait after `n` wrong PINs when `free` of them cost nothing: 15 s, 30 s, 1 min, … up to the cap. */
  private delayMs(n: number, free: number): number {
    if (n < free) return 0;
    const cap = this.limits.loginLockMinutes * 60_000;
    return Math.min(cap, FIRST_DELAY_MS * 2 ** Math.min(n - free, 30));
  }

  /** When `address` may next try `staffId` (0 = now). */
  private allowedAt(staffId: string, address: string, now: number): number {
    const since = now - MEMORY_MS;
    const pair = this.countPair.get(address, staffId, since) as Count;
    const all = this.countAddress.get(address, since) as Count;
    return Math.max(
      pair.last === null ? 0 : pair.last + this.delayMs(pair.n, this.free),
      all.last === null ? 0 : all.last + this.delayMs(all.n, this.free * ADDRESS_FACTOR),
    );
  }

  check(staffId: string, address: string, now: number): SignInCheck {
    const at = this.allowedAt(staffId, address, now);
    if (at <= now) return { allowed: true };
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((at - now) / 1000)) };
  }

  failed(staffId: string, address: string, now: number): void {
    this.prune.run(now - MEMORY_MS);
    this.insert.run(staffId, address, now);
    this.cap.run();
    const waitSeconds = Math.max(0, Math.ceil((this.allowedAt(staffId, address, now) - now) / 1000));
    this.log?.info({ staffId, address, waitSeconds }, 'wrong PIN at sign-in');
    const forStaff = (this.countStaff.get(staffId, now - MEMORY_MS) as { n: number }).n;
    if (forStaff === this.free && this.staffIds.has(staffId)) this.log?.warn({ staffId, failures: forStaff }, 'PIN guessing: alert on the supervisor desk');
    this.emit('change');
  }

  succeeded(staffId: string, address: string): void {
    if (this.clearPair.run(address, staffId).changes > 0) this.emit('change');
  }

  /** The supervisor lifts an address's delay: its wrong PINs are forgotten. Returns how many were. */
  unblock(address: string, by: string): number {
    const cleared = this.clearAddress.run(address).changes;
    this.log?.info({ address, by, cleared }, 'sign-in delay lifted by a supervisor');
    if (cleared > 0) this.emit('change');
    return cleared;
  }

  /** What the supervisor desk shows: 工号 being guessed, and addresses that are being slowed down. */
  watch(now: number): SignInWatch {
    const since = now - MEMORY_MS;
    const staffRows = this.byStaff.all(since, this.free) as { staff_id: string; n: number; last: number }[];
    const staff = staffRows
      .filter((r) => this.staffIds.has(r.staff_id))
      .slice(0, WATCH_LIST_MAX)
      .map((r) => ({
        staffId: r.staff_id,
        failures: r.n,
        lastAt: r.last,
        addresses: (this.addressesOf.all(r.staff_id, since, WATCH_LIST_MAX) as { address: string; n: number }[]).map((a) => ({
          address: a.address,
          failures: a.n,
        })),
      }));
    // An address can be slowed only once it has at least the per-工号 allowance of wrong PINs (a pair's count is part of it).
    const addressRows = this.byAddress.all(since, this.free) as { address: string; n: number; last: number; staff: number }[];
    const addresses = addressRows.map((r) => ({
      address: r.address,
      failures: r.n,
      lastAt: r.last,
      staffCount: r.staff,
      slowedUntil: this.slowestPairOf(r.address, r.last, r.n, now),
    }));
    return { staff, addresses };
  }

  /** The latest instant any 工号 may be tried again from this address. */
  private slowestPairOf(address: string, last: number, n: number, now: number): number {
    const pairs = this.pairsOfAddress.all(address, now - MEMORY_MS) as Count[];
    return Math.max(last + this.delayMs(n, this.free * ADDRESS_FACTOR), ...pairs.map((p) => (p.last ?? 0) + this.delayMs(p.n, this.free)));
  }
}
