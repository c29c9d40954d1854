/**
 * The hall's commands: what a kiosk, a clerk, the supervisor or the hall's
 * clock asks for. Each is decided by the decider of its type (decide.ts maps
 * every type to one); the prefix names the file: `ticket.*` in ticket.ts,
 * `window.*` in window.ts, `clerk.*` and `post.*` in staffing.ts,
 * `appointment.*` in appointment.ts, `rating.*` and `followup.*` in rating.ts, `case.*` in case.ts,
 * `clock.*` in clock.ts.
 */
import type { AppointmentCancelReason, AppointmentChannel } from '../../domain/appointment.ts';
import type { AbsenceReason, Post } from '../../domain/staffing.ts';
import type { CancelReason, GreenReason, TicketClass } from '../../domain/ticket.ts';
import type { PauseReason } from '../../domain/window.ts';
import type { FollowUpOutcome, RatingChannel, RatingLevel } from '../../domain/rating.ts';
import type { CaseOutcome, RejectReason } from '../../domain/case.ts';

/** A clerk acting at their window. */
export interface AtWindow {
  clerkId: string;
  window: number;
}

/** Staff acting on a ticket that is not at their counter: a clerk (limited to their window's queues) or a supervisor. */
export interface StaffActor {
  staffId: string;
  /** Set for a clerk: the window they are signed in to. Unset for a supervisor. */
  window?: number | undefined;
}

type TicketCommand =
  | {
      type: 'ticket.take';
      deviceId: string;
      queueId: string;
      itemId?: string | undefined;
      class?: TicketClass | undefined;
      priorityReason?: GreenReason | undefined;
    }
  | ({ type: 'ticket.call_next' } & AtWindow)
  | ({ type: 'ticket.call_number'; ticketId: string } & AtWindow)
  | ({ type: 'ticket.recall'; ticketId: string } & AtWindow)
  | ({ type: 'ticket.start'; ticketId: string } & AtWindow)
  | ({ type: 'ticket.complete'; ticketId: string } & AtWindow)
  | ({ type: 'ticket.no_show'; ticketId: string } & AtWindow)
  | ({ type: 'ticket.transfer'; ticketId: string; toQueueId?: string | undefined; toWindow?: number | undefined; note?: string | undefined } & AtWindow)
  | ({ type: 'ticket.park'; ticketId: string; note?: string | undefined } & AtWindow)
  | ({ type: 'ticket.resume'; ticketId: string } & AtWindow)
  | { type: 'ticket.requeue'; ticketId: string; by: StaffActor }
  | { type: 'ticket.cancel'; ticketId: string; reason: CancelReason; note?: string | undefined; by: StaffActor }
  | { type: 'ticket.prioritise'; ticketId: string; reason: GreenReason; by: StaffActor };

type WindowCommand =
  | ({ type: 'window.open' } & AtWindow)
  | ({ type: 'window.close' } & AtWindow)
  | ({ type: 'window.pause'; reason: PauseReason; note?: string | undefined } & AtWindow)
  | ({ type: 'window.resume' } & AtWindow)
  /** The supervisor closes a window although tickets wait that only it serves (延时服务), with a reason. */
  | { type: 'window.close_approved'; window: number; by: StaffActor; reason: string };

type StaffingCommand =
  | ({ type: 'clerk.sign_in' } & AtWindow)
  | ({ type: 'clerk.sign_out'; reason?: AbsenceReason | undefined } & AtWindow)
  | ({ type: 'post.take_over' } & AtWindow)
  | { type: 'post.assign'; window: number; post: Post; clerkId: string; by: StaffActor }
  /** Sent by the hall's clock (actor 'clock') when a staffing deadline is due (staffing-deadlines.ts). */
  | { type: 'post.escalate'; window: number };

/**
 * 预约. The server turns the visitor's name and phone into masks and a keyed
 * hash before the command is built, and draws the random check-in code: decide
 * never sees a full name or phone number.
 */
export type AppointmentCommand =
  | {
      type: 'appointment.book';
      queueId: string;
      itemId?: string | undefined;
      slotStart: number;
      channel: AppointmentChannel;
      bookedBy: string;
      code: string;
      nameMasked: string;
      phoneMasked: string;
      personKey: string;
      /** Staff booking by phone: a clerk only for the queues of their window. */
      staff?: StaffActor | undefined;
    }
  /** The visitor cancels with the booking code (kiosk, online channel). */
  | { type: 'appointment.cancel_by_visitor'; code: string; actor: string }
  /** The hall cancels a booking: only with `hallCancelNoticeHours` notice. */
  | { type: 'appointment.cancel_by_hall'; appointmentId: string; reason: AppointmentCancelReason; by: StaffActor }
  | { type: 'appointment.check_in'; code: string; deviceId: string };

/**
 * 好差评 and its 差评 follow-up. A rating comes from the window's pad or tablet (`window`: the device's
 * window) or from the ticket's phone page (no window). Follow-up steps are the supervisor's.
 */
type RatingCommand =
  | {
      type: 'rating.give';
      ticketId: string;
      channel: RatingChannel;
      window?: number | undefined;
      level: RatingLevel;
      reasons?: string[] | undefined;
      text?: string | undefined;
      secondary?: { id: string; level: RatingLevel }[] | undefined;
    }
  | { type: 'followup.assign'; followUpId: string; to: string; by: StaffActor }
  | { type: 'followup.note'; followUpId: string; note: string; by: StaffActor }
  | { type: 'followup.resolve'; followUpId: string; outcome: FollowUpOutcome; note?: string | undefined; by: StaffActor }
  | { type: 'followup.close'; followUpId: string; by: StaffActor };

/** 办件登记 at 办结: the clerk at the window records the case of the service just completed there (README § Cases). */
type CaseCommand = {
  type: 'case.record';
  clerkId: string;
  window: number;
  ticketId: string;
  outcome: CaseOutcome;
  receiptNo?: string | undefined;
  reason?: RejectReason | undefined;
  missing?: string[] | undefined;
  note?: string | undefined;
};

/**
 * 导办台 (README § The guide desk): 首问负责 help and 办不成事反映 complaints from a guide (`guideId`); complaint
 * steps from the supervisor; the 咨询 enquiry of a consultation ticket from the clerk who completed it. The
 * complainant's name and phone reach decide already masked (server: commands/guide.ts).
 */
type GuideCommand =
  | {
      type: 'guide.help';
      guideId: string;
      itemId?: string | undefined;
      question: string;
      answer: string;
      handedToWindow?: number | undefined;
      handedToPerson?: string | undefined;
    }
  | { type: 'complaint.file'; guideId: string; itemId?: string | undefined; what: string; nameMasked?: string | undefined; phoneMasked?: string | undefined }
  | { type: 'complaint.take'; complaintId: string; by: StaffActor }
  | { type: 'complaint.resolve'; complaintId: string; reply: string; by: StaffActor }
  | ({ type: 'enquiry.record'; ticketId: string; itemId?: string | undefined; topic: string; answer: string } & AtWindow);

/**
 * The case's later steps (README § Cases): papers brought, 办结待取 (by a clerk, or by the department's system with
 * `actor` `channel:<id>`), 免费邮寄 chosen (masks only: the case desk keeps the rest), the 出件 ticket a kiosk takes,
 * 已取件 at a 出件 window and 已寄出 at an EMS window.
 */
type CaseStepCommand =
  | { type: 'case.receive_materials'; caseId: string; window: number; clerkId: string }
  | { type: 'case.mark_ready'; receiptNo: string; actor: string }
  | { type: 'case.choose_delivery'; caseId: string; window: number; clerkId: string; nameMasked: string; phoneMasked: string; addressMasked: string }
  | { type: 'case.take_pickup_ticket'; receiptNo: string; deviceId: string }
  | { type: 'case.hand_over'; caseId: string; window: number; clerkId: string }
  | { type: 'case.mail'; caseId: string; window: number; clerkId: string; waybillNo: string };

/** The hall's clock: a deadline stored in the state has come due (sent by the server's clock service; no client can send it). */
type ClockCommand = { type: 'clock.tick' };

/**
 * 双机热备: the standby server takes the hall over (server/standby/). Sent by that server alone, first thing after it
 * stops receiving the log; `term` is one more than the highest the log holds, so the log itself fences the old primary.
 */
type StandbyCommand = { type: 'hall.take_over'; term: number; server: string; lastFromPrimary: number };

export type HallCommand =
  | TicketCommand
  | WindowCommand
  | StaffingCommand
  | AppointmentCommand
  | RatingCommand
  | CaseCommand
  | ClockCommand
  | GuideCommand
  | CaseStepCommand
  | StandbyCommand;

/** Each command by its type: `CommandOf['ticket.recall']`. */
export type CommandOf = { [C in HallCommand as C['type']]: C };
