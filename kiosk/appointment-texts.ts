/** What the kiosk says about appointments (预约), Chinese first. */
import type { Text } from '../state-machines/client/web/i18n.ts';

export const AT = {
  checkInEntry: { zh: '预约签到', en: 'Booked? Check in' },
  checkInEntrySub: { zh: '输入或扫描预约码', en: 'Type or scan your booking code' },
  bookEntry: { zh: '我要预约', en: 'Book a time' },
  bookEntrySub: { zh: '选择日期和时段', en: 'Choose a day and a time' },
  checkInTitle: { zh: '预约签到', en: 'Appointment check-in' },
  enterCode: { zh: '请输入 8 位预约码，或将预约二维码对准扫码口', en: 'Enter your 8-digit booking code, or hold the booking QR code to the scanner' },
  checkIn: { zh: '签到取号', en: 'Check in' },
  checkingIn: { zh: '正在签到，请稍候…', en: 'Checking in…' },
  delete: { zh: '删除', en: 'Delete' },
  clear: { zh: '清空', en: 'Clear' },
  refusedTitle: { zh: '未能签到', en: 'Check-in not possible' },
  walkIn: { zh: '现场取号', en: 'Take a walk-in ticket' },
  tryAgain: { zh: '重新输入', en: 'Try again' },
  bookTitle: { zh: '我要预约', en: 'Book an appointment' },
  chooseQueue: { zh: '请选择预约的业务', en: 'Which service?' },
  chooseSlot: { zh: '请选择日期和时段', en: 'Choose a day and a time' },
  noSlots: { zh: '近期没有可预约的时段，请现场取号', en: 'No free slots soon: please take a walk-in ticket' },
  enterName: { zh: '请输入预约人姓名（实名）', en: 'Your full name (as on your ID)' },
  namePlaceholder: { zh: '点此输入姓名', en: 'Tap to type your name' },
  enterPhone: { zh: '请输入 11 位手机号码', en: 'Your 11-digit mobile number' },
  next: { zh: '下一步', en: 'Next' },
  confirm: { zh: '确认预约', en: 'Confirm booking' },
  booking: { zh: '正在预约，请稍候…', en: 'Booking…' },
  bookedTitle: { zh: '预约成功', en: 'You are booked' },
  yourCode: { zh: '预约码', en: 'Booking code' },
  keepCode: { zh: '请拍照或记下预约码，凭码或二维码签到', en: 'Take a photo or note the code: you check in with it' },
  privacy: { zh: '姓名和手机号仅用于预约，屏幕和凭条只显示部分信息', en: 'Your name and number are used for the booking only and are shown partly hidden' },
  bookFailed: { zh: '未能预约', en: 'Booking not possible' },
  lateRule: { zh: '超过签到时间视为爽约，多次爽约将暂停预约', en: 'Missing the check-in time counts as a no-show; repeated no-shows suspend booking' },
} satisfies Record<string, Text>;

export const checkInWindow = (from: string, to: string): Text => ({
  zh: `请于 ${from}–${to} 到取号机签到`,
  en: `Check in at a kiosk between ${from} and ${to}`,
});

export const bookedFor = (name: string): Text => ({ zh: `预约人：${name}`, en: `Booked for: ${name}` });
