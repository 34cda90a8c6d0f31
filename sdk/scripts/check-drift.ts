/**
 * Part of `npm test`: regenerates the client into a temporary directory with the committed
 * config and fails when the result differs from `src/generated` (run `npm run openapi`).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from '@hey-api/openapi-ts';
import config from '../openapi-ts.config.js';

const sdkRoot = fileURLToPath(new URL('..', import.meta.url));
const committed = join(sdkRoot, 'src/generated');

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
  );
}

const filesUnder = (dir: string) =>
  walk(dir)
    .map((f) => relative(dir, f))
    .sort();

const fresh = mkdtempSync(join(tmpdir(), 'fin-sdk-drift-'));
try {
  process.chdir(sdkRoot);
  const base = Array.isArray(config) ? config[0] : config;
  await createClient({ ...base, output: { ...(base.output as object), path: fresh } } as Parameters<
    typeof createClient
  >[0]);
  const a = filesUnder(committed);
  const b = filesUnder(fresh);
  const differing = [...new Set([...a, ...b])].filter((f) => {
    try {
      return readFileSync(join(committed, f), 'utf8') !== readFileSync(join(fresh, f), 'utf8');
    } catch {
      return true;
    }
  });
  if (differing.length > 0) {
    process.stderr.write(
      `The generated SDK is stale (${differing.join(', ')}). Run \`npm run openapi\` and commit the result.\n`,
    );
    process.exit(1);
  }
  process.stdout.write(`generated SDK matches openapi/openapi.json (${a.length} files)\n`);
} finally {
  rmSync(fresh, { recursive: true, force: true });
}
