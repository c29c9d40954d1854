/**
 * Hall time. Screens show the hall's own clock (Asia/Shanghai) from the
 * server's time, not the device's: a kiosk with a drifting clock or a wrong
 * time zone still prints the right time on the ticket.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Lang } from './i18n.ts';

/** Server time now, ticking every `everyMs`. `clockOffsetMs` comes from the hall view. */
export function useHallNow(clockOffsetMs: number, everyMs = 1_000): number {
  const [now, setNow] = useState(() => Date.now() + clockOffsetMs);
  useEffect(() => {
    setNow(Date.now() + clockOffsetMs);
    const timer = setInterval(() => setNow(Date.now() + clockOffsetMs), everyMs);
    return () => clearInterval(timer);
  }, [clockOffsetMs, everyMs]);
  return now;
}

const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, options);
    cache.set(key, f);
  }
  return f;
}

/** "09:05" or "09:05:07", 24-hour. */
export function formatTime(at: number, timeZone: string, seconds = false): string {
  return formatter('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', second: seconds ? '2-digit' : undefined, hour12: false }).format(at);
}

/** "2026年11月21日 星期六" / "Sat, 21 Nov 2026". */
export function formatDate(at: number, timeZone: string, lang: Lang): string {
  return lang === 'zh'
    ? formatter('zh-CN', { timeZone, year: 'numeric', month: 'long', day: 'numeric', weekday: 'long' }).format(at)
    : formatter('en-GB', { timeZone, year: 'numeric', month: 'short', day: 'numeric', weekday: 'short' }).format(at);
}
