/**
 * What a visitor is told about their case (办件), in both languages: on the
 * phone page of the ticket that was accepted, and on the kiosk after a 出件
 * ticket. Status only — the 办件编号 reveals nothing else (README § Cases).
 */
import type { PublicHallConfig } from '../../config/hall-config.ts';
import { windowRange } from './hall-names.ts';
import { CASE_STATUS_NAMES, type CaseRecord } from '../../domain/case.ts';
import { describeDay } from '../../hall/schedule.ts';

type Text = { zh: string; en: string };

/** The 出件 windows (type 综合出件), as the hall says them: 2、3 号窗口（综合出件窗口）. */
export function pickupWindowsText(config: PublicHallConfig): Text {
  const windows = config.windows.filter((w) => w.type === '综合出件');
  const numbers = windows.map((w) => w.number);
  if (numbers.length === 0) return { zh: '服务台', en: 'the service desk' };
  return {
    zh: `${windowRange(numbers)} 号窗口（${windows[0]!.name}）`,
    en: `window${numbers.length > 1 ? 's' : ''} ${windowRange(numbers, 'en')} (${windows[0]!.nameEn ?? 'pick-up'})`,
  };
}

/** Where the case stands, and what to do: 可取件 and where, the promised day, or that EMS will bring it. */
export function caseProgressText(config: PublicHallConfig, c: CaseRecord, today?: string): { state: Text; detail: Text | undefined } {
  const status = CASE_STATUS_NAMES[c.status];
  const promised = c.promisedDay === undefined ? undefined : describeDay(c.promisedDay, today);
  switch (c.status) {
    case 'ready': {
      if (c.delivery !== undefined)
        return { state: { zh: '已办结', en: 'Completed' }, detail: { zh: '将通过中国邮政EMS免费寄出，请留意查收', en: 'It will be sent to you free by EMS' } };
      const where = pickupWindowsText(config);
      return {
        state: { zh: '可取件', en: 'Ready for pick-up' },
        detail: { zh: `请到 ${where.zh}取件，可在取号机输入办件编号取号`, en: `Pick it up at ${where.en}; take a ticket at a kiosk with the 办件编号` },
      };
    }
    case 'accepted':
    case 'pending_materials':
      return { state: status, detail: promised && { zh: `承诺办结日：${promised.zh}`, en: `Promised by ${promised.en}` } };
    case 'mailed':
      return { state: status, detail: c.waybillNo === undefined ? undefined : { zh: `EMS运单号：${c.waybillNo}`, en: `EMS waybill: ${c.waybillNo}` } };
    default:
      return { state: status, detail: undefined };
  }
}
