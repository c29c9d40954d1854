/**
 * Recorded ESC/POS bytes → an HTML picture of the paper, for people to look
 * at (Playwright screenshots it): 80 mm paper, 576 dots across, 48 columns of
 * 12-dot font A, character sizes and alignment as decoded, the QR drawn from
 * the payload the printer was sent.
 */
import { encode } from 'uqr';
import { decodeEscPos } from './escpos-decoder.ts';

const DOTS = 576;
const CELL = 12;

export function escposToHtml(bytes: Uint8Array, title = 'ticket'): string {
  const d = decodeEscPos(bytes);
  const body: string[] = [];
  for (const b of d.blocks) {
    if (b.kind === 'line') {
      const { text, align, width, height, bold } = b.line;
      body.push(
        `<div class="l" style="text-align:${align};font-size:${24 * height}px;line-height:${30 * height}px;` +
          `letter-spacing:0;${bold ? 'font-weight:bold;-webkit-text-stroke:0.6px #000;' : ''}` +
          `transform:scaleX(${width / height});transform-origin:${align === 'center' ? '50%' : align === 'right' ? '100%' : '0'} 0">` +
          `${escapeHtml(text) || '&nbsp;'}</div>`,
      );
    } else if (b.kind === 'feed') {
      body.push(`<div style="height:${30 * b.lines}px"></div>`);
    } else if (b.kind === 'qr') {
      const { data } = encode(b.data, { ecc: 'M', border: 0 });
      const n = data.length;
      let path = '';
      for (const [y, row] of data.entries()) for (const [x, dark] of row.entries()) if (dark) path += `M${x} ${y}h1v1h-1z`;
      body.push(
        `<div class="qr"><svg width="${n * b.module}" height="${n * b.module}" viewBox="0 0 ${n} ${n}" shape-rendering="crispEdges"><path d="${path}"/></svg></div>`,
      );
    } else {
      body.push('<div class="cut">✂ - - - - - - - - - - - - - - - - - - - - - - -</div>');
    }
  }
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>
body{margin:0;background:#777;display:flex;justify-content:center;padding:24px}
.paper{width:${DOTS}px;padding:16px 12px;background:#fffefa;color:#111;font-family:'WenQuanYi Zen Hei Mono','WenQuanYi Zen Hei',monospace;box-shadow:0 2px 12px #0008}
.l{white-space:pre;overflow:hidden;font-size:24px}
.qr{display:flex;justify-content:center;padding:8px 0}
.cut{color:#999;font-size:16px;text-align:center;padding-top:8px}
</style></head><body><div class="paper" data-columns="${DOTS / CELL}">${body.join('\n')}</div></body></html>`;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
}
