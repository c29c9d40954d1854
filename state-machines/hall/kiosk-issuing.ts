/**
 * How many tickets each kiosk issued in the last hour, from the state (the
 * fold keeps per-minute counts of `ticket.issued` per kiosk for the last 60
 * minutes). Two uses:
 *
 *  - the sustained budget (`limits.kioskTicketsPerHour`): on top of the burst
 *    rate per minute, a kiosk issues at most this many tickets in any 60
 *    minutes, so public kiosks cannot drain a queue's daily numbers in
 *    minutes. Counted from the log, so a restart does not refill it.
 *  - the 值班主任台's alert: a kiosk issuing far above the hall's normal rate
 *    (a prankster, a stuck button, a script with a kiosk token) — at least
 *    KIOSK_ALERT_MIN_TICKETS in the last hour and either KIOSK_ALERT_FACTOR
 *    times as many as the busiest other kiosk, or three quarters of its
 *    budget. Compared with the busiest other kiosk (not the average), a kiosk
 *    by the door that simply serves more visitors is not flagged.
 *
 * Checked-in appointments are not counted: they need a booking code.
 */
import type { HallState, KioskMinute } from './state.ts';

const KIOSK_WINDOW_MINUTES = 60;
const KIOSK_ALERT_MIN_TICKETS = 30;
const KIOSK_ALERT_FACTOR = 3;
const KIOSK_ALERT_BUDGET_SHARE = 0.75;

const minuteOf = (at: number) => Math.floor(at / 60_000);

/** Fold step (evolve): one more ticket from this kiosk at `at`; minutes older than the window are dropped. */
export function countKioskTicket(state: HallState, deviceId: string, at: number): void {
  const minute = minuteOf(at);
  const minutes = (state.issuedByKiosk[deviceId] ??= []);
  const last = minutes[minutes.length - 1];
  if (last !== undefined && last.minute === minute) last.count++;
  else minutes.push({ minute, count: 1 });
  let stale = 0;
  while (stale < minutes.length && minutes[stale]!.minute <= minute - KIOSK_WINDOW_MINUTES) stale++;
  if (stale > 0) minutes.splice(0, stale);
}

/** Tickets the kiosk issued in the 60 minutes up to `now` (by whole minutes). */
export function issuedLastHour(state: HallState, deviceId: string, now: number): number {
  const minutes = Object.hasOwn(state.issuedByKiosk, deviceId) ? state.issuedByKiosk[deviceId] : undefined;
  return minutes === undefined ? 0 : countSince(minutes, minuteOf(now) - KIOSK_WINDOW_MINUTES);
}

/** Seconds until the kiosk may issue again under its hourly budget (0: it may now). */
export function kioskBudgetWait(state: HallState, deviceId: string, now: number, perHour: number): number {
  const minutes = Object.hasOwn(state.issuedByKiosk, deviceId) ? state.issuedByKiosk[deviceId] : undefined;
  if (minutes === undefined) return 0;
  const from = minuteOf(now) - KIOSK_WINDOW_MINUTES;
  let over = countSince(minutes, from) - perHour + 1;
  if (over <= 0) return 0;
  // The budget frees up as the oldest minutes leave the window.
  for (const m of minutes) {
    if (m.minute <= from) continue;
    over -= m.count;
    if (over <= 0) return Math.max(1, Math.ceil(((m.minute + KIOSK_WINDOW_MINUTES) * 60_000 - now) / 1000));
  }
  return KIOSK_WINDOW_MINUTES * 60;
}

function countSince(minutes: readonly KioskMinute[], afterMinute: number): number {
  let n = 0;
  for (const m of minutes) if (m.minute > afterMinute) n += m.count;
  return n;
}

interface KioskAlert {
  deviceId: string;
  /** Tickets this kiosk issued in the last hour. */
  issued: number;
  /** The busiest other kiosk's count over the same hour. */
  busiestOther: number;
}

/** Kiosks issuing far above the hall's normal rate in the last hour, busiest first. */
export function kioskAlerts(state: HallState, kioskIds: readonly string[], perHour: number, now: number): KioskAlert[] {
  const counts = kioskIds.map((id) => ({ id, n: issuedLastHour(state, id, now) }));
  const alerts: KioskAlert[] = [];
  for (const { id, n } of counts) {
    if (n < KIOSK_ALERT_MIN_TICKETS) continue;
    let busiestOther = 0;
    for (const other of counts) if (other.id !== id && other.n > busiestOther) busiestOther = other.n;
    if (n >= KIOSK_ALERT_FACTOR * busiestOther || n >= KIOSK_ALERT_BUDGET_SHARE * perHour) alerts.push({ deviceId: id, issued: n, busiestOther });
  }
  return alerts.sort((a, b) => b.issued - a.issued);
}
