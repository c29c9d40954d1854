/**
 * The hall's clock service: wakes at the next deadline stored in the hall
 * state (hall-clock.ts `nextClockDeadline`) and lets the hall service append
 * what is due. It holds no deadline of its own: after a restart `start()`
 * reads them back from the state rebuilt from the log, so a deadline missed
 * while the server was down fires on boot and one still ahead is re-armed.
 *
 * The timer never sleeps longer than `maxSleepMs`, so a wall clock set
 * forward or back (NTP after a cold start) is noticed within that time, and a
 * deadline moved by an event (a re-synced calendar) is re-armed when the event
 * is emitted.
 */
import type { HallConfig } from '../../state-machines/config/hall-config.ts';
import { nextClockDeadline } from '../../state-machines/hall/hall-clock.ts';
import type { HallService } from './hall-service.ts';

export interface ClockServiceOptions {
  now: () => number;
  maxSleepMs?: number;
}

export class ClockService {
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;
  private readonly maxSleepMs: number;
  private readonly onEvent = () => this.arm();

  constructor(
    private readonly hall: HallService,
    private readonly config: HallConfig,
    private readonly options: ClockServiceOptions,
  ) {
    this.maxSleepMs = options.maxSleepMs ?? 30_000;
  }

  start(): void {
    this.stopped = false;
    this.hall.on('event', this.onEvent);
    this.wake();
  }

  stop(): void {
    this.stopped = true;
    this.hall.off('event', this.onEvent);
    clearTimeout(this.timer);
  }

  private wake(): void {
    if (this.stopped) return;
    this.hall.settleClock();
    this.arm();
  }

  private arm(): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    const deadline = nextClockDeadline(this.hall.state, this.config);
    const delay = deadline === undefined ? this.maxSleepMs : Math.min(this.maxSleepMs, Math.max(0, deadline - this.options.now()));
    this.timer = setTimeout(() => this.wake(), delay);
    this.timer.unref();
  }
}
