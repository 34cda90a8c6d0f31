import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform, type TestTenant } from '../support/platform.js';

let p: TestPlatform;
let t: TestTenant;

beforeAll(async () => {
  p = await startTestPlatform();
  t = await p.newTenant();
});
afterAll(() => p.close());

const countCustomers = async (name: string) =>
  Number(
    (
      await sql<{ n: string }>`SELECT count(*) AS n FROM customers WHERE name = ${name}`.execute(
        p.database.db,
      )
    ).rows[0]?.n,
  );

describe('Idempotency-Key', () => {
  it('replays the stored status and body with Idempotent-Replayed: true', async () => {
    const headers = { 'idempotency-key': 'replay-1' };
    const first = await p.call('POST', '/v1/customers', {
      key: t.adminKey,
      headers,
      body: { name: 'Replay' },
    });
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const second = await p.call('POST', '/v1/customers', {
      key: t.adminKey,
      headers,
      body: { name: 'Replay' },
    });
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.body).toEqual(first.body);
    expect(await countCustomers('Replay')).toBe(1);
  });

  it('treats the same JSON with other key order as the same body', async () => {
    const headers = { 'idempotency-key': 'order-1' };
    const body = { name: 'Order', email: 'o@example.com' };
    await p.call('POST', '/v1/customers', { key: t.adminKey, headers, body });
    const again = await p.call('POST', '/v1/customers', {
      key: t.adminKey,
      rawBody: '{"email":"o@example.com","name":"Order"}',
      headers: { ...headers, 'content-type': 'application/json' },
    });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
  });

  it('answers 409 idempotency_error when the key is reused with another body', async () => {
    const headers = { 'idempotency-key': 'mismatch-1' };
    await p.call('POST', '/v1/customers', { key: t.adminKey, headers, body: { name: 'First' } });
    const res = await p.call('POST', '/v1/customers', {
      key: t.adminKey,
      headers,
      body: { name: 'Second' },
    });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({
      type: 'idempotency_error',
      code: 'idempotency_key_reused',
    });
    expect(await countCustomers('Second')).toBe(0);
  });

  it('creates exactly one object from 50 concurrent requests with one key', async () => {
    const headers = { 'idempotency-key': 'concurrent-1' };
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        p.call('POST', '/v1/customers', { key: t.adminKey, headers, body: { name: 'Concurrent' } }),
      ),
    );
    expect(await countCustomers('Concurrent')).toBe(1);
    const created = results.filter((r) => r.status === 201);
    const inFlight = results.filter((r) => r.status === 409);
    expect(created.length + inFlight.length).toBe(50);
    expect(created.length).toBeGreaterThanOrEqual(1);
    for (const r of inFlight) expect(r.body.error.code).toBe('idempotency_key_in_use');
    const ids = new Set(created.map((r) => r.body.id));
    expect(ids.size).toBe(1);
  });

  it('scopes keys per tenant', async () => {
    const other = await p.newTenant('Other');
    const headers = { 'idempotency-key': 'shared-key' };
    const a = await p.call('POST', '/v1/customers', {
      key: t.adminKey,
      headers,
      body: { name: 'Scoped' },
    });
    const b = await p.call('POST', '/v1/customers', {
      key: other.adminKey,
      headers,
      body: { name: 'Scoped' },
    });
    expect(b.status).toBe(201);
    expect(b.headers.get('idempotent-replayed')).toBeNull();
    expect(b.body.id).not.toBe(a.body.id);
  });

  it("never replays one key's response to another key of the tenant", async () => {
    const viewer = await p.keyWithRole(t, 'viewer');
    const headers = { 'idempotency-key': 'admin-only-1' };
    const created = await p.call('POST', '/v1/api_keys', {
      key: t.adminKey,
      headers,
      body: { role: 'viewer' },
    });
    expect(created.status).toBe(201);
    const replay = await p.call('POST', '/v1/api_keys', {
      key: viewer,
      headers,
      body: { role: 'viewer' },
    });
    expect(replay.status).toBe(403);
    expect(JSON.stringify(replay.body)).not.toContain(created.body.secret);
  });

  it('replays an error the operation itself returned', async () => {
    const headers = { 'idempotency-key': 'error-1' };
    const body = {
      customer_id: 'cus_01m80azcmdesgse4cfhj7cykzf',
      currency: 'USD',
      lines: [{ description: 'x', quantity: 1, unit_amount: 1 }],
    };
    const first = await p.call('POST', '/v1/invoices', { key: t.adminKey, headers, body });
    expect(first.status).toBe(400);
    expect(first.body.error.code).toBe('customer_not_found');
    const second = await p.call('POST', '/v1/invoices', { key: t.adminKey, headers, body });
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.body).toEqual(first.body);
  });

  it('does not keep validation or permission failures, so a corrected retry runs', async () => {
    const headers = { 'idempotency-key': 'validation-1' };
    const bad = await p.call('POST', '/v1/customers', {
      key: t.adminKey,
      headers,
      body: { name: '' },
    });
    expect(bad.status).toBe(400);
    const rows = await sql`SELECT 1 FROM idempotency_keys WHERE key = 'validation-1'`.execute(
      p.database.db,
    );
    expect(rows.rows).toEqual([]);
    const viewer = await p.keyWithRole(t, 'viewer');
    const denied = await p.call('POST', '/v1/customers', {
      key: viewer,
      headers: { 'idempotency-key': 'perm-1' },
      body: { name: 'V' },
    });
    expect(denied.status).toBe(403);
    const retried = await p.call('POST', '/v1/customers', {
      key: t.adminKey,
      headers: { 'idempotency-key': 'perm-1' },
      body: { name: 'V' },
    });
    expect(retried.status).toBe(201);
  });

  it('stores keys for 24 hours: an expired key runs the request again', async () => {
    const headers = { 'idempotency-key': 'expiry-1' };
    const first = await p.call('POST', '/v1/customers', {
      key: t.adminKey,
      headers,
      body: { name: 'Expiry' },
    });
    await sql`UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = 'expiry-1'`.execute(
      p.database.db,
    );
    const second = await p.call('POST', '/v1/customers', {
      key: t.adminKey,
      headers,
      body: { name: 'Expiry' },
    });
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBeNull();
    expect(second.body.id).not.toBe(first.body.id);
  });

  it('takes over a claim abandoned in flight by a crashed process', async () => {
    await sql`INSERT INTO idempotency_keys (partner_id, tenant_id, scope, key, request_hash, state, locked_at)
              SELECT t.partner_id, t.id, t.id || '/' || k.id, 'abandoned-1', 'x', 'in_flight', now() - interval '5 minutes'
              FROM tenants t JOIN api_keys k ON k.tenant_id = t.id
              WHERE t.id = ${t.id} AND k.name = 'Default admin key'`.execute(p.database.db);
    const res = await p.call('POST', '/v1/customers', {
      key: t.adminKey,
      headers: { 'idempotency-key': 'abandoned-1' },
      body: { name: 'Taken over' },
    });
    expect(res.status).toBe(201);
  });

  it('refuses an over-long key', async () => {
    const res = await p.call('POST', '/v1/customers', {
      key: t.adminKey,
      headers: { 'idempotency-key': 'k'.repeat(256) },
      body: { name: 'x' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.param).toBe('Idempotency-Key');
  });
});

describe('Idempotency-Key on an operation that finds nothing', () => {
  it('replays the 404, not an empty success', async () => {
    const headers = { 'idempotency-key': 'missing-1' };
    const first = await p.call('POST', '/v1/invoices/inv_01m80azcmdesgse4cfhj7cykzf/finalize', {
      key: t.adminKey,
      headers,
    });
    expect(first.status).toBe(404);
    const second = await p.call('POST', '/v1/invoices/inv_01m80azcmdesgse4cfhj7cykzf/finalize', {
      key: t.adminKey,
      headers,
    });
    expect(second.status).toBe(404);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.body).toEqual(first.body);
  });
});
