import type { Account } from '@finaceverse/sdk';
import { MAX_AMOUNT, parseMoney } from './money.js';

/** One line of the journal entry form, as typed. */
export interface JournalDraftLine {
  key: number;
  accountId: string;
  debit: string;
  credit: string;
}

/** What is wrong with a line, by field. */
export interface JournalLineProblems {
  account?: string;
  debit?: string;
  credit?: string;
  /** Neither or both sides filled in. */
  side?: string;
}

/** A valid line's figures. */
export interface JournalLineFigures {
  accountId: string;
  currency: string;
  direction: 'debit' | 'credit';
  amount: bigint;
}

/** A line checked: its problems, and its figures when it has none. */
export interface CheckedJournalLine {
  problems: JournalLineProblems;
  figures: JournalLineFigures | undefined;
}

let nextKey = 1;

/** A new empty line. */
export function emptyJournalLine(): JournalDraftLine {
  return { key: nextKey++, accountId: '', debit: '', credit: '' };
}

function side(
  text: string,
  currency: string,
  locale: string,
): { value?: bigint; problem?: string } {
  if (text.trim() === '') return {};
  const parsed = parseMoney(text, currency, locale);
  if (!parsed.ok) return { problem: parsed.reason };
  if (parsed.value === 0n) return { problem: 'Enter an amount greater than zero' };
  if (parsed.value > MAX_AMOUNT) return { problem: 'Enter a smaller amount' };
  return { value: parsed.value };
}

/**
 * Checks a typed line: an account, and exactly one of debit or credit, a positive amount in
 * the account's currency (parsed exactly to minor units).
 *
 * @example
 * ```ts
 * checkJournalLine({ key: 1, accountId: bank.id, debit: '100', credit: '' }, accounts, 'en-US').figures;
 * // { accountId: bank.id, currency: 'USD', direction: 'debit', amount: 10000n }
 * ```
 */
export function checkJournalLine(
  line: JournalDraftLine,
  accounts: readonly Account[],
  locale: string,
): CheckedJournalLine {
  const problems: JournalLineProblems = {};
  const account = accounts.find((a) => a.id === line.accountId);
  if (!account) problems.account = 'Choose an account';
  const currency = account?.currency ?? 'USD';
  const debit = side(line.debit, currency, locale);
  const credit = side(line.credit, currency, locale);
  if (debit.problem) problems.debit = debit.problem;
  if (credit.problem) problems.credit = credit.problem;
  const filled = (line.debit.trim() !== '' ? 1 : 0) + (line.credit.trim() !== '' ? 1 : 0);
  if (filled === 0) problems.side = 'Enter a debit or a credit';
  if (filled === 2) problems.side = 'Enter either a debit or a credit, not both';
  if (Object.keys(problems).length > 0 || !account) return { problems, figures: undefined };
  const direction = debit.value !== undefined ? 'debit' : 'credit';
  const amount = (debit.value ?? credit.value) as bigint;
  return { problems, figures: { accountId: account.id, currency, direction, amount } };
}

/** Debit and credit totals of one currency. */
export interface CurrencyTotals {
  currency: string;
  debit: bigint;
  credit: bigint;
}

/**
 * Debit and credit totals per currency of the valid lines, in first-seen order.
 *
 * @example
 * ```ts
 * journalTotals(checked); // [{ currency: 'USD', debit: 10000n, credit: 10000n }]
 * ```
 */
export function journalTotals(lines: readonly CheckedJournalLine[]): CurrencyTotals[] {
  const totals = new Map<string, CurrencyTotals>();
  for (const { figures } of lines) {
    if (!figures) continue;
    const t = totals.get(figures.currency) ?? { currency: figures.currency, debit: 0n, credit: 0n };
    if (figures.direction === 'debit') t.debit += figures.amount;
    else t.credit += figures.amount;
    totals.set(figures.currency, t);
  }
  return [...totals.values()];
}

/**
 * Whether the entry can be posted: every line valid, and in every currency debits equal
 * credits and are not zero.
 *
 * @example
 * ```ts
 * isBalanced(checked); // true when debits equal credits (and are not zero)
 * ```
 */
export function isBalanced(lines: readonly CheckedJournalLine[]): boolean {
  if (lines.length < 2 || lines.some((line) => !line.figures)) return false;
  const totals = journalTotals(lines);
  return totals.length > 0 && totals.every((t) => t.debit === t.credit && t.debit > 0n);
}
