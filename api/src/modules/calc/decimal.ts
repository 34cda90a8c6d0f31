/**
 * The engine's one decimal type. decimal.js rather than big.js: the money layer needs the
 * ceiling and floor rounding modes and schedules need `pow` with non-integer exponents
 * (day-count fractions), neither of which big.js has. A private clone so no other module's
 * configuration can change our precision or rounding.
 */
import { createRequire } from 'node:module';
import type { Decimal as DecimalClass } from 'decimal.js';

// decimal.js's typings describe its CommonJS build (whose default export is the module
// object under NodeNext) while its ESM build has only a default export; loading the CommonJS
// build keeps the runtime and the types the same.
const DecimalJs: typeof DecimalClass = createRequire(import.meta.url)('decimal.js');

/** 40 significant digits: far beyond any ledger amount, so only explicit roundings round. */
export const Decimal = DecimalJs.clone({
  precision: 40,
  rounding: DecimalJs.ROUND_HALF_UP,
  toExpNeg: -50,
  toExpPos: 50,
});
export type Decimal = InstanceType<typeof Decimal>;
export type DecimalInput = string | number | Decimal;

/** Parses a decimal written as a string ("1234.5678") or a finite number; undefined when it is neither. */
export function parseDecimal(value: unknown): Decimal | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? new Decimal(value) : undefined;
  if (typeof value !== 'string' || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(value.trim()))
    return undefined;
  return new Decimal(value.trim());
}
