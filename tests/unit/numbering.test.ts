/**
 * Numbers past 999 (号码位数): a queue numbers A001–A999 unless the hall file
 * gives it four digits (A0001–A9999). At the end of its numbers a queue
 * refuses with NUMBERS_EXHAUSTED (not the daily cap's code) and changes
 * nothing; the hall file cannot set a cap its digits cannot write.
 */
import { describe, expect, it } from 'vitest';
import { formatConfigError, hallConfigSchema, type HallConfig } from '../../state-machines/config/hall-config.ts';
import type { HallCommand } from '../../state-machines/hall/decide.ts';
import { demoConfig, TEN_AM } from '../support/demo.ts';
import { MemoryHall } from '../support/fold.ts';

function hall(change: (c: HallConfig) => void): MemoryHall {
  const config = structuredClone(demoConfig);
  change(config);
  return new MemoryHall(config, TEN_AM);
}

const TAKE: HallCommand = { type: 'ticket.take', deviceId: 'k', queueId: 'comprehensive' };
const comprehensive = (c: HallConfig) => c.queues.find((q) => q.id === 'comprehensive')!;

function takeMany(h: MemoryHall, n: number): string[] {
  const numbers: string[] = [];
  for (let i = 0; i < n; i++) {
    const e = h.ok(TAKE);
    if (e.type === 'ticket.issued') numbers.push(e.number);
  }
  return numbers;
}

describe('numbers past 999', () => {
  it('a 3-digit queue (the default) issues A001–A999, then refuses with NUMBERS_EXHAUSTED and changes nothing', () => {
    const h = hall(() => undefined);
    const numbers = takeMany(h, 999);
    expect(numbers[0]).toBe('A001');
    expect(numbers.at(-1)).toBe('A999');
    const before = JSON.stringify(h.state);
    const refused = h.run(TAKE);
    expect(refused.ok ? 'accepted' : refused.error).toMatchObject({
      code: 'NUMBERS_EXHAUSTED',
      message: '综合受理今日号码已发完（A001–A999），请明天再来或预约',
    });
    expect(JSON.stringify(h.state)).toBe(before);
    // The next day starts again at A001.
    h.now += 24 * 3_600_000;
    expect(takeMany(h, 1)).toEqual(['A001']);
  });

  it('a 4-digit queue goes A0001 … A0999 → A1000, up to A9999', () => {
    const h = hall((c) => (comprehensive(c).numberDigits = 4));
    const numbers = takeMany(h, 1000);
    expect(numbers[0]).toBe('A0001');
    expect(numbers[998]).toBe('A0999');
    expect(numbers[999]).toBe('A1000');
  });

  it('a 4-digit queue with a daily cap over 999 stops at the cap with DAILY_CAP_REACHED', () => {
    const h = hall((c) => Object.assign(comprehensive(c), { numberDigits: 4, dailyCap: 1001 }));
    expect(takeMany(h, 1001).at(-1)).toBe('A1001');
    const refused = h.run(TAKE);
    expect(refused.ok ? 'accepted' : refused.error.code).toBe('DAILY_CAP_REACHED');
    expect(refused.ok ? '' : refused.error.message).toContain('今日 1001 个号已全部发完');
  });

  it('names a daily cap the digits cannot write, and refuses a width other than 3 or 4', () => {
    type File = { queues: { dailyCap?: number; numberDigits?: number }[] };
    const errors = (change: (f: File) => void) => {
      const file = structuredClone(demoConfig) as unknown as File;
      change(file);
      const result = hallConfigSchema.safeParse(file);
      return result.success ? '' : formatConfigError(result.error);
    };
    expect(errors((f) => (f.queues[0]!.dailyCap = 1500))).toBe(
      'queues[0].dailyCap: dailyCap 1500 needs more digits: 3-digit numbers end at A999; set numberDigits to 4',
    );
    expect(errors((f) => (f.queues[1]!.numberDigits = 5))).toBe('queues[1].numberDigits: use 3 (A001–A999) or 4 (A0001–A9999)');
    expect(errors((f) => Object.assign(f.queues[2]!, { numberDigits: 4, dailyCap: 10_000 }))).toContain('queues[2].dailyCap');

    const fine = structuredClone(demoConfig) as unknown as { queues: { dailyCap?: number; numberDigits?: number }[] };
    fine.queues[0]!.numberDigits = 4;
    fine.queues[0]!.dailyCap = 9999;
    expect(hallConfigSchema.safeParse(fine).success).toBe(true);
  });
});
