/**
 * 快捷键 on the clerk's panel (window-panel/keyboard.tsx): F1…F10 press the
 * counter buttons — the same mapping a calling keypad uses — and only when the
 * button is enabled; keys pressed during a dialog act on the dialog only; no
 * key acts in a text field; F5 never reloads the desk. Each step presses every
 * key whose button is off first, then the one that is on, and reads the hall's
 * log: exactly the one expected event, in order (a key that wrongly sent a
 * command would have reached the server first, on the same socket).
 */
import { expect, test, type Page } from '@playwright/test';
import { COUNTER_KEYS, type CounterKey } from '../../state-machines/devices/counter-keys.ts';
import { expectAccessible } from './axe.ts';
import { startDemoHall, type HallUnderTest } from './hall-fixture.ts';
import { signInPanel } from './pages.ts';

let hall: HallUnderTest;
test.beforeAll(async () => {
  hall = await startDemoHall();
});
test.afterAll(async () => {
  await hall?.stop();
});

const OUT = 'test-results/screenshots';

/** The keys whose buttons are enabled now, as the clerk sees them. */
async function enabledKeys(panel: Page): Promise<CounterKey[]> {
  const on: CounterKey[] = [];
  for (const { key } of COUNTER_KEYS) if ((await panel.locator(`button[data-shortcut="${key}"]:not([disabled])`).count()) > 0) on.push(key);
  return on;
}

/** Press every key that is off now (nothing may happen), then `key`; the hall's log gains exactly `events`. */
async function pressOnly(panel: Page, key: CounterKey, events: string[]): Promise<void> {
  const seq = hall.server.hall.seq;
  const on = await enabledKeys(panel);
  expect(on).toContain(key);
  for (const { key: off } of COUNTER_KEYS) if (!on.includes(off)) await panel.keyboard.press(off);
  await expect(panel.getByRole('dialog')).toHaveCount(0);
  await panel.keyboard.press(key);
  await expect.poll(() => hall.server.hall.eventsSince(seq, 100).map((e) => e.event.type)).toEqual(events);
  // The panel has its answer (nothing in flight: while a command is, every button — and so every key — is off).
  await expect(panel.locator('button[aria-busy="true"]')).toHaveCount(0);
}

test('every counter key presses its button exactly when the button is enabled, and never in a dialog or a text field', async ({ browser }) => {
  const panel = await signInPanel(browser, hall.url, '1009', 5);
  // A reload (F5 reaching the browser) would drop this mark.
  await panel.evaluate(() => {
    (window as unknown as { deskMark: number }).deskMark = 1;
  });

  // Every button shows its key, and says it to a screen reader (aria-keyshortcuts), not in its name.
  await expect(panel.getByTestId('call-next')).toHaveAttribute('aria-keyshortcuts', 'F1');
  await expect(panel.getByTestId('call-next')).toHaveAccessibleName('呼叫下一位');
  await expect(panel.getByTestId('call-next').locator('.action__key')).toHaveText('F1');
  await expect(panel.getByTestId('open-window')).toHaveAttribute('aria-keyshortcuts', 'F10');

  // Closed: only F10 (开窗) is on.
  expect(await enabledKeys(panel)).toEqual(['F10']);
  await pressOnly(panel, 'F10', ['window.opened']);
  await expect(panel.getByTestId('panel-window-status')).toHaveText('空闲，可呼叫');

  for (let i = 0; i < 3; i++) hall.server.hall.execute({ type: 'ticket.take', deviceId: 'kiosk-1f-1', queueId: 'comprehensive' }, 'test:seed');
  await expect(panel.getByTestId('call-next')).toBeEnabled();
  await pressOnly(panel, 'F1', ['ticket.called']);
  await expect(panel.getByTestId('panel-current-ticket')).toHaveText('A001');
  await pressOnly(panel, 'F2', ['ticket.recalled']);
  await expect(panel.getByTestId('recall')).toHaveAccessibleName('重呼 2/3');
  await pressOnly(panel, 'F3', ['ticket.serving_started']);
  await expect(panel.getByTestId('panel-window-status')).toHaveText('办理中');
  await panel.screenshot({ path: `${OUT}/panel-keys-serving.png` });
  await expectAccessible(panel, 'panel-keys-serving');
  await pressOnly(panel, 'F4', ['ticket.completed']);
  await pressOnly(panel, 'F1', ['ticket.called']);
  await expect(panel.getByTestId('panel-current-ticket')).toHaveText('A002');

  // F6 转办 opens its dialog; keys then act on the dialog only, and not at all in its text field.
  await panel.keyboard.press('F6');
  const dialog = panel.getByRole('dialog');
  await expect(dialog).toBeVisible();
  const seq = hall.server.hall.seq;
  for (const key of ['F1', 'F2', 'F3', 'F4', 'F7', 'F8', 'F9', 'F10', '?'] as const) await panel.keyboard.press(key);
  const note = panel.getByTestId('transfer-note');
  await note.focus();
  await panel.keyboard.press('F4');
  await panel.keyboard.type('F4 ?');
  await expect(note).toHaveValue('F4 ?');
  await expect(dialog).toBeVisible();
  await expect(panel.getByTestId('keys-help')).toHaveCount(0);
  await panel.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  expect(hall.server.hall.seq).toBe(seq);
  await expect(panel.getByTestId('panel-current-ticket')).toHaveText('A002');

  // F7 挂起 and F8 作废 open theirs too; F9 暂停 asks for the reason; F5 过号 waits for the grace (off now).
  for (const [key, id] of [
    ['F7', 'park'],
    ['F8', 'cancel'],
  ] as const) {
    await panel.keyboard.press(key);
    await expect(panel.getByRole('dialog')).toHaveAttribute('data-testid', new RegExp(id));
    await panel.keyboard.press('Escape');
    await expect(panel.getByRole('dialog')).toHaveCount(0);
  }
  await pressOnly(panel, 'F3', ['ticket.serving_started']);
  await pressOnly(panel, 'F4', ['ticket.completed']);
  await expect(panel.getByTestId('pause-window')).toBeEnabled();
  await panel.keyboard.press('F9');
  await expect(panel.getByRole('dialog')).toHaveAttribute('data-testid', /pause/);
  await panel.keyboard.press('Escape');
  expect(hall.server.hall.seq).toBe(seq + 2);

  // Still the same page: F5 and F1 never reached the browser.
  expect(await panel.evaluate(() => (window as unknown as { deskMark?: number }).deskMark)).toBe(1);

  // `?` lists the keys: the same table the keypad follows.
  await panel.keyboard.press('?');
  const help = panel.getByTestId('keys-help');
  await expect(help).toBeVisible();
  for (const { key, zh } of COUNTER_KEYS) await expect(panel.getByTestId(`keys-help-${key}`)).toContainText(`${key}${zh}`);
  await panel.screenshot({ path: `${OUT}/panel-keys-help.png` });
  await expectAccessible(panel, 'panel-keys-help');
  await panel.keyboard.press('Escape');
  await expect(help).toHaveCount(0);
  await panel.getByTestId('open-keys').click();
  await expect(help).toBeVisible();
  await panel.getByTestId('keys-help-close').click();
  await expect(help).toHaveCount(0);
});
