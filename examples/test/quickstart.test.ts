import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './support/server.js';

const examplesDir = fileURLToPath(new URL('../', import.meta.url));
const run = promisify(execFile);

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server?.close();
});

/** Runs the quickstart the way `npm run quickstart` does (tsx, from examples/). */
async function quickstart(env: Record<string, string>) {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  if (!('FIN_PARTNER_KEY' in env)) delete childEnv.FIN_PARTNER_KEY;
  return run(process.execPath, ['--import', 'tsx', 'quickstart/quickstart.ts'], {
    cwd: examplesDir,
    env: childEnv,
    timeout: 60_000,
  });
}

/** Parses "1,234.56" back into minor units. */
const minor = (amount: string) => Math.round(Number(amount.replaceAll(',', '')) * 100);

describe('quickstart example', () => {
  it('books an invoice end to end and prints a balanced trial balance', async () => {
    const { stdout, stderr } = await quickstart({
      FIN_API_URL: server.url,
      FIN_PARTNER_KEY: server.partnerKey,
    });
    expect(stderr).toBe('');
    expect(stdout).toMatch(/Tenant ten_\w+ created/);
    expect(stdout).toContain('Accounts 6300 Software subscriptions and 2100 Company credit card');
    expect(stdout).toMatch(/Journal entries je_\w+ and je_\w+ posted/);
    expect(stdout).toContain('subtotal 1,145.00, tax 192.25, total 1,337.25');
    expect(stdout).toMatch(/Invoice inv_\w+ status: paid \(paid 1,337\.25\)/);

    // Table rows: code (10 chars), account (32), debit (14), credit (14).
    const columns = (code: string) => {
      const line = stdout.split('\n').find((l) => l.startsWith(`${code} `)) ?? '';
      return [line.slice(10, 42).trim(), line.slice(42, 56).trim(), line.slice(56, 70).trim()];
    };
    expect(columns('1100')).toEqual(['Bank', '50,000.00', '']);
    expect(columns('3000')).toEqual(["Owner's Equity", '', '50,000.00']);
    expect(columns('6300')).toEqual(['Software subscriptions', '120.00', '']);
    expect(columns('2100')).toEqual(['Company credit card', '', '120.00']);
    expect(columns('1000')).toEqual(['Cash', '1,337.25', '']);

    const verdict = /^(balanced|NOT BALANCED): USD debits ([\d,.]+) = credits ([\d,.]+)$/m.exec(
      stdout,
    );
    expect(verdict?.[1]).toBe('balanced');
    // 50,000.00 invested + 120.00 on the card + 1,337.25 invoiced and collected.
    expect(minor(verdict?.[2] ?? '')).toBe(5_145_725);
    expect(minor(verdict?.[3] ?? '')).toBe(5_145_725);
  });

  it('falls back to the partner key in demo.json when FIN_PARTNER_KEY is unset', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'fin-quickstart-demo-'));
    try {
      writeFileSync(
        join(dataDir, 'demo.json'),
        JSON.stringify({ partner_key: server.partnerKey, tenant_id: 'ten_x', tenant_key: 'sk_x' }),
      );
      const { stdout } = await quickstart({ FIN_API_URL: server.url, FIN_DATA_DIR: dataDir });
      expect(stdout).toMatch(/^balanced: USD debits 51,457\.25 = credits 51,457\.25$/m);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('exits non-zero with the typed error when the key is wrong', async () => {
    const failure = await quickstart({
      FIN_API_URL: server.url,
      FIN_PARTNER_KEY: `psk_${'0'.repeat(32)}`,
    }).then(
      () => undefined,
      (err: { code?: number; stderr?: string }) => err,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toMatch(/AuthenticationError 401 invalid_api_key/);
  });
});
