/**
 * Turns an API calculation (named arguments, decimal strings, ISO dates) into a call of the
 * function library (positional doubles, date serials) and its answer back into JSON.
 */
import type { z } from '@hono/zod-openapi';
import { zodToAppError } from '../../platform/http/validation.js';
import {
  type Calculation,
  type CalculationItemErrorSchema,
  type CalculationRequest,
  InvalidCalculation,
} from './calc.schemas.js';
import { Decimal } from './decimal.js';
import { FUNCTIONS } from './excel/functions.js';
import type { ArgValue, ParamSpec } from './excel/types.js';

const MS_PER_DAY = 86_400_000;
/** Excel's day 0 in its 1900 date system is 1899-12-30 (its phantom 1900-02-29 included). */
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

export function excelSerial(day: string | number): number {
  if (typeof day === 'number') return day;
  return (Date.parse(`${day}T00:00:00Z`) - EXCEL_EPOCH) / MS_PER_DAY;
}

const toNumber = (v: string | number): number => (typeof v === 'number' ? v : Number(v));

function toArg(param: ParamSpec, value: unknown): ArgValue | undefined {
  if (value === undefined) return undefined;
  switch (param.kind) {
    case 'number':
      return toNumber(value as string | number);
    case 'boolean':
      return value as boolean;
    case 'numbers':
      return (value as (string | number)[]).map(toNumber);
    case 'dates':
      return (value as (string | number)[]).map(excelSerial);
  }
}

/**
 * A double as a plain decimal string: the shortest digits that read back as the same double
 * (what JSON.stringify would write), never in exponent form.
 */
export function formatDouble(x: number): string {
  if (Object.is(x, -0)) return '0';
  const s = String(x);
  return s.includes('e') ? new Decimal(s).toFixed() : s;
}

export function calculate(request: CalculationRequest): Calculation {
  const spec = FUNCTIONS[request.function];
  const named = request.args as Record<string, unknown>;
  // A plain loop and explicit fields: this runs up to 10,000 times per batch request.
  const args: (ArgValue | undefined)[] = new Array(spec.params.length);
  for (let i = 0; i < spec.params.length; i++) {
    const param = spec.params[i]!;
    args[i] = toArg(param, named[param.name]);
  }
  const outcome = spec.evaluate(args);
  if ('error' in outcome) {
    return {
      object: 'calculation',
      function: request.function,
      error: outcome.error,
      warnings: outcome.warnings,
    };
  }
  const calculation: Calculation = {
    object: 'calculation',
    function: request.function,
    result: formatDouble(outcome.result),
    warnings: outcome.warnings,
  };
  if (outcome.npv_at_rate !== undefined)
    calculation.npv_at_rate = formatDouble(outcome.npv_at_rate);
  if (outcome.iterations !== undefined) calculation.iterations = outcome.iterations;
  return calculation;
}

type ItemError = z.infer<typeof CalculationItemErrorSchema>;

/** One batch item, answered alone: invalid arguments become an error naming their path. */
export function calculateItem(
  item: CalculationRequest | InvalidCalculation,
  index: number,
): Calculation | ItemError {
  if (!(item instanceof InvalidCalculation)) return calculate(item);
  const issues = item.issues.map((issue) => ({
    ...issue,
    path: ['calculations', index, ...issue.path],
  }));
  const error = zodToAppError({ issues });
  return {
    object: 'error',
    type: 'invalid_request_error',
    code: error.code,
    message: error.message,
    ...(error.param ? { param: error.param } : {}),
  };
}
