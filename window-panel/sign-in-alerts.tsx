/**
 * 登录保护 on the supervisor desk: who is having their PIN guessed (by 工号,
 * from which addresses, how often) and which addresses are being slowed
 * down, each with 解除限制 — a clerk who mistyped at their own PC is let in
 * again without waiting. Nothing here ever locks a 工号: the guesser waits,
 * the staff member does not (server/auth/login-guard.ts).
 */
import { useState } from 'preact/hooks';
import { formatTime } from '../state-machines/client/web/clock.ts';
import { ACK_TIMEOUT_MS, newRequestId, sendWithRetry, type UiError } from '../state-machines/client/web/command.ts';
import { errorText, pick, type Lang, type Text } from '../state-machines/client/web/i18n.ts';
import type { PublicHallConfig } from '../state-machines/config/hall-config.ts';
import type { SignInWatch } from '../state-machines/protocol/socket-events.ts';
import type { AdminSocket } from './desk-feed.ts';

const T = {
  title: { zh: '登录保护', en: 'Sign-in protection' },
  guessed: (id: string, name: string, n: number, from: string): Text => ({
    zh: `工号 ${id}${name ? ` ${name}` : ''}：今日密码错误 ${n} 次，来自 ${from}。本人在自己的电脑上仍可正常登录。`,
    en: `Staff ${id}${name ? ` ${name}` : ''}: ${n} wrong PINs today, from ${from}. They can still sign in at their own PC.`,
  }),
  times: (address: string, n: number): Text => ({ zh: `${address}（${n} 次）`, en: `${address} (${n})` }),
  address: (n: number, staff: number): Text => ({
    zh: `错误 ${n} 次，涉及 ${staff} 个工号`,
    en: `${n} wrong PINs for ${staff} staff number${staff === 1 ? '' : 's'}`,
  }),
  slowedUntil: (time: string): Text => ({ zh: `限制至 ${time}`, en: `slowed until ${time}` }),
  notSlowed: { zh: '暂未限制', en: 'not slowed now' },
  unblock: { zh: '解除限制', en: 'Lift' },
  unblockLabel: (address: string): Text => ({ zh: `解除限制：${address}`, en: `Lift: ${address}` }),
};

interface Props {
  socket: AdminSocket;
  watch: SignInWatch | undefined;
  config: PublicHallConfig;
  lang: Lang;
  now: number;
  online: boolean;
}

export function SignInAlerts({ socket, watch, config, lang, now, online }: Props) {
  const [busy, setBusy] = useState<string>();
  const [error, setError] = useState<UiError>();
  if (!watch || (watch.staff.length === 0 && watch.addresses.length === 0)) return null;
  const nameOf = (id: string) => config.staff.find((s) => s.id === id)?.name ?? '';
  const unblock = async (address: string) => {
    setBusy(address);
    setError(undefined);
    const requestId = newRequestId();
    const outcome = await sendWithRetry(() => socket.timeout(ACK_TIMEOUT_MS).emitWithAck('signin:unblock', { requestId, address }));
    setBusy(undefined);
    if (!outcome.ok) setError(outcome.error);
  };
  return (
    <section class="signin-watch" data-testid="signin-watch" aria-labelledby="signin-watch-title">
      <h2 class="signin-watch__title" id="signin-watch-title">
        {pick(lang, T.title)}
      </h2>
      {watch.staff.map((a) => (
        <p key={a.staffId} class="supervisor__alert signin-watch__alert" role="alert" data-testid={`signin-alert-${a.staffId}`}>
          {pick(
            lang,
            T.guessed(
              a.staffId,
              nameOf(a.staffId),
              a.failures,
              a.addresses.map((x) => pick(lang, T.times(x.address, x.failures))).join(lang === 'zh' ? '、' : ', '),
            ),
          )}
        </p>
      ))}
      {watch.addresses.length > 0 && (
        <ul class="signin-watch__addresses">
          {watch.addresses.map((a) => (
            <li key={a.address} data-testid={`signin-address-${a.address}`}>
              <strong class="signin-watch__address">{a.address}</strong>
              <span>{pick(lang, T.address(a.failures, a.staffCount))}</span>
              <span>{a.slowedUntil > now ? pick(lang, T.slowedUntil(formatTime(a.slowedUntil, config.hall.timezone))) : pick(lang, T.notSlowed)}</span>
              <button
                type="button"
                class="button button--small"
                data-testid={`unblock-${a.address}`}
                aria-label={pick(lang, T.unblockLabel(a.address))}
                disabled={!online || busy !== undefined}
                onClick={() => void unblock(a.address)}
              >
                {pick(lang, T.unblock)}
              </button>
            </li>
          ))}
        </ul>
      )}
      {error && (
        <p class="action-error" role="alert">
          {errorText(lang, error)}
        </p>
      )}
    </section>
  );
}
