import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Tests use the SDK's source, so `npm test` needs no prior build (tsconfig `paths` agrees).
    alias: {
      '@finaceverse/sdk': fileURLToPath(new URL('../sdk/src/index.ts', import.meta.url)),
    },
  },
  test: {
    include: ['test/**/*.test.ts', 'embed/**/*.test.ts'],
    // The API server starts with a fresh PGlite data dir, which takes a while.
    hookTimeout: 120_000,
    testTimeout: 60_000,
  },
});
