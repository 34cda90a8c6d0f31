import { beforeAll, describe, expect, it } from 'vitest';
import { usePage } from './support/fixtures.js';
import { type FocusedElement, focused, tabTo } from './support/focus.js';
import { mount, recordEvents, recorded } from './support/mount.js';
import {
  createTenant,
  type MintedToken,
  mintToken,
  type SeededLedger,
  seedLedger,
  type TestTenant,
} from './support/seed.js';
import { waitForData } from './support/states.js';
import { shownText } from './support/text.js';

const ROW = 'tbody tr[part~="row"]';

let tenant: TestTenant;
let seed: SeededLedger;
let minted: MintedToken;

beforeAll(async () => {
  tenant = await createTenant('Keyboard test');
  seed = await seedLedger(tenant.fin);
  minted = await mintToken(tenant);
});

/** A visible focus ring: :focus-visible matches and draws a real outline. */
function expectVisibleFocus(element: FocusedElement): void {
  expect(element.focusVisible).toBe(true);
  expect(element.outlineStyle).not.toBe('none');
  expect(element.outlineWidth).not.toBe('0px');
}

const isRowButton = (el: FocusedElement) => el.part?.split(' ').includes('row-button') ?? false;

describe('keyboard operation', () => {
  const current = usePage();
  const options = () => ({ token: minted.token, scopes: minted.scopes });

  it('fin-invoice-list: Tab reaches the filter and the rows, focus is visible, Enter and Space select', async () => {
    const { page } = current();
    await recordEvents(page, ['fin-invoice-select']);
    const mounted = await mount(page, 'fin-invoice-list', options());
    await waitForData(mounted.element, ROW);
    const ids = (await mounted.element.locator(`${ROW} [part~="row-button"]`).allInnerTexts()).map(
      (t) => t.trim(),
    );

    const filter = await tabTo(page, (el) => el.part === 'filter');
    expectVisibleFocus(filter.element);
    const first = await tabTo(page, isRowButton, 1);
    expect(first.element.text).toBe(ids[0]);
    expectVisibleFocus(first.element);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    const second = await focused(page);
    expect(second?.text).toBe(ids[1]);
    await page.keyboard.press('Space');
    await expect
      .poll(() => recorded(page, 'fin-invoice-select'))
      .toEqual([{ invoiceId: ids[0] }, { invoiceId: ids[1] }]);
  });

  it('fin-invoice-list: the status filter works from the keyboard', async () => {
    const { page } = current();
    const mounted = await mount(page, 'fin-invoice-list', options());
    await waitForData(mounted.element, ROW);
    await tabTo(page, (el) => el.part === 'filter');
    // All statuses → Draft.
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => mounted.element.locator(ROW).count()).toBe(1);
    expect(await shownText(mounted.element.locator(ROW))).toContain(seed.invoices.draft.id);
  });

  it('fin-customer-list: Enter on a customer selects it', async () => {
    const { page } = current();
    await recordEvents(page, ['fin-customer-select']);
    const mounted = await mount(page, 'fin-customer-list', options());
    await waitForData(mounted.element, ROW);
    const { element } = await tabTo(page, isRowButton);
    expect(element.text).toBe('Zephyr Studios');
    expectVisibleFocus(element);
    await page.keyboard.press('Enter');
    await expect
      .poll(() => recorded(page, 'fin-customer-select'))
      .toEqual([{ customerId: seed.customers.zephyr.id }]);
  });

  it('fin-invoice-detail: Tab reaches Finalize and Enter finalizes the draft', async () => {
    const { page } = current();
    const draft = await tenant.fin.invoices.create({
      customer_id: seed.customers.acme.id,
      currency: 'USD',
      lines: [{ description: 'Keyboard work', quantity: 1, unit_amount: 10_000 }],
    });
    await recordEvents(page, ['fin-invoice-finalized']);
    const mounted = await mount(page, 'fin-invoice-detail', {
      ...options(),
      attrs: { 'invoice-id': draft.id },
    });
    await waitForData(mounted.element, '[part~="invoice"]');
    const { element } = await tabTo(page, (el) => el.part?.includes('finalize') ?? false);
    expectVisibleFocus(element);
    await page.keyboard.press('Enter');
    await expect.poll(() => recorded(page, 'fin-invoice-finalized')).toHaveLength(1);
    expect(await shownText(mounted.element.locator('[part~="status"]'))).toBe('Open');
    // Finalize is gone; focus moves to the first action the open invoice has, not to the page.
    const after = await focused(page);
    expect(after?.path).toBe('fin-invoice-detail > button');
    expect(after?.text).toBe('Pay');
  });

  it('fin-journal-entry-form: Tab visits every field and Add line in order, each with a visible focus ring', async () => {
    const { page } = current();
    const mounted = await mount(page, 'fin-journal-entry-form', options());
    await waitForData(mounted.element, 'form[part~="form"]');
    const { visited } = await tabTo(page, (el) => el.part?.includes('add-line') ?? false);
    // A date input takes one Tab per segment and one for its picker button: count it once.
    const controls = visited.filter((v, i) => i === 0 || v.name !== visited[i - 1]?.name);
    expect(controls.map((v) => v.name ?? v.part)).toEqual([
      'date',
      'description',
      'account',
      'debit',
      'credit',
      'account',
      'debit',
      'credit',
      'button add-line',
    ]);
    for (const element of controls) expectVisibleFocus(element);
  });
});
