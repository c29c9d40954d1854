/**
 * 办件 after 办结 on the clerk's panel (README § Cases):
 *
 * - the back office (`CaseOffice`, the header's 办件 button): the hall's open
 *   and ready cases, searched by 办件编号, with 办结待取 (the department's
 *   result is in), 材料已补齐 (容缺), and at a 出件 window 已取件;
 * - at an EMS window, the mail list with each recipient in full — the one
 *   screen that must show it, asked of the server (`case:ems-list`) and
 *   never kept in the hall state — and 已寄出 with the waybill;
 * - at a 出件 window, the case linked to the 出件 ticket at the counter
 *   (`PickupCounter`) with 已取件.
 *
 * Every button asks the server's deciders first (`offered`), as the counter does.
 */
import { useEffect, useState } from 'preact/hooks';
import { queueName } from '../state-machines/client/web/hall-names.ts';
import { errorText, pick, type Lang } from '../state-machines/client/web/i18n.ts';
import { ACK_TIMEOUT_MS, sendWithRetry, type UiError } from '../state-machines/client/web/command.ts';
import { CASE_STATUS_NAMES, isLiveCase, WAYBILL_NO, type CaseRecord } from '../state-machines/domain/case.ts';
import type { TicketRecord } from '../state-machines/domain/ticket.ts';
import type { EmsAddressList } from '../state-machines/protocol/socket-events.ts';
import { describeDay } from '../state-machines/hall/schedule.ts';
import { Sheet } from './dialogs.tsx';
import { offered, type PanelClerk, type PanelCommand, type PanelView, type WindowSocket } from './window-commands.ts';

const TEXT = {
  open: { zh: '办件', en: 'Cases' },
  title: { zh: '办件 · 办结待取与出件', en: 'Cases: ready and pick-up' },
  close: { zh: '关闭', en: 'Close' },
  search: { zh: '按办件编号查找', en: 'Find by case number' },
  none: { zh: '没有待办结或待取件的办件', en: 'No open or ready cases' },
  noMatch: { zh: '没有找到这个办件编号', en: 'No case with this number' },
  ready: { zh: '办结待取', en: 'Mark ready' },
  materials: { zh: '材料已补齐', en: 'Papers brought' },
  pickedUp: { zh: '已取件', en: 'Picked up' },
  promised: { zh: '承诺办结', en: 'Promised' },
  ems: { zh: 'EMS邮寄', en: 'EMS mail' },
  mailList: { zh: 'EMS 邮寄清单', en: 'EMS mail list' },
  mailNone: { zh: '没有待寄出的办件', en: 'Nothing to mail' },
  notReady: { zh: '未办结', en: 'Not ready' },
  waybill: { zh: 'EMS运单号', en: 'Waybill number' },
  mailed: { zh: '已寄出', en: 'Mailed' },
  counterCase: { zh: '取件办件', en: 'Case to hand over' },
  receiptNo: { zh: '办件编号', en: 'Case number' },
} as const;

interface Props {
  socket: WindowSocket;
  view: PanelView;
  clerk: PanelClerk;
  now: number;
  lang: Lang;
  online: boolean;
  send: (command: PanelCommand) => Promise<UiError | undefined>;
}

/** The case's 事项 (or its queue) as the clerk reads it. */
function caseSubject(view: PanelView, c: CaseRecord, lang: Lang): string {
  const item = c.itemId === undefined ? undefined : view.config.items.find((i) => i.id === c.itemId);
  if (item) return lang === 'en' ? (item.nameEn ?? item.name) : item.name;
  const queue = view.config.queues.find((q) => q.id === c.queueId);
  return queue ? queueName(queue, lang) : c.queueId;
}

export function CaseOfficeButton({ lang, onOpen }: { lang: Lang; onOpen: () => void }) {
  return (
    <button type="button" class="button desk-header__cases" data-testid="open-cases" onClick={onOpen}>
      {pick(lang, TEXT.open)}
    </button>
  );
}

export function CaseOffice(props: Props & { onClose: () => void }) {
  const { view, clerk, lang } = props;
  const win = view.config.windows.find((w) => w.number === clerk.window);
  return (
    <Sheet name="case" title={pick(lang, TEXT.title)} closeText={pick(lang, TEXT.close)} onClose={props.onClose} bodyClass="case-office">
      <CaseList {...props} pickupWindow={win?.type === '综合出件'} />
      {win?.type === 'EMS' && <MailList {...props} />}
    </Sheet>
  );
}

function CaseList({ view, clerk, now, lang, online, send, pickupWindow }: Props & { pickupWindow: boolean }) {
  const [search, setSearch] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError>();
  const wanted = search.trim().toUpperCase();
  const live = Object.values(view.state.cases ?? {}).filter((c) => isLiveCase(c) && c.receiptNo !== undefined);
  const shown = live
    .filter((c) => wanted === '' || (c.receiptNo ?? '').includes(wanted))
    .sort((a, b) => Number(b.status === 'ready') - Number(a.status === 'ready') || (a.promisedDay ?? '').localeCompare(b.promisedDay ?? ''));
  const run = async (command: PanelCommand) => {
    setBusy(true);
    setError(undefined);
    setError(await send(command));
    setBusy(false);
  };
  const button = (command: PanelCommand, text: { zh: string; en: string }, testId: string, primary = false) =>
    offered(view, clerk, command, now) && (
      <button
        type="button"
        class={`button${primary ? ' button--primary' : ''}`}
        data-testid={testId}
        disabled={!online || busy}
        onClick={() => void run(command)}
      >
        {pick(lang, text)}
      </button>
    );
  return (
    <section class="case-office__list" data-testid="case-list">
      <label class="field">
        <span class="field__label">{pick(lang, TEXT.search)}</span>
        <input
          class="field__input case-receipt"
          data-testid="case-search"
          maxLength={32}
          autoComplete="off"
          value={search}
          onInput={(e) => setSearch(e.currentTarget.value.toUpperCase().replace(/[^A-Z0-9-]/g, ''))}
        />
      </label>
      {error && (
        <p class="dialog__error" role="alert" data-testid="case-error">
          {errorText(lang, error)}
        </p>
      )}
      {shown.length === 0 ? (
        <p class="list-empty">{pick(lang, wanted === '' ? TEXT.none : TEXT.noMatch)}</p>
      ) : (
        <ul class="case-office__rows">
          {shown.map((c) => (
            <li key={c.id} class={`case-row case-row--${c.status}`} data-testid={`case-row-${c.receiptNo}`}>
              <span class="case-row__no">{c.receiptNo}</span>
              <span class="case-row__subject">
                {caseSubject(view, c, lang)} · {c.number}
              </span>
              <span class="case-row__status" data-testid={`case-status-${c.receiptNo}`}>
                {pick(lang, CASE_STATUS_NAMES[c.status])}
              </span>
              {c.promisedDay && c.status !== 'ready' && (
                <span class="case-row__due">
                  {pick(lang, TEXT.promised)} {pick(lang, describeDay(c.promisedDay))}
                </span>
              )}
              {c.delivery && (
                <span class="case-row__ems">
                  {pick(lang, TEXT.ems)}：{c.delivery.nameMasked} {c.delivery.addressMasked}
                </span>
              )}
              <span class="case-row__actions">
                {button({ kind: 'case-ready', receiptNo: c.receiptNo ?? '' }, TEXT.ready, `case-ready-${c.receiptNo}`, true)}
                {button({ kind: 'case-materials', caseId: c.id }, TEXT.materials, `case-materials-${c.receiptNo}`)}
                {pickupWindow && button({ kind: 'case-picked-up', caseId: c.id }, TEXT.pickedUp, `case-picked-up-${c.receiptNo}`, true)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The EMS window's list: the recipients in full (this screen only), and 已寄出 with the waybill. */
function MailList({ socket, view, clerk, now, lang, online, send }: Props) {
  const [list, setList] = useState<EmsAddressList>();
  const [error, setError] = useState<UiError>();
  const [waybills, setWaybills] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const cases = view.state.cases ?? {};
  // Asked again whenever a case joins or leaves the list (chosen, ready, mailed).
  const key = Object.values(cases)
    .filter((c) => c.delivery !== undefined)
    .map((c) => `${c.id}:${c.status}`)
    .join(',');
  useEffect(() => {
    let current = true;
    void sendWithRetry<EmsAddressList>(() => socket.timeout(ACK_TIMEOUT_MS).emitWithAck('case:ems-list', { window: clerk.window })).then((outcome) => {
      if (!current) return;
      if (outcome.ok) setList(outcome.result);
      else setError(outcome.error);
    });
    return () => {
      current = false;
    };
  }, [key]);
  const mail = async (command: PanelCommand) => {
    setBusy(true);
    setError(await send(command));
    setBusy(false);
  };
  return (
    <section class="case-office__mail" data-testid="ems-list">
      <h3 class="section-title">{pick(lang, TEXT.mailList)}</h3>
      {error && (
        <p class="dialog__error" role="alert">
          {errorText(lang, error)}
        </p>
      )}
      {list && list.entries.length === 0 && <p class="list-empty">{pick(lang, TEXT.mailNone)}</p>}
      <ul class="case-office__rows">
        {list?.entries.map((e) => {
          const c = cases[e.caseId];
          const waybillNo = (waybills[e.caseId] ?? '').trim().toUpperCase();
          const command: PanelCommand = { kind: 'case-mailed', caseId: e.caseId, waybillNo };
          return (
            <li key={e.caseId} class="case-row" data-testid={`ems-row-${c?.receiptNo ?? e.caseId}`}>
              <span class="case-row__no">{c?.receiptNo}</span>
              <span class="case-row__person">
                {e.name} {e.phone}
              </span>
              <span class="case-row__address">{e.address}</span>
              <span class="case-row__status">{pick(lang, c?.status === 'ready' ? CASE_STATUS_NAMES.ready : TEXT.notReady)}</span>
              <span class="case-row__actions">
                <label class="field field--inline">
                  <span class="field__label">{pick(lang, TEXT.waybill)}</span>
                  <input
                    class="field__input case-receipt"
                    data-testid={`ems-waybill-${c?.receiptNo ?? e.caseId}`}
                    maxLength={20}
                    autoComplete="off"
                    value={waybills[e.caseId] ?? ''}
                    onInput={(ev) => setWaybills({ ...waybills, [e.caseId]: ev.currentTarget.value })}
                  />
                </label>
                <button
                  type="button"
                  class="button button--primary"
                  data-testid={`ems-mailed-${c?.receiptNo ?? e.caseId}`}
                  disabled={!online || busy || !WAYBILL_NO.test(waybillNo) || !offered(view, clerk, command, now)}
                  onClick={() => void mail(command)}
                >
                  {pick(lang, TEXT.mailed)}
                </button>
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** At a 出件 window: the case the 出件 ticket at the counter was taken for, and 已取件. */
export function PickupCounter({ view, clerk, now, lang, online, send, ticket }: Omit<Props, 'socket'> & { ticket: TicketRecord | undefined }) {
  const [error, setError] = useState<UiError>();
  const [busy, setBusy] = useState(false);
  const win = view.config.windows.find((w) => w.number === clerk.window);
  if (win?.type !== '综合出件' || !ticket) return null;
  const c = Object.values(view.state.cases ?? {}).find((x) => x.pickupTicketId === ticket.id);
  if (!c) return null;
  const command: PanelCommand = { kind: 'case-picked-up', caseId: c.id };
  return (
    <section class="standby-bar pickup-case" data-testid="pickup-case" aria-label={pick(lang, TEXT.counterCase)}>
      <strong>{pick(lang, TEXT.counterCase)}</strong>
      <span data-testid="pickup-case-subject">{caseSubject(view, c, lang)}</span>
      <span data-testid="pickup-case-no">
        {pick(lang, TEXT.receiptNo)} {c.receiptNo}
      </span>
      {c.delivery && <span>{c.delivery.nameMasked}</span>}
      <span data-testid="pickup-case-status">{pick(lang, CASE_STATUS_NAMES[c.status])}</span>
      {offered(view, clerk, command, now) && (
        <button
          type="button"
          class="button button--primary"
          data-testid="pickup-case-done"
          disabled={!online || busy}
          onClick={async () => {
            setBusy(true);
            setError(await send(command));
            setBusy(false);
          }}
        >
          {pick(lang, TEXT.pickedUp)}
        </button>
      )}
      {error && (
        <span class="dialog__error" role="alert">
          {errorText(lang, error)}
        </span>
      )}
    </section>
  );
}
