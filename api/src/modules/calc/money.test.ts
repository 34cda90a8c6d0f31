import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.js';
import { allocate, apportionMinor } from './allocate.js';
import { CalcInputError } from './calc.errors.js';
import { currencyCodesList, currencyExponent } from './currencies.js';
import { Decimal } from './decimal.js';
import {
  decimalToRational,
  exponentOf,
  formatMinorUnits,
  fromMinorUnits,
  ROUNDING_MODES,
  type RoundingMode,
  roundQuotient,
  roundTo,
  roundToMinor,
  toMinorUnits,
} from './money.js';

const d = (value: string | number) => new Decimal(value);
const texts = (parts: Decimal[], places: number) => parts.map((part) => part.toFixed(places));

/** Runs `fn` and returns the CalcInputError it throws, failing the test if it does not. */
function calcError(fn: () => unknown): CalcInputError {
  try {
    fn();
  } catch (error) {
    if (error instanceof CalcInputError) return error;
    throw error;
  }
  throw new Error('expected a CalcInputError');
}

describe('currency exponents', () => {
  it('reads ISO 4217 minor units: USD 2, JPY 0, BHD 3, CLF 4', () => {
    expect(currencyExponent('USD')).toBe(2);
    expect(currencyExponent('JPY')).toBe(0);
    expect(currencyExponent('BHD')).toBe(3);
    expect(currencyExponent('CLF')).toBe(4);
  });

  it('returns undefined for lower-case and unlisted codes', () => {
    expect(currencyExponent('usd')).toBeUndefined();
    expect(currencyExponent('ZZZ')).toBeUndefined();
  });

  it('rejects an unknown currency with code currency_unknown and param currency, as a 400', () => {
    const error = calcError(() => exponentOf('ZZZ'));
    expect(error).toBeInstanceOf(AppError);
    expect([error.code, error.param, error.status]).toEqual(['currency_unknown', 'currency', 400]);
  });

  it('takes an exponent directly and rejects one outside 0 to 18', () => {
    expect(exponentOf(3)).toBe(3);
    expect(calcError(() => exponentOf(19)).code).toBe('parameter_invalid');
    expect(calcError(() => exponentOf(1.5)).param).toBe('currency');
  });
});

describe('rounding modes', () => {
  const table: Record<RoundingMode, string[]> = {
    // inputs:  2.5   3.5   -2.5  2.4  2.6  -2.6
    half_up: ['3', '4', '-3', '2', '3', '-3'],
    half_even: ['2', '4', '-2', '2', '3', '-3'],
    half_down: ['2', '3', '-2', '2', '3', '-3'],
    down: ['2', '3', '-2', '2', '2', '-2'],
    up: ['3', '4', '-3', '3', '3', '-3'],
    ceiling: ['3', '4', '-2', '3', '3', '-2'],
    floor: ['2', '3', '-3', '2', '2', '-3'],
  };
  const inputs = ['2.5', '3.5', '-2.5', '2.4', '2.6', '-2.6'];

  for (const mode of ROUNDING_MODES) {
    it(`rounds 2.5, 3.5, -2.5, 2.4, 2.6, -2.6 to integers by ${mode}`, () => {
      expect(inputs.map((input) => roundTo(d(input), 0, mode).toFixed())).toEqual(table[mode]);
    });
  }

  it("rounds half to even as banker's rounding: 2.5 → 2 and 3.5 → 4", () => {
    expect(roundTo(d('2.5'), 0, 'half_even').toFixed()).toBe('2');
    expect(roundTo(d('3.5'), 0, 'half_even').toFixed()).toBe('4');
  });

  it('rounds half up away from zero, as decimal.js ROUND_HALF_UP', () => {
    expect(roundTo(d('-1.005'), 2, 'half_up').toFixed()).toBe('-1.01');
  });

  it("rounds to the currency's minor unit: JPY to integers, BHD to 3 places", () => {
    expect(roundToMinor(d('1199.5'), 'JPY', 'half_even').toFixed()).toBe('1200');
    expect(roundToMinor(d('1.23456'), 'BHD', 'half_up').toFixed()).toBe('1.235');
  });

  it('rounds an exact quotient as Decimal rounds the same value, in every mode', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
        fc.bigInt({ min: 1n, max: 10n ** 6n }),
        fc.constantFrom(...ROUNDING_MODES),
        (numerator, denominator, mode) => {
          const expected = roundTo(d(numerator.toString()).div(denominator.toString()), 0, mode);
          expect(roundQuotient(numerator, denominator, mode).toString()).toBe(expected.toFixed());
        },
      ),
    );
  });
});

describe('minor units', () => {
  it('converts to and from integer minor units', () => {
    expect(toMinorUnits(d('12.345'), 'USD', 'half_even')).toBe(1234n);
    expect(toMinorUnits(d('1.2345'), 'BHD')).toBe(1235n);
    expect(toMinorUnits(d('-1500'), 'JPY')).toBe(-1500n);
    expect(fromMinorUnits(-105n, 'USD').toFixed(2)).toBe('-1.05');
  });

  it('formats minor units with exactly the currency decimals', () => {
    expect(formatMinorUnits(119910n, 2)).toBe('1199.10');
    expect(formatMinorUnits(-5n, 3)).toBe('-0.005');
    expect(formatMinorUnits(0n, 2)).toBe('0.00');
    expect(formatMinorUnits(-1500n, 0)).toBe('-1500');
    expect(formatMinorUnits(10n ** 20n + 7n, 4)).toBe('10000000000000000.0007');
  });

  it('formats any bigint, above and below 2^53, as Decimal does', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }),
        fc.integer({ min: 0, max: 6 }),
        (minor, exponent) => {
          const expected = d(minor.toString()).div(d(10).pow(exponent)).toFixed(exponent);
          expect(formatMinorUnits(minor, exponent)).toBe(expected);
        },
      ),
    );
  });

  it('gives the exact rational of a decimal', () => {
    expect(decimalToRational(d('0.065'))).toEqual({ numerator: 65n, denominator: 1000n });
    expect(decimalToRational(d('-12'))).toEqual({ numerator: -12n, denominator: 1n });
  });
});

describe('allocate', () => {
  it('splits 100.00 into 3 parts as 33.34, 33.33, 33.33', () => {
    expect(texts(allocate('100.00', 3, 'USD'), 2)).toEqual(['33.34', '33.33', '33.33']);
  });

  it('mirrors a negative total: -100.00 into 3 is -33.34, -33.33, -33.33', () => {
    expect(texts(allocate('-100.00', 3, 'USD'), 2)).toEqual(['-33.34', '-33.33', '-33.33']);
  });

  it('splits JPY in whole yen and BHD in fils', () => {
    expect(texts(allocate('100', 3, 'JPY'), 0)).toEqual(['34', '33', '33']);
    expect(texts(allocate('1.000', 3, 'BHD'), 3)).toEqual(['0.334', '0.333', '0.333']);
  });

  it('breaks equal remainders by order: the earlier part gets the extra unit', () => {
    expect(texts(allocate('0.05', ['1', '1'], 'EUR'), 2)).toEqual(['0.03', '0.02']);
    expect(allocate(7n, 4)).toEqual([2n, 2n, 2n, 1n]);
  });

  it('gives the unit to the largest remainder rather than to the first part', () => {
    // exact shares 3.3, 3.3, 3.4: only the third has remainder .4
    expect(allocate(10n, ['33', '33', '34'])).toEqual([3n, 3n, 4n]);
  });

  it('splits by decimal ratios and gives a zero ratio nothing', () => {
    expect(allocate(1000n, ['1', '0', '3'])).toEqual([250n, 0n, 750n]);
    expect(texts(allocate('10.00', ['0.5', '0.25', '0.25'], 2), 2)).toEqual([
      '5.00',
      '2.50',
      '2.50',
    ]);
  });

  it('rejects all-zero ratios with code ratios_invalid and param ratios', () => {
    const error = calcError(() => allocate(100n, ['0', '0']));
    expect([error.code, error.param]).toEqual(['ratios_invalid', 'ratios']);
  });

  it('rejects a negative or non-numeric ratio naming its index', () => {
    expect(calcError(() => allocate(100n, ['1', '-1'])).param).toBe('ratios[1]');
    expect(calcError(() => allocate(100n, ['x'])).param).toBe('ratios[0]');
    expect(calcError(() => allocate(100n, [])).code).toBe('ratios_invalid');
  });

  it('rejects a part count that is not a positive integer with param parts', () => {
    for (const parts of [0, -1, 2.5, 100_001]) {
      const error = calcError(() => allocate(100n, parts));
      expect([error.code, error.param]).toEqual(['parameter_invalid', 'parts']);
    }
  });

  it('refuses a total finer than the minor unit unless told how to round it', () => {
    const error = calcError(() => allocate('10.005', 2, 'USD'));
    expect([error.code, error.param]).toEqual(['amount_precision_exceeded', 'total']);
    expect(texts(allocate('10.005', 2, 'USD', { rounding: 'half_even' }), 2)).toEqual([
      '5.00',
      '5.00',
    ]);
  });

  it('conserves the total exactly for random totals, ratios and currencies', () => {
    const ratio = fc
      .tuple(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 4 }))
      .map(([units, places]) => d(units).div(d(10).pow(places)).toFixed());
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }),
        fc.array(ratio, { minLength: 1, maxLength: 20 }),
        fc.constantFrom(...currencyCodesList()),
        (minor, ratios, currency) => {
          fc.pre(ratios.some((r) => !d(r).isZero()));
          const exponent = exponentOf(currency);
          const total = d(formatMinorUnits(minor, exponent));
          const parts = allocate(total, ratios, currency);
          expect(parts.reduce((sum, part) => sum.plus(part), d('0')).eq(total)).toBe(true);
          const unit = d(10).pow(-exponent);
          const ratioSum = ratios.reduce((sum, r) => sum.plus(r), d('0'));
          parts.forEach((part, i) => {
            const exact = total.times(ratios[i]!).div(ratioSum);
            expect(part.minus(exact).abs().lt(unit)).toBe(true);
            if (d(ratios[i]!).isZero()) expect(part.isZero()).toBe(true);
            expect(part.decimalPlaces()).toBeLessThanOrEqual(exponent);
          });
        },
      ),
    );
  });

  it('splits a negative total as the mirror image of the positive one', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc.integer({ min: 1, max: 50 }),
        (t, n) => {
          expect(allocate(-t, n)).toEqual(allocate(t, n).map((part) => -part));
        },
      ),
    );
  });
});

describe('apportionMinor', () => {
  it('rounds mixed-sign shares to a target so that they sum to it, each within one unit', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -1_000_000, max: 1_000_000 }), { minLength: 1, maxLength: 30 }),
        fc.constantFrom(...ROUNDING_MODES),
        (thousandths, mode) => {
          const shares = thousandths.map((t) => d(t).div(1000));
          const exactSum = shares.reduce((sum, share) => sum.plus(share), d('0'));
          const target = BigInt(roundTo(exactSum, 0, mode).toFixed(0));
          const parts = apportionMinor(target, shares);
          expect(parts.reduce((sum, part) => sum + part, 0n)).toBe(target);
          parts.forEach((part, i) => {
            expect(d(part.toString()).minus(shares[i]!).abs().lt(1)).toBe(true);
          });
        },
      ),
    );
  });

  it('throws a RangeError for a target that is not a rounding of the shares', () => {
    expect(() => apportionMinor(10n, [d('1.5'), d('2.5')])).toThrow(RangeError);
  });
});
