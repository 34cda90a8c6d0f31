/**
 * Excel's error values as typed results. Functions of the engine never throw and never
 * return NaN or Infinity for bad input: they return one of these, exactly as Excel shows it.
 */
export type ExcelErrorCode = '#NUM!' | '#VALUE!' | '#DIV/0!' | '#N/A';

export interface ExcelError {
  readonly error: ExcelErrorCode;
}

export const NUM: ExcelError = Object.freeze({ error: '#NUM!' });
export const VALUE: ExcelError = Object.freeze({ error: '#VALUE!' });
export const DIV0: ExcelError = Object.freeze({ error: '#DIV/0!' });
export const NA: ExcelError = Object.freeze({ error: '#N/A' });

export type ExcelResult = number | ExcelError;

export function isExcelError(value: unknown): value is ExcelError {
  return typeof value === 'object' && value !== null && 'error' in value;
}

/** A non-finite number becomes #NUM!, which is what Excel shows for an overflowed result. */
export function finite(value: number): ExcelResult {
  return Number.isFinite(value) ? value : NUM;
}

export type CalcWarningCode =
  | 'multiple_sign_changes' // cash flows change sign more than once: more than one rate may solve
  | 'bracketing_fallback'; // Newton did not converge; the root was found by bracketing instead

export interface CalcWarning {
  code: CalcWarningCode;
  message: string;
}

/** What a solver (IRR, XIRR, RATE) found: the root, how well it solves, and why to be careful. */
export interface SolverResult {
  value: number;
  /** The function being solved evaluated at `value` (NPV for IRR/XIRR, the TVM residual for RATE). */
  npv_at_rate: number;
  iterations: number;
  warnings: CalcWarning[];
}
