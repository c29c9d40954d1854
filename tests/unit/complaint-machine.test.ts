/**
 * 办不成事反映 (issue 14 item 5): the complaint machine is the judge —
 * open → handling → resolved (or open → resolved), resolved final — and the
 * deciders ask it; only a supervisor steps a complaint; its due day is
 * counted in working days; a refusal leaves the state as it was. Screens
 * other than the supervisor's fold the sealed steps to nothing.
 */
import { describe, expect, it } from 'vitest';
import { formatConfigError, hallConfigSchema } from '../../state-machines/config/hall-config.ts';
import { complaintCounts, complaintOverdue } from '../../state-machines/domain/guide.ts';
import { can } from '../../state-machines/machines/ask.ts';
import { complaintMachine, newComplaint, stepComplaint } from '../../state-machines/machines/complaint-machine.ts';
import { evolve } from '../../state-machines/hall/evolve.ts';
import { initialHallState } from '../../state-machines/hall/state.ts';
import { eventForAudience, stateFor } from '../../state-machines/protocol/projection.ts';
import { demoConfig } from '../support/demo.ts';
import { MemoryHall } from '../support/fold.ts';

/** Friday 27 November 2026, 10:00 in the hall: 5 working days later is Friday 12-04. */
const FRIDAY = Date.parse('2026-11-27T10:00:00+08:00');
const supervisor = { staffId: '9001' };

const filed = () => newComplaint({ id: 'TS20261127-1', serviceDay: '2026-11-27', filedAt: FRIDAY, guideId: '8001', what: '没办成', dueDay: '2026-12-04' });

describe('the complaint machine', () => {
  it('open → handling → resolved, or straight to resolved; resolved is final', () => {
    const open = filed();
    expect(open.status).toBe('open');
    const handling = stepComplaint(open, { type: 'TAKE', at: 1, by: '9001' })!;
    expect(handling).toMatchObject({ status: 'handling', handler: '9001' });
    expect(stepComplaint(handling, { type: 'TAKE', at: 2, by: '9002' })).toBeUndefined();
    const resolved = stepComplaint(handling, { type: 'RESOLVE', at: 3, by: '9001', reply: '已办结' })!;
    expect(resolved).toMatchObject({ status: 'resolved', reply: '已办结', resolvedAt: 3, handler: '9001' });
    expect(can(complaintMachine, resolved, { type: 'RESOLVE', at: 4, by: '9001', reply: 'x' })).toBe(false);
    expect(can(complaintMachine, resolved, { type: 'TAKE', at: 4, by: '9001' })).toBe(false);
    expect(stepComplaint(open, { type: 'RESOLVE', at: 5, by: '9001', reply: '当场解释' })).toMatchObject({ status: 'resolved', handler: '9001' });
  });

  it('is overdue once its due day is over, until resolved', () => {
    const c = filed();
    expect(complaintOverdue(c, '2026-12-04')).toBe(false);
    expect(complaintOverdue(c, '2026-12-05')).toBe(true);
    const resolved = stepComplaint(c, { type: 'RESOLVE', at: 1, by: '9001', reply: 'ok' })!;
    expect(complaintOverdue(resolved, '2026-12-07')).toBe(false);
    expect(complaintCounts({ [c.id]: c, x: { ...resolved, id: 'x' } }, '2026-12-07')).toEqual({ open: 1, overdue: 1 });
  });
});

describe('the guide settings', () => {
  it('default to 5 working days and no 咨询 queues; an unknown 咨询 queue is named at start-up', () => {
    const bare = structuredClone(demoConfig) as unknown as Record<string, unknown>;
    delete bare.guide;
    const parsed = hallConfigSchema.safeParse(bare);
    expect(parsed.success && parsed.data.guide).toEqual({ complaintWorkingDays: 5, enquiryQueues: [] });
    const broken = structuredClone(demoConfig);
    broken.guide.enquiryQueues = ['consult', 'no-such-queue'];
    const refused = hallConfigSchema.safeParse(broken);
    expect(refused.success ? '' : formatConfigError(refused.error)).toContain('guide.enquiryQueues[1]: unknown queue "no-such-queue"');
    expect(demoConfig.staff.find((s) => s.id === '8001')?.role).toBe('guide');
  });
});

describe('complaint deciders', () => {
  it('file: due in working days; take and resolve: the supervisor only, when the machine allows — refusals change nothing', () => {
    const hall = new MemoryHall(demoConfig, FRIDAY);
    const event = hall.ok({ type: 'complaint.file', guideId: '8001', what: '跑了三次没办成', nameMasked: '张*丰', phoneMasked: '138****5678' });
    expect(event).toMatchObject({ type: 'complaint.filed', complaintId: 'TS20261127-1', dueDay: '2026-12-04' });
    expect(hall.ok({ type: 'complaint.file', guideId: '8001', what: '另一件' })).toMatchObject({ complaintId: 'TS20261127-2' });

    const before = structuredClone(hall.state);
    const clerk = { staffId: '1009', window: 5 };
    expect(hall.run({ type: 'complaint.take', complaintId: 'TS20261127-1', by: clerk })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(hall.run({ type: 'complaint.take', complaintId: 'TS20261127-9', by: supervisor })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(hall.run({ type: 'complaint.file', guideId: '8001', what: 'x', itemId: 'no-such-item' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(hall.state).toEqual(before);

    hall.ok({ type: 'complaint.resolve', complaintId: 'TS20261127-1', reply: '已协调办结', by: supervisor });
    const again = hall.run({ type: 'complaint.take', complaintId: 'TS20261127-1', by: supervisor });
    expect(again).toMatchObject({ ok: false, error: { code: 'ILLEGAL_TRANSITION' } });
    expect(!again.ok && again.error.message).toBe('该反映已办结，不能接手处理');
  });

  it('other roles than the supervisor fold the sealed steps to nothing: their state has no complaint', () => {
    const hall = new MemoryHall(demoConfig, FRIDAY);
    hall.ok({ type: 'complaint.file', guideId: '8001', what: '没办成', phoneMasked: '138****5678' });
    hall.ok({ type: 'complaint.take', complaintId: 'TS20261127-1', by: supervisor });
    hall.ok({ type: 'guide.help', guideId: '8001', question: '在哪办', answer: '3楼' });
    for (const [audience, role] of [
      ['counter', 'guide'],
      ['public', 'display'],
    ] as const) {
      const folded = initialHallState(demoConfig);
      for (const logged of hall.log) evolve(folded, { ...logged, event: eventForAudience(audience, logged.event) });
      expect(folded.complaints, audience).toBeUndefined();
      expect(JSON.stringify(folded)).not.toContain('138****5678');
      expect(stateFor(role, hall.state).complaints).toBeUndefined();
      // Help records: staff see them (the guide desk, window panels); public screens do not.
      expect(Object.keys(folded.guideHelp ?? {}).length, audience).toBe(audience === 'counter' ? 1 : 0);
    }
    expect(stateFor('admin', hall.state).complaints?.['TS20261127-1']?.status).toBe('handling');
  });
});
