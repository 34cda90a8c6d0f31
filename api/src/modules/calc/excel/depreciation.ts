/**
 * Depreciation: SLN, SYD, DB, DDB, VDB, in binary64. Excel documents the formulas but few of
 * the domain checks; where it is silent we follow LibreOffice Calc (sc/source/core/tool,
 * ScDB/ScDDB/ScVDB), whose algorithms came from StarCalc's Excel-compatible implementation,
 * including its habit of flooring period arguments to 15 significant digits so that
 * 0.1 + 0.2 counts as 0.3.
 */
import { DIV0, type ExcelResult, finite, NUM } from './result.js';

/** The value rounded to 15 significant digits, as a spreadsheet displays and compares it. */
function approxValue(value: number): number {
  return value === 0 || !Number.isFinite(value) ? value : Number(value.toPrecision(15));
}

function approxFloor(value: number): number {
  return Math.floor(approxValue(value));
}

function approxCeil(value: number): number {
  return Math.ceil(approxValue(value));
}

/** Equal to within 2^-48 relative, LibreOffice's rtl::math::approxEqual. */
function approxEqual(a: number, b: number): boolean {
  return a === b || Math.abs(a - b) < Math.abs(a) * 2 ** -48;
}

/** SLN: a zero life divides by zero. No other checks, as in Excel. */
export function SLN(cost: number, salvage: number, life: number): ExcelResult {
  if (life === 0) return DIV0;
  return finite((cost - salvage) / life);
}

/**
 * SYD: (cost − salvage)·(life − per + 1)·2 / (life·(life + 1)). per is not truncated
 * (fractional periods are accepted). life ≤ 0, per ≤ 0 or per > life is #NUM!: LibreOffice
 * checks nothing and extrapolates, but a period outside the life has no meaning and Excel-
 * compatible implementations (formula.js, Gnumeric) reject it.
 */
export function SYD(cost: number, salvage: number, life: number, per: number): ExcelResult {
  if (!(life > 0) || !(per > 0) || per > life) return NUM;
  return finite(((cost - salvage) * (life - per + 1)) / ((life * (life + 1)) / 2));
}

/**
 * Declining-balance depreciation in `period` (fractional periods allowed): the book value
 * after period − 1 periods times factor/life, never taking the book value below salvage.
 * The rate is capped at 1, where the whole cost goes in the first period.
 */
export function decliningBalance(
  cost: number,
  salvage: number,
  life: number,
  period: number,
  factor: number,
): number {
  let rate = factor / life;
  let before: number;
  if (rate >= 1) {
    rate = 1;
    before = period === 1 ? cost : 0;
  } else {
    before = cost * (1 - rate) ** (period - 1);
  }
  const after = cost * (1 - rate) ** period;
  const depreciation = after < salvage ? before - salvage : before - after;
  return Math.max(depreciation, 0);
}

/**
 * DDB: cost < 0, salvage < 0, factor ≤ 0, salvage > cost, period < 1 or period > life is #NUM!
 * (LibreOffice's checks; Excel's help only says the arguments must be positive).
 */
export function DDB(
  cost: number,
  salvage: number,
  life: number,
  period: number,
  factor = 2,
): ExcelResult {
  if (cost < 0 || salvage < 0 || !(factor > 0) || salvage > cost) return NUM;
  if (!(period >= 1) || period > life) return NUM;
  return finite(decliningBalance(cost, salvage, life, period, factor));
}

/** DB's fixed rate: 1 − (salvage/cost)^(1/life), rounded to three decimals as Excel's help says. */
export function fixedDecliningRate(cost: number, salvage: number, life: number): number {
  return approxFloor((1 - (salvage / cost) ** (1 / life)) * 1000 + 0.5) / 1000;
}

/**
 * DB: the first period has month/12 of a year's depreciation; when month < 12 the asset runs
 * into period life + 1, which gets the remaining (12 − month)/12. month is floored; periods
 * are floored inside the loop (LibreOffice). #NUM!: month outside 1…12, cost ≤ 0,
 * salvage < 0 or > cost, life ≤ 0, period ≤ 0 or > life + 1.
 */
export function DB(
  cost: number,
  salvage: number,
  life: number,
  period: number,
  month = 12,
): ExcelResult {
  const months = approxFloor(month);
  if (!(months >= 1 && months <= 12) || !(cost > 0) || salvage < 0 || salvage > cost) return NUM;
  if (!(life > 0) || !(period > 0) || period > life + 1) return NUM;
  const rate = fixedDecliningRate(cost, salvage, life);
  const first = (cost * rate * months) / 12;
  if (approxFloor(period) === 1) return finite(first);
  let total = first;
  let current = 0;
  const lastFullPeriod = approxFloor(Math.min(life, period));
  for (let i = 2; i <= lastFullPeriod; i++) {
    current = (cost - total) * rate;
    total += current;
  }
  if (period > life) current = ((cost - total) * rate * (12 - months)) / 12;
  return finite(current);
}

/**
 * VDB: declining balance between two (possibly fractional) points in time, switching to
 * straight line on the remaining book value when that gives more, unless no_switch.
 * #NUM!: start < 0, end < start, end > life, life ≤ 0, cost < 0, salvage > cost, factor ≤ 0.
 */
export function VDB(
  cost: number,
  salvage: number,
  life: number,
  startPeriod: number,
  endPeriod: number,
  factor = 2,
  noSwitch = false,
): ExcelResult {
  if (!(startPeriod >= 0) || !(endPeriod >= startPeriod) || endPeriod > life) return NUM;
  if (!(life > 0) || cost < 0 || salvage > cost || !(factor > 0)) return NUM;
  if (noSwitch)
    return finite(vdbWithoutSwitch(cost, salvage, life, startPeriod, endPeriod, factor));
  return finite(vdbWithSwitch(cost, salvage, life, startPeriod, endPeriod, factor));
}

/** Declining balance period by period, the first and last periods prorated. */
function vdbWithoutSwitch(
  cost: number,
  salvage: number,
  life: number,
  start: number,
  end: number,
  factor: number,
): number {
  const wholeStart = approxFloor(start);
  const wholeEnd = approxCeil(end);
  let sum = 0;
  for (let i = wholeStart + 1; i <= wholeEnd; i++) {
    let term = decliningBalance(cost, salvage, life, i, factor);
    if (i === wholeStart + 1) term *= Math.min(end, wholeStart + 1) - start;
    else if (i === wholeEnd) term *= end + 1 - wholeEnd;
    sum += term;
  }
  return sum;
}

/**
 * With switching, a period's depreciation depends on the book value left, so the span is
 * widened to whole periods [floor(start), ceil(end)] and the fractions of its first and last
 * periods that lie outside the span are taken back out (LibreOffice's current algorithm,
 * which reproduces Excel's documented fractional examples).
 */
function vdbWithSwitch(
  cost: number,
  salvage: number,
  life: number,
  start: number,
  end: number,
  factor: number,
): number {
  const wholeStart = approxFloor(start);
  const wholeEnd = approxCeil(end);
  let outside = 0;
  if (!approxEqual(start, wholeStart)) {
    outside += (start - wholeStart) * periodDepreciation(cost, salvage, life, wholeStart, factor);
  }
  if (!approxEqual(end, wholeEnd)) {
    outside += (wholeEnd - end) * periodDepreciation(cost, salvage, life, wholeEnd - 1, factor);
  }
  const remaining = bookValueAfter(cost, salvage, life, wholeStart, factor);
  const span = wholeEnd - wholeStart;
  return switchingDepreciation(remaining, salvage, life, life - wholeStart, span, factor) - outside;
}

/**
 * The book value after `periods` whole periods on the switching schedule. A book value that
 * equals salvage but for rounding is salvage: otherwise the residue would be depreciated
 * again in the periods after (LibreOffice's Kahan sums snap it the same way).
 */
function bookValueAfter(
  cost: number,
  salvage: number,
  life: number,
  periods: number,
  factor: number,
): number {
  const book = cost - switchingDepreciation(cost, salvage, life, life, periods, factor);
  return approxEqual(book, salvage) ? salvage : book;
}

/** Depreciation in the whole period after `before` periods, on the switching schedule. */
function periodDepreciation(
  cost: number,
  salvage: number,
  life: number,
  before: number,
  factor: number,
): number {
  const remaining = bookValueAfter(cost, salvage, life, before, factor);
  return switchingDepreciation(remaining, salvage, life, life - before, 1, factor);
}

/**
 * Depreciation from time 0 to `period` (the last period prorated), taking each period the
 * larger of declining balance and straight line over the `straightLineLife` left, and staying
 * on straight line once it wins.
 */
function switchingDepreciation(
  cost: number,
  salvage: number,
  life: number,
  straightLineLife: number,
  period: number,
  factor: number,
): number {
  const wholeEnd = approxCeil(period);
  const keep = 1 - Math.min(factor / life, 1);
  let depreciable = cost - salvage;
  let straightLine = 0;
  let switched = false;
  let sum = 0;
  for (let i = 1; i <= wholeEnd; i++) {
    let term: number;
    if (switched) {
      term = straightLine;
    } else {
      const declining = decliningBalance(cost, salvage, life, i, factor);
      straightLine = depreciable / (straightLineLife - (i - 1));
      if (straightLine > declining) {
        term = straightLine;
        switched = true;
      } else {
        term = declining;
        // Where the declining balance stops at salvage the book value is salvage exactly;
        // subtracting would leave a rounding residue that straight line then spreads over
        // the periods after (LibreOffice returns 0 there, and so do we).
        depreciable = cost * keep ** i < salvage ? 0 : depreciable - declining;
      }
    }
    if (i === wholeEnd) term *= period + 1 - wholeEnd;
    sum += term;
  }
  return sum;
}
