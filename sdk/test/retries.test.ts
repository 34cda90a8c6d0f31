import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APIError,
  FinACEverse,
  FinConnectionError,
  FinTimeoutError,
  IdempotencyError,
  NotFoundError,
  RateLimitError,
} from '../src/index.js';
import { createTenant, type TenantFixture } from './support/fixtures.js';
import { startServer, type TestServer } from './support/server.js';

let server: TestServer;
let ctx: TenantFixture;

beforeAll(async () => {
  server = await startServer();
  ctx = await createTenant(server);
});

afterAll(async () => {
  await server?.close();
});

type Failure = 'connection' | 'hang' | Response;

const errorResponse = (status: number, type: string, code: string, headers = {}) =>
  new Response(JSON.stringify({ error: { type, code, message: code, request_id: 'req_fake' } }), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });

/**
 * A fetch that fails the first attempts as scripted (without reaching the server), then
 * passes the rest to the real server, recording every attempt.
 */
function flakyFetch(failures: Array<() => Failure>) {
  const attempts: Request[] = [];
  const fetchFn = async (request: Request): Promise<Response> => {
    attempts.push(request.clone());
    const failure = failures[attempts.length - 1]?.();
    if (failure === undefined) return fetch(request);
    if (failure === 'connection') throw new TypeError('fetch failed: ECONNRESET');
    if (failure === 'hang') {
      // Never answers, and ignores the abort signal: the SDK must time out on its own.
      return new Promise<Response>(() => {});
    }
    return failure;
  };
  return { fetch: fetchFn, attempts };
}

function client(fetchFn: (request: Request) => Promise<Response>, extra = {}) {
  return new FinACEverse({
    apiKey: ctx.tenant.api_key.secret ?? '',
    baseUrl: server.url,
    fetch: fetchFn,
    ...extra,
  });
}

const keysOf = (attempts: Request[]) => attempts.map((r) => r.headers.get('idempotency-key'));

async function countNamed(name: string): Promise<number> {
  const all = await ctx.fin.customers.list({ limit: 100 }).toArray({ limit: 10_000 });
  return all.filter((c) => c.name === name).length;
}

describe('retries', () => {
  it('retries connection errors with the same Idempotency-Key and creates once', async () => {
    const flaky = flakyFetch([() => 'connection', () => 'connection']);
    const customer = await client(flaky.fetch).customers.create({ name: 'After resets' });
    expect(customer.name).toBe('After resets');
    expect(flaky.attempts).toHaveLength(3);
    const [key] = keysOf(flaky.attempts);
    expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(keysOf(flaky.attempts)).toEqual([key, key, key]);
    expect(await flaky.attempts[2]?.json()).toEqual({ name: 'After resets' });
    expect(await countNamed('After resets')).toBe(1);
  });

  it('retries 500 responses with the same Idempotency-Key', async () => {
    const flaky = flakyFetch([
      () => errorResponse(500, 'api_error', 'internal_error'),
      () => errorResponse(503, 'api_error', 'internal_error'),
    ]);
    const customer = await client(flaky.fetch).customers.create({ name: 'After 500s' });
    expect(customer.object).toBe('customer');
    expect(flaky.attempts).toHaveLength(3);
    expect(new Set(keysOf(flaky.attempts)).size).toBe(1);
    expect(await countNamed('After 500s')).toBe(1);
  });

  it('honours Retry-After: 0 on 429 and keeps the Idempotency-Key', async () => {
    const flaky = flakyFetch([
      () => errorResponse(429, 'rate_limit_error', 'rate_limited', { 'retry-after': '0' }),
      () => errorResponse(429, 'rate_limit_error', 'rate_limited', { 'retry-after': '0' }),
    ]);
    const started = performance.now();
    await client(flaky.fetch).customers.create({ name: 'After 429s' });
    // Backoff alone could wait up to 1.5 s; Retry-After: 0 means right away.
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(flaky.attempts).toHaveLength(3);
    expect(new Set(keysOf(flaky.attempts)).size).toBe(1);
  });

  it('retries a 409 idempotency_key_in_use, sending the caller key each time', async () => {
    const flaky = flakyFetch([
      () => errorResponse(409, 'idempotency_error', 'idempotency_key_in_use'),
    ]);
    const key = `in-use-${Date.now()}`;
    const customer = await client(flaky.fetch).customers.create(
      { name: 'After in-use' },
      { idempotencyKey: key },
    );
    expect(customer.name).toBe('After in-use');
    expect(keysOf(flaky.attempts)).toEqual([key, key]);
  });

  it('gives up after maxRetries and throws the last typed error', async () => {
    const always500 = flakyFetch(
      Array.from({ length: 5 }, () => () => errorResponse(500, 'api_error', 'internal_error')),
    );
    const error = await client(always500.fetch, { maxRetries: 1 })
      .customers.list()
      .catch((err: unknown) => err);
    expect(error).toBeInstanceOf(APIError);
    expect(always500.attempts).toHaveLength(2);

    const always429 = flakyFetch(
      Array.from(
        { length: 5 },
        () => () => errorResponse(429, 'rate_limit_error', 'rate_limited', { 'retry-after': '0' }),
      ),
    );
    const limited = await client(always429.fetch)
      .customers.list({}, { maxRetries: 3 })
      .catch((err: unknown) => err);
    expect(limited).toBeInstanceOf(RateLimitError);
    expect(always429.attempts).toHaveLength(4);
  });

  it('does not wait out a Retry-After longer than a minute', async () => {
    const flaky = flakyFetch([
      () => errorResponse(429, 'rate_limit_error', 'rate_limited', { 'retry-after': '3600' }),
    ]);
    const error = await client(flaky.fetch)
      .customers.list()
      .catch((err: unknown) => err);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).headers.get('retry-after')).toBe('3600');
    expect(flaky.attempts).toHaveLength(1);
  });

  it('never retries other 4xx answers', async () => {
    const flaky = flakyFetch([]);
    const fin = client(flaky.fetch, { maxRetries: 5 });
    await expect(fin.customers.retrieve('cus_01jd8x2q3m4n5p6r7s8t9v0w1x')).rejects.toBeInstanceOf(
      NotFoundError,
    );
    expect(flaky.attempts).toHaveLength(1);

    const key = `reused-${Date.now()}`;
    await fin.customers.create({ name: 'Body A' }, { idempotencyKey: key });
    const reused = await fin.customers
      .create({ name: 'Body B' }, { idempotencyKey: key })
      .catch((err: unknown) => err);
    expect(reused).toBeInstanceOf(IdempotencyError);
    expect(flaky.attempts).toHaveLength(3);
  });

  it('sends no Idempotency-Key on GET requests', async () => {
    const flaky = flakyFetch([() => 'connection']);
    await client(flaky.fetch).customers.list({ limit: 1 });
    expect(keysOf(flaky.attempts)).toEqual([null, null]);
  });

  it('fails with FinConnectionError when nothing listens, after every retry', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const address = probe.address();
        probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
      });
    });
    let attempts = 0;
    const fin = new FinACEverse({
      apiKey: ctx.tenant.api_key.secret ?? '',
      baseUrl: `http://127.0.0.1:${port}`,
      maxRetries: 1,
      fetch: (request) => {
        attempts++;
        return fetch(request);
      },
    });
    const error = await fin.customers.list().catch((err: unknown) => err);
    expect(error).toBeInstanceOf(FinConnectionError);
    expect(error).not.toBeInstanceOf(FinTimeoutError);
    expect((error as Error).cause).toBeDefined();
    expect(attempts).toBe(2);
  });
});

describe('timeouts', () => {
  it('throws FinTimeoutError when every attempt exceeds timeoutMs', async () => {
    const flaky = flakyFetch([() => 'hang', () => 'hang']);
    const started = performance.now();
    const error = await client(flaky.fetch, { timeoutMs: 150, maxRetries: 1 })
      .customers.list()
      .catch((err: unknown) => err);
    expect(error).toBeInstanceOf(FinTimeoutError);
    expect(error).toBeInstanceOf(FinConnectionError);
    expect(flaky.attempts).toHaveLength(2);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('retries a timed-out POST with the same key and succeeds', async () => {
    const flaky = flakyFetch([() => 'hang']);
    const customer = await client(flaky.fetch, { timeoutMs: 200 }).customers.create({
      name: 'After a timeout',
    });
    expect(customer.name).toBe('After a timeout');
    expect(flaky.attempts).toHaveLength(2);
    expect(new Set(keysOf(flaky.attempts)).size).toBe(1);
  });

  it('applies a per-request timeoutMs over the client default', async () => {
    const flaky = flakyFetch([() => 'hang']);
    const error = await client(flaky.fetch)
      .reports.trialBalance({}, { timeoutMs: 100, maxRetries: 0 })
      .catch((err: unknown) => err);
    expect(error).toBeInstanceOf(FinTimeoutError);
    expect(flaky.attempts).toHaveLength(1);
  });

  it('rejects with the caller abort reason and does not retry', async () => {
    const flaky = flakyFetch([() => 'hang', () => 'hang']);
    const controller = new AbortController();
    const reason = new Error('caller gave up');
    setTimeout(() => controller.abort(reason), 50);
    const error = await client(flaky.fetch, { maxRetries: 3 })
      .customers.list({}, { signal: controller.signal })
      .catch((err: unknown) => err);
    expect(error).toBe(reason);
    expect(flaky.attempts).toHaveLength(1);
  });
});
