import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CalcInputError } from '../calc.errors.js';
import { DAY_COUNT_CONVENTIONS } from '../day-count.js';
import { Decimal } from '../decimal.js';
import { formatMinorUnits, ROUNDING_MODES, roundTo } from '../money.js';
import {
  type AmortizationInput,
  type AmortizationSchedule,
  amortizationSchedule,
} from './amortization.js';

const d = (value: string | number) => new Decimal(value);

function calcError(fn: () => unknown): CalcInputError {
  try {
    fn();
  } catch (error) {
    if (error instanceof CalcInputError) return error;
    throw error;
  }
  throw new Error('expected a CalcInputError');
}

/**
 * An amount string as integer minor units. Every amount carries exactly the currency's
 * decimals, so dropping the point is exact; BigInt because a pathological schedule (negative
 * amortization over centuries) outgrows even Decimal's 40 digits.
 */
const minor = (amount: string) => BigInt(amount.replace('.', ''));
const total = (amounts: string[]) => amounts.reduce((acc, amount) => acc + minor(amount), 0n);

/** The invariants every schedule must satisfy exactly. */
function expectExactSchedule(schedule: AmortizationSchedule, principal: string) {
  const rows = schedule.periods;
  let balance = minor(principal);
  for (const row of rows) {
    expect(minor(row.payment)).toBe(minor(row.interest) + minor(row.principal));
    balance -= minor(row.principal);
    expect(minor(row.balance)).toBe(balance);
  }
  expect(balance).toBe(0n);
  expect(total(rows.map((r) => r.principal))).toBe(minor(principal));
  expect(schedule.totals.principal).toBe(principal);
  expect(total(rows.map((r) => r.interest))).toBe(minor(schedule.totals.interest));
  expect(total(rows.map((r) => r.payment))).toBe(minor(schedule.totals.payments));
  expect(minor(schedule.totals.payments)).toBe(minor(principal) + minor(schedule.totals.interest));
}

describe('fixed-payment schedules', () => {
  const mortgage: AmortizationInput = {
    principal: '200000.00',
    annual_rate: '0.06',
    periods: 360,
    currency: 'USD',
  };

  it('pays 1,199.10 a month on a 30-year 200,000 loan at 6 %', () => {
    const schedule = amortizationSchedule(mortgage);
    expect(schedule.regular_amount).toBe('1199.10');
    expect(schedule.periods[0]).toEqual({
      period: 1,
      payment: '1199.10',
      interest: '1000.00',
      principal: '199.10',
      balance: '199800.90',
    });
    expect(schedule.periods.slice(0, -1).every((row) => row.payment === '1199.10')).toBe(true);
    expectExactSchedule(schedule, '200000.00');
  });

  it('lets the last payment absorb the rounding of the level payment', () => {
    const last = amortizationSchedule(mortgage).periods.at(-1)!;
    // 1199.10 is 0.00105 short of the exact payment every month; the shortfall compounds.
    expect(last).toEqual({
      period: 360,
      payment: '1200.14',
      interest: '5.97',
      principal: '1194.17',
      balance: '0.00',
    });
  });

  it('rounds the payment by the chosen mode: up gives 1,199.11', () => {
    expect(amortizationSchedule({ ...mortgage, rounding_mode: 'up' }).regular_amount).toBe(
      '1199.11',
    );
  });

  it('splits a zero-rate loan evenly with the remainder in the last payment', () => {
    const schedule = amortizationSchedule({
      principal: '1000.00',
      annual_rate: '0',
      periods: 3,
      currency: 'USD',
    });
    expect(schedule.periods.map((r) => [r.payment, r.interest])).toEqual([
      ['333.33', '0.00'],
      ['333.33', '0.00'],
      ['333.34', '0.00'],
    ]);
  });

  it('works in whole units for JPY', () => {
    const schedule = amortizationSchedule({
      principal: '1000000',
      annual_rate: '0.015',
      periods: 12,
      currency: 'JPY',
    });
    // 1 000 000 × 0.00125 / (1 − 1.00125^-12) = 84 011.6…
    expect(schedule.regular_amount).toBe('84012');
    expect(schedule.periods[0]!.interest).toBe('1250');
    expectExactSchedule(schedule, '1000000');
  });

  it('pays interest only for the first periods, then amortizes over the rest', () => {
    const schedule = amortizationSchedule({
      principal: '100000.00',
      annual_rate: '0.06',
      periods: 24,
      interest_only_periods: 12,
      currency: 'USD',
    });
    for (const row of schedule.periods.slice(0, 12)) {
      expect(row).toMatchObject({ payment: '500.00', interest: '500.00', principal: '0.00' });
    }
    // PMT(0.5 %, 12, 100 000) = 8 606.64
    expect(schedule.regular_amount).toBe('8606.64');
    expectExactSchedule(schedule, '100000.00');
  });

  it('computes the payment so that the balloon remains, and adds it to the last payment', () => {
    const schedule = amortizationSchedule({
      principal: '100000.00',
      annual_rate: '0.06',
      periods: 60,
      balloon: '50000.00',
      currency: 'USD',
    });
    const i = d('0.005');
    const g = i.plus(1).pow(60);
    const pmt = d('100000').times(g).minus('50000').times(i).div(g.minus(1));
    expect(schedule.regular_amount).toBe(roundTo(pmt, 2, 'half_up').toFixed(2));
    // The last payment is one more level payment plus the balloon, give or take the remainders.
    const last = schedule.periods[59]!;
    const beyond = d(last.payment).minus('50000').minus(schedule.regular_amount);
    expect(beyond.abs().lt('0.05')).toBe(true);
    expect(schedule.balloon).toBe('50000.00');
    expectExactSchedule(schedule, '100000.00');
  });
});

describe('fixed-principal schedules', () => {
  it('repays equal principal with interest on the falling balance', () => {
    const schedule = amortizationSchedule({
      principal: '1200.00',
      annual_rate: '0.12',
      periods: 12,
      type: 'fixed_principal',
      currency: 'USD',
    });
    expect(schedule.periods.map((r) => r.principal)).toEqual(new Array(12).fill('100.00'));
    expect(schedule.periods.map((r) => r.interest)).toEqual(
      [12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1].map((n) => `${n}.00`),
    );
    expectExactSchedule(schedule, '1200.00');
  });
});

describe('dated schedules and day counts', () => {
  it('dates each payment by whole months from the start, keeping month ends', () => {
    const schedule = amortizationSchedule({
      principal: '1000.00',
      annual_rate: '0.05',
      periods: 4,
      start_date: '2024-01-31',
      currency: 'USD',
    });
    expect(schedule.periods.map((r) => r.date)).toEqual([
      '2024-02-29',
      '2024-03-31',
      '2024-04-30',
      '2024-05-31',
    ]);
  });

  it('charges ACT/365 interest on the actual days: 29 days in February 2024', () => {
    const schedule = amortizationSchedule({
      principal: '100000.00',
      annual_rate: '0.05',
      periods: 12,
      start_date: '2024-01-31',
      day_count: 'ACT/365',
      currency: 'USD',
    });
    // 100 000 × 0.05 × 29 / 365 = 397.260…
    expect(schedule.periods[0]!.interest).toBe('397.26');
    expectExactSchedule(schedule, '100000.00');
  });

  it('charges exactly the undated interest under 30/360 from a mid-month start', () => {
    const loan: AmortizationInput = {
      principal: '250000.00',
      annual_rate: '0.0725',
      periods: 120,
      currency: 'USD',
    };
    const undated = amortizationSchedule(loan);
    const dated = amortizationSchedule({ ...loan, start_date: '2024-01-15', day_count: '30/360' });
    expect(dated.periods.map(({ date: _, ...row }) => row)).toEqual(undated.periods);
  });

  it('gives a quarterly schedule quarter dates and a quarter of the rate', () => {
    const schedule = amortizationSchedule({
      principal: '10000.00',
      annual_rate: '0.08',
      periods: 4,
      frequency: 'quarterly',
      start_date: '2024-11-30',
      currency: 'USD',
    });
    expect(schedule.periods.map((r) => r.date)).toEqual([
      '2025-02-28',
      '2025-05-31',
      '2025-08-31',
      '2025-11-30',
    ]);
    expect(schedule.periods[0]!.interest).toBe('200.00');
  });
});

describe('amortization input validation', () => {
  const loan: AmortizationInput = {
    principal: '1000.00',
    annual_rate: '0.05',
    periods: 12,
    currency: 'USD',
  };
  const cases: [string, Partial<AmortizationInput>, string, string][] = [
    ['no periods', { periods: 0 }, 'parameter_invalid', 'periods'],
    ['fractional periods', { periods: 1.5 }, 'parameter_invalid', 'periods'],
    [
      'interest-only periods covering the loan',
      { interest_only_periods: 12 },
      'parameter_invalid',
      'interest_only_periods',
    ],
    ['a zero principal', { principal: '0.00' }, 'parameter_invalid', 'principal'],
    [
      'a principal finer than a cent',
      { principal: '1000.001' },
      'amount_precision_exceeded',
      'principal',
    ],
    ['a negative rate', { annual_rate: '-0.01' }, 'parameter_invalid', 'annual_rate'],
    ['a rate that is not a number', { annual_rate: '6%' }, 'parameter_invalid', 'annual_rate'],
    ['a balloon above the principal', { balloon: '1000.01' }, 'parameter_invalid', 'balloon'],
    [
      'a day count without a start date',
      { day_count: 'ACT/360' },
      'parameter_invalid',
      'start_date',
    ],
    [
      'an unknown day count',
      { start_date: '2024-01-01', day_count: '30E/360' as '30/360' },
      'parameter_invalid',
      'day_count',
    ],
    ['a malformed start date', { start_date: '2024-02-30' }, 'parameter_invalid', 'start_date'],
    [
      'both frequency and periods_per_year',
      { frequency: 'monthly', periods_per_year: 12 },
      'parameter_invalid',
      'periods_per_year',
    ],
    [
      'dated periods that are not whole months',
      { periods_per_year: 52, start_date: '2024-01-01' },
      'parameter_invalid',
      'periods_per_year',
    ],
    [
      'an unknown frequency',
      { frequency: 'weekly' as 'monthly' },
      'parameter_invalid',
      'frequency',
    ],
    ['an unknown type', { type: 'bullet' as 'fixed_payment' }, 'parameter_invalid', 'type'],
    ['an unknown currency', { currency: 'ABC' }, 'currency_unknown', 'currency'],
    [
      'an unknown rounding mode',
      { rounding_mode: 'nearest' as 'half_up' },
      'parameter_invalid',
      'rounding_mode',
    ],
  ];
  for (const [what, change, code, param] of cases) {
    it(`rejects ${what} with code ${code} naming ${param}`, () => {
      const error = calcError(() => amortizationSchedule({ ...loan, ...change }));
      expect([error.code, error.param]).toEqual([code, param]);
    });
  }
});

describe('amortization properties', () => {
  const exponents = { USD: 2, JPY: 0, BHD: 3, CLF: 4 } as const;
  const loan = fc
    .record({
      currency: fc.constantFrom('USD', 'JPY', 'BHD', 'CLF') as fc.Arbitrary<keyof typeof exponents>,
      principalMinor: fc.bigInt({ min: 1n, max: 10n ** 11n }),
      balloonShare: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 100 })),
      rateBps: fc.integer({ min: 0, max: 3000 }),
      rateExtraDigits: fc.integer({ min: 0, max: 9 }),
      periods: fc.integer({ min: 1, max: 400 }),
      interestOnlyShare: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 100 })),
      perYear: fc.constantFrom(1, 2, 4, 12),
      type: fc.constantFrom('fixed_payment' as const, 'fixed_principal' as const),
      dated: fc.boolean(),
      start: fc.date({
        min: new Date('1990-01-01T00:00:00Z'),
        max: new Date('2090-12-31T00:00:00Z'),
        noInvalidDate: true,
      }),
      dayCount: fc.option(fc.constantFrom(...DAY_COUNT_CONVENTIONS), { nil: undefined }),
      mode: fc.constantFrom(...ROUNDING_MODES),
    })
    .map((l) => {
      const exponent = exponents[l.currency];
      const principal = formatMinorUnits(l.principalMinor, exponent);
      const input: AmortizationInput = {
        principal,
        annual_rate: d(l.rateBps).div(10_000).plus(d(l.rateExtraDigits).div(1e9)).toFixed(),
        periods: l.periods,
        periods_per_year: l.perYear,
        type: l.type,
        interest_only_periods: Math.floor(((l.periods - 1) * l.interestOnlyShare) / 100),
        balloon: formatMinorUnits((l.principalMinor * BigInt(l.balloonShare)) / 100n, exponent),
        currency: l.currency,
        rounding_mode: l.mode,
      };
      if (l.dated || l.dayCount) input.start_date = l.start.toISOString().slice(0, 10);
      if (l.dayCount) input.day_count = l.dayCount;
      return { input, principal, exponent };
    });

  it('sums exactly for random loans, interest-only periods, balloons and every day count', () => {
    fc.assert(
      fc.property(loan, ({ input, principal }) => {
        const schedule = amortizationSchedule(input);
        expect(schedule.periods).toHaveLength(input.periods);
        expectExactSchedule(schedule, principal);
        expect(minor(schedule.periods.at(-1)!.principal) >= minor(input.balloon as string)).toBe(
          true,
        );
      }),
      { numRuns: 300 },
    );
  });

  it('charges each undated period balance × rate / periods per year, rounded once', () => {
    fc.assert(
      fc.property(loan, ({ input, principal, exponent }) => {
        const undated = { ...input, start_date: undefined, day_count: undefined };
        const schedule = amortizationSchedule(undated);
        const periodic = d(input.annual_rate as string).div(input.periods_per_year!);
        let balance = d(principal);
        for (const row of schedule.periods) {
          const expected = roundTo(balance.times(periodic), exponent, input.rounding_mode!);
          expect(d(row.interest).eq(expected)).toBe(true);
          balance = d(row.balance);
        }
      }),
      { numRuns: 150 },
    );
  });
});
