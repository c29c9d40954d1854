/**
 * The clerk's keys on the desk (state-machines/devices/counter-keys.ts: the
 * same mapping a hardware calling keypad uses). A key presses the button that
 * carries it (`data-shortcut`) only when that button is enabled — so a key is
 * off exactly when its button is, by construction, and does what a click does
 * (a dialog for 转办/挂起/作废/暂停). While a dialog is open, keys act on the
 * dialog only (Esc closes it); in a text field no key acts. F1…F10 never reach
 * the browser (F5 must not reload the desk mid-service, F1 not open Chrome's
 * help); a held key presses once. `?` opens the list of keys.
 */
import { useEffect, useRef } from 'preact/hooks';
import { COUNTER_KEYS, isCounterKey } from '../state-machines/devices/counter-keys.ts';
import { pick, type Lang } from '../state-machines/client/web/i18n.ts';
import { useEscape } from './dialogs.tsx';
import { T } from './texts.ts';

function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target.matches('input, textarea, select');
}

const dialogOpen = () => document.querySelector('[role="dialog"]') !== null;

/** Listens on the document while the desk is shown. */
export function useCounterKeys(onHelp: () => void): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      if (isCounterKey(e.key)) {
        e.preventDefault();
        if (e.repeat || dialogOpen() || typingIn(e.target)) return;
        document.querySelector<HTMLButtonElement>(`button[data-shortcut="${e.key}"]:not([disabled])`)?.click();
      } else if (e.key === '?' && !typingIn(e.target) && !dialogOpen()) {
        e.preventDefault();
        onHelp();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
}

/** The key's mark on its button: seen, not read twice (the button says aria-keyshortcuts). */
export function KeyMark({ shortcut }: { shortcut: string | undefined }) {
  return shortcut ? (
    <span class="action__key" aria-hidden="true">
      {shortcut}
    </span>
  ) : null;
}

/** 快捷键: every key and what it does; Esc or 关闭 closes it. */
export function KeysHelp({ lang, onClose }: { lang: Lang; onClose: () => void }) {
  useEscape(onClose);
  // A dialog takes the focus (as the desk's other dialogs do), so Esc and Enter reach it.
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => close.current?.focus(), []);
  return (
    <div class="dialog-backdrop">
      <section class="dialog keys-help" role="dialog" aria-modal="true" aria-labelledby="keys-help-title" data-testid="keys-help">
        <h2 class="dialog__title" id="keys-help-title">
          {pick(lang, T.keysTitle)}
        </h2>
        <table class="keys-help__table">
          <thead>
            <tr>
              <th scope="col">{pick(lang, T.keysKey)}</th>
              <th scope="col">{pick(lang, T.keysAction)}</th>
            </tr>
          </thead>
          <tbody>
            {COUNTER_KEYS.map((k) => (
              <tr key={k.key} data-testid={`keys-help-${k.key}`}>
                <td>
                  <kbd>{k.key}</kbd>
                </td>
                <td>{pick(lang, k)}</td>
              </tr>
            ))}
            <tr>
              <td>
                <kbd>Esc</kbd>
              </td>
              <td>{pick(lang, T.keysEsc)}</td>
            </tr>
            <tr>
              <td>
                <kbd>?</kbd>
              </td>
              <td>{pick(lang, T.keysHelp)}</td>
            </tr>
          </tbody>
        </table>
        <p class="dialog__hint">{pick(lang, T.keysNote)}</p>
        <div class="dialog__actions">
          <button type="button" class="button button--primary" data-testid="keys-help-close" onClick={onClose} ref={close}>
            {pick(lang, T.close)}
          </button>
        </div>
      </section>
    </div>
  );
}
