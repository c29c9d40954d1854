/**
 * HID-POS barcode scanners (USB HID usage page 0x8C, usage 0x02), decoded
 * from their input reports. As node-hid delivers them, a report starts with
 * its report ID; the scanned-data report (ID 0x02) is, after that byte:
 *
 *   offset 0      length of the decoded data in this report (≤ 56)
 *   offset 1–3    AIM symbology identifier, e.g. "]Q1" (QR), "]C0" (Code 128)
 *   offset 4–59   decoded data
 *   offset 60     vendor symbology code (Honeywell: 0x73 QR …)
 *   offset 62     non-zero: more data follows in the next report (continuation)
 *
 * A barcode longer than 56 bytes arrives as several reports; they are joined
 * until one says it is the last. Data bytes are UTF-8 (GB18030 from some
 * scanners configured for Chinese: set `encoding`).
 */
import iconv from 'iconv-lite';

export const HID_POS_USAGE_PAGE = 0x8c;
export const HID_POS_SCANNED_DATA_REPORT = 0x02;
const MAX_DATA = 56;
const MAX_SCAN_BYTES = 8192;

export interface HidPosReport {
  length: number;
  aim: string;
  data: Buffer;
  more: boolean;
}

export interface HidPosScan {
  aim: string;
  text: string;
}

/** One report (report ID first) → its fields, or undefined if it is not a scanned-data report. */
export function parseHidPosReport(report: Uint8Array): HidPosReport | undefined {
  if (report.length < 6 || report[0] !== HID_POS_SCANNED_DATA_REPORT) return undefined;
  const body = Buffer.from(report.subarray(1));
  const length = Math.min(body[0] ?? 0, MAX_DATA, Math.max(0, body.length - 4));
  const aim = body.subarray(1, 4).toString('latin1').replace(/\0/g, '');
  const data = body.subarray(4, 4 + length);
  const more = (body[62] ?? 0) !== 0;
  return { length, aim, data, more };
}

/** Joins continuation reports into scans; bounded in size. */
export class HidPosAssembler {
  private parts: Buffer[] = [];
  private size = 0;
  private aim = '';

  constructor(private readonly encoding: 'utf8' | 'gb18030' = 'utf8') {}

  push(report: Uint8Array): HidPosScan | undefined {
    const r = parseHidPosReport(report);
    if (!r) return undefined;
    if (this.parts.length === 0) this.aim = r.aim;
    if (this.size + r.data.length <= MAX_SCAN_BYTES) {
      this.parts.push(r.data);
      this.size += r.data.length;
    }
    if (r.more) return undefined;
    const bytes = Buffer.concat(this.parts);
    this.parts = [];
    this.size = 0;
    const text = this.encoding === 'gb18030' ? iconv.decode(bytes, 'GB18030') : bytes.toString('utf8');
    return { aim: this.aim, text: text.replace(/\0+$/, '') };
  }
}

export function decodeHidPosReports(reports: readonly Uint8Array[], encoding: 'utf8' | 'gb18030' = 'utf8'): HidPosScan[] {
  const assembler = new HidPosAssembler(encoding);
  const scans: HidPosScan[] = [];
  for (const r of reports) {
    const scan = assembler.push(r);
    if (scan) scans.push(scan);
  }
  return scans;
}

/** Build the reports a scanner sends for `text` (fixtures and the fake transport). */
export function encodeHidPosReports(text: string, aim = ']Q1'): Buffer[] {
  const data = Buffer.from(text, 'utf8');
  const reports: Buffer[] = [];
  for (let off = 0; off === 0 || off < data.length; off += MAX_DATA) {
    const chunk = data.subarray(off, off + MAX_DATA);
    const r = Buffer.alloc(64);
    r[0] = HID_POS_SCANNED_DATA_REPORT;
    r[1] = chunk.length;
    r.write(aim.slice(0, 3), 2, 'latin1');
    chunk.copy(r, 5);
    r[63] = off + MAX_DATA < data.length ? 1 : 0;
    reports.push(r);
    if (reports.length > 200) break;
  }
  return reports;
}
