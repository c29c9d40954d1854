/**
 * AB岗 per window (seed 004 §11), as a machine whose states are
 * STAFFING_STATUSES (domain/staffing.ts, with what each means).
 *
 * Every event first updates the context (who is here, who is away, who is on
 * duty), then an eventless "settle" step moves to the state the context
 * describes — one judgement (`judge`) instead of a transition table per pair,
 * so the states cannot drift from the facts. Only `escalated` is not a fact
 * of the context but of time: it is left for the state the facts describe,
 * never for `a_away` again.
 *
 * Guards refuse what the hall must never record: a take-over by someone who
 * is not signed in here or holds no post, a hand-over to a clerk who is not
 * here, opening by a clerk registered as away (sign in first: that records
 * the return) or while both posts are away, a reassignment that takes the
 * clerk on duty off their post, and ESCALATE before its deadline.
 *
 * Time comes in the events; no timers, so the record is plain JSON and steps
 * purely (`stepStaffing`). These steps go through xstate's `transition()`
 * (guards and `always` are outside step.ts's fast path); staffing events are
 * rare, so that costs nothing that matters.
 */
import { assign, setup } from 'xstate';
import { otherPostHere, STAFFING_STATUSES, type AbsenceReason, type Posts, type StaffingStatus, type WindowStaffing } from '../domain/staffing.ts';
import { stepRecord } from './step.ts';

type StaffingContext = Omit<WindowStaffing, 'status'>;

/**
 * `posts` on the clerk events is the window's posts when the hall decided
 * (assignment, else configuration); without it (logs older than this field)
 * the machine keeps the posts it last saw.
 */
export type StaffingMachineEvent =
  | { type: 'SIGN_IN'; at: number; clerkId: string; posts?: Posts | undefined }
  | {
      type: 'SIGN_OUT';
      at: number;
      clerkId: string;
      reason?: AbsenceReason | undefined;
      /** Who serves now; unset: the other post if signed in here, else nobody. */
      handedTo?: string | undefined;
      /** A single-post window's A leaving with a reason: when to escalate. */
      escalateAt?: number | undefined;
      posts?: Posts | undefined;
    }
  | { type: 'TAKE_OVER'; at: number; clerkId: string; posts?: Posts | undefined }
  /** The window opened by `clerkId`: they are on duty. */
  | { type: 'OPEN'; at: number; clerkId: string; posts?: Posts | undefined }
  | { type: 'ASSIGN'; at: number; posts: Posts }
  /** The hall's clock: a single-post window's A has been away past `escalateAt`. */
  | { type: 'ESCALATE'; at: number };

/**
 * What the context says the window's staffing is. `escalated` is never a
 * judgement: it is `a_away` plus the passing of time.
 *
 * Records are read defensively (`?? []`): step.ts's tests drive every machine
 * with made-up contexts and payloads, and the settle step must not throw.
 */
function judge(context: StaffingContext): Exclude<StaffingStatus, 'escalated'> {
  const posts = postsSeen(context);
  const absent = context.absent ?? {};
  if (context.onDuty !== undefined) {
    if (posts?.b === undefined || context.onDuty !== posts.b) return 'a_on_duty';
    return (context.present ?? []).includes(posts.a) ? 'b_on_duty' : 'b_covering';
  }
  if (!posts) return 'unstaffed';
  const aAway = Object.hasOwn(absent, posts.a);
  if (posts.b === undefined) return aAway ? 'a_away' : 'unstaffed';
  return aAway && Object.hasOwn(absent, posts.b) ? 'both_away' : 'unstaffed';
}

function postsSeen(context: StaffingContext): Posts | undefined {
  return context.windowPosts ?? context.posts;
}

function holdsPost(context: StaffingContext, clerkId: string | undefined): boolean {
  const posts = postsSeen(context);
  return clerkId !== undefined && posts !== undefined && (posts.a === clerkId || posts.b === clerkId);
}

const isHere = (context: StaffingContext, clerkId: string) => (context.present ?? []).includes(clerkId);

/** Posts from the event if it carries them (see StaffingMachineEvent). */
const seen = (context: StaffingContext, event: { posts?: Posts | undefined }) => event.posts ?? context.windowPosts;

/** Every state but `self` (and `escalated` never leaves for `a_away`), reached when the judgement says so. */
function settleFrom(self: StaffingStatus) {
  return STAFFING_STATUSES.filter((s) => s !== self && s !== 'escalated' && !(self === 'escalated' && s === 'a_away')).map((status) => ({
    guard: { type: 'judged' as const, params: { status } },
    target: status,
  }));
}

export const staffingMachine = setup({
  types: {
    context: {} as StaffingContext,
    events: {} as StaffingMachineEvent,
    input: {} as StaffingContext,
  },
  guards: {
    judged: ({ context }, params: { status: StaffingStatus }) => judge(context) === params.status,
    coverIsHere: ({ context, event }) =>
      event.type === 'SIGN_OUT' && (event.handedTo === undefined || (event.handedTo !== event.clerkId && isHere(context, event.handedTo))),
    mayTakeOver: ({ context, event }) => {
      if (event.type !== 'TAKE_OVER') return false;
      const after = { ...context, windowPosts: seen(context, event) };
      // Posts unknown only replaying a log from before events carried them: the decider checked the post then.
      const onPost = postsSeen(after) === undefined || holdsPost(after, event.clerkId);
      return isHere(after, event.clerkId) && onPost && context.onDuty !== event.clerkId;
    },
    openerNotAway: ({ context, event }) => event.type === 'OPEN' && !Object.hasOwn(context.absent ?? {}, event.clerkId),
    /** A clerk on duty who held a post keeps one; someone serving without a post (no posts known) is not "removed". */
    keepsOnDutyOnPost: ({ context, event }) => {
      if (event.type !== 'ASSIGN') return false;
      const onDuty = context.onDuty;
      if (onDuty === undefined || !holdsPost(context, onDuty)) return true;
      return event.posts?.a === onDuty || event.posts?.b === onDuty;
    },
    deadlinePassed: ({ context, event }) => event.type === 'ESCALATE' && context.escalateAt !== undefined && event.at >= context.escalateAt,
  },
  actions: {
    signIn: assign(({ context, event }) => {
      if (event.type !== 'SIGN_IN') return {};
      const present = context.present ?? [];
      const { [event.clerkId]: _back, ...absent } = context.absent ?? {};
      return {
        present: present.includes(event.clerkId) ? present : [...present, event.clerkId],
        absent,
        // The first clerk in serves; a later one stands by until taking over.
        onDuty: context.onDuty ?? event.clerkId,
        windowPosts: seen(context, event),
      };
    }),
    signOut: assign(({ context, event }) => {
      if (event.type !== 'SIGN_OUT') return {};
      const present = (context.present ?? []).filter((c) => c !== event.clerkId);
      const absent = event.reason ? { ...context.absent, [event.clerkId]: { reason: event.reason, since: event.at } } : (context.absent ?? {});
      const windowPosts = seen(context, event);
      const onDuty =
        context.onDuty === event.clerkId ? (event.handedTo ?? otherPostHere(windowPosts, event.clerkId, (c) => present.includes(c))) : context.onDuty;
      const next = { ...context, present, absent, onDuty, windowPosts };
      // A deadline only means something for an A away from a single-post window.
      return { present, absent, onDuty, windowPosts, escalateAt: judge(next) === 'a_away' ? (event.escalateAt ?? context.escalateAt) : context.escalateAt };
    }),
    takeOver: assign(({ context, event }) => (event.type === 'TAKE_OVER' ? { onDuty: event.clerkId, windowPosts: seen(context, event) } : {})),
    open: assign(({ context, event }) => (event.type === 'OPEN' ? { onDuty: event.clerkId, windowPosts: seen(context, event) } : {})),
    assignPosts: assign(({ event }) => (event.type === 'ASSIGN' ? { posts: event.posts, windowPosts: event.posts } : {})),
    /** A deadline belongs to one absence: any state but a_away/escalated drops it. */
    forgetDeadline: assign({ escalateAt: undefined }),
  },
}).createMachine({
  id: 'staffing',
  initial: 'unstaffed',
  context: ({ input }) => input,
  on: {
    SIGN_IN: { actions: 'signIn' },
    SIGN_OUT: { guard: 'coverIsHere', actions: 'signOut' },
    TAKE_OVER: { guard: 'mayTakeOver', actions: 'takeOver' },
    ASSIGN: { guard: 'keepsOnDutyOnPost', actions: 'assignPosts' },
  },
  states: {
    unstaffed: { entry: 'forgetDeadline', always: settleFrom('unstaffed'), on: { OPEN: { guard: 'openerNotAway', actions: 'open' } } },
    a_on_duty: { entry: 'forgetDeadline', always: settleFrom('a_on_duty'), on: { OPEN: { guard: 'openerNotAway', actions: 'open' } } },
    b_on_duty: { entry: 'forgetDeadline', always: settleFrom('b_on_duty'), on: { OPEN: { guard: 'openerNotAway', actions: 'open' } } },
    b_covering: { entry: 'forgetDeadline', always: settleFrom('b_covering'), on: { OPEN: { guard: 'openerNotAway', actions: 'open' } } },
    a_away: {
      always: settleFrom('a_away'),
      on: {
        OPEN: { guard: 'openerNotAway', actions: 'open' },
        ESCALATE: { guard: 'deadlinePassed', target: 'escalated' },
      },
    },
    escalated: { always: settleFrom('escalated'), on: { OPEN: { guard: 'openerNotAway', actions: 'open' } } },
    // The window cannot open: one of them signs in (back) first, or the supervisor reassigns a post.
    both_away: { entry: 'forgetDeadline', always: settleFrom('both_away') },
  },
});

export function initialStaffing(posts?: Posts): WindowStaffing {
  return { status: 'unstaffed', windowPosts: posts, absent: {}, present: [] };
}

/** The window's record, or a fresh one (created on first use). */
export function staffingRecordOf(staffing: Record<string, WindowStaffing>, window: number): WindowStaffing {
  return staffing[String(window)] ?? initialStaffing();
}

export function stepStaffing(record: WindowStaffing, event: StaffingMachineEvent): WindowStaffing | undefined {
  return stepRecord(staffingMachine, record, event);
}
