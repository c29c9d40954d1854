/**
 * 办事去哪儿 — the hub's public page for a phone on 4G: the halls of a
 * district with, per queue, how many wait, the wait a new visitor would have
 * and the windows open now. Rendered here (no script framework), refreshed by
 * a few lines of script that fetch only the list part every 20 s with
 * `If-None-Match` (an unchanged list costs a 304). The whole first load stays
 * far under 15 KB gzip (tests/integration/hub-public.test.ts measures it).
 * Nothing personal: the same numbers as the open API.
 */
import type { Request, Response } from 'express';
import { escapeHtml } from '../devices/ticket-page.ts';
import { etagOf, type HallWaitsView, type LiveBoard } from './live-board.ts';

type Lang = 'zh' | 'en';
const W = {
  title: { zh: '办事去哪儿 · 实时等候', en: 'Where to go now · live waits' },
  district: { zh: '区县', en: 'District' },
  all: { zh: '全部', en: 'All' },
  queue: { zh: '业务', en: 'Service' },
  waiting: { zh: '等候', en: 'Waiting' },
  wait: { zh: '预计', en: 'Wait' },
  windows: { zh: '窗口', en: 'Windows' },
  issuing: { zh: '正在取号', en: 'Taking numbers now' },
  none: { zh: '暂无大厅数据', en: 'No hall has reported yet' },
  updated: { zh: '更新于', en: 'Updated' },
  stale: { zh: '（数据可能已过时）', en: ' (may be out of date)' },
  other: { zh: 'English', en: '中文' },
} as const;

/** A hall not heard from for this long is marked as maybe out of date (it sends at least every 30 s while its numbers change). */
const STALE_MS = 5 * 60_000;

const clock = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

function hallsPart(halls: readonly HallWaitsView[], lang: Lang, now: number): string {
  if (halls.length === 0) return `<p class="none">${W.none[lang]}</p>`;
  return halls
    .map((h) => {
      const w = h.waits;
      const state = w.issuing ? W.issuing[lang] : (w.closedText?.[lang] ?? '');
      const rows = w.queues
        .map(
          (q) =>
            `<tr><th scope="row">${escapeHtml(q.name[lang])}</th><td class="n">${q.waiting}</td><td>${escapeHtml(q.waitText[lang])}</td><td class="n">${q.openWindows}</td></tr>`,
        )
        .join('');
      return (
        `<section class="hall" data-hall="${escapeHtml(h.hallId)}"><h2>${escapeHtml(w.name[lang])}</h2>` +
        `<p class="state${w.issuing ? '' : ' closed'}">${escapeHtml(state)}</p>` +
        `<table><thead><tr><th scope="col">${W.queue[lang]}</th><th scope="col">${W.waiting[lang]}</th><th scope="col">${W.wait[lang]}</th><th scope="col">${W.windows[lang]}</th></tr></thead><tbody>${rows}</tbody></table>` +
        `<p class="upd">${W.updated[lang]} ${clock.format(h.updatedAt)}${now - h.updatedAt > STALE_MS ? W.stale[lang] : ''}</p></section>`
      );
    })
    .join('');
}

const STYLE =
  'body{margin:0;font:20px/1.5 system-ui,"WenQuanYi Zen Hei",sans-serif;color:#102a43;background:#f0f4f8}' +
  'header{background:#0b3d6e;color:#fff;padding:12px 16px}h1{margin:0;font-size:26px}header a{color:#fff}' +
  'nav{padding:8px 16px;display:flex;flex-wrap:wrap;gap:8px}nav a{padding:8px 14px;border:2px solid #0b3d6e;border-radius:20px;color:#0b3d6e;text-decoration:none}' +
  'nav a[aria-current]{background:#0b3d6e;color:#fff}main{padding:0 12px 24px}.hall{background:#fff;border-radius:12px;padding:12px 14px;margin:12px 0}' +
  'h2{margin:0 0 4px;font-size:22px}.state{margin:0 0 8px;color:#0f5132;font-weight:bold}.state.closed{color:#8a2c0d}' +
  'table{width:100%;border-collapse:collapse}th,td{padding:6px 4px;border-bottom:1px solid #d9e2ec;text-align:left;white-space:nowrap}tbody th{white-space:normal;font-weight:normal}' +
  '.n{text-align:right;font-variant-numeric:tabular-nums;font-size:24px;font-weight:bold}.upd{margin:6px 0 0;color:#486581;font-size:16px}.none{color:#486581}';

/**
 * Refresh the list part when the hub announces a change in this district (Server-Sent Events, page-stream.ts),
 * and every 60 s anyway; `If-None-Match` makes an unchanged list a 304.
 */
const SCRIPT =
  "(function(){var e='',q=location.search,u=location.pathname+q+(q?'&':'?')+'part=halls';" +
  "function r(){fetch(u,{headers:e?{'If-None-Match':e}:{}}).then(function(x){if(x.status!==200)return;e=x.headers.get('ETag')||'';return x.text()}).then(function(t){if(t)document.getElementById('halls').innerHTML=t}).catch(function(){})}" +
  "if(window.EventSource)new EventSource('/api/v1/stream'+q).onmessage=r;setInterval(r,60000)})()";

export async function publicPage(req: Request, res: Response, board: LiveBoard): Promise<void> {
  const lang: Lang = req.query.lang === 'en' ? 'en' : 'zh';
  const district = typeof req.query.district === 'string' ? req.query.district.slice(0, 40) : '';
  const { value: halls } = await board.district(district);
  const part = hallsPart(halls, lang, Date.now());
  res.setHeader('Cache-Control', 'public, max-age=5');
  if (req.query.part === 'halls') {
    const etag = etagOf(part);
    res.setHeader('ETag', etag);
    if (req.get('if-none-match') === etag) return void res.status(304).end();
    return void res.type('html').send(part);
  }
  const districts = await board.districts();
  const link = (d: string, label: string) =>
    `<a href="?${new URLSearchParams({ ...(d ? { district: d } : {}), ...(lang === 'en' ? { lang } : {}) }).toString()}"${d === district ? ' aria-current="page"' : ''}>${escapeHtml(label)}</a>`;
  const other = new URLSearchParams({ ...(district ? { district } : {}), ...(lang === 'zh' ? { lang: 'en' } : {}) }).toString();
  res
    .type('html')
    .send(
      `<!doctype html><html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
        `<title>${W.title[lang]}</title><style>${STYLE}</style></head><body><header><h1>${W.title[lang]}</h1><a href="?${other}" lang="${lang === 'zh' ? 'en' : 'zh-CN'}">${W.other[lang]}</a></header>` +
        `<nav aria-label="${W.district[lang]}">${link('', W.all[lang])}${districts.map((d) => link(d, d)).join('')}</nav>` +
        `<main id="halls" aria-live="polite">${part}</main><script>${SCRIPT}</script></body></html>`,
    );
}
