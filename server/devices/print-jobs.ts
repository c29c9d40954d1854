/**
 * Print jobs, recorded durably in the hall's SQLite file so that no ticket is
 * ever printed twice — not on a retried command, not after a timeout, not
 * after a restart.
 *
 * A job is keyed by ticket id + kind (`2026-11-21/A013#ticket`) and moves
 *
 *   queued ─▶ sending ─▶ printed | uncertain
 *      └──────────────▶ failed            (nothing was sent: printer not ready)
 *
 * Only a `queued` or `failed` job may be sent (the claim is one UPDATE, so
 * two senders cannot both win). `sending` left over from a crash becomes
 * `uncertain` on start-up; `uncertain` and `printed` are never sent again.
 * `queued` left over from a crash (jobs waiting behind another, or reading the
 * printer's status) never sent a byte: the device manager resumes the recent
 * ones on start and settles the rest as `failed` (`leftQueued`).
 */
import type Database from 'better-sqlite3';
import type { PrintJobKind, PrintJobStatus, PrintJobView } from '../../state-machines/devices/device-types.ts';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS print_jobs (
  key        TEXT    PRIMARY KEY,
  printer    TEXT    NOT NULL,
  kind       TEXT    NOT NULL,
  ticket_id  TEXT,
  status     TEXT    NOT NULL,
  attempts   INTEGER NOT NULL DEFAULT 0,
  reason     TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
`;

interface JobRow {
  key: string;
  printer: string;
  kind: PrintJobKind;
  ticket_id: string | null;
  status: PrintJobStatus;
  attempts: number;
  reason: string | null;
  created_at: number;
  updated_at: number;
}

export function printJobKey(subject: string, kind: PrintJobKind): string {
  return `${subject}#${kind}`;
}

export class PrintJobStore {
  private readonly insert: Database.Statement;
  private readonly select: Database.Statement<[string], JobRow>;
  private readonly claimStmt: Database.Statement;
  private readonly finishStmt: Database.Statement;
  private readonly queuedStmt: Database.Statement<[number], JobRow>;

  constructor(db: Database.Database) {
    db.exec(SCHEMA);
    this.insert = db.prepare(
      `INSERT OR IGNORE INTO print_jobs (key, printer, kind, ticket_id, status, created_at, updated_at) VALUES (?, ?, ?, ?, 'queued', ?, ?)`,
    );
    this.select = db.prepare<[string], JobRow>('SELECT * FROM print_jobs WHERE key = ?');
    this.claimStmt = db.prepare(
      `UPDATE print_jobs SET status = 'sending', attempts = attempts + 1, updated_at = ? WHERE key = ? AND status IN ('queued', 'failed')`,
    );
    this.finishStmt = db.prepare(`UPDATE print_jobs SET status = ?, reason = ?, updated_at = ? WHERE key = ? AND status IN ('queued', 'sending')`);
    this.queuedStmt = db.prepare<[number], JobRow>(`SELECT * FROM print_jobs WHERE status = 'queued' ORDER BY created_at LIMIT ?`);
    try {
      db.prepare(`UPDATE print_jobs SET status = 'uncertain', reason = 'server stopped while sending' WHERE status = 'sending'`).run();
    } catch {
      // A read-only database (full or read-only disk): the hall still opens read-only; the jobs are
      // marked on the next start that can write. Printing itself will be refused with the commands.
    }
  }

  /** Record the job if it is new; returns it as it now stands. */
  open(key: string, printer: string, kind: PrintJobKind, ticketId: string | undefined, at: number): PrintJobView {
    this.insert.run(key, printer, kind, ticketId ?? null, at, at);
    const row = this.select.get(key);
    if (!row) throw new Error(`print job ${key} vanished`);
    return toView(row);
  }

  /** Take the right to send: true for exactly one caller, and only if nothing was sent before. */
  claim(key: string, at: number): boolean {
    return this.claimStmt.run(at, key).changes === 1;
  }

  finish(key: string, status: Exclude<PrintJobStatus, 'queued' | 'sending'>, reason: string | undefined, at: number): void {
    this.finishStmt.run(status, reason ?? null, at, key);
  }

  /** Jobs still `queued` (left by a crash when read at start-up), oldest first, at most `limit`. */
  leftQueued(limit: number): (PrintJobView & { createdAt: number })[] {
    return this.queuedStmt.all(limit).map((row) => ({ ...toView(row), createdAt: row.created_at }));
  }

  get(key: string): PrintJobView | undefined {
    const row = this.select.get(key);
    return row && toView(row);
  }
}

function toView(row: JobRow): PrintJobView {
  return {
    key: row.key,
    printerId: row.printer,
    kind: row.kind,
    ticketId: row.ticket_id ?? undefined,
    status: row.status,
    attempts: row.attempts,
    reason: row.reason ?? undefined,
    at: row.updated_at,
  };
}
