import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal } from '../decimal.js';
import { DB, DDB, SLN, SYD, VDB } from '../excel/depreciation.js';
import {
  DEPRECIATION_METHODS,
  type DepreciationInput,
  type DepreciationResult,
  type DepreciationSchedule,
  depreciationSchedule,
} from './depreciation.js';

function schedule(input: DepreciationInput): DepreciationSchedule {
  const result = depreciationSchedule(input);
  if (!result.ok) throw new Error(`unexpected ${result.error}: ${result.message}`);
  return result.schedule;
}

const amounts = (s: DepreciationSchedule) => s.periods.map((p) => p.depreciation.toFixed(2));

/** The float function's depreciation for period k (1-based), for comparison. */
function excelPeriod(input: DepreciationInput, k: number): number {
  const [cost, salvage] = [Number(input.cost), Number(input.salvage)];
  const factor = input.factor ?? 2;
  const result = {
    SLN: () => SLN(cost, salvage, input.life),
    SYD: () => SYD(cost, salvage, input.life, k),
    DB: () => DB(cost, salvage, input.life, k, input.month ?? 12),
    DDB: () => DDB(cost, salvage, input.life, k, factor),
    VDB: () => VDB(cost, salvage, input.life, k - 1, k, factor, input.no_switch ?? false),
  }[input.method]();
  if (typeof result !== 'number') throw new Error(`${input.method} period ${k}: ${result.error}`);
  return result;
}

describe('depreciationSchedule', () => {
  it("reproduces Microsoft's DB example (month 7) to the cent over life + 1 periods", () => {
    const s = schedule({
      cost: '1000000.00',
      salvage: '100000.00',
      life: 6,
      method: 'DB',
      month: 7,
      exponent: 2,
    });
    expect(amounts(s)).toEqual([
      '186083.33',
      '259639.42',
      '176814.44',
      '120410.64',
      '81999.64',
      '55841.76',
      '15845.10',
    ]);
    expect(s.periods.at(-1)!.book_value.toFixed(2)).toBe('103365.67');
  });

  it('rounds the accumulated amount so equal shares of an odd total alternate, never drift', () => {
    const s = schedule({ cost: '100.00', salvage: '0.00', life: 3, method: 'SLN', exponent: 2 });
    expect(amounts(s)).toEqual(['33.33', '33.34', '33.33']);
    expect(s.periods.map((p) => p.accumulated.toFixed(2))).toEqual(['33.33', '66.67', '100.00']);
    expect(s.total_depreciation.toFixed(2)).toBe('100.00');
  });

  it('ends at salvage exactly for SYD and for VDB with its switch to straight line', () => {
    for (const method of ['SYD', 'VDB'] as const) {
      const s = schedule({ cost: '2400.00', salvage: '300.00', life: 10, method, exponent: 2 });
      expect(s.periods.at(-1)!.book_value.toFixed(2)).toBe('300.00');
      expect(s.total_depreciation.toFixed(2)).toBe('2100.00');
    }
  });

  it('follows DDB period by period, which need not reach salvage', () => {
    const input = { cost: '10000', salvage: '100', life: 5, method: 'DDB', exponent: 0 } as const;
    const s = schedule(input);
    expect(amounts(s)).toEqual(['4000.00', '2400.00', '1440.00', '864.00', '518.00']);
    expect(s.periods.at(-1)!.book_value.toFixed(0)).toBe('778');
  });

  it('rounds with the rounding mode asked for', () => {
    // 0.05 a period: half_up rounds the first accumulated 0.05 up, half_even down to 0.0.
    const input = { cost: '0.1', salvage: '0', life: 2, method: 'SLN', exponent: 1 } as const;
    expect(amounts(schedule(input))).toEqual(['0.10', '0.00']);
    expect(amounts(schedule({ ...input, rounding_mode: 'half_even' }))).toEqual(['0.00', '0.10']);
  });

  it('answers #NUM! where the Excel function does', () => {
    const base = { cost: '1000.00', salvage: '100.00', life: 5, exponent: 2 } as const;
    expect(depreciationSchedule({ ...base, method: 'DB', salvage: '1001.00' })).toMatchObject({
      ok: false,
      error: '#NUM!',
    });
    expect(depreciationSchedule({ ...base, method: 'DB', month: 13 })).toMatchObject({
      error: '#NUM!',
    });
    expect(depreciationSchedule({ ...base, method: 'DDB', factor: 0 })).toMatchObject({
      error: '#NUM!',
    });
    expect(depreciationSchedule({ ...base, method: 'SLN', life: 0 })).toMatchObject({
      error: '#NUM!',
    });
  });

  it.each([
    ['cost', { cost: '1000.005' }],
    ['cost', { cost: 'ten' }],
    ['life', { life: 2.5 }],
    ['life', { life: 10_001 }],
    ['exponent', { exponent: -1 }],
    ['method', { method: 'MACRS' }],
    ['month', { month: 6.5 }],
  ])('answers invalid_argument naming %s for %j', (param, change) => {
    const input = { cost: '1000.00', salvage: '0', life: 5, method: 'DB', exponent: 2, ...change };
    const result: DepreciationResult = depreciationSchedule(input as DepreciationInput);
    expect(result).toMatchObject({ ok: false, error: 'invalid_argument', param });
  });

  it('sums exactly, keeps book value = cost − accumulated, and tracks the Excel function', () => {
    const input = fc.record({
      cost: fc.integer({ min: 0, max: 10_000_000_00 }),
      salvagePermille: fc.integer({ min: 0, max: 1000 }),
      life: fc.integer({ min: 1, max: 60 }),
      method: fc.constantFrom(...DEPRECIATION_METHODS),
      factor: fc.constantFrom(1, 1.5, 2, 3),
      month: fc.integer({ min: 1, max: 12 }),
      no_switch: fc.boolean(),
    });
    fc.assert(
      fc.property(input, ({ cost, salvagePermille, ...rest }) => {
        fc.pre(rest.method !== 'DB' || cost > 0);
        const salvage = Math.floor((cost * salvagePermille) / 1000);
        const args: DepreciationInput = {
          ...rest,
          cost: new Decimal(cost).div(100).toFixed(2),
          salvage: new Decimal(salvage).div(100).toFixed(2),
          exponent: 2,
        };
        const s = schedule(args);
        let running = new Decimal(0);
        s.periods.forEach((p, i) => {
          running = running.plus(p.depreciation);
          expect(p.accumulated.equals(running)).toBe(true);
          expect(p.book_value.equals(s.cost.minus(p.accumulated))).toBe(true);
          expect(p.depreciation.decimalPlaces()).toBeLessThanOrEqual(2);
          // Within a cent of the float function: two roundings of half a cent, plus float noise.
          const excel = excelPeriod(args, i + 1);
          expect(Math.abs(p.depreciation.toNumber() - excel)).toBeLessThanOrEqual(
            0.01 + 1e-9 * (cost / 100),
          );
        });
        expect(s.total_depreciation.equals(running)).toBe(true);
        const settles =
          ['SLN', 'SYD'].includes(args.method) || (args.method === 'VDB' && !args.no_switch);
        if (settles) expect(s.periods.at(-1)!.book_value.equals(s.salvage)).toBe(true);
      }),
    );
  });
});
