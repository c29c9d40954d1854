/** The hall's log as rows, read straight from its SQLite file (what survived a kill, whatever the server says). */
import Database from 'better-sqlite3';
import { join } from 'node:path';

export interface LogRow {
  seq: number;
  request_key: string | null;
  type: string;
  payload: string;
  hash: string;
}

export function logRows(dataDir: string): LogRow[] {
  const db = new Database(join(dataDir, 'hall.sqlite'), { readonly: true });
  try {
    return db.prepare('SELECT seq, request_key, type, payload, hash FROM events ORDER BY seq').all() as LogRow[];
  } finally {
    db.close();
  }
}
