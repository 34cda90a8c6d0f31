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

describe('events', () => {
  it('writes an event for a state change in the same request, readable by id', async () => {
    const created = await p.call('POST', '/v1/customers', {
      key: t.adminKey,
      body: { name: 'Evented' },
    });
    const list = await p.call('GET', '/v1/events?type=customer.created&limit=1', {
      key: t.adminKey,
    });
    const [event] = list.body.data;
    expect(event).toMatchObject({
      object: 'event',
      type: 'customer.created',
      request_id: created.headers.get('request-id'),
      data: { object: created.body },
    });
    expect(event.id).toMatch(/^evt_/);
    const one = await p.call('GET', `/v1/events/${event.id}`, { key: t.adminKey });
    expect(one.body).toEqual(event);
  });

  it('numbers events per tenant without gaps', async () => {
    for (let i = 0; i < 5; i++)
      await p.call('POST', '/v1/customers', { key: t.adminKey, body: { name: `n${i}` } });
    const all = await p.call('GET', '/v1/events?limit=100', { key: t.adminKey });
    const seqs = all.body.data
      .map((e: { sequence: number }) => e.sequence)
      .sort((x: number, y: number) => x - y);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
  });

  it('writes no event when the request fails', async () => {
    const before = await p.call('GET', '/v1/events?limit=100', { key: t.adminKey });
    await p.call('POST', '/v1/journal_entries', {
      key: t.adminKey,
      body: {
        date: '2026-01-01',
        lines: [
          { account_id: 'acct_x', direction: 'debit', amount: 1 },
          { account_id: 'acct_y', direction: 'credit', amount: 1 },
        ],
      },
    });
    const after = await p.call('GET', '/v1/events?limit=100', { key: t.adminKey });
    expect(after.body.data.length).toBe(before.body.data.length);
  });
});

describe('audit log', () => {
  it('records actor, action, object and request id for every write', async () => {
    const manager = await p.keyWithRole(t, 'manager');
    const keys = await p.call('GET', '/v1/api_keys?limit=1', { key: t.adminKey });
    const managerKeyId = keys.body.data[0].id;
    const res = await p.call('POST', '/v1/accounts', {
      key: manager,
      body: { code: '1300', name: 'Prepaid', type: 'asset', currency: 'USD' },
    });
    const logs = await p.call('GET', `/v1/audit_logs?object_id=${res.body.id}`, {
      key: t.adminKey,
    });
    expect(logs.body.data).toHaveLength(1);
    expect(logs.body.data[0]).toMatchObject({
      object: 'audit_log',
      actor: { type: 'api_key', id: managerKeyId },
      action: 'account.create',
      object_type: 'account',
      object_id: res.body.id,
      request_id: res.headers.get('request-id'),
    });
  });

  it('verifies an intact chain', async () => {
    const res = await p.call('GET', '/v1/audit_logs/verify', { key: t.adminKey });
    expect(res.body).toMatchObject({
      object: 'audit_log_verification',
      valid: true,
      first_broken: null,
    });
    expect(res.body.checked).toBe(res.body.head_seq);
    expect(res.body.checked).toBeGreaterThan(3);
  });

  it('reports an altered row as the first broken link', async () => {
    const victim = await p.newTenant('Tampered');
    for (let i = 0; i < 4; i++)
      await p.call('POST', '/v1/customers', { key: victim.adminKey, body: { name: `c${i}` } });
    await sql`UPDATE audit_logs SET action = 'customer.delete' WHERE tenant_id = ${victim.id} AND seq = 3`.execute(
      p.database.db,
    );
    const res = await p.call('GET', '/v1/audit_logs/verify', { key: victim.adminKey });
    expect(res.body.valid).toBe(false);
    expect(res.body.first_broken).toMatchObject({ seq: 3, reason: 'hash_mismatch' });
  });

  it('reports a removed row, in the middle or at the end', async () => {
    const victim = await p.newTenant('Deleted');
    for (let i = 0; i < 4; i++)
      await p.call('POST', '/v1/customers', { key: victim.adminKey, body: { name: `c${i}` } });
    await sql`DELETE FROM audit_logs WHERE tenant_id = ${victim.id} AND seq = 2`.execute(
      p.database.db,
    );
    const middle = await p.call('GET', '/v1/audit_logs/verify', { key: victim.adminKey });
    expect(middle.body.first_broken).toMatchObject({ seq: 2, reason: 'missing_entry' });

    const tail = await p.newTenant('Truncated');
    for (let i = 0; i < 3; i++)
      await p.call('POST', '/v1/customers', { key: tail.adminKey, body: { name: `c${i}` } });
    const head = await p.call('GET', '/v1/audit_logs/verify', { key: tail.adminKey });
    await sql`DELETE FROM audit_logs WHERE tenant_id = ${tail.id} AND seq = ${head.body.head_seq}`.execute(
      p.database.db,
    );
    const res = await p.call('GET', '/v1/audit_logs/verify', { key: tail.adminKey });
    expect(res.body.valid).toBe(false);
    expect(res.body.first_broken).toMatchObject({
      seq: head.body.head_seq,
      reason: 'missing_entry',
    });
  });

  it('reports a rewritten row whose hash was recomputed by the forger', async () => {
    const victim = await p.newTenant('Forged');
    for (let i = 0; i < 3; i++)
      await p.call('POST', '/v1/customers', { key: victim.adminKey, body: { name: `c${i}` } });
    // A forger who rewrites row 2 and its hash still breaks row 3's link.
    await sql`UPDATE audit_logs SET object_id = 'cus_forged', hash = repeat('a', 64) WHERE tenant_id = ${victim.id} AND seq = 2`.execute(
      p.database.db,
    );
    const res = await p.call('GET', '/v1/audit_logs/verify', { key: victim.adminKey });
    expect(res.body.first_broken).toMatchObject({ seq: 2, reason: 'hash_mismatch' });
  });
});
