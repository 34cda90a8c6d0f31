/**
 * Excel's formulas evaluated in 60-digit decimals, to vet LibreOffice's doubles before they
 * become golden values: where cancellation (a long, steep loan's balance; PMT − IPMT early in a
 * long loan) leaves LibreOffice's double off by more than the corpus can tolerate, the case is
 * not kept. The solvers are vetted by the size of a Newton step at LibreOffice's root.
 * Not an implementation of the engine: no argument checks, only the paths the corpus draws.
 */
import { createRequire } from 'node:module';
import type { Decimal as DecimalClass } from 'decimal.js';
import type { FunctionName } from '../../src/modules/calc/excel/types.js';
import type { Arg } from './spec.js';

const DecimalJs: typeof DecimalClass = createRequire(import.meta.url)('decimal.js');
const D = DecimalJs.clone({ precision: 60 });
type Dec = InstanceType<typeof D>;

const d = (x: number): Dec => new D(x);
const ONE = d(1);

/** (1 + r)^n, or undefined where a real power does not exist. */
function growth(r: Dec, n: Dec): Dec | undefined {
  const base = ONE.plus(r);
  if (base.isNegative() && !n.isInteger()) return undefined;
  if (base.isZero()) return n.isPositive() ? d(0) : undefined;
  return base.pow(n);
}

function fv(r: Dec, n: Dec, pmt: Dec, pv: Dec, type: number): Dec | undefined {
  if (r.isZero()) return pv.plus(pmt.times(n)).neg();
  const g = growth(r, n);
  if (!g) return undefined;
  return pv
    .times(g)
    .plus(
      pmt
        .times(ONE.plus(r.times(type)))
        .times(g.minus(1))
        .div(r),
    )
    .neg();
}

function pmt(r: Dec, n: Dec, pv: Dec, fvv: Dec, type: number): Dec | undefined {
  if (r.isZero()) return pv.plus(fvv).div(n).neg();
  const g = growth(r, n);
  if (!g || g.eq(1)) return undefined;
  return r
    .times(pv.times(g).plus(fvv))
    .div(ONE.plus(r.times(type)).times(g.minus(1)))
    .neg();
}

function pv(r: Dec, n: Dec, payment: Dec, fvv: Dec, type: number): Dec | undefined {
  if (r.isZero()) return fvv.plus(payment.times(n)).neg();
  const g = growth(r, n);
  if (!g || g.isZero()) return undefined;
  return fvv
    .plus(
      payment
        .times(ONE.plus(r.times(type)))
        .times(g.minus(1))
        .div(r),
    )
    .div(g)
    .neg();
}

/** Interest in period `per` (LibreOffice's and Excel's ScGetCompoundInterest). */
function interest(r: Dec, per: number, payment: Dec, pvv: Dec, type: number): Dec | undefined {
  if (per === 1) return type > 0 ? d(0) : pvv.neg().times(r);
  const balance =
    type > 0
      ? fv(r, d(per - 2), payment, pvv, 1)?.minus(payment)
      : fv(r, d(per - 1), payment, pvv, 0);
  return balance?.times(r);
}

function sum(values: (Dec | undefined)[]): Dec | undefined {
  let total = d(0);
  for (const v of values) {
    if (!v) return undefined;
    total = total.plus(v);
  }
  return total;
}

const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

type Nums = number[];
const num = (a: Arg | undefined, fallback = 0): number =>
  typeof a === 'number' ? a : typeof a === 'boolean' ? Number(a) : fallback;

function divide(v: number, g: Dec | undefined): Dec | undefined {
  return g && !g.isZero() ? d(v).div(g) : undefined;
}

/** Exact value of the function for these arguments, when the corpus knows how to compute it. */
export function reference(fn: FunctionName, args: Arg[]): number | undefined {
  const a = args;
  const r = d(num(a[0]));
  const type = (i: number) => (num(a[i]) !== 0 ? 1 : 0);
  let out: Dec | undefined;
  switch (fn) {
    case 'PMT':
      out = pmt(r, d(num(a[1])), d(num(a[2])), d(num(a[3])), type(4));
      break;
    case 'PV':
      out = pv(r, d(num(a[1])), d(num(a[2])), d(num(a[3])), type(4));
      break;
    case 'FV':
      out = fv(r, d(num(a[1])), d(num(a[2])), d(num(a[3])), type(4));
      break;
    case 'IPMT':
    case 'PPMT': {
      const p = pmt(r, d(num(a[2])), d(num(a[3])), d(num(a[4])), type(5));
      const i = p && interest(r, num(a[1]), p, d(num(a[3])), type(5));
      out = fn === 'IPMT' ? i : i && p?.minus(i);
      break;
    }
    case 'CUMIPMT':
    case 'CUMPRINC': {
      const p = pmt(r, d(num(a[1])), d(num(a[2])), d(0), type(5));
      const pers = range(num(a[3]), num(a[4]));
      const interests = pers.map((per) =>
        p ? interest(r, per, p, d(num(a[2])), type(5)) : undefined,
      );
      out = fn === 'CUMIPMT' ? sum(interests) : sum(interests.map((i) => i && p?.minus(i)));
      break;
    }
    case 'NPV': {
      const values = a[1] as Nums;
      out = sum(values.map((v, i) => divide(v, growth(r, d(i + 1)))));
      break;
    }
    case 'XNPV': {
      const values = a[1] as Nums;
      const dates = (a[2] as Nums).map(Math.trunc);
      out = sum(
        values.map((v, i) =>
          divide(v, growth(r, d((dates[i] as number) - (dates[0] as number)).div(365))),
        ),
      );
      break;
    }
    case 'EFFECT': {
      const n = d(Math.trunc(num(a[1])));
      out = growth(r.div(n), n)?.minus(1);
      break;
    }
    case 'NOMINAL': {
      const n = d(Math.trunc(num(a[1])));
      out = growth(r, ONE.div(n))?.minus(1).times(n);
      break;
    }
    case 'MIRR': {
      const values = a[0] as Nums;
      const last = values.length - 1;
      const invested = sum(
        values.map((v, i) => (v < 0 ? divide(v, growth(d(num(a[1])), d(i))) : d(0))),
      );
      const grown = sum(
        values.map((v, i) => (v > 0 ? growth(d(num(a[2])), d(last - i))?.times(v) : d(0))),
      );
      if (!invested || !grown || invested.isZero() || last < 1) return undefined;
      out = growth(grown.div(invested.neg()).minus(1), ONE.div(last))?.minus(1);
      break;
    }
    case 'SLN':
      out = d(num(a[0])).minus(num(a[1])).div(num(a[2]));
      break;
    case 'SYD': {
      const life = d(num(a[2]));
      out = d(num(a[0]))
        .minus(num(a[1]))
        .times(life.minus(num(a[3])).plus(1))
        .times(2)
        .div(life.times(life.plus(1)));
      break;
    }
    default:
      return undefined;
  }
  return out?.isFinite() ? out.toNumber() : undefined;
}

/** The equation each solver zeroes, as a function of the rate. */
function equation(fn: FunctionName, args: Arg[]): ((x: Dec) => Dec | undefined) | undefined {
  if (fn === 'IRR') {
    const values = args[0] as Nums;
    return (x) => sum(values.map((v, i) => divide(v, growth(x, d(i)))));
  }
  if (fn === 'XIRR') {
    const values = args[0] as Nums;
    const dates = (args[1] as Nums).map(Math.trunc);
    return (x) =>
      sum(
        values.map((v, i) =>
          divide(v, growth(x, d((dates[i] as number) - (dates[0] as number)).div(365))),
        ),
      );
  }
  if (fn === 'RATE') {
    const [n, payment, present, future] = [0, 1, 2, 3].map((i) => d(num(args[i])));
    const type = num(args[4]) !== 0 ? 1 : 0;
    return (x) => {
      const value = fv(x, n as Dec, payment as Dec, present as Dec, type);
      return value?.neg().plus(future as Dec);
    };
  }
  return undefined;
}

/**
 * For IRR, XIRR and RATE: the size of one Newton step from `x` (how far x is from the root it
 * approximates), computed in decimals; undefined for other functions.
 */
export function newtonStep(fn: FunctionName, args: Arg[], x: number): number | undefined {
  const f = equation(fn, args);
  if (!f) return undefined;
  const h = new D('1e-25');
  const at = f(d(x));
  const up = f(d(x).plus(h));
  const down = f(d(x).minus(h));
  if (!at || !up || !down) return Number.POSITIVE_INFINITY;
  const slope = up.minus(down).div(h.times(2));
  return slope.isZero() ? Number.POSITIVE_INFINITY : at.div(slope).abs().toNumber();
}
