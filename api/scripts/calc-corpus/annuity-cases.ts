/**
 * Time-value-of-money functions: PMT, IPMT, PPMT, CUMIPMT, CUMPRINC, NPER, RATE, PV, FV.
 * Typical cases are drawn; edge and error cases are written out so each one says what it covers.
 */
import type { Rng } from './prng.js';
import { type Arg, type CaseSpec, spec } from './spec.js';

const TYPICAL = 95;

/** Drops trailing omitted arguments and turns omitted middle ones into `null`. */
function positional(args: (Arg | undefined)[]): Arg[] {
  const out = [...args];
  while (out.length > 0 && out[out.length - 1] === undefined) out.pop();
  return out.map((a) => (a === undefined ? null : a));
}

interface Terms {
  rate: number;
  nper: number;
}

/** A rate and a matching number of periods: monthly, yearly, negative, steep or zero. */
function terms(rng: Rng, allowZero = true): Terms {
  const kinds = ['monthly', 'monthly', 'yearly', 'yearly', 'negative', 'steep'];
  const kind = rng.pick(allowZero ? [...kinds, 'zero'] : kinds);
  const fractional = rng.chance(0.1);
  const nper = (min: number, max: number) =>
    fractional ? rng.num(min, max, 1) : rng.int(min, max);
  switch (kind) {
    case 'monthly':
      return { rate: rng.num(0.005, 0.2, 4) / 12, nper: nper(6, 480) };
    case 'yearly':
      return { rate: rng.num(0.01, 0.25, 4), nper: nper(1, 40) };
    case 'negative':
      return { rate: -rng.num(0.001, 0.05, 4), nper: nper(1, 60) };
    case 'steep':
      return { rate: rng.num(0.3, 1.5, 3), nper: nper(1, 30) };
    default:
      return { rate: 0, nper: nper(1, 120) };
  }
}

function maybe<T>(rng: Rng, p: number, value: () => T): T | undefined {
  return rng.chance(p) ? value() : undefined;
}

function optionalFvType(rng: Rng): [number | undefined, number | undefined] {
  const type = maybe(rng, 0.6, () => rng.int(0, 1));
  const fv = maybe(rng, 0.5, () => (rng.chance(0.3) ? 0 : rng.amount(100, 100_000, 2, 0.5)));
  return [fv, type];
}

/** Excel's PMT, used only to draw payments that make RATE and NPER well posed. */
function payment(rate: number, nper: number, pv: number, fv: number, type: number): number {
  if (rate === 0) return -(pv + fv) / nper;
  const growth = (1 + rate) ** nper;
  return -(rate * (pv * growth + fv)) / ((1 + rate * type) * (growth - 1));
}

const cents = (x: number) => Number(x.toFixed(2));

function pmtLike(fn: 'PMT' | 'PV' | 'FV', rng: Rng): CaseSpec[] {
  const cases: CaseSpec[] = [];
  for (let i = 0; i < TYPICAL; i++) {
    const { rate, nper } = terms(rng);
    const third =
      fn === 'PMT' ? rng.amount(100, 1_000_000, 2, 0.2) : rng.amount(10, 20_000, 2, 0.7);
    cases.push(spec(fn, 'typical', positional([rate, nper, third, ...optionalFvType(rng)])));
  }
  const edge: [string, Arg[]][] = [
    ['edge:rate0', [0, 36, 10_000]],
    ['edge:rate0-type1', [0, 36, 10_000, 500, 1]],
    ['edge:fv-omitted-type1', [0.05 / 12, 60, 25_000, null, 1]],
    ['edge:nper1', [0.07, 1, 1000, 0, 0]],
    ['edge:nper1-type1', [0.07, 1, 1000, 0, 1]],
    ['edge:fractional-nper', [0.01, 12.5, 5000]],
    ['edge:negative-rate', [-0.02, 24, 5000, 100]],
    ['edge:rate-minus-half', [-0.5, 5, 1000]],
    ['edge:long-term', [0.045 / 12, 600, 250_000]],
    ['edge:steep-rate', [2, 10, 1000]],
    ['edge:zero-amounts', [0.05, 10, 0, 0]],
    ['edge:tiny-rate', [0.0001, 120, 10_000]],
  ];
  for (const [tag, args] of edge) cases.push(spec(fn, tag, args));
  if (fn === 'FV') cases.push(spec(fn, 'error:overflow', [0.5, 5000, -1000]));
  if (fn === 'PMT') cases.push(spec(fn, 'error:nper0', [0.05, 0, 1000]));
  return cases;
}

function perPeriod(fn: 'IPMT' | 'PPMT', rng: Rng): CaseSpec[] {
  const cases: CaseSpec[] = [];
  for (let i = 0; i < TYPICAL; i++) {
    // Rate 0 makes IPMT 0 throughout (the edge cases cover it); a steep rate stays short.
    const t = terms(rng, false);
    const rate = t.rate;
    const nper = Math.max(1, Math.round(t.nper));
    const per = rng.int(1, nper);
    const pv = rng.amount(100, 1_000_000, 2, 0.2);
    cases.push(spec(fn, 'typical', positional([rate, per, nper, pv, ...optionalFvType(rng)])));
  }
  const edge: [string, Arg[]][] = [
    ['edge:first-period', [0.1 / 12, 1, 36, 8000]],
    ['edge:first-period-type1', [0.1 / 12, 1, 36, 8000, 0, 1]],
    ['edge:last-period', [0.1 / 12, 36, 36, 8000]],
    ['edge:last-period-type1', [0.1 / 12, 36, 36, 8000, 0, 1]],
    ['edge:rate0', [0, 5, 12, 1200]],
    ['edge:rate0-type1', [0, 1, 12, 1200, 0, 1]],
    ['edge:negative-rate', [-0.01, 3, 12, 1200]],
    ['edge:with-fv', [0.06 / 12, 10, 60, 20_000, -5000]],
    ['edge:fv-omitted-type1', [0.06 / 12, 10, 60, 20_000, null, 1]],
    ['edge:single-period', [0.08, 1, 1, 1000]],
    ['edge:fractional-nper', [0.01, 3, 12.5, 1000]],
  ];
  for (const [tag, args] of edge) cases.push(spec(fn, tag, args));
  cases.push(spec(fn, 'error:per0', [0.01, 0, 12, 1000]));
  cases.push(spec(fn, 'error:per-beyond-nper', [0.01, 13, 12, 1000]));
  cases.push(spec(fn, 'error:negative-per', [0.01, -1, 12, 1000]));
  return cases;
}

function cumulative(fn: 'CUMIPMT' | 'CUMPRINC', rng: Rng): CaseSpec[] {
  const cases: CaseSpec[] = [];
  for (let i = 0; i < TYPICAL; i++) {
    const monthly = rng.chance(0.6);
    const rate = monthly ? rng.num(0.005, 0.2, 4) / 12 : rng.num(0.01, 0.3, 4);
    const nper = monthly ? rng.int(12, 480) : rng.int(1, 40);
    const start = rng.int(1, nper);
    const end = rng.int(start, nper);
    const pv = rng.num(100, 1_000_000, 2);
    cases.push(spec(fn, 'typical', [rate, nper, pv, start, end, rng.int(0, 1)]));
  }
  const edge: [string, Arg[]][] = [
    ['edge:whole-term', [0.09 / 12, 360, 125_000, 1, 360, 0]],
    ['edge:whole-term-type1', [0.09 / 12, 360, 125_000, 1, 360, 1]],
    ['edge:first-period-type1', [0.09 / 12, 360, 125_000, 1, 1, 1]],
    ['edge:last-period', [0.09 / 12, 360, 125_000, 360, 360, 0]],
    ['edge:single-period-loan', [0.05, 1, 1000, 1, 1, 0]],
    ['edge:steep-rate', [1.5, 10, 1000, 2, 5, 0]],
  ];
  for (const [tag, args] of edge) cases.push(spec(fn, tag, args));
  const errors: [string, Arg[]][] = [
    ['error:rate0', [0, 12, 1000, 1, 12, 0]],
    ['error:negative-rate', [-0.01, 12, 1000, 1, 12, 0]],
    ['error:nper0', [0.01, 0, 1000, 1, 1, 0]],
    ['error:pv0', [0.01, 12, 0, 1, 12, 0]],
    ['error:negative-pv', [0.01, 12, -1000, 1, 12, 0]],
    ['error:start0', [0.01, 12, 1000, 0, 12, 0]],
    ['error:start-after-end', [0.01, 12, 1000, 6, 5, 0]],
    ['error:end-beyond-nper', [0.01, 12, 1000, 1, 13, 0]],
    ['error:type2', [0.01, 12, 1000, 1, 12, 2]],
    ['error:type-negative', [0.01, 12, 1000, 1, 12, -1]],
  ];
  for (const [tag, args] of errors) cases.push(spec(fn, tag, args));
  return cases;
}

function nper(rng: Rng): CaseSpec[] {
  const cases: CaseSpec[] = [];
  for (let i = 0; i < TYPICAL; i++) {
    const { rate, nper: target } = terms(rng);
    const type = rng.int(0, 1);
    const saving = rng.chance(0.3);
    const pv = saving ? -rng.num(0, 10_000, 2) : rng.num(100, 500_000, 2);
    const fv = saving ? rng.num(1000, 200_000, 2) : rng.chance(0.8) ? 0 : -rng.num(10, 1000, 2);
    const pmt = cents(payment(rate, Math.max(1, Math.round(target)), pv, fv, type));
    const typeArg = type === 1 || rng.chance(0.5) ? type : undefined;
    cases.push(spec('NPER', 'typical', positional([rate, pmt, pv, fv, typeArg])));
  }
  const edge: [string, Arg[]][] = [
    ['edge:rate0', [0, -100, 1000]],
    ['edge:rate0-with-fv', [0, -100, 1000, -500]],
    ['edge:type1', [0.12 / 12, -100, -1000, 10_000, 1]],
    ['edge:negative-rate', [-0.01, -50, 1000]],
    ['edge:negative-result', [0.12 / 12, -100, -1000]],
    ['edge:fv-omitted-type1', [0.01, -100, 1000, null, 1]],
    ['edge:payment-just-above-interest', [0.01, -10.01, 1000]],
    ['edge:both-inflows', [0.05, 100, 1000]],
  ];
  for (const [tag, args] of edge) cases.push(spec('NPER', tag, args));
  cases.push(spec('NPER', 'error:payment-below-interest', [0.1, -50, 1000]));
  cases.push(spec('NPER', 'error:payment0', [0.1, 0, 100]));
  cases.push(spec('NPER', 'error:log-of-negative', [0.1, 50, -1000]));
  return cases;
}

function rate(rng: Rng): CaseSpec[] {
  const cases: CaseSpec[] = [];
  for (let i = 0; i < TYPICAL; i++) {
    const kind = rng.pick(['monthly', 'yearly', 'negative']);
    const r0 =
      kind === 'monthly'
        ? rng.num(0.01, 0.24, 4) / 12
        : kind === 'yearly'
          ? rng.num(0.01, 0.3, 4)
          : -rng.num(0.002, 0.05, 4);
    const n = kind === 'monthly' ? rng.int(12, 360) : rng.int(2, 40);
    const pv = rng.num(1000, 500_000, 2);
    const fv = rng.chance(0.2) ? -rng.num(100, pv / 2, 2) : 0;
    const type = rng.int(0, 1);
    const pmt = cents(payment(r0, n, pv, fv, type));
    const guess = maybe(rng, 0.2, () => rng.num(0.01, 0.2, 2));
    const withType = guess !== undefined || type === 1 || rng.chance(0.5) ? type : undefined;
    cases.push({
      ...spec('RATE', 'typical', positional([n, pmt, pv, fv, withType, guess])),
      root: r0,
    });
  }
  const edge: [string, Arg[]][] = [
    ['edge:savings-to-target', [10, -1000, 0, 12_000]],
    ['edge:type1', [24, -450, 10_000, 0, 1]],
    ['edge:fractional-nper', [10.5, -100, 1000]],
    ['edge:guess-far', [48, -200, 8000, 0, 0, 0.9]],
    ['edge:negative-root', [10, -90, 1000]],
    ['edge:steep-root', [5, -800, 1000]],
    ['edge:long-term', [360, -599.55, 100_000]],
  ];
  for (const [tag, args] of edge) cases.push(spec('RATE', tag, args));
  cases.push(spec('RATE', 'error:nper0', [0, -100, 1000]));
  cases.push(spec('RATE', 'error:no-sign-change', [10, 100, 1000]));
  return cases;
}

export function annuityCases(rng: Rng): CaseSpec[] {
  return [
    ...pmtLike('PMT', rng),
    ...perPeriod('IPMT', rng),
    ...perPeriod('PPMT', rng),
    ...cumulative('CUMIPMT', rng),
    ...cumulative('CUMPRINC', rng),
    ...nper(rng),
    ...rate(rng),
    ...pmtLike('PV', rng),
    ...pmtLike('FV', rng),
  ];
}
