/**
 * What the wall says when no ticket can be taken and no window is serving the
 * day's last visitors: before opening, over a midday break, after closing,
 * on a closed day. Read off the hall-phase machine (what the display folds)
 * and the calendar's next opening, with the kiosk's own words for when
 * tickets start again (「明日 08:00 起可取号」) — never 欢迎光临，请取号等候 at night.
 */
import type { PublicHallConfig } from '../state-machines/config/hall-config.ts';
import type { Text } from '../state-machines/client/web/i18n.ts';
import { afterHours, closedWords } from '../state-machines/hall/after-hours.ts';
import { hallTicketing } from '../state-machines/hall/hall-clock.ts';
import { ticketsFromText } from '../state-machines/hall/schedule.ts';
import type { HallState } from '../state-machines/hall/state.ts';
import { T } from './texts.ts';

export interface ClosedSign {
  title: Text;
  /** When tickets start again; none when the calendar has no opening in sight. */
  next?: Text | undefined;
}

export function closedSign(
  state: Pick<HallState, 'phase' | 'tickets'>,
  config: Pick<PublicHallConfig, 'hall' | 'schedule' | 'windows'>,
  now: number,
): ClosedSign | undefined {
  const ticketing = hallTicketing(state, config, now);
  if (!ticketing || ticketing.open) return undefined;
  // 停止取号 and 延时服务: windows still serve the people waiting; the footer says so and calls go on.
  const phase = state.phase.status;
  if (phase === 'tickets_stopped' || phase === 'extended') return undefined;
  const after = afterHours(state, config, now);
  if (after?.kind === 'extended') return undefined;
  const title = after ? closedWords(after) : ticketing.reason === 'midday_break' ? T.middayBreak : T.notOpenYet;
  const next = ticketing.nextTicketsFrom === undefined ? undefined : ticketsFromText(ticketing.nextTicketsFrom, config.hall.timezone, now);
  return { title, next: next && { zh: next.zh, en: next.en.charAt(0).toUpperCase() + next.en.slice(1) } };
}
