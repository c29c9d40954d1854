/**
 * What a scanned string is, and where the kiosk flow takes it. Pure, shared
 * by the server (HID-POS scanners) and the kiosk page (keyboard-wedge
 * scanners and ID readers in keyboard mode).
 *
 *   ticket       our own ticket QR: <ticketUrl>/<YYYY-MM-DD>/<A013>[?k=<key>]
 *   appointment  an appointment QR: "YCAPPT:<code>" or a URL ending /a/<code>
 *   id-number    18-character 居民身份证号码 with a valid GB 11643 check digit and birth date
 *   id-invalid   the shape of one (17 digits and a digit or X) that fails the check: misread or not an ID
 *   receipt      a 办件编号 / receipt number: 10–32 letters and digits
 *
 * ID numbers never leave this module, not even masked: `value` is empty and
 * `elderly` says only whether the holder is at least the hall's age
 * (id-card.ts; README § ID cards).
 */
import type { RoutedScan, ScanKind } from './device-types.ts';
import { ID_NUMBER_SHAPE, readIdCard, type IdAgeRule } from './id-card.ts';

export { idCheckDigitOk } from './id-card.ts';

interface ClassifiedScan {
  kind: ScanKind;
  value: string;
  /** id-number only: the holder is at least greenChannel.elderlyAge. */
  elderly?: boolean;
}

const TICKET = /\/t\/(\d{4}-\d{2}-\d{2})\/([A-Z]\d{3,4})\/?(?:\?k=[A-Za-z0-9_-]{1,40})?$/;
const APPOINTMENT = /^(?:YCAPPT:|.*\/a\/)([A-Za-z0-9_-]{4,40})$/;
const RECEIPT = /^[A-Za-z0-9-]{10,32}$/;
const OLD_ID_NUMBER = /^\d{15}$/;
/** A run of digits as long as an ID number, inside something else: never echoed. */
const LONG_DIGITS = /\d{15,}[\dXx]*/g;

export function classifyScan(raw: string, idRule: IdAgeRule): ClassifiedScan {
  const text = raw
    // biome-ignore lint/suspicious/noControlCharactersInRegex: a scanner ends its line with CR/LF, some with NUL
    .replace(/[\r\n\u0000]+$/g, '')
    .trim()
    .slice(0, 512);
  const ticket = TICKET.exec(text);
  if (ticket) return { kind: 'ticket', value: `${ticket[1]}/${ticket[2]}` };
  const appointment = APPOINTMENT.exec(text);
  if (appointment?.[1]) return { kind: 'appointment', value: appointment[1] };
  // A first-generation 15-digit number is no longer valid (since 2013): refused the same way, never shown.
  if (ID_NUMBER_SHAPE.test(text) || OLD_ID_NUMBER.test(text)) {
    // Checked and reduced to one boolean here, before anything is logged, emitted or shown.
    const id = readIdCard(text, idRule);
    return id.ok ? { kind: 'id-number', value: '', elderly: id.elderly } : { kind: 'id-invalid', value: '' };
  }
  if (RECEIPT.test(text) && /\d/.test(text)) return { kind: 'receipt', value: text.toUpperCase() };
  const shown = text.replace(LONG_DIGITS, '…');
  return { kind: 'unknown', value: shown.length > 40 ? `${shown.slice(0, 40)}…` : shown };
}

export function routeScan(raw: string, source: string, idRule: IdAgeRule, symbology?: string): RoutedScan {
  const { kind, value, elderly } = classifyScan(raw, idRule);
  return { kind, value, source, at: idRule.now, ...(symbology === undefined ? {} : { symbology }), ...(elderly === undefined ? {} : { elderly }) };
}
