/** Everything the kiosk says, Chinese first. */
import type { Text } from '../state-machines/client/web/i18n.ts';

export const T = {
  chooseService: { zh: '请选择您要办理的业务', en: 'Please choose a service' },
  helpHint: { zh: '如需帮助，请咨询导办台', en: 'Need help? Ask at the guidance desk.' },
  elderlyOn: { zh: '长辈模式', en: 'Large text' },
  elderlyOff: { zh: '标准模式', en: 'Standard view' },
  otherLanguage: { zh: 'English', en: '中文' },
  taking: { zh: '正在取号，请稍候…', en: 'Getting your number…' },
  waitForNetwork: { zh: '网络恢复后即可取号', en: 'You can take a number as soon as the network is back' },
  ticketTitle: { zh: '取号成功', en: 'Here is your number' },
  yourNumber: { zh: '您的号码', en: 'Your number' },
  waitAt: { zh: '等候地点', en: 'Wait at' },
  servingWindows: { zh: '办理窗口', en: 'Windows' },
  issuedAt: { zh: '取号时间', en: 'Issued' },
  waitHere: { zh: '请在休息区等候，留意叫号及大屏显示。', en: 'Please wait in the seating area and watch the screens.' },
  missedNotice: { zh: '过号无效，请重新取号。', en: 'If you miss your call, please take a new number.' },
  done: { zh: '完成', en: 'Done' },
  ok: { zh: '知道了', en: 'OK' },
  previousPage: { zh: '上一页', en: 'Previous' },
  nextPage: { zh: '下一页', en: 'Next' },
} satisfies Record<string, Text>;

export const waitingCount = (n: number): Text => ({ zh: `等候 ${n} 人`, en: `${n} waiting` });

export const peopleAhead = (n: number): Text => ({
  zh: `您前面还有 ${n} 人`,
  en: n === 1 ? '1 person ahead of you' : `${n} people ahead of you`,
});

export const calledTo = (window: number): Text => ({ zh: `请到 ${window} 号窗口办理`, en: `Please go to window ${window}` });

export const windowList = (numbers: number[]): Text => ({
  zh: `${numbers.join('、')} 号窗口`,
  en: `${numbers.length === 1 ? 'Window' : 'Windows'} ${numbers.join(', ')}`,
});

export const backIn = (seconds: number): Text => ({ zh: `${seconds} 秒后自动返回`, en: `Returning in ${seconds} s` });

export const pageOf = (page: number, pages: number): Text => ({ zh: `第 ${page} / ${pages} 页`, en: `Page ${page} of ${pages}` });
