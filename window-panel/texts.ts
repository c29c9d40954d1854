/** The clerk's panel, Chinese first. */
import type { Text } from '../state-machines/client/web/i18n.ts';

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
  windowStillOpen: { zh: '窗口仍在开放，退出后窗口不会自动关闭', en: 'The window stays open after you sign out' },
  needStaffId: { zh: '请输入工号', en: 'Enter your staff number' },
  needPin: { zh: '请输入 4–12 位数字密码', en: 'Enter your 4–12 digit PIN' },
  needWindow: { zh: '请选择窗口', en: 'Choose a window' },
  supervisorHere: { zh: '主管账号请使用管理端登录', en: 'Supervisors sign in to the admin console, not a window' },
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
} satisfies Record<string, Text>;

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
