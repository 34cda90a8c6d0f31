import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IRR, MIRR, NPV, XIRR, XNPV } from './cashflow.js';
import { type ExcelError, type ExcelResult, isExcelError, type SolverResult } from './result.js';

/**
 * Expected values: Microsoft's worked examples (support.microsoft.com: NPV, XNPV, IRR, XIRR,
 * MIRR) and the same formulas in LibreOffice Calc 7.4 headless, 15 significant digits.
 */
function close(actual: ExcelResult | SolverResult | ExcelError, expected: number, relative = 1e-9) {
  const value = typeof actual === 'object' && 'value' in actual ? actual.value : actual;
  if (typeof value !== 'number')
    throw new Error(`expected ${expected}, got ${JSON.stringify(value)}`);
  expect(Math.abs(value - expected)).toBeLessThanOrEqual(relative * Math.abs(expected));
}

function solved(result: SolverResult | ExcelError): SolverResult {
  if (isExcelError(result)) throw new Error(`unexpected ${result.error}`);
  return result;
}

/** Excel serial of a calendar date (days since 1899-12-30). */
function serial(iso: string): number {
  return (Date.parse(`${iso}T00:00:00Z`) - Date.UTC(1899, 11, 30)) / 86_400_000;
}

/** Money amounts as they come: whole cents. */
const cents = (max: number) => fc.integer({ min: -max * 100, max: max * 100 }).map((c) => c / 100);
const positiveCents = (max: number) => fc.integer({ min: 1, max: max * 100 }).map((c) => c / 100);

/**
 * At an exact root, rounding leaves an NPV of about ε·Σ|discounted flow|, the scale the
 * residual is judged against; for rates ≥ 0 it is at most Σ|flows|.
 */
function discountedScale(flows: readonly number[], rate: number): number {
  return flows.reduce((sum, v, i) => sum + Math.abs(v) / (1 + rate) ** i, 0);
}

const xValues = [-10000, 2750, 4250, 3250, 2750];
const xDates = ['2008-01-01', '2008-03-01', '2008-10-30', '2009-02-15', '2009-04-01'].map(serial);

describe('NPV', () => {
  it('matches Microsoft: NPV(10%, -10000, 3000, 4200, 6800) = 1,188.44', () => {
    close(NPV(0.1, [-10000, 3000, 4200, 6800]), 1188.44341233522);
  });

  it("matches Microsoft's second example: 1,922.06 and, with a 9,000 loss in year 6, -3,749.47", () => {
    const flows = [8000, 9200, 10000, 12000, 14500];
    close((NPV(0.08, flows) as number) - 40000, 1922.06155493236);
    close((NPV(0.08, [...flows, -9000]) as number) - 40000, -3749.46508701557);
  });

  it('answers #NUM! at a rate of -1 (as LibreOffice) and #VALUE! with no values', () => {
    expect(NPV(-1, [100, 200])).toEqual({ error: '#NUM!' });
    expect(NPV(0.1, [])).toEqual({ error: '#VALUE!' });
  });
});

describe('XNPV', () => {
  it('matches Microsoft: XNPV(9%, …) over five dated flows = 2,086.65', () => {
    close(XNPV(0.09, xValues, xDates), 2086.64760203154);
  });

  it('truncates dates to whole days and accepts them in any order after the first', () => {
    const shuffled = [0, 4, 2, 1, 3];
    const values = shuffled.map((i) => xValues[i]!);
    const dates = shuffled.map((i) => xDates[i]! + 0.75);
    close(XNPV(0.09, values, dates), 2086.64760203154, 1e-14);
  });

  it('answers #NUM! for a date before the first, mismatched lengths, under two values or rate ≤ -1', () => {
    expect(XNPV(0.1, [1000], [40000])).toEqual({ error: '#NUM!' });
    expect(XNPV(0.09, [-1, 2], [40000, 39999])).toEqual({ error: '#NUM!' });
    expect(XNPV(0.09, [-1, 2], [40000])).toEqual({ error: '#NUM!' });
    expect(XNPV(0.09, [], [])).toEqual({ error: '#NUM!' });
    expect(XNPV(-1, [-1, 2], [40000, 40100])).toEqual({ error: '#NUM!' });
  });

  it('answers #VALUE! for a date serial outside Excel’s calendar', () => {
    expect(XNPV(0.09, [-1, 2], [-5, 40100])).toEqual({ error: '#VALUE!' });
  });
});

describe('IRR', () => {
  const flows = [-70000, 12000, 15000, 18000, 21000, 26000];

  it("matches Microsoft's examples: -2.1% after four years, 8.7% after five, -44.4% after two with guess -10%", () => {
    close(IRR(flows.slice(0, 5)), -0.021244848273411);
    close(IRR(flows), 0.0866309480365316);
    close(IRR(flows.slice(0, 3), -0.1), -0.443506941334741);
  });

  it('converges to machine precision and reports the NPV at the rate found', () => {
    const result = solved(IRR(flows));
    expect(Math.abs(result.npv_at_rate)).toBeLessThan(1e-9);
    expect(result.warnings).toEqual([]);
  });

  it('answers #NUM! without both a positive and a negative flow, or with a guess ≤ -1', () => {
    expect(IRR([100, 200])).toEqual({ error: '#NUM!' });
    expect(IRR([-100, 0])).toEqual({ error: '#NUM!' });
    expect(IRR([])).toEqual({ error: '#NUM!' });
    expect(IRR(flows, -1)).toEqual({ error: '#NUM!' });
  });

  it('answers #NUM! when no rate makes the NPV zero', () => {
    // -100 + 300x − 300x² has no real root for x = 1/(1 + rate).
    expect(IRR([-100, 300, -300])).toEqual({ error: '#NUM!' });
  });

  it('warns when the flows change sign more than once', () => {
    // (1 + r)² − 2.3(1 + r) + 1.32 = 0 at r = 0.1 and r = 0.2.
    const result = solved(IRR([1, -2.3, 1.32], 0.05));
    close(result, 0.1, 1e-12);
    expect(result.warnings.map((w) => w.code)).toEqual(['multiple_sign_changes']);
  });

  it("finds the root by bracketing where Newton's method from the guess fails", () => {
    const result = solved(IRR([-59054.93, 1950.19]));
    close(result, 1950.19 / 59054.93 - 1, 1e-12);
    expect(result.warnings.map((w) => w.code)).toEqual(['bracketing_fallback']);
  });

  it('has an NPV at the rate found within 1e-9 of zero, relative to the discounted flows', () => {
    fc.assert(
      fc.property(
        fc.array(cents(1e6), { minLength: 2, maxLength: 40 }),
        fc.integer({ min: -90, max: 100 }).map((p) => p / 100),
        (flows, guess) => {
          const result = IRR(flows, guess);
          if (isExcelError(result)) return;
          const scale = discountedScale(flows, result.value);
          expect(Math.abs(result.npv_at_rate)).toBeLessThanOrEqual(1e-9 * scale);
          expect(result.value).toBeGreaterThan(-1);
        },
      ),
    );
  });

  it('always finds the rate of a conventional investment that recovers at least 1% of its outlay', () => {
    fc.assert(
      fc.property(
        positiveCents(1e7),
        fc.array(positiveCents(1e6), { minLength: 1, maxLength: 60 }),
        (outlay, inflows) => {
          fc.pre(inflows.reduce((a, b) => a + b, 0) >= outlay / 100);
          const flows = [-outlay, ...inflows];
          const result = solved(IRR(flows));
          expect(Math.abs(result.npv_at_rate)).toBeLessThanOrEqual(
            1e-9 * discountedScale(flows, result.value),
          );
        },
      ),
    );
  });
});

describe('XIRR', () => {
  it('matches Microsoft: XIRR over five dated flows = 0.373362535', () => {
    const result = solved(XIRR(xValues, xDates));
    close(result, 0.373362533518832);
    expect(result.value).toBeCloseTo(0.373362535, 8);
    expect(result.warnings).toEqual([]);
  });

  it('reports an XNPV at the rate found of (nearly) zero, which XNPV confirms', () => {
    const result = solved(XIRR(xValues, xDates));
    expect(Math.abs(result.npv_at_rate)).toBeLessThan(1e-9);
    expect(Math.abs(XNPV(result.value, xValues, xDates) as number)).toBeLessThan(1e-9);
  });

  it('answers #NUM! for one-signed flows and mismatched lengths', () => {
    expect(XIRR([100, 200], [40000, 40100])).toEqual({ error: '#NUM!' });
    expect(XIRR([-100, 200, 5], [40000, 40100])).toEqual({ error: '#NUM!' });
  });

  it('accepts dates before the first, as Office does ([MS-OI29500] 2.1.1070) and LibreOffice', () => {
    close(XIRR([-100, 50, 60], [40000, 39999, 40400]), 0.1815008949687686);
  });

  it('has an XNPV at the rate found within 1e-9 of zero, relative to the discounted flows', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            value: cents(1e6),
            day: fc.integer({ min: 0, max: 3650 }),
          }),
          { minLength: 2, maxLength: 50 },
        ),
        (flows) => {
          const values = flows.map((f) => f.value);
          const dates = flows.map((f, i) => 40000 + (i === 0 ? 0 : f.day));
          const result = XIRR(values, dates);
          if (isExcelError(result)) return;
          let scale = 0;
          flows.forEach((f, i) => {
            scale += Math.abs(f.value) / (1 + result.value) ** ((dates[i]! - 40000) / 365);
          });
          expect(Math.abs(result.npv_at_rate)).toBeLessThanOrEqual(1e-9 * scale);
          const xnpv = XNPV(result.value, values, dates) as number;
          expect(Math.abs(xnpv)).toBeLessThanOrEqual(1e-9 * scale);
        },
      ),
    );
  });
});

describe('MIRR', () => {
  const flows = [-120000, 39000, 30000, 21000, 37000, 46000];

  it("matches Microsoft's examples: 12.6%, -4.8% after three years, 13.5% reinvesting at 14%", () => {
    close(MIRR(flows, 0.1, 0.12), 0.126094130365905);
    close(MIRR(flows.slice(0, 4), 0.1, 0.12), -0.0480446552499808);
    close(MIRR(flows, 0.1, 0.14), 0.134759110828315);
  });

  it('answers #DIV/0! without both a positive and a negative value, as Excel documents', () => {
    expect(MIRR([100, 200], 0.1, 0.1)).toEqual({ error: '#DIV/0!' });
    expect(MIRR([-100, 0], 0.1, 0.1)).toEqual({ error: '#DIV/0!' });
  });

  it('equals the IRR when financing and reinvestment happen at that IRR', () => {
    const irr = solved(IRR(flows)).value;
    close(MIRR(flows, irr, irr), irr, 1e-12);
  });
});
