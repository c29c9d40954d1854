/** Everything the kiosk says, Chinese first. The words it also reads aloud come from the voice's phrases (SAID), so screen and voice agree. */
import { windowRange } from '../state-machines/client/web/hall-names.ts';
import type { Text } from '../state-machines/client/web/i18n.ts';
import { KIOSK_PHRASES as SAID } from '../state-machines/voice/kiosk-speech.ts';

export const T = {
  chooseService: { zh: SAID['k-choose'], en: 'Please choose a service' },
  helpHint: { zh: '如需帮助，请咨询导办台', en: 'Need help? Ask at the guidance desk.' },
  elderlyOn: { zh: '长辈模式', en: 'Large text' },
  readAloud: { zh: '语音播报', en: 'Listen' },
  readAgain: { zh: '重复播报', en: 'Repeat' },
  /** The voice is on but this kiosk cannot play sound (no voice anywhere, or its speaker is blocked): said plainly. */
  voiceUnavailable: { zh: '语音暂不可用', en: 'No sound' },
  elderlyOff: { zh: '标准模式', en: 'Standard view' },
  otherLanguage: { zh: 'English', en: '中文' },
  taking: { zh: '正在取号，请稍候…', en: 'Getting your number…' },
  waitForNetwork: { zh: '网络恢复后即可取号', en: 'You can take a number as soon as the network is back' },
  ticketTitle: { zh: SAID['k-ticket'], en: 'Here is your number' },
  yourNumber: { zh: SAID['k-your-number'], en: 'Your number' },
  waitAt: { zh: '等候地点', en: 'Wait at' },
  servingWindows: { zh: '办理窗口', en: 'Windows' },
  issuedAt: { zh: '取号时间', en: 'Issued' },
  waitHere: { zh: '请在休息区等候，留意叫号及大屏显示。', en: 'Please wait in the seating area and watch the screens.' },
  closedToday: { zh: SAID['k-closed-today'], en: 'No more today' },
  fullToday: { zh: SAID['k-full-today'], en: 'All taken today' },
  numbersUsedUp: { zh: SAID['k-numbers-used-up'], en: 'Numbers used up today' },
  notYet: { zh: SAID['k-not-yet'], en: 'Not open yet' },
  middayBreak: { zh: SAID['k-midday-break'], en: 'Midday break' },
  closedDay: { zh: SAID['k-closed-day'], en: 'Closed today' },
  noTicket: { zh: SAID['k-no-ticket'], en: 'No ticket was issued' },
  greenChannel: { zh: '绿色通道 · 优先办理', en: 'Green channel · priority service' },
  greenChannelWho: { zh: '老年人 · 残疾人 · 孕妇 · 军人 · 急事急办', en: 'Elderly · disabled · pregnant · military · urgent' },
  greenTitle: { zh: '绿色通道 · 优先办理', en: 'Green channel · priority service' },
  greenChooseWho: { zh: SAID['k-green-who'], en: 'Which applies to you?' },
  greenCheck: { zh: '工作人员可能会核实，谢谢配合。', en: 'Staff may check. Thank you.' },
  greenChooseService: { zh: SAID['k-green-choose'], en: 'Green channel: please choose a service' },
  lookupEntry: { zh: SAID['k-lookup'], en: 'Check my number' },
  lookupEntrySub: { zh: '输入或扫描凭条号码', en: 'Type or scan your ticket' },
  lookupTitle: { zh: SAID['k-lookup'], en: 'Where is my number?' },
  lookupPrompt: {
    zh: '请输入凭条上的号码：先选字母，再按数字；也可将凭条二维码对准扫码口',
    en: 'Type the number on your ticket — its letter, then the digits — or hold the ticket’s QR code to the scanner',
  },
  lookupLetter: { zh: '号码字母', en: 'Letter' },
  lookupSubmit: { zh: '查询', en: 'Check' },
  lookupUnknown: { zh: '没有查到今天的这个号码，请核对凭条', en: 'No such number today: please check your ticket' },
  back: { zh: '返回', en: 'Back' },
  done: { zh: '完成', en: 'Done' },
  ok: { zh: '知道了', en: 'OK' },
  previousPage: { zh: '上一页', en: 'Previous' },
  nextPage: { zh: '下一页', en: 'Next' },
} satisfies Record<string, Text>;

/** Why a tile is full: the hall's 每日限号, or the last number the queue's digits can write. */
export const dailyCapReason = (cap: number): Text => ({ zh: `每日限号 ${cap} 个`, en: `Daily limit: ${cap}` });
export const lastNumberReason = (last: string): Text => ({ zh: `号码已发到 ${last}`, en: `Last number ${last} issued` });

export const GREEN_REASON_TEXT: Record<'elderly' | 'disabled' | 'pregnant' | 'military' | 'urgent', Text & { icon: string }> = {
  elderly: { zh: '老年人', en: 'Elderly', icon: '老' },
  disabled: { zh: '残疾人', en: 'Disabled', icon: '残' },
  pregnant: { zh: '孕妇', en: 'Pregnant', icon: '孕' },
  military: { zh: '军人', en: 'Military', icon: '军' },
  urgent: { zh: '急事急办', en: 'Urgent', icon: '急' },
};

/** 办理窗口 as a range, the same as the paper ticket: 1、4-6、8-13 号窗口. */
export const windowList = (numbers: number[]): Text => ({
  zh: `${windowRange(numbers)} 号窗口`,
  en: `${numbers.length === 1 ? 'Window' : 'Windows'} ${windowRange(numbers, 'en')}`,
});

export const backIn = (seconds: number): Text => ({ zh: `${seconds} 秒后自动返回`, en: `Returning in ${seconds} s` });

export const pageOf = (page: number, pages: number): Text => ({ zh: `第 ${page} / ${pages} 页`, en: `Page ${page} of ${pages}` });
