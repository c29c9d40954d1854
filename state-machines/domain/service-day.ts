/**
 * The hall's business day. Ticket numbers restart at local midnight in the
 * hall's time zone (Asia/Shanghai), never at UTC midnight — TheQ's "corrupted
 * ticket numbers after 5 pm" (peers.md) is exactly that mistake.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** "2026-11-21" for an instant, in the given zone. */
export function serviceDayOf(at: number, timeZone: string): string {
  return formatterFor(timeZone).format(new Date(at));
}

const clockFormatters = new Map<string, Intl.DateTimeFormat>();

/** "10:05" local wall-clock time, for tickets and screens. */
export function localClock(at: number, timeZone: string): string {
  let f = clockFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hour12: false });
    clockFormatters.set(timeZone, f);
  }
  return f.format(new Date(at));
}
