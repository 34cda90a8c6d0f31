import type { Invoice } from '@finaceverse/sdk';
import type { Locator } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditState } from './support/audit.js';
import { usePage } from './support/fixtures.js';
import { mount, recordEvents, recorded } from './support/mount.js';
import { createTenant, mintToken, type TestTenant } from './support/seed.js';
import { waitForData, waitForState } from './support/states.js';
import { cellsOf, shownText } from './support/text.js';

const ROW = 'tbody tr[part~="row"]';

let tenant: TestTenant;

beforeAll(async () => {
  tenant = await createTenant('Invoice flow test');
  await tenant.fin.customers.create({ name: 'Northwind Traders', email: 'ap@northwind.test' });
});

/** Clicks into a field of the form and types, as a person would. */
async function type(field: Locator, text: string): Promise<void> {
  await field.click();
  await field.press('ControlOrMeta+a');
  await field.pressSequentially(text);
}

describe('creating and finalizing an invoice in the elements', () => {
  const current = usePage();

  it('creates a draft in fin-invoice-form, finalizes it in fin-invoice-detail, and the list and trial balance follow', async () => {
    const { page } = current();
    const minted = await mintToken(tenant);
    const options = { token: minted.token, scopes: minted.scopes };
    await recordEvents(page, ['fin-invoice-created', 'fin-invoice-finalized', 'fin-error']);
    const form = await mount(page, 'fin-invoice-form', options);
    const detail = await mount(page, 'fin-invoice-detail', options);
    const list = await mount(page, 'fin-invoice-list', { ...options, attrs: { status: 'open' } });
    const tb = await mount(page, 'fin-trial-balance', options);
    // The host page's wiring, as an app would write it.
    await page.evaluate(() => {
      const [detail, list, tb] = [
        'fin-invoice-detail',
        'fin-invoice-list',
        'fin-trial-balance',
      ].map((tag) => document.querySelector(tag) as HTMLElement & { refresh(): Promise<void> });
      document.addEventListener('fin-invoice-created', (e) => {
        const invoice = (e as CustomEvent<{ invoice: { id: string } }>).detail.invoice;
        detail?.setAttribute('invoice-id', invoice.id);
      });
      document.addEventListener('fin-invoice-finalized', () => {
        void list?.refresh();
        void tb?.refresh();
      });
    });

    await waitForState(list.element, 'empty');
    expect(await shownText(list.element.locator('[part~="empty"]'))).toBe('No open invoices.');
    await waitForState(tb.element, 'empty');
    await waitForState(detail.element, 'empty');
    await waitForData(form.element, 'form[part~="form"]');

    const el = form.element;
    await el
      .locator('select[part~="customer"]')
      .selectOption({ label: 'Northwind Traders (ap@northwind.test)' });
    const first = el.locator('[part~="line"]').nth(0);
    await type(first.locator('input[name="description"]'), 'Annual support plan');
    await type(first.locator('input[name="quantity"]'), '3');
    await type(first.locator('input[name="unitPrice"]'), '1234.56');
    await type(first.locator('input[name="taxRate"]'), '7.25');
    await el.getByRole('button', { name: 'Add line' }).click();
    const second = el.locator('[part~="line"]').nth(1);
    // Add line focuses the new line's first field: keep typing there.
    await page.keyboard.type('Setup fee');
    await type(second.locator('input[name="quantity"]'), '1');
    await type(second.locator('input[name="unitPrice"]'), '250');
    await type(second.locator('input[name="taxRate"]'), '0');
    // 3 × 1,234.56 = 3,703.68 at 7.25 % = 268.5168 → 268.52 (half up, like the API); + 250.00.
    const live = (name: string) => shownText(el.locator(`[part~="${name}"] dd`));
    expect(await live('subtotal')).toBe('$3,953.68');
    expect(await live('tax')).toBe('$268.52');
    expect(await live('total-amount')).toBe('$4,222.20');
    await auditState(page, form, 'fin-invoice-form-filled');
    await el.getByRole('button', { name: 'Create draft invoice' }).click();

    await expect.poll(() => recorded(page, 'fin-invoice-created')).toHaveLength(1);
    const [created] = await recorded<{ invoice: Invoice }>(page, 'fin-invoice-created');
    const invoice = created?.invoice;
    expect(invoice).toMatchObject({
      status: 'draft',
      subtotal: 395_368,
      tax: 26_852,
      total: 422_220,
    });
    expect(invoice?.lines.map((l) => l.description)).toEqual(['Annual support plan', 'Setup fee']);
    await el
      .locator('[part~="notice"]')
      .getByText(`Draft invoice ${invoice?.id} created.`)
      .waitFor();

    await waitForData(detail.element, '[part~="invoice"]');
    expect(await shownText(detail.element.locator('[part~="status"]'))).toBe('Draft');
    expect(await shownText(detail.element.locator('[part~="total-amount"] dd'))).toBe('$4,222.20');
    await detail.element.getByRole('button', { name: 'Finalize' }).click();
    await expect.poll(() => recorded(page, 'fin-invoice-finalized')).toHaveLength(1);
    expect(await shownText(detail.element.locator('[part~="status"]'))).toBe('Open');
    expect(await shownText(detail.element.locator('[part~="notice"]'))).toBe('Invoice finalized.');
    await auditState(page, detail, 'fin-invoice-detail-finalized');

    await waitForData(list.element, ROW);
    const row = list.element.locator(ROW);
    expect(await row.count()).toBe(1);
    await row.getByText('Northwind Traders').waitFor();
    expect((await cellsOf(row)).slice(0, 5)).toEqual([
      invoice?.id,
      'Northwind Traders',
      'Open',
      '$4,222.20',
      '$4,222.20',
    ]);

    await waitForData(tb.element, ROW);
    const balances = await Promise.all((await tb.element.locator(ROW).all()).map(cellsOf));
    expect(balances).toEqual([
      ['1200', 'Accounts Receivable', '$4,222.20', ''],
      ['2200', 'Sales Tax Payable', '', '$268.52'],
      ['4000', 'Sales Revenue', '', '$3,953.68'],
    ]);
    await auditState(page, tb, 'fin-trial-balance-after-invoice');

    expect((await tenant.fin.invoices.retrieve(invoice?.id ?? '')).status).toBe('open');
    expect(await recorded(page, 'fin-error')).toEqual([]);
  });
});
