import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests drive Debian's Chromium (never a downloaded browser) against
 * a real hall server that each spec file starts itself on a free port
 * (tests/e2e/hall-fixture.ts). The front ends must be built first: `npx vite build`.
 */
export default defineConfig({
  testDir: 'tests/e2e',
  // The run's own temporary folders (data directories, hall-file variants), removed at the end.
  globalSetup: './tests/support/global-temp.ts',
  workers: 1,
  reporter: 'list',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    trace: 'retain-on-failure',
  },
});
