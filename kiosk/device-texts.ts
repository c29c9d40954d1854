/** What the kiosk says about its printer and scans, Chinese first. */
import type { Text } from '../state-machines/client/web/i18n.ts';
import { KIOSK_PHRASES as SAID } from '../state-machines/voice/kiosk-speech.ts';
import type { PrinterStatus } from '../state-machines/devices/printer-status.ts';

export const DT = {
  printing: { zh: '正在打印凭条…', en: 'Printing your ticket…' },
  printed: { zh: '凭条已打印，请取走', en: 'Your ticket has printed: please take it' },
  notPrinted: { zh: '凭条未能打印', en: 'Your ticket could not be printed' },
  maybePrinted: { zh: '凭条可能未完整打印', en: 'Your ticket may not have printed completely' },
  noPrinter: { zh: '本机不打印凭条', en: 'This kiosk does not print tickets' },
  photo: { zh: '请拍照留存', en: 'Please take a photo of this screen' },
  photoHint: { zh: '叫号以屏幕和语音为准，凭号码即可办理', en: 'Your number is all you need when it is called' },
  scanToFollow: { zh: '手机扫码查看排队进度', en: 'Scan to follow the queue on your phone' },
  printerOutHome: {
    zh: '打印机暂停服务：仍可取号，号码显示在屏幕上，请拍照留存',
    en: 'Printer out of service: you can still take a number — it is shown on screen, please photograph it',
  },
  scanned: { zh: '已识别', en: 'Scanned' },
  close: { zh: '关闭', en: 'Close' },
} satisfies Record<string, Text>;

export const printerProblem = (status: PrinterStatus): Text => {
  switch (status) {
    case 'paper_out':
      return { zh: '打印机缺纸', en: 'The printer is out of paper' };
    case 'cover_open':
      return { zh: '打印机盖未关好', en: 'The printer cover is open' };
    case 'offline':
      return { zh: '打印机离线', en: 'The printer is offline' };
    case 'unknown':
      return { zh: '打印机未连接', en: 'The printer is not connected' };
    default:
      return { zh: '打印机正常', en: 'The printer is ready' };
  }
};

export const scanTexts = {
  ticket: (number: string, state: string): Text => ({ zh: `号码 ${number}：${state}`, en: `Number ${number}: ${state}` }),
  // Nothing of the number is ever shown (README § ID cards): only what it means for this visitor.
  idNumber: { zh: SAID['k-id-read'], en: 'ID card read. Please choose a service.' } as Text,
  idElderly: { zh: SAID['k-id-elderly'], en: 'ID card read: you may use the green channel (priority service)' } as Text,
  idInvalid: { zh: SAID['k-id-invalid'], en: 'The ID number could not be read. Please place the card again, or ask at the guidance desk.' } as Text,
  idGreenButton: { zh: SAID['k-id-green'], en: 'Green channel (elderly)' } as Text,
  appointment: (code: string): Text => ({
    zh: `预约码 ${code}：请到咨询导办台办理预约签到`,
    en: `Appointment ${code}: please check in at the guidance desk`,
  }),
  receipt: (no: string): Text => ({ zh: `办件编号 ${no}：请到综合出件窗口查询或取件`, en: `Case ${no}: please ask at the result pick-up windows` }),
  unknown: { zh: '无法识别此码，请咨询导办台', en: 'This code is not recognised. Please ask at the guidance desk.' } as Text,
  ticketUnknown: { zh: '不是今天的号码，请重新取号', en: 'Not one of today’s numbers: please take a new one' } as Text,
};
