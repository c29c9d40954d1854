/**
 * `clock.tick`: the hall's clock (the server's clock service, never a
 * client) asks what is due now, and gets one event at a time until refused:
 * the hall's day first (a boundary may change what staffing deadlines mean),
 * then AB岗 escalations due, then bookings whose check-in time has passed
 * (爽约), then ratings nobody gave in time (未评价). hall-clock.ts says what
 * each deadline is.
 */
import { duePhaseEvent, soonestForfeit, soonestRatingClose } from '../hall-clock.ts';
import { staffingDeadlines } from '../staffing-deadlines.ts';
import type { Decider } from './decider.ts';
import { nothingDue } from './refusals.ts';
import { accept, refuse } from './result.ts';
import { staffingDeciders } from './staffing.ts';

const tick: Decider<'clock.tick'> = (state, config, _command, now) => {
  const due = duePhaseEvent(state, config, now);
  if (due) return accept(due);
  for (const deadline of staffingDeadlines(state)) {
    if (deadline.at > now) break;
    const escalated = staffingDeciders['post.escalate'](state, config, { type: 'post.escalate', window: deadline.window }, now);
    if (escalated.ok) return escalated;
  }
  const late = soonestForfeit(state, config);
  if (late && late.due < now) return accept({ type: 'appointment.forfeited', appointmentId: late.appointmentId, due: late.due });
  const unrated = soonestRatingClose(state);
  if (unrated && unrated.due < now) return accept({ type: 'rating.expired', ticketId: unrated.ticketId, due: now });
  return refuse(nothingDue());
};

export const clockDeciders = {
  'clock.tick': tick,
};
