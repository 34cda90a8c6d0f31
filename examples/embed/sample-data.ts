import type { FinACEverse } from '@finaceverse/sdk';

async function accountId(fin: FinACEverse, code: string): Promise<string> {
  for await (const account of fin.accounts.list({ limit: 100 })) {
    if (account.code === code) return account.id;
  }
  throw new Error(`The seeded chart has no account ${code}`);
}

/**
 * Gives an empty tenant something to show: three customers, invoices in every status and an
 * owner investment. Does nothing when the tenant already has customers. Returns a summary of
 * what it added, or undefined.
 */
export async function seedSampleData(fin: FinACEverse): Promise<string | undefined> {
  const existing = await fin.customers.list({ limit: 1 });
  if (existing.data.length > 0) return undefined;

  const today = new Date().toISOString().slice(0, 10);
  const cafe = await fin.customers.create({ name: 'Blue Bottle Cafe', email: 'ap@cafe.test' });
  const studio = await fin.customers.create({ name: 'Northwind Studio' });
  await fin.customers.create({ name: 'Acme Corp', email: 'billing@acme.test' });

  await fin.invoices.create({
    customer_id: studio.id,
    currency: 'USD',
    due_date: today,
    lines: [
      { description: 'Brand workshop', quantity: 1, unit_amount: 180_000, tax_rate_bps: 2000 },
    ],
  });
  const service = await fin.invoices.create({
    customer_id: cafe.id,
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
  await fin.invoices.finalize(service.id);
  const beans = await fin.invoices.finalize(
    (
      await fin.invoices.create({
        customer_id: cafe.id,
        currency: 'USD',
        lines: [{ description: 'Coffee beans (kg)', quantity: 25, unit_amount: 2_450 }],
      })
    ).id,
  );
  await fin.invoices.pay(beans.id, { amount: beans.amount_due });

  await fin.journalEntries.create({
    date: today,
    description: 'Owner investment',
    lines: [
      { account_id: await accountId(fin, '1100'), direction: 'debit', amount: 2_500_000 },
      { account_id: await accountId(fin, '3000'), direction: 'credit', amount: 2_500_000 },
    ],
  });
  return '3 customers, 3 invoices (draft, open, paid) and an owner investment';
}
