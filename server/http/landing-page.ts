/**
 * The page at / : what an installer or a newcomer sees first.
 *
 * It never carries a secret, with one exception: the shipped demo hall
 * (server/halls/demo-hall.json, whose tokens and PIN are in the repository
 * anyway) served to this machine itself. Only then does it give one-click
 * links with the demo device tokens and the demo accounts. Any other hall,
 * and any client on the LAN (the guest Wi-Fi reaches this server too), gets
 * the hall's name, the three pages without tokens and how pairing works.
 */
import type { HallConfig } from '../../state-machines/config/hall-config.ts';
import { escapeXml } from './staff-photo.ts';

/** The demo's own PIN for every account (server/halls/demo-hall.json). */
export const DEMO_PIN = '123456';

export type DemoHours = 'all-day' | 'real-hours';

export interface LandingOptions {
  /** Set only for the shipped demo hall asked from loopback: show its tokens, accounts and how it keeps time. */
  demo?: { hours: DemoHours } | undefined;
}

const STYLE = `body{font:20px/1.6 "WenQuanYi Zen Hei",sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#17212b}
h1{font-size:2rem;margin-bottom:.2rem}h2{margin-top:2rem}a{color:#0b57a4}li{margin:.4rem 0}small,.en{color:#4a5560}
.note{background:#f3f6f9;padding:.8rem 1.2rem;border-radius:8px}.mode{background:#fff4d6;border:2px solid #b45309;padding:.8rem 1.2rem;border-radius:8px}
table{border-collapse:collapse}th,td{text-align:left;padding:.2rem 1rem .2rem 0;border-bottom:1px solid #dde5ee}code{font-size:.95em;background:#eef2f6;padding:0 .3em;border-radius:4px}`;

export function landingPage(config: HallConfig, options: LandingOptions = {}): string {
  const name = escapeXml(config.hall.name);
  const body = options.demo ? demoSections(config, options.demo.hours) : publicSections();
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${name} · 一窗</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>${STYLE}</style></head>
<body><main><h1>${name}</h1><p lang="en" class="en">${escapeXml(config.hall.nameEn)} · 一窗 Yichuang</p>
${body}
<p><a href="/healthz">/healthz</a></p></main></body></html>`;
}

/** Any hall, any client: the pages without tokens, and how a device is paired. */
function publicSections(): string {
  return `<h2>页面 Pages</h2><ul>
<li><a href="/kiosk/" data-testid="link-kiosk">取号机 Kiosk</a> <small>/kiosk/</small></li>
<li><a href="/display/" data-testid="link-display">显示屏 Display</a> <small>/display/</small></li>
<li><a href="/window-panel/" data-testid="link-window-panel">窗口工作台 · 值班主任台 Window panel</a> <small>/window-panel/</small></li></ul>
${PAIRING_NOTE}`;
}

const PAIRING_NOTE = `<h2>安装取号机和显示屏 Setting up a kiosk or display</h2>
<ol class="note" data-testid="pairing-note">
<li>在设备上打开 <code>/kiosk/</code>（取号机）或 <code>/display/</code>（显示屏），屏幕显示 6 位配对码。<br><span lang="en" class="en">Open /kiosk/ or /display/ on the device: it shows a 6-digit pairing code.</span></li>
<li>值班主任在 <code>/window-panel/</code> 登录值班主任台，在「设备管理」中输入此配对码，选择这是哪一台设备并批准。<br><span lang="en" class="en">The supervisor signs in to the supervisor desk, enters the code under “Devices” and chooses which device it is.</span></li>
<li>设备自动连接，重启后无需再次配对；在「设备管理」中可随时撤销。<br><span lang="en" class="en">The device connects by itself and stays paired across restarts; the desk can revoke it at any time.</span></li>
</ol>`;

/** The shipped demo hall on this machine: one-click devices, the demo accounts, and how it keeps time. */
function demoSections(config: HallConfig, hours: DemoHours): string {
  const device = (d: HallConfig['devices'][number]) => {
    const path = d.kind === 'kiosk' ? '/kiosk/' : '/display/';
    const href = d.token === undefined ? path : `${path}?token=${encodeURIComponent(d.token)}`;
    const where = d.window ? `${d.window} 号窗口屏` : d.selfServiceArea ? '7×24 自助区' : d.floor;
    return `<li><a href="${escapeXml(href)}" data-testid="link-${escapeXml(d.id)}">${escapeXml(d.name)}</a> <small>${escapeXml(where)} · ${escapeXml(d.id)}</small></li>`;
  };
  const staffName = (id: string) => escapeXml(config.staff.find((s) => s.id === id)?.name ?? '');
  const supervisors = config.staff.filter((s) => s.role === 'supervisor');
  const rows = [
    ...supervisors.map(
      (s) =>
        `<tr data-testid="demo-account-${escapeXml(s.id)}"><td><strong>${escapeXml(s.id)}</strong></td><td>${escapeXml(s.name)}</td><td>值班主任台 <span lang="en" class="en">Supervisor desk</span></td></tr>`,
    ),
    // 导办台 (README § The guide desk): guides sign in without a window, like supervisors.
    ...config.staff
      .filter((s) => s.role === 'guide')
      .map(
        (s) =>
          `<tr data-testid="demo-account-${escapeXml(s.id)}"><td><strong>${escapeXml(s.id)}</strong></td><td>${escapeXml(s.name)}</td><td>导办台 <span lang="en" class="en">Guide desk</span></td></tr>`,
      ),
    ...config.windows.map(
      (w) =>
        `<tr data-testid="demo-account-${escapeXml(w.posts.a)}"><td>${escapeXml(w.posts.a)}</td><td>${staffName(w.posts.a)}</td><td>${w.number} 号窗口 · ${escapeXml(w.name)}</td></tr>`,
    ),
  ].join('');
  const sessions = config.hall.hours.map((h) => `${h.start}–${h.end}`).join('、');
  const mode =
    hours === 'all-day'
      ? `<p class="mode" data-testid="demo-mode"><strong>全天演示模式</strong>：演示大厅不按办公时间，任何时间都可以取号、叫号。要按演示大厅的真实办公时间（周一至周五 ${sessions}，含 2026 年节假日和调休）运行，请用 <code>npm start -- --real-hours</code> 启动。<br>
<span lang="en" class="en"><strong>All-day demo</strong>: the demo hall ignores its opening hours, so tickets can be taken at any hour. To run it on its real calendar (Mon–Fri ${sessions}, with the 2026 holidays), start it with <code>npm start -- --real-hours</code>.</span><br>
<small>只对随附的演示大厅有效；真实大厅的配置文件始终按其办公时间运行。 Real hall files always keep their own hours.</small></p>`
      : `<p class="mode" data-testid="demo-mode"><strong>真实办公时间</strong>（<code>--real-hours</code>）：演示大厅按其日历运行（周一至周五 ${sessions}，含 2026 年节假日和调休），办公时间以外取号机暂停取号。不带 <code>--real-hours</code> 重新启动即为全天演示。<br>
<span lang="en" class="en"><strong>Real hours</strong> (--real-hours): the demo hall keeps its calendar; outside ticketing hours the kiosks stop issuing. Restart without --real-hours for the all-day demo.</span></p>`;
  return `${mode}
<h2>取号机 Kiosks</h2><ul>${config.devices
    .filter((d) => d.kind === 'kiosk')
    .map(device)
    .join('')}</ul>
<h2>显示屏 Displays</h2><ul>${config.devices
    .filter((d) => d.kind === 'display')
    .map(device)
    .join('')}</ul>
<h2>窗口工作台 Window panel</h2><ul><li><a href="/window-panel/" data-testid="link-window-panel">窗口工作台 · 值班主任台 Window panel</a></li></ul>
<h2>演示账号 Demo accounts</h2>
<p>所有账号密码均为 <strong data-testid="demo-pin">${DEMO_PIN}</strong>。值班主任登录后进入值班主任台；窗口人员选择自己的窗口（也可用B岗工号，见配置文件）。<br><span lang="en" class="en">Every account's PIN is ${DEMO_PIN}. The supervisor lands on the supervisor desk; clerks choose their window.</span></p>
<table data-testid="demo-accounts"><thead><tr><th>工号</th><th>姓名</th><th>登录到 Signs in to</th></tr></thead><tbody>${rows}</tbody></table>
<p class="note">这些链接和账号只在本机访问随附的演示大厅时显示；局域网中的其他设备看到的首页不含任何令牌或账号。<span lang="en" class="en"> These links and accounts show only on this machine, for the shipped demo hall; other devices on the LAN get a page without tokens or accounts.</span></p>
${PAIRING_NOTE}`;
}
