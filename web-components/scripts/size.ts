/**
 * Measures the package's size budgets (run `npm run build` first):
 * - the self-contained bundle with every element, gzipped (budget 60 KB);
 * - each element imported on its own from the ESM build, bundled and minified by esbuild as
 *   an app would, gzipped: with Lit only (the SDK left to the app) and with Lit and the SDK
 *   (what the element really costs when nothing else uses the SDK). The 25 KB budget is
 *   held against the second, larger figure.
 *
 *   npm run size -w @finaceverse/web-components
 *
 * Exits 1 when a budget is exceeded.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../', import.meta.url));
const sdkSource = fileURLToPath(new URL('../../sdk/src/index.ts', import.meta.url));
const KB = 1024;
const BUNDLE_BUDGET = 60 * KB;
const ELEMENT_BUDGET = 25 * KB;

const elements = [
  'fin-provider',
  'fin-customer-list',
  'fin-invoice-list',
  'fin-invoice-detail',
  'fin-invoice-form',
  'fin-journal-entry-form',
  'fin-trial-balance',
];

const gzip = (code: string | Uint8Array) => gzipSync(code, { level: 9 }).length;
const kb = (bytes: number) => `${(bytes / KB).toFixed(1)} KB`;

/** An app that imports one element from the ESM build, bundled and minified for browsers. */
async function appSize(element: string, withSdk: boolean): Promise<{ min: number; gz: number }> {
  const result = await build({
    stdin: {
      contents: `import '@finaceverse/web-components/${element}';`,
      resolveDir: root,
      loader: 'js',
    },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    legalComments: 'none',
    // As in the bundle: the SDK from source, so its webhook module (node:crypto) drops out.
    alias: withSdk ? { '@finaceverse/sdk': sdkSource } : {},
    external: withSdk ? ['node:crypto'] : ['@finaceverse/sdk'],
    logLevel: 'silent',
  });
  const code = result.outputFiles?.[0]?.contents ?? new Uint8Array();
  if (withSdk && new TextDecoder().decode(code).includes('node:crypto')) {
    throw new Error(`${element}: node:crypto survived in the app bundle`);
  }
  return { min: code.length, gz: gzip(code) };
}

const bundle = readFileSync(new URL('../dist/finaceverse-elements.js', import.meta.url));
const bundleGz = gzip(bundle);
const failures: string[] = [];
if (bundleGz > BUNDLE_BUDGET) failures.push(`bundle ${kb(bundleGz)} > ${kb(BUNDLE_BUDGET)}`);

console.log(`dist/finaceverse-elements.js (all elements, Lit, SDK)`);
console.log(
  `  ${kb(bundle.length)} minified, ${kb(bundleGz)} gzipped (budget ${kb(BUNDLE_BUDGET)})`,
);
console.log('');
console.log('One element from the ESM build, minified + gzipped:');
console.log('  element                  with Lit   with Lit + SDK');
for (const element of elements) {
  const lit = await appSize(element, false);
  const full = await appSize(element, true);
  if (full.gz > ELEMENT_BUDGET) failures.push(`${element} ${kb(full.gz)} > ${kb(ELEMENT_BUDGET)}`);
  console.log(`  ${element.padEnd(24)} ${kb(lit.gz).padStart(8)}   ${kb(full.gz).padStart(8)}`);
}
console.log(`  (budget ${kb(ELEMENT_BUDGET)}, held against Lit + SDK; gzip level 9)`);

if (failures.length > 0) {
  console.error(`\nOver budget: ${failures.join('; ')}`);
  process.exit(1);
}
