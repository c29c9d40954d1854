/** Drive decide + evolve in memory, as the server does, for unit tests. */
import type { HallConfig } from '../../state-machines/config/hall-config.ts';
import type { HallEvent, LoggedEvent } from '../../state-machines/domain/events.ts';
import { decide, type Decision, type HallCommand } from '../../state-machines/hall/decide.ts';
import { MAX_CLOCK_EVENTS_PER_SETTLE } from '../../server/hall/hall-service.ts';
import { followForecasts } from '../../state-machines/hall/call-forecast.ts';
import { evolve } from '../../state-machines/hall/evolve.ts';
import { initialHallState, type HallState } from '../../state-machines/hall/state.ts';

export class MemoryHall {
  state: HallState;
  readonly log: LoggedEvent[] = [];
  constructor(
    readonly config: HallConfig,
    public now: number,
  ) {
    this.state = initialHallState(config);
  }

  /** As the hall service does: the clock's due deadlines before and after every command. */
  run(command: HallCommand): Decision {
    this.settle();
    const decision = decide(this.state, this.config, command, this.now);
    if (decision.ok) {
      this.append(decision.event);
      this.settle();
    }
    return decision;
  }

  /** Append every event the hall's clock owes at `now` (bounded like the server's). */
  settle(): HallEvent[] {
    const out: HallEvent[] = [];
    for (let i = 0; i < MAX_CLOCK_EVENTS_PER_SETTLE; i++) {
      const due = decide(this.state, this.config, { type: 'clock.tick' }, this.now);
      if (!due.ok) break;
      this.append(due.event);
      out.push(due.event);
    }
    return out;
  }

  private append(event: HallEvent): void {
    const logged = { seq: this.state.seq + 1, at: this.now, event };
    this.log.push(logged);
    evolve(this.state, logged);
    // As the server's fold: kept forecasts follow a take (tests thereby check the followed answers).
    followForecasts(this.state, logged.seq - 1, event);
  }

  /** Run and insist it was accepted. */
  ok(command: HallCommand) {
    const d = this.run(command);
    if (!d.ok) throw new Error(`${command.type} refused: ${d.error.code} ${d.error.messageEn}`);
    return d.event;
  }
}
