import { type QueryCreator, sql } from 'kysely';
import { audit, emit, later, type TenantTx } from '../../platform/context.js';
import { isUniqueViolation } from '../../platform/db/errors.js';
import type { Database, Metadata } from '../../platform/db/schema.js';
import { newId } from '../../platform/ids.js';
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
  const accountIds = [...new Set(input.lines.map((l) => l.account_id))].sort();
  const accounts = await tx.trx
    .selectFrom('accounts')
    .select(['id', 'currency'])
    .where('tenant_id', '=', tx.tenantId)
    .where('id', 'in', accountIds)
    .execute();
  const currencyOf = new Map(accounts.map((a) => [a.id, a.currency.trim()]));
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
    tenant_id: tx.tenantId,
    journal_entry_id: id,
    line_no: i + 1,
    account_id: l.account_id,
    direction: l.direction,
    amount: String(l.amount),
    currency: l.currency,
  }));
  // The entry, its lines and the balance increments are one statement (data-modifying
  // CTEs): one round trip instead of three on the hottest write path.
  const insert = balanceIncrements(
    tx,
    lines,
    tx.trx
      .with('entry', (db) =>
        db.insertInto('journal_entries').values({
          id,
          tenant_id: tx.tenantId,
          date: input.date,
          description: input.description ?? null,
          reverses_id: input.reverses ?? null,
          source_type: input.source?.type ?? null,
          source_id: input.source?.id ?? null,
          metadata: JSON.stringify(input.metadata ?? {}),
          created_at: createdAt,
        }),
      )
      .with('entry_lines', (db) =>
        db.insertInto('journal_lines').values(lineRows),
      ) as unknown as QueryCreator<Database>,
  );
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
    await insert.execute().catch((err: unknown) => {
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
    lineRows.map((l) => ({ ...l, amount: l.amount })),
  );
  emit(tx, 'journal_entry.posted', entry);
  audit(tx, 'journal_entry.post', 'journal_entry', id);
  return entry;
}

export const BALANCE_SLOTS = 32;

/**
 * The insert that adds the entry's totals to one random balance slot per account. Rows are
 * written (and locked) in account-id order, so concurrent postings cannot deadlock.
 */
function balanceIncrements(tx: TenantTx, lines: PostingLine[], qc: QueryCreator<Database>) {
  const totals = new Map<string, { debit: bigint; credit: bigint }>();
  for (const l of lines) {
    const t = totals.get(l.account_id) ?? { debit: 0n, credit: 0n };
    t[l.direction] += BigInt(l.amount);
    totals.set(l.account_id, t);
  }
  const slot = Math.floor(Math.random() * BALANCE_SLOTS);
  return qc
    .insertInto('account_balances')
    .values(
      [...totals]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([accountId, t]) => ({
          tenant_id: tx.tenantId,
          account_id: accountId,
          slot,
          debits: t.debit.toString(),
          credits: t.credit.toString(),
        })),
    )
    .onConflict((oc) =>
      oc.columns(['account_id', 'slot']).doUpdateSet((eb) => ({
        debits: eb('account_balances.debits', '+', eb.ref('excluded.debits')),
        credits: eb('account_balances.credits', '+', eb.ref('excluded.credits')),
      })),
    );
}

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
