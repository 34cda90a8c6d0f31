/**
 * Exact money arithmetic for the elements: amounts are integer minor units held as `bigint`,
 * parsed from what people type without ever passing through a float.
 */

/** A parse that either gives the value or says, in words for the form, what is wrong. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

const digitsCache = new Map<string, number>();

/**
 * How many minor-unit digits `currency` has (2 for USD, 0 for JPY, 3 for BHD), from `Intl`.
 *
 * @example
 * ```ts
 * currencyDigits('JPY'); // 0
 * ```
 */
export function currencyDigits(currency: string): number {
  const code = currency.toUpperCase();
  let digits = digitsCache.get(code);
  if (digits === undefined) {
    try {
      digits = new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions()
        .maximumFractionDigits;
    } catch {
      digits = 2;
    }
    digits ??= 2;
    digitsCache.set(code, digits);
  }
  return digits;
}

/**
 * The decimal string of `minor` minor units with `digits` fraction digits, e.g. `"1234.50"`.
 * `Intl.NumberFormat#format` accepts it exactly, so no amount is rounded through a float.
 *
 * @example
 * ```ts
 * minorToDecimal(123450n, 2); // '1234.50'
 * ```
 */
export function minorToDecimal(minor: bigint, digits: number): string {
  const negative = minor < 0n;
  const abs = (negative ? -minor : minor).toString().padStart(digits + 1, '0');
  const whole = abs.slice(0, abs.length - digits);
  const fraction = digits > 0 ? `.${abs.slice(abs.length - digits)}` : '';
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

interface Separators {
  decimal: string;
  group: string;
}

const separatorCache = new Map<string, Separators>();

/** The decimal and grouping separators people type in `locale`. */
export function separators(locale: string): Separators {
  let found = separatorCache.get(locale);
  if (!found) {
    const parts = new Intl.NumberFormat(locale).formatToParts(12345.6);
    found = {
      decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.',
      group: parts.find((p) => p.type === 'group')?.value ?? ',',
    };
    separatorCache.set(locale, found);
  }
  return found;
}

/**
 * Parses a non-negative decimal typed in `locale` (its grouping separators and spaces are
 * ignored, its decimal separator is the only one accepted) into an integer count of
 * `10^-digits` units. More fraction digits than `digits` is an error, never a rounding.
 *
 * @example
 * ```ts
 * parseDecimal('1,234.5', 2, 'en-US'); // { ok: true, value: 123450n }
 * parseDecimal('1.234,5', 2, 'de-DE'); // { ok: true, value: 123450n }
 * parseDecimal('0.125', 2, 'en-US');   // { ok: false, reason: 'Use at most 2 decimal places' }
 * ```
 */
export function parseDecimal(text: string, digits: number, locale: string): Parsed<bigint> {
  const { decimal, group } = separators(locale);
  let cleaned = text.trim().replace(/[\s\u00a0\u202f]/g, '');
  if (group !== decimal) cleaned = cleaned.split(group).join('');
  if (decimal !== '.') cleaned = cleaned.replace(decimal, '.');
  if (cleaned === '') return { ok: false, reason: 'Enter an amount' };
  const match = /^(\d*)(?:\.(\d*))?$/.exec(cleaned);
  if (!match || (match[1] === '' && (match[2] ?? '') === '')) {
    return { ok: false, reason: `Enter a number such as ${exampleNumber(digits, decimal)}` };
  }
  const fraction = match[2] ?? '';
  if (fraction.length > digits) {
    return {
      ok: false,
      reason:
        digits === 0
          ? 'Use whole units only'
          : `Use at most ${digits} decimal place${digits === 1 ? '' : 's'}`,
    };
  }
  const units = BigInt(`${match[1] || '0'}${fraction.padEnd(digits, '0')}`);
  return { ok: true, value: units };
}

function exampleNumber(digits: number, decimal: string): string {
  return digits === 0 ? '1250' : `12${decimal}${'5'.padEnd(digits, '0')}`;
}

/**
 * Parses an amount in major units of `currency` (e.g. `"12.50"` dollars) into minor units.
 *
 * @example
 * ```ts
 * parseMoney('12.5', 'USD', 'en-US'); // { ok: true, value: 1250n }
 * parseMoney('12.5', 'JPY', 'en-US'); // { ok: false, reason: 'Use whole units only' }
 * ```
 */
export function parseMoney(text: string, currency: string, locale: string): Parsed<bigint> {
  return parseDecimal(text, currencyDigits(currency), locale);
}

/** Largest tax rate the API takes: 100 000 bps is 1 000 %. */
const MAX_TAX_RATE_BPS = 100_000n;

/**
 * Parses a tax rate in percent (`"20"`, `"7.25"`) into basis points; empty means 0.
 *
 * @example
 * ```ts
 * parseTaxRate('7.25', 'en-US'); // { ok: true, value: 725n }
 * ```
 */
export function parseTaxRate(text: string, locale: string): Parsed<bigint> {
  if (text.trim() === '') return { ok: true, value: 0n };
  const parsed = parseDecimal(text, 2, locale);
  if (!parsed.ok) return parsed;
  if (parsed.value > MAX_TAX_RATE_BPS) return { ok: false, reason: 'Use a rate of at most 1000 %' };
  return parsed;
}

/**
 * Parses a quantity: a whole number of at least 1 and at most 1 000 000 000, as the API takes.
 *
 * @example
 * ```ts
 * parseQuantity('3'); // { ok: true, value: 3n }
 * ```
 */
export function parseQuantity(text: string): Parsed<bigint> {
  const cleaned = text.trim();
  if (!/^\d+$/.test(cleaned)) return { ok: false, reason: 'Enter a whole number of at least 1' };
  const value = BigInt(cleaned);
  if (value < 1n || value > 1_000_000_000n) {
    return { ok: false, reason: 'Enter a whole number from 1 to 1000000000' };
  }
  return { ok: true, value };
}

/**
 * A line's tax: `amount × rateBps / 10 000` rounded half up to the minor unit, exactly as the
 * API computes it (api/src/modules/ledger/invoice-math.ts).
 *
 * @example
 * ```ts
 * lineTax(9999n, 1000n); // 1000n (999.9 rounds up)
 * ```
 */
export function lineTax(amount: bigint, rateBps: bigint): bigint {
  return (2n * amount * rateBps + 10_000n) / 20_000n;
}

/** One line's figures in minor units. */
export interface LineInput {
  quantity: bigint;
  unitAmount: bigint;
  taxRateBps: bigint;
}

/**
 * Subtotal, tax and total of invoice lines, each line's tax rounded on its own and the
 * totals summed exactly, like the API.
 *
 * @example
 * ```ts
 * invoiceTotals([{ quantity: 2n, unitAmount: 45_000n, taxRateBps: 2000n }]);
 * // { subtotal: 90_000n, tax: 18_000n, total: 108_000n }
 * ```
 */
export function invoiceTotals(lines: readonly LineInput[]): {
  subtotal: bigint;
  tax: bigint;
  total: bigint;
} {
  let subtotal = 0n;
  let tax = 0n;
  for (const line of lines) {
    const amount = line.quantity * line.unitAmount;
    subtotal += amount;
    tax += lineTax(amount, line.taxRateBps);
  }
  return { subtotal, tax, total: subtotal + tax };
}

/** The largest amount the API accepts (`Number.MAX_SAFE_INTEGER` minor units). */
export const MAX_AMOUNT = BigInt(Number.MAX_SAFE_INTEGER);
