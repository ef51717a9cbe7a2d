import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{common,kiosk-app,device-drivers,offline-sync,build,tests/unit,tests/integration}/**/*.test.{ts,tsx}'],
    exclude: ['**/node_modules/**', 'tests/e2e/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
