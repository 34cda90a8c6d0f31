import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accountsByCode,
  startTestPlatform,
  type TestPlatform,
  type TestTenant,
} from '../../../test/support/platform.js';
import { invoiceTotals, lineTax } from './invoice-math.js';

describe('invoice arithmetic', () => {
  it('rounds each line tax half up to the minor unit', () => {
    expect(lineTax(1_000n, 825)).toBe(83n); // 82.5 → 83
    expect(lineTax(1_000n, 824)).toBe(82n); // 82.4 → 82
    expect(lineTax(999n, 2000)).toBe(200n); // 199.8 → 200
    expect(lineTax(5n, 1000)).toBe(1n); // 0.5 → 1
    expect(lineTax(4n, 1000)).toBe(0n); // 0.4 → 0
  });

  it('makes totals exact sums of the line figures', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            quantity: fc.integer({ min: 1, max: 1000 }),
            unit_amount: fc.integer({ min: 0, max: 10_000_000 }),
            tax_rate_bps: fc.integer({ min: 0, max: 30_000 }),
          }),
          { minLength: 1, maxLength: 20 },
        ),
        (lines) => {
          const t = invoiceTotals(lines);
          expect(t.total).toBe(t.subtotal + t.tax);
          for (const [i, l] of lines.entries()) {
            // Twice the exact tax in 1/10 000 of a minor unit; half up means
            // −1/2 < tax − exact ≤ 1/2, written in integers.
            const exact = BigInt(l.quantity) * BigInt(l.unit_amount) * BigInt(l.tax_rate_bps) * 2n;
            const tax = t.lines[i]!.tax;
            expect(2n * (tax * 10_000n) - exact <= 10_000n).toBe(true);
            expect(2n * (tax * 10_000n) - exact > -10_000n).toBe(true);
          }
        },
      ),
    );
  });
});

let p: TestPlatform;
let t: TestTenant;
let customerId: string;
let acct: Record<string, string>;

beforeAll(async () => {
  p = await startTestPlatform();
  t = await p.newTenant();
  acct = await accountsByCode(p, t.adminKey);
  customerId = (await p.call('POST', '/v1/customers', { key: t.adminKey, body: { name: 'Buyer' } }))
    .body.id;
});
afterAll(() => p.close());

const balance = async (code: string) =>
  (await p.call('GET', `/v1/accounts/${acct[code]}`, { key: t.adminKey })).body.balance;

const draft = (
  lines = [
    { description: 'Consulting', quantity: 3, unit_amount: 15_000, tax_rate_bps: 825 },
    { description: 'Travel', quantity: 1, unit_amount: 4_999 },
  ],
) =>
  p.call('POST', '/v1/invoices', {
    key: t.adminKey,
    body: { customer_id: customerId, currency: 'USD', due_date: '2026-12-31', lines },
  });

describe('invoices', () => {
  it('creates a draft with exact totals', async () => {
    const res = await draft();
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      object: 'invoice',
      status: 'draft',
      due_date: '2026-12-31',
      subtotal: 49_999,
      tax: 3_713, // 45000 × 8.25 % = 3712.5 → 3713
      total: 53_712,
      amount_paid: 0,
      amount_due: 53_712,
      finalized_entry_id: null,
    });
    expect(res.body.lines[0]).toEqual({
      description: 'Consulting',
      quantity: 3,
      unit_amount: 15_000,
      tax_rate_bps: 825,
      amount: 45_000,
      tax: 3_713,
    });
  });

  it('finalizes, takes partial then full payment, posting to the ledger', async () => {
    const inv = (await draft()).body;
    const before = {
      ar: await balance('1200'),
      revenue: await balance('4000'),
      tax: await balance('2200'),
      cash: await balance('1000'),
    };
    const open = await p.call('POST', `/v1/invoices/${inv.id}/finalize`, { key: t.adminKey });
    expect(open.status).toBe(200);
    expect(open.body.status).toBe('open');
    expect(open.body.finalized_entry_id).toMatch(/^je_/);
    expect(await balance('1200')).toBe(before.ar + 53_712);
    expect(await balance('4000')).toBe(before.revenue + 49_999);
    expect(await balance('2200')).toBe(before.tax + 3_713);
    const entry = await p.call('GET', `/v1/journal_entries/${open.body.finalized_entry_id}`, {
      key: t.adminKey,
    });
    expect(entry.body.source).toEqual({ type: 'invoice', id: inv.id });

    const partial = await p.call('POST', `/v1/invoices/${inv.id}/pay`, {
      key: t.adminKey,
      body: { amount: 20_000, date: '2026-11-30' },
    });
    expect(partial.body).toMatchObject({ status: 'open', amount_paid: 20_000, amount_due: 33_712 });
    expect(partial.body.payments).toHaveLength(1);
    expect(partial.body.payments[0]).toMatchObject({
      object: 'payment',
      amount: 20_000,
      date: '2026-11-30',
    });
    const tooMuch = await p.call('POST', `/v1/invoices/${inv.id}/pay`, {
      key: t.adminKey,
      body: { amount: 33_713 },
    });
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body.error).toMatchObject({ code: 'amount_exceeds_due', param: 'amount' });
    const rest = await p.call('POST', `/v1/invoices/${inv.id}/pay`, {
      key: t.adminKey,
      body: { amount: 33_712 },
    });
    expect(rest.body).toMatchObject({ status: 'paid', amount_paid: 53_712, amount_due: 0 });
    expect(rest.body.paid_at).not.toBeNull();
    expect(await balance('1000')).toBe(before.cash + 53_712);
    expect(await balance('1200')).toBe(before.ar);

    const events = await p.call('GET', '/v1/events?limit=100', { key: t.adminKey });
    const types = events.body.data
      .filter((e: { data: { object: { id: string } } }) => e.data.object.id === inv.id)
      .map((e: { type: string }) => e.type);
    expect(types.sort()).toEqual([
      'invoice.created',
      'invoice.finalized',
      'invoice.paid',
      'invoice.payment_succeeded',
      'invoice.payment_succeeded',
    ]);
  });

  it('voids an unpaid open invoice by reversing its entry', async () => {
    const inv = (await draft()).body;
    const arBefore = await balance('1200');
    await p.call('POST', `/v1/invoices/${inv.id}/finalize`, { key: t.adminKey });
    const voided = await p.call('POST', `/v1/invoices/${inv.id}/void`, { key: t.adminKey });
    expect(voided.body).toMatchObject({ status: 'void', amount_due: 0 });
    const reversal = await p.call('GET', `/v1/journal_entries/${voided.body.void_entry_id}`, {
      key: t.adminKey,
    });
    expect(reversal.body.reverses).toBe(voided.body.finalized_entry_id);
    expect(await balance('1200')).toBe(arBefore);
  });

  it('enforces the lifecycle', async () => {
    const inv = (await draft()).body;
    const payDraft = await p.call('POST', `/v1/invoices/${inv.id}/pay`, {
      key: t.adminKey,
      body: { amount: 1 },
    });
    expect(payDraft.body.error.code).toBe('invoice_not_open');
    await p.call('POST', `/v1/invoices/${inv.id}/finalize`, { key: t.adminKey });
    const twice = await p.call('POST', `/v1/invoices/${inv.id}/finalize`, { key: t.adminKey });
    expect(twice.body.error.code).toBe('invoice_not_draft');
    await p.call('POST', `/v1/invoices/${inv.id}/pay`, { key: t.adminKey, body: { amount: 1 } });
    const voidPaid = await p.call('POST', `/v1/invoices/${inv.id}/void`, { key: t.adminKey });
    expect(voidPaid.body.error.code).toBe('invoice_has_payments');
  });

  it('posts to currency-specific system accounts for a foreign-currency invoice', async () => {
    const inv = await p.call('POST', '/v1/invoices', {
      key: t.adminKey,
      body: {
        customer_id: customerId,
        currency: 'EUR',
        lines: [{ description: 'Licence', quantity: 1, unit_amount: 10_000, tax_rate_bps: 2000 }],
      },
    });
    const open = await p.call('POST', `/v1/invoices/${inv.body.id}/finalize`, { key: t.adminKey });
    const tb = await p.call('GET', '/v1/reports/trial_balance', { key: t.adminKey });
    const eur = tb.body.totals.find((x: { currency: string }) => x.currency === 'EUR');
    expect(eur).toEqual({ currency: 'EUR', debit: 12_000, credit: 12_000 });
    expect(tb.body.accounts.map((a: { code: string }) => a.code)).toEqual(
      expect.arrayContaining(['1200-EUR', '4000-EUR', '2200-EUR']),
    );
    expect(open.body.status).toBe('open');
  });

  it('filters the list by status and customer', async () => {
    const other = (
      await p.call('POST', '/v1/customers', { key: t.adminKey, body: { name: 'Other buyer' } })
    ).body.id;
    const mine = await p.call('POST', '/v1/invoices', {
      key: t.adminKey,
      body: {
        customer_id: other,
        currency: 'USD',
        lines: [{ description: 'x', quantity: 1, unit_amount: 100 }],
      },
    });
    const byCustomer = await p.call('GET', `/v1/invoices?customer_id=${other}`, {
      key: t.adminKey,
    });
    expect(byCustomer.body.data.map((i: { id: string }) => i.id)).toEqual([mine.body.id]);
    const drafts = await p.call('GET', '/v1/invoices?status=draft&limit=100', { key: t.adminKey });
    expect(drafts.body.data.every((i: { status: string }) => i.status === 'draft')).toBe(true);
    const bad = await p.call('GET', '/v1/invoices?status=unknown', { key: t.adminKey });
    expect(bad.body.error.param).toBe('status');
  });

  it('refuses an invoice for an unknown customer', async () => {
    const res = await p.call('POST', '/v1/invoices', {
      key: t.adminKey,
      body: {
        customer_id: 'cus_01m80azcmdesgse4cfhj7cykzf',
        currency: 'USD',
        lines: [{ description: 'x', quantity: 1, unit_amount: 1 }],
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'customer_not_found', param: 'customer_id' });
  });
});
