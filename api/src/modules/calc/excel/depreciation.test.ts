import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DB, DDB, SLN, SYD, VDB } from './depreciation.js';
import type { ExcelResult } from './result.js';

/**
 * Expected values: Microsoft's worked examples (support.microsoft.com pages for SLN, SYD, DB,
 * DDB and VDB, and knowledge-base article Q116394 for VDB's units), plus LibreOffice Calc 7.4
 * headless, 15 significant digits, for fractional VDB spans.
 */
function close(actual: ExcelResult, expected: number, relative = 1e-9): void {
  if (typeof actual !== 'number')
    throw new Error(`expected ${expected}, got ${JSON.stringify(actual)}`);
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(relative * Math.abs(expected));
}

const NUM = { error: '#NUM!' };

describe('SLN and SYD', () => {
  it('matches Microsoft: SLN(30000, 7500, 10) = 2,250', () => {
    expect(SLN(30000, 7500, 10)).toBe(2250);
  });

  it('answers #DIV/0! for a zero life', () => {
    expect(SLN(30000, 7500, 0)).toEqual({ error: '#DIV/0!' });
  });

  it('matches Microsoft: SYD(30000, 7500, 10, 1) = 4,090.91 and period 10 = 409.09', () => {
    close(SYD(30000, 7500, 10, 1), 4090.90909090909);
    close(SYD(30000, 7500, 10, 10), 409.090909090909);
  });

  it('accepts fractional periods and answers #NUM! outside (0, life]', () => {
    close(SYD(30000, 7500, 10, 1.5), (22500 * 9.5) / 55);
    expect(SYD(30000, 7500, 10, 0)).toEqual(NUM);
    expect(SYD(30000, 7500, 10, 11)).toEqual(NUM);
    expect(SYD(30000, 7500, 0, 1)).toEqual(NUM);
  });
});

describe('DB', () => {
  it("matches Microsoft's 7-month example: 186,083.33 … 15,845.10 over periods 1–7", () => {
    const expected = [
      186083.333333333, 259639.416666667, 176814.44275, 120410.63551275, 81999.6427841828,
      55841.7567360285, 15845.0984738481,
    ];
    expected.forEach((value, i) => {
      close(DB(1000000, 100000, 6, i + 1, 7), value);
    });
  });

  it('defaults to a full first year of 12 months', () => {
    expect(DB(1000000, 100000, 6, 1)).toBe(DB(1000000, 100000, 6, 1, 12));
    close(DB(1000000, 100000, 6, 1), 319000);
  });

  it.each<[string, Parameters<typeof DB>]>([
    ['month 0', [1000, 100, 5, 1, 0]],
    ['month 13', [1000, 100, 5, 1, 13]],
    ['cost 0', [0, 0, 5, 1, 12]],
    ['negative salvage', [1000, -1, 5, 1, 12]],
    ['salvage above cost', [1000, 1001, 5, 1, 12]],
    ['period 0', [1000, 100, 5, 0, 12]],
    ['period past life + 1', [1000, 100, 5, 6.5, 7]],
  ])('answers #NUM! for %s', (_, args) => {
    expect(DB(...args)).toEqual(NUM);
  });
});

describe('DDB', () => {
  it("matches Microsoft's examples: 1.32 a day, 40.00 a month, 480.00, 306.00 and 22.12", () => {
    close(DDB(2400, 300, 3650, 1), 1.31506849315065);
    expect(DDB(2400, 300, 120, 1, 2)).toBe(40);
    expect(DDB(2400, 300, 10, 1, 2)).toBe(480);
    close(DDB(2400, 300, 10, 2, 1.5), 306);
    close(DDB(2400, 300, 10, 10), 22.1225472000002);
  });

  it('never depreciates below salvage', () => {
    expect(DDB(1000, 900, 3, 2)).toBe(0);
    close(DDB(1000, 900, 3, 1), 100);
  });

  it('answers #NUM! for period < 1 or > life, a factor ≤ 0, or salvage above cost', () => {
    expect(DDB(2400, 300, 10, 0.5)).toEqual(NUM);
    expect(DDB(2400, 300, 10, 11)).toEqual(NUM);
    expect(DDB(2400, 300, 10, 1, 0)).toEqual(NUM);
    expect(DDB(2400, 2500, 10, 1)).toEqual(NUM);
  });
});

describe('VDB', () => {
  it("matches Microsoft's examples: 1.32, 40.00, 480.00, 396.31, 311.81 and 315.00", () => {
    close(VDB(2400, 300, 3650, 0, 1), 1.31506849315065);
    expect(VDB(2400, 300, 120, 0, 1)).toBe(40);
    expect(VDB(2400, 300, 10, 0, 1)).toBe(480);
    close(VDB(2400, 300, 120, 6, 18), 396.306053264752);
    close(VDB(2400, 300, 120, 6, 18, 1.5), 311.808936658233);
    close(VDB(2400, 300, 10, 0, 0.875, 1.5), 315);
  });

  it('matches Microsoft KB Q116394: 4,240.00 over 2.5 years and 3,935.52 over 912.5 days', () => {
    close(VDB(10000, 0, 10, 0, 2.5), 4240);
    close(VDB(10000, 0, 3650, 0, 912.5), 3935.52428575252);
  });

  it('prorates fractional starts and ends on the switching schedule as LibreOffice does', () => {
    close(VDB(2400, 300, 10, 1.5, 7.25), 1249.849344);
    close(VDB(2400, 300, 10, 6.5, 9.75, 2), 260.7004032);
    close(VDB(2400, 300, 10, 2.3, 2.7, 2, true), 122.88);
  });

  it('depreciates exactly to salvage over the life when it may switch', () => {
    close(VDB(2400, 300, 10, 0, 10), 2100, 1e-12);
    const years = Array.from({ length: 10 }, (_, k) => VDB(2400, 300, 10, k, k + 1) as number);
    close(
      years.reduce((a, b) => a + b, 0),
      2100,
      1e-12,
    );
  });

  it('answers exactly 0 once the declining balance has reached salvage, as LibreOffice does', () => {
    expect(VDB(966693.97, 220150.72, 47, 36, 44)).toBe(0);
    expect(VDB(394164.82, 68181.67, 111, 106, 109)).toBe(0);
    expect(VDB(603348.51, 212551.84, 48, 46.308, 46.368, 1.6, false)).toBe(0);
    expect(VDB(204384.98, 67515.95, 33, 19.797, 26.441, 2.9, false)).toBe(0);
  });

  it('with no_switch equals DDB period by period', () => {
    for (let k = 1; k <= 10; k++) {
      close(VDB(2400, 300, 10, k - 1, k, 2, true), DDB(2400, 300, 10, k) as number, 1e-12);
    }
  });

  it('answers #NUM! for start < 0, end < start, end > life, life ≤ 0 or salvage above cost', () => {
    expect(VDB(2400, 300, 10, -1, 1)).toEqual(NUM);
    expect(VDB(2400, 300, 10, 2, 1)).toEqual(NUM);
    expect(VDB(2400, 300, 10, 0, 11)).toEqual(NUM);
    expect(VDB(2400, 300, 0, 0, 0)).toEqual(NUM);
    expect(VDB(2400, 2401, 10, 0, 1)).toEqual(NUM);
    expect(VDB(2400, 300, 10, 0, 1, 0)).toEqual(NUM);
  });

  it('is additive over adjacent spans with integer boundaries', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 1e7, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 1, max: 50 }),
        fc.double({ min: 0.5, max: 4, noNaN: true }),
        (cost, salvageShare, life, factor) => {
          const salvage = cost * salvageShare;
          let sum = 0;
          for (let k = 0; k < life; k++)
            sum += VDB(cost, salvage, life, k, k + 1, factor) as number;
          const whole = VDB(cost, salvage, life, 0, life, factor) as number;
          expect(Math.abs(sum - whole)).toBeLessThanOrEqual(1e-9 * cost);
          expect(Math.abs(whole - (cost - salvage))).toBeLessThanOrEqual(1e-9 * cost);
        },
      ),
    );
  });
});
