/**
 * The registry of Excel functions: each with Excel's argument names (snake_case) in Excel's
 * order, and an evaluator that applies Excel's defaults to omitted optional arguments.
 * Arguments of the wrong shape (a list where a number belongs, a missing required argument,
 * NaN) are #VALUE!, as Excel shows for an argument it cannot read as a number; booleans read
 * as 1 and 0 wherever a number is expected, as in Excel.
 */

import { IRR, MIRR, NPV, XIRR, XNPV } from './cashflow.js';
import { DB, DDB, SLN, SYD, VDB } from './depreciation.js';
import { EFFECT, NOMINAL } from './rates.js';
import { type ExcelError, type ExcelResult, isExcelError, type SolverResult } from './result.js';
import { CUMIPMT, CUMPRINC, FV, IPMT, NPER, PMT, PPMT, PV, RATE } from './tvm.js';
import type {
  ArgValue,
  Evaluation,
  FunctionName,
  FunctionSpec,
  ParamKind,
  ParamSpec,
} from './types.js';

type Args = readonly (ArgValue | undefined)[];

/** A number argument; NaN when absent without a default or of the wrong shape. */
function num(value: ArgValue | undefined, fallback = Number.NaN): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value === undefined ? fallback : Number.NaN;
}

/** A list argument; a lone number is a list of one, as a one-cell range is in Excel. */
function list(value: ArgValue | undefined): readonly number[] | undefined {
  if (typeof value === 'number') return [value];
  if (!Array.isArray(value)) return undefined;
  for (const item of value)
    if (typeof item !== 'number' || !Number.isFinite(item)) return undefined;
  return value;
}

function valueError(): Evaluation {
  return { error: '#VALUE!', warnings: [] };
}

function fromResult(result: ExcelResult): Evaluation {
  return typeof result === 'number'
    ? { result, warnings: [] }
    : { error: result.error, warnings: [] };
}

function fromSolver(solved: SolverResult | ExcelError): Evaluation {
  if (isExcelError(solved)) return { error: solved.error, warnings: [] };
  return {
    result: solved.value,
    warnings: solved.warnings,
    npv_at_rate: solved.npv_at_rate,
    iterations: solved.iterations,
  };
}

function param(name: string, kind: ParamKind, description: string, optional = false): ParamSpec {
  return { name, kind, optional, description };
}

const P = {
  rate: param(
    'rate',
    'number',
    'Interest rate per period, e.g. 0.08/12 for 8 % a year paid monthly.',
  ),
  nper: param('nper', 'number', 'Total number of payment periods.'),
  per: param('per', 'number', 'The period of interest, from 1 to nper.'),
  pmt: param('pmt', 'number', 'Payment made each period; money paid out is negative.'),
  pv: param('pv', 'number', 'Present value: what the series of payments is worth now.'),
  pvOptional: param('pv', 'number', 'Present value; 0 when omitted.', true),
  fv: param('fv', 'number', 'Future value wanted after the last payment; 0 when omitted.', true),
  type: param(
    'type',
    'number',
    'When payments are due: 0 (or omitted) at period end, 1 at period start.',
    true,
  ),
  guess: param('guess', 'number', 'Starting estimate for the rate; 0.1 when omitted.', true),
  values: param('values', 'numbers', 'Cash flows in time order; payments out are negative.'),
  dates: param(
    'dates',
    'dates',
    'Payment dates (Excel serials), one per value; the first is day 0.',
  ),
  cost: param('cost', 'number', 'Initial cost of the asset.'),
  salvage: param('salvage', 'number', 'Value of the asset at the end of its life.'),
  life: param('life', 'number', 'Number of periods over which the asset is depreciated.'),
  factor: param('factor', 'number', 'Rate at which the balance declines; 2 when omitted.', true),
} as const;

const CUMULATIVE_PARAMS = [
  P.rate,
  P.nper,
  P.pv,
  param('start_period', 'number', 'First period of the range, counting from 1.'),
  param('end_period', 'number', 'Last period of the range.'),
  param('type', 'number', 'When payments are due: 0 at period end, 1 at period start.'),
];

/** A required argument: no default. */
const R = Number.NaN;

/**
 * The numbers in positional order, Excel's defaults filling omitted optional ones; undefined
 * when one is not a finite number (NaN: unreadable; ±Infinity cannot come from a sheet).
 */
function readNumbers(a: Args, defaults: readonly number[]): number[] | undefined {
  const args = new Array<number>(defaults.length);
  for (let i = 0; i < defaults.length; i++) {
    const value = num(a[i], defaults[i]);
    if (!Number.isFinite(value)) return undefined;
    args[i] = value;
  }
  return args;
}

/** An evaluator for a function of numbers only. */
function numeric(fn: (...args: number[]) => ExcelResult, defaults: readonly number[]) {
  return (a: Args): Evaluation => {
    const args = readNumbers(a, defaults);
    return args === undefined ? valueError() : fromResult(fn(...args));
  };
}

/** The same for the solvers, whose answers carry a residual and an iteration count. */
function solving(
  fn: (...args: number[]) => SolverResult | ExcelError,
  defaults: readonly number[],
) {
  return (a: Args): Evaluation => {
    const args = readNumbers(a, defaults);
    return args === undefined ? valueError() : fromSolver(fn(...args));
  };
}

const SPECS: { [N in FunctionName]: Omit<FunctionSpec, 'name'> } = {
  PMT: {
    summary: 'Payment per period of a loan or annuity at a constant rate.',
    params: [P.rate, P.nper, P.pv, P.fv, P.type],
    evaluate: numeric(PMT, [R, R, R, 0, 0]),
  },
  IPMT: {
    summary: 'Interest part of the payment for one period.',
    params: [P.rate, P.per, P.nper, P.pv, P.fv, P.type],
    evaluate: numeric(IPMT, [R, R, R, R, 0, 0]),
  },
  PPMT: {
    summary: 'Principal part of the payment for one period.',
    params: [P.rate, P.per, P.nper, P.pv, P.fv, P.type],
    evaluate: numeric(PPMT, [R, R, R, R, 0, 0]),
  },
  CUMIPMT: {
    summary: 'Interest paid between two periods, inclusive.',
    params: CUMULATIVE_PARAMS,
    evaluate: numeric(CUMIPMT, [R, R, R, R, R, R]),
  },
  CUMPRINC: {
    summary: 'Principal repaid between two periods, inclusive.',
    params: CUMULATIVE_PARAMS,
    evaluate: numeric(CUMPRINC, [R, R, R, R, R, R]),
  },
  NPER: {
    summary: 'Number of periods for an investment at a constant rate and payment.',
    params: [P.rate, P.pmt, P.pv, P.fv, P.type],
    evaluate: numeric(NPER, [R, R, R, 0, 0]),
  },
  RATE: {
    summary: 'Interest rate per period of an annuity.',
    params: [P.nper, P.pmt, P.pv, P.fv, P.type, P.guess],
    evaluate: solving(RATE, [R, R, R, 0, 0, 0.1]),
  },
  PV: {
    summary: 'Present value of a series of equal payments.',
    params: [P.rate, P.nper, P.pmt, P.fv, P.type],
    evaluate: numeric(PV, [R, R, R, 0, 0]),
  },
  FV: {
    summary: 'Future value of an investment with equal payments at a constant rate.',
    params: [P.rate, P.nper, P.pmt, P.pvOptional, P.type],
    evaluate: numeric(FV, [R, R, R, 0, 0]),
  },
  NPV: {
    summary: 'Net present value of periodic cash flows at the end of each period.',
    params: [
      param('rate', 'number', 'Discount rate per period.'),
      param(
        'values',
        'numbers',
        'Cash flows at the end of periods 1, 2, …; payments out are negative.',
      ),
    ],
    evaluate: (a) => {
      const rate = num(a[0]);
      const values = list(a[1]);
      if (values === undefined || !Number.isFinite(rate)) return valueError();
      return fromResult(NPV(rate, values));
    },
  },
  XNPV: {
    summary: 'Net present value of cash flows on given dates (365-day years).',
    params: [param('rate', 'number', 'Annual discount rate.'), P.values, P.dates],
    evaluate: (a) => {
      const rate = num(a[0]);
      const values = list(a[1]);
      const dates = list(a[2]);
      if (values === undefined || dates === undefined || !Number.isFinite(rate))
        return valueError();
      return fromResult(XNPV(rate, values, dates));
    },
  },
  IRR: {
    summary: 'Internal rate of return of periodic cash flows.',
    params: [P.values, P.guess],
    evaluate: (a) => {
      const values = list(a[0]);
      const guess = num(a[1], 0.1);
      if (values === undefined || !Number.isFinite(guess)) return valueError();
      return fromSolver(IRR(values, guess));
    },
  },
  XIRR: {
    summary: 'Internal rate of return of cash flows on given dates (365-day years).',
    params: [P.values, P.dates, P.guess],
    evaluate: (a) => {
      const values = list(a[0]);
      const dates = list(a[1]);
      const guess = num(a[2], 0.1);
      if (values === undefined || dates === undefined || !Number.isFinite(guess))
        return valueError();
      return fromSolver(XIRR(values, dates, guess));
    },
  },
  MIRR: {
    summary: 'Modified internal rate of return: outflows financed, inflows reinvested.',
    params: [
      P.values,
      param('finance_rate', 'number', 'Rate paid on the money used in the cash flows.'),
      param('reinvest_rate', 'number', 'Rate earned on the cash flows as they are reinvested.'),
    ],
    evaluate: (a) => {
      const values = list(a[0]);
      const finance = num(a[1]);
      const reinvest = num(a[2]);
      if (values === undefined || !Number.isFinite(finance) || !Number.isFinite(reinvest))
        return valueError();
      return fromResult(MIRR(values, finance, reinvest));
    },
  },
  EFFECT: {
    summary: 'Effective annual rate from a nominal rate and compounding periods per year.',
    params: [
      param('nominal_rate', 'number', 'Nominal annual interest rate.'),
      param('npery', 'number', 'Compounding periods per year (truncated to an integer).'),
    ],
    evaluate: numeric(EFFECT, [R, R]),
  },
  NOMINAL: {
    summary: 'Nominal annual rate from an effective rate and compounding periods per year.',
    params: [
      param('effect_rate', 'number', 'Effective annual interest rate.'),
      param('npery', 'number', 'Compounding periods per year (truncated to an integer).'),
    ],
    evaluate: numeric(NOMINAL, [R, R]),
  },
  SLN: {
    summary: 'Straight-line depreciation for one period.',
    params: [P.cost, P.salvage, P.life],
    evaluate: numeric(SLN, [R, R, R]),
  },
  SYD: {
    summary: "Sum-of-years' digits depreciation for one period.",
    params: [
      P.cost,
      P.salvage,
      P.life,
      param('per', 'number', 'The period, in the units of life.'),
    ],
    evaluate: numeric(SYD, [R, R, R, R]),
  },
  DB: {
    summary: 'Fixed-declining-balance depreciation for one period.',
    params: [
      P.cost,
      P.salvage,
      P.life,
      param('period', 'number', 'The period, in the units of life.'),
      param('month', 'number', 'Months in the first year; 12 when omitted.', true),
    ],
    evaluate: numeric(DB, [R, R, R, R, 12]),
  },
  DDB: {
    summary: 'Double-declining-balance (or another factor) depreciation for one period.',
    params: [
      P.cost,
      P.salvage,
      P.life,
      param('period', 'number', 'The period, in the units of life.'),
      P.factor,
    ],
    evaluate: numeric(DDB, [R, R, R, R, 2]),
  },
  VDB: {
    summary: 'Declining-balance depreciation between two points, switching to straight line.',
    params: [
      P.cost,
      P.salvage,
      P.life,
      param(
        'start_period',
        'number',
        'Start of the span, in the units of life; may be fractional.',
      ),
      param('end_period', 'number', 'End of the span, in the units of life; may be fractional.'),
      P.factor,
      param(
        'no_switch',
        'boolean',
        'TRUE never switches to straight line; FALSE when omitted.',
        true,
      ),
    ],
    // no_switch rides along as a number: TRUE reads as 1, as Excel reads it.
    evaluate: numeric(
      (cost, salvage, life, start, end, factor, noSwitch) =>
        VDB(cost, salvage, life, start, end, factor, noSwitch !== 0),
      [R, R, R, R, R, 2, 0],
    ),
  },
};

export const FUNCTIONS: Record<FunctionName, FunctionSpec> = Object.fromEntries(
  Object.entries(SPECS).map(([name, spec]) => [name, { name, ...spec }]),
) as Record<FunctionName, FunctionSpec>;

/** Evaluates one function on positional arguments (`undefined` for an omitted optional one). */
export function evaluateFunction(name: FunctionName, args: Args): Evaluation {
  return FUNCTIONS[name].evaluate(args);
}
