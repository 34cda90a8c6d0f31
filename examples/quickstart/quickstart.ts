/**
 * FinACEverse quickstart: a tenant, its books, an invoice paid in full, and the trial balance.
 *
 *   npm start                      # terminal 1: the API with demo keys
 *   npm run example:quickstart     # terminal 2
 *
 * Reads FIN_API_URL (default http://localhost:4000) and FIN_PARTNER_KEY; without a key it
 * uses the demo partner key the API wrote to `.finaceverse/demo.json` on its first start.
 */
import { type Account, FinACEverse, FinAPIError, type TrialBalance } from '@finaceverse/sdk';
import { demoKey } from '../demo-keys.js';

/** FIN_PARTNER_KEY, else the `partner_key` of the first demo.json found. */
const partnerKey = () => demoKey('partner_key', 'FIN_PARTNER_KEY');

/** Minor units as a decimal string with thousands separators: 513372 → "5,133.72". */
function money(minor: number): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  const units = Math.trunc(abs / 100).toLocaleString('en-US');
  return `${sign}${units}.${String(abs % 100).padStart(2, '0')}`;
}

function printTrialBalance(tb: TrialBalance): void {
  const row = (code: string, name: string, debit: string, credit: string) =>
    `${code.padEnd(10)}${name.padEnd(32)}${debit.padStart(14)}${credit.padStart(14)}`.trimEnd();
  console.log(`\nTrial balance as of ${tb.as_of}`);
  console.log(row('Code', 'Account', 'Debit', 'Credit'));
  console.log('-'.repeat(70));
  for (const a of tb.accounts) {
    if (a.debit === 0 && a.credit === 0) continue;
    console.log(
      row(a.code, a.name, a.debit ? money(a.debit) : '', a.credit ? money(a.credit) : ''),
    );
  }
  console.log('-'.repeat(70));
  for (const t of tb.totals) {
    console.log(row('', `Total ${t.currency}`, money(t.debit), money(t.credit)));
  }
  for (const t of tb.totals) {
    const verdict = t.debit === t.credit ? 'balanced' : 'NOT BALANCED';
    console.log(
      `\n${verdict}: ${t.currency} debits ${money(t.debit)} = credits ${money(t.credit)}`,
    );
  }
}

async function seeded(fin: FinACEverse, code: string): Promise<Account> {
  for await (const account of fin.accounts.list({ limit: 100 })) {
    if (account.code === code) return account;
  }
  throw new Error(`The seeded chart has no account ${code}`);
}

async function main(): Promise<void> {
  const baseUrl = process.env.FIN_API_URL ?? 'http://localhost:4000';
  const partner = new FinACEverse({ apiKey: partnerKey(), baseUrl });
  const today = new Date().toISOString().slice(0, 10);

  const tenant = await partner.tenants.create({ name: 'Quickstart Coffee Co.' });
  console.log(`Tenant ${tenant.id} created with admin key ${tenant.api_key.redacted_key}`);
  // The tenant's own admin key; `partner.withTenant(tenant.id)` would work as well.
  const fin = new FinACEverse({ apiKey: tenant.api_key.secret ?? '', baseUrl });

  const bank = await seeded(fin, '1100');
  const equity = await seeded(fin, '3000');
  const software = await fin.accounts.create({
    code: '6300',
    name: 'Software subscriptions',
    type: 'expense',
    currency: 'USD',
  });
  const card = await fin.accounts.create({
    code: '2100',
    name: 'Company credit card',
    type: 'liability',
    currency: 'USD',
  });
  console.log(`Accounts ${software.code} ${software.name} and ${card.code} ${card.name} created`);

  const investment = await fin.journalEntries.create({
    date: today,
    description: 'Owner investment',
    lines: [
      { account_id: bank.id, direction: 'debit', amount: 5_000_000 },
      { account_id: equity.id, direction: 'credit', amount: 5_000_000 },
    ],
  });
  const subscription = await fin.journalEntries.create({
    date: today,
    description: 'Accounting software, paid by card',
    lines: [
      { account_id: software.id, direction: 'debit', amount: 12_000 },
      { account_id: card.id, direction: 'credit', amount: 12_000 },
    ],
  });
  console.log(`Journal entries ${investment.id} and ${subscription.id} posted`);

  const customer = await fin.customers.create({ name: 'Blue Bottle Cafe', email: 'ap@cafe.test' });
  const draft = await fin.invoices.create({
    customer_id: customer.id,
    currency: 'USD',
    due_date: today,
    lines: [
      {
        description: 'Espresso machine service',
        quantity: 2,
        unit_amount: 45_000,
        tax_rate_bps: 2000,
      },
      { description: 'Coffee beans (kg)', quantity: 10, unit_amount: 2_450, tax_rate_bps: 500 },
    ],
  });
  console.log(
    `Invoice ${draft.id} for ${customer.name}: subtotal ${money(draft.subtotal)}, tax ${money(draft.tax)}, total ${money(draft.total)}`,
  );
  const open = await fin.invoices.finalize(draft.id);
  const paid = await fin.invoices.pay(open.id, { amount: open.amount_due });
  console.log(`Invoice ${paid.id} status: ${paid.status} (paid ${money(paid.amount_paid)})`);

  printTrialBalance(await fin.reports.trialBalance({ as_of: today }));
}

main().catch((err: unknown) => {
  if (err instanceof FinAPIError) {
    console.error(
      `${err.name} ${err.status} ${err.code}: ${err.message} (request ${err.requestId})`,
    );
  } else {
    console.error(err);
  }
  process.exitCode = 1;
});
