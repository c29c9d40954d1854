/**
 * 好差评 and 差评整改 commands (README § 好差评): the window's rating tablet
 * (a display with the rating layout) rates the service just completed at its
 * window; the supervisor's desk takes each step of a 差评 follow-up. The phone
 * page rates over HTTP (server/devices/rating-routes.ts) and the hardware pad
 * through the device manager — the same `rating.give` command, one decider.
 */
import { refuse } from '../../../state-machines/hall/deciders/result.ts';
import { own } from '../../../state-machines/hall/state.ts';
import { protocolError } from '../../../state-machines/protocol/errors.ts';
import {
  followUpAssignRequest,
  followUpCloseRequest,
  followUpNoteRequest,
  followUpResolveRequest,
  rateServiceRequest,
} from '../../../state-machines/protocol/messages.ts';
import type { Ack, AdminClientEvents, DisplayClientEvents, FollowUpResult, RatingResult } from '../../../state-machines/protocol/socket-events.ts';
import { requestIdReused, type Accepted } from '../../hall/hall-service.ts';
import type { Caller } from '../caller.ts';
import { defineCommands } from '../registry.ts';

export const ratingTabletCommands = defineCommands<DisplayClientEvents>()({
  'rating:give': {
    schema: rateServiceRequest,
    cost: 'rating',
    command: (req, c) => {
      const device = c.identity.device;
      if (device?.layout !== 'rating' || device.window === undefined) {
        return refuse(protocolError('FORBIDDEN', '此显示屏不是评价器', 'This display is not a rating tablet'));
      }
      return {
        type: 'rating.give',
        ticketId: req.ticketId,
        channel: 'tablet',
        window: device.window,
        level: req.level,
        reasons: req.reasons,
        text: req.text,
        secondary: req.secondary,
      };
    },
    answer: (done, c): Ack<RatingResult> => {
      const e = done.event.event;
      const rating = e.type === 'rating.given' ? own(c.services.hall.state.ratings ?? {}, e.ticketId) : undefined;
      return rating ? { ok: true, seq: done.event.seq, result: { rating } } : requestIdReused();
    },
  },
});

/** The follow-up after its step (first time or retry). */
function followUpAnswer(done: Accepted, c: Caller): Ack<FollowUpResult> {
  const e = done.event.event;
  const followUp = 'followUpId' in e ? own(c.services.hall.state.followUps ?? {}, e.followUpId) : undefined;
  return followUp ? { ok: true, seq: done.event.seq, result: { followUp } } : requestIdReused();
}

export const followUpCommands = defineCommands<AdminClientEvents>()({
  'followup:assign': {
    schema: followUpAssignRequest,
    cost: 'staff',
    command: (req, c) => ({ type: 'followup.assign', followUpId: req.followUpId, to: req.to, by: c.by }),
    answer: followUpAnswer,
  },
  'followup:note': {
    schema: followUpNoteRequest,
    cost: 'staff',
    command: (req, c) => ({ type: 'followup.note', followUpId: req.followUpId, note: req.note, by: c.by }),
    answer: followUpAnswer,
  },
  'followup:resolve': {
    schema: followUpResolveRequest,
    cost: 'staff',
    command: (req, c) => ({ type: 'followup.resolve', followUpId: req.followUpId, outcome: req.outcome, note: req.note, by: c.by }),
    answer: followUpAnswer,
  },
  'followup:close': {
    schema: followUpCloseRequest,
    cost: 'staff',
    command: (req, c) => ({ type: 'followup.close', followUpId: req.followUpId, by: c.by }),
    answer: followUpAnswer,
  },
});
