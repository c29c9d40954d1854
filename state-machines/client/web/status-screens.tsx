/**
 * What every front end shows when it cannot do its job: the link is down
 * (banner, the page stays readable), the server refused the device
 * (full screen, with the code for the administrator; a kiosk or display
 * whose token is refused shows the pairing screen instead), or the first
 * snapshot has not arrived yet.
 */
import type { LinkState, RefusalCode } from './hall-link.ts';
import { pick, type Lang, type Text } from './i18n.ts';

const BANNER: Record<'connecting' | 'offline', Text> = {
  connecting: { zh: '正在连接服务器…', en: 'Connecting to the server…' },
  offline: { zh: '网络连接中断，正在重连…', en: 'Connection lost. Reconnecting…' },
};

export function LinkBanner({ link, lang }: { link: LinkState; lang: Lang }) {
  if (link.kind !== 'offline' && link.kind !== 'connecting') return null;
  return (
    <div class={`link-banner link-banner--${link.kind}`} role="status" data-testid="link-banner">
      {pick(lang, BANNER[link.kind])}
    </div>
  );
}

type ProblemCode = RefusalCode;

const TITLES: Record<ProblemCode, Text> = {
  UNAUTHORIZED: { zh: '设备未授权，请联系管理员', en: 'This device is not authorised. Please contact the administrator.' },
  FORBIDDEN: { zh: '设备无权使用此功能，请联系管理员', en: 'This device may not be used here. Please contact the administrator.' },
  PROTOCOL_MISMATCH: { zh: '系统已更新，正在重新加载…', en: 'The system was updated. Reloading…' },
  SESSION_ENDED: { zh: '连接已被服务器关闭', en: 'The server closed the connection.' },
  REFUSED: { zh: '服务器拒绝连接，请联系管理员', en: 'The server refused the connection. Please contact the administrator.' },
};

const HINTS: Partial<Record<ProblemCode, Text>> = {
  UNAUTHORIZED: { zh: '设备令牌无效或已停用，本机将每 30 秒自动重试', en: 'The device token is unknown or disabled. Retrying every 30 seconds.' },
};

export function ProblemScreen({ code, lang, detail }: { code: ProblemCode; lang: Lang; detail?: string | undefined }) {
  const hint = HINTS[code];
  return (
    <main class="problem-screen" role="alert" data-testid="problem-screen">
      <div class="problem-screen__icon" aria-hidden="true">
        !
      </div>
      <h1 class="problem-screen__title">{pick(lang, TITLES[code])}</h1>
      {hint && <p class="problem-screen__hint">{pick(lang, hint)}</p>}
      <p class="problem-screen__code">
        {lang === 'zh' ? '错误代码' : 'Code'}: <code data-testid="problem-code">{code}</code>
        {detail && <span class="problem-screen__detail"> · {detail}</span>}
      </p>
    </main>
  );
}

/** Before the first snapshot: nothing to show yet but whether we are getting there. */
export function ConnectingScreen({ link, lang }: { link: LinkState; lang: Lang }) {
  return (
    <main class="problem-screen problem-screen--quiet" role="status" data-testid="connecting-screen">
      <div class="spinner" aria-hidden="true" />
      <h1 class="problem-screen__title">{pick(lang, BANNER[link.kind === 'offline' ? 'offline' : 'connecting'])}</h1>
    </main>
  );
}
