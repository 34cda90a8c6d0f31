import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `web-components/test-artifacts/` (gitignored): screenshots and measured figures. */
export const artifactsDir = fileURLToPath(new URL('../../../test-artifacts/', import.meta.url));

/** Where a screenshot named `name` (kebab case, no extension) is saved. */
export function screenshotPath(name: string): string {
  return join(artifactsDir, 'screenshots', `${name}.png`);
}

/** Writes `data` as pretty JSON to `test-artifacts/<file>`. */
export function writeArtifact(file: string, data: unknown): string {
  mkdirSync(artifactsDir, { recursive: true });
  const path = join(artifactsDir, file);
  writeFileSync(path, `${JSON.stringify(data, null, 2)}\n`);
  return path;
}
