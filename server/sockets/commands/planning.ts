/**
 * 窗口测算 (README § Window planning): the supervisor's desk asks how many
 * windows each queue needs per half-hour of a weekday. A read: nothing is
 * appended; the history is read once per day and kept (server/planning/).
 */
import { planningQueryRequest } from '../../../state-machines/protocol/messages.ts';
import type { AdminClientEvents } from '../../../state-machines/protocol/socket-events.ts';
import { planningAnswer } from '../../planning/planning-query.ts';
import { defineCommands } from '../registry.ts';

export const planningCommands = defineCommands<AdminClientEvents>()({
  'planning:query': {
    schema: planningQueryRequest,
    cost: 'planning',
    run: (req, c) => ({ ok: true, seq: c.services.hall.seq, result: planningAnswer(c.services.hall, c.services.now(), req) }),
  },
});
