/**
 * 双机热备: what a client needs from the hall's SQLite besides the log, copied to the standby so it works there the
 * moment it takes over — the keys behind the QR codes and phone numbers (one per hall: a phone page opened from
 * a paper ticket must keep working), paired devices' credentials (a kiosk is not asked to pair again), clerks'
 * sessions (a clerk stays signed in) and EMS addresses (the 寄递 window's list). Small tables, sent whole when they
 * change (checked every second). The report projection, print jobs and sign-in delays are rebuilt or local.
 */
import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';

export const SIDE_TABLES = ['appointment_key', 'ticket_page_key', 'device_credentials', 'sessions', 'case_recipients'] as const;

type Cell = string | number | null | { b64: string };
export interface TableCopy {
  create: string;
  columns: string[];
  rows: Cell[][];
}
export type SideTables = Record<string, TableCopy>;

const cell = (v: unknown): Cell => (Buffer.isBuffer(v) ? { b64: v.toString('base64') } : (v as string | number | null));
const value = (c: Cell): unknown => (c !== null && typeof c === 'object' ? Buffer.from(c.b64, 'base64') : c);

/** The side tables as they are now (those that exist), and a fingerprint to tell a change. */
export function readSideTables(db: Database.Database): { tables: SideTables; fingerprint: string } {
  const tables: SideTables = {};
  for (const name of SIDE_TABLES) {
    const schema = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?").pluck().get(name) as string | undefined;
    if (schema === undefined) continue;
    const statement = db.prepare(`SELECT * FROM ${name}`);
    const columns = statement.columns().map((c) => c.name);
    const rows = (statement.raw(true).all() as unknown[][]).map((r) => r.map(cell));
    tables[name] = { create: schema.replace(/^CREATE TABLE\s+/i, 'CREATE TABLE IF NOT EXISTS '), columns, rows };
  }
  const fingerprint = createHash('sha256').update(JSON.stringify(tables)).digest('base64url');
  return { tables, fingerprint };
}

/** The standby's copy replaced by the primary's, each table whole, in one transaction. Unknown names are ignored. */
export function writeSideTables(db: Database.Database, tables: SideTables): void {
  db.transaction(() => {
    for (const name of SIDE_TABLES) {
      const copy = Object.hasOwn(tables, name) ? tables[name] : undefined;
      if (copy === undefined) continue;
      db.exec(copy.create);
      db.prepare(`DELETE FROM ${name}`).run();
      if (copy.rows.length === 0) continue;
      const columns = copy.columns.filter((c) => /^[a-z_]+$/.test(c));
      if (columns.length !== copy.columns.length) throw new Error(`side table ${name}: a column name that is not one`);
      const insert = db.prepare(`INSERT INTO ${name} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
      for (const row of copy.rows) insert.run(...row.map(value));
    }
  })();
}
