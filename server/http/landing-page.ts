/**
 * The page at / : what an installer sees first. Links to every kiosk and
 * display of the configuration with its token, and the window panel. The
 * tokens shown are the configuration's own — this page is for the hall's LAN,
 * and a real hall replaces the demo tokens.
 */
import type { HallConfig } from '../../state-machines/config/hall-config.ts';
import { escapeXml } from './staff-photo.ts';

export function landingPage(config: HallConfig): string {
  const device = (d: HallConfig['devices'][number]) => {
    const path = d.kind === 'kiosk' ? '/kiosk/' : '/display/';
    const href = `${path}?token=${encodeURIComponent(d.token)}`;
    const where = d.window ? `${d.window} 号窗口屏` : d.selfServiceArea ? '7×24 自助区' : d.floor;
    return `<li><a href="${escapeXml(href)}" data-testid="link-${escapeXml(d.id)}">${escapeXml(d.name)}</a> <small>${escapeXml(where)} · ${escapeXml(d.id)}</small></li>`;
  };
  const clerks = config.windows
    .slice(0, 3)
    .map((w) => `${w.number} 号窗口：工号 ${escapeXml(w.posts.a)}`)
    .join('；');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeXml(config.hall.name)} · 一窗</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:20px/1.6 "WenQuanYi Zen Hei",sans-serif;margin:2rem auto;max-width:56rem;padding:0 1rem;color:#17212b}
h1{font-size:2rem;margin-bottom:.2rem}a{color:#0b57a4}li{margin:.4rem 0}small{color:#555}.note{background:#f3f6f9;padding:1rem;border-radius:8px}</style></head>
<body><h1>${escapeXml(config.hall.name)}</h1><p>${escapeXml(config.hall.nameEn)} · 一窗 Yichuang</p>
<h2>取号机 Kiosks</h2><ul>${config.devices.filter((d) => d.kind === 'kiosk').map(device).join('')}</ul>
<h2>显示屏 Displays</h2><ul>${config.devices.filter((d) => d.kind === 'display').map(device).join('')}</ul>
<h2>窗口 Window panel</h2><ul><li><a href="/window-panel/" data-testid="link-window-panel">窗口工作台 Window panel</a></li></ul>
<p class="note">演示账号 Demo sign-in: ${clerks}；密码 PIN 123456（每个窗口的A岗/B岗工号见配置文件）</p>
<p><a href="/healthz">/healthz</a></p></body></html>`;
}
