import { describe, expect, it } from 'vitest';
import { formatConfigError, hallConfigSchema } from '../../state-machines/config/hall-config.ts';
import { demoConfig } from '../support/demo.ts';

describe('hall configuration', () => {
  it('accepts the demo hall modelled on seed 001', () => {
    const types = demoConfig.windows.map((w) => w.type);
    expect(demoConfig.floors).toHaveLength(3);
    expect(types.filter((t) => t === '部门专区')).toHaveLength(6);
    expect(types.filter((t) => t === '综合出件')).toHaveLength(2);
    expect(types.filter((t) => t === 'EMS')).toHaveLength(1);
    expect(demoConfig.windows).toHaveLength(13);
    expect(demoConfig.items.length).toBeGreaterThanOrEqual(25);
    // AB岗 everywhere but the EMS counter (7), a single post: the demo of the half-day escalation.
    expect(demoConfig.windows.filter((w) => w.posts.b === undefined).map((w) => w.number)).toEqual([7]);
    expect(demoConfig.hall.hours).toEqual([
      { start: '08:30', end: '12:00' },
      { start: '14:00', end: '17:30' },
    ]);
  });

  it('lets a hall leave device tokens out (every device is paired from the desk), still refusing two devices with one token', () => {
    const paired = structuredClone(demoConfig);
    for (const d of paired.devices) delete d.token;
    const parsed = hallConfigSchema.safeParse(paired);
    expect(parsed.success && parsed.data.devices.every((d) => d.token === undefined)).toBe(true);
    const shared = structuredClone(demoConfig);
    shared.devices[1]!.token = shared.devices[0]!.token;
    const refused = hallConfigSchema.safeParse(shared);
    expect(refused.success ? '' : formatConfigError(refused.error)).toContain('devices[1].token: two devices share a token');
  });

  it('names the bad field when a window refers to an unknown clerk or queue', () => {
    const broken = structuredClone(demoConfig);
    broken.windows[2]!.posts.a = 'nobody';
    broken.windows[4]!.queues.push('no-such-queue');
    broken.queues[1]!.prefix = broken.queues[0]!.prefix;
    const result = hallConfigSchema.safeParse(broken);
    expect(result.success).toBe(false);
    const text = result.success ? '' : formatConfigError(result.error);
    expect(text).toContain('windows[2].posts.a: unknown 工号 "nobody"');
    expect(text).toContain('windows[4].queues[');
    expect(text).toContain('queues[1].prefix');
  });

  it('rejects a time zone that does not exist and a malformed time', () => {
    const broken = structuredClone(demoConfig) as unknown as { hall: { timezone: string; hours: { start: string }[] } };
    broken.hall.timezone = 'Asia/Beijing';
    broken.hall.hours[0]!.start = '8:30';
    const result = hallConfigSchema.safeParse(broken);
    const text = result.success ? '' : formatConfigError(result.error);
    expect(text).toContain('hall.timezone');
    expect(text).toContain('hall.hours[0].start');
  });
});
