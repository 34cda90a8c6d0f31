import { sql } from 'kysely';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onEventsSealed } from '../../src/platform/events/outbox-signal.js';
import { listenForSeals } from '../../src/platform/events/sealed-listener.js';
import { sealerFor } from '../../src/platform/events/sealer.js';
import { actAs, asAppRole, flushEffects, newTenantTx } from '../../src/platform/tx.js';
import { testDbKind } from '../support/database.js';
import { startTestPlatform, type TestPlatform, type TestTenant } from '../support/platform.js';

let p: TestPlatform;
let t: TestTenant;

beforeAll(async () => {
  p = await startTestPlatform({ FIN_WEBHOOK_ALLOW_PRIVATE: true });
  t = await p.newTenant();
});
afterAll(() => p.close());

const sequences = async (tenant: TestTenant) => {
  const all = await p.call('GET', '/v1/events?limit=100', { key: tenant.adminKey });
  return all.body.data
    .map((e: { sequence: number }) => e.sequence)
    .sort((x: number, y: number) => x - y);
};

const pendingCount = async () => {
  const r = await sql<{ n: string }>`
    SELECT (SELECT count(*) FROM pending_events) + (SELECT count(*) FROM pending_audit_logs) AS n`.execute(
    p.database.db,
  );
  return Number(r.rows[0]?.n);
};

/** What a process that died between its COMMIT and its seal leaves behind. */
function recordWithoutSealing(tenant: TestTenant, names: string[]) {
  return record(tenant, names, names);
}

/** Records events (customers named `events`) and audit entries (on objects `audits`) in
 * one statement, committed and not sealed. */
async function record(tenant: TestTenant, events: string[], audits: string[]) {
  const partner = await sql<{ partner_id: string }>`
    SELECT partner_id FROM tenants WHERE id = ${tenant.id}`.execute(p.database.db);
  const partnerId = partner.rows[0]?.partner_id ?? '';
  const scope = {
    auth: {
      kind: 'tenant' as const,
      keyId: 'key_crashed',
      partnerId,
      tenantId: tenant.id,
      role: 'admin' as const,
    },
    requestId: 'req_crashed',
  };
  // Recorded through the app's own statement, committed, and deliberately not sealed: the
  // statement is sent on a connection of our own, outside asAppRole's seal-after-commit.
  await p.database.db.connection().execute(async (conn) => {
    await sql`BEGIN`.execute(conn);
    await actAs(conn, partnerId, tenant.id);
    const tx = newTenantTx(conn, scope, tenant.id);
    for (const name of events) tx.events.push({ type: 'customer.created', object: { name } });
    for (const name of audits) {
      tx.audits.push({ action: 'customer.create', objectType: 'customer', objectId: name });
    }
    await flushEffects(tx);
    await sql`COMMIT`.execute(conn);
  });
}

describe('sealing events after commit', () => {
  it('answers a write with its event already sequenced and its audit entry chained', async () => {
    const created = await p.call('POST', '/v1/customers', {
      key: t.adminKey,
      body: { name: 'Sealed' },
    });
    expect(created.status).toBe(201);
    expect(await pendingCount()).toBe(0);
    const events = await p.call('GET', '/v1/events?type=customer.created&limit=1', {
      key: t.adminKey,
    });
    expect(events.body.data[0].data.object.id).toBe(created.body.id);
    expect(events.body.data[0].sequence).toBeGreaterThan(0);
    const verify = await p.call('GET', '/v1/audit_logs/verify', { key: t.adminKey });
    expect(verify.body).toMatchObject({ valid: true });
  });

  it('numbers 60 concurrent writes of one tenant without gaps or repeats, and keeps the chain intact', async () => {
    const other = await p.newTenant('Concurrent');
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        p.call('POST', '/v1/customers', { key: other.adminKey, body: { name: `c${i}` } }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(60).fill(201));
    const seqs = await sequences(other);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    // tenant.created, api_key.created and the 60 customers.
    expect(seqs.length).toBe(62);
    const verify = await p.call('GET', '/v1/audit_logs/verify', { key: other.adminKey });
    expect(verify.body).toMatchObject({ valid: true, checked: verify.body.head_seq });
    expect(verify.body.head_seq).toBeGreaterThanOrEqual(62);
  });

  it('seals what a crashed process recorded but never sealed, at the next sweep, after what was sealed', async () => {
    const crashed = await p.newTenant('Crashed');
    const before = await sequences(crashed);
    await recordWithoutSealing(crashed, ['lost-1', 'lost-2']);
    expect(await pendingCount()).toBe(4);
    // Not visible yet: an event without its sequence is not part of the log.
    expect(await sequences(crashed)).toEqual(before);

    await sealerFor(p.database.db).sweep();
    expect(await pendingCount()).toBe(0);
    const after = await p.call('GET', '/v1/events?limit=100', { key: crashed.adminKey });
    const names = after.body.data
      .filter((e: { data: { object: { name?: string } } }) =>
        e.data.object.name?.startsWith('lost'),
      )
      .sort((x: { sequence: number }, y: { sequence: number }) => x.sequence - y.sequence)
      .map((e: { sequence: number; data: { object: { name: string } } }) => [
        e.sequence,
        e.data.object.name,
      ]);
    expect(names).toEqual([
      [before.length + 1, 'lost-1'],
      [before.length + 2, 'lost-2'],
    ]);
    const verify = await p.call('GET', '/v1/audit_logs/verify', { key: crashed.adminKey });
    expect(verify.body).toMatchObject({ valid: true });
  });

  it('records events alone, audit entries alone and several of each, in the order given', async () => {
    const mixed = await p.newTenant('Record shapes');
    const before = await sequences(mixed);
    await record(mixed, ['e1'], []);
    await record(mixed, [], ['a1']);
    await record(mixed, ['e2', 'e3', 'e4'], ['a2', 'a3']);
    await sealerFor(p.database.db).sweep();
    const events = await p.call('GET', '/v1/events?limit=100', { key: mixed.adminKey });
    const named = events.body.data
      .filter((e: { data: { object: { name?: string } } }) =>
        /^e\d$/.test(e.data.object.name ?? ''),
      )
      .sort((x: { sequence: number }, y: { sequence: number }) => x.sequence - y.sequence)
      .map((e: { sequence: number; data: { object: { name: string } } }) => [
        e.sequence - before.length,
        e.data.object.name,
      ]);
    expect(named).toEqual([
      [1, 'e1'],
      [2, 'e2'],
      [3, 'e3'],
      [4, 'e4'],
    ]);
    const audits = await p.call('GET', '/v1/audit_logs?limit=100', { key: mixed.adminKey });
    const objects = audits.body.data
      .filter((a: { action: string }) => a.action === 'customer.create')
      .map((a: { object_id: string }) => a.object_id)
      .reverse();
    expect(objects).toEqual(['a1', 'a2', 'a3']);
    const verify = await p.call('GET', '/v1/audit_logs/verify', { key: mixed.adminKey });
    expect(verify.body).toMatchObject({ valid: true });
  });

  it('tells the dispatcher of a seal only when it queued deliveries, and event streams of every seal', async () => {
    const quiet = await p.newTenant('Without endpoints');
    const hooked = await p.newTenant('With an endpoint');
    const endpoint = await p.call('POST', '/v1/webhook_endpoints', {
      key: hooked.adminKey,
      body: { url: 'http://127.0.0.1:9/hook', enabled_events: ['customer.created'] },
    });
    expect(endpoint.status).toBe(201);
    const heard: Array<[string, boolean]> = [];
    const off = onEventsSealed((tenant, deliveries) => heard.push([tenant, deliveries]));
    try {
      for (const tenant of [quiet, hooked]) {
        await p.call('POST', '/v1/customers', { key: tenant.adminKey, body: { name: 'signal' } });
      }
    } finally {
      off();
    }
    expect(heard).toEqual([
      [quiet.id, false],
      [hooked.id, true],
    ]);
  });

  it('seals on its own timer once started, and stops cleanly', async () => {
    const crashed = await p.newTenant('Swept');
    await recordWithoutSealing(crashed, ['swept']);
    const sealer = sealerFor(p.database.db);
    sealer.start(pino({ level: 'silent' }), 20);
    try {
      for (let i = 0; i < 100 && (await pendingCount()) > 0; i++)
        await new Promise((r) => setTimeout(r, 20));
      expect(await pendingCount()).toBe(0);
    } finally {
      await sealer.stop();
    }
  });

  it.runIf(testDbKind() === 'postgres')(
    'tells listeners on the server of every seal with events, by tenant (PostgreSQL only: PGlite is one process)',
    async () => {
      const url = p.database.url;
      if (!url) throw new Error('no database url');
      const heard: string[] = [];
      const listener = listenForSeals(url, pino({ level: 'silent' }), (tenant) =>
        heard.push(tenant),
      );
      try {
        // The listener connects in the background; a seal before it listens is not heard.
        for (let i = 0; i < 100 && !heard.includes(t.id); i++) {
          await p.call('POST', '/v1/customers', { key: t.adminKey, body: { name: `heard ${i}` } });
          await new Promise((r) => setTimeout(r, 20));
        }
        expect(heard).toContain(t.id);
        expect(new Set(heard)).toEqual(new Set([t.id]));
      } finally {
        await listener.close();
      }
    },
  );

  it('refuses the app role any write to the sequenced log or the head', async () => {
    for (const statement of [
      sql`INSERT INTO events (id, tenant_id, sequence, type, data, created_at)
          VALUES ('evt_forged', ${t.id}, 999, 'customer.created', '{}', now())`,
      sql`INSERT INTO audit_logs (id, tenant_id, seq, actor_type, actor_id, action, object_type, object_id, request_id, created_at, hash)
          VALUES ('aud_forged', ${t.id}, 999, 'api_key', 'k', 'a', 'o', 'o', 'r', now(), 'h')`,
      sql`UPDATE tenant_heads SET event_seq = 0 WHERE tenant_id = ${t.id}`,
    ]) {
      const attempt = asAppRole(p.database.db, { partnerId: 'ptr_x', tenantId: t.id }, (trx) =>
        statement.execute(trx),
      );
      await expect(attempt).rejects.toThrow(/permission denied/);
    }
  });
});
