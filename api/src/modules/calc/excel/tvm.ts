/**
 * Time value of money: PMT, IPMT, PPMT, CUMIPMT, CUMPRINC, NPER, RATE, PV, FV, in binary64.
 * All of them rest on one equation (Excel's PV help page):
 *
 *   pv·(1+rate)^nper + pmt·(1 + rate·type)·((1+rate)^nper − 1)/rate + fv = 0
 *
 * Each is evaluated in the same order of operations as LibreOffice Calc (ScGetPMT, ScGetFV,
 * ScGetPV, ScGetIpmt…): where a result is the small difference of large terms (a principal
 * part near zero) only the same operations round the same way, and Excel, whose source is
 * closed, agrees with LibreOffice on every documented example.
 */
import {
  type ExcelError,
  type ExcelResult,
  finite,
  isExcelError,
  NUM,
  type SolverResult,
} from './result.js';
import { countSignChanges, type RateObjective, solveRate } from './solver.js';

/** Excel reads `type` as a truth value: any nonzero number means payments at period start. */
export function paymentTiming(type: number): 0 | 1 {
  return type !== 0 ? 1 : 0;
}

/** FV as a plain number, for the interest and principal splits that build on it. */
function futureValue(rate: number, nper: number, pmt: number, pv: number, timing: 0 | 1): number {
  if (rate === 0) return -(pv + pmt * nper);
  const growth = (1 + rate) ** nper;
  const annuity = timing === 1 ? pmt * (1 + rate) * (growth - 1) : pmt * (growth - 1);
  return -(pv * growth + annuity / rate);
}

/** PMT as a plain number: expm1/log1p keep the digits of small rates. */
function payment(rate: number, nper: number, pv: number, fv: number, timing: 0 | 1): number {
  if (rate === 0) return -(pv + fv) / nper;
  const logGrowth = Math.log1p(rate);
  const owed = (fv + pv * Math.exp(nper * logGrowth)) * rate;
  const paid =
    timing === 1 ? Math.expm1((nper + 1) * logGrowth) - rate : Math.expm1(nper * logGrowth);
  return -(owed / paid);
}

/**
 * PMT(rate, nper, pv, [fv], [type]). nper = 0 and rate < -1 (where log1p is undefined) are
 * #NUM!, as in LibreOffice; Excel documents neither.
 */
export function PMT(rate: number, nper: number, pv: number, fv = 0, type = 0): ExcelResult {
  if (nper === 0 || rate < -1) return NUM;
  return finite(payment(rate, nper, pv, fv, paymentTiming(type)));
}

export function FV(rate: number, nper: number, pmt: number, pv = 0, type = 0): ExcelResult {
  return finite(futureValue(rate, nper, pmt, pv, paymentTiming(type)));
}

export function PV(rate: number, nper: number, pmt: number, fv = 0, type = 0): ExcelResult {
  if (rate === 0) return finite(-(fv + pmt * nper));
  const discounted = fv * (1 + rate) ** -nper;
  const present =
    paymentTiming(type) === 1
      ? discounted + (pmt * (1 - (1 + rate) ** (-nper + 1))) / rate + pmt
      : discounted + (pmt * (1 - (1 + rate) ** -nper)) / rate;
  return finite(-present);
}

/**
 * NPER: #NUM! when no number of periods reaches fv (the logarithm's argument is not positive,
 * Microsoft KB Q104626). When pv + fv = 0 nothing needs paying: 0 periods, as LibreOffice says.
 */
export function NPER(rate: number, pmt: number, pv: number, fv = 0, type = 0): ExcelResult {
  if (pv + fv === 0) return 0;
  if (rate === 0) return pmt === 0 ? NUM : finite(-(pv + fv) / pmt);
  const timed = pmt * (1 + rate * paymentTiming(type));
  const ratio = (timed - fv * rate) / (timed + pv * rate);
  if (!(ratio > 0)) return NUM;
  return finite(Math.log(ratio) / Math.log1p(rate));
}

/**
 * The interest part of payment number `per` (Excel's IPMT algorithm, shared by LibreOffice
 * and formula.js): the balance after per − 1 periods times the rate. Not multiplied by the
 * rate yet, so CUMIPMT can sum first and multiply once, as Excel does.
 */
function balanceBearingInterest(
  rate: number,
  per: number,
  pmt: number,
  pv: number,
  timing: 0 | 1,
): number {
  if (per === 1) return timing === 1 ? 0 : -pv;
  return timing === 1
    ? futureValue(rate, per - 2, pmt, pv, 1) - pmt
    : futureValue(rate, per - 1, pmt, pv, 0);
}

/** IPMT: per must lie in [1, nper] (#NUM! otherwise) and is not truncated. */
export function IPMT(
  rate: number,
  per: number,
  nper: number,
  pv: number,
  fv = 0,
  type = 0,
): ExcelResult {
  if (per < 1 || per > nper) return NUM;
  const timing = paymentTiming(type);
  const pmt = payment(rate, nper, pv, fv, timing);
  return finite(balanceBearingInterest(rate, per, pmt, pv, timing) * rate);
}

export function PPMT(
  rate: number,
  per: number,
  nper: number,
  pv: number,
  fv = 0,
  type = 0,
): ExcelResult {
  if (per < 1 || per > nper) return NUM;
  const timing = paymentTiming(type);
  const pmt = payment(rate, nper, pv, fv, timing);
  return finite(pmt - balanceBearingInterest(rate, per, pmt, pv, timing) * rate);
}

interface CumulativeTerms {
  rate: number;
  nper: number;
  pv: number;
  start: number;
  end: number;
  timing: 0 | 1;
}

/**
 * Excel's CUMIPMT/CUMPRINC help: nper, start_period, end_period and type are truncated to
 * integers; rate, nper or pv ≤ 0, start < 1, end < start, end > nper, or a type other than
 * 0 or 1 is #NUM!.
 */
function cumulativeTerms(
  rate: number,
  nper: number,
  pv: number,
  startPeriod: number,
  endPeriod: number,
  type: number,
): CumulativeTerms | ExcelError {
  const n = Math.trunc(nper);
  const start = Math.trunc(startPeriod);
  const end = Math.trunc(endPeriod);
  const timing = Math.trunc(type);
  if (!(rate > 0) || !(n > 0) || !(pv > 0)) return NUM;
  if (start < 1 || end < start || end > n) return NUM;
  if (timing !== 0 && timing !== 1) return NUM;
  return { rate, nper: n, pv, start, end, timing };
}

export function CUMIPMT(
  rate: number,
  nper: number,
  pv: number,
  startPeriod: number,
  endPeriod: number,
  type: number,
): ExcelResult {
  const terms = cumulativeTerms(rate, nper, pv, startPeriod, endPeriod, type);
  if (isExcelError(terms)) return terms;
  const pmt = payment(terms.rate, terms.nper, terms.pv, 0, terms.timing);
  let balances = 0;
  for (let per = terms.start; per <= terms.end; per++) {
    balances += balanceBearingInterest(terms.rate, per, pmt, terms.pv, terms.timing);
  }
  return finite(balances * terms.rate);
}

export function CUMPRINC(
  rate: number,
  nper: number,
  pv: number,
  startPeriod: number,
  endPeriod: number,
  type: number,
): ExcelResult {
  const terms = cumulativeTerms(rate, nper, pv, startPeriod, endPeriod, type);
  if (isExcelError(terms)) return terms;
  const pmt = payment(terms.rate, terms.nper, terms.pv, 0, terms.timing);
  let principal = 0;
  for (let per = terms.start; per <= terms.end; per++) {
    principal +=
      pmt - balanceBearingInterest(terms.rate, per, pmt, terms.pv, terms.timing) * terms.rate;
  }
  return finite(principal);
}

/**
 * RATE solves the TVM equation for the rate: Newton from `guess` (Excel's default 0.1), then
 * bracketing. nper ≤ 0 is #NUM!; so is a guess ≤ -1, where the equation is undefined.
 */
export function RATE(
  nper: number,
  pmt: number,
  pv: number,
  fv = 0,
  type = 0,
  guess = 0.1,
): SolverResult | ExcelError {
  if (!(nper > 0) || !(guess > -1)) return NUM;
  const timing = paymentTiming(type);
  const objective = new TvmObjective(nper, pmt, pv, fv, timing);
  return solveRate(objective, guess, tvmSignChanges(nper, pmt, pv, fv, timing));
}

/** The TVM equation's cash flows in time order: what is paid and received at start and end. */
function tvmSignChanges(nper: number, pmt: number, pv: number, fv: number, timing: 0 | 1) {
  const middle = nper > 1 ? pmt : 0;
  return timing === 1
    ? countSignChanges([pv + pmt, middle, fv])
    : countSignChanges([pv, middle, pmt + fv]);
}

/** Below this |nper·rate|, the derivative of the annuity factor comes from its series. */
const SERIES_THRESHOLD = 1e-4;

class TvmObjective implements RateObjective {
  slope = 0;
  magnitude = 0;

  constructor(
    private readonly nper: number,
    private readonly pmt: number,
    private readonly pv: number,
    private readonly fv: number,
    private readonly timing: 0 | 1,
  ) {}

  evaluate(rate: number): number {
    const { nper: n, pmt, pv, fv, timing } = this;
    if (rate === 0) {
      this.slope = pv * n + pmt * (timing * n + (n * (n - 1)) / 2);
      this.magnitude = Math.abs(pv) + Math.abs(pmt * n) + Math.abs(fv);
      return pv + pmt * n + fv;
    }
    const grown = Math.expm1(n * Math.log1p(rate));
    const growth = grown + 1;
    const annuity = grown / rate;
    const growthSlope = (n * growth) / (1 + rate);
    // d/dr [((1+r)^n − 1)/r]: the closed form cancels catastrophically as n·r → 0.
    const annuitySlope =
      Math.abs(n * rate) < SERIES_THRESHOLD
        ? (n * (n - 1)) / 2 + ((n * (n - 1) * (n - 2)) / 3) * rate
        : (growthSlope - annuity) / rate;
    this.slope = pv * growthSlope + pmt * (timing * annuity + (1 + rate * timing) * annuitySlope);
    const present = pv * growth;
    const paid = pmt * (1 + rate * timing) * annuity;
    this.magnitude = Math.abs(present) + Math.abs(paid) + Math.abs(fv);
    return present + paid + fv;
  }
}
