import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateFunction, FUNCTIONS } from './functions.js';
import { EFFECT, NOMINAL } from './rates.js';
import { type ExcelResult, isExcelError, type SolverResult } from './result.js';
import { CUMIPMT, CUMPRINC, FV, IPMT, NPER, PMT, PPMT, PV, RATE } from './tvm.js';
import { FUNCTION_NAMES } from './types.js';

/**
 * Expected values: Microsoft's worked examples (support.microsoft.com, one page per function;
 * the pages show 2 decimals, which the `cents` checks use) and the same formulas evaluated by
 * LibreOffice Calc 7.4 headless, which prints 15 significant digits (the `close` checks).
 */
function close(actual: ExcelResult | SolverResult, expected: number, relative = 1e-9): void {
  const value = typeof actual === 'object' && 'value' in actual ? actual.value : actual;
  if (typeof value !== 'number')
    throw new Error(`expected ${expected}, got ${JSON.stringify(value)}`);
  expect(Math.abs(value - expected)).toBeLessThanOrEqual(relative * Math.abs(expected) + 1e-300);
}

function cents(actual: ExcelResult, expected: number): void {
  expect(actual).toBeTypeOf('number');
  expect(actual as number).toBeCloseTo(expected, 2);
}

function num(result: ExcelResult): number {
  if (isExcelError(result)) throw new Error(`unexpected ${result.error}`);
  return result;
}

describe('PMT', () => {
  it('matches Microsoft: PMT(8%/12, 10, 10000) = -1,037.03', () => {
    cents(PMT(0.08 / 12, 10, 10000), -1037.03);
    close(PMT(0.08 / 12, 10, 10000), -1037.03208935915);
  });

  it('matches Microsoft: saving 50,000 in 18 years at 6% needs -129.08 a month', () => {
    cents(PMT(0.06 / 12, 18 * 12, 0, 50000), -129.08);
    close(PMT(0.06 / 12, 18 * 12, 0, 50000), -129.081160867991);
  });

  it('divides the principal evenly when the rate is zero', () => {
    expect(PMT(0, 10, 1000)).toBe(-100);
    expect(PMT(0, 4, 1000, 200)).toBe(-300);
  });

  it('treats any nonzero type as payment at period start, as Excel does', () => {
    expect(PMT(0.05, 10, 1000, 0, 2)).toBe(PMT(0.05, 10, 1000, 0, 1));
    expect(PMT(0.05, 10, 1000, 0, -0.5)).toBe(PMT(0.05, 10, 1000, 0, 1));
    close(num(PMT(0.05, 10, 1000, 0, 1)) * 1.05, num(PMT(0.05, 10, 1000)), 1e-14);
  });

  it('answers #NUM! for nper = 0 and for rates below -1', () => {
    expect(PMT(0.05, 0, 1000)).toEqual({ error: '#NUM!' });
    expect(PMT(-1.5, 12, 1000)).toEqual({ error: '#NUM!' });
  });

  it('keeps full precision for tiny rates where the naive formula cancels', () => {
    // Exact value of 1000·r/(1 − (1+r)^−12) for r = 1e-12, to 16 digits: 1000/12 + 1000·r·13/24.
    close(PMT(1e-12, 12, 1000), -(1000 / 12 + (1000 * 1e-12 * 13) / 24), 1e-14);
  });
});

describe('IPMT and PPMT', () => {
  it('matches Microsoft: IPMT(10%/12, 1, 36, 8000) = -66.67 and IPMT(10%, 3, 3, 8000) = -292.45', () => {
    cents(IPMT(0.1 / 12, 1, 36, 8000), -66.67);
    close(IPMT(0.1, 3, 3, 8000), -292.447129909365);
  });

  it('matches Microsoft: PPMT(10%/12, 1, 24, 2000) = -75.62 and PPMT(8%, 10, 10, 200000) = -27,598.05', () => {
    close(PPMT(0.1 / 12, 1, 24, 2000), -75.6231860083664);
    close(PPMT(0.08, 10, 10, 200000), -27598.0534624214);
  });

  it('splits every payment into interest and principal that add up to PMT', () => {
    for (const per of [1, 2, 17, 36]) {
      const sum = num(IPMT(0.01, per, 36, 5000, 100, 1)) + num(PPMT(0.01, per, 36, 5000, 100, 1));
      close(sum, num(PMT(0.01, 36, 5000, 100, 1)), 1e-12);
    }
  });

  it('charges no interest in the first period when payments are due at its start', () => {
    expect(IPMT(0.05, 1, 10, 1000, 0, 1)).toBe(0);
  });

  it('answers #NUM! for a period outside 1…nper', () => {
    expect(IPMT(0.05, 0, 10, 1000)).toEqual({ error: '#NUM!' });
    expect(IPMT(0.05, 10.5, 10, 1000)).toEqual({ error: '#NUM!' });
    expect(PPMT(0.05, 0.99, 10, 1000)).toEqual({ error: '#NUM!' });
  });
});

describe('CUMIPMT and CUMPRINC', () => {
  const rate = 0.09 / 12;

  it('matches Microsoft: interest in year 2 of a 30-year 125,000 loan at 9% is -11,135.23', () => {
    close(CUMIPMT(rate, 360, 125000, 13, 24, 0), -11135.2321307508);
    cents(CUMIPMT(rate, 360, 125000, 1, 1, 0), -937.5);
  });

  it('matches Microsoft: principal in year 2 is -934.1071234 and in month 1 -68.27827118', () => {
    close(CUMPRINC(rate, 360, 125000, 13, 24, 0), -934.107123420898);
    close(CUMPRINC(rate, 360, 125000, 1, 1, 0), -68.2782711809783);
  });

  it('adds up to the whole loan over its life', () => {
    close(CUMPRINC(rate, 360, 125000, 1, 360, 0), -125000, 1e-12);
    close(CUMPRINC(rate, 360, 125000, 1, 360, 1), -125000, 1e-12);
  });

  it('truncates nper, the periods and type to integers, as Excel documents', () => {
    expect(CUMIPMT(rate, 360.9, 125000, 13.7, 24.2, 0.9)).toEqual(
      CUMIPMT(rate, 360, 125000, 13, 24, 0),
    );
  });

  it.each<[string, Parameters<typeof CUMIPMT>]>([
    ['rate ≤ 0', [0, 360, 125000, 1, 12, 0]],
    ['nper ≤ 0', [rate, 0.5, 125000, 1, 1, 0]],
    ['pv ≤ 0', [rate, 360, -125000, 1, 12, 0]],
    ['start < 1', [rate, 360, 125000, 0, 12, 0]],
    ['end < start', [rate, 360, 125000, 13, 12, 0]],
    ['end > nper', [rate, 360, 125000, 13, 361, 0]],
    ['type 2', [rate, 360, 125000, 1, 12, 2]],
  ])('answers #NUM! when %s', (_, args) => {
    expect(CUMIPMT(...args)).toEqual({ error: '#NUM!' });
    expect(CUMPRINC(...args)).toEqual({ error: '#NUM!' });
  });
});

describe('PV, FV and NPER', () => {
  it('matches Microsoft: PV of 500 a month for 20 years at 8% is -59,777.15', () => {
    close(PV(0.08 / 12, 12 * 20, 500, 0, 0), -59777.1458511878);
  });

  it("matches Microsoft's FV examples: 2,581.40, 12,682.50 and 82,846.25", () => {
    close(FV(0.06 / 12, 10, -200, -500, 1), 2581.40337406014);
    close(FV(0.12 / 12, 12, -1000), 12682.503013197);
    close(FV(0.11 / 12, 35, -2000, 0, 1), 82846.2463719006);
  });

  it("matches Microsoft's NPER examples: 59.67, 60.08 and -9.58", () => {
    close(NPER(0.12 / 12, -100, -1000, 10000, 1), 59.6738656742946);
    close(NPER(0.01, -100, -1000, 10000), 60.0821228537617);
    close(NPER(0.01, -100, -1000), -9.57859403981317);
  });

  it('uses the linear forms when the rate is zero', () => {
    expect(PV(0, 10, -100)).toBe(1000);
    expect(FV(0, 10, -100, -1000)).toBe(2000);
    expect(NPER(0, -100, 1000)).toBe(10);
  });

  it('answers #NUM! for NPER when the payment never pays the debt off (Microsoft KB Q104626), 0 when nothing is owed', () => {
    expect(NPER(0.055, 1000, -20000)).toEqual({ error: '#NUM!' });
    expect(NPER(0, 0, 1000)).toEqual({ error: '#NUM!' });
    expect(NPER(0.05, 0, 1000, -1000)).toBe(0);
  });
});

describe('RATE', () => {
  it('matches Microsoft: a 4-year 8,000 loan at 200 a month costs 0.77% a month', () => {
    const result = RATE(48, -200, 8000);
    close(result, 0.00770147248823279);
    expect(result).toMatchObject({ warnings: [] });
  });

  it('returns the residual of the TVM equation at the rate found and the iterations taken', () => {
    const result = RATE(360, -1000, 150000, 0, 1) as SolverResult;
    close(result, 0.00589895345709849);
    expect(Math.abs(result.npv_at_rate)).toBeLessThan(1e-6);
    expect(result.iterations).toBeGreaterThan(0);
    expect(result.iterations).toBeLessThanOrEqual(100);
  });

  it('finds a rate of exactly zero when payments just repay the principal', () => {
    expect((RATE(10, -100, 1000) as SolverResult).value).toBeCloseTo(0, 14);
  });

  it('answers #NUM! for nper ≤ 0, for a guess ≤ -1, and when no rate solves the equation', () => {
    expect(RATE(0, -100, 1000)).toEqual({ error: '#NUM!' });
    expect(RATE(10, -100, 1000, 0, 0, -1)).toEqual({ error: '#NUM!' });
    expect(RATE(10, 100, 1000)).toEqual({ error: '#NUM!' });
  });

  it('recovers the rate that produced a payment', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.0005, max: 0.5, noNaN: true }),
        fc.integer({ min: 2, max: 480 }),
        fc.double({ min: 100, max: 1e7, noNaN: true }),
        fc.constantFrom(0, 1),
        (rate, nper, pv, type) => {
          const pmt = num(PMT(rate, nper, pv, 0, type));
          close(RATE(nper, pmt, pv, 0, type), rate, 1e-8);
        },
      ),
    );
  });
});

describe('PMT, PV, FV and NPER round trips', () => {
  const terms = fc.record({
    rate: fc.oneof(
      fc.constant(0),
      fc.integer({ min: -3000, max: 6000 }).map((bp) => bp / 10_000),
      // Below 1e-6, (1 + rate)^nper − 1 in FV and PV (LibreOffice's formulas, and Excel's)
      // loses more than 1e-9 to cancellation.
      fc.double({ min: 1e-6, max: 1e-3, noNaN: true }),
    ),
    nper: fc.integer({ min: 1, max: 600 }),
    pv: fc.integer({ min: -1e8, max: 1e8 }).map((c) => c / 100),
    fv: fc.integer({ min: -1e8, max: 1e8 }).map((c) => c / 100),
    type: fc.constantFrom(0, 1),
  });

  it('PV and FV of the payment PMT computes give back pv and fv', () => {
    fc.assert(
      fc.property(terms, ({ rate, nper, pv, fv, type }) => {
        const pmt = num(PMT(rate, nper, pv, fv, type));
        const growth = (1 + rate) ** nper;
        // Cancellation makes the error relative to the largest amount in play, not to pv.
        const scale = Math.max(
          Math.abs(pv) * growth,
          Math.abs(fv),
          Math.abs(pmt) * nper * growth,
          1,
        );
        expect(Math.abs(num(PV(rate, nper, pmt, fv, type)) - pv) * growth).toBeLessThan(
          1e-9 * scale,
        );
        expect(Math.abs(num(FV(rate, nper, pmt, pv, type)) - fv)).toBeLessThan(1e-9 * scale);
      }),
    );
  });

  it('NPER of the payment PMT computes gives back nper', () => {
    // NPER's condition number grows like (1 + rate)^nper: keep that below 1e6 or so.
    fc.assert(
      fc.property(
        fc.double({ min: 0.0001, max: 0.02, noNaN: true }),
        fc.integer({ min: 1, max: 600 }),
        fc.double({ min: 1, max: 1e6, noNaN: true }),
        (rate, nper, pv) => {
          close(NPER(rate, num(PMT(rate, nper, pv)), pv), nper, 1e-8);
        },
      ),
    );
  });
});

describe('EFFECT and NOMINAL', () => {
  it('matches Microsoft: EFFECT(5.25%, 4) = 0.053542667 and NOMINAL(5.3543%, 4) = 0.052500319', () => {
    close(EFFECT(0.0525, 4), 0.0535426673707582);
    close(NOMINAL(0.053543, 4), 0.052500319868356);
  });

  it('truncates npery and inverts each other', () => {
    expect(EFFECT(0.1, 12.9)).toBe(EFFECT(0.1, 12));
    close(NOMINAL(num(EFFECT(0.07, 365)), 365), 0.07, 1e-13);
  });

  it('answers #NUM! for a rate ≤ 0 or npery < 1, as Excel documents (LibreOffice gives 0 for EFFECT(0, n))', () => {
    expect(EFFECT(0, 4)).toEqual({ error: '#NUM!' });
    expect(EFFECT(0.05, 0.9)).toEqual({ error: '#NUM!' });
    expect(NOMINAL(-0.01, 4)).toEqual({ error: '#NUM!' });
  });
});

describe('function registry', () => {
  it('registers all 21 functions with their Excel names and described parameters', () => {
    expect(Object.keys(FUNCTIONS).sort()).toEqual([...FUNCTION_NAMES].sort());
    for (const name of FUNCTION_NAMES) {
      const spec = FUNCTIONS[name];
      expect(spec.name).toBe(name);
      for (const param of spec.params) {
        expect(param.name).toMatch(/^[a-z]+(_[a-z]+)*$/);
        expect(param.description.length).toBeGreaterThan(10);
      }
    }
    expect(FUNCTIONS.CUMIPMT.params.map((p) => p.name)).toEqual([
      'rate',
      'nper',
      'pv',
      'start_period',
      'end_period',
      'type',
    ]);
    expect(FUNCTIONS.VDB.params.map((p) => p.optional)).toEqual([
      false,
      false,
      false,
      false,
      false,
      true,
      true,
    ]);
  });

  it("applies Excel's defaults to omitted optional arguments", () => {
    expect(evaluateFunction('PMT', [0.05, 10, 1000, undefined, undefined])).toEqual(
      evaluateFunction('PMT', [0.05, 10, 1000, 0, 0]),
    );
    expect(evaluateFunction('VDB', [2400, 300, 10, 0, 1])).toEqual({ result: 480, warnings: [] });
    expect(evaluateFunction('DB', [1000000, 100000, 6, 1])).toEqual(
      evaluateFunction('DB', [1000000, 100000, 6, 1, 12]),
    );
  });

  it('reports the residual and iterations for the solvers', () => {
    const evaluation = evaluateFunction('RATE', [48, -200, 8000]);
    expect(evaluation).toMatchObject({ warnings: [] });
    expect(evaluation).toHaveProperty('npv_at_rate');
    expect(evaluation).toHaveProperty('iterations');
  });

  it('answers #VALUE! for a missing required argument or a list where a number belongs', () => {
    expect(evaluateFunction('PMT', [0.05, 10])).toEqual({ error: '#VALUE!', warnings: [] });
    expect(evaluateFunction('PMT', [0.05, [10], 1000])).toEqual({ error: '#VALUE!', warnings: [] });
    expect(evaluateFunction('IRR', [0.1])).not.toHaveProperty('error', '#VALUE!');
    expect(evaluateFunction('NPV', [0.1, true])).toEqual({ error: '#VALUE!', warnings: [] });
  });

  it('reads booleans as 1 and 0, as Excel does', () => {
    expect(evaluateFunction('PMT', [0.05, 10, 1000, 0, true])).toEqual(
      evaluateFunction('PMT', [0.05, 10, 1000, 0, 1]),
    );
    expect(evaluateFunction('VDB', [2400, 300, 10, 2.3, 2.7, 2, true])).toEqual(
      evaluateFunction('VDB', [2400, 300, 10, 2.3, 2.7, 2, 1]),
    );
    expect(evaluateFunction('VDB', [2400, 300, 10, 2.3, 2.7, 2, false])).not.toEqual(
      evaluateFunction('VDB', [2400, 300, 10, 2.3, 2.7, 2, 1]),
    );
  });
});
