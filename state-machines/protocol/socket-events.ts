/**
 * Socket.IO event maps, one namespace per role. Shared by the server
 * (`Server<…>`/`Namespace<…>`) and the browsers (`Socket<…>`), so a renamed
 * event or a changed payload fails to compile on both sides.
 *
 *   /kiosk    取号机   device token   take tickets
 *   /display  显示屏   device token   read-only
 *   /window   窗口     clerk session  open/close window, call next, complete
 *   /admin    管理     supervisor     read-only (reports come later)
 *   /guide    导办台   guide session  首问负责 help, 帮办 tickets, 办不成事反映 (README § The guide desk)
 */
import type { PublicHallConfig } from '../config/hall-config.ts';
import type { AppointmentRecord, Slot } from '../domain/appointment.ts';
import type { HallEvent } from '../domain/events.ts';
import type { TicketRecord } from '../domain/ticket.ts';
import type { Wait } from '../hall/estimate.ts';
import type { HallState } from '../hall/state.ts';
import type { DeviceHealth, KioskDeviceStatus, PrintJobView, RoutedScan } from '../devices/device-types.ts';
import type { DisplayVoiceReport, PrintJobStatusRequest, PrintMaterialsRequest } from '../devices/device-messages.ts';
import type { ProtocolError } from './errors.ts';
import type { FollowUpRecord, RatingRecord } from '../domain/rating.ts';
import type { CaseRecord } from '../domain/case.ts';
import type { ComplaintRecord, EnquiryRecord, HelpRecord } from '../domain/guide.ts';
import type { WindowPlan } from '../planning/planner.ts';
import type { Report } from '../reports/report.ts';
import type {
  ApproveCloseRequest,
  AssignPostRequest,
  AppointmentCodeRequest,
  AppointmentSlotsRequest,
  BookAppointmentRequest,
  CancelTicketRequest,
  HallCancelAppointmentRequest,
  CompleteTicketRequest,
  CredentialRevokeRequest,
  FollowUpAssignRequest,
  FollowUpCloseRequest,
  PlanningQueryRequest,
  FollowUpNoteRequest,
  FollowUpResolveRequest,
  RateServiceRequest,
  ReportQueryRequest,
  PairingKind,
  PairingApproveRequest,
  PairingLookupRequest,
  UnblockAddressRequest,
  ParkTicketRequest,
  RecordCaseRequest,
  MarkCaseReadyRequest,
  CaseStepRequest,
  ChooseDeliveryRequest,
  MailCaseRequest,
  EmsAddressesRequest,
  PickupTicketRequest,
  PrintNoticeRequest,
  PauseWindowRequest,
  PrioritiseTicketRequest,
  RequeueTicketRequest,
  SyncSinceRequest,
  TakeTicketRequest,
  TicketActionRequest,
  TransferTicketRequest,
  WindowCommandRequest,
  FileComplaintRequest,
  GuideHelpRequest,
  GuideTakeTicketRequest,
  RecordEnquiryRequest,
  ResolveComplaintRequest,
  TakeComplaintRequest,
} from './messages.ts';

export const NAMESPACES = { kiosk: '/kiosk', display: '/display', window: '/window', admin: '/admin', guide: '/guide' } as const;
export type Role = keyof typeof NAMESPACES;

/** Every acknowledgement: the seq of the event the command produced, or a typed error. */
export type Ack<T> = { ok: true; seq: number; result: T } | { ok: false; error: ProtocolError };
export type AckFn<T> = (response: Ack<T>) => void;

/** An accepted event as broadcast to clients, in log order. */
export interface HallDelta {
  seq: number;
  at: number;
  event: HallEvent;
}

/** Sent on every (re)connect, before any delta. Clients replace their state with it. */
export interface HallSnapshot {
  protocol: number;
  serverVersion: string;
  seq: number;
  now: number;
  config: PublicHallConfig;
  state: HallState;
  /** Who this connection is: the device, or the clerk and window. */
  identity: ConnectionIdentity;
  /** 双机热备: the hall's other server (README § Standby). A client that loses this one goes there. */
  otherServer?: string | undefined;
}

export type ConnectionIdentity =
  | {
      role: 'kiosk' | 'display';
      deviceId: string;
      deviceName: string;
      window?: number | undefined;
      /** Set for a floor display (楼层屏): it shows this floor only. */
      floor?: string | undefined;
      /** A kiosk in the 7×24 self-service area (自助服务区). */
      selfServiceArea?: boolean | undefined;
      /** A display bound to a window that is its rating tablet (评价器) rather than its window screen. */
      rating?: boolean | undefined;
    }
  | { role: 'window'; staffId: string; staffName: string; window: number }
  | { role: 'admin'; staffId: string; staffName: string }
  | { role: 'guide'; staffId: string; staffName: string };

/** Answer to `sync:since`: the missed deltas, or a snapshot when too far behind. */
export type SyncResult = { kind: 'deltas'; deltas: HallDelta[] } | { kind: 'snapshot'; snapshot: HallSnapshot };

export interface TicketReceipt {
  ticket: TicketRecord;
  /** 您前面还有 N 人: tickets called before this one at the windows that may call it (state-machines/hall/estimate.ts). */
  ahead: number;
  /** 预计等待: minutes, 即到即叫, 窗口暂未开放 or 暂无法估计 (worded by state-machines/hall/visitor-texts.ts). */
  wait: Wait;
  /**
   * The ticket's key for its phone page (…/t/<day>/<number>?k=<key>), so a kiosk that could not
   * print shows the same QR the paper carries. Only in the answer to the kiosk that issued the
   * ticket; never broadcast, never to staff (a clerk must not be able to rate their own service).
   */
  pageKey?: string;
}

/** Answer to every command on one ticket. */
export interface TicketResult {
  ticket: TicketRecord;
}

/** Staff actions on tickets away from the counter, open to clerks (own queues) and supervisors. */
export interface StaffTicketEvents {
  /** 过号重排: the visitor came back. */
  'ticket:requeue': (request: RequeueTicketRequest, ack: AckFn<TicketReceipt>) => void;
  /** 作废 with a reason. */
  'ticket:cancel': (request: CancelTicketRequest, ack: AckFn<TicketResult>) => void;
  /** Move a waiting ticket into the green channel (绿色通道). */
  'ticket:prioritise': (request: PrioritiseTicketRequest, ack: AckFn<TicketResult>) => void;
}

/**
 * A booking as shown to the person who made it (or the clerk booking for them
 * by phone): the code once, the masked name and phone. Never broadcast.
 */
export type AppointmentView = Pick<
  AppointmentRecord,
  'id' | 'queueId' | 'itemId' | 'slotStart' | 'slotMinutes' | 'day' | 'status' | 'nameMasked' | 'phoneMasked'
> & {
  code?: string | undefined;
};

export interface AppointmentReceipt {
  appointment: AppointmentView;
}

/** 预约签到: the priority ticket, and the booking it came from (masked name for the visitor's own screen). */
export interface CheckInReceipt extends TicketReceipt {
  appointment: AppointmentView;
}

/** Bookable days and slots of one queue, with remaining capacity. */
export interface AppointmentSlotsResult {
  queueId: string;
  days: { day: string; slots: Slot[] }[];
}

/** Staff booking (phone bookings) and hall-side cancellation, on /window and /admin. */
export interface StaffAppointmentEvents {
  'appointment:book': (request: BookAppointmentRequest, ack: AckFn<AppointmentReceipt>) => void;
  'appointment:slots': (request: AppointmentSlotsRequest, ack: AckFn<AppointmentSlotsResult>) => void;
  /** The hall cancels: only `hallCancelNoticeHours` before the slot. */
  'appointment:cancel': (request: HallCancelAppointmentRequest, ack: AckFn<AppointmentReceipt>) => void;
}

/** 设备管理: a pairing request as the supervisor sees it before approving (no secret). */
export interface PendingPairingView {
  id: string;
  kind: PairingKind;
  /** The address the device asked from. */
  address: string;
  requestedAt: number;
  expiresAt: number;
}

/** A device's paired credential (the token itself is never shown again). */
export interface DeviceCredentialView {
  id: string;
  pairedAt: number;
  /** 工号 of the supervisor who approved. */
  pairedBy: string;
  address: string;
}

/** 设备管理: every configured kiosk and display and how it is credentialed. */
export interface DeviceEnrolment {
  deviceId: string;
  kind: PairingKind;
  name: string;
  /** The hall file gives this device a token (devices[].token). */
  hallFileToken: boolean;
  /** Live paired credentials (at most one: pairing again replaces it). */
  paired: DeviceCredentialView[];
}

/** 值班主任台: wrong PINs at sign-in (server/auth/login-guard.ts). */
export interface SignInWatch {
  /** 工号 with at least `limits.loginFailuresBeforeLock` wrong PINs in the last day, over all addresses. */
  staff: { staffId: string; failures: number; lastAt: number; addresses: { address: string; failures: number }[] }[];
  /** Addresses with wrong PINs: how many, and until when their tries wait. */
  addresses: { address: string; failures: number; lastAt: number; staffCount: number; slowedUntil: number }[];
}

/** 双机热备 (README § Standby): the primary's link to its standby, as the supervisor desk shows it. */
export interface StandbyView {
  /** This server's name (STANDBY_NAME) and the other's address. */
  server: string;
  peer: string;
  link: 'down' | 'catching-up' | 'in-sync' | 'fenced';
  /** Events the standby does not hold yet. */
  lag: number;
  /** Acknowledging without the standby now, and why ('no': commands wait for it — refused while it is down). */
  alone: 'no' | 'after-takeover' | 'continue-configured';
  whenLost: 'refuse' | 'continue';
}

export interface ServerToClientEvents {
  'hall:snapshot': (snapshot: HallSnapshot) => void;
  'hall:event': (delta: HallDelta) => void;
  /** Keeps quiet links alive and lets clients notice they fell behind. */
  'clock:tick': (tick: { now: number; seq: number }) => void;
  /** Devices (/kiosk): this kiosk's printer (null: none) and ticket page base, on connect and on every change. */
  'printer:status': (status: KioskDeviceStatus) => void;
  /** Devices (/kiosk): how a print job of this kiosk ended (printed, failed, uncertain). */
  'print:job': (job: PrintJobView) => void;
  /** Devices (/kiosk): a HID-POS scan at this kiosk, classified (ID numbers masked). */
  'scan:routed': (scan: RoutedScan) => void;
  /** Devices (/admin): the device registry, on connect and on every change. */
  'devices:health': (devices: DeviceHealth[]) => void;
  /** 设备管理 (/admin): how each kiosk and display is credentialed, on connect and on every change. */
  'devices:enrolment': (devices: DeviceEnrolment[]) => void;
  /** 值班主任台 (/admin): 工号 being guessed and slowed addresses, on connect and on every change. */
  'signin:watch': (watch: SignInWatch) => void;
  /** 双机热备 (/admin): the link to the standby, on connect and on every change (only in a hall with one). */
  'standby:status': (status: StandbyView) => void;
}

interface CommonClientEvents {
  'sync:since': (request: SyncSinceRequest, ack: AckFn<SyncResult>) => void;
}

export interface KioskClientEvents extends CommonClientEvents {
  'ticket:take': (request: TakeTicketRequest, ack: AckFn<TicketReceipt>) => void;
  /** Devices: queue the material list for printing; the outcome comes as `print:job`. */
  'print:materials': (request: PrintMaterialsRequest, ack: AckFn<{ key: string }>) => void;
  'print:job-status': (request: PrintJobStatusRequest, ack: AckFn<PrintJobView | null>) => void;
  /** 预约: bookable days and slots of a queue. */
  'appointment:slots': (request: AppointmentSlotsRequest, ack: AckFn<AppointmentSlotsResult>) => void;
  /** 现场预约 at the kiosk. */
  'appointment:book': (request: BookAppointmentRequest, ack: AckFn<AppointmentReceipt>) => void;
  /** 预约签到 by code or QR: a priority ticket, or a typed refusal with the reason. */
  'appointment:check-in': (request: AppointmentCodeRequest, ack: AckFn<CheckInReceipt>) => void;
  /** The visitor cancels with the code. */
  'appointment:cancel': (request: AppointmentCodeRequest, ack: AckFn<AppointmentReceipt>) => void;
  /** 出件取号 by 办件编号: a ticket of the pick-up queue for a ready case, or why not (not ready: the promised day). */
  'case:pickup': (request: PickupTicketRequest, ack: AckFn<TicketReceipt>) => void;
}

export interface DisplayClientEvents extends CommonClientEvents {
  /** Devices: how this wall display speaks (browser voice, server audio, or nothing and why); shown in /healthz. */
  'display:voice': (report: DisplayVoiceReport, ack: AckFn<null>) => void;
  /** 好差评 from the window's rating tablet (a display with the rating layout): the service just completed at its window. */
  'rating:give': (request: RateServiceRequest, ack: AckFn<RatingResult>) => void;
}

/** A rating as its device learns it was taken: the service's lifecycle, never echoed back with its level. */
export interface RatingResult {
  rating: RatingRecord;
}

/** Answer to 办件登记: the case as recorded (with its promised day). */
export interface CaseResult {
  case: CaseRecord;
}

/** Answer to a 差评 follow-up step: the follow-up as it is now. */
export interface FollowUpResult {
  followUp: FollowUpRecord;
}

export interface WindowClientEvents extends CommonClientEvents, StaffTicketEvents, StaffAppointmentEvents {
  'window:open': (request: WindowCommandRequest, ack: AckFn<null>) => void;
  'window:close': (request: WindowCommandRequest, ack: AckFn<null>) => void;
  /** 暂停服务 with a reason (break, meeting, system, other). */
  'window:pause': (request: PauseWindowRequest, ack: AckFn<null>) => void;
  /** 恢复服务 */
  'window:resume': (request: WindowCommandRequest, ack: AckFn<null>) => void;
  'ticket:call-next': (request: WindowCommandRequest, ack: AckFn<TicketResult>) => void;
  /** 指呼: call one particular waiting ticket. */
  'ticket:call-number': (request: TicketActionRequest, ack: AckFn<TicketResult>) => void;
  /** 重呼 (limited to queueRules.recall.maxCalls). */
  'ticket:recall': (request: TicketActionRequest, ack: AckFn<TicketResult>) => void;
  /** 开始办理: the called visitor has reached the counter. */
  'ticket:start': (request: CompleteTicketRequest, ack: AckFn<TicketResult>) => void;
  'ticket:complete': (request: CompleteTicketRequest, ack: AckFn<TicketResult>) => void;
  /** 过号, after the grace. */
  'ticket:no-show': (request: TicketActionRequest, ack: AckFn<TicketResult>) => void;
  /** 转办 to another queue or a named window, with a note. */
  'ticket:transfer': (request: TransferTicketRequest, ack: AckFn<TicketResult>) => void;
  /** 挂起 while the visitor fetches a missing paper. */
  'ticket:park': (request: ParkTicketRequest, ack: AckFn<TicketResult>) => void;
  /** The parked visitor is back: call them to this window. */
  'ticket:resume': (request: TicketActionRequest, ack: AckFn<TicketResult>) => void;
  /** AB岗: the other post, signed in as standby, takes over the window (counter empty). */
  'post:take-over': (request: WindowCommandRequest, ack: AckFn<null>) => void;
  /** 办件登记: 受理 / 容缺受理 / 即办 / 不予受理 of a service completed at this window (README § Cases). */
  'case:record': (request: RecordCaseRequest, ack: AckFn<CaseResult>) => void;
  /** 咨询登记: the enquiry of a consultation ticket completed at this window (README § The guide desk). */
  'enquiry:record': (request: RecordEnquiryRequest, ack: AckFn<EnquiryResult>) => void;
  /** 办结待取 by 办件编号 (the panel's back office; README § Cases). */
  'case:ready': (request: MarkCaseReadyRequest, ack: AckFn<CaseResult>) => void;
  /** 容缺: the missing papers were brought. */
  'case:materials': (request: CaseStepRequest, ack: AckFn<CaseResult>) => void;
  /** 免费邮寄 chosen at acceptance: the recipient is kept by the server; the answer carries masks only. */
  'case:ems': (request: ChooseDeliveryRequest, ack: AckFn<CaseResult>) => void;
  /** 已取件 at a 出件 window. */
  'case:picked-up': (request: CaseStepRequest, ack: AckFn<CaseResult>) => void;
  /** 已寄出 at an EMS window, with the waybill. */
  'case:mailed': (request: MailCaseRequest, ack: AckFn<CaseResult>) => void;
  /** EMS windows only: the full recipients of the cases to mail (ready ones first). */
  'case:ems-list': (request: EmsAddressesRequest, ack: AckFn<EmsAddressList>) => void;
  /** 打印一次性告知 on the window's counter printer (README § Items and bundles); the ack names the print job. */
  'notice:print': (request: PrintNoticeRequest, ack: AckFn<{ key: string }>) => void;
}

/** The EMS window's list: every case chosen for mail and not yet mailed, with what the waybill needs. */
export interface EmsAddressList {
  entries: { caseId: string; name: string; phone: string; address: string }[];
}

export interface AdminClientEvents extends CommonClientEvents, StaffTicketEvents, StaffAppointmentEvents {
  /** Set who holds post A or B of a window. */
  'post:assign': (request: AssignPostRequest, ack: AckFn<null>) => void;
  /** 延时服务: approve closing a window that still has tickets only it serves, with a reason (recorded for reports). */
  'window:close-approved': (request: ApproveCloseRequest, ack: AckFn<null>) => void;
  /** 设备配对: the pending pairing showing this code (who asks, from where, when). */
  'pairing:lookup': (request: PairingLookupRequest, ack: AckFn<PendingPairingView>) => void;
  /** 设备配对: approve it as a configured device; the device collects its new token. */
  'pairing:approve': (request: PairingApproveRequest, ack: AckFn<{ deviceId: string; credentialId: string }>) => void;
  /** 设备管理: revoke a paired credential; the device is disconnected at once. */
  'device:revoke': (request: CredentialRevokeRequest, ack: AckFn<{ credentialId: string }>) => void;
  /** 登录保护: lift an address's sign-in delay. */
  'signin:unblock': (request: UnblockAddressRequest, ack: AckFn<{ address: string; cleared: number }>) => void;
  /** 差评回访: assign the follow-up to a staff member. */
  'followup:assign': (request: FollowUpAssignRequest, ack: AckFn<FollowUpResult>) => void;
  /** 差评回访: a 回访 note. */
  'followup:note': (request: FollowUpNoteRequest, ack: AckFn<FollowUpResult>) => void;
  /** 差评回访: the outcome (整改结果). */
  'followup:resolve': (request: FollowUpResolveRequest, ack: AckFn<FollowUpResult>) => void;
  /** 差评回访: close (结案). */
  'followup:close': (request: FollowUpCloseRequest, ack: AckFn<FollowUpResult>) => void;
  /** 窗口测算: recommended windows per queue and half-hour for a weekday, beside those open (README § Window planning). */
  'planning:query': (request: PlanningQueryRequest, ack: AckFn<PlanningAnswer>) => void;
  /** 统计报表: a report over whole service days, grouped (read-only; README § Reports). */
  'report:query': (request: ReportQueryRequest, ack: AckFn<Report>) => void;
  /** 办不成事反映: take a complaint on (处理中). */
  'complaint:take': (request: TakeComplaintRequest, ack: AckFn<ComplaintResult>) => void;
  /** 办不成事反映: answer it (办结, with what the hall did). */
  'complaint:resolve': (request: ResolveComplaintRequest, ack: AckFn<ComplaintResult>) => void;
}

/** 导办台 (guide session; README § The guide desk). A guide is not a clerk: no counter, no cases. */
export interface GuideClientEvents extends CommonClientEvents {
  /** 首问负责: the help given and to whom the visitor was handed. */
  'guide:help': (request: GuideHelpRequest, ack: AckFn<HelpResult>) => void;
  /** 帮办: a ticket taken on a visitor's behalf (marked as the guide's). */
  'guide:take-ticket': (request: GuideTakeTicketRequest, ack: AckFn<TicketReceipt>) => void;
  /** 办不成事反映: a complaint for the supervisor, with its due day (the answer carries it, masked). */
  'complaint:file': (request: FileComplaintRequest, ack: AckFn<ComplaintResult>) => void;
}

export interface HelpResult {
  help: HelpRecord;
}
export interface EnquiryResult {
  enquiry: EnquiryRecord;
}
/** A complaint as filed or stepped (masked name and phone only). */
export interface ComplaintResult {
  complaint: ComplaintRecord;
}

/** The plan, and the history it came from (service days, first and last, of the weeks read). */
export interface PlanningAnswer extends WindowPlan {
  historyWeeks: number;
  historyFrom: string | null;
  historyTo: string | null;
}

export interface ClientEventsByRole {
  kiosk: KioskClientEvents;
  display: DisplayClientEvents;
  window: WindowClientEvents;
  admin: AdminClientEvents;
  guide: GuideClientEvents;
}
