/**
 * What a kiosk or display shows until it is paired: a large code an
 * installer reads out (or a supervisor reads from three metres), what to do
 * with it, and how the wait is going. Chinese first, English on request, like
 * the kiosk.
 */
import { useEffect, useState } from 'preact/hooks';
import type { PairingKind } from '../../protocol/messages.ts';
import { htmlLang, pick, type Lang, type Text } from './i18n.ts';
import { runPairing, type PairingView } from './pairing.ts';

const T = {
  title: { zh: '设备配对', en: 'Pair this device' },
  device: {
    kiosk: { zh: '本机：取号机', en: 'This device: kiosk' },
    display: { zh: '本机：显示屏', en: 'This device: display' },
  } satisfies Record<PairingKind, Text>,
  refused: { zh: '本机的设备令牌已失效或已被撤销，请重新配对。', en: 'This device’s token was refused or revoked. Please pair it again.' },
  codeLabel: { zh: '配对码', en: 'Pairing code' },
  instruction: {
    zh: '请值班主任在「设备管理」中输入此配对码',
    en: 'Ask the duty supervisor to enter this code under “设备管理 Devices” on the supervisor desk.',
  },
  status: {
    asking: { zh: '正在获取配对码…', en: 'Getting a pairing code…' },
    code: { zh: '正在等待批准… 配对码 10 分钟内有效，过期后自动更换。', en: 'Waiting for approval… The code is valid for 10 minutes and renews itself.' },
    busy: { zh: '配对请求过多，稍后自动重试。', en: 'Too many pairing requests. Retrying shortly.' },
    offline: { zh: '无法连接服务器，正在重试…', en: 'Cannot reach the server. Retrying…' },
  },
  approved: (name: string): Text => ({ zh: `已批准为「${name}」，正在连接…`, en: `Approved as “${name}”. Connecting…` }),
};

interface Props {
  kind: PairingKind;
  /** The server refused the token this device had (unknown or revoked). */
  refused: boolean;
  onPaired: (token: string) => void;
}

export function PairingScreen({ kind, refused, onPaired }: Props) {
  const [lang, setLang] = useState<Lang>('zh');
  const [view, setView] = useState<PairingView>({ kind: 'asking' });
  const [code, setCode] = useState<string>();

  useEffect(() => {
    document.documentElement.lang = htmlLang(lang);
  }, [lang]);
  useEffect(
    () =>
      runPairing(
        kind,
        (next) => {
          setView(next);
          if (next.kind === 'code') setCode(next.code);
          if (next.kind === 'asking') setCode(undefined);
        },
        onPaired,
      ),
    [kind],
  );

  const status =
    view.kind === 'approved'
      ? T.approved(view.deviceName)
      : view.kind === 'waiting'
        ? T.status[view.why]
        : view.kind === 'code'
          ? T.status.code
          : T.status.asking;
  return (
    <main class={`problem-screen problem-screen--quiet pairing pairing--${kind}`} data-testid="pairing-screen" data-state={view.kind}>
      <header class="pairing__head">
        <h1 class="pairing__title">{pick(lang, T.title)}</h1>
        <button type="button" class="pairing__lang" data-testid="lang-toggle" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>
          {lang === 'zh' ? 'English' : '中文'}
        </button>
      </header>
      <p class="pairing__device">{pick(lang, T.device[kind])}</p>
      {refused && (
        <p class="pairing__refused" data-testid="pairing-refused">
          {pick(lang, T.refused)}
        </p>
      )}
      <section class="pairing__card" aria-labelledby="pairing-code-label">
        <h2 class="pairing__label" id="pairing-code-label">
          {pick(lang, T.codeLabel)}
        </h2>
        {/* role="img": a screen reader reads the label, digit by digit ("1 2 3 4 5 6"), not "123 456" as two numbers. */}
        <p class="pairing__code" data-testid="pairing-code" role="img" aria-label={code ? code.split('').join(' ') : pick(lang, T.status.asking)}>
          {code ? `${code.slice(0, 3)} ${code.slice(3)}` : '··· ···'}
        </p>
        <p class="pairing__instruction" data-testid="pairing-instruction">
          {pick(lang, T.instruction)}
        </p>
      </section>
      <p class="pairing__status" role="status" data-testid="pairing-status">
        {pick(lang, status)}
      </p>
    </main>
  );
}
