import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { generateKey } from '../src/platform/auth/keys.js';
import { openTestDatabase, testDbKind } from './support/database.js';
import { type Started, startProcess, stop } from './support/process.js';

const EVENTS = 500;
const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => {});
});

async function receiver() {
  const sequences = new Map<string, number>();
  let deliveries = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      deliveries++;
      const event = JSON.parse(body) as { id: string; sequence: number };
      sequences.set(event.id, event.sequence);
      // Slow enough that deliveries are in flight when the process dies.
      setTimeout(() => res.writeHead(200).end(), 10);
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  cleanups.push(() => new Promise((ok) => server.close(ok)));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hook`, sequences, deliveries: () => deliveries };
}

async function call(base: string, key: string, path: string, body: unknown) {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status !== 201) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as Record<string, unknown> & { id: string };
}

async function until(check: () => boolean, ms: number, what: string) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

// PGlite is killed mid-write only at the risk of its data directory (STACK.md), so the
// crash runs against the PostgreSQL server (CI sets TEST_DATABASE_URL).
describe.runIf(testDbKind() === 'postgres')('webhook delivery across a crash (PostgreSQL)', () => {
  it('delivers every event at least once, every sequence present, after SIGKILL and restart', {
    timeout: 120_000,
  }, async () => {
    const database = await openTestDatabase();
    cleanups.push(() => database.drop());
    await database.close();
    const partnerKey = generateKey('partner').secret;
    const env = {
      DATABASE_URL: database.url!,
      FIN_BOOTSTRAP_PARTNER_KEY: partnerKey,
      FIN_DEMO: 'false',
      FIN_WEBHOOK_ALLOW_PRIVATE: 'true',
      FIN_WEBHOOK_TIMEOUT_MS: '1000',
      FIN_WEBHOOK_RETRY_SCHEDULE: '0.5,0.5,0.5',
      FIN_WEBHOOK_POLL_MS: '100',
      FIN_RATE_LIMIT_TENANT_PER_SECOND: '100000',
      FIN_RATE_LIMIT_TENANT_BURST: '100000',
      FIN_RATE_LIMIT_KEY_PER_SECOND: '100000',
      FIN_RATE_LIMIT_KEY_BURST: '100000',
    };
    const hooks = await receiver();
    let api: Started = await startProcess(env);
    cleanups.push(() => stop(api.child, 'SIGKILL'));
    const tenant = await call(api.url, partnerKey, '/v1/tenants', { name: 'Crash' });
    const key = (tenant.api_key as { secret: string }).secret;
    const endpoint = await call(api.url, key, '/v1/webhook_endpoints', {
      url: hooks.url,
      enabled_events: ['*'],
    });
    for (let i = 0; i < EVENTS; i += 25) {
      await Promise.all(
        Array.from({ length: 25 }, (_, j) =>
          call(api.url, key, '/v1/customers', { name: `c${i + j}` }),
        ),
      );
    }
    await until(() => hooks.deliveries() >= 50, 30_000, 'the first deliveries');
    await stop(api.child, 'SIGKILL');
    const beforeRestart = hooks.sequences.size;
    expect(beforeRestart).toBeLessThan(EVENTS + 1);

    api = await startProcess(env);
    await until(() => hooks.sequences.size >= EVENTS + 1, 60_000, 'every event');
    await stop(api.child, 'SIGTERM');

    // The endpoint's own creation event, then one event per customer.
    const sequences = [...hooks.sequences.values()].sort((a, b) => a - b);
    const first = sequences[0]!;
    expect(sequences).toEqual(Array.from({ length: EVENTS + 1 }, (_, i) => first + i));
    expect(hooks.sequences.has(endpoint.id)).toBe(false); // ids are event ids, not objects
  });
});
