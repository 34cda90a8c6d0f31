/**
 * Discounted cash flows: NPV, XNPV, IRR, XIRR, MIRR, in binary64 as Excel computes them.
 * IRR and XIRR share the solver; their objectives evaluate the NPV and its derivative in one
 * pass with no allocation, since XIRR on long series is a benchmarked hot path.
 */
import {
  DIV0,
  type ExcelError,
  type ExcelResult,
  finite,
  isExcelError,
  NUM,
  type SolverResult,
} from './result.js';
import { countSignChanges, type RateObjective, solveRate } from './solver.js';

/** Excel's date serials run from 0 (1900-01-00) to 2958465 (9999-12-31). */
const LAST_DATE_SERIAL = 2958465;
const DAYS_PER_YEAR = 365;

/**
 * NPV: values at the ends of periods 1…n. A rate of -1 divides by zero; LibreOffice answers
 * #NUM! there and Excel documents nothing, so we follow LibreOffice. Excel requires at least
 * one value: an empty list is #VALUE!.
 */
export function NPV(rate: number, values: readonly number[]): ExcelResult {
  if (values.length === 0) return { error: '#VALUE!' };
  const growth = 1 + rate;
  let discount = 1;
  let sum = 0;
  for (const value of values) {
    discount *= growth;
    sum += value / discount;
  }
  return finite(sum);
}

/**
 * Year fractions (days since the first date / 365) for XNPV and XIRR, after Excel's checks:
 * fewer than two values (LibreOffice) or lengths that differ → #NUM!; a serial outside
 * Excel's calendar → #VALUE!; dates are truncated to whole days. A date before the first is
 * #NUM! for XNPV (its support page) but allowed for XIRR: Microsoft's implementer notes
 * ([MS-OI29500] 2.1.1070 d) say Office accepts it there, and LibreOffice agrees.
 */
function yearFractions(
  values: readonly number[],
  dates: readonly number[],
  earlierDates: 'reject' | 'allow',
): Float64Array | ExcelError {
  if (values.length < 2 || values.length !== dates.length) return NUM;
  const first = Math.trunc(dates[0]!);
  const fractions = new Float64Array(dates.length);
  for (let i = 0; i < dates.length; i++) {
    const day = Math.trunc(dates[i]!);
    if (!(day >= 0 && day <= LAST_DATE_SERIAL)) return { error: '#VALUE!' };
    if (day < first && earlierDates === 'reject') return NUM;
    fractions[i] = (day - first) / DAYS_PER_YEAR;
  }
  return fractions;
}

/** XNPV: a rate ≤ -1 leaves (1 + rate)^t undefined → #NUM!. */
export function XNPV(
  rate: number,
  values: readonly number[],
  dates: readonly number[],
): ExcelResult {
  const fractions = yearFractions(values, dates, 'reject');
  if (isExcelError(fractions)) return fractions;
  if (!(rate > -1)) return NUM;
  return finite(new DatedNpv(values, fractions).evaluate(rate));
}

/** Excel's IRR and XIRR need at least one positive and one negative flow (#NUM! otherwise). */
function hasBothSigns(values: readonly number[]): boolean {
  let positive = false;
  let negative = false;
  for (const value of values) {
    if (value > 0) positive = true;
    else if (value < 0) negative = true;
  }
  return positive && negative;
}

/**
 * IRR: the rate at which Σ values[i]/(1+rate)^i = 0 (first value at time 0). Excel stops after
 * 20 Newton steps at 1e-7; we converge to machine precision and fall back to bracketing, so
 * we answer wherever Excel answers, with a more exact root. `npv_at_rate` is that sum.
 */
export function IRR(values: readonly number[], guess = 0.1): SolverResult | ExcelError {
  if (!hasBothSigns(values) || !(guess > -1)) return NUM;
  return solveRate(new PeriodicNpv(values), guess, countSignChanges(values));
}

/** XIRR: the rate at which XNPV = 0; XNPV's checks (earlier dates allowed), both signs, guess > -1. */
export function XIRR(
  values: readonly number[],
  dates: readonly number[],
  guess = 0.1,
): SolverResult | ExcelError {
  const fractions = yearFractions(values, dates, 'allow');
  if (isExcelError(fractions)) return fractions;
  if (!hasBothSigns(values) || !(guess > -1)) return NUM;
  return solveRate(new DatedNpv(values, fractions), guess, countSignChanges(values));
}

/**
 * MIRR per Excel's help: ((−NPV(reinvest, positives)·(1+reinvest)^n) / (NPV(finance,
 * negatives)·(1+finance)))^(1/(n−1)) − 1. Excel's help gives #DIV/0! when there is no positive
 * or no negative value (LibreOffice answers #VALUE!; we follow Excel); a rate of -1 divides by
 * zero too.
 */
export function MIRR(
  values: readonly number[],
  financeRate: number,
  reinvestRate: number,
): ExcelResult {
  const financeGrowth = 1 + financeRate;
  const reinvestGrowth = 1 + reinvestRate;
  let invested = 0;
  let returned = 0;
  let financeDiscount = 1;
  let reinvestDiscount = 1;
  for (const value of values) {
    if (value > 0) returned += value / reinvestDiscount;
    else if (value < 0) invested += value / financeDiscount;
    financeDiscount *= financeGrowth;
    reinvestDiscount *= reinvestGrowth;
  }
  if (!hasBothSigns(values) || financeGrowth === 0 || reinvestGrowth === 0) return DIV0;
  const periods = values.length - 1;
  return finite(((-returned / invested) * reinvestGrowth ** periods) ** (1 / periods) - 1);
}

/** Σ values[i]·d^i with d = 1/(1+rate), by Horner's rule: no powers, one pass for f and f'. */
class PeriodicNpv implements RateObjective {
  slope = 0;
  magnitude = 0;

  constructor(private readonly values: readonly number[]) {}

  evaluate(rate: number): number {
    const values = this.values;
    const discount = 1 / (1 + rate);
    let value = 0;
    let derivative = 0; // d/d(discount) of the sum
    let magnitude = 0;
    for (let i = values.length - 1; i >= 0; i--) {
      const flow = values[i]!;
      derivative = derivative * discount + value;
      value = value * discount + flow;
      magnitude = magnitude * discount + Math.abs(flow);
    }
    this.slope = -derivative * discount * discount;
    this.magnitude = magnitude;
    return value;
  }
}

/** Σ values[i]·(1+rate)^(−t_i) with t_i in years of 365 days; one exp per flow. */
class DatedNpv implements RateObjective {
  slope = 0;
  magnitude = 0;

  constructor(
    private readonly values: readonly number[],
    private readonly fractions: Float64Array,
  ) {}

  evaluate(rate: number): number {
    const { values, fractions } = this;
    const logGrowth = Math.log1p(rate);
    let value = 0;
    let weighted = 0;
    let magnitude = 0;
    for (let i = 0; i < fractions.length; i++) {
      const t = fractions[i]!;
      const term = values[i]! * Math.exp(-t * logGrowth);
      value += term;
      weighted += t * term;
      magnitude += Math.abs(term);
    }
    this.slope = -weighted / (1 + rate);
    this.magnitude = magnitude;
    return value;
  }
}
