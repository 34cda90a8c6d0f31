import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '../src/openapi-document.js';
import {
  accountsByCode,
  startTestPlatform,
  type TestPlatform,
  type TestTenant,
} from './support/platform.js';

let p: TestPlatform;
let a: TestTenant;
let b: TestTenant;
/** One object of tenant A per resource path segment. */
const objectsOfA: Record<string, string> = {};

const bodies: Record<string, unknown> = {
  'PATCH /v1/accounts/{id}': { name: 'hijacked' },
  'PATCH /v1/customers/{id}': { name: 'hijacked' },
  'POST /v1/invoices/{id}/pay': { amount: 1 },
  'PATCH /v1/webhook_endpoints/{id}': { description: 'hijacked' },
  'POST /v1/webhook_endpoints/{id}/recover': { since: '2026-01-01T00:00:00Z' },
};

beforeAll(async () => {
  p = await startTestPlatform({ FIN_WEBHOOK_ALLOW_PRIVATE: true });
  a = await p.newTenant('A');
  b = await p.newTenant('B');
  const acct = await accountsByCode(p, a.adminKey);
  const call = async (path: string, body: unknown) => {
    const res = await p.call('POST', path, { key: a.adminKey, body });
    if (res.status >= 300) throw new Error(`${path}: ${JSON.stringify(res.body)}`);
    return res.body;
  };
  objectsOfA.accounts = acct['1000']!;
  objectsOfA.customers = (await call('/v1/customers', { name: 'Secret customer' })).id;
  objectsOfA.journal_entries = (
    await call('/v1/journal_entries', {
      date: '2026-01-01',
      lines: [
        { account_id: acct['1000'], direction: 'debit', amount: 100 },
        { account_id: acct['3000'], direction: 'credit', amount: 100 },
      ],
    })
  ).id;
  const invoice = await call('/v1/invoices', {
    customer_id: objectsOfA.customers,
    currency: 'USD',
    lines: [{ description: 'x', quantity: 1, unit_amount: 500 }],
  });
  objectsOfA.invoices = invoice.id;
  objectsOfA.api_keys = (await call('/v1/api_keys', { role: 'viewer' })).id;
  objectsOfA.webhook_endpoints = (
    await call('/v1/webhook_endpoints', { url: 'http://127.0.0.1:9/h', enabled_events: ['*'] })
  ).id;
  objectsOfA.events = (
    await p.call('GET', '/v1/events?limit=1', { key: a.adminKey })
  ).body.data[0].id;
});
afterAll(() => p.close());

const idRoutes = () => {
  const doc = buildOpenApiDocument();
  return Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    Object.keys(item as object)
      .filter((m) => ['get', 'post', 'patch', 'delete'].includes(m))
      .filter(() => path.includes('{id}') && !path.startsWith('/v1/tenants/'))
      .map((m) => ({ method: m.toUpperCase(), path })),
  );
};

const actors = () => [
  { name: "tenant B's own key", key: b.adminKey, tenant: undefined },
  { name: 'the partner acting in tenant B', key: p.partnerKey, tenant: b.id },
];

describe('cross-tenant isolation', () => {
  it('covers every id route of the API', () => {
    const routes = idRoutes();
    expect(routes.length).toBeGreaterThanOrEqual(13);
    for (const r of routes) {
      const resource = r.path.split('/')[2]!;
      expect(
        objectsOfA[resource],
        `no object of tenant A for ${r.path}; add one to this suite`,
      ).toBeDefined();
    }
  });

  it('answers 404 on every id route for another tenant, by its key or the partner', async () => {
    for (const actor of actors()) {
      for (const r of idRoutes()) {
        const id = objectsOfA[r.path.split('/')[2]!]!;
        const res = await p.call(r.method, r.path.replace('{id}', id), {
          key: actor.key,
          ...(actor.tenant ? { tenant: actor.tenant } : {}),
          ...(bodies[`${r.method} ${r.path}`] ? { body: bodies[`${r.method} ${r.path}`] } : {}),
        });
        expect(res.status, `${actor.name}: ${r.method} ${r.path}`).toBe(404);
        expect(res.body.error.type).toBe('not_found_error');
      }
    }
  });

  it("never shows tenant A's objects in tenant B's lists", async () => {
    const lists = [
      '/v1/accounts',
      '/v1/customers',
      '/v1/journal_entries',
      '/v1/invoices',
      '/v1/api_keys',
      '/v1/events',
      '/v1/audit_logs',
      '/v1/webhook_endpoints',
    ];
    const secrets = Object.values(objectsOfA);
    for (const actor of actors()) {
      for (const path of lists) {
        const res = await p.call('GET', `${path}?limit=100`, {
          key: actor.key,
          ...(actor.tenant ? { tenant: actor.tenant } : {}),
        });
        expect(res.status, path).toBe(200);
        const text = JSON.stringify(res.body);
        for (const s of secrets) expect(text, `${actor.name} ${path}`).not.toContain(s);
        expect(text).not.toContain(a.id);
      }
    }
  });

  it("leaves tenant A's objects untouched after the attempts", async () => {
    const invoice = await p.call('GET', `/v1/invoices/${objectsOfA.invoices}`, { key: a.adminKey });
    expect(invoice.body.status).toBe('draft');
    const customer = await p.call('GET', `/v1/customers/${objectsOfA.customers}`, {
      key: a.adminKey,
    });
    expect(customer.body.name).toBe('Secret customer');
    const entry = await p.call('GET', `/v1/journal_entries/${objectsOfA.journal_entries}`, {
      key: a.adminKey,
    });
    expect(entry.body.reversed_by).toBeNull();
    const keys = await p.call('GET', '/v1/api_keys', { key: a.adminKey });
    expect(
      keys.body.data.find((k: { id: string }) => k.id === objectsOfA.api_keys).revoked_at,
    ).toBeNull();
    const endpoint = await p.call('GET', `/v1/webhook_endpoints/${objectsOfA.webhook_endpoints}`, {
      key: a.adminKey,
    });
    expect(endpoint.body).toMatchObject({ status: 'enabled', description: null });
  });

  it("does not let tenant B's trial balance include tenant A's postings", async () => {
    const tb = await p.call('GET', '/v1/reports/trial_balance', { key: b.adminKey });
    expect(tb.body.accounts).toEqual([]);
  });

  it('refuses cursors pointing into another tenant without leaking its rows', async () => {
    const res = await p.call('GET', `/v1/customers?starting_after=${objectsOfA.customers}`, {
      key: b.adminKey,
    });
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body)).not.toContain('Secret customer');
  });
});
