import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DISPATCHER_ROLE } from '../../src/platform/db/migrations/2026112205_webhooks.js';
import { SEALER_ROLE } from '../../src/platform/db/migrations/2026120501_sealed_sequencing.js';
import { APP_ROLE } from '../../src/platform/db/migrations/rls.js';

/** Tables whose rows the webhook dispatcher may see across tenants. */
const dispatcherTables = ['webhook_deliveries', 'webhook_endpoints', 'events'];
/** Tables the sealer's sweep reads across tenants (to find what is left to seal). */
const sealerTables = ['pending_events', 'pending_audit_logs'];

import { actAs } from '../../src/platform/tx.js';
import { startTestPlatform, type TestPlatform, type TestTenant } from '../support/platform.js';

let p: TestPlatform;
let a: TestTenant;
let b: TestTenant;

beforeAll(async () => {
  p = await startTestPlatform();
  a = await p.newTenant('A');
  b = await p.newTenant('B');
  for (const t of [a, b]) {
    await p.call('POST', '/v1/customers', {
      key: t.adminKey,
      body: { name: `customer of ${t.id}` },
    });
  }
});
afterAll(() => p.close());

describe('the catalog', () => {
  it('has an app role that is not superuser, cannot bypass RLS and owns nothing', async () => {
    const role = await sql<{ rolsuper: boolean; rolbypassrls: boolean; rolcanlogin: boolean }>`
      SELECT rolsuper, rolbypassrls, rolcanlogin FROM pg_roles WHERE rolname = ${APP_ROLE}`.execute(
      p.database.db,
    );
    expect(role.rows).toEqual([{ rolsuper: false, rolbypassrls: false, rolcanlogin: false }]);
    const owned = await sql<{ relname: string }>`
      SELECT c.relname FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner
      WHERE r.rolname = ${APP_ROLE}`.execute(p.database.db);
    expect(owned.rows).toEqual([]);
  });

  it.each([
    ['dispatcher', DISPATCHER_ROLE],
    ['sealer', SEALER_ROLE],
  ])('has a %s role that is not superuser, cannot bypass RLS and owns nothing', async (_, name) => {
    const role = await sql<{ rolsuper: boolean; rolbypassrls: boolean; rolcanlogin: boolean }>`
      SELECT rolsuper, rolbypassrls, rolcanlogin FROM pg_roles WHERE rolname = ${name}`.execute(
      p.database.db,
    );
    expect(role.rows).toEqual([{ rolsuper: false, rolbypassrls: false, rolcanlogin: false }]);
    const owned = await sql`
      SELECT c.relname FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner
      WHERE r.rolname = ${name}`.execute(p.database.db);
    expect(owned.rows).toEqual([]);
  });

  it('lets the dispatcher change only the lease of a delivery', async () => {
    const grants = await sql<{ column_name: string }>`
      SELECT column_name FROM information_schema.column_privileges
      WHERE grantee = ${DISPATCHER_ROLE} AND table_name = 'webhook_deliveries'
        AND privilege_type = 'UPDATE'`.execute(p.database.db);
    expect(grants.rows.map((r) => r.column_name)).toEqual(['locked_until']);
  });

  it('forces RLS with USING and WITH CHECK policies on every table with tenant_id', async () => {
    const tables = await sql<{
      relname: string;
      relrowsecurity: boolean;
      relforcerowsecurity: boolean;
    }>`
      SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = 'r' AND n.nspname = current_schema()
        AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped)
      ORDER BY c.relname`.execute(p.database.db);
    expect(tables.rows.length).toBeGreaterThanOrEqual(12);
    for (const t of tables.rows) {
      expect(t, t.relname).toMatchObject({ relrowsecurity: true, relforcerowsecurity: true });
      const all = await sql<{
        qual: string | null;
        with_check: string | null;
        cmd: string;
        roles: string[];
      }>`
        SELECT qual, with_check, cmd, roles::text[] AS roles FROM pg_policies
        WHERE tablename = ${t.relname}`.execute(p.database.db);
      // The dispatcher's and the sealer's own policies name only their role (checked below).
      const platformRoles = [DISPATCHER_ROLE, SEALER_ROLE];
      const policies = all.rows.filter((pol) => !platformRoles.some((r) => pol.roles.includes(r)));
      for (const pol of all.rows.filter((x) => x.roles.includes(DISPATCHER_ROLE))) {
        expect(pol.roles, t.relname).toEqual([DISPATCHER_ROLE]);
        expect(dispatcherTables, t.relname).toContain(t.relname);
      }
      for (const pol of all.rows.filter((x) => x.roles.includes(SEALER_ROLE))) {
        expect(pol.roles, t.relname).toEqual([SEALER_ROLE]);
        expect(pol.cmd, t.relname).toBe('SELECT');
        expect(sealerTables, t.relname).toContain(t.relname);
      }
      expect(policies.length, t.relname).toBeGreaterThan(0);
      for (const pol of policies) {
        expect(pol.roles, t.relname).toEqual(['public']);
        expect(pol.cmd, t.relname).toBe('ALL');
        expect(pol.qual, t.relname).toMatch(/tenant_id/);
        expect(pol.with_check, t.relname).toMatch(/tenant_id/);
        expect(pol.qual, t.relname).toMatch(
          /NULLIF\(current_setting\('app\.tenant_id'::text, true\), ''::text\)/,
        );
      }
    }
  });

  it('lets the app role only read the log and append to what is pending; only the sealer appends to the log', async () => {
    const grants = async (role: string, table: string) =>
      (
        await sql<{ privilege_type: string }>`
          SELECT privilege_type FROM information_schema.role_table_grants
          WHERE grantee = ${role} AND table_name = ${table} ORDER BY privilege_type`.execute(
          p.database.db,
        )
      ).rows.map((r) => r.privilege_type);
    expect(await grants(APP_ROLE, 'audit_logs')).toEqual(['SELECT']);
    expect(await grants(APP_ROLE, 'events')).toEqual(['SELECT']);
    expect(await grants(APP_ROLE, 'pending_audit_logs')).toEqual(['INSERT']);
    expect(await grants(APP_ROLE, 'pending_events')).toEqual(['INSERT']);
    expect(await grants(APP_ROLE, 'tenant_heads')).toEqual(['INSERT', 'SELECT']);
    expect(await grants(SEALER_ROLE, 'audit_logs')).toEqual(['INSERT', 'SELECT']);
    expect(await grants(SEALER_ROLE, 'events')).toEqual(['INSERT', 'SELECT']);
    expect(await grants(SEALER_ROLE, 'pending_audit_logs')).toEqual(['DELETE', 'SELECT']);
  });
});

describe('isolation in the database itself', () => {
  it('returns no row of tenant B to a query with no WHERE clause inside tenant A', async () => {
    const seen = await p.database.db.transaction().execute(async (trx) => {
      await actAs(trx, 'ptr_irrelevant', a.id);
      const who = await sql<{ u: string }>`SELECT current_user AS u`.execute(trx);
      const customers = await sql<{ tenant_id: string }>`SELECT tenant_id FROM customers`.execute(
        trx,
      );
      const accounts = await sql<{ tenant_id: string }>`SELECT tenant_id FROM accounts`.execute(
        trx,
      );
      const events = await sql<{ tenant_id: string }>`SELECT tenant_id FROM events`.execute(trx);
      return { who: who.rows[0]?.u, rows: [...customers.rows, ...accounts.rows, ...events.rows] };
    });
    expect(seen.who).toBe(APP_ROLE);
    expect(seen.rows.length).toBeGreaterThan(0);
    expect(new Set(seen.rows.map((r) => r.tenant_id))).toEqual(new Set([a.id]));
  });

  it('refuses to write a row into another tenant (WITH CHECK)', async () => {
    await expect(
      p.database.db.transaction().execute(async (trx) => {
        await actAs(trx, 'ptr_irrelevant', a.id);
        await sql`INSERT INTO customers (id, tenant_id, name) VALUES ('cus_smuggled', ${b.id}, 'x')`.execute(
          trx,
        );
      }),
    ).rejects.toThrow(/row-level security/);
  });

  it('sees nothing when no tenant is set on a reused connection', async () => {
    const rows = await p.database.db.transaction().execute(async (trx) => {
      await sql`SELECT set_config('role', ${APP_ROLE}, true)`.execute(trx);
      return (await sql`SELECT * FROM customers`.execute(trx)).rows;
    });
    expect(rows).toEqual([]);
  });

  it('stops the app role from updating or deleting audit rows', async () => {
    await expect(
      p.database.db.transaction().execute(async (trx) => {
        await actAs(trx, 'ptr_irrelevant', a.id);
        await sql`UPDATE audit_logs SET action = 'forged'`.execute(trx);
      }),
    ).rejects.toThrow(/permission denied/);
    await expect(
      p.database.db.transaction().execute(async (trx) => {
        await actAs(trx, 'ptr_irrelevant', a.id);
        await sql`DELETE FROM audit_logs`.execute(trx);
      }),
    ).rejects.toThrow(/permission denied/);
  });
});
