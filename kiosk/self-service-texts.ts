/** What the 7×24 self-service kiosk says once the hall is closed (README § 7×24 self-service), Chinese first. */
import type { Text } from '../state-machines/client/web/i18n.ts';
import type { PublicHallConfig } from '../state-machines/config/hall-config.ts';
import { KIOSK_PHRASES as SAID, type KioskPhrase } from '../state-machines/voice/kiosk-speech.ts';

export const ST = {
  title: { zh: '7×24小时自助服务区', en: '24/7 self-service' },
  anyHour: { zh: SAID['k-any-hour'], en: 'These work at any hour' },
  waitsTitle: { zh: SAID['k-after-opening'], en: 'These wait for opening hours' },
  takeNumber: { zh: SAID['k-take-number'], en: 'Taking a number for a service' },
  checkIn: { zh: '预约签到（预约当日到厅）', en: 'Checking in a booking (on its day)' },
  green: { zh: '绿色通道优先办理', en: 'Green-channel priority service' },
  pickUp: { zh: `${SAID['k-pick-up']}（出件）`, en: 'Collecting a result (pick-up)' },
  caseStatus: { zh: '办件查询', en: 'My case' },
  caseStatusSub: { zh: '输入办件编号，查看能否取件', en: 'Type the case number: is it ready?' },
  notice: { zh: '一次性告知', en: 'What to bring' },
  noticeSub: { zh: '查找事项，打印告知单', en: 'Find a service, print the list' },
} satisfies Record<string, Text>;

/**
 * What a visitor at night must come back for, in the hall's terms: only what this hall offers. Each with what the
 * screen shows and the phrase the kiosk says for it (screen-speech.ts reads the same list, in the same order).
 */
export function waitsForOpening(config: PublicHallConfig): { text: Text; said: KioskPhrase }[] {
  return [
    { text: ST.takeNumber, said: 'k-take-number' },
    ...(config.queues.some((q) => q.appointments) ? [{ text: ST.checkIn, said: 'k-check-in' as const }] : []),
    { text: ST.green, said: 'k-green' },
    ...(config.windows.some((w) => w.type === '综合出件') ? [{ text: ST.pickUp, said: 'k-pick-up' as const }] : []),
  ];
}
