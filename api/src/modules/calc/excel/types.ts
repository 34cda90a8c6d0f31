/**
 * The contract between the function library, the corpus runner and the API: every Excel
 * function is registered with its parameters in Excel's order and one evaluator.
 */
import type { CalcWarning, ExcelErrorCode } from './result.js';

export const FUNCTION_NAMES = [
  'PMT',
  'IPMT',
  'PPMT',
  'CUMIPMT',
  'CUMPRINC',
  'NPER',
  'RATE',
  'PV',
  'FV',
  'NPV',
  'XNPV',
  'IRR',
  'XIRR',
  'MIRR',
  'EFFECT',
  'NOMINAL',
  'SLN',
  'SYD',
  'DB',
  'DDB',
  'VDB',
] as const;
export type FunctionName = (typeof FUNCTION_NAMES)[number];

/**
 * `number` — one number; `numbers` — a list (cash flows); `dates` — a list of Excel date
 * serials (the API turns ISO dates into serials before calling); `boolean` — Excel's
 * TRUE/FALSE (VDB's no_switch).
 */
export type ParamKind = 'number' | 'numbers' | 'dates' | 'boolean';

export interface ParamSpec {
  /** snake_case, Excel's own argument name: `rate`, `nper`, `pv`, `fv`, `type`, `start_period`… */
  name: string;
  kind: ParamKind;
  optional: boolean;
  description: string;
}

export type ArgValue = number | boolean | number[];

export type Evaluation =
  | { result: number; warnings: CalcWarning[]; npv_at_rate?: number; iterations?: number }
  | { error: ExcelErrorCode; warnings: CalcWarning[] };

export interface FunctionSpec {
  name: FunctionName;
  summary: string;
  params: readonly ParamSpec[];
  /** Positional arguments in `params` order; an omitted optional argument is `undefined`. */
  evaluate(args: readonly (ArgValue | undefined)[]): Evaluation;
}
