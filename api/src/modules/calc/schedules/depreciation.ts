/**
 * Depreciation schedules for SLN, SYD, DB, DDB and VDB: every period of an asset's life, in
 * exact decimals rounded to the currency's minor unit. The methods are Excel's (see
 * ../excel/depreciation.ts for the float functions), recomputed in 40-digit decimals.
 *
 * Rounding never drifts: the exact accumulated depreciation is rounded at each period and a
 * period's amount is the difference of two rounded totals, so the rounded amounts sum to the
 * rounded total exactly. SLN, SYD and VDB (with its switch to straight line) depreciate to
 * salvage by the end of the life; for them the last period takes whatever remains, so the
 * final book value is the salvage exactly. DB and DDB (and VDB with no_switch) are declining
 * balances that need not reach salvage; their last book value is what the method leaves.
 *
 * Input errors come back as a value, never thrown: `{ ok: false, error: 'invalid_argument',
 * param }` for an argument of the wrong form, `{ ok: false, error: '#NUM!' }` where Excel's
 * own function answers #NUM! for these arguments.
 */
import { Decimal, type DecimalInput, parseDecimal } from '../decimal.js';
import { DB, DDB, fixedDecliningRate, SLN, SYD, VDB } from '../excel/depreciation.js';
import { type ExcelResult, isExcelError } from '../excel/result.js';
import { isRoundingMode, type RoundingMode, roundTo } from '../money.js';

export const DEPRECIATION_METHODS = ['SLN', 'DB', 'DDB', 'SYD', 'VDB'] as const;
export type DepreciationMethod = (typeof DEPRECIATION_METHODS)[number];

/** A schedule is returned whole, so its length is bounded. */
export const MAX_LIFE = 10_000;
const MAX_EXPONENT = 18;

export interface DepreciationInput {
  /** The asset's initial cost, a decimal in whole minor units (`"10000.00"`). */
  cost: DecimalInput;
  /** The value left at the end of the life, in whole minor units. */
  salvage: DecimalInput;
  /** The life in whole periods, 1 to 10 000. */
  life: number;
  method: DepreciationMethod;
  /** DDB and VDB: the rate at which the balance declines. Default 2 (double declining). */
  factor?: number;
  /** DB: months in the first year, 1 to 12. Default 12; below 12 the life runs one more period. */
  month?: number;
  /** VDB: TRUE never switches to straight line. Default FALSE. */
  no_switch?: boolean;
  /** Digits after the decimal point of the currency's minor unit (ISO 4217 exponent): 2 for USD. */
  exponent: number;
  /** How the accumulated depreciation is rounded. Default `half_up`. */
  rounding_mode?: RoundingMode;
}

export interface DepreciationPeriod {
  period: number;
  /** Depreciation in this period. */
  depreciation: Decimal;
  /** Depreciation from the start up to the end of this period. */
  accumulated: Decimal;
  /** cost − accumulated. */
  book_value: Decimal;
}

export interface DepreciationSchedule {
  method: DepreciationMethod;
  cost: Decimal;
  salvage: Decimal;
  exponent: number;
  periods: DepreciationPeriod[];
  total_depreciation: Decimal;
}

export type DepreciationResult =
  | { ok: true; schedule: DepreciationSchedule }
  | { ok: false; error: 'invalid_argument'; param: string; message: string }
  | { ok: false; error: '#NUM!'; message: string };

interface Terms {
  method: DepreciationMethod;
  cost: Decimal;
  salvage: Decimal;
  life: number;
  factor: number;
  month: number;
  noSwitch: boolean;
  exponent: number;
  mode: RoundingMode;
}

function invalid(param: string, message: string): DepreciationResult {
  return { ok: false, error: 'invalid_argument', param, message };
}

function amount(value: DecimalInput, exponent: number): Decimal | undefined {
  const parsed = Decimal.isDecimal(value) ? new Decimal(value) : parseDecimal(value);
  if (parsed === undefined || !parsed.isFinite() || parsed.decimalPlaces() > exponent)
    return undefined;
  return parsed;
}

/** The arguments' form first, then Excel's domain: the float function for period 1 decides. */
function readTerms(input: DepreciationInput): Terms | DepreciationResult {
  const { exponent, life, method } = input;
  if (!Number.isInteger(exponent) || exponent < 0 || exponent > MAX_EXPONENT)
    return invalid('exponent', `exponent must be an integer from 0 to ${MAX_EXPONENT}`);
  if (!(DEPRECIATION_METHODS as readonly unknown[]).includes(method))
    return invalid('method', `method must be one of ${DEPRECIATION_METHODS.join(', ')}`);
  const cost = amount(input.cost, exponent);
  if (cost === undefined) return invalid('cost', 'cost must be a decimal in whole minor units');
  const salvage = amount(input.salvage, exponent);
  if (salvage === undefined)
    return invalid('salvage', 'salvage must be a decimal in whole minor units');
  if (!Number.isInteger(life) || life > MAX_LIFE)
    return invalid('life', `life must be a whole number of periods, at most ${MAX_LIFE}`);
  const factor = input.factor ?? 2;
  if (!Number.isFinite(factor)) return invalid('factor', 'factor must be a number');
  const month = input.month ?? 12;
  if (!Number.isInteger(month)) return invalid('month', 'month must be a whole number of months');
  const mode = input.rounding_mode ?? 'half_up';
  if (!isRoundingMode(mode))
    return invalid('rounding_mode', 'rounding_mode is not a rounding mode');
  const terms = {
    method,
    cost,
    salvage,
    life,
    factor,
    month,
    noSwitch: input.no_switch ?? false,
    exponent,
    mode,
  };
  if (life < 1 || isExcelError(firstPeriod(terms)))
    return { ok: false, error: '#NUM!', message: `${method} is #NUM! for these arguments` };
  return terms;
}

function firstPeriod(t: Terms): ExcelResult {
  const [cost, salvage] = [t.cost.toNumber(), t.salvage.toNumber()];
  switch (t.method) {
    case 'SLN':
      return SLN(cost, salvage, t.life);
    case 'SYD':
      return SYD(cost, salvage, t.life, 1);
    case 'DB':
      return DB(cost, salvage, t.life, 1, t.month);
    case 'DDB':
      return DDB(cost, salvage, t.life, 1, t.factor);
    case 'VDB':
      return VDB(cost, salvage, t.life, 0, 1, t.factor, t.noSwitch);
  }
}

/**
 * Builds the schedule.
 *
 * @example
 * const result = depreciationSchedule({ cost: '1000.00', salvage: '100.00', life: 3, method: 'SLN', exponent: 2 });
 * // result.ok && result.schedule.periods.map((p) => p.depreciation.toFixed(2)) → ['300.00', '300.00', '300.00']
 */
export function depreciationSchedule(input: DepreciationInput): DepreciationResult {
  const terms = readTerms(input);
  if ('ok' in terms) return terms;
  const exact = accumulatedExactly(terms);
  const periods: DepreciationPeriod[] = [];
  let previous = new Decimal(0);
  exact.forEach((total, index) => {
    const accumulated = roundTo(total, terms.exponent, terms.mode);
    periods.push({
      period: index + 1,
      depreciation: accumulated.minus(previous),
      accumulated,
      book_value: terms.cost.minus(accumulated),
    });
    previous = accumulated;
  });
  const { method, cost, salvage, exponent } = terms;
  return {
    ok: true,
    schedule: { method, cost, salvage, exponent, periods, total_depreciation: previous },
  };
}

/** The exact accumulated depreciation at the end of each period. */
function accumulatedExactly(t: Terms): Decimal[] {
  const depreciable = t.cost.minus(t.salvage);
  const life = new Decimal(t.life);
  const totals: Decimal[] = [];
  switch (t.method) {
    case 'SLN':
      for (let k = 1; k <= t.life; k++) totals.push(depreciable.times(k).div(life));
      break;
    case 'SYD': {
      // Σ_{j≤k} (life − j + 1) = k·(2·life − k + 1)/2, over life·(life + 1)/2.
      const digits = life.times(t.life + 1);
      for (let k = 1; k <= t.life; k++)
        totals.push(depreciable.times(k * (2 * t.life - k + 1)).div(digits));
      break;
    }
    case 'DB':
      return cumulative(fixedDecliningAmounts(t));
    case 'DDB':
      return cumulative(decliningAmounts(t, false));
    case 'VDB':
      if (t.noSwitch) return cumulative(decliningAmounts(t, false));
      return settleAtSalvage(cumulative(decliningAmounts(t, true)), depreciable);
  }
  return settleAtSalvage(totals, depreciable);
}

function cumulative(amounts: readonly Decimal[]): Decimal[] {
  let total = new Decimal(0);
  return amounts.map((value) => {
    total = total.plus(value);
    return total;
  });
}

/** The last period absorbs what 40-digit division left over: the book value ends at salvage. */
function settleAtSalvage(totals: Decimal[], depreciable: Decimal): Decimal[] {
  totals[totals.length - 1] = depreciable;
  return totals;
}

/**
 * Declining balance at factor/life (capped at 1) on the book value, never below salvage; with
 * `switchToLine`, straight line over the remaining life once it gives more, as VDB does.
 */
function decliningAmounts(t: Terms, switchToLine: boolean): Decimal[] {
  const rate = Decimal.min(new Decimal(t.factor).div(t.life), 1);
  const amounts: Decimal[] = [];
  let book = t.cost;
  let straightLine: Decimal | undefined;
  for (let k = 1; k <= t.life; k++) {
    const remaining = book.minus(t.salvage);
    let amount = Decimal.max(Decimal.min(book.times(rate), remaining), 0);
    if (switchToLine) {
      const line = straightLine ?? remaining.div(t.life - k + 1);
      if (straightLine !== undefined || line.greaterThan(amount)) {
        straightLine = line;
        amount = line;
      }
    }
    amounts.push(amount);
    book = book.minus(amount);
  }
  return amounts;
}

/**
 * DB: a rate of 1 − (salvage/cost)^(1/life) rounded to 3 places, and a short first year. The
 * rate comes from the float DB's own computation, so a rate on a rounding boundary rounds as
 * the DB function rounds it.
 */
function fixedDecliningAmounts(t: Terms): Decimal[] {
  const floatRate = fixedDecliningRate(t.cost.toNumber(), t.salvage.toNumber(), t.life);
  const rate = new Decimal(floatRate.toFixed(3));
  const first = t.cost.times(rate).times(t.month).div(12);
  const amounts = [first];
  let total = first;
  for (let k = 2; k <= t.life; k++) {
    const amount = t.cost.minus(total).times(rate);
    amounts.push(amount);
    total = total.plus(amount);
  }
  if (t.month < 12)
    amounts.push(
      t.cost
        .minus(total)
        .times(rate)
        .times(12 - t.month)
        .div(12),
    );
  return amounts;
}
