import { beforeAll, describe, expect, it } from 'vitest';
import { auditState } from './support/audit.js';
import { usePage } from './support/fixtures.js';
import { mount } from './support/mount.js';
import {
  createTenant,
  type MintedToken,
  mintToken,
  type SeededLedger,
  seedLedger,
} from './support/seed.js';
import { waitForData } from './support/states.js';
import { cellsOf, shownText } from './support/text.js';

const ROW = 'tbody tr[part~="row"]';

let seed: SeededLedger;
let minted: MintedToken;

beforeAll(async () => {
  const tenant = await createTenant('Render test');
  seed = await seedLedger(tenant.fin);
  minted = await mintToken(tenant);
});

describe('each element renders the tenant’s data from the live API', () => {
  const current = usePage();
  const options = () => ({ token: minted.token, scopes: minted.scopes });

  it('fin-customer-list lists the customers with their emails', async () => {
    const { page } = current();
    const mounted = await mount(page, 'fin-customer-list', options());
    await waitForData(mounted.element, ROW);
    const rows = await mounted.element.locator(ROW).allInnerTexts();
    expect(rows).toHaveLength(3);
    // Newest first.
    expect(rows.map((r) => r.split('\t')[0]?.trim())).toEqual([
      'Zephyr Studios',
      'Blue Bottle Cafe',
      'Acme Corp',
    ]);
    expect(rows[2]).toContain('ap@acme.test');
    await auditState(page, mounted, 'fin-customer-list-ready');
  });

  it('fin-invoice-list shows every invoice with status, customer name and en-US totals', async () => {
    const { page } = current();
    const mounted = await mount(page, 'fin-invoice-list', options());
    await waitForData(mounted.element, ROW);
    const rows = mounted.element.locator(ROW);
    expect(await rows.count()).toBe(4);
    const open = rows.filter({ hasText: seed.invoices.open.id });
    await open.getByText('Blue Bottle Cafe').waitFor();
    const cells = await cellsOf(open);
    expect(cells.slice(0, 5)).toEqual([
      seed.invoices.open.id,
      'Blue Bottle Cafe',
      'Open',
      '$3,703.50',
      '$3,703.50',
    ]);
    const statuses = await mounted.element.locator(`${ROW} [part~="status"]`).allInnerTexts();
    expect(statuses.map((s) => s.trim()).sort()).toEqual(['Draft', 'Open', 'Paid', 'Void']);
    const paid = rows.filter({ hasText: seed.invoices.paid.id });
    expect(await shownText(paid)).toMatch(/\$109\.99\s+\$0\.00/);
    await auditState(page, mounted, 'fin-invoice-list-ready');
  });

  it('fin-invoice-list formats money for its locale and filters by status', async () => {
    const { page } = current();
    const mounted = await mount(page, 'fin-invoice-list', {
      ...options(),
      locale: 'de-DE',
      attrs: { status: 'open' },
    });
    await waitForData(mounted.element, ROW);
    const rows = await mounted.element.locator(ROW).allInnerTexts();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain(seed.invoices.open.id);
    expect(rows[0]).toMatch(/3\.703,50\s\$/);
    await auditState(page, mounted, 'fin-invoice-list-de-open');
  });

  it('fin-invoice-detail shows lines, tax and totals of a draft with its actions', async () => {
    const { page } = current();
    const mounted = await mount(page, 'fin-invoice-detail', {
      ...options(),
      attrs: { 'invoice-id': seed.invoices.draft.id },
    });
    await waitForData(mounted.element, '[part~="invoice"]');
    const el = mounted.element;
    expect(await shownText(el.locator('[part~="status"]'))).toBe('Draft');
    const line = await cellsOf(el.locator(ROW).first());
    expect(line).toEqual(['Consulting hours', '2', '$450.00', '20%', '$900.00', '$180.00']);
    const total = (name: string) => shownText(el.locator(`[part~="${name}"] dd`));
    expect(await total('subtotal')).toBe('$900.00');
    expect(await total('tax')).toBe('$180.00');
    expect(await total('total-amount')).toBe('$1,080.00');
    expect(await total('amount-due')).toBe('$1,080.00');
    await el.getByText('Acme Corp').waitFor();
    for (const action of ['finalize', 'void']) {
      expect(await el.locator(`button[part~="${action}"]`).isEnabled()).toBe(true);
    }
    expect(await el.locator('button[part~="pay"]').count()).toBe(0);
    await auditState(page, mounted, 'fin-invoice-detail-draft');
  });

  it('fin-invoice-detail shows the payment of a paid invoice and no actions', async () => {
    const { page } = current();
    const mounted = await mount(page, 'fin-invoice-detail', {
      ...options(),
      attrs: { 'invoice-id': seed.invoices.paid.id },
    });
    await waitForData(mounted.element, '[part~="invoice"]');
    const el = mounted.element;
    expect(await shownText(el.locator('[part~="status"]'))).toBe('Paid');
    const payment = seed.invoices.paid.payments[0];
    expect(payment).toBeDefined();
    const paymentRow = el.locator(ROW).filter({ hasText: payment?.id ?? 'none' });
    expect(await shownText(paymentRow)).toContain('$109.99');
    expect(await shownText(el.locator('[part~="amount-due"] dd'))).toBe('$0.00');
    expect(await el.locator('[part~="actions"]').count()).toBe(0);
    await auditState(page, mounted, 'fin-invoice-detail-paid');
  });

  it('fin-invoice-detail offers Pay with the amount due on an open invoice', async () => {
    const { page } = current();
    const mounted = await mount(page, 'fin-invoice-detail', {
      ...options(),
      attrs: { 'invoice-id': seed.invoices.open.id },
    });
    await waitForData(mounted.element, '[part~="invoice"]');
    const el = mounted.element;
    expect(await el.locator('input[part~="pay-amount"]').inputValue()).toBe('3703.50');
    expect(await el.locator('button[part~="pay"]').isEnabled()).toBe(true);
    expect(await el.locator('button[part~="finalize"]').count()).toBe(0);
    await auditState(page, mounted, 'fin-invoice-detail-open');
  });

  it('fin-trial-balance shows each account’s net balance and balanced totals', async () => {
    const { page } = current();
    const mounted = await mount(page, 'fin-trial-balance', options());
    await waitForData(mounted.element, ROW);
    const rows = (await mounted.element.locator(ROW).allInnerTexts()).map((r) =>
      r.split('\t').map((c) => c.trim()),
    );
    // Invoices: open 3,703.50; paid 99.99 + 10.00 tax; voided 500.00 reversed. Investment 50,000.
    expect(rows).toEqual([
      ['1000', 'Cash', '$109.99', ''],
      ['1100', 'Bank', '$50,000.00', ''],
      ['1200', 'Accounts Receivable', '$3,703.50', ''],
      ['2200', 'Sales Tax Payable', '', '$10.00'],
      ['3000', "Owner's Equity", '', '$50,000.00'],
      ['4000', 'Sales Revenue', '', '$3,803.49'],
    ]);
    const total = await cellsOf(mounted.element.locator('tfoot tr'));
    expect(total).toEqual(['Total', '$53,813.49', '$53,813.49']);
    await auditState(page, mounted, 'fin-trial-balance-ready');
  });

  it('fin-invoice-form offers the tenant’s customers and live totals', async () => {
    const { page } = current();
    const mounted = await mount(page, 'fin-invoice-form', options());
    await waitForData(mounted.element, 'form[part~="form"]');
    const customers = await mounted.element
      .locator('select[part~="customer"] option')
      .allInnerTexts();
    expect(customers.map((c) => c.trim())).toEqual([
      'Choose a customer',
      'Zephyr Studios',
      'Blue Bottle Cafe',
      'Acme Corp (ap@acme.test)',
    ]);
    expect(await shownText(mounted.element.locator('[part~="total-amount"] dd'))).toBe('$0.00');
    await auditState(page, mounted, 'fin-invoice-form-ready');
  });

  it('fin-journal-entry-form offers the chart of accounts', async () => {
    const { page } = current();
    const mounted = await mount(page, 'fin-journal-entry-form', options());
    await waitForData(mounted.element, 'form[part~="form"]');
    const accounts = await mounted.element
      .locator('[part~="line"]')
      .first()
      .locator('select[part~="account"] option')
      .allInnerTexts();
    expect(accounts.map((a) => a.trim())).toContain('1100 · Bank (USD)');
    expect(accounts.map((a) => a.trim())).toContain('6100 · Rent (USD)');
    expect(await mounted.element.locator('button[part~="submit"]').isDisabled()).toBe(true);
    await auditState(page, mounted, 'fin-journal-entry-form-ready');
  });
});
