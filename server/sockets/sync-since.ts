/**
 * `sync:since`: a client that noticed a gap asks for what it missed. The work
 * one socket can cause is bounded (cost class `self-limited`: this file is
 * the bound):
 *  - one answer in flight: a new request is refused while the last answer may
 *    still sit unsent in the socket's write buffer;
 *  - a rate per socket, and a tighter one for answers that are snapshots (the
 *    expensive kind); more than MAX_DELTAS_PER_SYNC missed events get a
 *    snapshot;
 *  - a socket that keeps asking while refused is not a screen that missed an
 *    event: it is dropped, as is one whose unsent data passes the bounds.
 * Refusals are RATE_LIMITED; the client library asks again on the next gap or
 * clock tick. Socket-level bounds run on real time, not the hall's clock.
 */
import type { ProtocolError } from '../../state-machines/protocol/errors.ts';
import { syncSinceRequest } from '../../state-machines/protocol/messages.ts';
import { eventFor } from '../../state-machines/protocol/projection.ts';
import type { Ack, KioskClientEvents, SyncResult } from '../../state-machines/protocol/socket-events.ts';
import type { Caller } from './caller.ts';
import { LIMITS, MAX_DELTAS_PER_SYNC, rateLimited, SYNC_REFUSALS_BEFORE_DROP } from './limits.ts';
import { TokenBucket } from './rate-limit.ts';
import { defineCommands } from './registry.ts';
import { dropConnection, unsentOf } from './unsent.ts';

/** What one socket has asked for lately (made on its first `sync:since`, gone with the socket). */
export class SyncGuard {
  readonly requests = new TokenBucket(LIMITS.sync);
  readonly snapshots = new TokenBucket(LIMITS.syncSnapshots);
  /** An answer was sent and may still be unsent. */
  answered = false;
  /** Refusals in a row. */
  refusals = 0;
}

/** Every role answers `sync:since` the same way (its projection aside). */
export const syncCommands = defineCommands<Pick<KioskClientEvents, 'sync:since'>>()({
  'sync:since': { schema: syncSinceRequest, cost: 'self-limited', run: (req, c) => syncSince(req.lastSeq, c) },
});

function syncSince(lastSeq: number, c: Caller): Ack<SyncResult> {
  const { hall, connections } = c.services;
  const guard = (c.sync ??= new SyncGuard());
  const t = Date.now();
  // The last answer still unsent: the client is not reading; answering again would only pile up.
  if (guard.answered && unsentOf(c.socket).bytes > 0) {
    if (connections.dropIfSlow(c.socket, 'sync')) return { ok: false, error: syncLimited(1, 'slow consumer') };
    return refuse(c, guard, 1, 'the previous answer is still being sent');
  }
  guard.answered = false;
  const wait = guard.requests.admit(t);
  if (wait > 0) return refuse(c, guard, wait, 'too many sync requests');
  const behind = hall.seq - lastSeq;
  let result: SyncResult;
  if (lastSeq > hall.seq || behind > MAX_DELTAS_PER_SYNC) {
    const snapshotWait = guard.snapshots.admit(t);
    if (snapshotWait > 0) return refuse(c, guard, snapshotWait, 'too many snapshots');
    result = { kind: 'snapshot', snapshot: c.services.snapshot(c.identity) };
  } else {
    const deltas = hall.eventsSince(lastSeq, MAX_DELTAS_PER_SYNC);
    for (const d of deltas) d.event = eventFor(c.role, d.event);
    result = { kind: 'deltas', deltas };
  }
  guard.refusals = 0;
  guard.answered = true;
  return { ok: true, seq: hall.seq, result };
}

function refuse(c: Caller, guard: SyncGuard, wait: number, why: string): Ack<never> {
  if (++guard.refusals >= SYNC_REFUSALS_BEFORE_DROP) {
    c.services.log.warn({ namespace: c.namespace, actor: c.actor, refusals: guard.refusals }, 'sync:since keeps coming while refused: dropping the socket');
    dropConnection(c.socket);
  }
  return { ok: false, error: syncLimited(wait, why) };
}

function syncLimited(wait: number, why: string): ProtocolError {
  return rateLimited(wait, '同步', `sync requests (${why})`);
}
