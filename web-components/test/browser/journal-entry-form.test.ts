import type { JournalEntry } from '@finaceverse/sdk';
import type { Locator } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditState } from './support/audit.js';
import { usePage } from './support/fixtures.js';
import { mount, recordEvents, recorded } from './support/mount.js';
import { createTenant, mintToken, type TestTenant } from './support/seed.js';
import { waitForData } from './support/states.js';
import { shownText } from './support/text.js';

let tenant: TestTenant;

beforeAll(async () => {
  tenant = await createTenant('Journal entry form test');
});

async function type(field: Locator, text: string): Promise<void> {
  await field.click();
  await field.press('ControlOrMeta+a');
  await field.pressSequentially(text);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('fin-journal-entry-form', () => {
  const current = usePage();

  it('blocks submit while debits differ from credits and posts once they balance', async () => {
    const { page } = current();
    const minted = await mintToken(tenant);
    await recordEvents(page, ['fin-journal-entry-created', 'fin-error']);
    const mounted = await mount(page, 'fin-journal-entry-form', {
      token: minted.token,
      scopes: minted.scopes,
    });
    const el = mounted.element;
    await waitForData(el, 'form[part~="form"]');
    const submit = el.getByRole('button', { name: 'Post journal entry' });
    const balance = el.locator('[part~="balance"]');
    const [first, second] = [
      el.locator('[part~="line"]').nth(0),
      el.locator('[part~="line"]').nth(1),
    ];

    await type(el.locator('input[name="description"]'), 'Office rent, March');
    await first.locator('select[part~="account"]').selectOption({ label: '6100 · Rent (USD)' });
    await type(first.locator('input[name="debit"]'), '1500');
    await second.locator('select[part~="account"]').selectOption({ label: '1100 · Bank (USD)' });
    await type(second.locator('input[name="credit"]'), '1000');
    expect(await shownText(balance)).toBe('Out of balance by $500.00.');
    expect(await submit.isDisabled()).toBe(true);
    await auditState(page, mounted, 'fin-journal-entry-form-unbalanced');

    // Enter in a field is a submit attempt too: nothing may be posted.
    await second.locator('input[name="credit"]').press('Enter');
    await sleep(300);
    expect(await recorded(page, 'fin-journal-entry-created')).toEqual([]);
    expect((await tenant.fin.journalEntries.list({ limit: 10 })).data).toEqual([]);

    await type(second.locator('input[name="credit"]'), '1500');
    expect(await shownText(balance)).toBe('Balanced: debits equal credits.');
    expect(await shownText(el.locator('[part~="debits"] dd'))).toBe('$1,500.00');
    expect(await shownText(el.locator('[part~="credits"] dd'))).toBe('$1,500.00');
    expect(await submit.isEnabled()).toBe(true);
    await auditState(page, mounted, 'fin-journal-entry-form-balanced');
    await submit.click();

    await expect.poll(() => recorded(page, 'fin-journal-entry-created')).toHaveLength(1);
    const [created] = await recorded<{ journalEntry: JournalEntry }>(
      page,
      'fin-journal-entry-created',
    );
    const entry = created?.journalEntry;
    expect(entry?.description).toBe('Office rent, March');
    expect(entry?.lines.map((l) => [l.direction, l.amount])).toEqual([
      ['debit', 150_000],
      ['credit', 150_000],
    ]);
    await el.locator('[part~="notice"]').getByText(`Journal entry ${entry?.id} posted.`).waitFor();
    const posted = (await tenant.fin.journalEntries.list({ limit: 10 })).data;
    expect(posted.map((e) => e.id)).toEqual([entry?.id]);
    // The form is ready for the next entry.
    expect(await first.locator('input[name="debit"]').inputValue()).toBe('');
    expect(await submit.isDisabled()).toBe(true);
    expect(await recorded(page, 'fin-error')).toEqual([]);
  });

  it('flags a line with both a debit and a credit', async () => {
    const { page } = current();
    const minted = await mintToken(tenant);
    const mounted = await mount(page, 'fin-journal-entry-form', {
      token: minted.token,
      scopes: minted.scopes,
    });
    const el = mounted.element;
    await waitForData(el, 'form[part~="form"]');
    const first = el.locator('[part~="line"]').nth(0);
    await first.locator('select[part~="account"]').selectOption({ label: '1100 · Bank (USD)' });
    await type(first.locator('input[name="debit"]'), '10');
    await type(first.locator('input[name="credit"]'), '10');
    await first.locator('.field-error').waitFor();
    expect(await el.getByRole('button', { name: 'Post journal entry' }).isDisabled()).toBe(true);
    await auditState(page, mounted, 'fin-journal-entry-form-invalid-line');
  });
});
