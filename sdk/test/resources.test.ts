import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Account,
  AuthenticationError,
  FinACEverse,
  IdempotencyError,
  NotFoundError,
} from '../src/index.js';
import { createTenant, recordingFetch, type TenantFixture } from './support/fixtures.js';
import { startServer, type TestServer } from './support/server.js';

let server: TestServer;
let ctx: TenantFixture;
let fin: FinACEverse;

beforeAll(async () => {
  server = await startServer();
  ctx = await createTenant(server);
  fin = ctx.fin;
});

afterAll(async () => {
  await server?.close();
});

async function seeded(code: string): Promise<Account> {
  for await (const account of fin.accounts.list({ limit: 100 })) {
    if (account.code === code) return account;
  }
  throw new Error(`seeded account ${code} not found`);
}

describe('tenants', () => {
  it('creates a tenant with an admin key, then retrieves and lists it', async () => {
    const { tenant, partner } = ctx;
    expect(tenant.id).toMatch(/^ten_/);
    expect(tenant.object).toBe('tenant');
    expect(tenant.api_key.role).toBe('admin');
    expect(tenant.api_key.secret).toMatch(/^sk_[0-9A-Za-z]{24,64}$/);

    const retrieved = await partner.tenants.retrieve(tenant.id);
    expect(retrieved).toEqual({
      id: tenant.id,
      object: 'tenant',
      name: tenant.name,
      metadata: {},
      created_at: tenant.created_at,
    });
    const ids = (await partner.tenants.list({ limit: 100 }).toArray({ limit: 1000 })).map(
      (t) => t.id,
    );
    expect(ids).toContain(tenant.id);
  });

  it('lets a partner key act inside a tenant with withTenant (Fin-Tenant)', async () => {
    const inside = ctx.partner.withTenant(ctx.tenant.id);
    expect(inside.tenant).toBe(ctx.tenant.id);
    const customer = await inside.customers.create({ name: 'Created by the partner' });
    expect((await fin.customers.retrieve(customer.id)).name).toBe('Created by the partner');
  });
});

describe('api keys', () => {
  it('creates, lists and revokes a key; the revoked key is refused', async () => {
    const key = await fin.apiKeys.create({ role: 'viewer', name: 'Read only' });
    expect(key).toMatchObject({ object: 'api_key', role: 'viewer', name: 'Read only' });
    expect(key.revoked_at).toBeNull();
    const secret = key.secret ?? '';
    expect(secret).toMatch(/^sk_/);
    expect(key.redacted_key.endsWith(secret.slice(-4))).toBe(true);

    const listed = await fin.apiKeys.list({ limit: 100 });
    const found = listed.data.find((k) => k.id === key.id);
    expect(found?.secret).toBeUndefined();
    expect(found?.role).toBe('viewer');

    const viewer = new FinACEverse({ apiKey: secret, baseUrl: server.url, maxRetries: 0 });
    expect((await viewer.accounts.list({ limit: 1 })).data).toHaveLength(1);

    const revoked = await fin.apiKeys.revoke(key.id);
    expect(revoked.id).toBe(key.id);
    expect(revoked.revoked_at).not.toBeNull();
    await expect(viewer.customers.list()).rejects.toBeInstanceOf(AuthenticationError);
  });
});

describe('accounts', () => {
  it('lists the seeded chart and filters by type', async () => {
    const all = await fin.accounts.list({ limit: 100 }).toArray({ limit: 1000 });
    const codes = all.map((a) => a.code);
    expect(codes).toEqual(expect.arrayContaining(['1000', '1100', '1200', '3000', '4000', '6000']));
    const assets = await fin.accounts.list({ type: 'asset', limit: 100 }).toArray({ limit: 1000 });
    expect(assets.length).toBeGreaterThan(0);
    expect(assets.every((a) => a.type === 'asset')).toBe(true);
    expect(assets.length).toBeLessThan(all.length);
  });

  it('creates, retrieves and updates an account', async () => {
    const created = await fin.accounts.create({
      code: '1010',
      name: 'Petty cash',
      type: 'asset',
      currency: 'USD',
      metadata: { drawer: 'front' },
    });
    expect(created).toMatchObject({
      object: 'account',
      code: '1010',
      name: 'Petty cash',
      type: 'asset',
      currency: 'USD',
      balance: 0,
      debits_posted: 0,
      credits_posted: 0,
      description: null,
      metadata: { drawer: 'front' },
    });
    expect(await fin.accounts.retrieve(created.id)).toEqual(created);
    const updated = await fin.accounts.update(created.id, {
      name: 'Petty cash (front desk)',
      description: 'Coins and notes',
    });
    expect(updated.name).toBe('Petty cash (front desk)');
    expect(updated.description).toBe('Coins and notes');
    expect(updated.code).toBe('1010');
    expect((await fin.accounts.retrieve(created.id)).name).toBe('Petty cash (front desk)');
  });
});

describe('journal entries and the trial balance', () => {
  it('posts, retrieves, lists and reverses an entry; balances follow', async () => {
    const bank = await seeded('1100');
    const equity = await seeded('3000');
    const entry = await fin.journalEntries.create({
      date: '2026-11-01',
      description: 'Owner investment',
      lines: [
        { account_id: bank.id, direction: 'debit', amount: 50_000 },
        { account_id: equity.id, direction: 'credit', amount: 50_000 },
      ],
    });
    expect(entry).toMatchObject({
      object: 'journal_entry',
      date: '2026-11-01',
      description: 'Owner investment',
      reverses: null,
      reversed_by: null,
    });
    expect(entry.lines).toEqual([
      { account_id: bank.id, direction: 'debit', amount: 50_000, currency: 'USD' },
      { account_id: equity.id, direction: 'credit', amount: 50_000, currency: 'USD' },
    ]);
    expect((await fin.accounts.retrieve(bank.id)).balance).toBe(bank.balance + 50_000);
    expect(await fin.journalEntries.retrieve(entry.id)).toEqual(entry);
    expect((await fin.journalEntries.list({ limit: 5 })).data.map((e) => e.id)).toContain(entry.id);

    const reversal = await fin.journalEntries.reverse(entry.id, { date: '2026-11-02' });
    expect(reversal.reverses).toBe(entry.id);
    expect(reversal.date).toBe('2026-11-02');
    expect(reversal.lines.map((l) => [l.account_id, l.direction, l.amount])).toEqual([
      [bank.id, 'credit', 50_000],
      [equity.id, 'debit', 50_000],
    ]);
    expect((await fin.journalEntries.retrieve(entry.id)).reversed_by).toBe(reversal.id);
    expect((await fin.accounts.retrieve(bank.id)).balance).toBe(bank.balance);
  });

  it('reports a trial balance whose debits equal credits', async () => {
    const cash = await seeded('1000');
    const revenue = await seeded('4000');
    await fin.journalEntries.create({
      date: '2026-11-05',
      lines: [
        { account_id: cash.id, direction: 'debit', amount: 12_345 },
        { account_id: revenue.id, direction: 'credit', amount: 12_345 },
      ],
    });
    const tb = await fin.reports.trialBalance({ as_of: '2026-11-30' });
    expect(tb.object).toBe('trial_balance');
    expect(tb.as_of).toBe('2026-11-30');
    const usd = tb.totals.find((t) => t.currency === 'USD');
    expect(usd?.debit).toBeGreaterThanOrEqual(12_345);
    expect(usd?.debit).toBe(usd?.credit);
    const cashRow = tb.accounts.find((a) => a.account_id === cash.id);
    expect(cashRow?.debit).toBeGreaterThanOrEqual(12_345);
    const before = await fin.reports.trialBalance({ as_of: '2026-11-04' });
    const cashBefore = before.accounts.find((a) => a.account_id === cash.id);
    expect((cashBefore?.debit ?? 0) - (cashBefore?.credit ?? 0)).toBe(
      (cashRow?.debit ?? 0) - (cashRow?.credit ?? 0) - 12_345,
    );
  });
});

describe('customers', () => {
  it('creates, retrieves, lists, updates and deletes a customer', async () => {
    const customer = await fin.customers.create({
      name: 'Globex',
      email: 'ap@globex.example',
      metadata: { crm_id: '42' },
    });
    expect(customer).toMatchObject({
      object: 'customer',
      name: 'Globex',
      email: 'ap@globex.example',
      metadata: { crm_id: '42' },
    });
    expect(await fin.customers.retrieve(customer.id)).toEqual(customer);
    expect((await fin.customers.list({ limit: 3 })).data[0]?.id).toBe(customer.id);

    const updated = await fin.customers.update(customer.id, { name: 'Globex Corp', email: null });
    expect(updated).toMatchObject({ id: customer.id, name: 'Globex Corp', email: null });

    const deleted = await fin.customers.del(customer.id);
    expect(deleted).toEqual({ id: customer.id, object: 'customer', deleted: true });
    await expect(fin.customers.retrieve(customer.id)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('invoices', () => {
  it('creates with tax, finalizes, pays in two parts and ends paid', async () => {
    const customer = await fin.customers.create({ name: 'Initech' });
    const draft = await fin.invoices.create({
      customer_id: customer.id,
      currency: 'USD',
      due_date: '2026-12-31',
      lines: [
        { description: 'Consulting', quantity: 3, unit_amount: 10_000, tax_rate_bps: 2000 },
        { description: 'Travel', quantity: 1, unit_amount: 2_525, tax_rate_bps: 1000 },
      ],
    });
    expect(draft).toMatchObject({
      object: 'invoice',
      status: 'draft',
      subtotal: 32_525,
      tax: 6_253,
      total: 38_778,
      amount_paid: 0,
      amount_due: 38_778,
      due_date: '2026-12-31',
    });
    expect(draft.lines[1]).toMatchObject({ amount: 2_525, tax: 253, tax_rate_bps: 1000 });

    const open = await fin.invoices.finalize(draft.id);
    expect(open.status).toBe('open');
    expect(open.finalized_entry_id).toMatch(/^je_/);

    const partly = await fin.invoices.pay(open.id, { amount: 8_778, date: '2026-12-01' });
    expect(partly).toMatchObject({ status: 'open', amount_paid: 8_778, amount_due: 30_000 });
    const paid = await fin.invoices.pay(open.id, { amount: 30_000 });
    expect(paid).toMatchObject({ status: 'paid', amount_due: 0, amount_paid: 38_778 });
    expect(paid.payments).toHaveLength(2);
    expect(paid.paid_at).not.toBeNull();

    expect(await fin.invoices.retrieve(draft.id)).toEqual(paid);
    const paidIds = (await fin.invoices.list({ status: 'paid', customer_id: customer.id })).data;
    expect(paidIds.map((i) => i.id)).toEqual([draft.id]);
  });

  it('voids an open invoice', async () => {
    const customer = await fin.customers.create({ name: 'Umbrella' });
    const draft = await fin.invoices.create({
      customer_id: customer.id,
      currency: 'USD',
      lines: [{ description: 'Widget', quantity: 2, unit_amount: 500 }],
    });
    await fin.invoices.finalize(draft.id);
    const voided = await fin.invoices.void(draft.id);
    expect(voided.status).toBe('void');
    expect(voided.void_entry_id).toMatch(/^je_/);
    expect(voided.voided_at).not.toBeNull();
  });
});

describe('events and audit logs', () => {
  it('lists and retrieves events, filtered by type', async () => {
    const customer = await fin.customers.create({ name: 'Evented' });
    const events = await fin.events.list({ type: 'customer.created', limit: 100 });
    expect(events.data.every((e) => e.type === 'customer.created')).toBe(true);
    const event = events.data.find((e) => e.data.object.id === customer.id);
    expect(event).toBeDefined();
    const retrieved = await fin.events.retrieve(event?.id ?? '');
    expect(retrieved).toEqual(event);
    expect(retrieved.sequence).toBeGreaterThan(0);
  });

  it('lists audit entries for an object and verifies the chain', async () => {
    const customer = await fin.customers.create({ name: 'Audited' });
    await fin.customers.update(customer.id, { name: 'Audited twice' });
    const entries = await fin.auditLogs.list({ object_id: customer.id });
    expect(entries.data.map((e) => e.action)).toEqual(['customer.update', 'customer.create']);
    expect(entries.data.every((e) => e.object_id === customer.id)).toBe(true);
    const verification = await fin.auditLogs.verify();
    expect(verification).toMatchObject({
      object: 'audit_log_verification',
      valid: true,
      first_broken: null,
    });
    expect(verification.checked).toBeGreaterThan(2);
  });
});

describe('idempotency', () => {
  it('replays the same object for a repeated Idempotency-Key', async () => {
    const recorder = recordingFetch();
    const client = new FinACEverse({
      apiKey: ctx.tenant.api_key.secret ?? '',
      baseUrl: server.url,
      fetch: recorder.fetch,
    });
    const key = `replay-${Date.now()}`;
    const first = await client.customers.create({ name: 'Once only' }, { idempotencyKey: key });
    const second = await client.customers.create({ name: 'Once only' }, { idempotencyKey: key });
    expect(second).toEqual(first);
    expect(recorder.requests.map((r) => r.headers.get('idempotency-key'))).toEqual([key, key]);
    expect(recorder.responses.map((r) => r.headers.get('idempotent-replayed'))).toEqual([
      null,
      'true',
    ]);
    const named = (await client.customers.list({ limit: 100 }).toArray({ limit: 1000 })).filter(
      (c) => c.name === 'Once only',
    );
    expect(named).toHaveLength(1);
  });

  it('rejects a reused key with another body as IdempotencyError idempotency_key_reused', async () => {
    const key = `reuse-${Date.now()}`;
    await fin.customers.create({ name: 'First body' }, { idempotencyKey: key });
    const error = await fin.customers
      .create({ name: 'Second body' }, { idempotencyKey: key })
      .catch((err: unknown) => err);
    expect(error).toBeInstanceOf(IdempotencyError);
    expect(error).toMatchObject({
      status: 409,
      type: 'idempotency_error',
      code: 'idempotency_key_reused',
      param: 'Idempotency-Key',
    });
  });
});
