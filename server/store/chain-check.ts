/**
 * The hash chain checked beside the fold. At boot the hall's thread reads,
 * parses and folds the log while a worker thread (chain-check-worker.mjs)
 * checks the chain of the same rows on the other core; the boot then waits for
 * the worker's verdict before it returns, so nothing is served until both are
 * done, and a break is reported exactly as a check in the hall's thread would
 * report it (the same walk, chain-walk.mjs).
 *
 * The wait is synchronous (Atomics.wait, then receiveMessageOnPort): boot is.
 * It is bounded by the worker's progress, not by a deadline: a worker that
 * checked no new rows for STALL_MS, or could not check at all, is stopped and
 * `verdict()` answers undefined — the caller then walks the chain itself.
 */
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { VerifyResult } from './event-store.ts';

/** A worker that shows no progress for this long is given up on (it checks ~4,000 rows every few ms). */
const STALL_MS = 10_000;
const POLL_MS = 50;

export interface ChainCheck {
  /** Blocks until the worker answers; undefined when it could not (check in this thread instead). */
  verdict(): VerifyResult | undefined;
  /** The fold failed: the verdict is not wanted. */
  cancel(): void;
}

/** Start checking rows fromSeq…toSeq of the SQLite file `file` in a worker thread. */
export function startChainCheck(file: string, fromSeq: number, toSeq: number): ChainCheck {
  const shared = new SharedArrayBuffer(8);
  const flags = new Int32Array(shared);
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(new URL('./chain-check-worker.mjs', import.meta.url), {
    workerData: { file, fromSeq, toSeq, port: port2, shared },
    transferList: [port2],
  });
  // Never keeps the process alive, and an error the worker could not post (it failed to start) only ends in a stall.
  worker.unref();
  worker.on('error', () => {});
  const stop = () => {
    port1.close();
    void worker.terminate();
  };
  return {
    verdict() {
      let checked = -1;
      let lastProgress = performance.now();
      while (Atomics.load(flags, 0) === 0) {
        Atomics.wait(flags, 0, 0, POLL_MS);
        const now = performance.now();
        const n = Atomics.load(flags, 1);
        if (n !== checked) {
          checked = n;
          lastProgress = now;
        } else if (now - lastProgress > STALL_MS) {
          stop();
          return undefined;
        }
      }
      const answer = receiveMessageOnPort(port1)?.message as VerifyResult | { failed: string } | undefined;
      stop();
      return answer === undefined || 'failed' in answer ? undefined : answer;
    },
    cancel: stop,
  };
}
