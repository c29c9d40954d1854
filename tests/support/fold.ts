/** Drive decide + evolve in memory, as the server does, for unit tests. */
import type { HallConfig } from '../../state-machines/config/hall-config.ts';
import type { LoggedEvent } from '../../state-machines/domain/events.ts';
import { decide, type Decision, type HallCommand } from '../../state-machines/hall/decide.ts';
import { evolve } from '../../state-machines/hall/evolve.ts';
import { initialHallState, type HallState } from '../../state-machines/hall/state.ts';

export class MemoryHall {
  state: HallState;
  readonly log: LoggedEvent[] = [];
  constructor(readonly config: HallConfig, public now: number) {
    this.state = initialHallState(config);
  }

  run(command: HallCommand): Decision {
    const decision = decide(this.state, this.config, command, this.now);
    if (decision.ok) {
      const logged = { seq: this.state.seq + 1, at: this.now, event: decision.event };
      this.log.push(logged);
      evolve(this.state, logged);
    }
    return decision;
  }

  /** Run and insist it was accepted. */
  ok(command: HallCommand) {
    const d = this.run(command);
    if (!d.ok) throw new Error(`${command.type} refused: ${d.error.code} ${d.error.messageEn}`);
    return d.event;
  }
}
