/**
 * Sign-in: 工号, PIN and the window the clerk sits at. The window list comes
 * from the hall configuration; the panel remembers the last window used on
 * this PC, since a panel PC rarely moves. 值班主任台 comes first in the list,
 * and a supervisor need not choose at all: the server signs a supervisor 工号
 * in to the desk whatever the list says (it alone knows who is a supervisor;
 * the public hall description does not say), and tells a clerk who chose
 * nothing to choose a window.
 */
import { useEffect, useState } from 'preact/hooks';
import type { PublicHallConfig } from '../state-machines/config/hall-config.ts';
import { errorText, pick, type Lang } from '../state-machines/client/web/i18n.ts';
import { fetchHall, signIn, type ClerkSession, type Result } from './session.ts';
import { T } from './texts.ts';
import { GUIDE } from './guide-texts.ts';
import { windowName } from '../state-machines/client/web/hall-names.ts';

const LAST_WINDOW_KEY = 'yichuang.panel.window';

type Field = 'staffId' | 'pin' | 'window' | 'form';

interface Props {
  lang: Lang;
  notice: string | undefined;
  onSignedIn: (session: ClerkSession) => void;
}

export function LoginForm({ lang, notice, onSignedIn }: Props) {
  const [hall, setHall] = useState<Result<PublicHallConfig>>();
  const [staffId, setStaffId] = useState('');
  const [pin, setPin] = useState('');
  const [windowNo, setWindowNo] = useState(() => lastWindow());
  const [problem, setProblem] = useState<{ field: Field; text: string }>();
  const [busy, setBusy] = useState(false);

  const loadHall = () => {
    setHall(undefined);
    void fetchHall().then(setHall);
  };
  useEffect(loadHall, []);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    const check = validate(staffId.trim(), pin);
    if (check) {
      setProblem({ field: check.field, text: pick(lang, check.text) });
      return;
    }
    setProblem(undefined);
    setBusy(true);
    const result = await signIn({
      staffId: staffId.trim(),
      pin,
      ...(windowNo === SUPERVISOR_DESK || windowNo === GUIDE_DESK || windowNo === '' ? {} : { window: Number(windowNo) }),
    });
    setBusy(false);
    if (!result.ok) {
      setProblem({ field: fieldOf(result.error.field), text: errorText(lang, result.error) });
      if (result.error.code === 'UNAUTHORIZED') setPin('');
      return;
    }
    rememberWindow(windowNo);
    onSignedIn(result.value);
  };

  const invalid = (field: Field) => problem?.field === field;

  return (
    <main class="login">
      <form class="login__card" onSubmit={(e) => void submit(e)} noValidate>
        <h1 class="login__title">{pick(lang, T.signInTitle)}</h1>
        {hall?.ok && <p class="login__hall">{lang === 'zh' ? hall.value.hall.name : hall.value.hall.nameEn}</p>}
        {notice && (
          <p class="login__notice" role="status">
            {notice}
          </p>
        )}

        <label class="field">
          <span class="field__label">{pick(lang, T.staffId)}</span>
          <input
            class="field__input"
            data-testid="login-staff"
            name="staffId"
            autoComplete="username"
            inputMode="numeric"
            value={staffId}
            aria-invalid={invalid('staffId')}
            onInput={(e) => setStaffId(e.currentTarget.value)}
          />
        </label>

        <label class="field">
          <span class="field__label">{pick(lang, T.pin)}</span>
          <input
            class="field__input"
            data-testid="login-pin"
            name="pin"
            type="password"
            autoComplete="current-password"
            inputMode="numeric"
            value={pin}
            aria-invalid={invalid('pin')}
            onInput={(e) => setPin(e.currentTarget.value)}
          />
        </label>

        <label class="field">
          <span class="field__label">{pick(lang, T.window)}</span>
          <select
            class="field__input"
            data-testid="login-window"
            name="window"
            value={windowNo}
            aria-invalid={invalid('window')}
            aria-describedby="login-window-hint"
            disabled={!hall?.ok}
            onChange={(e) => setWindowNo(e.currentTarget.value)}
          >
            <option value="">{pick(lang, hall === undefined ? T.loadingHall : T.chooseWindow)}</option>
            {hall?.ok && <option value={SUPERVISOR_DESK}>{pick(lang, T.supervisorDesk)}</option>}
            {hall?.ok && <option value={GUIDE_DESK}>{pick(lang, GUIDE.loginOption)}</option>}
            {hall?.ok &&
              hall.value.windows.map((w) => (
                <option key={w.number} value={String(w.number)}>
                  {lang === 'zh' ? `${w.number} 号窗口 · ${w.name}` : `Window ${w.number} · ${windowName(w, 'en')}`}
                </option>
              ))}
          </select>
        </label>
        <p class="field__hint" id="login-window-hint" data-testid="login-window-hint">
          {pick(lang, T.supervisorNoWindow)}
        </p>
        {hall && !hall.ok && (
          <p class="form-error" role="alert">
            {errorText(lang, hall.error)}{' '}
            <button type="button" class="link-button" onClick={loadHall}>
              {pick(lang, T.retry)}
            </button>
          </p>
        )}

        {problem && (
          <p class="form-error" role="alert" data-testid="login-error">
            {problem.text}
          </p>
        )}

        <button type="submit" class="button button--primary button--wide" data-testid="login-submit" disabled={busy}>
          {pick(lang, busy ? T.signingIn : T.signIn)}
        </button>
      </form>
    </main>
  );
}

/** The window list's first entry: a supervisor signs in to the hall, not a window. */
const SUPERVISOR_DESK = 'supervisor';
/** 导办台: a guide 工号 goes there whatever is chosen, as a supervisor's to the desk. */
const GUIDE_DESK = 'guide';

/** No window chosen is left to the server: a supervisor needs none, a clerk is told 请选择窗口. */
function validate(staffId: string, pin: string): { field: Field; text: typeof T.needPin } | undefined {
  if (!staffId) return { field: 'staffId', text: T.needStaffId };
  if (!/^\d{4,12}$/.test(pin)) return { field: 'pin', text: T.needPin };
  return undefined;
}

function fieldOf(field: string | undefined): Field {
  return field === 'staffId' || field === 'pin' || field === 'window' ? field : 'form';
}

function lastWindow(): string {
  const fromUrl = new URLSearchParams(location.search).get('window');
  if (fromUrl && /^\d+$/.test(fromUrl)) return fromUrl;
  try {
    return localStorage.getItem(LAST_WINDOW_KEY) ?? '';
  } catch {
    return '';
  }
}

function rememberWindow(windowNo: string): void {
  try {
    localStorage.setItem(LAST_WINDOW_KEY, windowNo);
  } catch {
    // not remembered; the clerk picks it again next time
  }
}
