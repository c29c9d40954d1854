/**
 * The boot's hash-chain check, in a worker thread (chain-check.ts starts it):
 * its own read-only connection to the log, the same walk as verify-log
 * (chain-walk.mjs), the answer posted on `port` and flagged in `shared` so the
 * hall's thread, busy folding, can wait for it without an event loop. Never
 * throws: whatever goes wrong is posted as `{ failed }`, and the hall thread
 * then checks the chain itself.
 */
import { workerData } from 'node:worker_threads';

const { file, fromSeq, toSeq, port, shared } = workerData;
// [0]: 1 once the answer is posted; [1]: rows checked so far.
const flags = new Int32Array(shared);
let answer;
try {
  const { default: Database } = await import('better-sqlite3');
  const { verifyChain } = await import('./chain-walk.mjs');
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    answer = verifyChain(db, fromSeq, toSeq, (checked) => Atomics.store(flags, 1, checked));
  } finally {
    db.close();
  }
} catch (err) {
  answer = { failed: String(err?.message ?? err) };
}
port.postMessage(answer);
Atomics.store(flags, 0, 1);
Atomics.notify(flags, 0);
