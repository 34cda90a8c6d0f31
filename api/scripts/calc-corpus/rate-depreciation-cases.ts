/** Interest-rate conversion (EFFECT, NOMINAL) and depreciation (SLN, SYD, DB, DDB, VDB). */
import type { Rng } from './prng.js';
import { type Arg, type CaseSpec, spec } from './spec.js';

const TYPICAL = 95;

function periodsPerYear(rng: Rng): number {
  return rng.pick([
    () => rng.pick([1, 2, 4, 12, 52, 365]),
    () => rng.int(1, 400),
    () => rng.num(1, 24, 2), // Excel and LibreOffice both truncate npery
  ])();
}

function conversion(fn: 'EFFECT' | 'NOMINAL', rng: Rng): CaseSpec[] {
  const cases: CaseSpec[] = [];
  for (let i = 0; i < TYPICAL; i++) {
    cases.push(spec(fn, 'typical', [rng.num(0.001, 0.6, 4), periodsPerYear(rng)]));
  }
  const edge: [string, Arg[]][] = [
    ['edge:npery1', [0.08, 1]],
    ['edge:npery-fraction-truncated', [0.08, 1.99]],
    ['edge:daily', [0.05, 365]],
    ['edge:ten-thousand-periods', [0.05, 10_000]],
    ['edge:rate-above-100pct', [5, 12]],
    ['edge:small-rate', [0.001, 12]],
  ];
  for (const [tag, args] of edge) cases.push(spec(fn, tag, args));
  if (fn === 'EFFECT') {
    cases.push(
      spec(fn, 'error:rate0', [0, 4], {
        reason:
          'Microsoft documents #NUM! for nominal_rate <= 0; the LibreOffice built-in EFFECT ' +
          'answers 0 for a zero rate (its EFFECT_ADD add-in variant agrees with Excel).',
        error: '#NUM!',
      }),
    );
  } else {
    cases.push(spec(fn, 'error:rate0', [0, 4]));
  }
  const errors: [string, Arg[]][] = [
    ['error:negative-rate', [-0.05, 4]],
    ['error:npery-below-1', [0.05, 0.5]],
    ['error:npery0', [0.05, 0]],
    ['error:negative-npery', [0.05, -4]],
  ];
  for (const [tag, args] of errors) cases.push(spec(fn, tag, args));
  return cases;
}

interface Asset {
  cost: number;
  salvage: number;
}

function asset(rng: Rng): Asset {
  const cost = rng.num(100, 1_000_000, 2);
  const salvage = rng.chance(0.15) ? 0 : rng.num(0.01 * cost, 0.5 * cost, 2);
  return { cost, salvage };
}

function sln(rng: Rng): CaseSpec[] {
  const cases: CaseSpec[] = [];
  for (let i = 0; i < TYPICAL; i++) {
    const { cost, salvage } = asset(rng);
    const life = rng.chance(0.2) ? rng.num(0.5, 40, 1) : rng.int(1, 50);
    cases.push(spec('SLN', 'typical', [cost, salvage, life]));
  }
  const edge: [string, Arg[]][] = [
    ['edge:salvage0', [10_000, 0, 5]],
    ['edge:salvage-above-cost', [1000, 1500, 5]],
    ['edge:life1', [10_000, 1000, 1]],
    ['edge:fractional-life', [10_000, 1000, 2.5]],
    ['edge:cost0', [0, 0, 5]],
    ['edge:negative-life', [100, 10, -5]],
  ];
  for (const [tag, args] of edge) cases.push(spec('SLN', tag, args));
  cases.push(spec('SLN', 'error:life0', [100, 10, 0]));
  return cases;
}

function syd(rng: Rng): CaseSpec[] {
  const cases: CaseSpec[] = [];
  for (let i = 0; i < TYPICAL; i++) {
    const { cost, salvage } = asset(rng);
    const life = rng.int(1, 50);
    const per = rng.chance(0.15) ? rng.num(1, life, 1) : rng.int(1, life);
    cases.push(spec('SYD', 'typical', [cost, salvage, life, per]));
  }
  const edge: [string, Arg[]][] = [
    ['edge:last-period', [30_000, 7500, 10, 10]],
    ['edge:life1', [30_000, 7500, 1, 1]],
    ['edge:salvage0', [30_000, 0, 10, 3]],
    ['edge:salvage-above-cost', [1000, 1500, 5, 2]],
    ['edge:fractional-period', [30_000, 7500, 10, 2.5]],
    ['edge:monthly-life', [30_000, 7500, 120, 37]],
  ];
  for (const [tag, args] of edge) cases.push(spec('SYD', tag, args));
  cases.push(spec('SYD', 'error:life0', [100, 10, 0, 1]));
  return cases;
}

function db(rng: Rng): CaseSpec[] {
  const cases: CaseSpec[] = [];
  for (let i = 0; i < TYPICAL; i++) {
    const { cost, salvage } = asset(rng);
    const life = rng.int(1, 30);
    const month = rng.chance(0.4) ? undefined : rng.int(1, 12);
    const lastPeriod = month !== undefined && month < 12 ? life + 1 : life;
    const period = rng.int(1, lastPeriod);
    const args: Arg[] =
      month === undefined ? [cost, salvage, life, period] : [cost, salvage, life, period, month];
    cases.push(spec('DB', 'typical', args));
  }
  const edge: [string, Arg[]][] = [
    ['edge:salvage0', [10_000, 0, 5, 1]],
    ['edge:salvage0-later-period', [10_000, 0, 5, 3]],
    ['edge:trailing-period', [1_000_000, 100_000, 6, 7, 1]],
    ['edge:month12-explicit', [1_000_000, 100_000, 6, 3, 12]],
    ['edge:life1', [5000, 500, 1, 1]],
    ['edge:salvage-equals-cost', [5000, 5000, 5, 2]],
    ['edge:long-life', [1_000_000, 1000, 100, 50]],
  ];
  for (const [tag, args] of edge) cases.push(spec('DB', tag, args));
  const errors: [string, Arg[]][] = [
    ['error:month0', [100, 10, 5, 1, 0]],
    ['error:month13', [100, 10, 5, 1, 13]],
    ['error:period0', [100, 10, 5, 0]],
    ['error:period-beyond-life-plus-1', [1_000_000, 100_000, 6, 8, 7]],
  ];
  for (const [tag, args] of errors) cases.push(spec('DB', tag, args));
  return cases;
}

function ddb(rng: Rng): CaseSpec[] {
  const cases: CaseSpec[] = [];
  for (let i = 0; i < TYPICAL; i++) {
    const { cost, salvage } = asset(rng);
    const years = rng.int(1, 40);
    const life = rng.pick([years, years, years * 12, years * 365]);
    const period = rng.int(1, life);
    const factor = rng.chance(0.5) ? undefined : rng.num(0.5, 3, 1);
    cases.push(
      spec(
        'DDB',
        'typical',
        factor === undefined
          ? [cost, salvage, life, period]
          : [cost, salvage, life, period, factor],
      ),
    );
  }
  const edge: [string, Arg[]][] = [
    ['edge:last-period', [2400, 300, 10, 10]],
    ['edge:salvage0', [2400, 0, 10, 4]],
    ['edge:factor-equals-life', [2400, 300, 10, 1, 10]],
    ['edge:factor-above-life', [2400, 300, 10, 2, 12]],
    ['edge:factor1', [2400, 300, 10, 5, 1]],
    ['edge:life1', [2400, 300, 1, 1]],
    ['edge:fully-depreciated', [2400, 2000, 10, 9]],
  ];
  for (const [tag, args] of edge) cases.push(spec('DDB', tag, args));
  const errors: [string, Arg[]][] = [
    ['error:period0', [2400, 300, 10, 0]],
    ['error:period-beyond-life', [2400, 300, 10, 11]],
    ['error:life0', [2400, 300, 0, 1]],
    ['error:factor0', [2400, 300, 10, 1, 0]],
    ['error:negative-factor', [2400, 300, 10, 1, -1]],
    ['error:negative-cost', [-2400, 300, 10, 1]],
    ['error:negative-salvage', [2400, -300, 10, 1]],
  ];
  for (const [tag, args] of errors) cases.push(spec('DDB', tag, args));
  return cases;
}

function vdb(rng: Rng): CaseSpec[] {
  const cases: CaseSpec[] = [];
  for (let i = 0; i < TYPICAL; i++) {
    const { cost, salvage } = asset(rng);
    const life = rng.chance(0.3) ? rng.int(12, 240) : rng.int(1, 40);
    const fractional = rng.chance(0.4);
    const start = fractional ? rng.num(0, life, 3) : rng.int(0, life - 1);
    const end = fractional ? rng.num(start, life, 3) : rng.int(start + 1, life);
    const args: Arg[] = [cost, salvage, life, start, end];
    if (rng.chance(0.5)) {
      args.push(rng.num(0.5, 3, 1));
      if (rng.chance(0.5)) args.push(rng.chance(0.5));
    }
    cases.push(spec('VDB', 'typical', args));
  }
  const edge: [string, Arg[]][] = [
    ['edge:whole-life', [2400, 300, 10, 0, 10]],
    ['edge:whole-life-no-switch', [2400, 300, 10, 0, 10, 2, true]],
    ['edge:switch-region', [2400, 0, 10, 5, 10, 2, false]],
    ['edge:switch-region-no-switch', [2400, 0, 10, 5, 10, 2, true]],
    ['edge:empty-interval', [2400, 300, 10, 3, 3]],
    ['edge:partial-first-year', [2400, 300, 10, 0, 0.875, 1.5]],
    ['edge:partial-both-ends', [2400, 300, 10, 1.25, 4.75]],
    ['edge:salvage0', [2400, 0, 10, 0, 1]],
    ['edge:factor1', [2400, 300, 10, 2, 6, 1]],
    ['edge:factor-above-life', [2400, 300, 10, 0, 2, 12]],
    ['edge:monthly', [2400, 300, 120, 6, 18]],
  ];
  for (const [tag, args] of edge) cases.push(spec('VDB', tag, args));
  const errors: [string, Arg[]][] = [
    ['error:end-beyond-life', [2400, 300, 10, 0, 11]],
    ['error:start-after-end', [2400, 300, 10, 5, 3]],
    ['error:negative-start', [2400, 300, 10, -1, 1]],
    ['error:life0', [2400, 300, 0, 0, 1]],
    ['error:factor0', [2400, 300, 10, 0, 1, 0]],
    ['error:negative-factor', [2400, 300, 10, 0, 1, -1]],
    ['error:negative-cost', [-2400, 300, 10, 0, 1]],
  ];
  for (const [tag, args] of errors) cases.push(spec('VDB', tag, args));
  return cases;
}

export function rateAndDepreciationCases(rng: Rng): CaseSpec[] {
  return [
    ...conversion('EFFECT', rng),
    ...conversion('NOMINAL', rng),
    ...sln(rng),
    ...syd(rng),
    ...db(rng),
    ...ddb(rng),
    ...vdb(rng),
  ];
}
