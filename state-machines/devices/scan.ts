/**
 * What a scanned string is, and where the kiosk flow takes it. Pure, shared
 * by the server (HID-POS scanners) and the kiosk page (keyboard-wedge
 * scanners and ID readers in keyboard mode).
 *
 *   ticket       our own ticket QR: <ticketUrl>/<YYYY-MM-DD>/<A013>[?k=<key>]
 *   appointment  an appointment QR: "YCAPPT:<code>" or a URL ending /a/<code>
 *   id-number    18-character 居民身份证号码 with a valid GB 11643 check digit
 *   receipt      a 办件编号 / receipt number: 10–32 letters and digits
 *
 * ID numbers never leave this module whole: `value` is masked (110101********1234).
 */
import type { RoutedScan, ScanKind } from './device-types.ts';

interface ClassifiedScan {
  kind: ScanKind;
  value: string;
}

const TICKET = /\/t\/(\d{4}-\d{2}-\d{2})\/([A-Z]\d{3,4})\/?(?:\?k=[A-Za-z0-9_-]{1,40})?$/;
const APPOINTMENT = /^(?:YCAPPT:|.*\/a\/)([A-Za-z0-9_-]{4,40})$/;
const ID_NUMBER = /^\d{17}[\dXx]$/;
const RECEIPT = /^[A-Za-z0-9-]{10,32}$/;

export function classifyScan(raw: string): ClassifiedScan {
  const text = raw
    // biome-ignore lint/suspicious/noControlCharactersInRegex: a scanner ends its line with CR/LF, some with NUL
    .replace(/[\r\n\u0000]+$/g, '')
    .trim()
    .slice(0, 512);
  const ticket = TICKET.exec(text);
  if (ticket) return { kind: 'ticket', value: `${ticket[1]}/${ticket[2]}` };
  const appointment = APPOINTMENT.exec(text);
  if (appointment?.[1]) return { kind: 'appointment', value: appointment[1] };
  if (ID_NUMBER.test(text) && idCheckDigitOk(text)) return { kind: 'id-number', value: maskIdNumber(text) };
  if (RECEIPT.test(text) && /\d/.test(text)) return { kind: 'receipt', value: text.toUpperCase() };
  return { kind: 'unknown', value: text.length > 40 ? `${text.slice(0, 40)}…` : text };
}

export function routeScan(raw: string, source: string, at: number, symbology?: string): RoutedScan {
  const { kind, value } = classifyScan(raw);
  return symbology === undefined ? { kind, value, source, at } : { kind, value, source, symbology, at };
}

/** GB 11643-1999 check digit (ISO 7064 MOD 11-2). */
export function idCheckDigitOk(id: string): boolean {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * weights[i]!;
  return '10X98765432'[sum % 11] === id[17]!.toUpperCase();
}

/** First 6 and last 4 shown (region code and tail), the rest masked. */
export function maskIdNumber(id: string): string {
  return `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4).toUpperCase()}`;
}
