import { type Kysely, sql } from 'kysely';
import { audit, emit, type TenantTx } from '../../platform/context.js';
import {
  type PlannerSettings,
  reusableQuery,
  withPlannerSettings,
} from '../../platform/db/driver.js';
import { isUniqueViolation } from '../../platform/db/errors.js';
import type { Database, Metadata } from '../../platform/db/schema.js';
import { type ListPage, type ListParams, paginate } from '../../platform/http/pagination.js';
import { newId } from '../../platform/ids.js';
import { ledgerConflict } from './ledger.errors.js';
import type { Account, AccountType } from './ledger.schemas.js';

const ownColumns = [
  'a.id',
  'a.code',
  'a.name',
  'a.type',
  'a.currency',
  'a.description',
  'a.metadata',
  'a.created_at',
] as const;

/** Accounts with their posted totals summed over the balance slots. */
const accountQuery = (tx: TenantTx) => accountsWithTotals(tx.trx, tx.tenantId);

const accountsWithTotals = (db: Kysely<Database>, tenantId: string) =>
  db
    .selectFrom('accounts as a')
    // Both totals in one pass over the slots; a scalar subquery per total read them twice.
    .crossJoinLateral((eb) =>
      eb
        .selectFrom('account_balances as b')
        .select([
          sql<string>`coalesce(sum(b.debits), 0)`.as('debits_posted'),
          sql<string>`coalesce(sum(b.credits), 0)`.as('credits_posted'),
        ])
        .whereRef('b.account_id', '=', 'a.id')
        .as('t'),
    )
    .select(ownColumns)
    .select(['t.debits_posted', 't.credits_posted'])
    .where('a.tenant_id', '=', tenantId);

type AccountRow = {
  id: string;
  code: string;
  name: string;
  type: AccountType;
  currency: string;
  description: string | null;
  debits_posted: string | null;
  credits_posted: string | null;
  metadata: Metadata;
  created_at: Date;
};

const debitNormal = new Set<AccountType>(['asset', 'expense']);

function toAccount(row: AccountRow): Account {
  const debits = Number(row.debits_posted ?? 0);
  const credits = Number(row.credits_posted ?? 0);
  return {
    id: row.id,
    object: 'account',
    code: row.code,
    name: row.name,
    type: row.type,
    currency: row.currency,
    description: row.description,
    balance: debitNormal.has(row.type) ? debits - credits : credits - debits,
    debits_posted: debits,
    credits_posted: credits,
    metadata: row.metadata,
    created_at: row.created_at.toISOString(),
  };
}

export interface NewAccount {
  code: string;
  name: string;
  type: AccountType;
  currency: string;
  description?: string | undefined;
  metadata?: Metadata | undefined;
  systemRole?: SystemRole;
}

export type SystemRole = 'cash' | 'receivable' | 'revenue' | 'tax_payable';

export async function createAccount(tx: TenantTx, input: NewAccount): Promise<Account> {
  try {
    const row = await tx.trx
      .insertInto('accounts')
      .values({
        id: newId('account'),
        tenant_id: tx.tenantId,
        code: input.code,
        name: input.name,
        type: input.type,
        currency: input.currency,
        description: input.description ?? null,
        system_role: input.systemRole ?? null,
        metadata: JSON.stringify(input.metadata ?? {}),
      })
      .returning([
        'id',
        'code',
        'name',
        'type',
        'currency',
        'description',
        'metadata',
        'created_at',
      ])
      .executeTakeFirstOrThrow();
    const account = toAccount({ ...row, debits_posted: '0', credits_posted: '0' });
    emit(tx, 'account.created', account);
    audit(tx, 'account.create', 'account', account.id);
    return account;
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw ledgerConflict(
        'account_code_taken',
        `An account with code '${input.code}' already exists.`,
      );
    }
    throw err;
  }
}

/**
 * The hottest read of the API, compiled once. One account's balance slots are at most
 * BALANCE_SLOTS rows under a primary-key prefix, which an index scan reads best; PostgreSQL,
 * estimating from a table it has not analysed yet or from slot counts averaged over all
 * accounts, picked a bitmap heap scan, which also builds a TID bitmap and asks the kernel
 * for the table's size on every read. With the index scan, PostgreSQL's CPU per read is
 * ~8 % lower: the bare SELECT of npm run bench:db-read cost 73 % of this read before, 80 %
 * after (api/bench/README.md).
 */
const slotsByIndexScan: PlannerSettings = { enable_bitmapscan: 'off' };

const accountById = reusableQuery(
  ['tenantId', 'id'],
  (db, v) => accountsWithTotals(db, v.tenantId).where('a.id', '=', v.id),
  slotsByIndexScan,
);

/**
 * A page of accounts, newest first. Each row sums its slots as findAccount does, and under
 * the same planner setting, or PostgreSQL plans a bitmap heap scan per row: pgbench with the
 * page's statement (11 rows, 8 clients, in turns) ran 6–17 % more transactions per second
 * with index scans (api/bench/README.md).
 */
export function listAccounts(
  tx: TenantTx,
  params: ListParams & { type?: AccountType | undefined },
): Promise<ListPage<Account>> {
  const { type, ...page } = params;
  return withPlannerSettings(tx.trx, slotsByIndexScan, () => {
    let q = accountQuery(tx);
    if (type) q = q.where('a.type', '=', type);
    return paginate(q, page, '/v1/accounts', toAccount);
  });
}

export async function findAccount(tx: TenantTx, id: string): Promise<Account | undefined> {
  const { rows } = await accountById(tx.trx, { tenantId: tx.tenantId, id });
  const row = rows[0];
  return row ? toAccount(row) : undefined;
}

export async function updateAccount(
  tx: TenantTx,
  id: string,
  patch: {
    name?: string | undefined;
    description?: string | null | undefined;
    metadata?: Metadata | undefined;
  },
): Promise<Account | undefined> {
  const row = await tx.trx
    .updateTable('accounts')
    .set({
      ...(patch.name === undefined ? {} : { name: patch.name }),
      ...(patch.description === undefined ? {} : { description: patch.description }),
      ...(patch.metadata === undefined ? {} : { metadata: JSON.stringify(patch.metadata) }),
      updated_at: new Date(),
    })
    .where('tenant_id', '=', tx.tenantId)
    .where('id', '=', id)
    .returning('id')
    .executeTakeFirst();
  if (!row) return undefined;
  const account = (await findAccount(tx, id))!;
  emit(tx, 'account.updated', account);
  audit(tx, 'account.update', 'account', id);
  return account;
}

const systemAccounts: Record<SystemRole, { code: string; name: string; type: AccountType }> = {
  cash: { code: '1000', name: 'Cash', type: 'asset' },
  receivable: { code: '1200', name: 'Accounts Receivable', type: 'asset' },
  tax_payable: { code: '2200', name: 'Sales Tax Payable', type: 'liability' },
  revenue: { code: '4000', name: 'Sales Revenue', type: 'income' },
};

/** The account that plays `role` in `currency`, created on first use for a new currency. */
export async function systemAccount(
  tx: TenantTx,
  role: SystemRole,
  currency: string,
): Promise<string> {
  const found = await tx.trx
    .selectFrom('accounts')
    .select('id')
    .where('tenant_id', '=', tx.tenantId)
    .where('system_role', '=', role)
    .where('currency', '=', currency)
    .executeTakeFirst();
  if (found) return found.id;
  const spec = systemAccounts[role];
  const account = await createAccount(tx, {
    ...spec,
    code: `${spec.code}-${currency}`,
    name: `${spec.name} (${currency})`,
    currency,
    systemRole: role,
  });
  return account.id;
}

/** The standard chart every new tenant starts with (USD; other currencies on first use). */
export const standardChart: NewAccount[] = [
  { ...systemAccounts.cash, currency: 'USD', systemRole: 'cash' },
  { code: '1100', name: 'Bank', type: 'asset', currency: 'USD' },
  { ...systemAccounts.receivable, currency: 'USD', systemRole: 'receivable' },
  { code: '1500', name: 'Equipment', type: 'asset', currency: 'USD' },
  { code: '2000', name: 'Accounts Payable', type: 'liability', currency: 'USD' },
  { ...systemAccounts.tax_payable, currency: 'USD', systemRole: 'tax_payable' },
  { code: '3000', name: "Owner's Equity", type: 'equity', currency: 'USD' },
  { code: '3100', name: 'Retained Earnings', type: 'equity', currency: 'USD' },
  { ...systemAccounts.revenue, currency: 'USD', systemRole: 'revenue' },
  { code: '4100', name: 'Service Revenue', type: 'income', currency: 'USD' },
  { code: '5000', name: 'Cost of Goods Sold', type: 'expense', currency: 'USD' },
  { code: '6000', name: 'Operating Expenses', type: 'expense', currency: 'USD' },
  { code: '6100', name: 'Rent', type: 'expense', currency: 'USD' },
  { code: '6200', name: 'Salaries', type: 'expense', currency: 'USD' },
];

/** Seeds the standard chart of accounts inside the tenant-creating transaction. */
export async function seedChartOfAccounts(tx: TenantTx): Promise<void> {
  await tx.trx
    .insertInto('accounts')
    .values(
      standardChart.map((a) => ({
        id: newId('account'),
        tenant_id: tx.tenantId,
        code: a.code,
        name: a.name,
        type: a.type,
        currency: a.currency,
        system_role: a.systemRole ?? null,
        metadata: '{}',
      })),
    )
    .execute();
}
