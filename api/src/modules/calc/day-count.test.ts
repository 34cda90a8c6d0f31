import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CalcInputError } from './calc.errors.js';
import {
  addMonths,
  type CivilDate,
  DAY_COUNT_CONVENTIONS,
  days360,
  epochDay,
  formatIsoDate,
  parseIsoDate,
  yearFraction,
  yearFractionRational,
} from './day-count.js';
import { Decimal } from './decimal.js';

const date = (iso: string) => parseIsoDate(iso, 'date');
const fraction = (numerator: number, denominator: number) =>
  new Decimal(numerator).div(denominator).toFixed();

function calcError(fn: () => unknown): CalcInputError {
  try {
    fn();
  } catch (error) {
    if (error instanceof CalcInputError) return error;
    throw error;
  }
  throw new Error('expected a CalcInputError');
}

const civilDate = fc
  .date({
    min: new Date('1900-01-01T00:00:00Z'),
    max: new Date('2199-12-31T00:00:00Z'),
    noInvalidDate: true,
  })
  .map(
    (d): CivilDate => ({
      year: d.getUTCFullYear(),
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
    }),
  );

describe('30/360 (Excel DAYS360, US method)', () => {
  // Each expected value is what LibreOffice Calc's DAYS360(start; end; 0) returns.
  const cases: [string, string, number][] = [
    ['2011-01-15', '2011-02-28', 43],
    ['2011-01-30', '2011-02-28', 28],
    ['2011-02-28', '2011-03-31', 30],
    ['2011-01-31', '2011-02-28', 28],
    ['2011-02-28', '2012-02-29', 359],
    ['2012-02-29', '2013-02-28', 358],
    ['2011-01-15', '2011-03-31', 76],
    ['2011-03-30', '2011-03-31', 0],
    ['2011-01-31', '2011-03-31', 60],
    ['2012-02-29', '2012-03-31', 30],
    ['2011-02-28', '2011-03-30', 30],
  ];
  for (const [start, end, days] of cases) {
    it(`counts ${days} days from ${start} to ${end}, as DAYS360`, () => {
      expect(days360(date(start), date(end))).toBe(days);
      expect(yearFraction(start, end, '30/360').toFixed()).toBe(fraction(days, 360));
    });
  }

  it('treats a start on the last day of February as the 30th but never the end, like Excel', () => {
    expect(days360(date('2023-02-28'), date('2023-02-28'))).toBe(-2);
  });

  it('counts every whole month as 30 days from a mid-month start', () => {
    fc.assert(
      fc.property(civilDate, fc.integer({ min: 0, max: 600 }), (start, months) => {
        fc.pre(start.day <= 28 && !(start.month === 2 && start.day === 28));
        expect(days360(start, addMonths(start, months))).toBe(30 * months);
      }),
    );
  });
});

describe('actual-day conventions', () => {
  it('ACT/360 counts actual days over 360: 1 Jan to 1 Mar 2024 is 60/360', () => {
    expect(yearFraction('2024-01-01', '2024-03-01', 'ACT/360').toFixed()).toBe(fraction(60, 360));
  });

  it('ACT/365 is fixed at 365 even in a leap year: 2024 is 366/365', () => {
    expect(yearFraction('2024-01-01', '2025-01-01', 'ACT/365').toFixed()).toBe(fraction(366, 365));
  });

  it('ACT/ACT splits across calendar years: 1 Jul 2023 to 1 Jul 2024 is 184/365 + 182/366', () => {
    const expected = new Decimal(184).div(365).plus(new Decimal(182).div(366));
    const actual = yearFraction('2023-07-01', '2024-07-01', 'ACT/ACT');
    expect(actual.minus(expected).abs().lt('1e-38')).toBe(true);
    const exact = yearFractionRational(date('2023-07-01'), date('2024-07-01'), 'ACT/ACT');
    expect(exact.numerator * 365n * 366n).toBe((184n * 366n + 182n * 365n) * exact.denominator);
  });

  it('ACT/ACT makes whole calendar years exactly whole, leap or not', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1900, max: 2200 }),
        fc.integer({ min: 0, max: 40 }),
        (year, n) => {
          const f = yearFractionRational(
            { year, month: 1, day: 1 },
            { year: year + n, month: 1, day: 1 },
            'ACT/ACT',
          );
          expect(f.numerator).toBe(BigInt(n) * f.denominator);
        },
      ),
    );
  });

  it('adds up: the fraction from a to c equals a to b plus b to c under the actual conventions', () => {
    fc.assert(
      fc.property(
        fc.array(civilDate, { minLength: 3, maxLength: 3 }),
        fc.constantFrom('ACT/360' as const, 'ACT/365' as const, 'ACT/ACT' as const),
        (dates, convention) => {
          const [a, b, c] = [...dates].sort((x, y) => epochDay(x) - epochDay(y)) as [
            CivilDate,
            CivilDate,
            CivilDate,
          ];
          const ab = yearFractionRational(a, b, convention);
          const bc = yearFractionRational(b, c, convention);
          const ac = yearFractionRational(a, c, convention);
          expect(ab.numerator + bc.numerator).toBe(ac.numerator);
          expect(ab.denominator).toBe(ac.denominator);
        },
      ),
    );
  });

  for (const convention of DAY_COUNT_CONVENTIONS.filter((c) => c !== '30/360')) {
    it(`${convention} gives zero for an empty period`, () => {
      expect(yearFraction('2024-05-17', '2024-05-17', convention).isZero()).toBe(true);
    });
  }
});

describe('dates', () => {
  it('counts days since 1970-01-01 as Date.UTC does', () => {
    fc.assert(
      fc.property(civilDate, (d) => {
        expect(epochDay(d)).toBe(Date.UTC(d.year, d.month - 1, d.day) / 86_400_000);
      }),
    );
  });

  it('round-trips ISO dates', () => {
    fc.assert(
      fc.property(civilDate, (d) => {
        expect(date(formatIsoDate(d))).toEqual(d);
      }),
    );
  });

  it('adds months keeping month ends at month end and clamping other days', () => {
    const plus = (iso: string, months: number) => formatIsoDate(addMonths(date(iso), months));
    expect(plus('2024-01-31', 1)).toBe('2024-02-29');
    expect(plus('2024-01-31', 2)).toBe('2024-03-31');
    expect(plus('2024-01-30', 1)).toBe('2024-02-29');
    expect(plus('2024-01-30', 2)).toBe('2024-03-30');
    expect(plus('2023-04-30', 1)).toBe('2023-05-31');
    expect(plus('2023-11-15', 3)).toBe('2024-02-15');
    expect(plus('2024-03-31', -1)).toBe('2024-02-29');
  });

  it('rejects a day that does not exist naming the argument', () => {
    for (const bad of ['2023-02-29', '2023-13-01', '2023-1-01', '20230101', '2023-04-31']) {
      const error = calcError(() => yearFraction(bad, '2024-01-01', 'ACT/360'));
      expect([error.code, error.param]).toEqual(['parameter_invalid', 'start']);
    }
  });

  it('rejects an end before the start with param end', () => {
    expect(calcError(() => yearFraction('2024-01-02', '2024-01-01', 'ACT/ACT')).param).toBe('end');
  });

  it('rejects an unknown convention with param convention', () => {
    const error = calcError(() => yearFraction('2024-01-01', '2024-02-01', 'ACT/366' as 'ACT/365'));
    expect(error.param).toBe('convention');
  });
});
