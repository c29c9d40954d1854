/**
 * The header of the desks that are not a window (值班主任台, 导办台): what the desk is and the hall's name, who is
 * signed in, the hall's clock, the desk's own buttons, the language switch and 退出登录.
 */
import type { ComponentChildren } from 'preact';
import { formatTime } from '../state-machines/client/web/clock.ts';
import { pick, type Lang, type Text } from '../state-machines/client/web/i18n.ts';
import type { PublicHallConfig } from '../state-machines/config/hall-config.ts';
import { T } from './texts.ts';

interface Props {
  title: Text;
  titleTestId: string;
  config: PublicHallConfig;
  staff: { id: string; name: string };
  now: number;
  lang: Lang;
  langToggle: ComponentChildren;
  onSignOut: () => void;
  /** The desk's own buttons, before the language switch. */
  children?: ComponentChildren;
}

export function DeskHeader({ title, titleTestId, config, staff, now, lang, langToggle, onSignOut, children }: Props) {
  return (
    <header class="desk-header">
      <h1 class="desk-header__window" data-testid={titleTestId}>
        <span class="desk-header__number">{pick(lang, title)}</span>
        <span class="desk-header__name">{config.hall.name}</span>
      </h1>
      <div class="desk-header__clerk">
        {staff.name}
        <small>
          {pick(lang, T.staffId)} {staff.id}
        </small>
      </div>
      <span class="desk-header__clock">{formatTime(now, config.hall.timezone, true)}</span>
      {children}
      {langToggle}
      <div class="desk-header__signout">
        <button type="button" class="button" data-testid="sign-out" onClick={onSignOut}>
          {pick(lang, T.signOut)}
        </button>
      </div>
    </header>
  );
}
