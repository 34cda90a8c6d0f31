import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Each server-backed file starts its own API server; a fresh PGlite data dir takes a while.
    hookTimeout: 120_000,
    testTimeout: 30_000,
  },
});
