/** Small pieces shared by the hall screen and the window screen. */
import { formatDate, formatTime, useHallNow } from '../state-machines/client/web/clock.ts';
import type { Text } from '../state-machines/client/web/i18n.ts';

/** Chinese first and large, English beneath and small. */
export function Bi({ text, class: className }: { text: Text; class?: string }) {
  return (
    <span class={`bi${className ? ` ${className}` : ''}`}>
      <span class="bi__zh">{text.zh}</span>
      <span class="bi__en" lang="en">
        {text.en}
      </span>
    </span>
  );
}

export function HallClock({ timeZone, clockOffsetMs }: { timeZone: string; clockOffsetMs: number }) {
  const now = useHallNow(clockOffsetMs);
  return (
    <div class="clock" data-testid="clock">
      <span class="clock__time">{formatTime(now, timeZone, true)}</span>
      <span class="clock__date">{formatDate(now, timeZone, 'zh')}</span>
    </div>
  );
}
