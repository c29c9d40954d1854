/**
 * The case desk (办件, README § Cases): the server half of what follows 办结 —
 * 办结待取 from the department's system (REST), and 免费邮寄 (EMS).
 *
 * Here — and only here — the EMS recipient's name, phone and address are seen,
 * as the appointment desk sees a booker's: they become masks (张*三,
 * 138****1234, 浙江省杭州市****) before the command reaches `decide`, so the
 * log and every screen carry the masks only. The full recipient is kept in
 * hall.sqlite (table case_recipients, outside the event log), written once the
 * choice is logged, read only for the clerk of an EMS window
 * (`case:ems-list`), and deleted when the case is mailed.
 */
import type Database from 'better-sqlite3';
import { caseByReceipt, CASE_STATUS_NAMES, maskDelivery, RECEIPT_NO, type CaseRecord } from '../../state-machines/domain/case.ts';
import type { CommandOf } from '../../state-machines/hall/deciders/commands.ts';
import { receiptNoMalformed } from '../../state-machines/hall/deciders/refusals.ts';
import { own } from '../../state-machines/hall/state.ts';
import { protocolError } from '../../state-machines/protocol/errors.ts';
import type { ChooseDeliveryRequest } from '../../state-machines/protocol/messages.ts';
import type { Ack, CaseResult, EmsAddressList } from '../../state-machines/protocol/socket-events.ts';
import { requestIdReused, type Accepted, type HallService } from './hall-service.ts';

/** What the department's system learns of a case: where it stands, nothing personal. */
export interface CaseStatusView {
  receiptNo: string;
  status: CaseRecord['status'];
  statusText: string;
  promisedDay?: string | undefined;
  readyAt?: number | undefined;
}

interface Recipient {
  case_id: string;
  name: string;
  phone: string;
  address: string;
}

export class CaseDesk {
  private readonly insert: Database.Statement<[string, string, string, string, number]>;
  private readonly remove: Database.Statement<[string]>;
  private readonly select: Database.Statement<[string], Recipient>;

  constructor(
    readonly hall: HallService,
    db: Database.Database,
  ) {
    db.exec(
      'CREATE TABLE IF NOT EXISTS case_recipients (case_id TEXT PRIMARY KEY, name TEXT NOT NULL, phone TEXT NOT NULL, address TEXT NOT NULL, at INTEGER NOT NULL)',
    );
    this.insert = db.prepare('INSERT OR IGNORE INTO case_recipients (case_id, name, phone, address, at) VALUES (?, ?, ?, ?, ?)');
    this.remove = db.prepare('DELETE FROM case_recipients WHERE case_id = ?');
    this.select = db.prepare('SELECT case_id, name, phone, address FROM case_recipients WHERE case_id = ?');
  }

  /** 免费邮寄: the command with masks only (the request's full recipient is kept by `deliveryChosen` once logged). */
  deliveryCommand(req: ChooseDeliveryRequest, clerkId: string): CommandOf['case.choose_delivery'] {
    return { type: 'case.choose_delivery', caseId: req.caseId, window: req.window, clerkId, ...maskDelivery(req) };
  }

  /** The choice is in the log: keep the full recipient (once; a retry finds it kept) and answer with the masked case. */
  deliveryChosen(done: Accepted, req: ChooseDeliveryRequest): Ack<CaseResult> {
    const e = done.event.event;
    if (e.type !== 'case.delivery_chosen' || e.caseId !== req.caseId) return requestIdReused();
    this.insert.run(e.caseId, req.name.trim(), req.phone, req.address.trim(), done.event.at);
    return this.answer(done);
  }

  /** 已寄出: the waybill is the record now; the recipient leaves the hall's disk. */
  mailed(done: Accepted): Ack<CaseResult> {
    const e = done.event.event;
    if (e.type === 'case.mailed') this.remove.run(e.caseId);
    return this.answer(done);
  }

  /** The case a case.* event stepped, as it is now. */
  answer(done: Accepted): Ack<CaseResult> {
    const e = done.event.event;
    const id = 'caseId' in e && e.type.startsWith('case.') ? e.caseId : undefined;
    const c = id === undefined ? undefined : own(this.hall.state.cases ?? {}, id);
    return c ? { ok: true, seq: done.event.seq, result: { case: c } } : requestIdReused();
  }

  /** The EMS window's list: cases chosen for mail, not yet mailed (ready ones first), with their full recipients. */
  emsList(window: number): Ack<EmsAddressList> {
    const win = this.hall.config.windows.find((w) => w.number === window);
    if (win?.type !== 'EMS')
      return { ok: false, error: protocolError('FORBIDDEN', `${window} 号窗口不是EMS寄递窗口`, `Window ${window} is not an EMS window`, 'window') };
    const waiting = Object.values(this.hall.state.cases ?? {})
      .filter((c) => c.delivery !== undefined && (c.status === 'ready' || c.status === 'accepted' || c.status === 'pending_materials'))
      .sort((a, b) => Number(b.status === 'ready') - Number(a.status === 'ready') || a.recordedAt - b.recordedAt);
    const entries = waiting.flatMap((c) => {
      const r = this.select.get(c.id);
      return r ? [{ caseId: c.id, name: r.name, phone: r.phone, address: r.address }] : [];
    });
    return { ok: true, seq: this.hall.seq, result: { entries } };
  }

  /**
   * 办结待取 from the department's approval system (REST). Idempotent by 办件编号: a case already ready (or
   * picked up, or mailed) is answered as it stands and nothing is appended (look-up and step are one synchronous
   * turn: two calls cannot both append). No request key: a refusal (not accepted yet, papers missing) must not be
   * remembered for the department's next try once the case has moved on.
   */
  readyByChannel(raw: string, channelId: string): Ack<CaseStatusView> {
    const receiptNo = raw.trim().toUpperCase();
    if (!RECEIPT_NO.test(receiptNo)) return { ok: false, error: receiptNoMalformed() };
    const known = caseByReceipt(this.hall.state.cases, receiptNo);
    if (known && (known.status === 'ready' || known.status === 'picked_up' || known.status === 'mailed'))
      return { ok: true, seq: this.hall.seq, result: this.statusView(known) };
    const actor = `channel:${channelId}`;
    const done = this.hall.execute({ type: 'case.mark_ready', receiptNo, actor }, actor);
    if (!done.ok) return done;
    const e = done.event.event;
    const c = e.type === 'case.ready' ? own(this.hall.state.cases ?? {}, e.caseId) : undefined;
    return c ? { ok: true, seq: done.event.seq, result: this.statusView(c) } : requestIdReused();
  }

  statusView(c: CaseRecord): CaseStatusView {
    return { receiptNo: c.receiptNo ?? '', status: c.status, statusText: CASE_STATUS_NAMES[c.status].zh, promisedDay: c.promisedDay, readyAt: c.readyAt };
  }
}
