/**
 * The hub: `npm run hub` (README § Many halls).
 *
 *   DATABASE_URL   postgres://user:password@host/db (required)
 *   REDIS_URL      redis://127.0.0.1:6379 — needed when several hub processes serve the public (shared pushes)
 *   PORT           (default 8090)   HOST (default 127.0.0.1; put TLS in front or set HOST for a LAN/WAN address)
 *
 *   npm run hub -- add-hall <hall id> <name> [district]
 *       registers a hall (or gives it a new credential) and prints its credential once:
 *       set it on the hall server as HUB_CREDENTIAL, with HUB_URL the hub's address.
 *   npm run hub -- add-key <name> [requests per minute, default 600]
 *       an open-API key for a 12345 hotline or a mini-program, printed once.
 *   npm run hub -- add-supervisor <工号> <name> [--district <district>]
 *       a hub supervisor for /hub/reports (with --district: that district's halls only), printed
 *       with a new password once; run again to replace the password (their sessions end).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { apiKeyHash } from './public-api.ts';
import { addHall } from './hall-credentials.ts';
import { addSupervisor, SUPERVISOR_ID } from './hub-supervisors.ts';
import { migrateHub, startHubServer } from './hub-server.ts';

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error('The hub needs DATABASE_URL, e.g. postgres://yichuang:secret@127.0.0.1/yichuang_hub (README § Many halls)');
  process.exit(1);
}

if (process.argv[2] === 'add-hall') {
  const [id, name, district] = process.argv.slice(3);
  if (!id || !name || !/^[a-z0-9][a-z0-9-]{0,62}$/.test(id)) {
    console.error('usage: npm run hub -- add-hall <hall id as in its hall file> <name> [district]');
    process.exit(1);
  }
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  await migrateHub(pool);
  const credential = await addHall(pool, { id, name, district });
  await pool.end();
  console.log(`hall ${id} registered. On its hall server set:\n  HUB_CREDENTIAL=${credential}\n(shown once; run add-hall again to replace it)`);
  process.exit(0);
}

if (process.argv[2] === 'add-key') {
  const [name, rate] = process.argv.slice(3);
  const perMinute = Number(rate ?? 600);
  if (!name || !Number.isInteger(perMinute) || perMinute < 1 || perMinute > 100_000) {
    console.error('usage: npm run hub -- add-key <name> [requests per minute, 1–100000]');
    process.exit(1);
  }
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  await migrateHub(pool);
  const key = randomBytes(24).toString('base64url');
  await pool.query('INSERT INTO api_keys (key_hash, name, per_minute) VALUES ($1, $2, $3)', [apiKeyHash(key), name, perMinute]);
  await pool.end();
  console.log(`open-API key for ${name} (${perMinute}/min), shown once; send it as the X-Api-Key header:\n  ${key}`);
  process.exit(0);
}

if (process.argv[2] === 'add-supervisor') {
  const args = process.argv.slice(3);
  const at = args.indexOf('--district');
  const district = at >= 0 ? (args[at + 1] ?? '') : '';
  const [staffId, name] = at >= 0 ? args.filter((_, i) => i !== at && i !== at + 1) : args;
  if (!staffId || !name || !SUPERVISOR_ID.test(staffId) || (at >= 0 && !district)) {
    console.error('usage: npm run hub -- add-supervisor <工号: letters and digits> <name> [--district <district as in add-hall>]');
    process.exit(1);
  }
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  await migrateHub(pool);
  // Letters and digits without look-alikes (0/O, 1/l/I): read off a screen and typed once.
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const password = Array.from(randomBytes(12), (b) => alphabet[b % alphabet.length]).join('');
  await addSupervisor(pool, { staffId, name, district, password });
  await pool.end();
  console.log(
    `hub supervisor ${staffId} ${name} (${district || '全省 the province'}) may sign in at /hub/reports with the password (shown once; run add-supervisor again to replace it):\n  ${password}`,
  );
  process.exit(0);
}

const hub = await startHubServer({
  databaseUrl,
  port: Number(process.env.PORT ?? 8090),
  host: process.env.HOST ?? '127.0.0.1',
  redisUrl: process.env.REDIS_URL,
}).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
console.log(`hub listening on ${hub.url} (status: ${hub.url}/hub/status)`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void hub.close().then(() => process.exit(0));
  });
}
