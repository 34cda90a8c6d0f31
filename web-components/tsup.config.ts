import { fileURLToPath } from 'node:url';
import { defineConfig } from 'tsup';

const elements = [
  'fin-provider',
  'fin-customer-list',
  'fin-invoice-list',
  'fin-invoice-detail',
  'fin-invoice-form',
  'fin-journal-entry-form',
  'fin-trial-balance',
];

const sdkSource = fileURLToPath(new URL('../sdk/src/index.ts', import.meta.url));

export default defineConfig([
  // The package's ESM build: one module per element plus shared chunks, dependencies
  // (lit, @lit/context, @finaceverse/sdk) left to the host's bundler.
  {
    entry: Object.fromEntries([
      ['index', 'src/index.ts'],
      ['events', 'src/events.ts'],
      ...elements.map((name) => [name, `src/${name}.ts`]),
    ]),
    format: ['esm'],
    dts: true,
    splitting: true,
    treeshake: true,
    target: 'es2022',
    platform: 'browser',
    sourcemap: false,
    esbuildOptions(options) {
      options.chunkNames = 'chunks/[name]-[hash]';
    },
  },
  // The self-contained file for `<script type="module">`: Lit and the SDK inside, minified.
  // The SDK is compiled from its source so that its `sideEffects: false` lets esbuild drop
  // the webhook-verification module, the one that imports `node:crypto`; `node:crypto` is
  // external only so resolution does not fail, and scripts/check-bundle.ts asserts that no
  // import of it survives.
  {
    entry: { 'finaceverse-elements': 'src/index.ts' },
    format: ['esm'],
    dts: false,
    splitting: false,
    treeshake: true,
    minify: true,
    target: 'es2022',
    platform: 'browser',
    sourcemap: false,
    noExternal: [/.*/],
    external: ['node:crypto'],
    esbuildOptions(options) {
      options.alias = { ...options.alias, '@finaceverse/sdk': sdkSource };
      options.legalComments = 'none';
    },
  },
]);
