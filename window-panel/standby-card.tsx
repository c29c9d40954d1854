/**
 * 双机热备 on the supervisor desk (README § Standby): which server holds the hall and since when (the log's
 * newest `hall.taken_over`), whether the standby holds every event (and how far behind it is), and what the hall
 * does while it is gone — so a supervisor knows, before a clerk asks, why tickets are refused or that the hall is
 * running on one machine.
 */
import { formatDate, formatTime } from '../state-machines/client/web/clock.ts';
import { pick, type Lang, type Text } from '../state-machines/client/web/i18n.ts';
import type { PublicHallConfig } from '../state-machines/config/hall-config.ts';
import type { HallState } from '../state-machines/hall/state.ts';
import type { StandbyView } from '../state-machines/protocol/socket-events.ts';

const T = {
  title: { zh: '双机热备', en: 'Standby server' },
  holder: (name: string): Text => ({ zh: `本机 ${name} 为主服务器`, en: `This server, ${name}, is the primary` }),
  link: {
    'in-sync': (lag: number): Text => ({ zh: `备用服务器同步正常（落后 ${lag} 条）`, en: `Standby in sync (${lag} events behind)` }),
    'catching-up': (lag: number): Text => ({ zh: `备用服务器正在追赶（落后 ${lag} 条）`, en: `Standby catching up (${lag} events behind)` }),
    down: (): Text => ({ zh: '备用服务器未连接', en: 'Standby not connected' }),
    fenced: (): Text => ({ zh: '另一台服务器已接管本厅，本机即将转为备用', en: 'The other server holds the hall; this one is standing down' }),
  },
  alone: {
    no: { zh: '', en: '' },
    'after-takeover': { zh: '本机接管后单机运行，备用服务器恢复后自动同步。', en: 'Running alone since the takeover; the standby syncs when it is back.' },
    'continue-configured': { zh: '按设置单机继续受理（备用服务器恢复后自动同步）。', en: 'Carrying on alone as set (the standby syncs when it is back).' },
  },
  refusing: {
    zh: '暂停受理：按设置须备用服务器保存后才确认，请联系信息科恢复备用服务器。',
    en: 'Not taking commands: as set, nothing is confirmed until the standby holds it. Call IT to bring it back.',
  },
  takeover: (name: string, when: string, term: number): Text => ({
    zh: `最近一次接管：${name}，${when}（第 ${term} 次）`,
    en: `Last takeover: ${name}, ${when} (no. ${term})`,
  }),
  never: { zh: '自启用以来未发生接管', en: 'No takeover since the pair was set up' },
};

interface Props {
  view: StandbyView | undefined;
  takeover: HallState['takeover'];
  config: PublicHallConfig;
  lang: Lang;
}

export function StandbyCard({ view, takeover, config, lang }: Props) {
  if (!view) return null;
  const refusing = view.link !== 'in-sync' && view.alone === 'no';
  const tz = config.hall.timezone;
  return (
    <section class={`standby-card${refusing ? ' standby-card--refusing' : ''}`} data-testid="standby-card" aria-labelledby="standby-card-title">
      <h2 class="standby-card__title" id="standby-card-title">
        {pick(lang, T.title)}
      </h2>
      <p class="standby-card__line" role="status">
        {pick(lang, T.holder(view.server))} · {pick(lang, T.link[view.link](view.lag))}
      </p>
      {refusing ? (
        <p class="standby-card__line standby-card__line--alert" role="alert">
          {pick(lang, T.refusing)}
        </p>
      ) : (
        view.alone !== 'no' && <p class="standby-card__line">{pick(lang, T.alone[view.alone])}</p>
      )}
      <p class="standby-card__line standby-card__line--quiet">
        {takeover
          ? pick(lang, T.takeover(takeover.server, `${formatDate(takeover.at, tz, lang)} ${formatTime(takeover.at, tz)}`, takeover.term))
          : pick(lang, T.never)}
      </p>
    </section>
  );
}
