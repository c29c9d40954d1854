/**
 * A 居民身份证号码 read at the kiosk (an ID reader typing it as a keyboard, or a
 * HID-POS reader through the hall server): checked (GB 11643 check digit, a
 * real birth date) and turned at once into the one fact the hall may use —
 * whether the holder is at least the hall's age for 绿色通道（老年人）.
 *
 * The privacy rule (README § ID cards): the number itself never leaves the
 * place it was read. Only `elderly` (a boolean) travels on; nothing here keeps,
 * returns or logs the digits. Pure: the hall's clock and time zone come in.
 */
import { serviceDayOf } from '../domain/service-day.ts';

/** 18 characters, the last a digit or X: the shape of a second-generation ID number. */
export const ID_NUMBER_SHAPE = /^\d{17}[\dXx]$/;

export interface IdAgeRule {
  /** Hall time now (the hall's clock, not the device's). */
  now: number;
  /** The hall's time zone: a birthday starts at the hall's midnight. */
  timeZone: string;
  /** greenChannel.elderlyAge in the hall file. */
  elderlyAge: number;
}

export type IdCardReading = { ok: true; elderly: boolean } | { ok: false; problem: 'check-digit' | 'birth-date' };

export function readIdCard(id: string, rule: IdAgeRule): IdCardReading {
  if (!ID_NUMBER_SHAPE.test(id) || !idCheckDigitOk(id)) return { ok: false, problem: 'check-digit' };
  const birth = { y: Number(id.slice(6, 10)), m: Number(id.slice(10, 12)), d: Number(id.slice(12, 14)) };
  const [ty, tm, td] = serviceDayOf(rule.now, rule.timeZone).split('-').map(Number) as [number, number, number];
  if (!realDate(birth.y, birth.m, birth.d) || birth.y < 1900) return { ok: false, problem: 'birth-date' };
  if (birth.y * 10_000 + birth.m * 100 + birth.d > ty * 10_000 + tm * 100 + td) return { ok: false, problem: 'birth-date' };
  // Age in whole years as of the hall's date: one more on the birthday itself (29 Feb: on 1 Mar in other years).
  const age = ty - birth.y - (tm * 100 + td < birth.m * 100 + birth.d ? 1 : 0);
  return { ok: true, elderly: age >= rule.elderlyAge };
}

/** GB 11643-1999 check digit (ISO 7064 MOD 11-2). */
export function idCheckDigitOk(id: string): boolean {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * weights[i]!;
  return '10X98765432'[sum % 11] === id[17]!.toUpperCase();
}

function realDate(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}
