import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // Browser tests start Chromium; give them room on a 2-core machine without slowing the fast tests.
    testTimeout: 20_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
