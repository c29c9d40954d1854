/**
 * 实时等候 to the hub: the hall's public waits (state-machines/hall/public-waits.ts)
 * sent as one small document whenever they change — at once, then at most
 * once a second while events keep coming, and every 30 s anyway (a wait in minutes ages with the clock).
 * Unchanged numbers are not sent again; a failed send is simply retried at the
 * next change or tick (only the latest document matters). The hall never
 * waits for this either.
 *
 * Before its first waits, the hall sends its public hall file (toPublicConfig: what every kiosk
 * receives — names of queues, items, windows and clerks, the time zone; no tokens, PINs or
 * supervisors) once per start: the hub's reports label their rows with it (server/hub/hub-reports.ts).
 */
import type { Logger } from 'pino';
import { toPublicConfig } from '../../state-machines/config/hall-config.ts';
import { publicWaits } from '../../state-machines/hall/public-waits.ts';
import type { HallService } from '../hall/hall-service.ts';
import { hubRequest, type HubLinkOptions } from './hub-client.ts';

const AFTER_EVENT_MS = 1000;
const REFRESH_MS = 30_000;

export class LiveWaitsPublisher {
  private pending: NodeJS.Timeout | undefined;
  private readonly refresh: NodeJS.Timeout;
  private sending = false;
  /** The last document the hub accepted, without its `at`: the same numbers are not sent twice. */
  private lastSent: string | undefined;
  private closed = false;
  private lastSendAt = -Infinity;
  /** The hub has this start's hall file. */
  private profileSent = false;

  constructor(
    private readonly hall: HallService,
    private readonly options: HubLinkOptions,
    private readonly log: Logger,
    private readonly now: () => number,
  ) {
    this.refresh = setInterval(() => this.poke(), REFRESH_MS);
    this.refresh.unref();
  }

  /** Something changed: send now if nothing was sent in the last second, else at the end of that second (one send for the events in it). */
  poke(): void {
    if (this.closed || this.pending) return;
    const wait = Math.max(0, this.lastSendAt + AFTER_EVENT_MS - performance.now());
    this.pending = setTimeout(() => {
      this.pending = undefined;
      this.lastSendAt = performance.now();
      void this.send();
    }, wait);
    this.pending.unref();
  }

  close(): void {
    this.closed = true;
    clearInterval(this.refresh);
    if (this.pending) clearTimeout(this.pending);
  }

  private async send(): Promise<void> {
    if (this.sending || this.closed) return;
    this.sending = true;
    try {
      if (!this.profileSent) {
        const answer = await hubRequest(this.options, 'PUT', 'profile', toPublicConfig(this.hall.config, 'public'));
        this.profileSent = answer.ok;
        if (!answer.ok) this.log.debug({ error: answer.error }, 'hall file not sent to the hub: retried with the next waits');
      }
      const doc = publicWaits(this.hall.state, this.hall.config, this.hall.seq, this.now());
      const { at: _at, ...numbers } = doc;
      const key = JSON.stringify(numbers);
      if (key === this.lastSent) return;
      const answer = await hubRequest(this.options, 'PUT', 'live', doc);
      if (answer.ok) this.lastSent = key;
      else this.log.debug({ error: answer.error }, 'live waits not sent to the hub: retried at the next change');
    } finally {
      this.sending = false;
    }
  }
}
