/**
 * Words of the 导办台 (guide-desk.tsx), the 咨询 dialog (enquiry-dialog.tsx)
 * and the supervisor's 办不成事反映 card (complaints.tsx), zh-CN first.
 */
import type { Text } from '../state-machines/client/web/i18n.ts';

export const GUIDE = {
  title: { zh: '导办台', en: 'Guide desk' },
  loginOption: { zh: '导办台（不选窗口）', en: 'Guide desk (no window)' },
  // 首问负责
  helpTitle: { zh: '首问负责登记', en: 'First-asked help' },
  item: { zh: '事项（选填）', en: 'Item (optional)' },
  noItem: { zh: '— 不涉及具体事项 —', en: '— no particular item —' },
  question: { zh: '群众问的问题', en: 'What the visitor asked' },
  answer: { zh: '答复内容', en: 'The answer given' },
  handedTo: { zh: '引导去向（选填）', en: 'Handed to (optional)' },
  handedNone: { zh: '当场答复，无需引导', en: 'Answered here' },
  handedWindow: { zh: '引导至窗口', en: 'To a window' },
  handedPerson: { zh: '转交工作人员', en: 'To a person' },
  person: { zh: '工作人员姓名/部门', en: 'Name or department' },
  recordHelp: { zh: '登记', en: 'Record' },
  /** `n`: the help's number of the day (H3), not its id with the ISO day. */
  helpRecorded: (n: string): Text => ({ zh: `已登记（今日第 ${n.replace('H', '')} 条）`, en: `Recorded (no. ${n.replace('H', '')} today)` }),
  todayHelp: (n: number): Text => ({ zh: `今日首问登记 ${n} 次`, en: `${n} help record(s) today` }),
  // 帮办
  ticketTitle: { zh: '帮办取号', en: 'Take a ticket for a visitor' },
  queue: { zh: '业务', en: 'Service' },
  takeTicket: { zh: '代取号', en: 'Take ticket' },
  ticketTaken: (number: string): Text => ({ zh: `已代取号：${number}`, en: `Ticket taken: ${number}` }),
  ticketAhead: (ahead: number): Text => ({ zh: `前面还有 ${ahead} 人`, en: `${ahead} ahead` }),
  noPrinter: { zh: '导办台未配打印机：请将号码告知群众，或带群众到取号机', en: 'No printer at this desk: tell the visitor the number' },
  // 办不成事反映
  complaintTitle: { zh: '办不成事反映', en: '“Could not get it done” complaint' },
  what: { zh: '反映内容（什么事没办成）', en: 'What could not be done' },
  name: { zh: '群众姓名（选填）', en: 'Visitor’s name (optional)' },
  phone: { zh: '联系电话（选填，11 位手机号）', en: 'Mobile (optional, 11 digits)' },
  privacy: {
    zh: '姓名、电话仅以掩码记录（如 张*三、138****1234），不保存完整号码',
    en: 'Name and phone are recorded masked only; the full number is not kept',
  },
  fileComplaint: { zh: '提交值班主任', en: 'Send to the supervisor' },
  complaintFiled: (id: string, due: string): Text => ({ zh: `已提交 ${id}，${due}前答复`, en: `Filed ${id}, to be answered by ${due}` }),
  signOut: { zh: '退出登录', en: 'Sign out' },
} as const;

export const ENQUIRY = {
  record: { zh: '登记咨询', en: 'Record enquiry' },
  lastServed: (number: string): Text => ({ zh: `上一位 ${number} 已办结，请登记咨询内容`, en: `Last visitor ${number} done: record the enquiry` }),
  title: (number: string): Text => ({ zh: `咨询登记 ${number}`, en: `Record the enquiry of ${number}` }),
  topic: { zh: '咨询事项或主题', en: 'Item or topic asked about' },
  answer: { zh: '答复内容', en: 'The answer given' },
  submit: { zh: '确认登记', en: 'Record' },
  need: { zh: '请填写咨询主题和答复内容', en: 'Fill in the topic and the answer' },
} as const;

export const COMPLAINTS = {
  title: { zh: '办不成事反映', en: 'Complaints (could not get it done)' },
  counts: (open: number, overdue: number): Text => ({
    zh: `待办 ${open} 件${overdue > 0 ? `，逾期 ${overdue} 件` : ''}`,
    en: `${open} open${overdue > 0 ? `, ${overdue} overdue` : ''}`,
  }),
  kpi: (enquiries: number, help: number): Text => ({
    zh: `今日咨询 ${enquiries} 件 · 首问负责 ${help} 次`,
    en: `Today: ${enquiries} enquiries · ${help} first-asked help`,
  }),
  none: { zh: '暂无待办反映', en: 'No open complaints' },
  due: (day: string): Text => ({ zh: `${day}前答复`, en: `due ${day}` }),
  overdue: { zh: '已逾期', en: 'Overdue' },
  take: { zh: '接手处理', en: 'Take it on' },
  reply: { zh: '办理结果', en: 'What was done' },
  resolve: { zh: '办结', en: 'Resolve' },
  filedBy: (guide: string): Text => ({ zh: `导办 ${guide}`, en: `by ${guide}` }),
} as const;
