import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { EscPos, columnsOf, wrap } from '../../devices/printer/escpos.ts';
import { renderNotice, renderTicket } from '../../devices/printer/ticket-layout.ts';
import { windowRange } from '../../state-machines/client/web/hall-names.ts';
import { decodeEscPos } from '../support/escpos-decoder.ts';
import { SAMPLE_NOTICE, SAMPLE_TICKET } from '../support/ticket-fixtures.ts';

describe('ESC/POS encoder', () => {
  it('encodes Chinese in GB18030 inside Chinese mode (FS &)', () => {
    const bytes = new EscPos().init().line('请').bytes();
    expect([...bytes]).toEqual([0x1b, 0x40, 0x1c, 0x26, 0xc7, 0xeb, 0x0a]);
  });

  it('leaves ASCII-only text outside Chinese mode and skips FS & when the profile says so', () => {
    expect([...new EscPos().line('A1').bytes()]).toEqual([0x41, 0x31, 0x0a]);
    expect([...new EscPos({ chineseMode: false }).line('号').bytes()]).toEqual([...iconv.encode('号', 'GB18030'), 0x0a]);
  });

  it('writes the Epson GS ( k QR sequence with the payload length in pL pH', () => {
    const bytes = new EscPos().qr('ABC', 5).bytes();
    const hex = bytes.toString('hex');
    expect(hex).toContain('1d286b0400314132'); // fn 165 model 2
    expect(hex).toContain('1d286b0300314305'); // fn 167 module 5
    expect(hex).toContain('1d286b0600315030414243'); // fn 180 store: 3 + 3 bytes
    expect(hex.endsWith('1d286b0300315130')).toBe(true); // fn 181 print
  });

  it('prints window numbers as ranges', () => {
    expect(windowRange([1, 4, 5, 6, 8, 9, 10, 11, 12, 13])).toBe('1、4-6、8-13');
    expect(windowRange([5, 6])).toBe('5、6');
    expect(windowRange([1, 4, 5, 6, 8, 9, 10, 11, 12, 13], 'en')).toBe('1, 4–6, 8–13');
    expect(windowRange([])).toBe('');
  });

  it('measures and wraps CJK text by printer columns', () => {
    expect(columnsOf('A号')).toBe(3);
    expect(wrap('一二三四五六', 8)).toEqual(['一二三四', '五六']);
    expect(wrap('', 8)).toEqual(['']);
  });
});

describe('ticket layout (golden, through the decoder)', () => {
  it('decodes back to the hall ticket: Chinese text, big number, QR, cut', () => {
    const d = decodeEscPos(renderTicket(SAMPLE_TICKET));
    expect(d.chineseModeBeforeChinese).toBe(true);
    expect(d.unknown).toEqual([]);
    expect(d.cuts).toBe(1);
    expect(d.qr).toEqual(['http://hall.example/t/2026-11-21/A013']);
    expect(d.lines).toEqual([
      '示范县政务服务中心',
      '取号凭条',
      '-'.repeat(48),
      '综合受理',
      '营业执照设立登记',
      'A013',
      '您前面还有 7 人',
      '预计等待约 18 分钟',
      '-'.repeat(48),
      '办理窗口：1-5 号窗口',
      '等候地点：一楼 综合受理区',
      '取号时间：11月21日（周六）10:00',
      '',
      '手机扫码 查看排队进度',
      '-'.repeat(48),
      '请在休息区等候，留意叫号及大屏显示。',
      '过号后当天可到导办台申请重新排队一次。',
      '请妥善保管此凭条',
    ]);
    expect(d.markup).toContain('[ALIGN center][BOLD on][SIZE 1x2]示范县政务服务中心\n');
    expect(d.markup).toContain('[FEED 1][SIZE 4x4][BOLD on]A013\n');
    expect(d.markup).toMatch(/\[QR model=2\]\[QR module=6\]\[QR ecc=M\]\[QR data="[^"]+"\]\[QR print\]/);
    expect(d.markup.trimEnd().endsWith('[FEED 3][CUT]')).toBe(true);
  });

  it('prints the class mark of a priority ticket (never a reason), large and bold under the number', () => {
    expect(decodeEscPos(renderTicket(SAMPLE_TICKET)).lines.some((l) => l.includes('绿色通道'))).toBe(false);
    const d = decodeEscPos(renderTicket({ ...SAMPLE_TICKET, classMark: '绿色通道 · 优先叫号' }));
    expect(d.markup).toContain('[SIZE 1x2][BOLD on]【绿色通道 · 优先叫号】\n');
    expect(d.lines.indexOf('【绿色通道 · 优先叫号】')).toBe(d.lines.indexOf('A013') + 1);
  });

  it('omits the QR on a printer without GS ( k and fits 58 mm paper', () => {
    const d = decodeEscPos(renderTicket(SAMPLE_TICKET, { chineseMode: true, qr: 'none', columns: 32, qrModule: 4 }));
    expect(d.qr).toEqual([]);
    expect(d.lines.every((l) => columnsOf(l) <= 32)).toBe(true);
  });

  it('prints the 一次性告知书: sections, each paper numbered with its form and copies, wrapped', () => {
    const d = decodeEscPos(renderNotice(SAMPLE_NOTICE));
    expect(d.lines).toContain('一次性告知书');
    expect(d.lines).toContain('【办理依据】');
    expect(d.lines).toContain('【申请材料】');
    expect(d.lines).toContain(' 1. 公司登记（备案）申请书（原件1份）');
    expect(d.lines).toContain('【承诺时限】');
    expect(d.lines).toContain('    1个工作日');
    expect(d.lines).toContain('    不收费');
    expect(d.lines.filter((l) => l.startsWith('    ')).length).toBeGreaterThan(0);
    expect(d.lines.every((l) => columnsOf(l) <= 48)).toBe(true);
    expect(d.lines.some((l) => l.includes('【缺】'))).toBe(false);
    expect(d.cuts).toBe(1);
  });

  it('marks what a turned-away visitor (不予受理) lacked, and lists what the list does not name', () => {
    const missing = { ...SAMPLE_NOTICE, materials: SAMPLE_NOTICE.materials.map((m, i) => ({ ...m, missing: i === 1 })), missingOthers: ['股东会决议'] };
    const d = decodeEscPos(renderNotice(missing, { chineseMode: true, qr: 'none', columns: 32, qrModule: 4 }));
    expect(d.lines.join('')).toContain('本次不予受理');
    expect(d.lines.some((l) => l.startsWith(' 2. 【缺】公司章程'))).toBe(true);
    expect(d.lines).toContain('【其他缺少的材料】');
    expect(d.lines).toContain(' 1. 股东会决议');
    expect(d.lines.every((l) => columnsOf(l) <= 32)).toBe(true);
  });
});
