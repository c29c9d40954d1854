/**
 * AB岗 in the browser: B signs in as standby and sees who is on duty; A leaves
 * for a meeting (离岗事由); B's panel serves the next call and the window
 * screen names B with 「B岗代办」. The last clerk cannot leave an open window.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { expectAccessible } from './axe.ts';
import { startDemoHall, type HallUnderTest } from './hall-fixture.ts';
import { devicePage, LANDSCAPE, signInPanel } from './pages.ts';

let hall: HallUnderTest;
test.beforeAll(async () => {
  hall = await startDemoHall();
});
test.afterAll(async () => {
  await hall?.stop();
});

const OUT = 'test-results/screenshots';

const signIn = (browser: Browser, staffId: string, window: number): Promise<Page> => signInPanel(browser, hall.url, staffId, window);

test('A leaves for a meeting; B takes the next call; the window screen shows B岗代办', async ({ browser }) => {
  for (let i = 0; i < 2; i++) hall.server.hall.execute({ type: 'ticket.take', deviceId: 'kiosk-1f-1', queueId: 'comprehensive' }, 'test:seed');
  const screen = await devicePage(browser, LANDSCAPE);
  await screen.goto(`${hall.url}/display/?token=demo-display-w5-token`);

  const a = await signIn(browser, '1009', 5);
  await a.getByTestId('open-window').click();
  await expect(a.getByTestId('panel-window-status')).toHaveText('空闲，可呼叫');
  await expect(screen.getByTestId('clerk-name')).toHaveText('周婷');

  // The last clerk cannot leave an open window: the server says so and the panel stays.
  await a.getByTestId('sign-out').click();
  await a.getByTestId('leave-meeting').click();
  await expect(a.getByTestId('panel-error')).toContainText('A、B岗不得同时离岗');
  await expect(a.getByTestId('panel-window')).toBeVisible();

  const b = await signIn(browser, '1010', 5);
  await expect(b.getByTestId('standby')).toContainText('周婷');
  await expect(b.getByTestId('call-next')).toBeDisabled(); // standby watches until it takes over
  await b.screenshot({ path: `${OUT}/panel-standby.png` });
  await expectAccessible(b, 'panel-standby');

  await a.getByTestId('sign-out').click();
  await expect(a.getByTestId('leave-reasons')).toBeVisible();
  await a.screenshot({ path: `${OUT}/panel-leave-reasons.png` });
  await expectAccessible(a, 'panel-leave-reasons');
  await a.getByTestId('leave-meeting').click();
  await expect(a.getByTestId('login-submit')).toBeVisible();

  await expect(b.getByTestId('standby')).toHaveCount(0);
  await expect(b.getByTestId('call-next')).toBeEnabled();
  await b.getByTestId('call-next').click();
  await expect(b.getByTestId('panel-current-ticket')).toHaveText(/^A\d{3}$/);
  await expect(screen.getByTestId('clerk-name')).toHaveText('吴磊');
  await expect(screen.getByTestId('clerk-covering')).toContainText('B岗代办');
  await screen.screenshot({ path: `${OUT}/display-window-5-b-covering.png` });
  await expectAccessible(screen, 'display-window-5-b-covering');
});

test('the supervisor desk shows who is on duty and why A is away, and reassigns a post', async ({ browser }) => {
  const desk = await signInPanel(browser, hall.url, '9001', 'supervisor');
  await expect(desk.getByTestId('supervisor-title')).toContainText('值班主任台');
  const five = desk.getByTestId('supervisor-window-5');
  await expect(five).toContainText('吴磊 1010');
  await expect(five).toContainText('B岗代办');
  await expect(desk.getByTestId('absent-5-a')).toHaveText('会议'); // staff see why; public screens never do
  await desk.getByTestId('post-6-b').selectOption('1013');
  await expect(desk.getByTestId('post-6-b')).toHaveValue('1013');
  expect(hall.server.hall.state.staffing['6']?.posts).toEqual({ a: '1011', b: '1013' });
  await desk.screenshot({ path: `${OUT}/supervisor-desk.png` });
  await expectAccessible(desk, 'supervisor-desk');
});
