/**
 * ISO 4217 minor-unit exponents. `currency-codes` is CommonJS: a default import is its
 * `module.exports` under both Node's ESM loader and tsc's NodeNext interop, whereas named
 * imports would depend on Node's static export detection of that file.
 */
import currencyCodes from 'currency-codes';

/** Built once: the package's own `code()` lookup is a linear scan that also upper-cases. */
const exponents: ReadonlyMap<string, number> = new Map(
  currencyCodes.data.map((record) => [record.code, record.digits] as const),
);

/**
 * The number of decimal places of a currency's minor unit per ISO 4217 (USD 2, JPY 0, BHD 3,
 * CLF 4). Codes are matched exactly, so they must be upper case.
 *
 * @param code - a three-letter ISO 4217 code such as `"EUR"`
 * @returns the exponent, or `undefined` for a code ISO 4217 does not list
 * @example
 * currencyExponent('JPY'); // 0
 * currencyExponent('usd'); // undefined
 */
export function currencyExponent(code: string): number | undefined {
  return exponents.get(code);
}

/** Every ISO 4217 code known to the engine, in alphabetical order. */
export function currencyCodesList(): readonly string[] {
  return [...exponents.keys()];
}
