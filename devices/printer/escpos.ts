/**
 * Our own small ESC/POS encoder: the ~15 commands a hall ticket needs.
 *
 * Why not the `escpos` npm package: it has no `GS ( k` (it sends `GS Z`, which
 * Epson-compatible kiosk printers ignore), never sends `FS &` for Chinese, and
 * its status reads hang without a timeout (shared/notes/stack.md §4). This
 * builder is pure (bytes out, no I/O) and golden-tested through the decoder
 * in tests/support/escpos-decoder.ts.
 *
 * Chinese is encoded in GB18030 (iconv-lite) and sent inside Chinese mode
 * (`FS &` … `FS .`) when the printer profile asks for it.
 */
import iconv from 'iconv-lite';

export const ESC = 0x1b;
export const GS = 0x1d;
export const FS = 0x1c;
export const DLE = 0x10;
export const EOT = 0x04;
export const LF = 0x0a;

export type Align = 'left' | 'center' | 'right';

export class EscPos {
  private readonly chunks: Buffer[] = [];
  private chinese = false;

  constructor(private readonly options: { chineseMode: boolean } = { chineseMode: true }) {}

  private raw(...bytes: number[]): this {
    this.chunks.push(Buffer.from(bytes));
    return this;
  }

  /** ESC @: reset the printer's modes (not its buffer of already-printed lines). */
  init(): this {
    this.chinese = false;
    return this.raw(ESC, 0x40);
  }

  /** FS & / FS .: double-byte (Chinese) character mode on or off. */
  chineseMode(on: boolean): this {
    this.chinese = on;
    return on ? this.raw(FS, 0x26) : this.raw(FS, 0x2e);
  }

  align(a: Align): this {
    return this.raw(ESC, 0x61, a === 'left' ? 0 : a === 'center' ? 1 : 2);
  }

  /** GS ! n: character size, 1–8 times in each direction. */
  size(width: number, height: number): this {
    const w = clamp(Math.round(width), 1, 8) - 1;
    const h = clamp(Math.round(height), 1, 8) - 1;
    return this.raw(GS, 0x21, (w << 4) | h);
  }

  bold(on: boolean): this {
    return this.raw(ESC, 0x45, on ? 1 : 0);
  }

  /** Text in GB18030 (ASCII stays one byte); enters Chinese mode first if needed. */
  text(s: string): this {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control bytes in text would be printer commands (ESC, GS): they are stripped on purpose
    const clean = s.replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, '');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII range, to tell whether the text needs the printer's Chinese mode
    if (this.options.chineseMode && !this.chinese && /[^\u0000-\u007f]/.test(clean)) this.chineseMode(true);
    this.chunks.push(iconv.encode(clean, 'GB18030'));
    return this;
  }

  line(s = ''): this {
    return this.text(s).raw(LF);
  }

  /** ESC d n: print and feed n lines. */
  feed(lines: number): this {
    return this.raw(ESC, 0x64, clamp(lines, 0, 255));
  }

  /**
   * Native QR code, Epson `GS ( k`: model 2 (fn 165), module size (fn 167),
   * error correction M (fn 169), store data (fn 180), print (fn 181).
   */
  qr(data: string, moduleSize = 6): this {
    const payload = Buffer.from(data, 'utf8');
    if (payload.length > 7089) throw new RangeError('QR payload too long');
    const storeLength = payload.length + 3;
    this.raw(GS, 0x28, 0x6b, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00);
    this.raw(GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x43, clamp(moduleSize, 1, 16));
    this.raw(GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x45, 0x31);
    this.raw(GS, 0x28, 0x6b, storeLength & 0xff, storeLength >> 8, 0x31, 0x50, 0x30);
    this.chunks.push(payload);
    return this.raw(GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x51, 0x30);
  }

  /** GS V 66 n: feed to the cutter and cut (partial cut leaves a tab on most printers). */
  cut(): this {
    return this.raw(GS, 0x56, 0x42, 0x00);
  }

  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

/** DLE EOT n: real-time status request. */
export function statusRequest(n: 1 | 2 | 3 | 4): Buffer {
  return Buffer.from([DLE, EOT, n]);
}

/** Display width in printer columns: CJK and full-width forms take two. */
export function columnsOf(s: string): number {
  let w = 0;
  for (const ch of s) w += isWide(ch) ? 2 : 1;
  return w;
}

function isWide(ch: string): boolean {
  const c = ch.codePointAt(0) ?? 0;
  return (
    (c >= 0x1100 && c <= 0x115f) ||
    (c >= 0x2e80 && c <= 0xa4cf) ||
    (c >= 0xac00 && c <= 0xd7a3) ||
    (c >= 0xf900 && c <= 0xfaff) ||
    (c >= 0xfe30 && c <= 0xfe4f) ||
    (c >= 0xff00 && c <= 0xff60) ||
    (c >= 0xffe0 && c <= 0xffe6) ||
    c >= 0x20000
  );
}

/** Break text into lines of at most `columns` printer columns, never splitting a character. */
export function wrap(text: string, columns: number, indent = ''): string[] {
  const lines: string[] = [];
  let current = '';
  for (const ch of text) {
    if (columnsOf(current) + columnsOf(ch) > columns) {
      lines.push(current);
      current = indent;
      if (lines.length >= 50) break;
    }
    current += ch;
  }
  if (current.trim() !== '' || lines.length === 0) lines.push(current);
  return lines;
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, n));
}
