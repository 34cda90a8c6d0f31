import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateKey } from '../src/platform/auth/keys.js';
import { openTestDatabase, testDbKind } from './support/database.js';
import { runToExit, startProcess, stop } from './support/process.js';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'fin-main-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

// Creating a PGlite data dir costs seconds: the embedded-database tests share one, in order.
const sharedDir = tempDir();
const slow = { timeout: 120_000 };

if (testDbKind() === 'pglite')
  describe('npm start on the embedded database', () => {
    it(
      'creates demo keys on the first run, reuses them on the second, and holds a lock',
      slow,
      async () => {
        const dir = sharedDir;
        const first = await startProcess({ FIN_DATA_DIR: dir });
        expect(first.output()).toContain('/docs');
        const demo = JSON.parse(readFileSync(join(dir, 'demo.json'), 'utf8'));
        expect(demo.partner_key).toMatch(/^psk_/);
        expect(demo.tenant_key).toMatch(/^sk_/);
        expect(first.output()).toContain(demo.tenant_key);
        expect(first.output()).toContain(`curl ${first.url}/v1/accounts`);
        const res = await fetch(`${first.url}/v1/accounts`, {
          headers: { authorization: `Bearer ${demo.tenant_key}` },
        });
        expect(res.status).toBe(200);
        await fetch(`${first.url}/v1/customers`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${demo.tenant_key}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify({ name: 'Persisted' }),
        });

        const second = await runToExit({ FIN_DATA_DIR: dir });
        expect(second.code).not.toBe(0);
        expect(second.output).toMatch(/in use by another FinACEverse process \(pid \d+\)/);

        expect(await stop(first.child, 'SIGTERM')).toBe(0);
        expect(existsSync(join(dir, 'finaceverse.lock'))).toBe(false);

        const again = await startProcess({ FIN_DATA_DIR: dir });
        expect(again.output()).toContain('reused');
        const customers = await fetch(`${again.url}/v1/customers`, {
          headers: { authorization: `Bearer ${demo.tenant_key}` },
        });
        const body = (await customers.json()) as { data: Array<{ name: string }> };
        expect(body.data.map((c) => c.name)).toContain('Persisted');
        expect(await stop(again.child, 'SIGINT')).toBe(0);
      },
    );

    it('ensures the partner of FIN_BOOTSTRAP_PARTNER_KEY exists', slow, async () => {
      const key = generateKey('partner').secret;
      const started = await startProcess({
        FIN_DATA_DIR: sharedDir,
        FIN_DEMO: 'false',
        FIN_BOOTSTRAP_PARTNER_KEY: key,
      });
      try {
        expect(started.output()).not.toContain('Demo keys');
        const res = await fetch(`${started.url}/v1/tenants`, {
          headers: { authorization: `Bearer ${key}` },
        });
        expect(res.status).toBe(200);
      } finally {
        await stop(started.child);
      }
    });

    it('exits non-zero naming the variable when the configuration is bad', slow, async () => {
      const bad = await runToExit({ FIN_DATA_DIR: tempDir(), PORT: 'eighty' });
      expect(bad.code).not.toBe(0);
      expect(bad.output).toContain('PORT');
      const badKey = await runToExit({
        FIN_DATA_DIR: tempDir(),
        FIN_BOOTSTRAP_PARTNER_KEY: 'sk_wrong',
      });
      expect(badKey.code).not.toBe(0);
      expect(badKey.output).toContain('FIN_BOOTSTRAP_PARTNER_KEY');
      expect(badKey.output).not.toMatch(/\n\s+at /);
    });

    it('logs one JSON line per request without secrets', slow, async () => {
      const dir = sharedDir;
      const started = await startProcess({ FIN_DATA_DIR: dir, LOG_LEVEL: 'info' });
      try {
        const demo = JSON.parse(readFileSync(join(dir, 'demo.json'), 'utf8'));
        await fetch(`${started.url}/v1/accounts?limit=1`, {
          headers: { authorization: `Bearer ${demo.tenant_key}` },
        });
        await new Promise((r) => setTimeout(r, 200));
        const line = started
          .output()
          .split('\n')
          .find((l) => l.includes('"path":"/v1/accounts"'));
        expect(line).toBeDefined();
        const entry = JSON.parse(line!);
        expect(entry).toMatchObject({ method: 'GET', status: 200, tenant_id: demo.tenant_id });
        expect(entry.request_id).toMatch(/^req_/);
        expect(typeof entry.latency_ms).toBe('number');
        const logs = started.output().replace(/Demo keys[\s\S]*?Try it:[\s\S]*?\n\n?/, '');
        const requestLines = logs.split('\n').filter((l) => l.startsWith('{'));
        for (const l of requestLines) expect(l).not.toContain(demo.tenant_key);
      } finally {
        await stop(started.child);
      }
    });
  });

if (testDbKind() === 'postgres')
  describe('npm start on a PostgreSQL server', () => {
    it('migrates and serves with DATABASE_URL', slow, async () => {
      const database = await openTestDatabase();
      const key = generateKey('partner').secret;
      const started = await startProcess({
        DATABASE_URL: database.url!,
        FIN_DATA_DIR: tempDir(),
        FIN_DEMO: 'false',
        FIN_BOOTSTRAP_PARTNER_KEY: key,
      });
      try {
        expect((await fetch(`${started.url}/readyz`)).status).toBe(200);
        const res = await fetch(`${started.url}/v1/tenants`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ name: 'On the server' }),
        });
        expect(res.status).toBe(201);
      } finally {
        await stop(started.child);
        await database.drop();
      }
    });
  });
