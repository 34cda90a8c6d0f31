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

describe('rate limits through the API', () => {
  let p: TestPlatform;
  let t: TestTenant;
  beforeAll(async () => {
    p = await startTestPlatform({
      FIN_RATE_LIMIT_KEY_PER_SECOND: 1,
      FIN_RATE_LIMIT_KEY_BURST: 3,
      FIN_RATE_LIMIT_TENANT_PER_SECOND: 1,
      FIN_RATE_LIMIT_TENANT_BURST: 5,
    });
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
