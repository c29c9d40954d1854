/** Who is waiting for this window, per queue it serves (in the window's priority order). */
import type { WindowConfig, PublicHallConfig } from '../state-machines/config/hall-config.ts';
import type { HallState } from '../state-machines/hall/state.ts';
import { waitingCount } from '../state-machines/hall/views.ts';
import { queueName } from '../state-machines/client/web/hall-names.ts';
import { pick, type Lang } from '../state-machines/client/web/i18n.ts';
import { people, pieces, T } from './texts.ts';

export function WaitingCard({ config, state, win, lang }: { config: PublicHallConfig; state: HallState; win: WindowConfig | undefined; lang: Lang }) {
  const counts = (win?.queues ?? []).flatMap((id) => {
    const queue = config.queues.find((q) => q.id === id);
    return queue ? [{ queue, waiting: waitingCount(state, id) }] : [];
  });
  const total = counts.reduce((n, c) => n + c.waiting, 0);
  const doneHere = Object.values(state.tickets).filter(
    (t) => t.status === 'done' && t.window === win?.number && t.serviceDay === state.serviceDay,
  ).length;

  return (
    <aside class="waiting-card" data-testid="panel-waiting">
      <h2 class="section-title">{pick(lang, T.waiting)}</h2>
      <ul class="waiting-list">
        {counts.map(({ queue, waiting }) => (
          <li key={queue.id} class="waiting-list__row" data-testid={`panel-waiting-${queue.id}`}>
            <span class="waiting-list__prefix">{queue.prefix}</span>
            <span class="waiting-list__name">{queueName(queue, lang)}</span>
            <span class="waiting-list__count">{pick(lang, people(waiting))}</span>
          </li>
        ))}
      </ul>
      <p class="waiting-total">
        <span>{pick(lang, T.total)}</span>
        <strong data-testid="panel-waiting-total">{pick(lang, people(total))}</strong>
      </p>
      <p class="waiting-total waiting-total--quiet">
        <span>{pick(lang, T.doneToday)}</span>
        <strong data-testid="panel-done-today">{pick(lang, pieces(doneHere))}</strong>
      </p>
    </aside>
  );
}
