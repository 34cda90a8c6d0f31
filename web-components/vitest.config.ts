import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** Unit tests of the pure helpers (money parsing and rounding, scopes, pagination). */
export default defineConfig({
  resolve: {
    // The SDK's source, so the unit tests need no SDK build.
    alias: {
      '@finaceverse/sdk': fileURLToPath(new URL('../sdk/src/index.ts', import.meta.url)),
    },
  },
  test: {
    include: ['test/unit/**/*.test.ts'],
    environment: 'node',
  },
});
