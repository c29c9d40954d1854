import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration tests start real servers and child processes: keep them apart.
    fileParallelism: false,
    reporters: ['default'],
    // The run's own temporary folders (data directories, hall-file variants), removed at the end.
    globalSetup: ['tests/support/global-temp.ts'],
  },
});
