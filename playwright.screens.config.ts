import { defineConfig } from '@playwright/test';
import base from './playwright.config.ts';

/**
 * `npm run screens`: the README's pictures of every screen, written to
 * docs/screens/ by tests/screens/readme-screens.spec.ts against a real demo
 * hall on a fixed clock. Not part of `npm test` (which must leave docs/ alone).
 * One raster thread and no partial raster: otherwise a button repainted after
 * a click anti-aliases its rounded corners a shade differently from run to
 * run, and an unchanged screen should give an unchanged file.
 */
export default defineConfig({
  ...base,
  testDir: 'tests/screens',
  timeout: 180_000,
  use: {
    ...base.use,
    launchOptions: {
      ...base.use?.launchOptions,
      args: [...(base.use?.launchOptions?.args ?? []), '--num-raster-threads=1', '--disable-partial-raster'],
    },
  },
});
