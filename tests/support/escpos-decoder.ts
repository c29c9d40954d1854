/**
 * A small ESC/POS decoder for golden tests: recorded printer bytes → readable
 * text with markers, e.g.
 *
 *   [INIT][CN ON][ALIGN center][BOLD on][SIZE 1x2]示范县政务服务中心
 *   [SIZE 4x4]A001
 *   [QR model=2][QR module=6][QR ecc=M][QR data="http://…"][QR print]
 *   [CUT]
 *
 * Text is decoded from GB18030. Unknown control bytes show as [?1f]; the
 * decoder never throws on odd input (it is also what the ticket preview uses).
 */
import iconv from 'iconv-lite';

export interface DecodedLine {
  text: string;
  align: 'left' | 'center' | 'right';
  width: number;
  height: number;
  bold: boolean;
}

export type DecodedBlock =
  | { kind: 'line'; line: DecodedLine }
  | { kind: 'qr'; data: string; module: number }
  | { kind: 'feed'; lines: number }
  | { kind: 'cut' };

export interface Decoded {
  /** Everything with markers, one printed line per line. */
  markup: string;
  /** Printed text only, one entry per line. */
  lines: string[];
  /** Printed QR payloads (stored with fn 180 and printed with fn 181). */
  qr: string[];
  cuts: number;
  /** Chinese mode (FS &) was entered before the first non-ASCII text. */
  chineseModeBeforeChinese: boolean;
  unknown: number[];
  blocks: DecodedBlock[];
}

export function decodeEscPos(bytes: Uint8Array): Decoded {
  const b = Buffer.from(bytes);
  let markup = '';
  const lines: string[] = [];
  const qr: string[] = [];
  const unknown: number[] = [];
  const blocks: DecodedBlock[] = [];
  let cuts = 0;
  let chinese = false;
  let chineseOk = true;
  let sawChinese = false;
  let storedQr: string | undefined;
  let qrModule = 3;
  const style = { align: 'left' as DecodedLine['align'], width: 1, height: 1, bold: false };
  let text: number[] = [];
  let lineText = '';
  let lineStyle: Omit<DecodedLine, 'text'> | undefined;

  const flushText = () => {
    if (text.length === 0) return;
    const s = iconv.decode(Buffer.from(text), 'GB18030');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII range, as the printer's Chinese mode is decided
    if (/[^\u0000-\u007f]/.test(s)) {
      sawChinese = true;
      if (!chinese) chineseOk = false;
    }
    lineStyle ??= { ...style };
    markup += s;
    lineText += s;
    text = [];
  };
  const endLine = () => {
    flushText();
    markup += '\n';
    lines.push(lineText);
    blocks.push({ kind: 'line', line: { text: lineText, ...(lineStyle ?? style) } });
    lineText = '';
    lineStyle = undefined;
  };
  const mark = (m: string) => {
    flushText();
    markup += `[${m}]`;
  };

  let i = 0;
  for (let guard = 0; i < b.length && guard < b.length + 1; guard++) {
    const c = b[i]!;
    const at = (k: number) => b[i + k] ?? 0;
    if (c === 0x0a) {
      endLine();
      i += 1;
    } else if (c === 0x1b && at(1) === 0x40) {
      mark('INIT');
      chinese = false;
      Object.assign(style, { align: 'left', width: 1, height: 1, bold: false });
      i += 2;
    } else if (c === 0x1c && at(1) === 0x26) {
      mark('CN ON');
      chinese = true;
      i += 2;
    } else if (c === 0x1c && at(1) === 0x2e) {
      mark('CN OFF');
      chinese = false;
      i += 2;
    } else if (c === 0x1b && at(1) === 0x61) {
      const n = at(2) % 48;
      style.align = n === 1 ? 'center' : n === 2 ? 'right' : 'left';
      mark(`ALIGN ${style.align}`);
      i += 3;
    } else if (c === 0x1d && at(1) === 0x21) {
      style.width = (at(2) >> 4) + 1;
      style.height = (at(2) & 0x0f) + 1;
      mark(`SIZE ${style.width}x${style.height}`);
      i += 3;
    } else if (c === 0x1b && at(1) === 0x45) {
      style.bold = (at(2) & 1) === 1;
      mark(`BOLD ${style.bold ? 'on' : 'off'}`);
      i += 3;
    } else if (c === 0x1b && at(1) === 0x64) {
      mark(`FEED ${at(2)}`);
      blocks.push({ kind: 'feed', lines: at(2) });
      i += 3;
    } else if (c === 0x1d && at(1) === 0x28 && at(2) === 0x6b) {
      const len = at(3) + at(4) * 256;
      const fn = at(6);
      const params = b.subarray(i + 7, i + 5 + len);
      if (fn === 0x41) mark(`QR model=${at(7) - 0x30}`);
      else if (fn === 0x43) {
        qrModule = at(7);
        mark(`QR module=${qrModule}`);
      } else if (fn === 0x45) mark(`QR ecc=${'LMQH'[at(7) - 0x30] ?? '?'}`);
      else if (fn === 0x50) {
        storedQr = params.subarray(1).toString('utf8');
        mark(`QR data="${storedQr}"`);
      } else if (fn === 0x51) {
        mark('QR print');
        if (storedQr !== undefined) {
          qr.push(storedQr);
          blocks.push({ kind: 'qr', data: storedQr, module: qrModule });
        }
      } else mark(`GS ( k fn=${fn}`);
      i += 5 + len;
    } else if (c === 0x1d && at(1) === 0x56) {
      mark('CUT');
      cuts++;
      blocks.push({ kind: 'cut' });
      i += at(2) >= 65 ? 4 : 3;
    } else if (c === 0x10 && at(1) === 0x04) {
      mark(`STATUS ${at(2)}`);
      i += 3;
    } else if (c < 0x20) {
      unknown.push(c);
      mark(`?${c.toString(16).padStart(2, '0')}`);
      i += 1;
    } else {
      text.push(c);
      i += 1;
    }
  }
  flushText();
  if (lineText) endLine();
  return { markup, lines, qr, cuts, chineseModeBeforeChinese: chineseOk && sawChinese, unknown, blocks };
}
