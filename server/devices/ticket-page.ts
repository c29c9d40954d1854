/**
 * The ticket's phone page, where the printed (or on-screen) QR code leads:
 * GET /t/<YYYY-MM-DD>/<A013>. Server-rendered, and kept live by a small
 * external script (/t/ticket-live.js, allowed by the page's CSP) that reads
 * GET /t/<YYYY-MM-DD>/<A013>.json every LIVE_SECONDS and stops once the ticket
 * has ended. It says what the paper and the kiosk say, with the same words
 * (state-machines/hall/visitor-texts.ts): people ahead, the wait, the class
 * mark, the windows and the hall's 过号 rule, and the 一次性告知 of the ticket's
 * item — nothing personal (no names, no notes, no green-channel reason).
 */
import { readFileSync } from 'node:fs';
import type { Request, Response } from 'express';
import { windowRange, windowsForTicket } from '../../state-machines/client/web/hall-names.ts';
import type { CaseRecord } from '../../state-machines/domain/case.ts';
import { serviceDayOf } from '../../state-machines/domain/service-day.ts';
import type { TicketRecord } from '../../state-machines/domain/ticket.ts';
import { caseProgressText } from '../../state-machines/client/web/case-texts.ts';
import { ticketWait } from '../../state-machines/hall/estimate.ts';
import { noShowRuleText, phoneAlert, ticketClassText, ticketProgressText } from '../../state-machines/hall/visitor-texts.ts';
import { own } from '../../state-machines/hall/state.ts';
import type { HallConfig } from '../../state-machines/config/hall-config.ts';
import { materialLine, noticeFor, promiseText } from '../../state-machines/hall/notice.ts';
import type { HallService } from '../hall/hall-service.ts';
import { RATING_FORM_CSS, ratingSection } from './rating-form.ts';
import type { TicketKeys } from './ticket-keys.ts';

/** How often an open page asks again: often enough to catch a call in time, light on a phone's data. */
export const LIVE_SECONDS = 15;

/**
 * Phones ask at any moment; the forecast behind their answer is figured for the
 * hall's time rounded down to this step, so every phone asking within it shares
 * one forecast (call-forecast.ts keeps the last few) and gets the same bytes (304).
 */
const FORECAST_STEP_MS = 10_000;
const forecastTime = (now: number) => now - (now % FORECAST_STEP_MS);

const TICKET_NUMBER = /^[A-Z]\d{3,4}$/;
const SERVICE_DAY = /^\d{4}-\d{2}-\d{2}$/;
const GONE = '未找到该号码';

/** What the page shows and the script refreshes: words only, as on paper. */
export interface TicketPageView {
  number: string;
  queue: string;
  status: TicketRecord['status'];
  classMark: string | null;
  /** 您前面还有 N 人, or where the ticket stands once called (请到 5 号窗口办理, 已办结 …). */
  state: string;
  /** 预计等待… while waiting, else null. */
  wait: string | null;
  /** The hall's 过号 rule as it applies to this ticket. */
  rule: string;
  windows: string;
  /** Nothing will change any more: the script stops asking. */
  ended: boolean;
  /** 手机提醒: near, or called (again at each recall) — the script sounds, vibrates and shows the banner (visitor-texts.ts). */
  alert: { kind: 'near' | 'called'; key: string; text: string; title: string } | null;
}

export function ticketPageView(hall: HallService, ticket: TicketRecord, now: number): TicketPageView {
  const { config, state } = hall;
  const queue = config.queues.find((q) => q.id === ticket.queueId);
  const rule = noShowRuleText(config.queueRules.noShow, ticket);
  const live = ticket.status === 'waiting' ? ticketWait(state, config, ticket, now) : undefined;
  // The same words as the kiosk's 查询排队进度 and scan panel.
  const progress = ticketProgressText(ticket, live);
  const requeueLeft = config.queueRules.noShow.policy === 'requeue' && ticket.requeues < config.queueRules.noShow.maxRequeues;
  const alert = phoneAlert(ticket, live?.ahead, config.queueRules.phoneAlert.aheadAtMost);
  return {
    number: ticket.number,
    queue: queue?.name.zh ?? ticket.queueId,
    status: ticket.status,
    classMark: ticketClassText(ticket)?.zh ?? null,
    state: progress.state.zh,
    wait: progress.wait?.zh ?? null,
    rule: rule.zh,
    windows: `${windowRange(windowsForTicket(config, ticket).map((w) => w.number))} 号窗口`,
    ended: ticket.status === 'done' || ticket.status === 'cancelled' || (ticket.status === 'no_show' && !requeueLeft),
    alert: alert ? { kind: alert.kind, key: alert.key, text: alert.text.zh, title: alert.title.zh } : null,
  };
}

function findTicket(hall: HallService, day: string, number: string): TicketRecord | undefined {
  return SERVICE_DAY.test(day) && TICKET_NUMBER.test(number) ? hall.state.tickets[`${day}/${number}`] : undefined;
}

export function ticketPage(hall: HallService, keys: TicketKeys, now: () => number = Date.now) {
  return (req: Request, res: Response) => {
    const day = String(req.params.day ?? '');
    const raw = String(req.params.number ?? '');
    const json = raw.endsWith('.json');
    const number = json ? raw.slice(0, -'.json'.length) : raw;
    if (json) {
      const ticket = findTicket(hall, day, number);
      // Express answers 304 itself when the ETag of this body matches: nothing changed, nothing sent.
      res.setHeader('Cache-Control', 'no-cache');
      if (!ticket) res.status(404).json({ error: { code: 'NOT_FOUND', message: GONE } });
      else res.json(ticketPageView(hall, ticket, forecastTime(now())));
      return;
    }
    // The QR's key lets this phone rate; a page opened without it (a number typed by hand) only follows.
    const key = req.query.k;
    sendTicketPage(res, hall, day, number, now(), { key: typeof key === 'string' && keys.matches(`${day}/${number}`, key) ? key : undefined });
  };
}

/** What the page says about the phone's last rating attempt, and whether it came through the ticket's QR. */
export interface TicketPageOptions {
  /** The ticket's key, already checked (ticket-keys.ts): the rating form is offered. */
  key?: string | undefined;
  /** What the last rating attempt got (a refusal's words), shown above the form, and the HTTP status. */
  notice?: { status: number; text: string } | undefined;
}

/** The phone page of a ticket, with its 好差评 part (rating-form.ts) — or the page saying the number is unknown. */
export function sendTicketPage(res: Response, hall: HallService, day: string, number: string, now: number, options: TicketPageOptions = {}): void {
  const { key, notice } = options;
  const name = escapeHtml(hall.config.hall.name);
  const ticket = findTicket(hall, day, number);
  const known = SERVICE_DAY.test(day) && TICKET_NUMBER.test(number);
  const rating = known ? own(hall.state.ratings ?? {}, `${day}/${number}`) : undefined;
  // 办件: the case accepted on this ticket (the case's id is the ticket's), kept after the ticket's day while open or ready.
  const kase = known ? own(hall.state.cases ?? {}, `${day}/${number}`) : undefined;
  const caseHtml = kase ? casePart(hall, kase, now) : '';
  if (!ticket && !rating && !kase) {
    res
      .status(404)
      .type('html')
      .send(page(name, `<p class="big">${GONE}</p><p>号码每天重新编排，请以当天取得的号码为准。</p>`, ''));
    return;
  }
  const rate = ratingSection(hall.config, rating, now, { action: `/t/${day}/${escapeHtml(number)}/rating`, key, notice: notice?.text });
  if (!ticket) {
    // The ticket left the live state at day change; its rating (until the phone's deadline) is still here.
    res
      .status(notice?.status ?? 200)
      .type('html')
      .send(page(name, `<p class="number">${escapeHtml(number)}</p>${caseHtml}${rating ? rate : ''}`, ''));
    return;
  }
  const v = ticketPageView(hall, ticket, forecastTime(now));
  const hidden = (text: string | null) => (text === null ? ' hidden' : '');
  const rateSoon = hall.config.ratings !== undefined && ticket.status !== 'done' && !v.ended;
  res
    .status(notice?.status ?? 200)
    .type('html')
    .send(
      page(
        name,
        `<p>${escapeHtml(v.queue)}</p><p class="number">${escapeHtml(v.number)}</p>` +
          `<p class="mark" id="mark" data-testid="ticket-class"${hidden(v.classMark)}>${escapeHtml(v.classMark ?? '')}</p>` +
          '<div class="live" aria-live="polite" aria-atomic="true">' +
          `<p class="big" id="state" data-testid="ticket-state">${escapeHtml(v.state)}</p>` +
          `<p class="wait" id="wait" data-testid="ticket-wait"${hidden(v.wait)}>${escapeHtml(v.wait ?? '')}</p>` +
          '</div>' +
          caseHtml +
          // 手机提醒 (ticket-live.js): the banner, the switch that lets the phone sound, and the link's state.
          // Opened when called: the banner at once. Opened when already near: the page itself says so; no banner over it.
          `<div class="alert" id="alert" role="alert" data-testid="ticket-alert"${v.alert?.kind === 'called' ? ' data-kind="called"' : ' hidden'}>` +
          `<p class="alert__number">${escapeHtml(v.number)}</p><p class="alert__text" id="alert-text" data-testid="ticket-alert-text">${escapeHtml(v.alert?.text ?? '')}</p>` +
          '<button type="button" id="alert-ok" class="alert__ok" data-testid="ticket-alert-ok">知道了</button></div>' +
          (v.ended
            ? ''
            : '<p><button type="button" id="sound" class="sound" data-testid="ticket-sound" hidden>开启声音和振动提醒</button></p>' +
              '<p class="stale" id="stale" role="status" data-testid="ticket-stale" hidden></p>') +
          rate +
          `<p>办理窗口：${escapeHtml(v.windows)}</p>` +
          `<p class="rule" id="rule" data-testid="ticket-rule">${escapeHtml(v.rule)}</p>` +
          noticeSection(hall.config, ticket.itemId) +
          '<p class="note">请留意叫号及大屏显示。本页自动更新，无需刷新。</p>',
        ` data-live="/t/${day}/${escapeHtml(number)}.json" data-every="${LIVE_SECONDS}" data-ended="${v.ended}" data-gone="${GONE}"` +
          ` data-tz="${escapeHtml(hall.config.hall.timezone)}"${v.alert ? ` data-alert-key="${escapeHtml(v.alert.key)}"` : ''}${rateSoon ? ' data-rate="after-service"' : ''}`,
      ),
    );
}

/** 办件 on the phone: where the case stands (可取件 and the 出件 windows, or the promised day) — status only. */
function casePart(hall: HallService, c: CaseRecord, now: number): string {
  const { state, detail } = caseProgressText(hall.config, c, serviceDayOf(now, hall.config.hall.timezone));
  return (
    `<div class="case${c.status === 'ready' ? ' case--ready' : ''}" data-testid="ticket-case">` +
    `<p class="case__state" data-testid="ticket-case-state">${escapeHtml(state.zh)}</p>` +
    (detail ? `<p data-testid="ticket-case-detail">${escapeHtml(detail.zh)}</p>` : '') +
    '</div>'
  );
}

/**
 * 一次性告知 of the ticket's item or 一件事 bundle (notice.ts): the hall file's words only — the same for
 * every visitor of that item, nothing of this one — so the visitor can check their papers while waiting.
 */
function noticeSection(config: HallConfig, itemId: string | undefined): string {
  const notice = itemId === undefined ? undefined : noticeFor(config, itemId);
  if (!notice) return '';
  const list = (title: string, lines: readonly string[], id: string) =>
    lines.length === 0 ? '' : `<h3>${title}</h3><ol data-testid="notice-${id}">${lines.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ol>`;
  return (
    '<section class="item-notice" data-testid="ticket-notice" aria-labelledby="notice-title">' +
    `<h2 id="notice-title">一次性告知 · ${escapeHtml(notice.name)}</h2>` +
    (notice.items.length > 0 ? `<p>一件事包含：${escapeHtml(notice.items.join('、'))}</p>` : '') +
    list(
      '请带齐以下材料',
      notice.materials.map((m) => materialLine(m)),
      'materials',
    ) +
    list('受理条件', notice.conditions, 'conditions') +
    list('办理流程', notice.steps, 'steps') +
    `<p><b>承诺时限：</b>${escapeHtml(promiseText(notice, config.cases.defaultPromiseDays))}</p>` +
    (notice.fee ? `<p><b>收费标准：</b>${escapeHtml(notice.fee)}</p>` : '') +
    list('办理依据', notice.basis, 'basis') +
    '</section>'
  );
}

/** The live script, read once: small, cached by the phone for an hour. */
const LIVE_SCRIPT = readFileSync(new URL('./ticket-live.js', import.meta.url), 'utf8');

export function ticketLiveScript(_req: Request, res: Response) {
  res.type('text/javascript').setHeader('Cache-Control', 'public, max-age=3600').send(LIVE_SCRIPT);
}

function page(hallName: string, body: string, bodyAttributes: string): string {
  return (
    `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<title>${hallName} · 排队进度</title><style>
body{margin:0;font-family:system-ui,'WenQuanYi Zen Hei',sans-serif;background:#eef3f8;color:#102a43;text-align:center}
header{background:#0b3d6e;color:#fff;padding:16px;font-size:20px}
main{padding:24px 16px}.number{font-size:72px;font-weight:bold;color:#0b3d6e;margin:8px 0}
.mark{display:inline-block;margin:0 0 8px;padding:4px 16px;border-radius:20px;background:#1b5e20;color:#fff;font-size:18px;font-weight:bold}
.big{font-size:26px;font-weight:bold;margin:8px 0}.wait{font-size:22px;margin:8px 0}
.rule{margin:20px auto 0;max-width:28em;padding:10px 14px;background:#fff4d6;border-left:6px solid #b26a00;border-radius:6px;text-align:left;font-size:17px}
.note{color:#3e5569;font-size:15px;margin-top:20px}
.case{margin:16px auto;max-width:28em;padding:12px 16px;background:#fff;border:3px solid #0b3d6e;border-radius:10px;font-size:20px}
.case__state{font-size:28px;font-weight:bold;margin:4px 0;color:#0b3d6e}.case--ready{border-color:#1b5e20}.case--ready .case__state{color:#1b5e20}
.item-notice{margin:20px auto 0;max-width:28em;padding:12px 16px;background:#fff;border:2px solid #0b3d6e;border-radius:8px;text-align:left;font-size:17px;line-height:1.5}
.item-notice h2{font-size:20px;margin:0 0 8px;color:#0b3d6e}.item-notice h3{font-size:17px;margin:12px 0 4px}.item-notice ol{margin:0;padding-left:1.6em}
.alert{position:fixed;inset:0;z-index:10;display:flex;flex-direction:column;justify-content:center;align-items:center;gap:12px;padding:24px;background:#0b3d6e;color:#fff}
.alert[data-kind=near]{background:#ffd666;color:#102a43}.alert[hidden]{display:none}
.alert__number{font-size:80px;font-weight:bold;margin:0}.alert__text{font-size:30px;font-weight:bold;margin:0;max-width:14em}
.alert__ok{font-size:24px;padding:12px 40px;border-radius:10px;border:3px solid currentColor;background:transparent;color:inherit}
.sound{font-size:18px;padding:10px 18px;border-radius:8px;border:2px solid #0b3d6e;background:#fff;color:#0b3d6e}
.stale{position:fixed;left:8px;right:8px;bottom:8px;z-index:11;margin:0;padding:10px 12px;background:#fdecea;color:#8a1c1c;border:2px solid #8a1c1c;border-radius:6px;font-size:17px}
[hidden]{display:none}
${RATING_FORM_CSS}
</style></head><body${bodyAttributes}><header>${hallName}</header><main>${body}</main>` +
    (bodyAttributes.includes('data-live') ? '<script src="/t/ticket-live.js" defer></script>' : '') +
    '</body></html>'
  );
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
}
