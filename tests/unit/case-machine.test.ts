/**
 * The case's lifecycle after 办结 (machines/case-machine.ts, README § Cases): every transition, every
 * refusal, asked through ask.ts as the deciders ask; and 限时办结 drops a case once it is ready.
 */
import { describe, expect, it } from 'vitest';
import { caseDeadlines, type CaseRecord, type CaseStatus } from '../../state-machines/domain/case.ts';
import { can, next } from '../../state-machines/machines/ask.ts';
import { caseMachine, type CaseMachineEvent } from '../../state-machines/machines/case-machine.ts';

const base: CaseRecord = {
  id: '2026-11-30/A001',
  number: 'A001',
  serviceDay: '2026-11-30',
  window: 5,
  clerkId: '1009',
  queueId: 'comprehensive',
  outcome: 'accepted',
  status: 'accepted',
  receiptNo: 'BDC-2026-000001',
  recordedAt: 1,
  promisedDay: '2026-12-10',
};
const delivery = { nameMasked: '张*三', phoneMasked: '138****5678', addressMasked: '浙江省杭州市****' };
const EVENTS: Record<CaseMachineEvent['type'], CaseMachineEvent> = {
  MATERIALS: { type: 'MATERIALS', at: 10 },
  READY: { type: 'READY', at: 20, by: 'channel:zwfw-online' },
  DELIVER: { type: 'DELIVER', at: 30, delivery },
  PICKUP_TICKET: { type: 'PICKUP_TICKET', at: 40, ticketId: '2026-12-01/H001' },
  PICK_UP: { type: 'PICK_UP', at: 50, window: 2 },
  MAIL: { type: 'MAIL', at: 60, window: 7, waybillNo: 'EA123456789CN' },
};
const at = (status: CaseStatus, more: Partial<CaseRecord> = {}): CaseRecord => ({ ...base, status, ...more });

/** Every status × event: where it goes (undefined: refused), without and with 免费邮寄. */
const TABLE: [CaseStatus, boolean, Partial<Record<CaseMachineEvent['type'], CaseStatus>>][] = [
  ['pending_materials', false, { MATERIALS: 'accepted', DELIVER: 'pending_materials' }],
  ['pending_materials', true, { MATERIALS: 'accepted' }],
  ['accepted', false, { READY: 'ready', DELIVER: 'accepted' }],
  ['accepted', true, { READY: 'ready' }],
  ['ready', false, { DELIVER: 'ready', PICKUP_TICKET: 'ready', PICK_UP: 'picked_up' }],
  ['ready', true, { MAIL: 'mailed' }],
  ['done', false, {}],
  ['rejected', false, {}],
  ['picked_up', false, {}],
  ['mailed', true, {}],
];

describe('case machine', () => {
  for (const [status, mailed, allowed] of TABLE) {
    for (const event of Object.values(EVENTS)) {
      const to = allowed[event.type];
      it(`${status}${mailed ? ' (EMS)' : ''} × ${event.type} → ${to ?? 'refused'}`, () => {
        const record = at(status, mailed ? { delivery } : {});
        expect(can(caseMachine, record, event)).toBe(to !== undefined);
        expect(next(caseMachine, record, event)?.status).toBe(to);
      });
    }
  }

  it('records what each step says: papers brought, who made it ready, the address masks, the 出件 ticket, the window and the waybill', () => {
    let c = at('pending_materials');
    c = next(caseMachine, c, EVENTS.MATERIALS)!;
    expect(c).toMatchObject({ status: 'accepted', materialsAt: 10 });
    c = next(caseMachine, c, EVENTS.READY)!;
    expect(c).toMatchObject({ status: 'ready', readyAt: 20, readyBy: 'channel:zwfw-online' });
    const picked = next(caseMachine, next(caseMachine, c, EVENTS.PICKUP_TICKET)!, EVENTS.PICK_UP)!;
    expect(picked).toMatchObject({ status: 'picked_up', pickupTicketId: '2026-12-01/H001', closedAt: 50, closedWindow: 2 });
    const mailed = next(caseMachine, next(caseMachine, c, EVENTS.DELIVER)!, EVENTS.MAIL)!;
    expect(mailed).toMatchObject({ status: 'mailed', delivery, closedAt: 60, closedWindow: 7, waybillNo: 'EA123456789CN' });
  });

  it('限时办结 lists open cases only: a ready, picked-up or mailed case leaves the desk even past its day', () => {
    const cases = Object.fromEntries(
      (['accepted', 'pending_materials', 'ready', 'picked_up', 'mailed'] as const).map((s, i) => [`c${i}`, at(s, { id: `c${i}`, promisedDay: '2026-12-01' })]),
    );
    const { overdue } = caseDeadlines(cases, '2026-12-05', '2026-12-08');
    expect(overdue.map((c) => c.status)).toEqual(['accepted', 'pending_materials']);
  });
});
