import type { ExcelErrorCode } from '../../src/modules/calc/excel/result.js';
import type { FunctionName } from '../../src/modules/calc/excel/types.js';

/** A positional argument as the corpus stores it; `null` is an omitted middle argument. */
export type Arg = number | boolean | number[] | null;

export type Expected = number | { error: ExcelErrorCode };

/** Where Excel is documented to behave differently from LibreOffice, the case follows Excel. */
export interface ExcelOverride {
  reason: string;
  error: ExcelErrorCode;
}

export interface CaseSpec {
  fn: FunctionName;
  args: Arg[];
  /** `typical`, `edge:<what>` or `error:<what>`; typical cases may be dropped as ill-conditioned. */
  tag: string;
  excel?: ExcelOverride;
  /** For a drawn solver case, the rate the draw was built around; another root is not kept. */
  root?: number;
}

export function spec(fn: FunctionName, tag: string, args: Arg[], excel?: ExcelOverride): CaseSpec {
  return excel ? { fn, tag, args, excel } : { fn, tag, args };
}

/** Excel's date serial for a calendar date (valid from 1 March 1900 on). */
export function serial(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return Math.round((Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86_400_000);
}
