import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform, type TestTenant } from '../support/platform.js';

let p: TestPlatform;
let t: TestTenant;
let other: TestTenant;
let otherCustomer: string;

beforeAll(async () => {
  p = await startTestPlatform();
  t = await p.newTenant('Embedder');
  other = await p.newTenant('Someone else');
  const c = await p.call('POST', '/v1/customers', {
    key: other.adminKey,
    body: { name: 'Theirs' },
  });
  otherCustomer = c.body.id;
});
afterAll(() => p.close());

async function mint(body: Record<string, unknown>, key = t.adminKey, tenant?: string) {
  const res = await p.call('POST', '/v1/embed_tokens', {
    key,
    body,
    ...(tenant ? { tenant } : {}),
  });
  if (res.status !== 201) throw new Error(`mint failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { token: string; id: string; expires_at: string; scopes: string[] };
}

const withOrigin = (origin: string) => ({ headers: { origin } });

describe('minting', () => {
  it('mints an ek_ token that expires within the requested time', async () => {
    const before = Date.now();
    const res = await p.call('POST', '/v1/embed_tokens', {
      key: t.adminKey,
      body: { scopes: ['invoices:read'], ttl_seconds: 300, subject: 'user_42' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      object: 'embed_token',
      scopes: ['invoices:read'],
      subject: 'user_42',
      allowed_origins: [],
    });
    expect(res.body.token).toMatch(/^ek_[0-9A-Za-z]{24,64}$/);
    expect(res.body.id).toMatch(/^etok_/);
    const expires = Date.parse(res.body.expires_at);
    expect(expires - before).toBeGreaterThan(299_000);
    expect(expires - before).toBeLessThan(301_000 + 5_000);
  });

  it('defaults to 10 minutes and refuses more than 15', async () => {
    const token = await mint({ scopes: ['invoices:read'] });
    expect(Date.parse(token.expires_at) - Date.now()).toBeGreaterThan(590_000);
    const res = await p.call('POST', '/v1/embed_tokens', {
      key: t.adminKey,
      body: { scopes: ['invoices:read'], ttl_seconds: 901 },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.param).toBe('ttl_seconds');
  });

  it('refuses scopes that could mint keys, tokens or endpoints', async () => {
    for (const scope of [
      'api_keys:write',
      'embed_tokens:write',
      'webhook_endpoints:write',
      'tenants:read',
      'nonsense',
    ]) {
      const res = await p.call('POST', '/v1/embed_tokens', {
        key: t.adminKey,
        body: { scopes: ['invoices:read', scope] },
      });
      expect(res.status, scope).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'scope_not_embeddable', param: 'scopes[1]' });
    }
  });

  it('never grants more than the minting key may do', async () => {
    const viewer = await p.keyWithRole(t, 'viewer');
    const res = await p.call('POST', '/v1/embed_tokens', {
      key: viewer,
      body: { scopes: ['invoices:read', 'invoices:write'] },
    });
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ code: 'scope_exceeds_key', param: 'scopes[1]' });
    await mint({ scopes: ['invoices:read'] }, viewer);
  });

  it('refuses an allowed origin with a path', async () => {
    const res = await p.call('POST', '/v1/embed_tokens', {
      key: t.adminKey,
      body: { scopes: ['invoices:read'], allowed_origins: ['https://app.example.com/page'] },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.param).toBe('allowed_origins[0]');
  });

  it('lets a partner key mint inside one of its tenants', async () => {
    const token = await mint({ scopes: ['customers:read'] }, t.partnerKey, t.id);
    const res = await p.call('GET', '/v1/customers', { key: token.token });
    expect(res.status).toBe(200);
  });

  it('records an embed_token.created event without the token', async () => {
    const token = await mint({ scopes: ['events:read'] });
    const events = await p.call('GET', '/v1/events?type=embed_token.created&limit=100', {
      key: t.adminKey,
    });
    const event = events.body.data.find(
      (e: { data: { object: { id: string } } }) => e.data.object.id === token.id,
    );
    expect(event).toBeDefined();
    expect(JSON.stringify(event)).not.toContain(token.token);
  });
});

describe('scope enforcement', () => {
  it('reads what the scopes allow and nothing else', async () => {
    const { token } = await mint({ scopes: ['invoices:read'] });
    expect((await p.call('GET', '/v1/invoices', { key: token })).status).toBe(200);
    const customers = await p.call('GET', '/v1/customers', { key: token });
    expect(customers.status).toBe(403);
    expect(customers.body.error.type).toBe('permission_error');
  });

  it('cannot write with a read scope, and a write scope implies read', async () => {
    const reader = await mint({ scopes: ['customers:read'] });
    const refused = await p.call('POST', '/v1/customers', {
      key: reader.token,
      body: { name: 'No' },
    });
    expect(refused.status).toBe(403);
    const writer = await mint({ scopes: ['customers:write'] });
    const created = await p.call('POST', '/v1/customers', {
      key: writer.token,
      body: { name: 'Yes' },
    });
    expect(created.status).toBe(201);
    expect(
      (await p.call('GET', `/v1/customers/${created.body.id}`, { key: writer.token })).status,
    ).toBe(200);
    const log = await p.call('GET', '/v1/audit_logs?limit=1', { key: t.adminKey });
    expect(log.body.data[0].actor).toEqual({ type: 'embed_token', id: writer.id });
  });

  it('cannot mint tokens, keys or webhook endpoints whatever its scopes', async () => {
    const { token } = await mint({ scopes: embeddableWrites() });
    const attempts: Array<[string, unknown]> = [
      ['/v1/embed_tokens', { scopes: ['invoices:read'] }],
      ['/v1/api_keys', { role: 'viewer' }],
      ['/v1/webhook_endpoints', { url: 'https://example.com/hook', enabled_events: ['*'] }],
    ];
    for (const [path, body] of attempts) {
      const res = await p.call('POST', path, { key: token, body });
      expect(res.status, path).toBe(403);
    }
    expect((await p.call('POST', '/v1/tenants', { key: token, body: { name: 'x' } })).status).toBe(
      403,
    );
  });

  it('answers 401 token_expired once it has expired', async () => {
    const { token } = await mint({ scopes: ['invoices:read'], ttl_seconds: 1 });
    expect((await p.call('GET', '/v1/invoices', { key: token })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1_100));
    const res = await p.call('GET', '/v1/invoices', { key: token });
    expect(res.status).toBe(401);
    expect(res.body.error).toMatchObject({ type: 'authentication_error', code: 'token_expired' });
  });

  it('stops working when the minting key is revoked', async () => {
    const admin2 = await p.call('POST', '/v1/api_keys', {
      key: t.adminKey,
      body: { role: 'admin' },
    });
    const { token } = await mint({ scopes: ['invoices:read'] }, admin2.body.secret);
    expect((await p.call('GET', '/v1/invoices', { key: token })).status).toBe(200);
    await p.call('DELETE', `/v1/api_keys/${admin2.body.id}`, { key: t.adminKey });
    expect((await p.call('GET', '/v1/invoices', { key: token })).status).toBe(401);
  });
});

describe('tenant isolation', () => {
  it("answers 404 for another tenant's object and never lists it", async () => {
    const { token } = await mint({ scopes: ['customers:read'] });
    expect((await p.call('GET', `/v1/customers/${otherCustomer}`, { key: token })).status).toBe(
      404,
    );
    const list = await p.call('GET', '/v1/customers?limit=100', { key: token });
    expect(list.body.data.map((c: { id: string }) => c.id)).not.toContain(otherCustomer);
    const switched = await p.call('GET', '/v1/customers', { key: token, tenant: other.id });
    expect(switched.status).toBe(404);
  });
});

describe('browsers (CORS and origins)', () => {
  it('answers a preflight for any origin', async () => {
    const res = await p.call('OPTIONS', '/v1/invoices', {
      headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(res.headers.get('access-control-allow-headers')).toContain('authorization');
  });

  it('accepts a token from an allowed origin and says so in CORS headers', async () => {
    const { token } = await mint({
      scopes: ['invoices:read'],
      allowed_origins: ['https://app.example.com'],
    });
    const res = await p.call('GET', '/v1/invoices', {
      key: token,
      ...withOrigin('https://app.example.com'),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(res.headers.get('access-control-expose-headers')).toContain('request-id');
  });

  it('refuses a token from another origin, readable by the page', async () => {
    const { token } = await mint({
      scopes: ['invoices:read'],
      allowed_origins: ['https://app.example.com'],
    });
    const res = await p.call('GET', '/v1/invoices', {
      key: token,
      ...withOrigin('https://evil.example'),
    });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('origin_not_allowed');
    expect(res.headers.get('access-control-allow-origin')).toBe('https://evil.example');
  });

  it('accepts any origin when none were given', async () => {
    const { token } = await mint({ scopes: ['invoices:read'] });
    const res = await p.call('GET', '/v1/invoices', {
      key: token,
      ...withOrigin('http://localhost:5173'),
    });
    expect(res.status).toBe(200);
  });

  it('refuses a secret key sent from a browser, explaining why', async () => {
    const res = await p.call('GET', '/v1/invoices', {
      key: t.adminKey,
      ...withOrigin('https://app.example.com'),
    });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('secret_key_in_browser');
    expect(res.body.error.message).toContain('server');
    expect((await p.call('GET', '/v1/invoices', { key: t.adminKey })).status).toBe(200);
  });
});

function embeddableWrites(): string[] {
  return [
    'accounts',
    'journal_entries',
    'reports',
    'customers',
    'invoices',
    'events',
    'calculations',
  ].map((r) => `${r}:write`);
}
