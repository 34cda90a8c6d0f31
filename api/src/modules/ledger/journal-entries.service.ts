import { CompiledQuery, sql } from 'kysely';
import { afterCommit, audit, emit, later, type TenantTx } from '../../platform/context.js';
import { statementByShape } from '../../platform/db/driver.js';
import { isUniqueViolation } from '../../platform/db/errors.js';
import type { Metadata } from '../../platform/db/schema.js';
import { newId } from '../../platform/ids.js';
import { knownCurrency, rememberCurrency } from './account-currencies.js';
import { ledgerConflict, ledgerError } from './ledger.errors.js';
import type { JournalEntry } from './ledger.schemas.js';

export interface PostingLine {
  account_id: string;
  direction: 'debit' | 'credit';
  amount: number | bigint;
}

export interface PostOptions {
  /**
   * Send the insert with COMMIT instead of now (saves a round trip). Only when nothing
   * later in the transaction reads the entry or references it: a foreign key to it would
   * fail, and a read would not see it.
   */
  defer?: boolean;
}

export interface NewEntry {
  date: string;
  description?: string | undefined;
  lines: PostingLine[];
  metadata?: Metadata | undefined;
  source?: { type: string; id: string };
  reverses?: string;
}

type EntryRow = {
  id: string;
  date: string;
  description: string | null;
  reverses_id: string | null;
  reversed_by: string | null;
  source_type: string | null;
  source_id: string | null;
  metadata: Metadata;
  created_at: Date;
};

type LineRow = {
  journal_entry_id: string;
  account_id: string;
  direction: 'debit' | 'credit';
  amount: string;
  currency: string;
};

function toEntry(row: EntryRow, lines: LineRow[]): JournalEntry {
  return {
    id: row.id,
    object: 'journal_entry',
    date: row.date,
    description: row.description,
    lines: lines.map((l) => ({
      account_id: l.account_id,
      direction: l.direction,
      amount: Number(l.amount),
      currency: l.currency.trim(),
    })),
    reverses: row.reverses_id,
    reversed_by: row.reversed_by,
    source: row.source_type && row.source_id ? { type: row.source_type, id: row.source_id } : null,
    metadata: row.metadata,
    created_at: row.created_at.toISOString(),
  };
}

/** Sums per currency in exact integers; throws unbalanced_entry naming the currency. */
function assertBalanced(lines: Array<PostingLine & { currency: string }>): void {
  const net = new Map<string, bigint>();
  for (const l of lines) {
    const signed = l.direction === 'debit' ? BigInt(l.amount) : -BigInt(l.amount);
    net.set(l.currency, (net.get(l.currency) ?? 0n) + signed);
  }
  for (const [currency, diff] of net) {
    if (diff !== 0n) {
      throw ledgerError(
        'unbalanced_entry',
        `Debits and credits in ${currency} differ by ${diff < 0n ? -diff : diff}; every currency must balance.`,
        'lines',
      );
    }
  }
}

/**
 * Posts a balanced entry and moves the account balances. The balance rows are locked only
 * by the increments at the end, in account-id order, so concurrent postings to the same
 * accounts wait for each other as briefly as possible and never deadlock. The database
 * re-checks the balance at commit.
 */
export async function postEntry(
  tx: TenantTx,
  input: NewEntry,
  options: PostOptions = {},
): Promise<JournalEntry> {
  const currencyOf = await accountCurrencies(tx, input.lines);
  const lines = input.lines.map((l, i) => {
    const currency = currencyOf.get(l.account_id);
    if (!currency) {
      throw ledgerError(
        'account_not_found',
        `No such account: '${l.account_id}'`,
        `lines[${i}][account_id]`,
      );
    }
    return { ...l, currency };
  });
  assertBalanced(lines);

  const id = newId('journalEntry');
  const createdAt = new Date();
  const lineRows = lines.map((l, i) => ({
    id: newId('journalLine'),
    line_no: i + 1,
    account_id: l.account_id,
    direction: l.direction,
    amount: String(l.amount),
    currency: l.currency,
  }));
  const balances = balanceIncrements(lines);
  // The entry, its lines and the balance increments are one statement (data-modifying
  // CTEs): one round trip instead of three on the hottest write path.
  const insert = CompiledQuery.raw(postingSql(lineRows.length, balances.length), [
    id,
    tx.tenantId,
    input.date,
    input.description ?? null,
    input.reverses ?? null,
    input.source?.type ?? null,
    input.source?.id ?? null,
    JSON.stringify(input.metadata ?? {}),
    createdAt,
    Math.floor(Math.random() * BALANCE_SLOTS),
    ...lineRows.flatMap((l) => [l.id, l.line_no, l.account_id, l.direction, l.amount, l.currency]),
    ...balances.flatMap((b) => [b.accountId, b.debits, b.credits]),
  ]);
  const onError = (err: unknown) =>
    input.reverses && isUniqueViolation(err, 'journal_entries_reverses_id_key')
      ? ledgerConflict(
          'already_reversed',
          `Journal entry '${input.reverses}' has already been reversed.`,
        )
      : undefined;
  if (options.defer) {
    later(tx, insert, onError);
  } else {
    await tx.trx.executeQuery(insert).catch((err: unknown) => {
      throw onError(err) ?? err;
    });
  }

  const entry = toEntry(
    {
      id,
      date: input.date,
      description: input.description ?? null,
      reverses_id: input.reverses ?? null,
      reversed_by: null,
      source_type: input.source?.type ?? null,
      source_id: input.source?.id ?? null,
      metadata: input.metadata ?? {},
      created_at: createdAt,
    },
    lineRows.map((l) => ({ ...l, journal_entry_id: id })),
  );
  emit(tx, 'journal_entry.posted', entry);
  audit(tx, 'journal_entry.post', 'journal_entry', id);
  return entry;
}

export const BALANCE_SLOTS = 32;

/** The entry's totals per account, in account-id order: the balance rows are written (and
 * locked) in that order, so concurrent postings cannot deadlock. */
function balanceIncrements(lines: PostingLine[]) {
  const totals = new Map<string, { debit: bigint; credit: bigint }>();
  for (const l of lines) {
    const t = totals.get(l.account_id) ?? { debit: 0n, credit: 0n };
    t[l.direction] += BigInt(l.amount);
    totals.set(l.account_id, t);
  }
  return [...totals]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([accountId, t]) => ({
      accountId,
      debits: t.debit.toString(),
      credits: t.credit.toString(),
    }));
}

/**
 * The currencies of the accounts `lines` name, looked up under RLS only for accounts this
 * process has not posted to before (see account-currencies.ts). An account missing from
 * the answer does not exist in this tenant.
 */
async function accountCurrencies(tx: TenantTx, lines: PostingLine[]) {
  const currencyOf = new Map<string, string>();
  const unknown: string[] = [];
  for (const { account_id } of lines) {
    if (currencyOf.has(account_id) || unknown.includes(account_id)) continue;
    const currency = knownCurrency(tx.tenantId, account_id);
    if (currency) currencyOf.set(account_id, currency);
    else unknown.push(account_id);
  }
  if (unknown.length === 0) return currencyOf;
  const found = await tx.trx
    .selectFrom('accounts')
    .select(['id', 'currency'])
    .where('tenant_id', '=', tx.tenantId)
    .where('id', 'in', unknown.sort())
    .execute();
  const looked = found.map((a) => [a.id, a.currency.trim()] as const);
  for (const [id, currency] of looked) currencyOf.set(id, currency);
  // Remembered once durable: an account created in this same transaction (a system account
  // on first use) must not be remembered if the transaction rolls back.
  afterCommit(tx, () => {
    for (const [id, currency] of looked) rememberCurrency(tx.tenantId, id, currency);
  });
  return currencyOf;
}

/**
 * The statement that inserts an entry, its lines and its balance increments. Values: $1 entry
 * id, $2 tenant, $3 date, $4 description, $5 reverses, $6 source type, $7 source id,
 * $8 metadata, $9 created at, $10 balance slot; then six per line (id, line number,
 * account, direction, amount, currency) and three per balance row (account, debits,
 * credits). Written by hand, not built with Kysely: building and compiling it cost the API
 * more CPU per posting than anything else of its own (api/bench/README.md).
 */
const postingSql = statementByShape((lineCount, balanceCount) => {
  let n = 10;
  const next = () => `$${++n}`;
  const lineValues = Array.from({ length: lineCount }, () => {
    const [lineId, lineNo, account, direction, amount, currency] = Array.from({ length: 6 }, next);
    return `(${lineId}, $2, $1, ${lineNo}, ${account}, ${direction}, ${amount}, ${currency})`;
  });
  const balanceValues = Array.from({ length: balanceCount }, () => {
    const [account, debits, credits] = Array.from({ length: 3 }, next);
    return `($2, ${account}, $10, ${debits}, ${credits})`;
  });
  return (
    'WITH entry AS (INSERT INTO journal_entries (id, tenant_id, date, description, reverses_id,' +
    ' source_type, source_id, metadata, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)),' +
    ' entry_lines AS (INSERT INTO journal_lines (id, tenant_id, journal_entry_id, line_no,' +
    ` account_id, direction, amount, currency) VALUES ${lineValues.join(', ')})` +
    ' INSERT INTO account_balances (tenant_id, account_id, slot, debits, credits)' +
    ` VALUES ${balanceValues.join(', ')}` +
    ' ON CONFLICT (account_id, slot) DO UPDATE SET debits = account_balances.debits +' +
    ' excluded.debits, credits = account_balances.credits + excluded.credits'
  );
});

const entrySelect = (tx: TenantTx) =>
  tx.trx
    .selectFrom('journal_entries as e')
    .select([
      'e.id',
      sql<string>`to_char(e.date, 'YYYY-MM-DD')`.as('date'),
      'e.description',
      'e.reverses_id',
      'e.source_type',
      'e.source_id',
      'e.metadata',
      'e.created_at',
      (eb) =>
        eb
          .selectFrom('journal_entries as r')
          .select('r.id')
          .whereRef('r.reverses_id', '=', 'e.id')
          .as('reversed_by'),
    ])
    .where('e.tenant_id', '=', tx.tenantId);

export async function withLines(tx: TenantTx, rows: EntryRow[]): Promise<JournalEntry[]> {
  if (rows.length === 0) return [];
  const lines = await tx.trx
    .selectFrom('journal_lines')
    .select(['journal_entry_id', 'account_id', 'direction', 'amount', 'currency'])
    .where('tenant_id', '=', tx.tenantId)
    .where(
      'journal_entry_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('journal_entry_id')
    .orderBy('line_no')
    .execute();
  const byEntry = new Map<string, LineRow[]>();
  for (const l of lines) {
    const group = byEntry.get(l.journal_entry_id);
    if (group) group.push(l);
    else byEntry.set(l.journal_entry_id, [l]);
  }
  return rows.map((r) => toEntry(r, byEntry.get(r.id) ?? []));
}

export async function findEntry(tx: TenantTx, id: string): Promise<JournalEntry | undefined> {
  const row = await entrySelect(tx).where('e.id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const [entry] = await withLines(tx, [row]);
  return entry;
}

export const entryQuery = entrySelect;

/** Posts the mirror image of an entry and links the two; an entry reverses at most once. */
export async function reverseEntry(
  tx: TenantTx,
  id: string,
  opts: { date?: string | undefined; description?: string | undefined } = {},
  options: PostOptions = {},
): Promise<JournalEntry | undefined> {
  const original = await findEntry(tx, id);
  if (!original) return undefined;
  if (original.reversed_by) {
    throw ledgerConflict(
      'already_reversed',
      `Journal entry '${id}' has already been reversed by '${original.reversed_by}'.`,
    );
  }
  const reversal = await postEntry(
    tx,
    {
      date: opts.date ?? original.date,
      description: opts.description ?? `Reversal of ${id}`,
      lines: original.lines.map((l) => ({
        account_id: l.account_id,
        direction: l.direction === 'debit' ? 'credit' : 'debit',
        amount: l.amount,
      })),
      reverses: id,
      ...(original.source ? { source: original.source } : {}),
    },
    options,
  );
  emit(tx, 'journal_entry.reversed', { ...original, reversed_by: reversal.id });
  audit(tx, 'journal_entry.reverse', 'journal_entry', id);
  return reversal;
}
