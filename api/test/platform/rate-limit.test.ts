import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryRateLimiter, RedisRateLimiter } from '../../src/platform/rate-limit.js';
import { startTestPlatform, type TestPlatform, type TestTenant } from '../support/platform.js';

describe('token buckets', () => {
  it('allows the burst, refuses the next and refills at the rate', async () => {
    let now = 0;
    const limiter = new MemoryRateLimiter(() => now);
    const spec = { rate: 2, burst: 3 };
    const taken = [];
    for (let i = 0; i < 4; i++) taken.push(await limiter.take('k', spec));
    expect(taken.map((r) => r.allowed)).toEqual([true, true, true, false]);
    expect(taken[3]).toMatchObject({ remaining: 0, retryAfterSeconds: 1, limit: 3 });
    now = 500;
    expect((await limiter.take('k', spec)).allowed).toBe(true);
    expect((await limiter.take('k', spec)).allowed).toBe(false);
  });

  // Redis runs on every project machine and in CI; .ci/run sets TEST_REDIS_URL.
  const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
  it('shares buckets through Redis across limiter instances', async () => {
    const a = new RedisRateLimiter(new Redis(redisUrl));
    const b = new RedisRateLimiter(new Redis(redisUrl));
    const key = `test-${Math.random()}`;
    const spec = { rate: 1, burst: 2 };
    try {
      const results = [await a.take(key, spec), await b.take(key, spec), await a.take(key, spec)];
      expect(results.map((r) => r.allowed)).toEqual([true, true, false]);
      expect(results[2]?.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    } finally {
      await a.close();
      await b.close();
    }
  });
});

/** A key's bucket of 3 refilling one a second; the tenant's of `tenantBurst`. */
const tightLimits = (tenantBurst: number) => ({
  FIN_RATE_LIMIT_KEY_PER_SECOND: 1,
  FIN_RATE_LIMIT_KEY_BURST: 3,
  FIN_RATE_LIMIT_TENANT_PER_SECOND: 1,
  FIN_RATE_LIMIT_TENANT_BURST: tenantBurst,
});

describe('rate limits through the API', () => {
  let p: TestPlatform;
  let t: TestTenant;
  beforeAll(async () => {
    p = await startTestPlatform(tightLimits(5));
    t = await p.newTenant();
  });
  afterAll(() => p.close());

  it('sends RateLimit headers on every response and 429 with Retry-After when exceeded', async () => {
    const key = t.adminKey;
    const first = await p.call('GET', '/v1/customers', { key });
    expect(first.status).toBe(200);
    expect(first.headers.get('ratelimit-limit')).toBe('3');
    expect(first.headers.get('ratelimit-remaining')).toBe('2');
    expect(Number(first.headers.get('ratelimit-reset'))).toBeGreaterThanOrEqual(1);
    // The bucket refills one token a second: keep asking until it runs dry, however slow
    // the machine, and expect that within a few requests.
    let limited = await p.call('GET', '/v1/customers', { key });
    for (let i = 0; i < 10 && limited.status !== 429; i++) {
      limited = await p.call('GET', '/v1/customers', { key });
    }
    expect(limited.status).toBe(429);
    expect(limited.body.error).toMatchObject({ type: 'rate_limit_error', code: 'rate_limited' });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
  });

  it('limits the tenant as a whole across its keys', async () => {
    const other = await p.newTenant('Busy');
    const keys = [
      other.adminKey,
      await p.keyWithRole(other, 'viewer'),
      await p.keyWithRole(other, 'viewer'),
    ];
    // Each key stays within its own burst of 3; the tenant's burst of 5 runs out first.
    let limited = await p.call('GET', '/v1/customers', { key: keys[0] });
    for (let i = 1; i < 15 && limited.status !== 429; i++) {
      limited = await p.call('GET', '/v1/customers', { key: keys[i % 3] });
    }
    expect(limited.status).toBe(429);
    expect(limited.body.error.message).toMatch(/tenant/);
  });
});

describe('kernel headers over a real HTTP server (set on the Node response)', () => {
  let p: TestPlatform;
  let t: TestTenant;
  let server: ReturnType<typeof serve>;
  let base: string;
  beforeAll(async () => {
    p = await startTestPlatform(tightLimits(100));
    t = await p.newTenant();
    server = await new Promise((ok) => {
      const s = serve({ fetch: p.app.fetch, port: 0, hostname: '127.0.0.1' }, () => ok(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((ok) => server.close(() => ok()));
    await p.close();
  });

  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${base}${path}`, { headers: { authorization: `Bearer ${t.adminKey}`, ...headers } });

  it('puts the request id and rate limit on answers, errors and 429s included', async () => {
    const ok = await get('/v1/customers');
    expect(ok.status).toBe(200);
    expect(ok.headers.get('request-id')).toMatch(/^req_[0-9a-z]{26}$/);
    expect(ok.headers.get('ratelimit-limit')).toBe('3');
    expect(ok.headers.get('ratelimit-remaining')).toBe('2');

    const missing = await get('/v1/customers/cus_nope');
    expect(missing.status).toBe(404);
    const body = (await missing.json()) as { error: { request_id: string } };
    expect(missing.headers.get('request-id')).toBe(body.error.request_id);
    expect(missing.headers.get('ratelimit-remaining')).toBe('1');

    let limited = await get('/v1/customers');
    for (let i = 0; i < 10 && limited.status !== 429; i++) limited = await get('/v1/customers');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^[1-9][0-9]*$/);
    // The 429's own values, once each: not merged with a bucket's earlier figures.
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
    expect(limited.headers.get('ratelimit-limit')).toBe('3');
    expect(limited.headers.get('request-id')).toMatch(/^req_/);
  });

  it('answers a browser with CORS headers, its refusals included', async () => {
    const refused = await get('/v1/customers', { origin: 'https://shop.example' });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe(
      'secret_key_in_browser',
    );
    expect(refused.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(refused.headers.get('access-control-expose-headers')).toMatch(/request-id/);
    expect(refused.headers.get('vary')).toBe('Origin');
    expect(refused.headers.get('request-id')).toMatch(/^req_/);
  });
});
