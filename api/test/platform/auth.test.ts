import { sql } from 'kysely';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { KeyCache } from '../../src/platform/auth/key-cache.js';
import { hashKey } from '../../src/platform/auth/keys.js';
import { MemoryRateLimiter } from '../../src/platform/rate-limit.js';
import { startTestPlatform, type TestPlatform, type TestTenant } from '../support/platform.js';

let p: TestPlatform;
let t: TestTenant;

beforeAll(async () => {
  p = await startTestPlatform();
  t = await p.newTenant();
});
afterAll(() => p.close());

describe('authentication', () => {
  it('answers 401 missing_api_key without an Authorization header', async () => {
    const res = await p.call('GET', '/v1/accounts');
    expect(res.status).toBe(401);
    expect(res.body.error).toMatchObject({ type: 'authentication_error', code: 'missing_api_key' });
  });

  it.each([
    ['a non-bearer scheme', 'Basic abc'],
    ['an unknown prefix', 'Bearer xk_abcdefghijklmnopqrstuvwxyz123456'],
    ['a well-formed but unknown key', 'Bearer sk_abcdefghijklmnopqrstuvwxyz123456'],
    ['an unknown partner key', 'Bearer psk_abcdefghijklmnopqrstuvwxyz123456'],
  ])('answers 401 invalid_api_key for %s', async (_, header) => {
    const res = await p.call('GET', '/v1/accounts', { headers: { authorization: header } });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('invalid_api_key');
  });

  it('never accepts a key in the query string, even with a valid header', async () => {
    const res = await p.call('GET', `/v1/accounts?api_key=${t.adminKey}`, { key: t.adminKey });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('api_key_in_query');
    const alone = await p.call('GET', `/v1/accounts?key=${t.adminKey}`);
    expect(alone.status).toBe(401);
  });

  it('stores keys only as hashes, showing the prefix and last four', async () => {
    const created = await p.call('POST', '/v1/api_keys', {
      key: t.adminKey,
      body: { role: 'viewer', name: 'ro' },
    });
    expect(created.status).toBe(201);
    const secret: string = created.body.secret;
    expect(secret).toMatch(/^sk_[0-9A-Za-z]{32}$/);
    expect(created.body.redacted_key).toBe(`sk_…${secret.slice(-4)}`);
    const listed = await p.call('GET', '/v1/api_keys', { key: t.adminKey });
    const shown = listed.body.data.find((k: { id: string }) => k.id === created.body.id);
    expect(shown.secret).toBeUndefined();
    expect(JSON.stringify(listed.body)).not.toContain(secret);
    const rows = await sql<{
      key_hash: string;
    }>`SELECT key_hash FROM api_keys WHERE id = ${created.body.id}`.execute(p.database.db);
    expect(rows.rows[0]?.key_hash).toBe(hashKey(secret));
    const dump = await sql<{ t: string }>`SELECT row_to_json(k)::text AS t FROM api_keys k`.execute(
      p.database.db,
    );
    expect(dump.rows.map((r) => r.t).join()).not.toContain(secret);
  });

  it('revokes a key with immediate effect', async () => {
    const created = await p.call('POST', '/v1/api_keys', {
      key: t.adminKey,
      body: { role: 'operator' },
    });
    const key = created.body.secret;
    expect((await p.call('GET', '/v1/accounts', { key })).status).toBe(200);
    const revoked = await p.call('DELETE', `/v1/api_keys/${created.body.id}`, { key: t.adminKey });
    expect(revoked.status).toBe(200);
    expect(revoked.body.revoked_at).not.toBeNull();
    const after = await p.call('GET', '/v1/accounts', { key });
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('invalid_api_key');
  });
});

describe('resolved-key cache', () => {
  it('serves repeat requests without a lookup yet refuses a revoked key on every node at once', async () => {
    // A second API node over the same database, with a cache of its own.
    const otherNode = createApp({
      db: p.database.db,
      config: p.config,
      logger: pino({ level: 'silent' }),
      rateLimiter: new MemoryRateLimiter(),
      keyCache: new KeyCache(),
    });
    const created = await p.call('POST', '/v1/api_keys', {
      key: t.adminKey,
      body: { role: 'viewer' },
    });
    const headers = { authorization: `Bearer ${created.body.secret}` };
    expect((await otherNode.request('/v1/customers', { headers })).status).toBe(200);
    expect((await p.call('GET', '/v1/customers', { key: created.body.secret })).status).toBe(200);
    await p.call('DELETE', `/v1/api_keys/${created.body.id}`, { key: t.adminKey });
    const refused = await otherNode.request('/v1/customers', { headers });
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe(
      'invalid_api_key',
    );
  });

  it('expires entries and evicts the oldest beyond its size', () => {
    let now = 0;
    const cache = new KeyCache(2, 1000, () => now);
    const auth = (keyId: string) => ({
      kind: 'tenant' as const,
      keyId,
      partnerId: 'p',
      tenantId: 't',
      role: 'admin' as const,
    });
    cache.set('a', auth('key_a'));
    cache.set('b', auth('key_b'));
    cache.set('c', auth('key_c'));
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('b')?.keyId).toBe('key_b');
    cache.evictKey('key_b');
    expect(cache.get('b')).toBeUndefined();
    now = 1001;
    expect(cache.get('c')).toBeUndefined();
  });
});

describe('roles', () => {
  it('lets a viewer read but not write (403 permission_error)', async () => {
    const viewer = await p.keyWithRole(t, 'viewer');
    expect((await p.call('GET', '/v1/customers', { key: viewer })).status).toBe(200);
    const res = await p.call('POST', '/v1/customers', { key: viewer, body: { name: 'Nope' } });
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({
      type: 'permission_error',
      code: 'insufficient_permissions',
    });
  });

  it('applies the matrix: operators post entries but cannot create accounts or keys', async () => {
    const operator = await p.keyWithRole(t, 'operator');
    expect(
      (await p.call('POST', '/v1/customers', { key: operator, body: { name: 'Ok' } })).status,
    ).toBe(201);
    const account = await p.call('POST', '/v1/accounts', {
      key: operator,
      body: { code: '9999', name: 'x', type: 'asset', currency: 'USD' },
    });
    expect(account.status).toBe(403);
    expect(
      (await p.call('POST', '/v1/api_keys', { key: operator, body: { role: 'admin' } })).status,
    ).toBe(403);
    expect((await p.call('GET', '/v1/audit_logs', { key: operator })).status).toBe(403);
  });

  it('lets a manager create accounts but not keys', async () => {
    const manager = await p.keyWithRole(t, 'manager');
    const account = await p.call('POST', '/v1/accounts', {
      key: manager,
      body: { code: '1999', name: 'Petty cash', type: 'asset', currency: 'USD' },
    });
    expect(account.status).toBe(201);
    expect(
      (await p.call('POST', '/v1/api_keys', { key: manager, body: { role: 'viewer' } })).status,
    ).toBe(403);
  });

  it('refuses tenant keys on partner operations', async () => {
    const res = await p.call('GET', '/v1/tenants', { key: t.adminKey });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('partner_key_required');
  });
});

describe('partner keys and Fin-Tenant', () => {
  it('acts inside an own tenant with Fin-Tenant', async () => {
    const res = await p.call('GET', '/v1/accounts', { key: p.partnerKey, tenant: t.id });
    expect(res.status).toBe(200);
    expect(res.body.data.length).toBeGreaterThan(0);
  });

  it('asks for Fin-Tenant on tenant operations', async () => {
    const res = await p.call('GET', '/v1/accounts', { key: p.partnerKey });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'tenant_required', param: 'Fin-Tenant' });
  });

  it("answers 404 for another partner's tenant and for malformed tenant ids", async () => {
    const otherPartner = await p.newPartner();
    const foreign = await p.newTenant('Foreign', otherPartner);
    const res = await p.call('GET', '/v1/accounts', { key: p.partnerKey, tenant: foreign.id });
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ type: 'not_found_error', param: 'Fin-Tenant' });
    expect((await p.call('GET', `/v1/tenants/${foreign.id}`, { key: p.partnerKey })).status).toBe(
      404,
    );
    expect(
      (await p.call('GET', '/v1/accounts', { key: p.partnerKey, tenant: 'ten_bad' })).status,
    ).toBe(404);
  });

  it('answers 404 when a tenant key names another tenant in Fin-Tenant', async () => {
    const other = await p.newTenant('Other');
    const res = await p.call('GET', '/v1/accounts', { key: t.adminKey, tenant: other.id });
    expect(res.status).toBe(404);
  });

  it('lists and retrieves only its own tenants', async () => {
    const list = await p.call('GET', '/v1/tenants?limit=100', { key: p.partnerKey });
    expect(list.status).toBe(200);
    expect(list.body.data.map((x: { id: string }) => x.id)).toContain(t.id);
    const one = await p.call('GET', `/v1/tenants/${t.id}`, { key: p.partnerKey });
    expect(one.body).toMatchObject({ id: t.id, object: 'tenant' });
  });

  it('seeds a new tenant with a standard chart of accounts and an admin key returned once', async () => {
    const created = await p.call('POST', '/v1/tenants', {
      key: p.partnerKey,
      body: { name: 'Fresh', metadata: { plan: 'pro' } },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      object: 'tenant',
      name: 'Fresh',
      metadata: { plan: 'pro' },
    });
    expect(created.body.api_key).toMatchObject({ object: 'api_key', role: 'admin' });
    const accounts = await p.call('GET', '/v1/accounts?limit=100', {
      key: created.body.api_key.secret,
    });
    const codes = accounts.body.data.map((a: { code: string }) => a.code).sort();
    expect(codes).toEqual(expect.arrayContaining(['1000', '1200', '2200', '3000', '4000', '6000']));
    const again = await p.call('GET', `/v1/tenants/${created.body.id}`, { key: p.partnerKey });
    expect(again.body.api_key).toBeUndefined();
  });
});
