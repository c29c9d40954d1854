/**
 * 设备管理 on the supervisor desk: pair a kiosk or display by the code it
 * shows (see who asks — kind, address, when — then choose which configured
 * device it becomes), and see how every device is credentialed: the hall
 * file's token, a pairing (when, by whom, from where) or nothing yet.
 * Revoking a pairing disconnects the device at once; it then shows a new
 * pairing code. The server side is server/devices/device-pairing.ts.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { formatTime } from '../state-machines/client/web/clock.ts';
import { ACK_TIMEOUT_MS, newRequestId, sendWithRetry, NO_ANSWER, type UiError } from '../state-machines/client/web/command.ts';
import { errorText, pick, type Lang, type Text } from '../state-machines/client/web/i18n.ts';
import type { PublicHallConfig } from '../state-machines/config/hall-config.ts';
import { describeInstant } from '../state-machines/hall/schedule.ts';
import type { PairingKind } from '../state-machines/protocol/messages.ts';
import type { DeviceEnrolment, PendingPairingView } from '../state-machines/protocol/socket-events.ts';
import type { AdminSocket, DeskFeed } from './desk-feed.ts';
import { Sheet } from './dialogs.tsx';

const T = {
  title: { zh: '设备管理', en: 'Devices' },
  close: { zh: '关闭', en: 'Close' },
  summary: (kiosks: number, displays: number, paired: number, none: number): Text => ({
    zh: `取号机 ${kiosks} 台 · 显示屏 ${displays} 台 · 已配对 ${paired} 台${none > 0 ? ` · 待配对 ${none} 台` : ''}`,
    en: `${kiosks} kiosks · ${displays} displays · ${paired} paired${none > 0 ? ` · ${none} not yet` : ''}`,
  }),
  pairTitle: { zh: '配对新设备', en: 'Pair a device' },
  pairHint: {
    zh: '在取号机或显示屏上打开本系统，屏幕会显示 6 位配对码。输入配对码，核对请求来源后选择这是哪一台设备。',
    en: 'Open the kiosk or display page on the device: it shows a 6-digit code. Enter it, check where the request comes from, and choose which device it is.',
  },
  codeLabel: { zh: '设备屏幕上的配对码', en: 'Code shown on the device' },
  lookup: { zh: '查找', en: 'Find' },
  kind: { kiosk: { zh: '取号机', en: 'Kiosk' }, display: { zh: '显示屏', en: 'Display' } } satisfies Record<PairingKind, Text>,
  requestKind: { zh: '设备类型', en: 'Kind' },
  requestFrom: { zh: '请求地址', en: 'Asked from' },
  requestAt: { zh: '请求时间', en: 'Asked at' },
  validUntil: { zh: '有效至', en: 'Valid until' },
  becomes: { zh: '这台设备是', en: 'This device is' },
  replaces: (when: string): Text => ({
    zh: `将替换该设备现有的配对（${when} 配对），原设备会立即断开。`,
    en: `Replaces this device’s current pairing (paired ${when}); the old device is disconnected at once.`,
  }),
  approve: { zh: '批准配对', en: 'Approve' },
  paired: (name: string): Text => ({
    zh: `已配对为「${name}」，设备将在几秒内自动连接。`,
    en: `Paired as “${name}”. The device connects within a few seconds.`,
  }),
  needCode: { zh: '请输入 6 位数字配对码', en: 'Enter the 6-digit code' },
  listTitle: { zh: '设备与凭据', en: 'Devices and credentials' },
  device: { zh: '设备', en: 'Device' },
  link: { zh: '连接', en: 'Link' },
  credential: { zh: '凭据', en: 'Credential' },
  action: { zh: '操作', en: 'Action' },
  online: { zh: '在线', en: 'Online' },
  offline: { zh: '离线', en: 'Offline' },
  hallFile: { zh: '配置文件令牌', en: 'Hall-file token' },
  pairedBy: (when: string, by: string, from: string): Text => ({ zh: `已配对 ${when} · ${by} · 来自 ${from}`, en: `Paired ${when} by ${by} from ${from}` }),
  none: { zh: '未配对', en: 'Not paired' },
  revoke: { zh: '撤销配对', en: 'Revoke' },
  revokeConfirm: { zh: '确认撤销', en: 'Confirm revoke' },
  cancel: { zh: '取消', en: 'Cancel' },
};

interface Props {
  socket: AdminSocket;
  feed: DeskFeed;
  config: PublicHallConfig;
  lang: Lang;
  now: number;
  online: boolean;
}

/** The desk's side card: a count and the button that opens the sheet. */
export function DeviceAdminCard(props: Props) {
  const [open, setOpen] = useState(false);
  const list = props.feed.enrolment ?? [];
  const count = (kind: PairingKind) => list.filter((d) => d.kind === kind).length;
  return (
    <section class="card supervisor__devices" data-testid="supervisor-devices">
      <h2 class="section-title">{pick(props.lang, T.title)}</h2>
      <p data-testid="devices-summary">
        {pick(
          props.lang,
          T.summary(
            count('kiosk'),
            count('display'),
            list.filter((d) => d.paired.length > 0).length,
            list.filter((d) => d.paired.length === 0 && !d.hallFileToken).length,
          ),
        )}
      </p>
      <button type="button" class="button button--wide" data-testid="open-devices" onClick={() => setOpen(true)}>
        {pick(props.lang, T.title)}
      </button>
      {open && <DeviceAdminSheet {...props} onClose={() => setOpen(false)} />}
    </section>
  );
}

function DeviceAdminSheet({ onClose, ...props }: Props & { onClose: () => void }) {
  const { lang } = props;
  return (
    <Sheet name="device" title={pick(lang, T.title)} closeText={pick(lang, T.close)} onClose={onClose} bodyClass="device-sheet__body">
      <PairDevice {...props} />
      <DeviceList {...props} />
    </Sheet>
  );
}

function PairDevice({ socket, feed, config, lang, online }: Props) {
  const [code, setCode] = useState('');
  const [request, setRequest] = useState<PendingPairingView>();
  const [deviceId, setDeviceId] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError>();
  const [done, setDone] = useState<string>();
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  const tz = config.hall.timezone;
  const candidates = (feed.enrolment ?? []).filter((d) => d.kind === request?.kind);
  const chosen = candidates.find((d) => d.deviceId === deviceId);

  const lookup = async (e: Event) => {
    e.preventDefault();
    setDone(undefined);
    setRequest(undefined);
    if (!/^\d{6}$/.test(code)) {
      setError({ code: 'BAD_REQUEST', message: T.needCode.zh, messageEn: T.needCode.en });
      return;
    }
    setBusy(true);
    setError(undefined);
    const answer = await socket
      .timeout(ACK_TIMEOUT_MS)
      .emitWithAck('pairing:lookup', { code })
      .catch(() => undefined);
    setBusy(false);
    if (!answer) return setError(NO_ANSWER);
    if (!answer.ok) return setError(answer.error);
    setRequest(answer.result);
    const first = (feed.enrolment ?? []).find((d) => d.kind === answer.result.kind && d.paired.length === 0 && !d.hallFileToken);
    setDeviceId(first?.deviceId ?? '');
  };

  const approve = async () => {
    if (!request || !chosen) return;
    setBusy(true);
    setError(undefined);
    const requestId = newRequestId();
    const outcome = await sendWithRetry(() =>
      socket.timeout(ACK_TIMEOUT_MS).emitWithAck('pairing:approve', { requestId, pairingId: request.id, deviceId: chosen.deviceId }),
    );
    setBusy(false);
    if (!outcome.ok) return setError(outcome.error);
    setDone(chosen.name);
    setRequest(undefined);
    setCode('');
  };

  return (
    <section class="booking-form device-pair" data-testid="pair-device">
      <h3 class="section-title">{pick(lang, T.pairTitle)}</h3>
      <p class="dialog__hint">{pick(lang, T.pairHint)}</p>
      <form class="device-pair__lookup" onSubmit={(e) => void lookup(e)} noValidate>
        <label class="field">
          <span class="field__label">{pick(lang, T.codeLabel)}</span>
          <input
            ref={input}
            class="field__input device-pair__code"
            data-testid="pairing-code-input"
            inputMode="numeric"
            autoComplete="off"
            maxLength={6}
            value={code}
            onInput={(e) => setCode(e.currentTarget.value.replace(/\D/g, '').slice(0, 6))}
          />
        </label>
        <button type="submit" class="button" data-testid="pairing-lookup" disabled={busy || !online}>
          {pick(lang, T.lookup)}
        </button>
      </form>
      {request && (
        <div class="device-pair__request" data-testid="pairing-request">
          <dl class="device-pair__facts">
            <dt>{pick(lang, T.requestKind)}</dt>
            <dd data-testid="pairing-request-kind">{pick(lang, T.kind[request.kind])}</dd>
            <dt>{pick(lang, T.requestFrom)}</dt>
            <dd data-testid="pairing-request-address">{request.address}</dd>
            <dt>{pick(lang, T.requestAt)}</dt>
            <dd>{formatTime(request.requestedAt, tz)}</dd>
            <dt>{pick(lang, T.validUntil)}</dt>
            <dd>{formatTime(request.expiresAt, tz)}</dd>
          </dl>
          <label class="field">
            <span class="field__label">{pick(lang, T.becomes)}</span>
            <select class="field__input" data-testid="pairing-device" value={deviceId} onChange={(e) => setDeviceId(e.currentTarget.value)}>
              <option value="" disabled>
                —
              </option>
              {candidates.map((d) => (
                <option key={d.deviceId} value={d.deviceId}>
                  {d.name} · {d.deviceId}
                </option>
              ))}
            </select>
          </label>
          {chosen?.paired[0] && (
            <p class="dialog__warn" data-testid="pairing-replaces">
              {pick(lang, T.replaces(pick(lang, describeInstant(chosen.paired[0].pairedAt, tz))))}
            </p>
          )}
          <button
            type="button"
            class="button button--primary button--wide"
            data-testid="pairing-approve"
            disabled={busy || !online || !chosen}
            onClick={() => void approve()}
          >
            {pick(lang, T.approve)}
          </button>
        </div>
      )}
      {done && (
        <p class="device-pair__done" role="status" data-testid="pairing-done">
          {pick(lang, T.paired(done))}
        </p>
      )}
      {error && (
        <p class="form-error" role="alert" data-testid="pairing-error">
          {errorText(lang, error)}
        </p>
      )}
    </section>
  );
}

function DeviceList({ socket, feed, config, lang, online }: Props) {
  const [confirming, setConfirming] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError>();
  const tz = config.hall.timezone;
  const staffName = (id: string) => `${config.staff.find((s) => s.id === id)?.name ?? ''} ${id}`.trim();
  const connected = (d: DeviceEnrolment) => feed.health?.find((h) => h.id === d.deviceId)?.state === 'connected';

  const revoke = async (credentialId: string) => {
    setBusy(true);
    setError(undefined);
    const requestId = newRequestId();
    const outcome = await sendWithRetry(() => socket.timeout(ACK_TIMEOUT_MS).emitWithAck('device:revoke', { requestId, credentialId }));
    setBusy(false);
    setConfirming(undefined);
    if (!outcome.ok) setError(outcome.error);
  };

  return (
    // Focusable: with more devices than fit (the demo's rating tablets), the list scrolls, and a keyboard must reach it too.
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region is focusable so it can be scrolled without a mouse (axe scrollable-region-focusable)
    <section class="booking-list device-list" data-testid="device-list" tabIndex={0} aria-labelledby="device-list-title">
      <h3 class="section-title" id="device-list-title">
        {pick(lang, T.listTitle)}
      </h3>
      <table class="device-list__table">
        <thead>
          <tr>
            <th scope="col">{pick(lang, T.device)}</th>
            <th scope="col">{pick(lang, T.link)}</th>
            <th scope="col">{pick(lang, T.credential)}</th>
            <th scope="col">{pick(lang, T.action)}</th>
          </tr>
        </thead>
        <tbody>
          {(feed.enrolment ?? []).map((d) => {
            const pairing = d.paired[0];
            return (
              <tr key={d.deviceId} data-testid={`enrolment-${d.deviceId}`}>
                <td>
                  <strong>{d.name}</strong>
                  <small class="device-list__id">
                    {pick(lang, T.kind[d.kind])} · {d.deviceId}
                  </small>
                </td>
                <td class={connected(d) ? 'device-list__online' : 'device-list__offline'}>{pick(lang, connected(d) ? T.online : T.offline)}</td>
                <td data-testid={`credential-${d.deviceId}`}>
                  {d.hallFileToken && <span class="device-list__credential">{pick(lang, T.hallFile)}</span>}
                  {pairing && (
                    <span class="device-list__credential">
                      {pick(lang, T.pairedBy(pick(lang, describeInstant(pairing.pairedAt, tz)), staffName(pairing.pairedBy), pairing.address))}
                    </span>
                  )}
                  {!d.hallFileToken && !pairing && <span class="device-list__none">{pick(lang, T.none)}</span>}
                </td>
                <td>
                  {pairing &&
                    (confirming === pairing.id ? (
                      <span class="device-list__confirm">
                        <button
                          type="button"
                          class="button button--small button--danger"
                          data-testid={`revoke-${d.deviceId}-confirm`}
                          disabled={busy || !online}
                          onClick={() => void revoke(pairing.id)}
                        >
                          {pick(lang, T.revokeConfirm)}
                        </button>
                        <button type="button" class="button button--small" onClick={() => setConfirming(undefined)}>
                          {pick(lang, T.cancel)}
                        </button>
                      </span>
                    ) : (
                      <button
                        type="button"
                        class="button button--small"
                        data-testid={`revoke-${d.deviceId}`}
                        disabled={busy || !online}
                        onClick={() => setConfirming(pairing.id)}
                      >
                        {pick(lang, T.revoke)}
                      </button>
                    ))}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {error && (
        <p class="form-error" role="alert">
          {errorText(lang, error)}
        </p>
      )}
    </section>
  );
}
