import { describe, expect, it } from 'vitest';
import { decodeHidPosReports, encodeHidPosReports, parseHidPosReport } from '../../devices/hid/hid-pos.ts';
import { KeyboardReportDecoder, keyPressReports } from '../../devices/hid/keyboard-report.ts';
import { loadNodeHid } from '../../devices/hid/hid-port.ts';
import { classifyScan, idCheckDigitOk } from '../../state-machines/devices/scan.ts';
import { WedgeDecoder } from '../../state-machines/devices/wedge.ts';

/** A 64-byte HID-POS scanned-data report as node-hid hands it over (report ID first). */
function report(hex: string): Buffer {
  const r = Buffer.alloc(64);
  Buffer.from(hex.replace(/\s+/g, ''), 'hex').copy(r);
  return r;
}

describe('HID-POS scanner reports (usage page 0x8C)', () => {
  it('decodes one report: length, AIM symbology, data', () => {
    // ID 02, length 0x0d, "]C0", then "SL20261121001" (Code 128 receipt number)
    const r = report('02 0d 5d4330 53 4c 32 30 32 36 31 31 32 31 30 30 31');
    expect(parseHidPosReport(r)).toMatchObject({ length: 13, aim: ']C0', more: false });
    expect(decodeHidPosReports([r])).toEqual([{ aim: ']C0', text: 'SL20261121001' }]);
  });

  it('joins continuation reports (byte 62 after the ID) into one scan', () => {
    const url = `http://hall.test/t/2026-11-21/A013?${'x'.repeat(80)}`;
    const reports = encodeHidPosReports(url);
    expect(reports).toHaveLength(3);
    expect(reports.map((r) => r[63])).toEqual([1, 1, 0]);
    expect(decodeHidPosReports(reports)).toEqual([{ aim: ']Q1', text: url }]);
  });

  it('ignores other report IDs and short reports', () => {
    expect(decodeHidPosReports([Buffer.from([0x04, 1, 2, 3, 4, 5, 6]), Buffer.from([0x02, 1])])).toEqual([]);
  });

  it('reads Chinese from a scanner set to GB18030', () => {
    const r = report('02 04 5d5131 c7eb b5bd');
    expect(decodeHidPosReports([r], 'gb18030')[0]?.text).toBe('请到');
  });
});

describe('keypad keyboard reports', () => {
  it('counts a key once per press, not while held', () => {
    const k = new KeyboardReportDecoder();
    const [down, up] = keyPressReports(0x59);
    expect(k.push(down!)).toEqual([0x59]);
    expect(k.push(down!)).toEqual([]);
    expect(k.push(up!)).toEqual([]);
    expect(k.push(down!)).toEqual([0x59]);
    expect(k.push(Buffer.from([1, 0, 0, 0, 0, 0, 0, 0, 0]), true)).toEqual([]);
  });
});

describe('scan routing', () => {
  /** 2026-11-21, Shanghai; the holder of 11010519491231002X is 76. */
  const RULE = { now: Date.parse('2026-11-21T02:00:00Z'), timeZone: 'Asia/Shanghai', elderlyAge: 60 };
  const classify = (raw: string) => classifyScan(raw, RULE);
  it('tells a ticket QR, an appointment, an ID number and a receipt number apart', () => {
    expect(classify('http://hall.test/t/2026-11-21/A013\r')).toEqual({ kind: 'ticket', value: '2026-11-21/A013' });
    // The printed QR carries the ticket's rating key; the kiosk only needs the ticket (the key goes nowhere).
    expect(classify('http://hall.test/t/2026-11-21/A013?k=Ab3_-x9QzT0w\r')).toEqual({ kind: 'ticket', value: '2026-11-21/A013' });
    expect(classify('YCAPPT:ab12cd34')).toEqual({ kind: 'appointment', value: 'ab12cd34' });
    expect(classify('https://zwfw.example/a/Q7Z9K2')).toEqual({ kind: 'appointment', value: 'Q7Z9K2' });
    // Nothing of an ID number is kept, not even masked: only whether the holder is at least the hall's age.
    expect(classify('11010519491231002X')).toEqual({ kind: 'id-number', value: '', elderly: true });
    expect(classify('110105194912310021')).toEqual({ kind: 'id-invalid', value: '' }); // bad check digit
    expect(classify('110105491231002')).toEqual({ kind: 'id-invalid', value: '' }); // a 15-digit first-generation number
    expect(classify('ID:11010519491231002X;').value).toBe('ID:…;');
    expect(classify('SL20261121001')).toEqual({ kind: 'receipt', value: 'SL20261121001' });
    expect(classify('hello').kind).toBe('unknown');
  });

  it('checks GB 11643 check digits', () => {
    expect(idCheckDigitOk('11010519491231002X')).toBe(true);
    expect(idCheckDigitOk('11010519491231002x')).toBe(true);
    expect(idCheckDigitOk('110105194912310021')).toBe(false);
  });
});

describe('keyboard-wedge scanner timing', () => {
  const typeAt = (w: WedgeDecoder, text: string, start: number, gap: number) => {
    let t = start;
    for (const ch of text) {
      expect(w.key(ch, t)).toBeUndefined();
      t += gap;
    }
    return w.key('Enter', t);
  };

  it('takes a fast burst ending in Enter as a scan', () => {
    expect(typeAt(new WedgeDecoder(), '11010519491231002X', 0, 8)).toBe('11010519491231002X');
  });

  it('ignores a person typing, and a burst too short to be a code', () => {
    expect(typeAt(new WedgeDecoder(), '11010519491231002X', 0, 180)).toBeUndefined();
    expect(typeAt(new WedgeDecoder(), '123', 0, 5)).toBeUndefined();
  });

  it('starts over after a pause inside a burst', () => {
    const w = new WedgeDecoder();
    typeAt(w, 'junk', 0, 5);
    expect(typeAt(w, 'SL20261121001', 10_000, 5)).toBe('SL20261121001');
  });
});

describe('node-hid loading', () => {
  it('reports unavailable instead of throwing when the native module cannot load', async () => {
    const result = await loadNodeHid(() => Promise.reject(new Error('libusb-1.0.so.0: cannot open shared object file')));
    expect(result).toEqual({ ok: false, reason: expect.stringContaining('libusb-1.0.so.0') });
  });

  it('opens the HID-POS interface of a scanner that also shows a keyboard interface (same vendor and product)', async () => {
    const opened: string[] = [];
    const fake = {
      devicesAsync: async () => [
        { vendorId: 0x0c2e, productId: 0x0b61, path: '/dev/hidraw0', usagePage: 0x01 }, // the keyboard interface
        { vendorId: 0x0c2e, productId: 0x0b61, path: '/dev/hidraw1', usagePage: 0x8c }, // HID POS
      ],
      HIDAsync: {
        open: async (path: string) => {
          opened.push(path);
          return { sendFeatureReport: async () => 2, on: () => undefined, close: async () => undefined };
        },
      },
    };
    const result = await loadNodeHid(async () => fake);
    if (!result.ok) throw new Error(result.reason);
    await result.open({ vendorId: 0x0c2e, productId: 0x0b61 });
    expect(opened).toEqual(['/dev/hidraw1']);
  });

  it('loads the real node-hid here (libusb-1.0-0 installed)', async () => {
    const result = await loadNodeHid();
    expect(result.ok).toBe(true);
  });
});
