/**
 * The ticket's phone page, where the printed (or on-screen) QR code leads:
 * GET /t/<YYYY-MM-DD>/<A013>. Server-rendered, no script, refreshes itself
 * every 30 s. Shows only what the hall's screens show: number, queue, people
 * ahead or the window calling it.
 */
import type { Request, Response } from 'express';
import { windowsServing } from '../../state-machines/client/web/hall-names.ts';
import { peopleAhead } from '../../state-machines/hall/views.ts';
import type { HallService } from '../hall/hall-service.ts';
import { windowRange } from '../../devices/printer/ticket-layout.ts';

export function ticketPage(hall: HallService) {
  return (req: Request, res: Response) => {
    const day = String(req.params.day ?? '');
    const number = String(req.params.number ?? '');
    const valid = /^\d{4}-\d{2}-\d{2}$/.test(day) && /^[A-Z]\d{3,4}$/.test(number);
    const ticket = valid ? hall.state.tickets[`${day}/${number}`] : undefined;
    const name = escapeHtml(hall.config.hall.name);
    if (!ticket) {
      res.status(404).type('html').send(page(name, '<p class="big">未找到该号码</p><p>号码每天重新编排，请以当天取得的号码为准。</p>', false));
      return;
    }
    const queue = hall.config.queues.find((q) => q.id === ticket.queueId);
    const state =
      ticket.status === 'waiting'
        ? `您前面还有 <b>${peopleAhead(hall.state, ticket)}</b> 人`
        : ticket.status === 'done'
          ? '已办结'
          : ticket.window !== undefined
            ? `请到 <b>${ticket.window}</b> 号窗口${ticket.status === 'serving' ? '（办理中）' : '办理'}`
            : '';
    const windows = windowRange(windowsServing(hall.config, ticket.queueId).map((w) => w.number));
    res
      .type('html')
      .send(
        page(
          name,
          `<p>${escapeHtml(queue?.name.zh ?? ticket.queueId)}</p><p class="number">${escapeHtml(ticket.number)}</p>` +
            `<p class="big" data-testid="ticket-state">${state}</p><p>办理窗口：${windows} 号窗口</p>` +
            '<p class="note">请留意叫号及大屏显示。过号无效，请重新取号。本页每 30 秒自动刷新。</p>',
          ticket.status !== 'done',
        ),
      );
  };
}

function page(hallName: string, body: string, refresh: boolean): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">${
    refresh ? '<meta http-equiv="refresh" content="30">' : ''
  }<title>${hallName} · 排队进度</title><style>
body{margin:0;font-family:system-ui,'WenQuanYi Zen Hei',sans-serif;background:#eef3f8;color:#102a43;text-align:center}
header{background:#0b3d6e;color:#fff;padding:16px;font-size:20px}
main{padding:24px 16px}.number{font-size:72px;font-weight:bold;color:#0b3d6e;margin:8px 0}
.big{font-size:26px}.note{color:#3e5569;font-size:15px;margin-top:24px}
</style></head><body><header>${hallName}</header><main>${body}</main></body></html>`;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
}
