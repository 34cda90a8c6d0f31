import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The browser suite: vitest in Node drives Debian's Chromium through playwright-core against
 * the live API on PGlite. Needs a built bundle (`npm run build` first).
 */
export default defineConfig({
  resolve: {
    // Seeding uses the SDK's source, so the suite needs no SDK build.
    alias: {
      '@finaceverse/sdk': fileURLToPath(new URL('../sdk/src/index.ts', import.meta.url)),
    },
  },
  test: {
    include: ['test/browser/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['test/browser/support/global-setup.ts'],
    // One API (single-writer PGlite) and one Chromium on two cores: files take turns, which
    // also keeps the performance budget's measurement free of the suite's own load.
    fileParallelism: false,
    hookTimeout: 120_000,
    testTimeout: 30_000,
  },
});
