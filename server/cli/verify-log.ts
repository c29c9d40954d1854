/**
 * `npm run verify-log [-- --data <dir>]`: walk the hash chain of the event
 * log. Exit 0 when every event is intact, 1 naming the first altered,
 * missing or re-linked event.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase, SqliteEventStore } from '../store/sqlite-event-store.ts';

const i = process.argv.indexOf('--data');
const dataDir = (i >= 0 ? process.argv[i + 1] : undefined) ?? process.env.DATA_DIR ?? 'data';
const file = join(dataDir, 'hall.sqlite');
if (!existsSync(file)) {
  console.error(`no event log at ${file} (use --data <dir> or DATA_DIR)`);
  process.exit(2);
}
const store = new SqliteEventStore(openDatabase(file));
const started = performance.now();
const result = store.verify();
const ms = Math.round(performance.now() - started);
store.close();
if (result.ok) {
  console.log(`event log ${file}: ${result.events} events, chain intact (${ms} ms); last hash ${result.lastHash}`);
  process.exit(0);
}
console.error(`event log ${file}: BROKEN at event ${result.badSeq}: ${result.reason} (${result.events} events verified before it)`);
process.exit(1);
