/**
 * An internal error in an HTTP route (issue 11 item 12): the answer is a
 * generic INTERNAL with a reference, never the raw message, and the server's
 * log has the error with that reference, the method and the path, so the IT
 * person can find it from what the clerk's screen said.
 *
 * The fault is real: another program holds the hall's SQLite file locked
 * for writing (a backup tool, a DB browser), so recording a wrong PIN fails.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHallServer } from '../../server/hall-server.ts';
import { DEMO_CONFIG_PATH } from '../support/demo.ts';
import { logLines } from '../support/log-lines.ts';
import { tempDataDir } from '../support/server.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('an internal error in an HTTP route', () => {
  it('answers INTERNAL with a reference and logs the error under that reference', async () => {
    const dataDir = tempDataDir();
    const log = logLines();
    const server = await startHallServer({ port: 0, host: '127.0.0.1', configPath: DEMO_CONFIG_PATH, dataDir, logLevel: 'warn', logStream: log.stream });
    cleanups.push(() => server.close());

    const other = new Database(join(dataDir, 'hall.sqlite'));
    cleanups.push(() => other.close());
    other.exec('BEGIN EXCLUSIVE');
    const res = await fetch(`${server.url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ staffId: '1009', pin: '000000', window: 5 }),
    });
    other.exec('ROLLBACK');

    expect(res.status).toBe(500);
    const { error } = (await res.json()) as { error: { code: string; message: string; messageEn: string } };
    expect(error.code).toBe('INTERNAL');
    const ref = /（编号 ([0-9a-f]{8})）$/.exec(error.message)?.[1];
    expect(ref, error.message).toBeDefined();
    expect(error.messageEn).toBe(`Internal error (reference ${ref})`);
    expect(JSON.stringify(error)).not.toMatch(/SQLITE|locked|busy/i);

    const line = log.lines().find((l) => l.ref === ref);
    expect(line).toMatchObject({ level: 50, msg: 'internal error in an HTTP route', method: 'POST', path: '/api/session', part: 'http' });
    expect(JSON.stringify(line?.err)).toMatch(/SQLITE_BUSY|locked/i);

    // The lock gone, the same route works again.
    const again = await fetch(`${server.url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ staffId: '1009', pin: '123456', window: 5 }),
    });
    expect(again.status).toBe(201);
  });
});
