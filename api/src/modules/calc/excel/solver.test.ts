import { describe, expect, it } from 'vitest';
import { type ExcelError, isExcelError, type SolverResult } from './result.js';
import {
  countSignChanges,
  NEWTON_MAX_ITERATIONS,
  type RateObjective,
  solveRate,
} from './solver.js';

/** An objective from a function and its derivative, counting evaluations. */
function objective(f: (x: number) => number, df: (x: number) => number) {
  const target = {
    slope: 0,
    magnitude: 1,
    calls: 0,
    evaluate(x: number) {
      target.calls++;
      target.slope = df(x);
      return f(x);
    },
  };
  return target satisfies RateObjective;
}

function solved(result: SolverResult | ExcelError): SolverResult {
  if (isExcelError(result)) throw new Error(`unexpected ${result.error}`);
  return result;
}

describe('countSignChanges', () => {
  it('counts changes of sign along the series, skipping zeros', () => {
    expect(countSignChanges([])).toBe(0);
    expect(countSignChanges([-1, 2, 3])).toBe(1);
    expect(countSignChanges([-1, 0, 0, 2])).toBe(1);
    expect(countSignChanges([-1, 2, -3, 4])).toBe(3);
    expect(countSignChanges([0, 5, 0, 5])).toBe(0);
  });
});

describe('solveRate', () => {
  it("converges with Newton's method to the root nearest the guess, to machine precision", () => {
    // (1 + r)² = 1.21 at r = 0.1.
    const f = objective(
      (r) => (1 + r) ** 2 - 1.21,
      (r) => 2 * (1 + r),
    );
    const result = solved(solveRate(f, 0.5, 1));
    expect(Math.abs(result.value - 0.1)).toBeLessThan(1e-15);
    expect(Math.abs(result.npv_at_rate)).toBeLessThan(1e-15);
    expect(result.warnings).toEqual([]);
    expect(result.iterations).toBeLessThan(10);
  });

  it('returns the residual at the rate it returns', () => {
    const f = objective(
      (r) => Math.exp(r) - 2,
      (r) => Math.exp(r),
    );
    const result = solved(solveRate(f, 0, 1));
    expect(result.npv_at_rate).toBe(Math.exp(result.value) - 2);
  });

  it('warns of possible multiple roots when the flows change sign more than once', () => {
    const f = objective(
      (r) => r - 0.05,
      () => 1,
    );
    const result = solved(solveRate(f, 0.1, 2));
    expect(result.warnings.map((w) => w.code)).toEqual(['multiple_sign_changes']);
    expect(result.warnings[0]!.message).toContain('2 times');
  });

  it("falls back to bracketing when Newton's steps diverge, and says so", () => {
    // A cube root: every Newton step lands twice as far from the root on the other side.
    const f = objective(
      (r) => Math.cbrt(r - 0.3),
      (r) => 1 / (3 * Math.cbrt(r - 0.3) ** 2),
    );
    const result = solved(solveRate(f, 0.31, 1));
    expect(Math.abs(result.value - 0.3)).toBeLessThan(1e-14);
    expect(result.warnings.map((w) => w.code)).toEqual(['bracketing_fallback']);
  });

  it('falls back to bracketing when the slope is zero at the guess', () => {
    const f = objective(
      (r) => (r - 0.1) ** 3 - 0.008,
      (r) => 3 * (r - 0.1) ** 2,
    );
    const result = solved(solveRate(f, 0.1, 1));
    expect(Math.abs(result.value - 0.3)).toBeLessThan(1e-12);
    expect(result.warnings.map((w) => w.code)).toEqual(['bracketing_fallback']);
  });

  it('stops Newton at the iteration cap before bracketing', () => {
    // Newton cycles between 0 and 1 on x³ − 2x + 2; the root is at ≈ -1.77, outside the domain.
    const f = objective(
      (x) => x ** 3 - 2 * x + 2,
      (x) => 3 * x ** 2 - 2,
    );
    const result = solveRate(f, 0, 1);
    expect(result).toEqual({ error: '#NUM!' });
    expect(f.calls).toBeGreaterThanOrEqual(NEWTON_MAX_ITERATIONS);
    expect(f.calls).toBeLessThan(NEWTON_MAX_ITERATIONS + 100);
  });

  it('answers #NUM! when no rate in (-1, ∞) is a root', () => {
    const f = objective(
      (r) => 1 + r * r,
      (r) => 2 * r,
    );
    expect(solveRate(f, 0.1, 0)).toEqual({ error: '#NUM!' });
  });

  it('never returns a rate at or below -1', () => {
    // Root at r = -0.999: reached by bracketing towards -1 without crossing it.
    const f = objective(
      (r) => Math.log1p(r) - Math.log(0.001),
      (r) => 1 / (1 + r),
    );
    const result = solved(solveRate(f, 5, 1));
    expect(result.value).toBeGreaterThan(-1);
    expect(Math.abs(result.value + 0.999)).toBeLessThan(1e-12);
  });
});
