import { defineConfig } from 'vitest/config';

// The Debian package: built, installed with apt, run as the kiosk user and under cage.
// One file, in order; it changes the machine (a package, a user), so it runs last and alone.
export default defineConfig({
  test: {
    include: ['tests/release/**/*.test.ts'],
    fileParallelism: false,
    sequence: { concurrent: false },
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
  },
});
