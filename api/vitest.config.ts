import { defineConfig } from 'vitest/config';

const shared = {
  include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  globalSetup: ['test/support/global-setup.ts'],
  testTimeout: 30_000,
  hookTimeout: 60_000,
};

/**
 * Every suite runs on the embedded PGlite; with TEST_DATABASE_URL set, the same suites run
 * again against that PostgreSQL server (a fresh database per test file).
 */
export default defineConfig({
  test: {
    projects: [
      { test: { ...shared, name: 'pglite', env: { FIN_TEST_DB: 'pglite' } } },
      ...(process.env.TEST_DATABASE_URL
        ? [{ test: { ...shared, name: 'postgres', env: { FIN_TEST_DB: 'postgres' } } }]
        : []),
    ],
  },
});
