/**
 * Every refusal a decider gives, with its words: the code clients react to,
 * the sentence for the person in front of the screen (zh-CN) and its English,
 * and the field at fault where there is one. Screens show these sentences as
 * they are, so a change here is a change people read.
 */
import type { QueueConfig } from '../../config/hall-config.ts';
import { FORFEIT_REASON_EN, FORFEIT_REASON_ZH, type AppointmentRecord } from '../../domain/appointment.ts';
import { formatTicketNumber, lastSequence, numberDigitsOf, type TicketRecord, type TicketStatus } from '../../domain/ticket.ts';
import { protocolError, type ProtocolError } from '../../protocol/errors.ts';

type Text = { zh: string; en: string };

/** A refusal that says when to ask again (`retryAfterSeconds`). */
function tooEarly(seconds: number, zh: string, en: string): ProtocolError {
  return { ...protocolError('TOO_EARLY', zh, en), retryAfterSeconds: seconds };
}

// ── Anything ────────────────────────────────────────────────────────────────

export const unknownCommand = (described: string) => protocolError('BAD_REQUEST', '未知操作', `Unknown command ${described}`);

// ── Windows ─────────────────────────────────────────────────────────────────

export const unknownWindow = (number: number) => protocolError('NOT_FOUND', `没有 ${number} 号窗口`, `No window ${number}`, 'window');
export const windowNotOpen = () => protocolError('WINDOW_NOT_OPEN', '窗口尚未开启', 'The window is not open');
export const windowPaused = () => protocolError('WINDOW_PAUSED', '窗口暂停服务中，请先恢复服务', 'The window is paused; resume service first');
export const windowAlreadyOpen = () => protocolError('ILLEGAL_TRANSITION', '窗口已经开启', 'The window is already open');
export const windowAlreadyPaused = () => protocolError('ILLEGAL_TRANSITION', '窗口已处于暂停状态', 'The window is already paused');
export const windowNotPaused = () => protocolError('ILLEGAL_TRANSITION', '窗口没有暂停', 'The window is not paused');
export const completeCurrentFirst = () => protocolError('WINDOW_BUSY', '请先办结当前号码', 'Complete the current ticket first');

/** The counter still holds a ticket: finish it before closing, pausing, leaving, handing over. */
export const counterBusy = (actionZh: string, actionEn: string) =>
  protocolError('WINDOW_BUSY', `请先处理完柜台上的号码再${actionZh}`, `Finish the ticket at the counter before ${actionEn}`);
export const COUNTER_ACTIONS = {
  close: ['关闭窗口', 'closing the window'],
  pause: ['暂停服务', 'pausing'],
  signOut: ['离岗', 'leaving'],
  takeOver: ['交接', 'handing over'],
} as const;

/** 延时服务: closing would strand waiting tickets only this window serves. */
export const closingStrands = (left: number) =>
  protocolError(
    'ILLEGAL_TRANSITION',
    `延时服务中：仍有 ${left} 人只能在本窗口办理，请办结或转办后再关窗，或请值班主任批准`,
    `Extended service: ${left} waiting ticket(s) only this window serves; serve or transfer them, or ask the supervisor to approve`,
  );
export const onlySupervisorApprovesClosing = () => protocolError('FORBIDDEN', '只有值班主任可以批准关窗', 'Only a supervisor approves closing');

/** 闭厅: past closing time or a closed day, and nothing left for this window (after-hours.ts words the why and the when). */
export const closedHallCannotOpen = (why: Text, reopens: Text | undefined) =>
  protocolError(
    'ILLEGAL_TRANSITION',
    `${why.zh}，本窗口没有待办理的号码，不能开窗${reopens ? `（${reopens.zh}）` : ''}`,
    `${why.en}: nothing is left for this window to serve, so it cannot open${reopens ? ` (${reopens.en})` : ''}`,
  );
export const bothPostsAwayCannotOpen = () =>
  protocolError(
    'ILLEGAL_TRANSITION',
    'A、B岗均已离岗，窗口不能开启：请其中一岗登录返岗，或请值班主任调整A/B岗',
    'Both posts are away: one of them must sign in (back) first, or the supervisor reassigns a post',
  );
export const awayCannotOpen = () =>
  protocolError('ILLEGAL_TRANSITION', '您已登记离岗：请先登录本窗口返岗，再开窗', 'You are registered as away: sign in to this window first, then open it');

// ── AB岗 ────────────────────────────────────────────────────────────────────

export const standbyMustTakeOver = (onDuty: string, name: string) =>
  protocolError('FORBIDDEN', `当前由 ${name}（工号 ${onDuty}）在岗办理；如需接替，请按“接替办理”`, `${onDuty} is on duty at this window; take over first`);
export const cannotSignIn = () => protocolError('ILLEGAL_TRANSITION', '现在不能登录本窗口', 'Signing in to this window is not possible now');
export const cannotSignOut = () => protocolError('ILLEGAL_TRANSITION', '现在不能离岗', 'Signing out is not possible now');
export const nobodyCovers = () =>
  protocolError(
    'ILLEGAL_TRANSITION',
    'A、B岗不得同时离岗：另一岗未登录接替，请先暂停服务或关闭窗口再离开',
    'Nobody from the other post is signed in to cover: pause or close the window before leaving',
  );
export const closedWindowNeedsNoTakeOver = () =>
  protocolError('WINDOW_NOT_OPEN', '窗口未开启：直接开窗即由您在岗', 'The window is closed: whoever opens it is on duty');
export const holdsNoPost = (window: number) =>
  protocolError('FORBIDDEN', `您不在 ${window} 号窗口的A/B岗上`, `You hold neither post of window ${window}`, 'window');
export const alreadyOnDuty = () => protocolError('ILLEGAL_TRANSITION', '您已在岗', 'You are already on duty');
export const signInFirst = () => protocolError('ILLEGAL_TRANSITION', '请先登录本窗口', 'Sign in to this window first');
export const onlySupervisorAssigns = () => protocolError('FORBIDDEN', '只有值班主任可以调整A/B岗', 'Only a supervisor assigns posts');
export const noSuchClerk = (clerkId: string) => protocolError('NOT_FOUND', `没有工号为 ${clerkId} 的窗口人员`, `No clerk ${clerkId}`, 'clerkId');
export const samePostHolder = () => protocolError('BAD_REQUEST', 'A岗和B岗不能是同一人', 'Posts A and B must be different clerks', 'clerkId');
export const onDutyKeepsPost = (onDuty: string, name: string) =>
  protocolError(
    'ILLEGAL_TRANSITION',
    `${name}（工号 ${onDuty}）正在本窗口在岗，不能调离其岗位；请先交接或离岗`,
    `${onDuty} is on duty at this window: hand over or sign out before moving them off their post`,
    'post',
  );
export const escalationNotDue = (seconds: number) =>
  tooEarly(seconds, `A岗离岗未满时限，${seconds} 秒后再上报`, `A has not been away long enough yet; due in ${seconds} s`);
export const nothingToEscalate = (window: number) =>
  protocolError('ILLEGAL_TRANSITION', `${window} 号窗口没有待上报的单岗离岗`, `Window ${window} has no single-post absence to escalate`);

// ── Tickets ─────────────────────────────────────────────────────────────────

export const noTicket = () => protocolError('NOT_FOUND', '没有这个号码', 'No such ticket', 'ticketId');
export const notAtThisCounter = (ticket: TicketRecord) =>
  protocolError('ILLEGAL_TRANSITION', `${ticket.number} 号不在本窗口柜台`, `Ticket ${ticket.number} is not at this window's counter`);
export const notServedHere = (ticket: TicketRecord, window: number) =>
  protocolError('FORBIDDEN', `${ticket.number} 号不属于 ${window} 号窗口办理的业务`, `Ticket ${ticket.number} is not served at window ${window}`, 'ticketId');
export const atAnotherWindow = (ticket: TicketRecord) =>
  protocolError('FORBIDDEN', `${ticket.number} 号正在 ${ticket.window} 号窗口办理`, `Ticket ${ticket.number} is at window ${ticket.window}`);
export const queueEmpty = () => protocolError('QUEUE_EMPTY', '当前没有等候的号码', 'Nobody is waiting');

const STATUS_ZH: Record<TicketStatus, string> = {
  waiting: '等候中',
  called: '已呼叫',
  serving: '办理中',
  parked: '挂起中',
  no_show: '已过号',
  done: '已办结',
  cancelled: '已作废',
};

/** What the ticket's lifecycle does not allow from where it is, naming the step when there is one. */
export const TICKET_STEPS = {
  call: ['呼叫', 'call'],
  resume: ['恢复办理', 'resume'],
  transfer: ['转办', 'transfer'],
  requeue: ['过号重排', 'requeue'],
  cancel: ['作废', 'void'],
  prioritise: ['转绿色通道', 'move to the green channel'],
} as const;
export function notNow(ticket: TicketRecord, step?: readonly [zh: string, en: string]): ProtocolError {
  const zh = `${ticket.number} 号${STATUS_ZH[ticket.status]}${step ? `，不能${step[0]}` : '，不能这样操作'}`;
  const en = `Ticket ${ticket.number} is ${ticket.status.replace('_', '-')}${step ? `; cannot ${step[1]}` : '; not allowed now'}`;
  return protocolError('ILLEGAL_TRANSITION', zh, en);
}

export const recallLimit = (ticket: TicketRecord) =>
  protocolError(
    'LIMIT_REACHED',
    `${ticket.number} 号已呼叫 ${ticket.callCount} 次，不能再重呼；可以按“过号”`,
    `Ticket ${ticket.number} was called ${ticket.callCount} times already; mark it as a no-show instead`,
  );
export const graceNotOver = (seconds: number) => tooEarly(seconds, `呼叫后需等候 ${seconds} 秒才能过号`, `Wait ${seconds} s more before marking a no-show`);
export const voidAfterNoShow = (ticket: TicketRecord) =>
  protocolError('LIMIT_REACHED', `${ticket.number} 号过号无效，请重新取号`, `Ticket ${ticket.number} is void after the no-show; please take a new ticket`);
export const alreadyGreen = (ticket: TicketRecord) =>
  protocolError('ILLEGAL_TRANSITION', `${ticket.number} 号已在绿色通道`, `Ticket ${ticket.number} is already green channel`);

export const unknownQueue = (queueId: string, field?: string) => protocolError('NOT_FOUND', '没有这个业务队列', `Unknown queue ${queueId}`, field);
export const unknownItem = (itemId: string) => protocolError('NOT_FOUND', '没有这个事项', `Unknown item ${itemId}`, 'itemId');
export const itemOfAnotherQueue = (itemId: string, queueId: string) =>
  protocolError('BAD_REQUEST', '该事项不属于所选业务', `Item ${itemId} belongs to queue ${queueId}`, 'itemId');
export const greenNeedsReason = () => protocolError('BAD_REQUEST', '请选择绿色通道的原因', 'A green-channel ticket needs a reason', 'priorityReason');
/** 取号时间外: the hall's own sentence (schedule.ts words why and from when). */
export const ticketingClosed = (text: Text) => protocolError('TICKETING_CLOSED', text.zh, text.en);
export const queueCutOff = (queue: QueueConfig) =>
  protocolError(
    'TICKETING_CLOSED',
    `${queue.name.zh}今日 ${queue.cutoff} 已停止取号，请明天再来或预约`,
    `${queue.name.en}: no new tickets after ${queue.cutoff} today`,
  );
export const dailyCapReached = (queue: QueueConfig, cap: number) =>
  protocolError(
    'DAILY_CAP_REACHED',
    `${queue.name.zh}今日 ${cap} 个号已全部发完，请明天再来或预约`,
    `${queue.name.en}: all ${cap} numbers for today are taken`,
  );
/** 号码用尽: the queue's digits are used up (A999 with three digits), whatever its daily cap. */
export function numbersExhausted(queue: QueueConfig): ProtocolError {
  const first = formatTicketNumber(queue.prefix, 1, numberDigitsOf(queue));
  const last = formatTicketNumber(queue.prefix, lastSequence(queue), numberDigitsOf(queue));
  return protocolError(
    'NUMBERS_EXHAUSTED',
    `${queue.name.zh}今日号码已发完（${first}–${last}），请明天再来或预约`,
    `${queue.name.en}: today's numbers ${first}–${last} are all taken`,
  );
}

export const transferToOwnWindow = () => protocolError('BAD_REQUEST', '不能转办给本窗口', 'Cannot transfer to your own window', 'toWindow');
export const windowDoesNotServe = (window: number, queueId: string) =>
  protocolError('BAD_REQUEST', `${window} 号窗口不办理该业务`, `Window ${window} does not serve queue ${queueId}`, 'toWindow');
export const chooseTransferTarget = () =>
  protocolError('BAD_REQUEST', '请选择转办的业务或窗口', 'Choose another queue or a window to transfer to', 'toQueueId');

// ── Appointments ────────────────────────────────────────────────────────────

export const noAppointment = () => protocolError('NOT_FOUND', '没有找到这个预约，请核对预约码', 'No booking with that code', 'code');
export function appointmentEnded(a: AppointmentRecord): ProtocolError {
  if (a.status === 'checked_in') return protocolError('ILLEGAL_TRANSITION', '该预约已签到，请按号码等候叫号', 'This booking is already checked in');
  if (a.status === 'forfeited') return forfeited();
  return protocolError('ILLEGAL_TRANSITION', a.cancelledBy === 'hall' ? '该预约已由大厅取消' : '该预约已取消', 'This booking was cancelled');
}
export const forfeited = () => protocolError('ILLEGAL_TRANSITION', FORFEIT_REASON_ZH, FORFEIT_REASON_EN);
export const slotStarted = () => protocolError('ILLEGAL_TRANSITION', '预约时段已开始，不能取消', 'The slot has started; it can no longer be cancelled');
export const bookingNotForYourWindow = () =>
  protocolError('FORBIDDEN', '该预约不属于本窗口办理的业务', 'This booking is not for a queue of your window', 'appointmentId');
export const hallNoticeTooShort = (hours: number) =>
  protocolError(
    'ILLEGAL_TRANSITION',
    `大厅取消预约须至少提前 ${hours} 小时告知申请人，该预约已不足 ${hours} 小时，请按约办理`,
    `The hall must give ${hours} h notice to cancel a booking; this slot is closer than that`,
    'appointmentId',
  );
export const noAppointments = (queue: QueueConfig) =>
  protocolError('BAD_REQUEST', `${queue.name.zh}不接受预约，请现场取号`, `${queue.name.en} takes no appointments`, 'queueId');
export const cannotBookForQueue = () => protocolError('FORBIDDEN', '本窗口不办理该业务，不能代为预约', 'Your window does not serve this queue', 'queueId');
export const noSuchSlot = () => protocolError('BAD_REQUEST', '没有这个预约时段，请重新选择', 'No such appointment slot', 'slotStart');
export const slotAlreadyStarted = () => protocolError('BAD_REQUEST', '该时段已开始，请选择以后的时段', 'That slot has already started', 'slotStart');
export const slotFull = (on: Text, label: string) =>
  protocolError('LIMIT_REACHED', `${on.zh}${label} 已约满，请选择其他时段`, `The ${label} slot on ${on.en} is fully booked`, 'slotStart');
export const blockedForNoShows = (blockDays: number, noShows: number, until: Text) =>
  protocolError(
    'FORBIDDEN',
    `该手机号近 ${blockDays} 天内预约未到 ${noShows} 次，${until.zh}前不能预约，请现场取号`,
    `${noShows} missed appointments in ${blockDays} days: no bookings until ${until.en}; please take a walk-in ticket`,
    'phone',
  );
export const onePerDay = (max: number, day: Text) =>
  protocolError('LIMIT_REACHED', `每人每天最多预约 ${max} 次，该手机号 ${day.zh}已有预约`, `At most ${max} booking(s) per person per day`, 'phone');
export const codeCollision = () => protocolError('ILLEGAL_TRANSITION', '预约码重复，请重试', 'Booking code collision; draw another', 'code');
/** Another day is named the hall's way (11月24日（周二）10:00), never as an ISO date. */
export const checkInTooEarly = (seconds: number, at: string, on: Text | undefined) =>
  tooEarly(seconds, `还未到签到时间，请于 ${on ? on.zh : ''}${at} 后签到`, `Too early: check in from ${on ? `${on.en} ` : ''}${at}`);

// ── The hall's clock ────────────────────────────────────────────────────────

export const nothingDue = () => protocolError('TOO_EARLY', '没有到期的事项', 'Nothing is due');

// ── 好差评 and 差评 follow-ups ──────────────────────────────────────────────

export const ratingsOff = () => protocolError('NOT_FOUND', '本大厅未开启服务评价', 'This hall does not take ratings');
export const notServedYet = () =>
  protocolError('ILLEGAL_TRANSITION', '该号码尚未办结，暂不能评价', 'This ticket has not been served yet; it cannot be rated', 'ticketId');
export const alreadyRated = () => protocolError('ILLEGAL_TRANSITION', '该办件已评价，无需重复评价', 'This service has already been rated', 'ticketId');
export const ratingClosed = () =>
  protocolError('ILLEGAL_TRANSITION', '评价时间已过，已记录为未评价', 'The time to rate is over (recorded as not rated)', 'ticketId');
export const windowRatingOver = () =>
  protocolError(
    'ILLEGAL_TRANSITION',
    '窗口评价时间已过，您仍可扫描号票上的二维码在手机上评价',
    'The time to rate at the window is over; you may still rate on your phone (the QR code on the ticket)',
    'ticketId',
  );
export const ratingFromAnotherWindow = (window: number) =>
  protocolError('FORBIDDEN', `本评价器只能评价 ${window} 号窗口办理的业务`, `This rating device rates window ${window}'s services only`, 'ticketId');
export const reasonsOnlyWhenPoor = () =>
  protocolError('BAD_REQUEST', '只有选择“不满意”或“非常不满意”时才需填写原因', 'Reasons and text are for 不满意 and 非常不满意 only', 'reasons');
export const unknownRatingReason = (reason: string) => protocolError('BAD_REQUEST', '没有这个评价原因', `Unknown reason ${reason}`, 'reasons');
export const unknownSecondaryItem = (item: string) => protocolError('BAD_REQUEST', '没有这个评价项目', `Unknown rating item ${item}`, 'secondary');

export const noFollowUp = () => protocolError('NOT_FOUND', '没有这条差评回访记录', 'No such follow-up', 'followUpId');
export const onlySupervisorFollowsUp = () => protocolError('FORBIDDEN', '差评回访由值班主任处理', 'Only a supervisor handles 差评 follow-ups');
export const noSuchStaff = (staffId: string) => protocolError('NOT_FOUND', `没有工号为 ${staffId} 的工作人员`, `No staff member ${staffId}`, 'to');
/** What the follow-up's lifecycle does not allow from where it is. */
export const FOLLOW_UP_STEPS = {
  assign: ['分派', 'assign'],
  note: ['记录回访', 'add a note (assign it first)'],
  resolve: ['记录整改结果', 'record an outcome (assign it first)'],
  close: ['结案', 'close (record an outcome first)'],
} as const;
export const followUpNotNow = (statusZh: string, status: string, step: readonly [zh: string, en: string]) =>
  protocolError('ILLEGAL_TRANSITION', `该差评回访${statusZh}，不能${step[0]}`, `The follow-up is ${status}; cannot ${step[1]}`);

// 办件登记 (deciders/case.ts)
export const caseNotCompletedHere = (number: string, window: number) =>
  protocolError(
    'ILLEGAL_TRANSITION',
    `${number} 号不是本窗口办结的业务，不能登记办件`,
    `Ticket ${number} was not completed at window ${window}; no case to record`,
    'ticketId',
  );
export const caseNotYet = (number: string) =>
  protocolError(
    'ILLEGAL_TRANSITION',
    `${number} 号尚未办结，办结后再登记办件结果`,
    `Ticket ${number} is not completed yet; record its case after 办结`,
    'ticketId',
  );
export const caseAlreadyRecorded = (number: string) =>
  protocolError('ILLEGAL_TRANSITION', `${number} 号的办件结果已登记`, `The case of ticket ${number} is already recorded`, 'ticketId');
export const receiptNoNeeded = () =>
  protocolError('BAD_REQUEST', '受理须填写办件编号（可扫描受理回执）', 'An accepted case needs its 办件编号 (type it or scan the receipt)', 'receiptNo');
export const receiptNoMalformed = () =>
  protocolError('BAD_REQUEST', '办件编号应为 6–32 位字母、数字或“-”', 'A 办件编号 is 6–32 letters, digits or "-"', 'receiptNo');
export const receiptNoTaken = (receiptNo: string, number: string) =>
  protocolError(
    'LIMIT_REACHED',
    `办件编号 ${receiptNo} 已由 ${number} 号受理，不能重复受理`,
    `办件编号 ${receiptNo} was already accepted with ticket ${number}`,
    'receiptNo',
  );
export const missingNeeded = () => protocolError('BAD_REQUEST', '容缺受理须注明所缺材料', 'Name the missing papers for 容缺受理', 'missing');
export const rejectReasonNeeded = () => protocolError('BAD_REQUEST', '不予受理须选择原因', 'Choose why the case is not accepted', 'reason');
export const reasonOnlyWhenRejected = () => protocolError('BAD_REQUEST', '只有不予受理才需选择原因', 'A reason is for 不予受理 only', 'reason');

// 导办台 (deciders/guide.ts, complaint.ts, enquiry.ts; README § The guide desk)
export const handedToOneOnly = () =>
  protocolError('BAD_REQUEST', '请只选择一个去向：窗口或工作人员', 'Hand the visitor to a window or to a person, not both', 'handedToPerson');
export const noComplaint = () => protocolError('NOT_FOUND', '没有这条办不成事反映', 'No such complaint', 'complaintId');
export const onlySupervisorHandlesComplaints = () => protocolError('FORBIDDEN', '办不成事反映由值班主任处理', 'Only a supervisor handles complaints');
export const COMPLAINT_STEPS = {
  take: ['接手处理', 'take it on'],
  resolve: ['办结', 'resolve it'],
} as const;
export const complaintNotNow = (statusZh: string, status: string, step: readonly [zh: string, en: string]) =>
  protocolError('ILLEGAL_TRANSITION', `该反映${statusZh}，不能${step[0]}`, `The complaint is ${status}; cannot ${step[1]}`, 'complaintId');
export const notAnEnquiry = (number: string) =>
  protocolError(
    'ILLEGAL_TRANSITION',
    `${number} 号不是咨询业务：咨询登记只用于咨询窗口或咨询队列的号码，办件请用办件登记`,
    `Ticket ${number} is not an enquiry: enquiries are recorded at a 咨询 window or for a 咨询 queue's tickets; record a case instead`,
    'ticketId',
  );
export const enquiryAlreadyRecorded = (number: string) =>
  protocolError('ILLEGAL_TRANSITION', `${number} 号的咨询已登记`, `The enquiry of ticket ${number} is already recorded`, 'ticketId');
export const enquiryNotYet = (number: string) =>
  protocolError(
    'ILLEGAL_TRANSITION',
    `${number} 号尚未办结，办结后再登记咨询`,
    `Ticket ${number} is not completed yet; record its enquiry after 办结`,
    'ticketId',
  );
export const enquiryNotCompletedHere = (number: string, window: number) =>
  protocolError('ILLEGAL_TRANSITION', `${number} 号不是本窗口办结的业务，不能登记咨询`, `Ticket ${number} was not completed at window ${window}`, 'ticketId');
// 办件 after 办结: 办结待取, 出件, EMS (README § Cases).
export const caseUnknown = (receiptNo: string) =>
  protocolError('NOT_FOUND', `没有查到办件编号 ${receiptNo}，请核对受理回执`, `No case with 办件编号 ${receiptNo}; check the receipt`, 'receiptNo');
export const caseNotFound = () => protocolError('NOT_FOUND', '没有这个办件', 'No such case', 'caseId');
export const caseNotReadyYet = (receiptNo: string, promised: { zh: string; en: string } | undefined) =>
  protocolError(
    'ILLEGAL_TRANSITION',
    `办件 ${receiptNo} 尚未办结，暂不能取件${promised ? `。承诺办结日：${promised.zh}` : ''}`,
    `Case ${receiptNo} is not ready yet${promised ? `; promised by ${promised.en}` : ''}`,
    'receiptNo',
  );
export const caseMaterialsFirst = (receiptNo: string) =>
  protocolError('ILLEGAL_TRANSITION', `办件 ${receiptNo} 尚缺容缺材料，补齐后才能办结`, `Case ${receiptNo} still waits for missing papers`, 'receiptNo');
export const caseNotAwaitingMaterials = () => protocolError('ILLEGAL_TRANSITION', '该办件没有待补的材料', 'This case waits for no papers', 'caseId');
export const caseStatusIs = (receiptNo: string, status: { zh: string; en: string }) =>
  protocolError('ILLEGAL_TRANSITION', `办件 ${receiptNo}：${status.zh}`, `Case ${receiptNo}: ${status.en}`, 'receiptNo');
export const caseByMail = (receiptNo: string) =>
  protocolError(
    'ILLEGAL_TRANSITION',
    `办件 ${receiptNo} 已选择免费邮寄，将由EMS寄送，无需到窗口取件`,
    `Case ${receiptNo} goes by free EMS mail; nothing to pick up`,
    'receiptNo',
  );
export const caseNotByMail = () =>
  protocolError('ILLEGAL_TRANSITION', '该办件未选择邮寄，请到出件窗口取件', 'This case was not chosen for mail; it is picked up', 'caseId');
export const deliveryAlreadyChosen = () => protocolError('ILLEGAL_TRANSITION', '该办件已登记邮寄地址', 'This case already has a mailing address', 'caseId');
export const pickupTicketTaken = (number: string) =>
  protocolError('LIMIT_REACHED', `该办件已取出件号 ${number}，请留意叫号`, `A pick-up ticket (${number}) is already out for this case`, 'receiptNo');
export const noPickupQueue = () =>
  protocolError('NOT_FOUND', '本大厅未设综合出件窗口，请到服务台咨询', 'This hall has no pick-up windows; ask at the service desk', 'receiptNo');
export const pickupWindowsOnly = (window: number) =>
  protocolError('FORBIDDEN', `${window} 号窗口不是综合出件窗口，不能办理取件`, `Window ${window} is not a pick-up window`, 'window');
export const emsWindowsOnly = (window: number) =>
  protocolError('FORBIDDEN', `${window} 号窗口不是EMS寄递窗口`, `Window ${window} is not an EMS window`, 'window');
export const waybillMalformed = () =>
  protocolError('BAD_REQUEST', 'EMS运单号应为 8–20 位字母或数字', 'An EMS waybill number is 8–20 letters or digits', 'waybillNo');

// ── 双机热备 ──────────────────────────────────────────────────────────────────

export const staleTerm = (held: number) =>
  protocolError('ILLEGAL_TRANSITION', `本厅已由第 ${held} 任主服务器接管`, `The hall is already held at term ${held}`, 'term');
