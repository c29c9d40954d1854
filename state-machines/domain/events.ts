/**
 * Hall events: the facts the log records. Every accepted command becomes
 * exactly one of these; the state is their fold. Events are never edited
 * (seed 004 §14: 不得事后补录). Add new kinds, never change an old one's meaning.
 */
import { z } from 'zod';
import { HALL_PHASES, PHASE_BOUNDARIES } from './hall-phase.ts';
import { PAUSE_REASONS } from './window.ts';
import { ABSENCE_REASONS } from './staffing.ts';
import { APPOINTMENT_CANCEL_REASONS, APPOINTMENT_CHANNELS } from './appointment.ts';
import { CANCEL_REASONS, GREEN_REASONS, TICKET_CLASSES } from './ticket.ts';
import { FOLLOW_UP_OUTCOMES, RATING_CHANNELS, RATING_LEVELS } from './rating.ts';
import { CASE_OUTCOMES, MISSING_MAX, REJECT_REASONS } from './case.ts';
import { GUIDE_TEXT_MAX } from './guide.ts';

const windowNumber = z.number().int().min(1).max(999);
const clerkId = z.string().min(1).max(40);
const ticketId = z.string();
const note = z.string().max(200).optional();
const deskText = z.string().max(GUIDE_TEXT_MAX);
/** The window's posts when the hall decided (AB岗): the fold judges the staffing state by them without reading the configuration. */
const posts = z.object({ a: clerkId, b: clerkId.optional() });
/** Why "call next" chose this ticket (audit and the fairness checks in tests). */
export const CALL_RULES = ['priority', 'first_come', 'overdue_walk_in', 'streak_walk_in', 'named_window', 'by_number', 'resumed'] as const;
export type CallRule = (typeof CALL_RULES)[number];

export const hallEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('ticket.issued'),
    ticketId: z.string(),
    number: z.string(),
    queueId: z.string(),
    itemId: z.string().optional(),
    class: z.enum(TICKET_CLASSES),
    priorityReason: z.enum(GREEN_REASONS).optional(),
    serviceDay: z.string(),
    sequence: z.number().int().positive(),
    deviceId: z.string(),
    /** 出件: the ticket was taken at a kiosk for this ready case (its id; README § Cases). Public screens receive it without. */
    caseId: z.string().optional(),
  }),
  z.object({ type: z.literal('clerk.signed_in'), clerkId, window: windowNumber, posts: posts.optional() }),
  /**
   * Signed out; with a reason the clerk is away (离岗) and `handedTo` is the other post now serving (AB岗).
   * `escalateAt`: A of a single-post window left with a reason — when the supervisor must be alerted.
   */
  z.object({
    type: z.literal('clerk.signed_out'),
    clerkId,
    window: windowNumber,
    reason: z.enum(ABSENCE_REASONS).optional(),
    handedTo: clerkId.optional(),
    escalateAt: z.number().int().optional(),
    posts: posts.optional(),
  }),
  /** The other post takes over the window (A back from a meeting, B stepping in). */
  z.object({ type: z.literal('post.taken_over'), clerkId, window: windowNumber, from: clerkId.optional(), posts: posts.optional() }),
  /** The supervisor sets who holds post A or B of a window. */
  z.object({
    type: z.literal('post.assigned'),
    window: windowNumber,
    post: z.enum(['a', 'b']),
    clerkId,
    actor: z.string(),
    /** Both posts after the change (the fold does not read the configuration). */
    posts,
  }),
  /** The hall's clock: A of a single-post window (`clerkId`) has been away past the deadline; the supervisor must assign a substitute. */
  z.object({ type: z.literal('post.escalated'), window: windowNumber, clerkId }),
  z.object({ type: z.literal('window.opened'), clerkId, window: windowNumber, posts: posts.optional() }),
  /**
   * Closed. After the hall's closing time (延时服务) it carries the extended minutes of the clerk who
   * served, and — when tickets were still waiting that only this window serves — the supervisor's approval.
   */
  z.object({
    type: z.literal('window.closed'),
    clerkId,
    window: windowNumber,
    extendedMs: z.number().int().min(0).optional(),
    approvedBy: clerkId.optional(),
    reason: z.string().max(200).optional(),
  }),
  /** 暂停服务. The log always has the reason; public screens receive the event without reason and note (projection.ts). */
  z.object({ type: z.literal('window.paused'), clerkId, window: windowNumber, reason: z.enum(PAUSE_REASONS).optional(), note }),
  z.object({ type: z.literal('window.resumed'), clerkId, window: windowNumber, pausedMs: z.number().int().min(0).optional() }),
  z.object({ type: z.literal('ticket.called'), ticketId, clerkId, window: windowNumber, rule: z.enum(CALL_RULES).optional() }),
  /** 重呼: the same ticket announced again at the same window. */
  z.object({ type: z.literal('ticket.recalled'), ticketId, clerkId, window: windowNumber, callCount: z.number().int() }),
  /** The visitor reached the counter: service time starts here (called → serving). */
  z.object({ type: z.literal('ticket.serving_started'), ticketId, clerkId, window: windowNumber }),
  /** 办结. The figures are what the reports need, fixed at the moment of completion. */
  z.object({
    type: z.literal('ticket.completed'),
    ticketId,
    clerkId,
    window: windowNumber,
    waitMs: z.number().int().min(0).optional(),
    serviceMs: z.number().int().min(0).optional(),
    parkedMs: z.number().int().min(0).optional(),
    /** 好差评 invited (the hall file has `ratings`): until when the window's devices and the phone may rate. */
    rating: z.object({ windowUntil: z.number().int(), phoneUntil: z.number().int() }).optional(),
  }),
  /** 过号: called, recalled, and not come within the grace. */
  z.object({ type: z.literal('ticket.no_show'), ticketId, clerkId, window: windowNumber, calls: z.number().int() }),
  /** 过号重排: the visitor came back; placed `behind` tickets back in the line (lineKey fixes the place). */
  z.object({ type: z.literal('ticket.requeued'), ticketId, actor: z.string(), lineKey: z.number(), behind: z.number().int().min(0) }),
  /** 转办 (首问负责): to another queue and/or a named window, keeping the original place in line. */
  z.object({
    type: z.literal('ticket.transferred'),
    ticketId,
    clerkId,
    window: windowNumber,
    fromQueueId: z.string(),
    toQueueId: z.string(),
    toWindow: windowNumber.optional(),
    note,
  }),
  /** 挂起: the visitor went to fetch a missing paper; the counter is free meanwhile. */
  z.object({ type: z.literal('ticket.parked'), ticketId, clerkId, window: windowNumber, note }),
  /** Back from 挂起 at any window of the queue, called straight to the counter. */
  z.object({ type: z.literal('ticket.resumed'), ticketId, clerkId, window: windowNumber, parkedMs: z.number().int().min(0) }),
  /** 作废 with a reason. */
  z.object({ type: z.literal('ticket.cancelled'), ticketId, actor: z.string(), window: windowNumber.optional(), reason: z.enum(CANCEL_REASONS), note }),
  /** Staff move a waiting ticket into the green channel (绿色通道). */
  z.object({ type: z.literal('ticket.prioritised'), ticketId, actor: z.string(), reason: z.enum(GREEN_REASONS) }),
  /**
   * 预约: a slot booked. Only masked name/phone and a keyed hash of the phone
   * are recorded; `code`, the masks and `personKey` are stripped from what
   * public screens receive (projection.ts), hence optional here.
   */
  z.object({
    type: z.literal('appointment.booked'),
    appointmentId: z.string(),
    code: z.string().optional(),
    queueId: z.string(),
    itemId: z.string().optional(),
    slotStart: z.number().int(),
    slotMinutes: z.number().int().positive(),
    day: z.string(),
    channel: z.enum(APPOINTMENT_CHANNELS),
    bookedBy: z.string(),
    nameMasked: z.string().optional(),
    phoneMasked: z.string().optional(),
    personKey: z.string().optional(),
  }),
  /** Cancelled by the visitor (any time before check-in) or by the hall (with notice). */
  z.object({
    type: z.literal('appointment.cancelled'),
    appointmentId: z.string(),
    by: z.enum(['visitor', 'hall']),
    actor: z.string(),
    reason: z.enum(APPOINTMENT_CANCEL_REASONS),
  }),
  /**
   * Checked in at a kiosk: the appointment and its priority ticket in one
   * event (class 'appointment', line place = the slot start).
   */
  z.object({
    type: z.literal('appointment.checked_in'),
    appointmentId: z.string(),
    ticketId: z.string(),
    number: z.string(),
    queueId: z.string(),
    itemId: z.string().optional(),
    serviceDay: z.string(),
    sequence: z.number().int().positive(),
    deviceId: z.string(),
    lineKey: z.number(),
  }),
  /** 爽约: the check-in window closed (slot start + checkInLateMinutes, `due`) with the booking not checked in. Logged by the hall's clock. */
  z.object({ type: z.literal('appointment.forfeited'), appointmentId: z.string(), due: z.number() }),
  /**
   * The hall's day moved on (hall-phase machine): a calendar boundary came due (`due`, which may be
   * earlier than the log time `at` after a restart), the last ticket of extended service was served,
   * or the phase was synced to the calendar (first start, changed hall file, long downtime).
   */
  z.object({
    type: z.literal('hall.phase_changed'),
    boundary: z.enum([...PHASE_BOUNDARIES, 'sync', 'last_served']),
    due: z.number(),
    /** The phase the hall is in afterwards (the fold checks the machine agrees). */
    phase: z.enum(HALL_PHASES).exclude(['unsynced']),
    next: z.object({ at: z.number(), boundary: z.enum(PHASE_BOUNDARIES) }).optional(),
    openDay: z.boolean().optional(),
    ticketsLeft: z.number().int().min(0).optional(),
    calendar: z.string().optional(),
    extendedFrom: z.number().optional(),
    /** last_served: how long the hall ran past closing time (延时服务时长). */
    extendedMs: z.number().int().min(0).optional(),
  }),
  /**
   * The hall file no longer has a calendar (a demo hall started without --real-hours after a day
   * with it): the hall issues at any time again, so the phase the calendar left behind (say
   * 已闭厅) must not stay on the wall. Logged by the hall's clock.
   */
  z.object({ type: z.literal('hall.calendar_removed'), due: z.number() }),
  /**
   * 好差评: a service rated (one per ticket's 办结). Where and by whom it was served comes from the
   * rating's record; nothing personal. Only the supervisor's desk receives the level, reasons, text,
   * secondary items and the follow-up (projection.ts) — hence optional here.
   */
  z.object({
    type: z.literal('rating.given'),
    ticketId,
    window: windowNumber,
    clerkId,
    queueId: z.string(),
    itemId: z.string().optional(),
    channel: z.enum(RATING_CHANNELS),
    level: z.literal(RATING_LEVELS).optional(),
    reasons: z.array(z.string().max(40)).optional(),
    text: z.string().max(200).optional(),
    secondary: z.array(z.object({ id: z.string(), level: z.literal(RATING_LEVELS) })).optional(),
    /** 不满意 or below: a 差评 follow-up is opened, to be closed by the end of `dueDay`. */
    followUp: z.object({ dueDay: z.string() }).optional(),
  }),
  /** 未评价: nobody rated the service in time (logged by the hall's clock at `due`). */
  z.object({ type: z.literal('rating.expired'), ticketId, due: z.number() }),
  /** 差评整改 steps, on the supervisor's desk (`followUpId` is the rated ticket's id). Notes reach the supervisor only. */
  z.object({ type: z.literal('followup.assigned'), followUpId: z.string(), to: clerkId, actor: z.string() }),
  z.object({ type: z.literal('followup.noted'), followUpId: z.string(), note: z.string().max(200).optional(), actor: z.string() }),
  z.object({ type: z.literal('followup.resolved'), followUpId: z.string(), outcome: z.enum(FOLLOW_UP_OUTCOMES), note, actor: z.string() }),
  z.object({ type: z.literal('followup.closed'), followUpId: z.string(), actor: z.string() }),
  /**
   * 办件登记 (README § Cases): the case of a service completed at `window`, recorded by the clerk who
   * served it. Days are the hall's (YYYY-MM-DD), counted in its working days when recorded. Public
   * screens receive it sealed (no case: projection.ts).
   */
  z.object({
    type: z.literal('case.recorded'),
    ticketId,
    window: windowNumber,
    clerkId,
    queueId: z.string(),
    itemId: z.string().optional(),
    outcome: z.enum(CASE_OUTCOMES),
    receiptNo: z.string().max(32).optional(),
    promisedDay: z.string().optional(),
    materialsDueDay: z.string().optional(),
    missing: z.array(z.string().max(120)).max(MISSING_MAX).optional(),
    reason: z.enum(REJECT_REASONS).optional(),
    note,
  }),
  /**
   * 导办台 (README § The guide desk). 首问负责: help given by `guideId` (a guide, or anyone asked first), with to whom
   * the visitor was handed. Staff only: public screens receive it sealed.
   */
  z.object({
    type: z.literal('guide.helped'),
    helpId: z.string(),
    serviceDay: z.string(),
    guideId: clerkId,
    itemId: z.string().optional(),
    question: deskText,
    answer: deskText,
    handedToWindow: windowNumber.optional(),
    handedToPerson: z.string().max(40).optional(),
  }),
  /** 咨询: the enquiry of a consultation ticket completed at `window`, recorded at 办结 instead of a case. Staff only. */
  z.object({
    type: z.literal('enquiry.recorded'),
    ticketId,
    window: windowNumber,
    clerkId,
    queueId: z.string(),
    itemId: z.string().optional(),
    topic: deskText,
    answer: deskText,
  }),
  /**
   * 办不成事反映: filed at the guide desk, due by `dueDay` (the hall's working days). Name and phone are masked
   * before the command is decided: the log never holds them. The supervisor's alone (projection.ts).
   */
  z.object({
    type: z.literal('complaint.filed'),
    complaintId: z.string(),
    serviceDay: z.string(),
    guideId: clerkId,
    itemId: z.string().optional(),
    what: deskText,
    nameMasked: z.string().max(20).optional(),
    phoneMasked: z.string().max(20).optional(),
    dueDay: z.string(),
  }),
  z.object({ type: z.literal('complaint.taken'), complaintId: z.string(), actor: z.string() }),
  z.object({ type: z.literal('complaint.resolved'), complaintId: z.string(), reply: deskText, actor: z.string() }),
  /**
   * The case's later steps (machines/case-machine.ts; README § Cases), staff business like case.recorded: public
   * screens receive each sealed. `actor` is the clerk's 工号 or `channel:<id>` (the department's system, REST).
   */
  z.object({ type: z.literal('case.materials_received'), caseId: z.string(), window: windowNumber, clerkId }),
  z.object({ type: z.literal('case.ready'), caseId: z.string(), actor: z.string() }),
  /** 免费邮寄 chosen at acceptance: masks only — the full name, phone and address stay in hall.sqlite (server/hall/case-desk.ts). */
  z.object({
    type: z.literal('case.delivery_chosen'),
    caseId: z.string(),
    window: windowNumber,
    clerkId,
    nameMasked: z.string().max(40),
    phoneMasked: z.string().max(20),
    addressMasked: z.string().max(20),
  }),
  z.object({ type: z.literal('case.picked_up'), caseId: z.string(), window: windowNumber, clerkId }),
  z.object({ type: z.literal('case.mailed'), caseId: z.string(), window: windowNumber, clerkId, waybillNo: z.string().max(20) }),
  /**
   * 双机热备 (README § Standby): `server` (its name in the hall's set-up) holds the hall from here at `term`; it had
   * the primary's log up to `lastFromPrimary`. Every later event of the log is this server's.
   */
  z.object({
    type: z.literal('hall.taken_over'),
    term: z.number().int().positive(),
    server: z.string().max(40),
    lastFromPrimary: z.number().int().nonnegative(),
  }),
]);

export type HallEvent = z.infer<typeof hallEventSchema>;
export type HallEventType = HallEvent['type'];

/** An event as stored and broadcast: its place in the log and when it happened. */
export interface LoggedEvent<E extends HallEvent = HallEvent> {
  seq: number;
  /** Milliseconds since the epoch, taken by the server when it accepted the command. */
  at: number;
  event: E;
}
