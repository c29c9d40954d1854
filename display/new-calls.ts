/**
 * Which calls are news. A display announces a call once, and only while it
 * is fresh:
 *
 * - the first view after the page loads is history: shown, never spoken
 *   (a display switched on at 10:00 does not replay the morning);
 * - after that, every call with a higher seq than the last one seen is new,
 *   whether it came as a live delta, as missed deltas after a gap, or inside
 *   the snapshot of a reconnect — so a call made during a two-second network
 *   blip is still spoken;
 * - but not if it is older than STALE_CALL_MS: after a long outage the
 *   visitor was called minutes ago and has moved on; calling again would
 *   send a second person to the window.
 */
import type { HallView } from '../state-machines/client/hall-sync.ts';
import type { CallRecord } from '../state-machines/hall/state.ts';

const STALE_CALL_MS = 15_000;

export class NewCalls {
  private lastSeenSeq: number | undefined;

  /** The calls in `view` not seen before and still fresh, oldest first. */
  take(view: HallView, now = Date.now()): CallRecord[] {
    const calls = view.state.recentCalls;
    const lastSeen = this.lastSeenSeq;
    this.lastSeenSeq = Math.max(lastSeen ?? 0, view.state.seq);
    if (lastSeen === undefined) return [];
    const hallNow = now + view.clockOffsetMs;
    return calls.filter((c) => c.seq > lastSeen && hallNow - c.at <= STALE_CALL_MS).reverse();
  }
}
