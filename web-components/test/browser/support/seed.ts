import { type Customer, FinACEverse, type Invoice, type JournalEntry } from '@finaceverse/sdk';
import { inject } from 'vitest';

/** Scopes that let every element read and act. */
export const WRITE_SCOPES = [
  'accounts:read',
  'customers:write',
  'invoices:write',
  'journal_entries:write',
  'reports:read',
];

/** The same resources, read only. */
export const READ_SCOPES = [
  'accounts:read',
  'customers:read',
  'invoices:read',
  'journal_entries:read',
  'reports:read',
];

export interface TestTenant {
  id: string;
  /** The tenant's admin secret key (server side only, except in the test that misuses it). */
  secret: string;
  fin: FinACEverse;
}

/** A fresh tenant with the standard chart and nothing else, created with the partner key. */
export async function createTenant(name: string): Promise<TestTenant> {
  const baseUrl = inject('apiUrl');
  const partner = new FinACEverse({ apiKey: inject('partnerKey'), baseUrl });
  const tenant = await partner.tenants.create({ name });
  const secret = tenant.api_key.secret;
  if (!secret) throw new Error('tenant creation returned no admin secret');
  return { id: tenant.id, secret, fin: new FinACEverse({ apiKey: secret, baseUrl }) };
}

export interface MintOptions {
  scopes?: string[];
  /** Defaults to the test page's origin; `[]` allows any origin. */
  allowedOrigins?: string[];
  ttlSeconds?: number;
}

export interface MintedToken {
  token: string;
  scopes: string[];
  expiresAt: string;
}

/** Mints an embed token server side (no Origin header), as a partner's backend would. */
export async function mintToken(
  tenant: TestTenant,
  options: MintOptions = {},
): Promise<MintedToken> {
  const minted = await tenant.fin.embedTokens.create({
    scopes: options.scopes ?? WRITE_SCOPES,
    allowed_origins: options.allowedOrigins ?? [inject('pageOrigin')],
    ...(options.ttlSeconds === undefined ? {} : { ttl_seconds: options.ttlSeconds }),
  });
  if (!minted.token) throw new Error('embed token response carried no token');
  return { token: minted.token, scopes: minted.scopes, expiresAt: minted.expires_at };
}

export interface SeededLedger {
  customers: { acme: Customer; blueBottle: Customer; zephyr: Customer };
  invoices: { draft: Invoice; open: Invoice; paid: Invoice; void: Invoice };
  investment: JournalEntry;
  accountIds: Record<'bank' | 'equity' | 'rent', string>;
}

async function accountIdsByCode(fin: FinACEverse): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for await (const account of fin.accounts.list({ limit: 100 })) ids.set(account.code, account.id);
  return ids;
}

export const today = () => new Date().toISOString().slice(0, 10);

/**
 * Customers, one invoice in each status and an owner investment:
 * - Acme Corp: draft 2 × 450.00 at 20 % tax = 1,080.00
 * - Blue Bottle Cafe: open 3 × 1,234.50, no tax = 3,703.50
 * - Zephyr Studios: paid 1 × 99.99 at 10 % = 109.99; voided 1 × 500.00
 */
export async function seedLedger(fin: FinACEverse): Promise<SeededLedger> {
  const acme = await fin.customers.create({ name: 'Acme Corp', email: 'ap@acme.test' });
  const blueBottle = await fin.customers.create({ name: 'Blue Bottle Cafe' });
  const zephyr = await fin.customers.create({ name: 'Zephyr Studios' });
  const line = (description: string, quantity: number, unit_amount: number, tax_rate_bps = 0) => ({
    description,
    quantity,
    unit_amount,
    tax_rate_bps,
  });
  const draft = await fin.invoices.create({
    customer_id: acme.id,
    currency: 'USD',
    lines: [line('Consulting hours', 2, 45_000, 2000)],
  });
  const open = await fin.invoices.finalize(
    (
      await fin.invoices.create({
        customer_id: blueBottle.id,
        currency: 'USD',
        due_date: today(),
        lines: [line('Espresso machine service', 3, 123_450)],
      })
    ).id,
  );
  const toPay = await fin.invoices.finalize(
    (
      await fin.invoices.create({
        customer_id: zephyr.id,
        currency: 'USD',
        lines: [line('Design retainer', 1, 9_999, 1000)],
      })
    ).id,
  );
  const paid = await fin.invoices.pay(toPay.id, { amount: toPay.amount_due });
  const toVoid = await fin.invoices.finalize(
    (
      await fin.invoices.create({
        customer_id: zephyr.id,
        currency: 'USD',
        lines: [line('Cancelled workshop', 1, 50_000)],
      })
    ).id,
  );
  const voided = await fin.invoices.void(toVoid.id);

  const codes = await accountIdsByCode(fin);
  const accountIds = {
    bank: codes.get('1100') ?? '',
    equity: codes.get('3000') ?? '',
    rent: codes.get('6100') ?? '',
  };
  const investment = await fin.journalEntries.create({
    date: today(),
    description: 'Owner investment',
    lines: [
      { account_id: accountIds.bank, direction: 'debit', amount: 5_000_000 },
      { account_id: accountIds.equity, direction: 'credit', amount: 5_000_000 },
    ],
  });
  return {
    customers: { acme, blueBottle, zephyr },
    invoices: { draft, open, paid, void: voided },
    investment,
    accountIds,
  };
}
