/**
 * Runs lo-eval.py (LibreOffice Calc through UNO) over a batch of calls and maps LibreOffice's
 * error codes to Excel's error values.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ExcelErrorCode } from '../../src/modules/calc/excel/result.js';
import type { FunctionName } from '../../src/modules/calc/excel/types.js';
import type { Arg, Expected } from './spec.js';

/**
 * LibreOffice error codes (XCell.getError) and the Excel error each becomes. LibreOffice says
 * "Err:502 invalid argument" where Excel, for these functions, says #NUM!; 503 is what
 * LibreOffice itself displays as #NUM! (an overflowed or undefined result); 523 is "no
 * convergence" (IRR, RATE), which Excel reports as #NUM!.
 */
export const LO_TO_EXCEL: Readonly<Record<number, ExcelErrorCode>> = {
  502: '#NUM!',
  503: '#NUM!',
  504: '#VALUE!',
  519: '#VALUE!',
  523: '#NUM!',
  532: '#DIV/0!',
  32767: '#N/A',
};

/** Calc's own name where the API grammar differs from Excel's (EFFECT is EFFECTIVE there). */
const LO_NAMES: Partial<Record<FunctionName, string>> = { EFFECT: 'EFFECTIVE' };

export interface LoCall {
  fn: FunctionName;
  args: Arg[];
}

export interface LoRun {
  version: string;
  results: Expected[];
}

type RawResult = { value: number } | { error: number };

const HELPER = fileURLToPath(new URL('./lo-eval.py', import.meta.url));

/** The interpreter that has python3-uno (Debian's); a pyenv python usually does not. */
const PYTHON = process.env.LO_PYTHON ?? '/usr/bin/python3';

export function mapResult(raw: RawResult): Expected {
  if ('value' in raw) return raw.value;
  const error = LO_TO_EXCEL[raw.error];
  if (!error) throw new Error(`unmapped LibreOffice error code ${raw.error}`);
  return { error };
}

export function runLibreOffice(calls: LoCall[]): LoRun {
  const dir = mkdtempSync(join(tmpdir(), 'calc-corpus-'));
  try {
    const request = join(dir, 'request.json');
    const result = join(dir, 'result.json');
    const profile = pathToFileURL(join(tmpdir(), 'lo-profile-calc-corpus')).href;
    const cases = calls.map((c) => ({ fn: LO_NAMES[c.fn] ?? c.fn, args: c.args }));
    writeFileSync(request, JSON.stringify({ profile, cases }));
    execFileSync(PYTHON, [HELPER, request, result], { stdio: 'inherit', timeout: 600_000 });
    const output = JSON.parse(readFileSync(result, 'utf8')) as {
      version: string;
      results: RawResult[];
    };
    if (output.results.length !== calls.length)
      throw new Error('LibreOffice answered a different number of calls');
    return { version: output.version, results: output.results.map(mapResult) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
