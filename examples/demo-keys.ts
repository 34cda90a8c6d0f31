/** Where the examples find the demo keys that `npm start` writes on its first run. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../', import.meta.url));

/**
 * The key in `envVar`, else `field` of the first demo.json found (FIN_DATA_DIR, then the
 * repository's `.finaceverse/`, then `api/.finaceverse/`).
 */
export function demoKey(
  field: 'partner_key' | 'tenant_key',
  envVar: string,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const fromEnv = env[envVar];
  if (fromEnv) return fromEnv;
  const candidates = [
    env.FIN_DATA_DIR,
    join(repoRoot, '.finaceverse'),
    join(repoRoot, 'api', '.finaceverse'),
  ].flatMap((dir) => (dir ? [join(dir, 'demo.json')] : []));
  for (const file of candidates) {
    if (!existsSync(file)) continue;
    const demo: Record<string, unknown> = JSON.parse(readFileSync(file, 'utf8'));
    const key = demo[field];
    if (typeof key === 'string') return key;
  }
  const what = field === 'partner_key' ? 'partner' : 'tenant';
  throw new Error(
    `No ${what} key: set ${envVar}, or start the API with \`npm start\` so it writes ${candidates.join(' or ')}.`,
  );
}
