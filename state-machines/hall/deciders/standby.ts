/**
 * `hall.take_over` (双机热备, README § Standby): the standby server becomes the hall's primary. The term only grows:
 * a takeover at a term the log already holds is refused, so two servers can never both append the same term's
 * takeover, and the old primary — whose log ends before it — finds a higher term when it comes back.
 */
import type { Decider } from './decider.ts';
import { staleTerm } from './refusals.ts';
import { accept, refuse } from './result.ts';

const takeOver: Decider<'hall.take_over'> = (state, _config, command) => {
  const held = state.takeover?.term ?? 0;
  if (command.term <= held) return refuse(staleTerm(held));
  return accept({ type: 'hall.taken_over', term: command.term, server: command.server, lastFromPrimary: command.lastFromPrimary });
};

export const standbyDeciders = {
  'hall.take_over': takeOver,
};
