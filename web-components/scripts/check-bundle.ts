/**
 * Build check: the self-contained bundle must run in a browser as it is, so no import of a
 * Node built-in (the SDK's webhook verification uses `node:crypto`) may survive in it, and
 * it must define every element.
 *
 *   tsx scripts/check-bundle.ts
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundlePath = fileURLToPath(new URL('../dist/finaceverse-elements.js', import.meta.url));
const bundle = readFileSync(bundlePath, 'utf8');

const problems: string[] = [];
// Static imports, re-exports and dynamic imports of any module specifier.
const specifiers = [
  ...bundle.matchAll(/\b(?:import|export)\s*(?:[\w*{}\s,$]*?\bfrom\s*)?["']([^"']+)["']/g),
  ...bundle.matchAll(/\bimport\s*\(\s*["']([^"']+)["']\s*\)/g),
].map((m) => m[1]);
for (const specifier of specifiers) {
  problems.push(`imports "${specifier}": the bundle must be self-contained`);
}
for (const needle of ['node:crypto', 'createHmac', 'timingSafeEqual']) {
  if (bundle.includes(needle)) problems.push(`contains "${needle}" (the SDK's webhook code)`);
}
const tags = [
  'fin-provider',
  'fin-customer-list',
  'fin-invoice-list',
  'fin-invoice-detail',
  'fin-invoice-form',
  'fin-journal-entry-form',
  'fin-trial-balance',
];
for (const tag of tags) {
  if (!bundle.includes(`"${tag}"`)) problems.push(`does not define <${tag}>`);
}

if (problems.length > 0) {
  console.error(`dist/finaceverse-elements.js:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(
  `dist/finaceverse-elements.js: self-contained, no node:crypto, ${tags.length} elements (${bundle.length} bytes)`,
);
