/** Wall and window screens: Chinese large, English small beneath (halls have foreign visitors too). */
import type { Text } from '../state-machines/client/web/i18n.ts';

export const T = {
  nowCalling: { zh: '正在呼叫', en: 'Now calling' },
  recentCalls: { zh: '最近呼叫', en: 'Recent calls' },
  windows: { zh: '窗口动态', en: 'Windows' },
  noWindowsOpen: { zh: '暂无开放窗口', en: 'No window open' },
  welcome: { zh: '欢迎光临，请取号等候', en: 'Welcome. Please take a number and wait to be called.' },
  noCallsYet: { zh: '暂无呼叫', en: 'No calls yet' },
  available: { zh: '空闲', en: 'Available' },
  calling: { zh: '正在呼叫', en: 'Calling' },
  serving: { zh: '办理中', en: 'Serving' },
  paused: { zh: '暂停服务', en: 'Paused' },
  /** A closed window says so once (the status line); a paused one is 暂停服务 — the clerk is coming back. */
  closed: { zh: '窗口已关闭', en: 'Window closed' },
  currentNumber: { zh: '当前号码', en: 'Now serving' },
  staffNo: { zh: '工号', en: 'Staff No.' },
  postA: { zh: 'A岗', en: 'Post A' },
  postB: { zh: 'B岗（顶岗）', en: 'Post B (covering)' },
  bCovering: { zh: 'B岗代办', en: 'Covering for post A' },
  thisWindowServes: { zh: '本窗口办理', en: 'This window serves' },
  hours: { zh: '办公时间', en: 'Opening hours' },
  /** The hall-phase machine's late-day states, told to the people still waiting. */
  ticketsStopped: { zh: '今日已停止取号 · 已取号的群众请耐心等候', en: 'No more tickets today · everyone holding a ticket will be served' },
  extendedService: { zh: '延时服务中 · 办结最后一位群众后闭厅', en: 'Extended service · open until the last ticket is served' },
  /** Staff-facing (voice-notice.tsx): why a wall display is silent. */
  voiceOff: { zh: '语音未开启：请检查音箱/浏览器自动播放设置', en: 'Voice is off: check the speakers and the browser autoplay setting' },
  voiceNoVoice: {
    zh: '浏览器无中文语音，服务器语音也不可用（请在服务器安装 espeak-ng）',
    en: 'No Mandarin browser voice and no server voice (install espeak-ng on the server)',
  },
  voiceAutoplayBlocked: {
    zh: '浏览器禁止自动播放（请加 --autoplay-policy=no-user-gesture-required 启动）',
    en: 'The browser blocks autoplay (start it with --autoplay-policy=no-user-gesture-required)',
  },
  voicePlaybackFailed: { zh: '无法播放声音，请检查音箱和声卡', en: 'Sound cannot be played: check the speakers and sound card' },
  voiceTapToTest: { zh: '点此试播', en: 'Tap to test' },
  /** The queue panel says what a ticket taken now would be told (the kiosk tile's words): people ahead and the wait. */
  waitingByQueue: { zh: '现在取号', en: 'If you take a number now' },
  /** The queue panel's title when the kiosks issue no tickets. */
  ticketing: { zh: '取号', en: 'Tickets' },
  columnQueue: { zh: '业务', en: 'Service' },
  columnAhead: { zh: '前面', en: 'Ahead' },
  columnWait: { zh: '预计等待', en: 'Wait' },
  recall: { zh: '再次呼叫', en: 'Calling again' },
  /** The hall's closed signs (before opening, midday, after closing, closed days), in place of the welcome. */
  hallStatus: { zh: '大厅公告', en: 'Notice' },
  notOpenYet: { zh: '取号时间未到', en: 'Ticketing has not started yet' },
  middayBreak: { zh: '午间休息', en: 'Midday break' },
  goElsewhere: { zh: '请到以下窗口办理', en: 'Please go to' },
} satisfies Record<string, Text>;

export const windowNo = (n: number): Text => ({ zh: `${n} 号窗口`, en: `Window ${n}` });
export const windowsList = (range: Text, count: number): Text => ({ zh: `${range.zh} 号窗口`, en: `${count === 1 ? 'Window' : 'Windows'} ${range.en}` });
export const callLineEn = (ticket: string, window: number) => `Number ${ticket}, please go to window ${window}`;
export const waitingTotal = (n: number): Text => ({ zh: `等候 ${n} 人`, en: `${n} waiting` });
export const aheadPeople = (n: number): Text => ({ zh: `${n} 人`, en: `${n} ahead` });
