/**
 * 好差评 on the ticket's phone page (/t/<day>/<number>): once the ticket is
 * 办结, a small form (plain HTML, no script: old phones too) posting to
 * POST /t/<day>/<number>/rating — five levels and no default, reasons and text
 * for 不满意 and below, the hall's optional secondary items. The same decider as
 * the window's pad and tablet (`rating.give`, channel `phone`): one rating per
 * service, until the end of the service day (or `ratings.phoneMinutes`).
 * Only a phone that came through the ticket's QR code may rate: the code
 * carries the ticket's key (ticket-keys.ts), the form posts it back, and a post
 * without it is refused and stores nothing — a ticket's day and number are
 * called aloud, so they alone prove nothing. Posts are rate-limited per address.
 */
import express, { Router, type Request, type Response } from 'express';
import type { PublicHallConfig } from '../../state-machines/config/hall-config.ts';
import { RATING_LEVEL_NAMES, RATING_LEVELS, type RatingRecord } from '../../state-machines/domain/rating.ts';
import { ratingChoice } from '../../state-machines/protocol/messages.ts';
import type { HallService } from '../hall/hall-service.ts';
import { clientAddress } from '../http/client-address.ts';
import { LIMITS, rateLimited } from '../sockets/limits.ts';
import { TokenBuckets } from '../sockets/rate-limit.ts';
import type { TicketKeys } from './ticket-keys.ts';
import { escapeHtml, sendTicketPage } from './ticket-page.ts';

export const RATING_FORM_CSS = `.rate{margin:20px auto;max-width:30em;padding:14px;background:#fff;border-radius:10px;text-align:left}
.rate h2{font-size:22px;margin:0 0 10px;text-align:center}.rate fieldset{border:0;margin:0 0 12px;padding:0}
.rate legend{font-size:18px;font-weight:bold;margin-bottom:6px}.levels label{display:block;font-size:20px;padding:10px;margin:6px 0;border:2px solid #7a8da0;border-radius:8px}
.levels input{width:24px;height:24px;vertical-align:middle;margin-right:10px}.reasons label{display:inline-block;font-size:17px;margin:4px 10px 4px 0}
.reasons input{width:22px;height:22px;vertical-align:middle;margin-right:6px}.rate textarea{width:100%;box-sizing:border-box;font-size:17px}.rate select{font-size:17px;margin-left:8px}
.rate button{display:block;width:100%;font-size:22px;padding:12px;background:#0b3d6e;color:#fff;border:0;border-radius:8px}
.thanks{font-size:26px;font-weight:bold;color:#1b5e20;text-align:center}.notice{color:#8a1c1c;font-weight:bold}`;

/** Where the form posts, the ticket's key if the page was opened through the QR, and the last attempt's words. */
export interface RatingSectionOptions {
  action: string;
  key?: string | undefined;
  notice?: string | undefined;
}

/** The rating part of the page: the form while the phone may rate (through the QR), thanks once rated, nothing before 办结. */
export function ratingSection(config: PublicHallConfig, rating: RatingRecord | undefined, now: number, options: RatingSectionOptions): string {
  const { action, key, notice } = options;
  const rules = config.ratings;
  const said = notice ? `<p class="notice" role="alert" data-testid="rating-notice">${escapeHtml(notice)}</p>` : '';
  if (!rules || !rating) return said;
  if (rating.status === 'rated') return `<section class="rate" data-testid="rating-done">${said}<p class="thanks">感谢您的评价</p></section>`;
  if (rating.status === 'unrated' || now > rating.phoneUntil)
    return `<section class="rate" data-testid="rating-closed">${said}<p>评价时间已过，感谢您的到来</p></section>`;
  if (key === undefined) return `<section class="rate" data-testid="rating-needs-key">${said}<p>请用手机扫描号票上的二维码，对本次服务进行评价。</p></section>`;
  const levels = RATING_LEVELS.map((l) => `<label><input type="radio" name="level" value="${l}" required>${RATING_LEVEL_NAMES[l].zh}</label>`).join('');
  const reasons = rules.reasons.map((r) => `<label><input type="checkbox" name="reasons" value="${escapeHtml(r.id)}">${escapeHtml(r.zh)}</label>`).join('');
  const secondary = rules.secondary
    .map(
      (s) =>
        `<p><label>${escapeHtml(s.zh)}<select name="secondary.${escapeHtml(s.id)}"><option value="">不评</option>${RATING_LEVELS.map((l) => `<option value="${l}">${RATING_LEVEL_NAMES[l].zh}</option>`).join('')}</select></label></p>`,
    )
    .join('');
  return (
    `<form class="rate" method="post" action="${action}" data-testid="rating-form"><h2>请您对本次服务进行评价</h2>${said}` +
    `<input type="hidden" name="k" value="${escapeHtml(key)}">` +
    `<fieldset class="levels"><legend>总体评价</legend>${levels}</fieldset>` +
    `<fieldset class="reasons"><legend>不满意的原因（选择“不满意”或“非常不满意”时填写）</legend>${reasons}` +
    '<p><label for="rating-text">意见（可选，200 字以内）</label><textarea id="rating-text" name="text" rows="3" maxlength="200"></textarea></p></fieldset>' +
    (secondary ? `<fieldset><legend>分项评价（可选）</legend>${secondary}</fieldset>` : '') +
    '<p>评价匿名，窗口工作人员看不到您的评价。</p><button type="submit">提交评价</button></form>'
  );
}

/** The posted form as a rating choice: radio and checkbox fields as urlencoded sends them. */
function choiceOf(body: Record<string, unknown>): unknown {
  const list = (v: unknown) => (v === undefined || v === '' ? undefined : Array.isArray(v) ? v : [v]);
  const secondary = Object.entries(body)
    .filter(([k, v]) => k.startsWith('secondary.') && v !== '')
    .map(([k, v]) => ({ id: k.slice('secondary.'.length), level: Number(v) }));
  const text = typeof body.text === 'string' && body.text.trim() !== '' ? body.text : undefined;
  return { level: Number(body.level), reasons: list(body.reasons), text, secondary: secondary.length > 0 ? secondary : undefined };
}

/** Said when a post does not carry the ticket's key: typed in by hand, or someone else's number. */
const NEEDS_QR = '请用手机扫描号票上的二维码进行评价';

export function ratingRoutes(hall: HallService, keys: TicketKeys, now: () => number = Date.now): Router {
  const router = Router();
  const perAddress = new TokenBuckets(LIMITS.ratings.perMinute, LIMITS.ratings.burst);
  const form = express.urlencoded({ extended: false, limit: '4kb', parameterLimit: 40 });
  router.post('/t/:day/:number/rating', form, (req: Request, res: Response) => {
    const day = String(req.params.day ?? '');
    const number = String(req.params.number ?? '');
    const wait = perAddress.admit(clientAddress(req.socket), now());
    if (wait > 0) {
      sendTicketPage(res, hall, day, number, now(), { notice: { status: 429, text: rateLimited(wait, '评价', 'ratings').message } });
      return;
    }
    const body = (req.body ?? {}) as Record<string, unknown>;
    const ticketId = `${day}/${number}`;
    if (!keys.matches(ticketId, body.k)) {
      sendTicketPage(res, hall, day, number, now(), { notice: { status: 403, text: NEEDS_QR } });
      return;
    }
    const key = body.k as string;
    const parsed = ratingChoice.safeParse(choiceOf(body));
    if (!parsed.success) {
      sendTicketPage(res, hall, day, number, now(), { key, notice: { status: 400, text: '请选择一项总体评价后再提交' } });
      return;
    }
    const result = hall.execute({ type: 'rating.give', ticketId, channel: 'phone', ...parsed.data }, `phone:${ticketId}`);
    if (!result.ok) {
      const status = result.error.code === 'NOT_FOUND' ? 404 : result.error.code === 'STORAGE_UNAVAILABLE' ? 503 : 409;
      sendTicketPage(res, hall, day, number, now(), { key, notice: { status, text: result.error.message } });
      return;
    }
    // Post/redirect/get: a reload does not post again, and the page now says 感谢您的评价.
    res.redirect(303, `/t/${day}/${number}?k=${encodeURIComponent(key)}`);
  });
  return router;
}
