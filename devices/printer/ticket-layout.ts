/**
 * What goes on paper: the queue ticket (取号凭条) and the 一次性告知书
 * (materials, conditions, steps, promise, fee), laid out for 80 mm (48 columns) or 58 mm paper.
 * Pure: a print model in, ESC/POS bytes out.
 */
import type { PrinterProfile } from '../../state-machines/devices/peripherals-config.ts';
// One range formatter for paper and screens (1、4-6、8-13), kept with the screens' names.
import { windowRange } from '../../state-machines/client/web/hall-names.ts';
import { describeInstant } from '../../state-machines/hall/schedule.ts';
import { EscPos, wrap } from './escpos.ts';

/** Everything a ticket shows; built by the server from the hall config and state. */
export interface TicketPrint {
  hallName: string;
  /** 排队业务: the queue's Chinese name. */
  queueName: string;
  /** 事项, when the visitor chose one. */
  itemName?: string | undefined;
  number: string;
  /** Windows that call this queue, in number order. */
  windows: number[];
  floorName?: string | undefined;
  zoneName?: string | undefined;
  /** 绿色通道 · 优先叫号 / 预约 · 优先叫号 for a priority ticket (the class only: the green-channel reason is private). */
  classMark?: string | undefined;
  /** 您前面还有 N 人, worded by state-machines/hall/visitor-texts.ts like every other surface. */
  ahead: string;
  /** 预计等待约 M 分钟, 无需等待…, 窗口暂未开放… or 暂无法估计 (visitor-texts.ts). */
  wait: string;
  /** The hall's own 过号 rule (visitor-texts.ts, from queueRules.noShow). */
  noShowRule: string;
  issuedAt: number;
  timeZone: string;
  /** The ticket's phone page, encoded in the QR code. */
  qrUrl: string;
}

/**
 * The 一次性告知书 of an item or a 一件事 bundle (state-machines/hall/notice.ts), with — for a visitor turned
 * away (不予受理) — the papers that were missing marked, and what was missing that the list does not name.
 */
export interface NoticePrint {
  hallName: string;
  itemName: string;
  /** A bundle's items by name (一件事), empty for one item. */
  bundleItems: string[];
  queueName?: string | undefined;
  basis: string[];
  conditions: string[];
  /** Each paper's line, "居民身份证（原件及复印件 各1份）"; `missing`: marked 【缺】. */
  materials: { line: string; missing: boolean }[];
  /** 不予受理: missing papers the list does not name (typed by the clerk); undefined: not a turned-away slip. */
  missingOthers?: string[] | undefined;
  steps: string[];
  /** "20个工作日" or "即办" (承诺时限). */
  promise: string;
  fee?: string | undefined;
  printedAt: number;
  timeZone: string;
}

export const TICKET_TEXT = {
  title: '取号凭条',
  windows: (w: number[]) => `办理窗口：${windowRange(w)} 号窗口`,
  place: (p: string) => `等候地点：${p}`,
  issued: (t: string) => `取号时间：${t}`,
  scan: '手机扫码 查看排队进度',
  waitHere: '请在休息区等候，留意叫号及大屏显示。',
  keep: '请妥善保管此凭条',
  materialsTitle: '一次性告知书',
  materialsNote: '请按清单备齐材料，原件与复印件一并携带。如有疑问请咨询导办台。',
  rejectedNote: '本次不予受理：请补齐标【缺】的材料后再来办理，无需重复提交其余材料。',
  missingMark: '【缺】',
} as const;

type Profile = Pick<PrinterProfile, 'chineseMode' | 'qr' | 'columns' | 'qrModule'>;

const DEFAULT_PROFILE: Profile = { chineseMode: true, qr: 'gs(k', columns: 48, qrModule: 6 };

export function renderTicket(t: TicketPrint, profile: Profile = DEFAULT_PROFILE): Buffer {
  const cols = profile.columns;
  const p = new EscPos({ chineseMode: profile.chineseMode }).init();
  if (profile.chineseMode) p.chineseMode(true);
  p.align('center').bold(true).size(1, 2);
  for (const l of wrap(t.hallName, Math.floor(cols))) p.line(l);
  p.size(1, 1).bold(false).line(TICKET_TEXT.title).line('-'.repeat(cols));
  p.bold(true).line(t.queueName).bold(false);
  if (t.itemName) for (const l of wrap(t.itemName, cols)) p.line(l);
  p.feed(1);
  // The number in very large type: 4× wide, 4× high fits "A013" on 58 mm paper too.
  p.size(4, 4).bold(true).line(t.number).size(1, 1).bold(false);
  if (t.classMark) p.size(1, 2).bold(true).line(`【${t.classMark}】`).size(1, 1).bold(false);
  p.feed(1);
  p.size(1, 2).line(t.ahead).size(1, 1);
  for (const l of wrap(t.wait, cols)) p.line(l);
  p.line('-'.repeat(cols)).align('left');
  for (const l of wrap(TICKET_TEXT.windows(t.windows), cols, '          ')) p.line(l);
  const place = [t.floorName, t.zoneName].filter(Boolean).join(' ');
  if (place) for (const l of wrap(TICKET_TEXT.place(place), cols, '          ')) p.line(l);
  p.line(TICKET_TEXT.issued(formatDateTime(t.issuedAt, t.timeZone)));
  p.align('center');
  if (profile.qr === 'gs(k') {
    p.feed(1).qr(t.qrUrl, profile.qrModule).line().line(TICKET_TEXT.scan);
  }
  p.line('-'.repeat(cols));
  for (const l of wrap(TICKET_TEXT.waitHere, cols)) p.line(l);
  p.bold(true);
  for (const l of wrap(t.noShowRule, cols)) p.line(l);
  p.bold(false);
  p.line(TICKET_TEXT.keep);
  return p.feed(3).cut().bytes();
}

export function renderNotice(m: NoticePrint, profile: Profile = DEFAULT_PROFILE): Buffer {
  const cols = profile.columns;
  const p = new EscPos({ chineseMode: profile.chineseMode }).init();
  if (profile.chineseMode) p.chineseMode(true);
  p.align('center').bold(true);
  for (const l of wrap(m.hallName, cols)) p.line(l);
  p.size(1, 2).line(TICKET_TEXT.materialsTitle).size(1, 1).bold(false).line('-'.repeat(cols));
  p.align('left').bold(true);
  for (const l of wrap(`办理事项：${m.itemName}`, cols, '          ')) p.line(l);
  p.bold(false);
  if (m.bundleItems.length > 0) for (const l of wrap(`一件事包含：${m.bundleItems.join('、')}`, cols, '            ')) p.line(l);
  if (m.queueName) p.line(`排队业务：${m.queueName}`);
  const turnedAway = m.missingOthers !== undefined;
  if (turnedAway) {
    p.line('-'.repeat(cols)).bold(true);
    for (const l of wrap(TICKET_TEXT.rejectedNote, cols)) p.line(l);
    p.bold(false);
  }
  p.line('-'.repeat(cols));
  const section = (title: string, lines: readonly string[], indent = '    ') => {
    if (lines.length === 0) return;
    p.bold(true).line(`【${title}】`).bold(false);
    lines.slice(0, 60).forEach((text, i) => {
      for (const l of wrap(`${String(i + 1).padStart(2, ' ')}. ${text}`, cols, indent)) p.line(l);
    });
  };
  section('办理依据', m.basis);
  section('受理条件', m.conditions);
  section(
    '申请材料',
    m.materials.map((x) => (x.missing ? `${TICKET_TEXT.missingMark}${x.line}` : x.line)),
  );
  if (turnedAway) section('其他缺少的材料', m.missingOthers ?? []);
  section('办理流程', m.steps);
  p.bold(true).line('【承诺时限】').bold(false).line(`    ${m.promise}`);
  if (m.fee) {
    p.bold(true).line('【收费标准】').bold(false);
    for (const l of wrap(`    ${m.fee}`, cols, '    ')) p.line(l);
  }
  p.line('-'.repeat(cols));
  for (const l of wrap(TICKET_TEXT.materialsNote, cols)) p.line(l);
  p.line(`打印时间：${formatDateTime(m.printedAt, m.timeZone)}`);
  return p.feed(3).cut().bytes();
}

/** "11月21日（周六）10:00" in the hall's time zone: the date the hall's way, as on every screen (never ISO). */
export function formatDateTime(at: number, timeZone: string): string {
  return describeInstant(at, timeZone).zh;
}
