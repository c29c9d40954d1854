/**
 * 绿色通道 on the kiosk: the visitor (or a guide for them) says which case
 * applies, in big buttons, then picks the service as usual. The reason goes
 * to the server with the ticket and is seen by staff only; public screens
 * show nothing of it.
 */
import { pick, type Lang } from '../state-machines/client/web/i18n.ts';
import type { GreenReason } from '../state-machines/domain/ticket.ts';
import { GREEN_REASON_TEXT, T } from './texts.ts';

const SHOWN: (keyof typeof GREEN_REASON_TEXT)[] = ['elderly', 'disabled', 'pregnant', 'military', 'urgent'];

export function GreenReasons({ lang, onChoose, onBack }: { lang: Lang; onChoose: (reason: GreenReason) => void; onBack: () => void }) {
  return (
    <main class="green-screen" data-testid="green-screen">
      <div class="kiosk-home__bar">
        <button type="button" class="back-button" data-testid="green-back" onClick={onBack}>
          ‹ {pick(lang, T.back)}
        </button>
        <h2 class="green-screen__title">{pick(lang, T.greenTitle)}</h2>
      </div>
      <p class="green-screen__prompt">{pick(lang, T.greenChooseWho)}</p>
      <div class="green-grid">
        {SHOWN.map((reason) => (
          <button key={reason} type="button" class="green-reason" data-testid={`green-reason-${reason}`} onClick={() => onChoose(reason)}>
            <span class="green-reason__icon" aria-hidden="true">
              {GREEN_REASON_TEXT[reason].icon}
            </span>
            <span class="green-reason__name">{pick(lang, GREEN_REASON_TEXT[reason])}</span>
          </button>
        ))}
      </div>
      <p class="green-screen__check">{pick(lang, T.greenCheck)}</p>
    </main>
  );
}
