/**
 * Commands on windows and their posts: the clerk opens, pauses, resumes and
 * closes their own window and takes over from the other post (AB岗); the
 * supervisor assigns posts and approves closing during extended service.
 * Each is answered with the seq of its event and no result.
 */
import {
  approveCloseRequest,
  assignPostRequest,
  pauseWindowRequest,
  windowCommandRequest,
  type WindowCommandRequest,
} from '../../../state-machines/protocol/messages.ts';
import type { Ack, AdminClientEvents, WindowClientEvents } from '../../../state-machines/protocol/socket-events.ts';
import type { Accepted } from '../../hall/hall-service.ts';
import { defineCommands, type HallEntry } from '../registry.ts';

/** Accepted: the event's seq, nothing more to say. */
const done = (accepted: Accepted): Ack<null> => ({ ok: true, seq: accepted.event.seq, result: null });

/** A command on the clerk's own window that carries nothing but the window. */
function atWindow(type: 'window.open' | 'window.close' | 'window.resume' | 'post.take_over'): HallEntry<WindowCommandRequest, null> {
  return {
    schema: windowCommandRequest,
    scope: 'own-window',
    cost: 'staff',
    command: (req, c) => ({ type, clerkId: c.staffId, window: req.window }),
    answer: done,
  };
}

export const clerkWindowCommands = defineCommands<WindowClientEvents>()({
  'window:open': atWindow('window.open'),
  'window:close': atWindow('window.close'),
  'window:resume': atWindow('window.resume'),
  'post:take-over': atWindow('post.take_over'),
  'window:pause': {
    schema: pauseWindowRequest,
    scope: 'own-window',
    cost: 'staff',
    command: (req, c) => ({ type: 'window.pause', clerkId: c.staffId, window: req.window, reason: req.reason, note: req.note }),
    answer: done,
  },
});

export const supervisorWindowCommands = defineCommands<AdminClientEvents>()({
  'post:assign': {
    schema: assignPostRequest,
    cost: 'staff',
    command: (req, c) => ({ type: 'post.assign', window: req.window, post: req.post, clerkId: req.clerkId, by: c.by }),
    answer: done,
  },
  'window:close-approved': {
    schema: approveCloseRequest,
    cost: 'staff',
    command: (req, c) => ({ type: 'window.close_approved', window: req.window, by: c.by, reason: req.reason }),
    answer: done,
  },
});
