/**
 * `sync:since`: a client that noticed a gap asks for what it missed. The work
 * one socket can cause is bounded:
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
import type { Logger } from 'pino';
import type { ProtocolError } from '../../state-machines/protocol/errors.ts';
import { syncSinceRequest } from '../../state-machines/protocol/messages.ts';
import { eventFor } from '../../state-machines/protocol/projection.ts';
import type { Ack, HallSnapshot, Role, SyncResult } from '../../state-machines/protocol/socket-events.ts';
import type { HallService } from '../hall/hall-service.ts';
import type { ConnectionLimits } from './connection-limits.ts';
import { handle, type HallSocket } from './handle.ts';
import { LIMITS, MAX_DELTAS_PER_SYNC, rateLimited, SYNC_REFUSALS_BEFORE_DROP } from './limits.ts';
import { TokenBucket } from './rate-limit.ts';
import { dropConnection, unsentOf } from './unsent.ts';

export function attachSyncSince(
  socket: HallSocket,
  role: Role,
  hall: HallService,
  snapshot: () => HallSnapshot,
  limits: ConnectionLimits,
  log: Logger,
): void {
  const requests = new TokenBucket(LIMITS.sync);
  const snapshots = new TokenBucket(LIMITS.syncSnapshots);
  let answered = false;
  let refusals = 0;

  const refuse = (wait: number, why: string): Ack<never> => {
    if (++refusals >= SYNC_REFUSALS_BEFORE_DROP) {
      log.warn({ namespace: socket.nsp.name, actor: socket.data.identity.actor, refusals }, 'sync:since keeps coming while refused: dropping the socket');
      dropConnection(socket);
    }
    return { ok: false, error: syncLimited(wait, why) };
  };

  handle(socket, 'sync:since', syncSinceRequest, (req): Ack<SyncResult> => {
    const t = Date.now();
    // The last answer still unsent: the client is not reading; answering again would only pile up.
    if (answered && unsentOf(socket).bytes > 0) {
      if (limits.dropIfSlow(socket, 'sync')) return { ok: false, error: syncLimited(1, 'slow consumer') };
      return refuse(1, 'the previous answer is still being sent');
    }
    answered = false;
    const wait = requests.admit(t);
    if (wait > 0) return refuse(wait, 'too many sync requests');
    const behind = hall.seq - req.lastSeq;
    let result: SyncResult;
    if (req.lastSeq > hall.seq || behind > MAX_DELTAS_PER_SYNC) {
      const snapshotWait = snapshots.admit(t);
      if (snapshotWait > 0) return refuse(snapshotWait, 'too many snapshots');
      result = { kind: 'snapshot', snapshot: snapshot() };
    } else {
      const deltas = hall.eventsSince(req.lastSeq, MAX_DELTAS_PER_SYNC);
      for (const d of deltas) d.event = eventFor(role, d.event);
      result = { kind: 'deltas', deltas };
    }
    refusals = 0;
    answered = true;
    return { ok: true, seq: hall.seq, result };
  });
}

function syncLimited(wait: number, why: string): ProtocolError {
  return rateLimited(wait, '同步', `sync requests (${why})`);
}
