import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform, type TestTenant } from '../support/platform.js';

let p: TestPlatform;
let t: TestTenant;

beforeAll(async () => {
  p = await startTestPlatform();
  t = await p.newTenant();
});
afterAll(() => p.close());

describe('request ids and the error model', () => {
  it('puts a Request-Id header on every response and the same id in error bodies', async () => {
    const ok = await p.call('GET', '/healthz');
    expect(ok.headers.get('request-id')).toMatch(/^req_[0-9a-z]{26}$/);
    const err = await p.call('GET', '/v1/accounts/acct_nope', { key: t.adminKey });
    expect(err.status).toBe(404);
    expect(err.body.error.request_id).toBe(err.headers.get('request-id'));
    expect(err.body.error).toMatchObject({
      type: 'not_found_error',
      code: 'resource_missing',
      param: 'id',
    });
  });

  it('answers 404 route_not_found for unknown routes', async () => {
    const res = await p.call('GET', '/v1/nothing_here', { key: t.adminKey });
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ type: 'not_found_error', code: 'route_not_found' });
    const outside = await p.call('GET', '/nowhere');
    expect(outside.status).toBe(404);
    expect(outside.body.error.code).toBe('route_not_found');
  });

  it('names the offending param in validation errors, nested ones included', async () => {
    const res = await p.call('POST', '/v1/journal_entries', {
      key: t.adminKey,
      body: {
        date: '2026-11-22',
        lines: [
          { account_id: 'a', direction: 'debit', amount: -5 },
          { account_id: 'b', direction: 'credit', amount: 5 },
        ],
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      type: 'invalid_request_error',
      code: 'parameter_invalid',
      param: 'lines[0][amount]',
    });
  });

  it('reports a missing required param as parameter_missing', async () => {
    const res = await p.call('POST', '/v1/customers', { key: t.adminKey, body: {} });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'parameter_missing', param: 'name' });
  });

  it('refuses unknown body fields, naming the field (no mass assignment)', async () => {
    const res = await p.call('POST', '/v1/customers', {
      key: t.adminKey,
      body: { name: 'A', tenant_id: 'ten_x' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'parameter_unknown', param: 'tenant_id' });
    const nested = await p.call('POST', '/v1/invoices', {
      key: t.adminKey,
      body: {
        customer_id: 'cus_x',
        currency: 'USD',
        lines: [{ description: 'x', quantity: 1, unit_amount: 1, amount: 99 }],
      },
    });
    expect(nested.body.error).toMatchObject({
      code: 'parameter_unknown',
      param: 'lines[0][amount]',
    });
  });

  it('never leaks SQL or stack traces in error messages', async () => {
    const res = await p.call('GET', `/v1/accounts/${"x'; DROP TABLE accounts; --"}`, {
      key: t.adminKey,
    });
    expect(res.status).toBe(404);
    expect(JSON.stringify(res.body)).not.toMatch(/select|stack|at \w+ \(/i);
  });
});

describe('limits on bad input', () => {
  it('answers 413 for bodies over 1 MiB', async () => {
    const res = await p.call('POST', '/v1/customers', {
      key: t.adminKey,
      rawBody: JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 10) }),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({ type: 'invalid_request_error', code: 'body_too_large' });
  });

  it('answers 400 invalid_json for malformed JSON', async () => {
    const res = await p.call('POST', '/v1/customers', {
      key: t.adminKey,
      rawBody: '{"name": "unterminated',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_json');
  });

  it('answers 400 json_too_deep for deeply nested JSON', async () => {
    const deep = `${'{"a":'.repeat(100)}1${'}'.repeat(100)}`;
    const res = await p.call('POST', '/v1/customers', {
      key: t.adminKey,
      rawBody: deep,
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('json_too_deep');
  });

  it('answers 415 for a body that is not JSON', async () => {
    const res = await p.call('POST', '/v1/customers', {
      key: t.adminKey,
      rawBody: 'name=A',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe('unsupported_media_type');
  });
});

describe('request bodies over a real HTTP server (read from the Node request)', () => {
  let server: ReturnType<typeof serve>;
  let port: number;
  beforeAll(async () => {
    server = await new Promise((ok) => {
      const s = serve({ fetch: p.app.fetch, port: 0, hostname: '127.0.0.1' }, () => ok(s));
    });
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

  /** POSTs `chunks` to /v1/customers, chunked unless `length` is set. */
  const post = (chunks: string[], length?: number) =>
    new Promise<{ status: number; body: { error?: { code: string }; name?: string } }>(
      (resolve, reject) => {
        const req = httpRequest(
          {
            host: '127.0.0.1',
            port,
            method: 'POST',
            path: '/v1/customers',
            // A connection each: the declared-length case sends fewer bytes than it declares.
            agent: false,
            headers: {
              authorization: `Bearer ${t.adminKey}`,
              'content-type': 'application/json',
              ...(length === undefined ? {} : { 'content-length': String(length) }),
            },
          },
          (res) => {
            let text = '';
            res.on('data', (d: Buffer) => {
              text += d.toString('utf8');
            });
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
          },
        );
        req.on('error', reject);
        for (const chunk of chunks) req.write(chunk);
        req.end();
      },
    );

  it('creates from a chunked body and from one with a byte order mark', async () => {
    const chunked = await post(['{"name":', '"Chunked"}']);
    expect(chunked).toMatchObject({ status: 201, body: { name: 'Chunked' } });
    const bom = '\uFEFF{"name":"Marked"}';
    const marked = await post([bom], Buffer.byteLength(bom));
    expect(marked).toMatchObject({ status: 201, body: { name: 'Marked' } });
  });

  it('answers 413 for a declared length over 1 MiB without reading the body', async () => {
    const res = await post(['{}'], 1024 * 1024 + 1).catch(() => undefined);
    // The server may answer before the (short) body arrives or close the connection.
    if (res)
      expect(res).toMatchObject({ status: 413, body: { error: { code: 'body_too_large' } } });
  });

  it('answers 413 for a chunked body that grows past 1 MiB', async () => {
    const big = JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 10) });
    const res = await post([big.slice(0, 500_000), big.slice(500_000)]);
    expect(res).toMatchObject({ status: 413, body: { error: { code: 'body_too_large' } } });
  });

  it('answers 400 invalid_json for malformed JSON', async () => {
    const res = await post(['{"name": "unterminated']);
    expect(res).toMatchObject({ status: 400, body: { error: { code: 'invalid_json' } } });
  });
});

describe('metadata limits', () => {
  it('stores up to 50 pairs untouched and refuses a 51st', async () => {
    const fifty = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, `v${i}`]));
    const ok = await p.call('POST', '/v1/customers', {
      key: t.adminKey,
      body: { name: 'M', metadata: fifty },
    });
    expect(ok.status).toBe(201);
    expect(ok.body.metadata).toEqual(fifty);
    const tooMany = await p.call('POST', '/v1/customers', {
      key: t.adminKey,
      body: { name: 'M', metadata: { ...fifty, k50: 'x' } },
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.param).toBe('metadata');
  });

  it('refuses keys over 40 and values over 500 characters', async () => {
    const longKey = await p.call('POST', '/v1/customers', {
      key: t.adminKey,
      body: { name: 'M', metadata: { ['k'.repeat(41)]: 'v' } },
    });
    expect(longKey.status).toBe(400);
    expect(longKey.body.error.param).toMatch(/^metadata/);
    const longValue = await p.call('POST', '/v1/customers', {
      key: t.adminKey,
      body: { name: 'M', metadata: { k: 'v'.repeat(501) } },
    });
    expect(longValue.status).toBe(400);
    expect(longValue.body.error.param).toBe('metadata[k]');
  });
});

describe('operational endpoints', () => {
  it('serves healthz, readyz, metrics, openapi.json and docs without a key', async () => {
    expect((await p.call('GET', '/healthz')).body).toEqual({ status: 'ok' });
    expect((await p.call('GET', '/readyz')).body).toEqual({ status: 'ok' });
    await p.call('GET', '/v1/accounts', { key: t.adminKey });
    const metrics = await p.call('GET', '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.body).toMatch(
      /fin_http_requests_total\{method="GET",route="\/v1\/accounts",status="200"\} \d+/,
    );
    expect(metrics.body).toMatch(
      /fin_http_request_duration_seconds_bucket\{le="0.005",method="GET",route="\/v1\/accounts",status="200"\}/,
    );
    // The counter is read from the histogram's counts: the two always agree.
    const series = (name: string) =>
      Number(
        new RegExp(
          `^${name}\\{method="GET",route="/v1/accounts",status="200"\\} (\\d+)$`,
          'm',
        ).exec(metrics.body)?.[1],
      );
    expect(series('fin_http_requests_total')).toBeGreaterThanOrEqual(1);
    expect(series('fin_http_requests_total')).toBe(
      series('fin_http_request_duration_seconds_count'),
    );
    const spec = await p.call('GET', '/openapi.json');
    expect(spec.body.openapi).toBe('3.1.0');
    const docs = await p.call('GET', '/docs');
    expect(docs.status).toBe(200);
    expect(docs.headers.get('content-type')).toMatch(/text\/html/);
  });

  it('keeps tenant data out of metrics labels', async () => {
    await p.call('GET', `/v1/customers/cus_01m80azcmdesgse4cfhj7cykzf`, { key: t.adminKey });
    const metrics = await p.call('GET', '/metrics');
    expect(metrics.body).toContain('route="/v1/customers/:id"');
    expect(metrics.body).not.toContain('cus_01m80azcmdesgse4cfhj7cykzf');
    expect(metrics.body).not.toContain(t.id);
  });
});

describe('malformed query strings', () => {
  it('answers a 4xx, not a 500, for a broken percent-encoding', async () => {
    const res = await p.call('GET', '/v1/customers?limit=%E0%A4%A', { key: t.adminKey });
    expect(res.status).toBe(400);
    expect(res.body.error.type).toBe('invalid_request_error');
  });
});
