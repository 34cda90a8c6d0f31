import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const base62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A random `psk_` key, 32 base62 characters, in the format the server accepts. */
export function randomPartnerKey(): string {
  const chars = [...randomBytes(32)].map((b) => base62[b % base62.length]);
  return `psk_${chars.join('')}`;
}

/** A database of its own on the TEST_DATABASE_URL server, dropped when the server closes. */
async function createDatabase(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `fin_sdk_test_${randomBytes(6).toString('hex')}`;
  const run = async (statement: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await run(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

export interface TestServer {
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
 * data dir and a bootstrap partner key, and resolves once it prints its URL. Set
 * TEST_DATABASE_URL to run against PostgreSQL instead of PGlite. Webhooks may target
 * loopback receivers; `env` overrides any variable (e.g. a short FIN_WEBHOOK_RETRY_SCHEDULE).
 */
export async function startServer(env: Record<string, string> = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'fin-sdk-test-'));
  const partnerKey = randomPartnerKey();
  const childEnv: NodeJS.ProcessEnv = {
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
    // Test receivers listen on 127.0.0.1, which the SSRF guard refuses by default.
    FIN_WEBHOOK_ALLOW_PRIVATE: 'true',
    ...env,
  };
  delete childEnv.DATABASE_URL;
  delete childEnv.REDIS_URL;
  const database = process.env.TEST_DATABASE_URL
    ? await createDatabase(process.env.TEST_DATABASE_URL)
    : undefined;
  if (database) childEnv.DATABASE_URL = database.url;

  const child = spawn(process.execPath, ['--import', 'tsx', 'api/src/main.ts'], {
    cwd: repoRoot,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    };
    child.stdout?.on('data', onData);
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
      await database?.drop();
    },
  };
}
