import type { CreateInvoiceRequest } from '@finaceverse/sdk';
import {
  invoiceTotals,
  type LineInput,
  MAX_AMOUNT,
  parseMoney,
  parseQuantity,
  parseTaxRate,
} from './money.js';

/** One line of the invoice form, as typed. */
export interface DraftLine {
  key: number;
  description: string;
  quantity: string;
  unitPrice: string;
  taxRate: string;
}

/** What is wrong with each field of a line, if anything. */
export interface LineProblems {
  description?: string;
  quantity?: string;
  unitPrice?: string;
  taxRate?: string;
}

/** A line checked: its problems, and its figures when it has none. */
export interface CheckedLine {
  problems: LineProblems;
  figures: LineInput | undefined;
}

let nextKey = 1;

/** A new empty line (quantity 1). */
export function emptyLine(): DraftLine {
  return { key: nextKey++, description: '', quantity: '1', unitPrice: '', taxRate: '' };
}

/**
 * Checks a typed line: description required (≤ 500 characters), a whole quantity ≥ 1,
 * a unit price in major units of `currency` (exact, no rounding), a tax rate in percent.
 *
 * @example
 * ```ts
 * checkLine({ key: 1, description: 'Hours', quantity: '2', unitPrice: '450', taxRate: '20' }, 'USD', 'en-US').figures;
 * // { quantity: 2n, unitAmount: 45000n, taxRateBps: 2000n }
 * ```
 */
export function checkLine(line: DraftLine, currency: string, locale: string): CheckedLine {
  const problems: LineProblems = {};
  const description = line.description.trim();
  if (description === '') problems.description = 'Enter a description';
  else if (description.length > 500) problems.description = 'Use at most 500 characters';
  const quantity = parseQuantity(line.quantity);
  if (!quantity.ok) problems.quantity = quantity.reason;
  const unit = parseMoney(line.unitPrice, currency, locale);
  if (!unit.ok) problems.unitPrice = unit.reason;
  else if (unit.value > MAX_AMOUNT) problems.unitPrice = 'Enter a smaller amount';
  const rate = parseTaxRate(line.taxRate, locale);
  if (!rate.ok) problems.taxRate = rate.reason;
  const figures =
    quantity.ok && unit.ok && rate.ok && problems.unitPrice === undefined
      ? { quantity: quantity.value, unitAmount: unit.value, taxRateBps: rate.value }
      : undefined;
  return { problems, figures };
}

/** Whether a checked line has any problem. */
export function hasProblems(line: CheckedLine): boolean {
  return Object.keys(line.problems).length > 0;
}

/**
 * Live totals of the lines whose figures are valid, with the API's rounding.
 *
 * @example
 * ```ts
 * draftTotals(lines.map((l) => checkLine(l, 'USD', 'en-US'))).total;
 * ```
 */
export function draftTotals(lines: readonly CheckedLine[]) {
  return invoiceTotals(lines.flatMap((line) => (line.figures ? [line.figures] : [])));
}

/** The `fin.invoices.create` lines of checked, valid lines. */
export function requestLines(
  drafts: readonly DraftLine[],
  checked: readonly CheckedLine[],
): CreateInvoiceRequest['lines'] {
  return checked.flatMap((line, i) =>
    line.figures
      ? [
          {
            description: drafts[i]?.description.trim() ?? '',
            quantity: Number(line.figures.quantity),
            unit_amount: Number(line.figures.unitAmount),
            tax_rate_bps: Number(line.figures.taxRateBps),
          },
        ]
      : [],
  );
}
