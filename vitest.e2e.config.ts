import { defineConfig } from 'vitest/config';

// End-to-end: real Chromium (or Electron) against `kiosk start --headless`, one file at a time.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 90_000,
    pool: 'forks',
    globalSetup: ['tests/e2e/global-setup.ts'],
  },
});
