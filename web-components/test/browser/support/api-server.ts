import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Adapted from sdk/test/support/server.ts (PGlite only: the API's own suites cover PostgreSQL).
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const base62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A random `psk_` key, 32 base62 characters, in the format the server accepts. */
export function randomPartnerKey(): string {
  const chars = [...randomBytes(32)].map((b) => base62[b % base62.length]);
  return `psk_${chars.join('')}`;
}

export interface ApiServer {
  url: string;
  partnerKey: string;
  close(): Promise<void>;
}

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/**
 * Starts the real API (`node --import tsx api/src/main.ts`) on a random port with a fresh
 * PGlite data dir and a bootstrap partner key; resolves once it prints its URL.
 */
export async function startApiServer(): Promise<ApiServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'fin-wc-test-'));
  const partnerKey = randomPartnerKey();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    FIN_DATA_DIR: dataDir,
    FIN_DEMO: 'false',
    LOG_LEVEL: 'silent',
    FIN_BOOTSTRAP_PARTNER_KEY: partnerKey,
    FIN_RATE_LIMIT_TENANT_PER_SECOND: '10000',
    FIN_RATE_LIMIT_TENANT_BURST: '10000',
    FIN_RATE_LIMIT_KEY_PER_SECOND: '10000',
    FIN_RATE_LIMIT_KEY_BURST: '10000',
  };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;

  const child = spawn(process.execPath, ['--import', 'tsx', 'api/src/main.ts'], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      reject(new Error(`API server exited early (${code ?? signal}):\n${output}`)),
    );
  });

  return {
    url,
    partnerKey,
    async close() {
      child.kill('SIGTERM');
      if (!(await waitForExit(child, 15_000))) {
        child.kill('SIGKILL');
        await waitForExit(child, 5_000);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
