/**
 * Money arithmetic: explicit rounding modes and currency minor units (allocation is in
 * allocate.ts). Amounts are `Decimal`s in major units
 * or `bigint`s in minor units; floats never carry money.
 */
import { CalcInputError } from './calc.errors.js';
import { currencyExponent } from './currencies.js';
import { Decimal, type DecimalInput, parseDecimal } from './decimal.js';

/**
 * `half_up` rounds a tie away from zero (2.5 → 3, -2.5 → -3), `half_down` towards zero,
 * `half_even` to the even neighbour (banker's: 2.5 → 2, 3.5 → 4). `down` truncates towards
 * zero, `up` goes away from zero, `ceiling` towards +∞ and `floor` towards -∞.
 */
export const ROUNDING_MODES = [
  'half_up',
  'half_even',
  'half_down',
  'down',
  'up',
  'ceiling',
  'floor',
] as const;
export type RoundingMode = (typeof ROUNDING_MODES)[number];

const decimalJsMode = {
  half_up: Decimal.ROUND_HALF_UP,
  half_even: Decimal.ROUND_HALF_EVEN,
  half_down: Decimal.ROUND_HALF_DOWN,
  down: Decimal.ROUND_DOWN,
  up: Decimal.ROUND_UP,
  ceiling: Decimal.ROUND_CEIL,
  floor: Decimal.ROUND_FLOOR,
} as const satisfies Record<RoundingMode, number>;

/** Narrows untrusted input (a JSON field) to a rounding mode. */
export function isRoundingMode(value: unknown): value is RoundingMode {
  return (ROUNDING_MODES as readonly unknown[]).includes(value);
}

/** A currency as an ISO 4217 code (`"EUR"`) or directly as its minor-unit exponent (`2`). */
export type CurrencyOrExponent = string | number;

/** ISO 4217 does not go beyond 4 decimals; 18 leaves room for crypto-style units without abuse. */
const MAX_EXPONENT = 18;

/**
 * The minor-unit exponent of a currency code, or the exponent itself when given as a number.
 *
 * @throws CalcInputError `currency_unknown` for a code ISO 4217 does not list, or
 *   `parameter_invalid` for an exponent that is not an integer from 0 to 18
 * @example
 * exponentOf('BHD'); // 3
 * exponentOf(2); // 2
 */
export function exponentOf(currency: CurrencyOrExponent, param = 'currency'): number {
  if (typeof currency === 'number') {
    if (Number.isInteger(currency) && currency >= 0 && currency <= MAX_EXPONENT) return currency;
    throw new CalcInputError(
      'parameter_invalid',
      param,
      `${param} must be an integer from 0 to ${MAX_EXPONENT}`,
    );
  }
  const exponent = currencyExponent(currency);
  if (exponent === undefined)
    throw new CalcInputError('currency_unknown', param, `Unknown ISO 4217 currency: '${currency}'`);
  return exponent;
}

/**
 * Parses a decimal argument (string, finite number or Decimal).
 *
 * @throws CalcInputError `parameter_invalid` naming `param` when it is not a finite decimal
 * @example
 * toDecimal('1234.5678', 'principal').toFixed(); // '1234.5678'
 */
export function toDecimal(value: DecimalInput, param: string): Decimal {
  const parsed = Decimal.isDecimal(value) ? new Decimal(value) : parseDecimal(value);
  if (parsed === undefined || !parsed.isFinite())
    throw new CalcInputError('parameter_invalid', param, `${param} must be a decimal number`);
  return parsed;
}

/**
 * Rounds to a number of decimal places with an explicit mode.
 *
 * @example
 * roundTo(new Decimal('2.5'), 0, 'half_even').toFixed(); // '2'
 * roundTo(new Decimal('-1.005'), 2, 'half_up').toFixed(); // '-1.01'
 */
export function roundTo(value: Decimal, places: number, mode: RoundingMode): Decimal {
  return value.toDecimalPlaces(places, decimalJsMode[mode]);
}

/**
 * Rounds to the currency's minor unit.
 *
 * @example
 * roundToMinor(new Decimal('1199.1010503'), 'USD', 'half_up').toFixed(); // '1199.1'
 * roundToMinor(new Decimal('1199.5'), 'JPY', 'half_even').toFixed(); // '1200'
 */
export function roundToMinor(
  value: Decimal,
  currency: CurrencyOrExponent,
  mode: RoundingMode,
): Decimal {
  return roundTo(value, exponentOf(currency), mode);
}

/**
 * Converts a major-unit amount to integer minor units, rounding what lies below the minor unit.
 *
 * @example
 * toMinorUnits(new Decimal('12.345'), 'USD', 'half_even'); // 1234n
 * toMinorUnits(new Decimal('1.2345'), 'BHD', 'half_up'); // 1235n
 */
export function toMinorUnits(
  value: Decimal,
  currency: CurrencyOrExponent,
  mode: RoundingMode = 'half_up',
): bigint {
  const exponent = exponentOf(currency);
  return BigInt(roundTo(value, exponent, mode).toFixed(exponent).replace('.', ''));
}

/**
 * Converts integer minor units back to an exact major-unit Decimal.
 *
 * @example
 * fromMinorUnits(-105n, 'USD').toFixed(2); // '-1.05'
 */
export function fromMinorUnits(minor: bigint, currency: CurrencyOrExponent): Decimal {
  return new Decimal(formatMinorUnits(minor, exponentOf(currency)));
}

/**
 * Writes integer minor units as a plain major-unit decimal string with exactly `exponent`
 * decimals: the form in which amounts travel in JSON.
 *
 * @example
 * formatMinorUnits(119910n, 2); // '1199.10'
 * formatMinorUnits(-5n, 3); // '-0.005'
 */
export function formatMinorUnits(minor: bigint, exponent: number): string {
  const small = Number(minor);
  if (Number.isSafeInteger(small) && exponent < SMALL_SCALES.length)
    return formatSmall(small, exponent);
  const digits = (minor < 0n ? -minor : minor).toString().padStart(exponent + 1, '0');
  const sign = minor < 0n ? '-' : '';
  if (exponent === 0) return sign + digits;
  const cut = digits.length - exponent;
  return `${sign}${digits.slice(0, cut)}.${digits.slice(cut)}`;
}

const SMALL_SCALES = [1, 10, 100, 1000, 10_000] as const;
const ZEROS = ['', '0', '00', '000', '0000'] as const;

/**
 * The same for amounts below 2^53 in Number arithmetic, which is exact there and measured
 * about twice as fast as formatting the BigInt: a schedule formats four amounts per row.
 */
function formatSmall(minor: number, exponent: number): string {
  if (exponent === 0) return String(minor);
  const magnitude = minor < 0 ? -minor : minor;
  const scale = SMALL_SCALES[exponent]!;
  const fraction = String(magnitude % scale);
  const whole = (magnitude - (magnitude % scale)) / scale;
  return `${minor < 0 ? '-' : ''}${whole}.${ZEROS[exponent - fraction.length]}${fraction}`;
}

/**
 * Rounds the exact quotient `numerator / denominator` to an integer. This is how exact
 * rational amounts (a balance times a rate times a day-count fraction) become minor units
 * without ever being approximated.
 *
 * @param denominator - must be positive
 * @example
 * roundQuotient(5n, 2n, 'half_even'); // 2n
 * roundQuotient(-7n, 2n, 'floor'); // -4n
 */
export function roundQuotient(numerator: bigint, denominator: bigint, mode: RoundingMode): bigint {
  const quotient = numerator / denominator;
  const remainder = numerator % denominator;
  if (remainder === 0n) return quotient;
  const away = numerator < 0n ? quotient - 1n : quotient + 1n;
  switch (mode) {
    case 'down':
      return quotient;
    case 'up':
      return away;
    case 'ceiling':
      return numerator > 0n ? away : quotient;
    case 'floor':
      return numerator < 0n ? away : quotient;
    default: {
      const twice = 2n * (remainder < 0n ? -remainder : remainder);
      if (twice !== denominator) return twice > denominator ? away : quotient;
      if (mode === 'half_up') return away;
      if (mode === 'half_down') return quotient;
      return quotient % 2n === 0n ? quotient : away;
    }
  }
}

/** An exact rational `numerator / denominator` with a positive denominator. */
export interface Rational {
  numerator: bigint;
  denominator: bigint;
}

/**
 * The exact rational value of a finite Decimal (its decimal digits over a power of ten).
 *
 * @example
 * decimalToRational(new Decimal('0.065')); // { numerator: 65n, denominator: 1000n }
 */
export function decimalToRational(value: Decimal): Rational {
  const places = value.decimalPlaces();
  return {
    numerator: BigInt(value.toFixed(places).replace('.', '')),
    denominator: 10n ** BigInt(places),
  };
}
