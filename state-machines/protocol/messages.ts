/**
 * Inbound payloads, one zod schema per command. The server `safeParse`s every
 * payload against these before anything else happens; the front ends use the
 * inferred types to build requests.
 *
 * Every command carries a client `requestId` (a UUID or similar the client
 * makes once per intent). A retried command with the same id returns the first
 * answer and never acts twice — a kiosk that lost the ack of "take ticket"
 * does not print two tickets.
 */
import { z } from 'zod';
import { APPOINTMENT_ID_PATTERN, MOBILE_PATTERN, PERSON_NAME_PATTERN, STAFF_CANCEL_REASONS } from '../domain/appointment.ts';
import { configId } from '../domain/ids.ts';
import { ABSENCE_REASONS } from '../domain/staffing.ts';
import { CANCEL_REASONS, GREEN_REASONS, TICKET_ID_PATTERN } from '../domain/ticket.ts';
import { PAUSE_REASONS } from '../domain/window.ts';
import { FOLLOW_UP_OUTCOMES, RATING_LEVELS } from '../domain/rating.ts';
import { ADDRESS_MAX, CASE_OUTCOMES, MISSING_MAX, REJECT_REASONS } from '../domain/case.ts';
import { GUIDE_TEXT_MAX } from '../domain/guide.ts';
import { WEEKDAYS } from '../planning/planner.ts';
import { REPORT_GROUPS } from '../reports/report.ts';

export const requestId = z
  .string()
  .min(8)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - or _');
const windowNumber = z.number().int().min(1).max(999);

/**
 * Ids as the hall makes them, checked before anything else: a ticket id is
 * `YYYY-MM-DD/A013`, an appointment id `appt-<n>`, a queue, item or staff id
 * the hall file's (never `__proto__`, `constructor`, …: see domain/ids.ts).
 */
export const ticketId = z.string().regex(TICKET_ID_PATTERN, 'a ticket id: YYYY-MM-DD/A013');
const queueId = configId;
const itemId = configId;
const staffId = configId;
const appointmentId = z.string().regex(APPOINTMENT_ID_PATTERN, 'an appointment id: appt-<n>');
/** Staff notes (转办说明, 挂起原因): short, one line, no control characters. */
const note = z
  .string()
  .trim()
  .min(1)
  .max(200)
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  .regex(/^[^\u0000-\u001f\u007f]*$/, 'no control characters')
  .optional();

export const takeTicketRequest = z.strictObject({
  requestId,
  queueId,
  itemId: itemId.optional(),
  /** 绿色通道 chosen on the kiosk (elderly, disabled, pregnant, military, urgent): the reason is required. */
  greenChannel: z.enum(GREEN_REASONS).optional(),
});
export type TakeTicketRequest = z.infer<typeof takeTicketRequest>;

export const windowCommandRequest = z.strictObject({ requestId, window: windowNumber });
export type WindowCommandRequest = z.infer<typeof windowCommandRequest>;

/** Any action on one ticket at the clerk's window: start, complete, recall, 过号, 挂起 resume, 指呼. */
export const completeTicketRequest = z.strictObject({ requestId, window: windowNumber, ticketId });
export type CompleteTicketRequest = z.infer<typeof completeTicketRequest>;
export const ticketActionRequest = completeTicketRequest;
export type TicketActionRequest = CompleteTicketRequest;

/** 转办 (首问负责): to another queue, a named window, or both, with a note for the next clerk. */
export const transferTicketRequest = z
  .strictObject({ requestId, window: windowNumber, ticketId, toQueueId: queueId.optional(), toWindow: windowNumber.optional(), note })
  .refine((r) => r.toQueueId !== undefined || r.toWindow !== undefined, { message: 'name a queue or a window', path: ['toQueueId'] });
export type TransferTicketRequest = z.infer<typeof transferTicketRequest>;

export const parkTicketRequest = z.strictObject({ requestId, window: windowNumber, ticketId, note });
export type ParkTicketRequest = z.infer<typeof parkTicketRequest>;

/** A missing paper as the clerk names it (容缺, 不予受理): one line, no control characters. */
const missingPaper = z
  .string()
  .trim()
  .min(1)
  .max(120)
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  .regex(/^[^\u0000-\u001f\u007f]*$/, 'no control characters');

/**
 * 办件登记 at 办结 (README § Cases): the case of a ticket completed at the clerk's window. The 办件编号 is
 * checked by the decider (format, once while open) so its refusal has words; missing papers are short lines.
 */
export const recordCaseRequest = z.strictObject({
  requestId,
  window: windowNumber,
  ticketId,
  outcome: z.enum(CASE_OUTCOMES),
  receiptNo: z.string().trim().max(32).optional(),
  reason: z.enum(REJECT_REASONS).optional(),
  missing: z.array(missingPaper).max(MISSING_MAX).optional(),
  note,
});
export type RecordCaseRequest = z.infer<typeof recordCaseRequest>;

/** 作废 with a reason; `window` is the clerk's own window (absent for a supervisor). */
export const cancelTicketRequest = z.strictObject({ requestId, window: windowNumber.optional(), ticketId, reason: z.enum(CANCEL_REASONS), note });
export type CancelTicketRequest = z.infer<typeof cancelTicketRequest>;

/** 过号重排 when the visitor comes back. */
export const requeueTicketRequest = z.strictObject({ requestId, window: windowNumber.optional(), ticketId });
export type RequeueTicketRequest = z.infer<typeof requeueTicketRequest>;

/** Staff move a waiting ticket into the green channel. */
export const prioritiseTicketRequest = z.strictObject({ requestId, window: windowNumber.optional(), ticketId, reason: z.enum(GREEN_REASONS) });
export type PrioritiseTicketRequest = z.infer<typeof prioritiseTicketRequest>;

export const pauseWindowRequest = z.strictObject({ requestId, window: windowNumber, reason: z.enum(PAUSE_REASONS), note });
export type PauseWindowRequest = z.infer<typeof pauseWindowRequest>;

export const syncSinceRequest = z.strictObject({ lastSeq: z.number().int().min(0) });
export type SyncSinceRequest = z.infer<typeof syncSinceRequest>;

/** POST /api/session — a clerk signs in to a window with 工号 + PIN. */
export const loginRequest = z.strictObject({
  staffId: z.string().min(1).max(40),
  pin: z.string().regex(/^\d{4,12}$/, '4–12 digits'),
  window: windowNumber.optional(),
});
export type LoginRequest = z.infer<typeof loginRequest>;

/** 201 answer to POST /api/session: the bearer token for the sockets and DELETE /api/session. */
export interface LoginResponse {
  token: string;
  staff: { id: string; name: string; role: 'clerk' | 'supervisor' | 'guide' };
  /** The window a clerk signed in to; null for a supervisor. */
  window: number | null;
  expiresAt: number;
}

/** DELETE /api/session body (optional): why the clerk leaves the window (离岗事由, AB岗). */
export const signOutRequest = z.strictObject({ reason: z.enum(ABSENCE_REASONS).optional() });

/** The supervisor sets who holds post A or B of a window. */
export const assignPostRequest = z.strictObject({ requestId, window: windowNumber, post: z.enum(['a', 'b']), clerkId: staffId });
export type AssignPostRequest = z.infer<typeof assignPostRequest>;

/** The supervisor closes a window during extended service although tickets wait that only it serves. */
export const approveCloseRequest = z.strictObject({ requestId, window: windowNumber, reason: z.string().trim().min(2).max(200) });
export type ApproveCloseRequest = z.infer<typeof approveCloseRequest>;

/** Handshake `auth` sent by every socket. */
export const handshakeAuth = z.object({
  protocol: z.number().int(),
  /** Device token (kiosk, display) or session token (window panel, admin). */
  token: z.string().min(1).max(200),
  lastSeq: z.number().int().min(0).optional(),
});

/** 预约 (appointments). A name: 1–20 letters (Chinese, Latin, ·), nothing else. */
const personName = z.string().trim().min(1).max(20).regex(PERSON_NAME_PATTERN, 'letters only');
/** A mainland mobile number: 11 digits starting with 1. */
const mobile = z.string().regex(MOBILE_PATTERN, '11-digit mobile number');
/** Booking code: 8 digits (typed on the kiosk's number pad, or read from the QR). */
export const appointmentCode = z.string().regex(/^\d{8}$/, '8 digits');

export const bookAppointmentRequest = z.strictObject({
  requestId,
  queueId,
  itemId: itemId.optional(),
  /** Slot start, ms since the epoch (from the slot list). */
  slotStart: z.number().int().min(0),
  name: personName,
  phone: mobile,
  /** Staff (phone booking) only: the clerk's own window. */
  window: windowNumber.optional(),
});
export type BookAppointmentRequest = z.infer<typeof bookAppointmentRequest>;

export const appointmentSlotsRequest = z.strictObject({ queueId });
export type AppointmentSlotsRequest = z.infer<typeof appointmentSlotsRequest>;

/** Check in or cancel with the booking code (the visitor). */
export const appointmentCodeRequest = z.strictObject({ requestId, code: appointmentCode });
export type AppointmentCodeRequest = z.infer<typeof appointmentCodeRequest>;

/** The hall cancels a booking (with notice): staff, by appointment id. */
export const hallCancelAppointmentRequest = z.strictObject({
  requestId,
  window: windowNumber.optional(),
  appointmentId,
  reason: z.enum(STAFF_CANCEL_REASONS),
});
export type HallCancelAppointmentRequest = z.infer<typeof hallCancelAppointmentRequest>;

/**
 * 设备配对 (device pairing, server/devices/device-pairing.ts). A kiosk or
 * display without a working token asks for a pairing code over HTTP, shows
 * it, and polls with its secret; a supervisor enters the code on the desk and
 * chooses which configured device it becomes.
 */
export const PAIRING_KINDS = ['kiosk', 'display'] as const;
export type PairingKind = (typeof PAIRING_KINDS)[number];
export const pairingCode = z.string().regex(/^\d{6}$/, '6 digits');
const pairingId = z.string().regex(/^[A-Za-z0-9_-]{8,40}$/, 'a pairing id');

/** POST /api/pairings body. */
export const pairingRequest = z.strictObject({ kind: z.enum(PAIRING_KINDS) });

/** 201 answer to POST /api/pairings: the code to show, and the secret only this device holds. */
export interface PairingTicket {
  id: string;
  code: string;
  /** Sent as `Authorization: Bearer <pollSecret>` to GET /api/pairings/<id>. */
  pollSecret: string;
  expiresAt: number;
  /** How often to ask. */
  pollSeconds: number;
}

/** 200 answer to GET /api/pairings/<id>: still waiting, or approved with the device's new token. */
export type PairingStatus = { status: 'pending'; expiresAt: number } | { status: 'approved'; token: string; deviceId: string; deviceName: string };

/** /admin: the pending pairing that shows this code. */
export const pairingLookupRequest = z.strictObject({ code: pairingCode });
export type PairingLookupRequest = z.infer<typeof pairingLookupRequest>;

/** /admin: approve a pending pairing as one configured device of its kind. */
export const pairingApproveRequest = z.strictObject({ requestId, pairingId, deviceId: z.string().min(1).max(40) });
export type PairingApproveRequest = z.infer<typeof pairingApproveRequest>;

/** /admin: revoke a paired device's credential; its sockets are disconnected at once. */
export const credentialRevokeRequest = z.strictObject({ requestId, credentialId: pairingId });
export type CredentialRevokeRequest = z.infer<typeof credentialRevokeRequest>;

/** /admin: lift the sign-in delay of one address (server/auth/login-guard.ts). */
export const unblockAddressRequest = z.strictObject({ requestId, address: z.string().regex(/^[0-9A-Za-z:._%-]{1,64}$/, 'an IP address') });
export type UnblockAddressRequest = z.infer<typeof unblockAddressRequest>;

// ── 好差评 and 差评 follow-ups ──────────────────────────────────────────────

const ratingLevel = z.literal(RATING_LEVELS);
/** A visitor's short text (差评 only): one paragraph, no control characters. */
const visitorText = z
  .string()
  .trim()
  .max(200)
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  .regex(/^[^\u0000-\u001f\u007f]*$/, 'no control characters')
  .optional();

/** What the visitor chose: a level (no default), for 不满意 and below reasons and text, and optional secondary items. */
export const ratingChoice = z.strictObject({
  level: ratingLevel,
  reasons: z.array(configId).max(12).optional(),
  text: visitorText,
  secondary: z
    .array(z.strictObject({ id: configId, level: ratingLevel }))
    .max(6)
    .optional(),
});
export type RatingChoice = z.infer<typeof ratingChoice>;

/** The rating tablet facing the visitor (a display bound to a window): rate the service just completed there. */
export const rateServiceRequest = z.strictObject({ requestId, ticketId, ...ratingChoice.shape });
export type RateServiceRequest = z.infer<typeof rateServiceRequest>;

const followUpId = ticketId;
export const followUpAssignRequest = z.strictObject({ requestId, followUpId, to: staffId });
export type FollowUpAssignRequest = z.infer<typeof followUpAssignRequest>;
export const followUpNoteRequest = z.strictObject({ requestId, followUpId, note: note.unwrap() });
export type FollowUpNoteRequest = z.infer<typeof followUpNoteRequest>;
export const followUpResolveRequest = z.strictObject({ requestId, followUpId, outcome: z.enum(FOLLOW_UP_OUTCOMES), note });
export type FollowUpResolveRequest = z.infer<typeof followUpResolveRequest>;
export const followUpCloseRequest = z.strictObject({ requestId, followUpId });
export type FollowUpCloseRequest = z.infer<typeof followUpCloseRequest>;

/**
 * 窗口测算 (supervisors): the recommended windows per queue and half-hour for a weekday. The target and the weeks of
 * history default to the hall file's `planning`; a supervisor may try another target without editing the file.
 */
export const planningQueryRequest = z.strictObject({
  requestId,
  weekday: z.enum(WEEKDAYS),
  share: z.number().min(0.5).max(0.99).optional(),
  withinMinutes: z.number().int().min(1).max(240).optional(),
  weeks: z.number().int().min(1).max(12).optional(),
});
export type PlanningQueryRequest = z.infer<typeof planningQueryRequest>;
// ── 统计报表 ─────────────────────────────────────────────────────────────────

/** /admin: a report over whole service days (both included; range.ts checks order and length). */
export const reportQueryRequest = z.strictObject({
  from: z.string().max(10),
  to: z.string().max(10),
  groupBy: z.enum(REPORT_GROUPS),
});
export type ReportQueryRequest = z.infer<typeof reportQueryRequest>;

// ── 导办台 (README § The guide desk) ─────────────────────────────────────────

/** What people type at the desk: one line, no control characters, at most GUIDE_TEXT_MAX. */
const deskText = z
  .string()
  .trim()
  .min(1)
  .max(GUIDE_TEXT_MAX)
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  .regex(/^[^\u0000-\u001f\u007f]*$/, 'no control characters');

/** /guide: 首问负责 — the help given: the item (if one), the question, the answer, and to whom the visitor was handed (a window or a person). */
export const guideHelpRequest = z.strictObject({
  requestId,
  itemId: itemId.optional(),
  question: deskText,
  answer: deskText,
  handedToWindow: windowNumber.optional(),
  handedToPerson: z.string().trim().min(1).max(40).optional(),
});
export type GuideHelpRequest = z.infer<typeof guideHelpRequest>;

/** /guide: 帮办 — a ticket taken on a visitor's behalf (no green channel: that is the kiosk's and the counter's). */
export const guideTakeTicketRequest = z.strictObject({ requestId, queueId, itemId: itemId.optional() });
export type GuideTakeTicketRequest = z.infer<typeof guideTakeTicketRequest>;

/** /guide: 办不成事反映 — what, the item, and who (name and phone optional; masked by the server before anything is decided). */
export const fileComplaintRequest = z.strictObject({
  requestId,
  itemId: itemId.optional(),
  what: deskText,
  name: personName.optional(),
  phone: mobile.optional(),
});
export type FileComplaintRequest = z.infer<typeof fileComplaintRequest>;

const complaintId = z.string().regex(/^TS\d{8}-\d{1,6}$/, 'a complaint id: TS20261130-1');
/** /admin: take a complaint on (处理中). */
export const takeComplaintRequest = z.strictObject({ requestId, complaintId });
export type TakeComplaintRequest = z.infer<typeof takeComplaintRequest>;
/** /admin: answer a complaint (办理结果). */
export const resolveComplaintRequest = z.strictObject({ requestId, complaintId, reply: deskText });
export type ResolveComplaintRequest = z.infer<typeof resolveComplaintRequest>;

/** /window: 咨询 — at 办结 of a consultation ticket, the topic (or item) and the answer given, instead of a case. */
export const recordEnquiryRequest = z.strictObject({ requestId, window: windowNumber, ticketId, itemId: itemId.optional(), topic: deskText, answer: deskText });
export type RecordEnquiryRequest = z.infer<typeof recordEnquiryRequest>;
/**
 * 办件 after 办结 (README § Cases): 办结待取 by 办件编号 (the clerk's back office; the department's system uses REST),
 * papers brought (容缺), 免费邮寄 chosen with the recipient (seen by the case desk only, stored outside the log),
 * 已取件 at a 出件 window, 已寄出 with the waybill at an EMS window, and a 出件 ticket taken at a kiosk by 办件编号.
 * 办件编号 and waybills are checked by the deciders (their refusals have words).
 */
const receiptNo = z.string().trim().min(1).max(40);
const caseId = z.string().min(1).max(40);
export const markCaseReadyRequest = z.strictObject({ requestId, window: windowNumber, receiptNo });
export type MarkCaseReadyRequest = z.infer<typeof markCaseReadyRequest>;
export const caseStepRequest = z.strictObject({ requestId, window: windowNumber, caseId });
export type CaseStepRequest = z.infer<typeof caseStepRequest>;
export const mailCaseRequest = z.strictObject({ requestId, window: windowNumber, caseId, waybillNo: z.string().trim().min(1).max(30) });
export type MailCaseRequest = z.infer<typeof mailCaseRequest>;
export const chooseDeliveryRequest = z.strictObject({
  requestId,
  window: windowNumber,
  caseId,
  name: personName,
  phone: mobile,
  address: z
    .string()
    .trim()
    .min(6)
    .max(ADDRESS_MAX)
    // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
    .regex(/^[^\u0000-\u001f\u007f]*$/, 'no control characters'),
});
export type ChooseDeliveryRequest = z.infer<typeof chooseDeliveryRequest>;
export const emsAddressesRequest = z.strictObject({ window: windowNumber });
export type EmsAddressesRequest = z.infer<typeof emsAddressesRequest>;
export const pickupTicketRequest = z.strictObject({ requestId, receiptNo });
export type PickupTicketRequest = z.infer<typeof pickupTicketRequest>;
// ── 一次性告知 at the window ──────────────────────────────────────────────────

/**
 * 打印一次性告知 on the window's counter printer: the notice of an item or a 一件事 bundle. With `ticketId`,
 * the slip for a visitor turned away (不予受理): the item is the ticket's and the papers marked missing
 * are the ones the recorded case lists — read by the server from the case, never sent by the panel.
 */
export const printNoticeRequest = z.strictObject({ requestId, window: windowNumber, itemId: itemId.optional(), ticketId: ticketId.optional() });
export type PrintNoticeRequest = z.infer<typeof printNoticeRequest>;
