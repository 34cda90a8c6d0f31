/**
 * Allocation of an amount into parts or by ratios without losing or creating a minor unit.
 */
import { CalcInputError } from './calc.errors.js';
import { Decimal, type DecimalInput, parseDecimal } from './decimal.js';
import {
  type CurrencyOrExponent,
  exponentOf,
  formatMinorUnits,
  type RoundingMode,
  roundTo,
  toDecimal,
} from './money.js';

/** Parts and ratios beyond this are refused: every part is held in memory at once. */
export const MAX_ALLOCATION_PARTS = 100_000;

/** How to split: a number of equal parts, or one non-negative ratio per part. */
export type AllocationSplit = number | readonly DecimalInput[];

export interface AllocateOptions {
  /**
   * Rounds a total that has more decimals than the currency has before splitting it. Without
   * it such a total is refused (`amount_precision_exceeded`), because the parts could not sum
   * to it.
   */
  rounding?: RoundingMode;
}

/**
 * Splits an amount into parts, or in proportion to ratios, so that the parts sum exactly to
 * the total. Largest-remainder method: every part gets its exact share rounded down to the
 * minor unit, then the units left over go one each to the parts with the largest remainders;
 * equal remainders favour the earlier part. A negative total is split as its absolute value
 * and negated, so `-100.00` mirrors `100.00`. A zero ratio always gets zero.
 *
 * @param total - minor units (`bigint`, and the result is minor units) or a major-unit decimal
 *   (the result is major-unit Decimals and `currency` is required)
 * @param split - a count of equal parts (1 to 100 000) or ratios (non-negative, not all zero)
 * @throws CalcInputError `ratios_invalid` (param `ratios` or `ratios[i]`), `parameter_invalid`
 *   (param `parts`, `total` or `currency`), `currency_unknown` or `amount_precision_exceeded`
 * @example
 * allocate('100.00', 3, 'USD').map((p) => p.toFixed(2)); // ['33.34', '33.33', '33.33']
 * allocate(1000n, ['1', '0', '3']); // [250n, 0n, 750n]
 * allocate('-0.05', ['1', '1'], 'EUR').map((p) => p.toFixed(2)); // ['-0.03', '-0.02']
 */
export function allocate(total: bigint, split: AllocationSplit): bigint[];
export function allocate(
  total: DecimalInput,
  split: AllocationSplit,
  currency: CurrencyOrExponent,
  options?: AllocateOptions,
): Decimal[];
export function allocate(
  total: bigint | DecimalInput,
  split: AllocationSplit,
  currency?: CurrencyOrExponent,
  options: AllocateOptions = {},
): bigint[] | Decimal[] {
  const weights = splitWeights(split);
  if (typeof total === 'bigint') return distribute(total, weights);
  if (currency === undefined)
    throw new CalcInputError('parameter_invalid', 'currency', 'currency is required');
  const exponent = exponentOf(currency);
  const minor = totalInMinorUnits(toDecimal(total, 'total'), exponent, options.rounding);
  return distribute(minor, weights).map((part) => new Decimal(formatMinorUnits(part, exponent)));
}

/**
 * Rounds exact shares (in minor units) to integers that sum exactly to `target`, by the same
 * largest-remainder rule as {@link allocate}. Unlike `allocate`, shares may have mixed signs:
 * this is how a per-document rounded tax is spread back over lines that include credits.
 * Every result is its share rounded down or up, never further away.
 *
 * @param target - the rounded sum of the shares (any rounding mode); a negative target is
 *   handled as the mirror image of the positive one
 * @throws RangeError when `target` is not a rounding of the sum of the shares (a caller bug)
 * @example
 * apportionMinor(10n, [new Decimal('3.4'), new Decimal('3.3'), new Decimal('3.3')]); // [4n, 3n, 3n]
 */
export function apportionMinor(target: bigint, shares: readonly Decimal[]): bigint[] {
  if (target < 0n)
    return apportionMinor(
      -target,
      shares.map((share) => share.neg()),
    ).map((part) => -part);
  const floors = shares.map((share) => share.floor());
  const parts = floors.map((floor) => BigInt(floor.toFixed(0)));
  const units = target - sum(parts);
  if (units < 0n || units > BigInt(shares.length))
    throw new RangeError('apportionMinor: target is not a rounding of the sum of the shares');
  const remainders = shares.map((share, i) => share.minus(floors[i]!));
  return handOut(parts, units, (a, b) => remainders[b]!.cmp(remainders[a]!));
}

function splitWeights(split: AllocationSplit): bigint[] {
  if (typeof split === 'number') {
    if (!Number.isInteger(split) || split < 1 || split > MAX_ALLOCATION_PARTS)
      throw new CalcInputError(
        'parameter_invalid',
        'parts',
        `parts must be an integer from 1 to ${MAX_ALLOCATION_PARTS}`,
      );
    return new Array<bigint>(split).fill(1n);
  }
  if (split.length === 0 || split.length > MAX_ALLOCATION_PARTS)
    throw new CalcInputError(
      'ratios_invalid',
      'ratios',
      `ratios must list 1 to ${MAX_ALLOCATION_PARTS} ratios`,
    );
  const ratios = split.map(parseRatio);
  if (ratios.every((ratio) => ratio.isZero()))
    throw new CalcInputError('ratios_invalid', 'ratios', 'ratios must not all be zero');
  // Integer weights at a common scale keep the shares exact rationals: no digit is rounded.
  const scale = Math.max(...ratios.map((ratio) => ratio.decimalPlaces()));
  return ratios.map((ratio) => BigInt(ratio.toFixed(scale).replace('.', '')));
}

function parseRatio(value: DecimalInput, index: number): Decimal {
  const ratio = Decimal.isDecimal(value) ? new Decimal(value) : parseDecimal(value);
  if (ratio === undefined || !ratio.isFinite() || ratio.isNegative())
    throw new CalcInputError(
      'ratios_invalid',
      `ratios[${index}]`,
      'each ratio must be a non-negative decimal',
    );
  return ratio;
}

function totalInMinorUnits(total: Decimal, exponent: number, rounding?: RoundingMode): bigint {
  if (total.decimalPlaces() > exponent && rounding === undefined)
    throw new CalcInputError(
      'amount_precision_exceeded',
      'total',
      `total has more than ${exponent} decimals; pass a rounding mode to round it first`,
    );
  return BigInt(
    roundTo(total, exponent, rounding ?? 'half_up')
      .toFixed(exponent)
      .replace('.', ''),
  );
}

function distribute(total: bigint, weights: readonly bigint[]): bigint[] {
  if (total < 0n) return distribute(-total, weights).map((part) => -part);
  const weightSum = sum(weights);
  const parts = weights.map((weight) => (total * weight) / weightSum);
  const remainders = weights.map((weight) => (total * weight) % weightSum);
  return handOut(parts, total - sum(parts), (a, b) =>
    compareBigInt(remainders[b]!, remainders[a]!),
  );
}

/** Gives one unit each to the first `units` parts in `order`; the sort is stable, hence ties by position. */
function handOut(
  parts: bigint[],
  units: bigint,
  order: (a: number, b: number) => number,
): bigint[] {
  const ranked = parts.map((_, i) => i).sort(order);
  for (let k = 0; k < Number(units); k++) parts[ranked[k]!]! += 1n;
  return parts;
}

function compareBigInt(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sum(values: readonly bigint[]): bigint {
  let total = 0n;
  for (const value of values) total += value;
  return total;
}
