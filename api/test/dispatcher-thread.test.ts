import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DispatcherThread } from '../src/platform/webhooks/dispatcher-thread.js';
import { testDbKind } from './support/database.js';
import { startTestPlatform, type TestPlatform } from './support/platform.js';

let p: TestPlatform;

beforeAll(async () => {
  p = await startTestPlatform({ FIN_WEBHOOK_ALLOW_PRIVATE: true, FIN_WEBHOOK_POLL_MS: 100 });
});
afterAll(() => p.close());

async function until<T>(probe: () => T | undefined, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('the dispatcher thread (PostgreSQL)', () => {
  it.runIf(testDbKind() === 'postgres')(
    'delivers from its own thread and starts a new one when the thread dies (PostgreSQL only: PGlite keeps the dispatcher on the API thread)',
    async () => {
      const bodies: string[] = [];
      const server = createServer((req, res) => {
        let body = '';
        req.on('data', (d: Buffer) => {
          body += d.toString('utf8');
        });
        req.on('end', () => {
          bodies.push(body);
          res.end('ok');
        });
      });
      await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
      const thread = new DispatcherThread(
        { ...p.config, DATABASE_URL: p.database.url },
        pino({ level: 'silent' }),
        50,
      );
      try {
        await thread.start();
        const tenant = await p.newTenant();
        const endpoint = await p.call('POST', '/v1/webhook_endpoints', {
          key: tenant.adminKey,
          body: { url, enabled_events: ['customer.created'] },
        });
        expect(endpoint.status).toBe(201);
        const send = (name: string) =>
          p.call('POST', '/v1/customers', { key: tenant.adminKey, body: { name } });

        await send('before the crash');
        await until(() => bodies.find((b) => b.includes('before the crash')));

        await thread.terminate();
        await send('after the crash');
        const after = await until(() => bodies.find((b) => b.includes('after the crash')));
        expect(JSON.parse(after)).toMatchObject({ type: 'customer.created' });
      } finally {
        await thread.stop();
        await new Promise<void>((ok) => server.close(() => ok()));
      }
    },
  );
});
