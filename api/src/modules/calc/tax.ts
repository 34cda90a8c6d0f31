/**
 * Tax on a document's lines: rates in integer basis points, tax-exclusive or tax-inclusive
 * amounts, compound taxes, and rounding per line or per document. Lines always satisfy
 * net + taxes = gross exactly, and document totals are exact sums of the lines.
 */

import { apportionMinor } from './allocate.js';
import { CalcInputError } from './calc.errors.js';
import { Decimal, type DecimalInput } from './decimal.js';
import {
  exponentOf,
  formatMinorUnits,
  isRoundingMode,
  type RoundingMode,
  roundTo,
  toDecimal,
} from './money.js';

/** 100 000 bp = 1 000 %: above any real tax, low enough to catch a rate given in the wrong unit. */
export const MAX_RATE_BPS = 100_000;

export interface TaxDefinition {
  /** Identifies the tax in lines and results, e.g. `"GST"`; unique within a document. */
  code: string;
  /** The rate in basis points: 1 bp = 0.01 %, so 20 % is 2000. An integer from 0 to 100 000. */
  rate_bps: number;
  /**
   * Charged on the line amount plus the taxes listed before it in the document's `taxes` (as
   * rounded on that line), like Quebec's former QST on a GST-inclusive price. Default false.
   */
  compound?: boolean;
}

export interface TaxLineInput {
  /** Net of tax, or gross when `tax_behavior` is `inclusive`; whole minor units, may be negative. */
  amount: DecimalInput;
  /** Codes of the taxes charged on this line; omitted means every tax of the document. */
  taxes?: readonly string[];
}

export type TaxBehavior = 'exclusive' | 'inclusive';
export type TaxRounding = 'per_line' | 'per_document';

export interface TaxInput {
  /** ISO 4217 code: results are rounded to its minor unit. */
  currency: string;
  /** Taxes in the order they apply: a compound tax is charged on the ones before it. */
  taxes: readonly TaxDefinition[];
  lines: readonly TaxLineInput[];
  /** Whether line amounts exclude tax (default) or include it and the tax is extracted. */
  tax_behavior?: TaxBehavior;
  /**
   * `per_line` (default): each line's tax is rounded, and the document's is their sum.
   * `per_document`: each tax's exact amounts are summed over the lines and rounded once, then
   * spread back over the lines by largest remainder so the lines still sum to it.
   */
  rounding?: TaxRounding;
  /** Default `half_up` (half away from zero). */
  rounding_mode?: RoundingMode;
}

export interface TaxAmount {
  code: string;
  amount: Decimal;
}

export interface TaxFigures {
  net: Decimal;
  /** One entry per tax: on a line the taxes it is charged, in the totals every tax of the document. */
  taxes: TaxAmount[];
  tax: Decimal;
  gross: Decimal;
}

export interface TaxResult {
  lines: TaxFigures[];
  totals: TaxFigures;
}

interface Tax {
  code: string;
  rate: Decimal;
  compound: boolean;
}

interface Line {
  amount: bigint;
  /** Indexes into the document's taxes, ascending: the order compound taxes build on. */
  taxes: number[];
}

/** Rounded tax per line and per document tax (index), in minor units; 0 where not charged. */
type TaxGrid = bigint[][];

/**
 * Calculates every line's net, taxes and gross and the document totals, rounded to the
 * currency's minor unit. With `tax_behavior: 'inclusive'` the exact net is extracted from
 * the gross (net = gross / (1 + r) for one tax, gross / (1 + r1 + r2) for two simple ones,
 * gross / ((1 + r1)(1 + r2)) when the second compounds), the taxes are computed from it and
 * rounded, and the line's net is then the gross minus the rounded taxes, so that the gross a
 * customer pays is kept exactly.
 *
 * @throws CalcInputError naming the field: `currency`, `taxes[i][code]`, `taxes[i][rate_bps]`,
 *   `lines[i][amount]`, `lines[i][taxes][j]`, `tax_behavior`, `rounding` or `rounding_mode`
 * @example
 * const result = calculateTax({
 *   currency: 'CAD',
 *   taxes: [{ code: 'GST', rate_bps: 500 }, { code: 'QST', rate_bps: 950, compound: true }],
 *   lines: [{ amount: '100.00' }],
 * });
 * result.totals.taxes.map((t) => t.amount.toFixed(2)); // ['5.00', '9.98']
 * result.totals.gross.toFixed(2); // '114.98'
 */
export function calculateTax(input: TaxInput): TaxResult {
  const exponent = exponentOf(input.currency);
  const behavior = choice(input.tax_behavior, ['exclusive', 'inclusive'] as const, 'tax_behavior');
  const rounding = choice(input.rounding, ['per_line', 'per_document'] as const, 'rounding');
  const mode = input.rounding_mode ?? 'half_up';
  if (!isRoundingMode(mode))
    throw new CalcInputError('parameter_invalid', 'rounding_mode', 'unknown rounding_mode');
  const taxes = input.taxes.map(prepareTax);
  const codes = taxCodeIndex(taxes);
  const lines = input.lines.map((line, i) => prepareLine(line, i, codes, exponent));
  const nets = lines.map((line) =>
    behavior === 'inclusive' ? extractNet(line, taxes) : new Decimal(line.amount.toString()),
  );
  const grid =
    rounding === 'per_line'
      ? roundPerLine(lines, nets, taxes, mode)
      : roundPerDocument(lines, nets, taxes, mode);
  return assemble(lines, grid, taxes, behavior, exponent);
}

function choice<T extends string>(value: T | undefined, allowed: readonly T[], param: string): T {
  if (value === undefined) return allowed[0]!;
  if (allowed.includes(value)) return value;
  throw new CalcInputError('parameter_invalid', param, `${param} must be ${allowed.join(' or ')}`);
}

function prepareTax(tax: TaxDefinition, i: number): Tax {
  if (typeof tax.code !== 'string' || tax.code === '')
    throw new CalcInputError('parameter_invalid', `taxes[${i}][code]`, 'code must be a string');
  if (!Number.isInteger(tax.rate_bps) || tax.rate_bps < 0 || tax.rate_bps > MAX_RATE_BPS)
    throw new CalcInputError(
      'parameter_invalid',
      `taxes[${i}][rate_bps]`,
      `rate_bps must be an integer from 0 to ${MAX_RATE_BPS} (1 bp = 0.01 %)`,
    );
  return { code: tax.code, rate: new Decimal(tax.rate_bps).div(10_000), compound: !!tax.compound };
}

function taxCodeIndex(taxes: readonly Tax[]): Map<string, number> {
  const index = new Map<string, number>();
  taxes.forEach((tax, i) => {
    if (index.has(tax.code))
      throw new CalcInputError(
        'parameter_invalid',
        `taxes[${i}][code]`,
        `duplicate tax ${tax.code}`,
      );
    index.set(tax.code, i);
  });
  return index;
}

function prepareLine(
  line: TaxLineInput,
  i: number,
  codes: ReadonlyMap<string, number>,
  exponent: number,
): Line {
  const param = `lines[${i}][amount]`;
  const amount = toDecimal(line.amount, param);
  if (amount.decimalPlaces() > exponent)
    throw new CalcInputError(
      'amount_precision_exceeded',
      param,
      `amount has more than ${exponent} decimals`,
    );
  const taxes = (line.taxes ?? [...codes.keys()]).map((code, j) => {
    const index = codes.get(code);
    if (index === undefined)
      throw new CalcInputError('parameter_invalid', `lines[${i}][taxes][${j}]`, `no tax ${code}`);
    return index;
  });
  if (new Set(taxes).size !== taxes.length)
    throw new CalcInputError('parameter_invalid', `lines[${i}][taxes]`, 'a tax is listed twice');
  return {
    amount: BigInt(amount.toFixed(exponent).replace('.', '')),
    taxes: taxes.sort((a, b) => a - b),
  };
}

/**
 * Each tax is k × net, where k = rate × (1 + the earlier k's) for a compound tax and k = rate
 * otherwise, so gross = net × (1 + Σk).
 */
function extractNet(line: Line, taxes: readonly Tax[]): Decimal {
  let factorSum = new Decimal(0);
  for (const j of line.taxes) {
    const tax = taxes[j]!;
    factorSum = factorSum.plus(tax.compound ? tax.rate.times(factorSum.plus(1)) : tax.rate);
  }
  return new Decimal(line.amount.toString()).div(factorSum.plus(1));
}

function roundMinor(value: Decimal, mode: RoundingMode): bigint {
  return BigInt(roundTo(value, 0, mode).toFixed(0));
}

/** The base a tax is charged on: the net, plus the taxes already charged when it compounds. */
function base(net: Decimal, earlier: bigint, tax: Tax): Decimal {
  return tax.compound ? net.plus(earlier.toString()) : net;
}

function roundPerLine(
  lines: readonly Line[],
  nets: readonly Decimal[],
  taxes: readonly Tax[],
  mode: RoundingMode,
): TaxGrid {
  return lines.map((line, i) => {
    const row = new Array<bigint>(taxes.length).fill(0n);
    let earlier = 0n;
    for (const j of line.taxes) {
      const tax = taxes[j]!;
      row[j] = roundMinor(base(nets[i]!, earlier, tax).times(tax.rate), mode);
      earlier += row[j]!;
    }
    return row;
  });
}

function roundPerDocument(
  lines: readonly Line[],
  nets: readonly Decimal[],
  taxes: readonly Tax[],
  mode: RoundingMode,
): TaxGrid {
  const grid = lines.map(() => new Array<bigint>(taxes.length).fill(0n));
  const earlier = lines.map(() => 0n);
  taxes.forEach((tax, j) => {
    const charged = lines.flatMap((line, i) => (line.taxes.includes(j) ? [i] : []));
    const exact = charged.map((i) => base(nets[i]!, earlier[i]!, tax).times(tax.rate));
    const total = roundMinor(
      exact.reduce((sum, amount) => sum.plus(amount), new Decimal(0)),
      mode,
    );
    apportionMinor(total, exact).forEach((share, k) => {
      const i = charged[k]!;
      grid[i]![j] = share;
      earlier[i]! += share;
    });
  });
  return grid;
}

function assemble(
  lines: readonly Line[],
  grid: TaxGrid,
  taxes: readonly Tax[],
  behavior: TaxBehavior,
  exponent: number,
): TaxResult {
  const money = (minor: bigint) => new Decimal(formatMinorUnits(minor, exponent));
  const figures = (net: bigint, amounts: [number, bigint][]): TaxFigures => {
    const tax = amounts.reduce((sum, [, amount]) => sum + amount, 0n);
    return {
      net: money(net),
      taxes: amounts.map(([j, amount]) => ({ code: taxes[j]!.code, amount: money(amount) })),
      tax: money(tax),
      gross: money(net + tax),
    };
  };
  let documentNet = 0n;
  const lineFigures = lines.map((line, i) => {
    const row = grid[i]!;
    const lineTax = line.taxes.reduce((sum, j) => sum + row[j]!, 0n);
    const net = behavior === 'inclusive' ? line.amount - lineTax : line.amount;
    documentNet += net;
    return figures(
      net,
      line.taxes.map((j) => [j, row[j]!]),
    );
  });
  const taxTotals = taxes.map((_, j): [number, bigint] => [
    j,
    grid.reduce((sum, row) => sum + row[j]!, 0n),
  ]);
  return { lines: lineFigures, totals: figures(documentNet, taxTotals) };
}
