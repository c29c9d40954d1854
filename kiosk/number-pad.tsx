/**
 * The kiosk's own number pad and digit boxes: booking codes, phone numbers and
 * ticket numbers are typed here, never into a text field, so the wedge-scanner
 * guard (use-devices.ts) stays in force.
 */
import { pick, type Lang } from '../state-machines/client/web/i18n.ts';
import { AT } from './appointment-texts.ts';

/** Digits on a big pad: 1–9, 清空, 0, 删除. */
export function NumberPad({
  lang,
  onDigit,
  onDelete,
  onClear,
  disabled,
}: {
  lang: Lang;
  onDigit: (d: string) => void;
  onDelete: () => void;
  onClear: () => void;
  disabled?: boolean;
}) {
  const keys = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];
  return (
    <div class="number-pad" data-testid="number-pad">
      {keys.map((k) => (
        <button key={k} type="button" class="number-pad__key" data-testid={`pad-${k}`} disabled={disabled} onClick={() => onDigit(k)}>
          {k}
        </button>
      ))}
      <button type="button" class="number-pad__key number-pad__key--word" data-testid="pad-clear" disabled={disabled} onClick={onClear}>
        {pick(lang, AT.clear)}
      </button>
      <button type="button" class="number-pad__key" data-testid="pad-0" disabled={disabled} onClick={() => onDigit('0')}>
        0
      </button>
      <button type="button" class="number-pad__key number-pad__key--word" data-testid="pad-delete" disabled={disabled} onClick={onDelete}>
        {pick(lang, AT.delete)}
      </button>
    </div>
  );
}

/** The digits typed so far, one box per digit. */
export function DigitBoxes({ value, length, testId, group }: { value: string; length: number; testId: string; group?: number[] }) {
  return (
    <div class="digit-boxes" data-testid={testId} data-value={value}>
      {Array.from({ length }, (_, i) => (
        <span key={i} class={`digit-boxes__box${i < value.length ? ' digit-boxes__box--filled' : ''}${group?.includes(i) ? ' digit-boxes__box--gap' : ''}`}>
          {value[i] ?? ''}
        </span>
      ))}
    </div>
  );
}
