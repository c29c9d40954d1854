/**
 * What one client may cost the hall: every command that costs paper, disk
 * (every accepted command appends to the log) or CPU (snapshots, sync, slot
 * lists) has a limit here, per kiosk, per session, per socket or per address.
 * Refusals are RATE_LIMITED with `retryAfterSeconds`; a retry of a request
 * already answered is always answered (it costs nothing new). The README's
 * "Limits" table lists them. Kiosk tickets, staff commands and connections
 * are hall settings (`limits` in the hall file: a bench or a city hall lifts
 * them); the rest are fixed here — generous for people, tight for scripts.
 */
import { protocolError, type ProtocolError } from '../../state-machines/protocol/errors.ts';
import type { Rate } from './rate-limit.ts';

export const LIMITS = {
  /** 预约 slot lists (each one computes a week of slots), per kiosk or session. */
  slotLists: { perMinute: 30, burst: 10 },
  /** 一次性告知 material lists on paper, per kiosk. */
  printMaterials: { perMinute: 4, burst: 3 },
  /** Print-outcome look-ups, per socket (a kiosk asks once per ticket on screen, again after a reconnect). */
  printJobStatus: { perMinute: 30, burst: 10 },
  /** A display's voice report, per socket (sent on connect and when it changes; each one is pushed to every supervisor). */
  displayVoice: { perMinute: 12, burst: 6 },
  /** 好差评 from one rating tablet or one phone's address: a visitor rates once per service; a loop or a prankster is slowed. */
  ratings: { perMinute: 6, burst: 3 },
  /** 窗口测算 queries, per supervisor session (a weekday picked, a target tried). */
  planning: { perMinute: 20, burst: 10 },
  /** 统计报表, per supervisor session: a report reads every visit of its range (up to 400 days), so a looping client is slowed. */
  reports: { perMinute: 20, burst: 6 },
  /** `sync:since`, per socket: a client asks only when it noticed a gap. */
  sync: { perMinute: 12, burst: 6 },
  /** Sync answers that are snapshots (the expensive kind), per socket. */
  syncSnapshots: { perMinute: 2, burst: 2 },
} satisfies Record<string, Rate>;

/** A client further behind than this gets a snapshot instead of deltas. */
export const MAX_DELTAS_PER_SYNC = 500;
/**
 * A socket whose unsent data passes either bound is a slow consumer (a
 * screen that stopped reading) and is dropped; it resyncs by snapshot when it
 * reconnects. A hall's busiest second is a few events, so a healthy socket
 * never holds more than a few kilobytes.
 */
export const MAX_UNSENT_BYTES = 1024 * 1024;
export const MAX_UNSENT_PACKETS = 500;
/** How often every socket's unsent data is checked. */
export const SLOW_CONSUMER_SWEEP_MS = 1000;
/** A socket refused this many `sync:since` in a row by its rate is not a screen that missed an event: it is dropped. */
export const SYNC_REFUSALS_BEFORE_DROP = 12;

/** RATE_LIMITED with the seconds to wait: a stuck key, a prankster at a kiosk, a script. */
export function rateLimited(wait: number, whatZh: string, whatEn: string): ProtocolError {
  const when = wait >= 120 ? `${Math.ceil(wait / 60)} 分钟` : `${wait} 秒`;
  return { ...protocolError('RATE_LIMITED', `${whatZh}过于频繁，请 ${when}后再试`, `Too many ${whatEn}; try again in ${wait} s`), retryAfterSeconds: wait };
}
