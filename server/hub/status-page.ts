/**
 * The hub's status page (中心状态): each hall with where its shipped log ends
 * and how long ago it last arrived, and every refusal (gap, fork, altered
 * event, wrong credential) — a refused event is raised here, never dropped
 * silently. No secrets: credentials are stored as hashes and never shown.
 */
import type { Pool } from 'pg';
import { escapeHtml } from '../devices/ticket-page.ts';

const INCIDENTS_SHOWN = 50;

const KIND_NAMES: Record<string, string> = {
  GAP: '缺号（事件不连续）',
  FORK: '分叉（与已存记录不符）',
  ALTERED: '篡改（内容与哈希不符）',
  CREDENTIAL: '凭证错误',
  UNKNOWN_HALL: '未登记的大厅',
  REPORT: '统计报表汇总停止（请检查该大厅的事件）',
};

/** The hub serves halls in China: times on the page are Beijing time, as every hall's screens are. */
const beijing = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function ago(ms: number): string {
  if (ms < 60_000) return `${Math.max(0, Math.round(ms / 1000))} 秒前`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} 分钟前`;
  return `${Math.round(ms / 3_600_000)} 小时前`;
}

export async function statusPage(pool: Pool, now: number): Promise<string> {
  const halls = await pool.query<{ hall_id: string; name: string; district: string; last_seq: string; last_ingest_at: Date | null }>(
    'SELECT hall_id, name, district, last_seq, last_ingest_at FROM halls ORDER BY district, hall_id',
  );
  const incidents = await pool.query<{ hall_id: string; at: Date; kind: string; seq: string | null; detail: string }>(
    'SELECT hall_id, at, kind, seq, detail FROM hub_incidents ORDER BY id DESC LIMIT $1',
    [INCIDENTS_SHOWN],
  );
  const hallRows = halls.rows
    .map(
      (h) =>
        `<tr data-hall="${escapeHtml(h.hall_id)}"><td>${escapeHtml(h.name)}<br><small>${escapeHtml(h.hall_id)}</small></td><td>${escapeHtml(h.district)}</td>` +
        `<td class="num">${Number(h.last_seq)}</td><td>${h.last_ingest_at ? ago(now - h.last_ingest_at.getTime()) : '尚未接收'}</td></tr>`,
    )
    .join('');
  const incidentRows = incidents.rows
    .map(
      (i) =>
        `<tr data-kind="${escapeHtml(i.kind)}"><td>${escapeHtml(beijing.format(i.at))}</td><td>${escapeHtml(i.hall_id)}</td>` +
        `<td>${escapeHtml(KIND_NAMES[i.kind] ?? i.kind)}</td><td class="num">${i.seq ?? ''}</td><td>${escapeHtml(i.detail)}</td></tr>`,
    )
    .join('');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>中心状态 · 一窗</title><style>
body{font:18px/1.5 system-ui,"WenQuanYi Zen Hei",sans-serif;margin:24px;color:#102a43;background:#f5f7fa}
h1{font-size:28px}h2{font-size:22px;margin-top:32px}table{border-collapse:collapse;background:#fff;width:100%}
th,td{border:1px solid #bcccdc;padding:6px 10px;text-align:left;vertical-align:top}th{background:#d9e2ec}.num{text-align:right;font-variant-numeric:tabular-nums}
small{color:#486581}.none{color:#486581}
</style></head><body><main>
<h1>中心状态</h1>
<h2>大厅（${halls.rows.length}）</h2>
<table data-testid="hub-halls"><thead><tr><th scope="col">大厅</th><th scope="col">区县</th><th scope="col">最后事件序号</th><th scope="col">最后接收</th></tr></thead><tbody>${hallRows}</tbody></table>
<h2>拒收记录</h2>
${
  incidentRows
    ? `<table data-testid="hub-incidents"><thead><tr><th scope="col">时间（北京时间）</th><th scope="col">大厅</th><th scope="col">原因</th><th scope="col">序号</th><th scope="col">说明（接口原文）</th></tr></thead><tbody>${incidentRows}</tbody></table>`
    : '<p class="none">没有拒收记录</p>'
}
</main></body></html>`;
}
