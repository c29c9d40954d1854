import { describe, expect, it } from 'vitest';
import { readIdCard } from '../../state-machines/devices/id-card.ts';
import { idNumberBornOn } from '../support/id-numbers.ts';

/** 2026-11-30 00:30 in Shanghai is still 2026-11-29 in UTC: the hall's date decides a birthday. */
const SHANGHAI_JUST_AFTER_MIDNIGHT = Date.parse('2026-11-29T16:30:00Z');
const rule = (elderlyAge = 60) => ({ now: SHANGHAI_JUST_AFTER_MIDNIGHT, timeZone: 'Asia/Shanghai', elderlyAge });

describe('ID card → age for the green channel', () => {
  it('is elderly from the birthday itself, in the hall time zone', () => {
    expect(readIdCard(idNumberBornOn('1966-11-30'), rule())).toEqual({ ok: true, elderly: true });
    expect(readIdCard(idNumberBornOn('1966-12-01'), rule())).toEqual({ ok: true, elderly: false });
    // In UTC it would still be the 29th: not yet 60.
    expect(readIdCard(idNumberBornOn('1966-11-30'), { ...rule(), timeZone: 'UTC' })).toEqual({ ok: true, elderly: false });
  });

  it('follows the hall setting', () => {
    expect(readIdCard(idNumberBornOn('1956-06-01'), rule(65))).toEqual({ ok: true, elderly: true });
    expect(readIdCard(idNumberBornOn('1962-06-01'), rule(65))).toEqual({ ok: true, elderly: false });
    expect(readIdCard(idNumberBornOn('1986-06-01'), rule())).toEqual({ ok: true, elderly: false });
  });

  it('refuses a wrong check digit, an impossible or future birth date', () => {
    const good = idNumberBornOn('1956-06-01');
    const wrongDigit = `${good.slice(0, 17)}${good[17] === '0' ? '1' : '0'}`;
    expect(readIdCard(wrongDigit, rule())).toEqual({ ok: false, problem: 'check-digit' });
    expect(readIdCard(idNumberBornOn('1956-02-30'), rule())).toEqual({ ok: false, problem: 'birth-date' });
    expect(readIdCard(idNumberBornOn('2027-01-01'), rule())).toEqual({ ok: false, problem: 'birth-date' });
    expect(readIdCard('12345', rule())).toEqual({ ok: false, problem: 'check-digit' });
  });
});
