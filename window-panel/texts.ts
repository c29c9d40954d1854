/** The clerk's panel, Chinese first. */
import type { Text } from '../state-machines/client/web/i18n.ts';
import type { AppointmentCancelReason, AppointmentChannel, AppointmentStatus } from '../state-machines/domain/appointment.ts';
import type { AbsenceReason } from '../state-machines/domain/staffing.ts';

export const T = {
  appName: { zh: '窗口工作台', en: 'Window panel' },
  signInTitle: { zh: '窗口人员登录', en: 'Clerk sign-in' },
  staffId: { zh: '工号', en: 'Staff No.' },
  pin: { zh: '密码', en: 'PIN' },
  window: { zh: '窗口', en: 'Window' },
  chooseWindow: { zh: '请选择窗口', en: 'Choose a window' },
  signIn: { zh: '登录', en: 'Sign in' },
  signingIn: { zh: '正在登录…', en: 'Signing in…' },
  signOut: { zh: '退出登录', en: 'Sign out' },
  confirmSignOut: { zh: '确认退出', en: 'Confirm sign-out' },
  needStaffId: { zh: '请输入工号', en: 'Enter your staff number' },
  needPin: { zh: '请输入 4–12 位数字密码', en: 'Enter your 4–12 digit PIN' },
  supervisorHere: { zh: '主管账号请使用管理端登录', en: 'Supervisors sign in to the admin console, not a window' },
  supervisorDesk: { zh: '值班主任台（不选窗口）', en: 'Supervisor desk (no window)' },
  supervisorNoWindow: { zh: '值班主任无需选择窗口，登录后进入值班主任台', en: 'Supervisors need not choose: they go to the supervisor desk' },
  sessionEnded: { zh: '登录已失效，请重新登录', en: 'Your session has ended. Please sign in again.' },
  openWindow: { zh: '开窗', en: 'Open window' },
  callNext: { zh: '呼叫下一位', en: 'Call next' },
  startService: { zh: '开始办理', en: 'Start' },
  complete: { zh: '办结', en: 'Complete' },
  closeWindow: { zh: '关窗', en: 'Close window' },
  currentTicket: { zh: '当前号码', en: 'Current ticket' },
  noCurrent: { zh: '暂无办理中的号码', en: 'No ticket at the window' },
  waiting: { zh: '本窗口等候人数', en: 'Waiting for this window' },
  total: { zh: '合计', en: 'Total' },
  doneToday: { zh: '今日本窗口已办结', en: 'Completed here today' },
  loadingHall: { zh: '正在读取大厅配置…', en: 'Loading the hall…' },
  retry: { zh: '重试', en: 'Retry' },
  recall: { zh: '重呼', en: 'Recall' },
  noShow: { zh: '过号', en: 'No-show' },
  transfer: { zh: '转办', en: 'Transfer' },
  park: { zh: '挂起', en: 'Park' },
  cancelTicket: { zh: '作废', en: 'Void' },
  pauseWindow: { zh: '暂停服务', en: 'Pause' },
  resumeWindow: { zh: '恢复服务', en: 'Resume service' },
  previousNote: { zh: '前一窗口留言（首问负责）', en: 'Note from the previous clerk' },
  tabLine: { zh: '等候队列', en: 'Waiting line' },
  tabParked: { zh: '挂起中', en: 'Parked' },
  tabNoShow: { zh: '过号', en: 'No-shows' },
  lineEmpty: { zh: '暂无等候的号码', en: 'Nobody is waiting' },
  parkedEmpty: { zh: '没有挂起的号码', en: 'No parked tickets' },
  noShowEmpty: { zh: '没有过号的号码', en: 'No no-shows' },
  callThis: { zh: '指呼', en: 'Call' },
  toGreen: { zh: '转绿色通道', en: 'Green channel' },
  resumeTicket: { zh: '恢复办理', en: 'Resume' },
  requeue: { zh: '过号重排', en: 'Requeue' },
  noShowVoid: { zh: '过号无效', en: 'Void after no-show' },
  nextMarker: { zh: '下一位', en: 'Next' },
  moreWaiting: { zh: '另有', en: 'and' },
  green: { zh: '绿色通道', en: 'Green channel' },
  appointment: { zh: '预约', en: 'Appointment' },
  transferredHere: { zh: '转办至本窗口', en: 'Sent to this window' },
  requeued: { zh: '过号重排', en: 'Requeued' },
  dialogCancel: { zh: '取消', en: 'Cancel' },
  noteLabel: { zh: '留言（选填，下一位工作人员可见）', en: 'Note (optional, for the next clerk)' },
  pauseNoteLabel: { zh: '备注（选填，仅工作人员可见）', en: 'Note (optional, staff only)' },
  transferTitle: { zh: '转办', en: 'Transfer' },
  transferQueue: { zh: '转到业务', en: 'To queue' },
  transferWindow: { zh: '指定窗口', en: 'To window' },
  sameQueue: { zh: '不改变业务', en: 'Keep the queue' },
  anyWindow: { zh: '不指定窗口（该业务任一窗口）', en: 'Any window of the queue' },
  transferNeedsTarget: { zh: '请选择另一业务或一个窗口', en: 'Choose another queue or a window' },
  transferSubmit: { zh: '确认转办', en: 'Transfer' },
  parkTitle: { zh: '挂起', en: 'Park' },
  parkHint: {
    zh: '群众去补材料时挂起；回来后本业务任一窗口可在“挂起中”恢复办理。',
    en: 'Park while the visitor fetches a paper; any window of the queue can resume it from “Parked”.',
  },
  parkSubmit: { zh: '确认挂起', en: 'Park' },
  cancelTitle: { zh: '作废号码', en: 'Void the ticket' },
  cancelReason: { zh: '作废原因', en: 'Reason' },
  cancelSubmit: { zh: '确认作废', en: 'Void' },
  cancelWarn: { zh: '作废后该号码不能再呼叫，群众需重新取号。', en: 'A voided ticket cannot be called again; the visitor must take a new one.' },
  pauseTitle: { zh: '暂停服务', en: 'Pause the window' },
  pauseReason: { zh: '暂停原因（大屏只显示“暂停服务”）', en: 'Reason (screens show only “Paused”)' },
  pauseSubmit: { zh: '确认暂停', en: 'Pause' },
  greenTitle: { zh: '转绿色通道', en: 'Move to the green channel' },
  greenReason: { zh: '原因（仅工作人员可见）', en: 'Reason (staff only)' },
  greenSubmit: { zh: '确认转入', en: 'Move' },
  chooseReason: { zh: '请选择原因', en: 'Choose a reason' },
  pausedSince: { zh: '暂停原因', en: 'Paused for' },
  parkedAt: { zh: '挂起', en: 'Parked' },
  leaveWhy: { zh: '离岗事由：', en: 'Leaving because:' },
  keepWorking: { zh: '继续在岗', en: 'Stay' },
  takeOver: { zh: '接替办理', en: 'Take over' },
  extendedService: {
    zh: '已过办公时间，延时服务中：请为已取号群众办结后再关窗',
    en: 'Past closing time — extended service: serve everyone who took a ticket before closing the window',
  },
  nothingLeftHere: { zh: '已过办公时间，本窗口没有待办理的号码，可以关窗', en: 'Past closing time and nothing is left for this window: you may close it' },
  closedHallServeLast: { zh: '今日已闭厅：请为本窗口剩余的群众办结后关窗', en: 'The hall has closed: serve the visitors left for this window, then close it' },
  closedHallCloseWindow: { zh: '今日已闭厅，本窗口没有待办理的号码，请关窗', en: 'The hall has closed and nothing is left for this window: please close it' },
  // 快捷键 (window-panel/keyboard.tsx)
  keys: { zh: '快捷键', en: 'Keys' },
  keysTitle: { zh: '快捷键（与叫号器按键相同）', en: 'Keyboard keys (the same as the calling keypad)' },
  keysKey: { zh: '按键', en: 'Key' },
  keysAction: { zh: '操作', en: 'Action' },
  keysEsc: { zh: '关闭对话框', en: 'Close a dialog' },
  keysHelp: { zh: '显示本说明', en: 'Show this list' },
  keysNote: {
    zh: '按键只在对应按钮可用时生效；对话框打开时只作用于对话框，在输入框中不生效。',
    en: 'A key works only when its button is enabled; while a dialog is open it acts on the dialog only, and never inside a text field.',
  },
  close: { zh: '关闭', en: 'Close' },
} satisfies Record<string, Text>;

/** 离岗事由 (AB岗). */
export const ABSENCE_TEXT = {
  off_duty: { zh: '下班', en: 'Off duty' },
  leave: { zh: '请假', en: 'Leave' },
  training: { zh: '培训', en: 'Training' },
  meeting: { zh: '会议', en: 'Meeting' },
  other: { zh: '其他', en: 'Other' },
} satisfies Record<AbsenceReason, Text>;

export const standbyText = (name: string, id: string): Text => ({
  zh: `当前由 ${name}（工号 ${id}）在岗，您为待命岗`,
  en: `${name} (${id}) is on duty; you are on standby`,
});

export const PAUSE_REASON_TEXT: Record<'break' | 'meeting' | 'system' | 'other', Text> = {
  break: { zh: '休息', en: 'Break' },
  meeting: { zh: '会议', en: 'Meeting' },
  system: { zh: '系统故障', en: 'System fault' },
  other: { zh: '其他', en: 'Other' },
};

export const CANCEL_REASON_TEXT: Record<'visitor_left' | 'visitor_request' | 'duplicate' | 'wrong_item' | 'other', Text> = {
  visitor_left: { zh: '群众已离开', en: 'Visitor left' },
  visitor_request: { zh: '群众要求取消', en: 'Visitor asked' },
  duplicate: { zh: '重复取号', en: 'Duplicate ticket' },
  wrong_item: { zh: '取错业务', en: 'Wrong service' },
  other: { zh: '其他', en: 'Other' },
};

export const GREEN_REASON_TEXT: Record<'elderly' | 'disabled' | 'pregnant' | 'military' | 'urgent' | 'other', Text> = {
  elderly: { zh: '老年人', en: 'Elderly' },
  disabled: { zh: '残疾人', en: 'Disabled' },
  pregnant: { zh: '孕妇', en: 'Pregnant' },
  military: { zh: '军人', en: 'Military' },
  urgent: { zh: '急事急办', en: 'Urgent' },
  other: { zh: '其他', en: 'Other' },
};

export const recallCount = (n: number, max: number): Text => ({ zh: `重呼 ${n}/${max}`, en: `Recall ${n}/${max}` });
export const noShowIn = (s: number): Text => ({ zh: `过号（${s} 秒）`, en: `No-show (${s} s)` });
export const moreInLine = (n: number): Text => ({ zh: `另有 ${n} 人等候`, en: `${n} more waiting` });
export const fromWindow = (n: number): Text => ({ zh: `${n} 号窗口`, en: `window ${n}` });
export const transferTo = (number: string): Text => ({ zh: `转办 ${number}`, en: `Transfer ${number}` });
export const parkThis = (number: string): Text => ({ zh: `挂起 ${number}`, en: `Park ${number}` });
export const voidThis = (number: string): Text => ({ zh: `作废 ${number}`, en: `Void ${number}` });
export const greenThis = (number: string): Text => ({ zh: `${number} 转绿色通道`, en: `${number} to the green channel` });
export const requeuedTimes = (n: number, max: number): Text => ({ zh: `已重排 ${n}/${max}`, en: `requeued ${n}/${max}` });

export const STATUS: Record<'closed' | 'idle' | 'calling' | 'serving' | 'paused', Text> = {
  paused: { zh: '暂停服务', en: 'Paused' },
  closed: { zh: '未开窗', en: 'Closed' },
  idle: { zh: '空闲，可呼叫', en: 'Open, ready to call' },
  calling: { zh: '已呼叫，等候群众到窗', en: 'Called, waiting for the visitor' },
  serving: { zh: '办理中', en: 'Serving' },
};

export const windowTitle = (n: number): Text => ({ zh: `${n} 号窗口`, en: `Window ${n}` });
export const calledAt = (time: string, count: number): Text => ({
  zh: count > 1 ? `${time} 呼叫（第 ${count} 次）` : `${time} 呼叫`,
  en: count > 1 ? `Called ${time} (${count} times)` : `Called ${time}`,
});
export const people = (n: number): Text => ({ zh: `${n} 人`, en: `${n}` });
export const pieces = (n: number): Text => ({ zh: `${n} 件`, en: `${n}` });
export const waited = (minutes: number): Text => ({ zh: `已等 ${minutes} 分钟`, en: `waited ${minutes} min` });

/** 值班主任台. */
export const SUPERVISOR = {
  title: { zh: '值班主任台', en: 'Supervisor desk' },
  window: { zh: '窗口', en: 'Window' },
  status: { zh: '状态', en: 'Status' },
  onDuty: { zh: '在岗人员', en: 'On duty' },
  postA: { zh: 'A岗', en: 'Post A' },
  postB: { zh: 'B岗', en: 'Post B' },
  bCovering: { zh: 'B岗代办', en: 'B covering' },
  /** 大厅状态 line: the hall-phase machine's state, and what comes next. */
  phase: {
    unsynced: { zh: '全天办理（未配置办公日历）', en: 'Open all day (no calendar configured)' },
    closed_day: { zh: '今日不对外办公', en: 'Closed today' },
    before_open: { zh: '尚未开始取号', en: 'Not yet issuing tickets' },
    open: { zh: '办公中', en: 'Open' },
    midday: { zh: '午间（错时窗口服务中）', en: 'Midday (staggered windows serving)' },
    tickets_stopped: { zh: '已停止取号，窗口继续办理', en: 'Tickets stopped; windows still serving' },
    extended: { zh: '延时服务中：办结最后一位群众后闭厅', en: 'Extended service: open until the last visitor is served' },
    closed: { zh: '已闭厅', en: 'Closed' },
  },
  phaseLabel: { zh: '大厅状态', en: 'Hall' },
  ticketsLeft: (n: number) => ({ zh: `尚有 ${n} 人未办结`, en: `${n} still to serve` }),
  extendedSince: (t: string) => ({ zh: `${t} 起延时`, en: `extended since ${t}` }),
  /** 「明日 08:00 开始取号」, 「17:00 停止取号」: the next boundary, when first (new_day is never shown: the desk names the next opening instead). */
  nextBoundary: (boundary: 'new_day' | 'tickets_open' | 'midday' | 'tickets_stop' | 'close', when: string): Text => {
    const words = {
      new_day: { zh: '新的一天', en: 'new day' },
      tickets_open: { zh: '开始取号', en: 'tickets open' },
      midday: { zh: '午间休息', en: 'midday break' },
      tickets_stop: { zh: '停止取号', en: 'tickets stop' },
      close: { zh: '下班', en: 'closing' },
    }[boundary];
    return { zh: `${when} ${words.zh}`, en: `${words.en} ${when}` };
  },
  since: (t: string): Text => ({ zh: `${t} 起`, en: `since ${t}` }),
  postOf: (window: number, post: 'a' | 'b'): Text => ({ zh: `${window} 号窗口 ${post.toUpperCase()}岗`, en: `Window ${window} post ${post.toUpperCase()}` }),
  bothAway: { zh: 'A、B岗均不在岗，窗口无法开放，请安排人员', en: 'Posts A and B both away: the window cannot open; send someone' },
  singlePostAway: {
    zh: '单岗窗口A岗离岗已超过半天，请指定固定替岗（设为B岗）',
    en: 'Single-post window: A away for over half a day; assign a fixed substitute as post B',
  },
  /** A kiosk issuing far above the others (kiosk-issuing.ts): a prankster, a stuck button, a script. */
  kioskBusy: (name: string, issued: number, busiestOther: number, budget: number): Text => ({
    zh: `${name} 近1小时出号 ${issued} 张（其他取号机最多 ${busiestOther} 张，每小时上限 ${budget} 张），明显异常，请到现场查看`,
    en: `${name}: ${issued} tickets in the last hour (other kiosks at most ${busiestOther}, limit ${budget} an hour): unusual, please check on site`,
  }),
  waiting: { zh: '各业务等候', en: 'Waiting by queue' },
  noShows: { zh: '过号待重排（导办台）', en: 'No-shows to requeue (guide desk)' },
  noNoShows: { zh: '暂无过号', en: 'No no-shows' },
  requeue: { zh: '过号重排', en: 'Requeue' },
  approveClose: (stranded: number): Text => ({ zh: `批准关窗（${stranded} 人只能在此办理）`, en: `Approve closing (${stranded} only served here)` }),
  closeReasons: [
    { zh: '群众同意改日优先办理', en: 'Visitors agreed to come back with priority' },
    { zh: '剩余号已转其他窗口', en: 'Remaining tickets moved to other windows' },
    { zh: '系统或设备故障', en: 'System or equipment failure' },
  ],
  windowNo: (n: number): Text => ({ zh: `${n} 号窗口`, en: `Window ${n}` }),
  /** A queue on the desk: its own waiting tickets. */
  queueWaiting: (n: number): Text => ({ zh: `等候 ${n} 人`, en: `${n} waiting` }),
  /**
   * Under it, what a ticket taken now would be told — the people ahead (at windows shared by several queues,
   * other queues' visitors too) and the wait: the kiosk tile's answer. The wait alone read
   * 「等候 0 人 · 预计约 18 分钟」, which looks wrong.
   */
  newTicketLine: (ahead: number, wait: Text): Text => ({ zh: `新取号：前面 ${ahead} 人 · ${wait.zh}`, en: `New ticket: ${ahead} ahead · ${wait.en}` }),
};

/** 预约: phone bookings (电话预约) and hall-side cancellation, on the clerk's panel and the supervisor desk. */
export const BOOKING = {
  open: { zh: '预约', en: 'Bookings' },
  manage: { zh: '预约管理', en: 'Bookings' },
  title: { zh: '电话预约 · 预约名单', en: 'Phone bookings · booking list' },
  hallTitle: { zh: '预约管理 · 全部业务', en: 'Bookings · every service' },
  close: { zh: '关闭', en: 'Close' },
  phoneBooking: { zh: '电话预约', en: 'Book for a caller' },
  queue: { zh: '预约业务', en: 'Service' },
  noQueues: { zh: '本窗口办理的业务均不接受预约', en: 'None of this window’s services take bookings' },
  loadingSlots: { zh: '正在读取可预约时段…', en: 'Loading free slots…' },
  noSlots: { zh: '近期没有可预约的时段', en: 'No free slots in the coming days' },
  day: { zh: '日期', en: 'Day' },
  slot: { zh: '时段（余量）', en: 'Time (places left)' },
  chooseSlot: { zh: '请选择日期和时段', en: 'Choose a day and a time' },
  name: { zh: '来电人姓名（实名）', en: 'Caller’s full name' },
  phone: { zh: '手机号码（11 位）', en: 'Mobile number (11 digits)' },
  badName: { zh: '姓名只能是 1–20 个汉字或字母', en: 'A name is 1–20 letters' },
  badPhone: { zh: '请输入 11 位手机号码（1 开头），不接受座机', en: 'Enter an 11-digit mobile number starting with 1; landlines are not taken' },
  privacy: {
    zh: '姓名和号码只用于本次预约，系统只保存部分隐去的信息',
    en: 'Name and number are used for this booking only; the hall keeps them partly hidden',
  },
  book: { zh: '确认预约', en: 'Book' },
  booked: { zh: '预约成功，请向来电人读出预约码', en: 'Booked: read the code out to the caller' },
  code: { zh: '预约码', en: 'Booking code' },
  checkIn: (from: string, to: string): Text => ({
    zh: `请于 ${from}–${to} 到取号机凭预约码签到`,
    en: `Check in at a kiosk with the code between ${from} and ${to}`,
  }),
  another: { zh: '再约一位', en: 'Book another' },
  list: { zh: '预约名单', en: 'Booking list' },
  listEmpty: { zh: '今天及以后没有预约', en: 'No bookings from today on' },
  today: { zh: '今天', en: 'Today' },
  noticeRule: (hours: number): Text => ({ zh: `大厅取消须提前 ${hours} 小时告知申请人`, en: `The hall cancels only with ${hours} h notice` }),
  cancel: { zh: '取消预约', en: 'Cancel' },
  cancelWhy: { zh: '取消原因（将电话告知申请人）', en: 'Reason (tell the person by phone)' },
  cancelConfirm: { zh: '确认取消', en: 'Confirm' },
  keep: { zh: '不取消', en: 'Keep' },
  cancelled: { zh: '已取消，请电话告知申请人', en: 'Cancelled: phone the person to tell them' },
  byVisitor: { zh: '群众自行取消', en: 'by the visitor' },
  todayCount: (booked: number, checkedIn: number): Text => ({
    zh: `今日预约 ${booked} 人，已签到 ${checkedIn} 人`,
    en: `Today: ${booked} booked, ${checkedIn} checked in`,
  }),
};

export const BOOKING_STATUS_TEXT: Record<AppointmentStatus, Text> = {
  booked: { zh: '待签到', en: 'Booked' },
  checked_in: { zh: '已签到', en: 'Checked in' },
  cancelled: { zh: '已取消', en: 'Cancelled' },
  forfeited: { zh: '已爽约', en: 'No-show' },
};

export const BOOKING_CHANNEL_TEXT: Record<AppointmentChannel, Text> = {
  kiosk: { zh: '现场', en: 'On site' },
  phone: { zh: '电话', en: 'Phone' },
  online: { zh: '网上', en: 'Online' },
};

export const HALL_CANCEL_REASON_TEXT: Record<AppointmentCancelReason, Text> = {
  visitor_request: { zh: '群众申请', en: 'Visitor asked' },
  hall_closed: { zh: '大厅停办', en: 'Hall closed' },
  staff_unavailable: { zh: '人员不足', en: 'Not enough staff' },
  system: { zh: '系统原因', en: 'System fault' },
  other: { zh: '其他', en: 'Other' },
};

/** 办件登记 (window-panel/case-dialog.tsx, README § Cases). */
export const CASE_TEXT = {
  record: { zh: '登记办件', en: 'Record the case' },
  unrecorded: { zh: '已办结，请登记办件结果', en: 'completed: record its case' },
  outcome: { zh: '办件结果', en: 'Outcome' },
  chooseOutcome: { zh: '请选择办件结果', en: 'Choose the outcome' },
  item: { zh: '办理事项', en: 'Item' },
  receiptNo: { zh: '办件编号（可扫描受理回执）', en: 'Case number (type or scan the receipt)' },
  receiptNoOptional: { zh: '办件编号（选填）', en: 'Case number (optional)' },
  reason: { zh: '不予受理原因', en: 'Why not accepted' },
  missing: { zh: '所缺材料（一次性告知）', en: 'Missing papers (told once, in full)' },
  missingOther: { zh: '其他所缺材料（多项用顿号分隔）', en: 'Other missing papers (separate with commas)' },
  promise: { zh: '承诺办结日', en: 'Promised by' },
  materialsDue: { zh: '补齐材料截止', en: 'Papers due by' },
  note: { zh: '备注（选填）', en: 'Note (optional)' },
  submit: { zh: '确认登记', en: 'Record' },
} as const;
export const caseTitle = (number: string): Text => ({ zh: `办件登记 ${number}`, en: `Record the case of ${number}` });
export const lastServedLine = (number: string): Text => ({
  zh: `上一位 ${number} ${CASE_TEXT.unrecorded.zh}`,
  en: `Last visitor ${number} ${CASE_TEXT.unrecorded.en}`,
});
