/**
 * The root finder behind IRR, XIRR and RATE. Newton's method from the caller's guess takes
 * the path Excel's own Newton iteration takes, so it lands on the root Excel finds whenever
 * Excel finds one, then goes on to machine precision where Excel stops; where Newton fails (a flat slope, a
 * step out of the domain, no convergence within the cap) the rate is bracketed outward from
 * the guess and pinned down with Brent's method, which always converges once bracketed.
 * Every rate lives in (-1, ∞): at -1 the discount factor 1/(1 + rate) is undefined.
 */
import { type CalcWarning, type ExcelError, NUM, type SolverResult } from './result.js';

/** A function of the rate whose root is sought; it leaves its derivative in `slope`. */
export interface RateObjective {
  /**
   * f(rate), a sum of terms; also sets `slope` to f'(rate) and `magnitude` to the sum of the
   * terms' absolute values, computed in the same pass over the data.
   */
  evaluate(rate: number): number;
  slope: number;
  /** The scale at which f's rounding error lives: a root's residual is judged against it. */
  magnitude: number;
}

/** Excel caps XIRR at 100 Newton steps; we cap Newton there too before falling back. */
export const NEWTON_MAX_ITERATIONS = 100;
const BRENT_MAX_ITERATIONS = 200;
/** Outward steps on each side of the guess; the last ones reach rates near -1 and 1e6. */
const EXPANSION_STEPS = 24;
/**
 * Newton converges quadratically: once a step is this small (relative to max(1, |rate|)),
 * the error left after taking it is far below one unit in the last place.
 */
const STEP_TOLERANCE = 1e-12;
const EPSILON = Number.EPSILON;
/**
 * A root must leave a residual this small relative to `magnitude`. An exact root leaves about
 * 1e-16; only a rate so close to -1 that 1 + rate has lost its digits leaves more, and such a
 * rate is no answer.
 */
const RESIDUAL_TOLERANCE = 1e-9;

/** How many times the sign changes along the series, zeros skipped. */
export function countSignChanges(values: ArrayLike<number>): number {
  let changes = 0;
  let previous = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    if (value === 0) continue;
    if (previous !== 0 && value > 0 !== previous > 0) changes++;
    previous = value;
  }
  return changes;
}

/**
 * Solves objective(rate) = 0 for a rate in (-1, ∞), starting from `guess`. `signChanges` is
 * the count for the cash flows being solved: more than one means more than one rate may solve
 * the equation, which callers must hear about. No root found → #NUM!, as in Excel.
 */
export function solveRate(
  objective: RateObjective,
  guess: number,
  signChanges: number,
): SolverResult | ExcelError {
  const warnings: CalcWarning[] = [];
  if (signChanges > 1) {
    warnings.push({
      code: 'multiple_sign_changes',
      message: `The cash flows change sign ${signChanges} times, so more than one rate may solve the equation; this is the one found from the guess.`,
    });
  }
  const newton = newtonRoot(objective, guess);
  if (newton.converged) {
    const residual = objective.evaluate(newton.rate);
    if (Math.abs(residual) <= RESIDUAL_TOLERANCE * objective.magnitude)
      return { value: newton.rate, npv_at_rate: residual, iterations: newton.iterations, warnings };
  }
  const bracketed = bracketRoot(objective, guess);
  if (bracketed === undefined) return NUM;
  objective.evaluate(bracketed.rate);
  if (!(Math.abs(bracketed.residual) <= RESIDUAL_TOLERANCE * objective.magnitude)) return NUM;
  warnings.push({
    code: 'bracketing_fallback',
    message:
      "Newton's method did not converge from the guess; the rate was bracketed and found with Brent's method.",
  });
  return {
    value: bracketed.rate,
    npv_at_rate: bracketed.residual,
    iterations: newton.iterations + bracketed.iterations,
    warnings,
  };
}

interface NewtonOutcome {
  converged: boolean;
  rate: number;
  iterations: number;
}

function newtonRoot(objective: RateObjective, guess: number): NewtonOutcome {
  let rate = guess;
  let iterations = 0;
  while (iterations < NEWTON_MAX_ITERATIONS) {
    const value = objective.evaluate(rate);
    if (value === 0) return { converged: true, rate, iterations };
    const slope = objective.slope;
    if (!Number.isFinite(value) || !Number.isFinite(slope) || slope === 0) break;
    const next = rate - value / slope;
    iterations++;
    if (!(next > -1) || !Number.isFinite(next)) break;
    if (Math.abs(next - rate) <= STEP_TOLERANCE * Math.max(1, Math.abs(next))) {
      return { converged: true, rate: next, iterations };
    }
    rate = next;
  }
  return { converged: false, rate, iterations };
}

interface BracketedRoot {
  rate: number;
  residual: number;
  iterations: number;
}

/**
 * Walks outward from the guess on both sides in steps of growing length, measured in
 * log(1 + rate) so that the walk approaches -1 without crossing it, and hands the first
 * interval whose ends differ in sign to Brent. The root nearest the guess wins.
 */
function bracketRoot(objective: RateObjective, guess: number): BracketedRoot | undefined {
  const start = Number.isFinite(guess) && guess > -1 ? guess : 0;
  const origin = Math.log1p(start);
  const startValue = objective.evaluate(start);
  let evaluations = 1;
  if (startValue === 0) return { rate: start, residual: 0, iterations: evaluations };
  let up = { rate: start, value: startValue, open: Number.isFinite(startValue) };
  let down = { rate: start, value: startValue, open: up.open };
  let distance = 0;
  let step = 0.05;
  for (let k = 0; k < EXPANSION_STEPS && (up.open || down.open); k++) {
    distance += step;
    step *= 1.3;
    for (const side of [1, -1] as const) {
      const from = side === 1 ? up : down;
      if (!from.open) continue;
      const rate = Math.expm1(origin + side * distance);
      const value = objective.evaluate(rate);
      evaluations++;
      const to = { rate, value, open: Number.isFinite(value) && rate > -1 };
      if (to.open && (value === 0 || value > 0 !== from.value > 0)) {
        const root = brent(objective, from.rate, from.value, rate, value);
        if (root !== undefined) return { ...root, iterations: evaluations + root.iterations };
      }
      if (side === 1) up = to;
      else down = to;
    }
  }
  return undefined;
}

/** Brent's method (after Brent 1973, as in Numerical Recipes' zbrent) on a sign-changing bracket. */
function brent(
  objective: RateObjective,
  lower: number,
  lowerValue: number,
  upper: number,
  upperValue: number,
): BracketedRoot | undefined {
  let a = lower;
  let fa = lowerValue;
  let b = upper;
  let fb = upperValue;
  let c = b;
  let fc = fb;
  let d = b - a;
  let e = d;
  for (let iteration = 1; iteration <= BRENT_MAX_ITERATIONS; iteration++) {
    if (fb > 0 === fc > 0) {
      c = a;
      fc = fa;
      d = b - a;
      e = d;
    }
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tolerance = 2 * EPSILON * Math.abs(b) + 1e-300;
    const half = 0.5 * (c - b);
    if (fb === 0 || Math.abs(half) <= tolerance)
      return { rate: b, residual: fb, iterations: iteration };
    if (Math.abs(e) >= tolerance && Math.abs(fa) > Math.abs(fb)) {
      const s = fb / fa;
      let p: number;
      let q: number;
      if (a === c) {
        p = 2 * half * s;
        q = 1 - s;
      } else {
        const qa = fa / fc;
        const r = fb / fc;
        p = s * (2 * half * qa * (qa - r) - (b - a) * (r - 1));
        q = (qa - 1) * (r - 1) * (s - 1);
      }
      if (p > 0) q = -q;
      p = Math.abs(p);
      if (2 * p < Math.min(3 * half * q - Math.abs(tolerance * q), Math.abs(e * q))) {
        e = d;
        d = p / q;
      } else {
        d = half;
        e = d;
      }
    } else {
      d = half;
      e = d;
    }
    a = b;
    fa = fb;
    b += Math.abs(d) > tolerance ? d : half > 0 ? tolerance : -tolerance;
    fb = objective.evaluate(b);
    if (!Number.isFinite(fb)) return undefined;
  }
  return undefined;
}
