/**
 * Made-up 居民身份证号码 for tests: region 110105, a birth date, a sequence,
 * and the GB 11643 check digit computed the way a real card's is.
 */
export function idNumberBornOn(birth: string, sequence = '123'): string {
  const body = `110105${birth.replaceAll('-', '')}${sequence}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((acc, d, i) => acc + Number(d) * (weights[i] ?? 0), 0);
  return `${body}${'10X98765432'[sum % 11]}`;
}

/** The same day `years` before the hall's date (YYYY-MM-DD): the holder turns `years` that day. */
export function birthDateYearsBefore(hallDate: string, years: number): string {
  const [y, m, d] = hallDate.split('-');
  return `${Number(y) - years}-${m}-${m === '02' && d === '29' ? '28' : d}`;
}
