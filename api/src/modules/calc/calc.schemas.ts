import { z } from '@hono/zod-openapi';
import { FUNCTIONS } from './excel/functions.js';
import { FUNCTION_NAMES, type FunctionName, type ParamSpec } from './excel/types.js';

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d{1,3})?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A number as a decimal string (preferred: JSON numbers are binary floats in most clients) or a JSON number. */
export const decimalInput = z
  .union([z.string().max(64), z.number()])
  .refine((v) => (typeof v === 'number' ? Number.isFinite(v) : DECIMAL.test(v)), {
    message: 'must be a decimal number such as "0.05" (a string) or a JSON number',
  })
  .openapi({ examples: ['0.05', 360] });

/** A day as YYYY-MM-DD; Excel date serials (whole numbers) are accepted too. */
const dateInput = z
  .union([z.string(), z.number().int().min(0).max(2958465)])
  .refine(
    (v) =>
      typeof v === 'number' ||
      (DATE.test(v) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v)),
    { message: 'must be a date as YYYY-MM-DD' },
  )
  .openapi({ example: '2026-01-15' });

/** Arrays of cash flows or dates: up to this many entries per argument. */
export const MAX_SERIES = 10_000;

function argSchema(param: ParamSpec) {
  const base =
    param.kind === 'number'
      ? decimalInput
      : param.kind === 'boolean'
        ? z.boolean()
        : param.kind === 'numbers'
          ? z.array(decimalInput).min(1).max(MAX_SERIES)
          : z.array(dateInput).min(1).max(MAX_SERIES);
  const described = base.openapi({ description: param.description });
  return param.optional ? described.optional() : described;
}

function requestSchema(name: FunctionName) {
  const spec = FUNCTIONS[name];
  const args = Object.fromEntries(spec.params.map((p) => [p.name, argSchema(p)]));
  return z
    .object({
      function: z.literal(name),
      args: z.object(args).strict(),
    })
    .strict()
    .openapi(`Calculation${name}Request`, {
      description: `${name}(${spec.params.map((p) => (p.optional ? `[${p.name}]` : p.name)).join(', ')}) — ${spec.summary}`,
    });
}

const requestSchemas = FUNCTION_NAMES.map(requestSchema);

export const CalculationRequestSchema = z
  .discriminatedUnion(
    'function',
    requestSchemas as [(typeof requestSchemas)[number], ...(typeof requestSchemas)[number][]],
  )
  .openapi('CalculationRequest', {
    description:
      "One Excel-compatible function call. Arguments are named after Excel's (snake_case) and take decimal strings; dates are YYYY-MM-DD.",
  });

export type CalculationRequest = z.infer<typeof CalculationRequestSchema>;

const WarningSchema = z
  .object({
    code: z.enum(['multiple_sign_changes', 'bracketing_fallback']),
    message: z.string(),
  })
  .openapi('CalculationWarning');

export const CalculationSchema = z
  .object({
    object: z.literal('calculation'),
    function: z.enum(FUNCTION_NAMES),
    result: z.string().optional().openapi({
      description:
        'The value as a decimal string: the shortest form that reads back as the same IEEE-754 double Excel computes. Absent when `error` is set.',
      example: '-1037.03208935916',
    }),
    error: z.enum(['#NUM!', '#VALUE!', '#DIV/0!', '#N/A']).optional().openapi({
      description: "Excel's error value, exactly as Excel would show it; absent on success.",
    }),
    warnings: z.array(WarningSchema),
    npv_at_rate: z.string().optional().openapi({
      description:
        'IRR, XIRR and RATE: the equation being solved evaluated at the rate found (how close to zero it is).',
    }),
    iterations: z.number().int().optional().openapi({
      description: 'IRR, XIRR and RATE: solver iterations used.',
    }),
  })
  .openapi('Calculation');

export type Calculation = z.infer<typeof CalculationSchema>;

export const CalculationItemErrorSchema = z
  .object({
    object: z.literal('error'),
    type: z.literal('invalid_request_error'),
    code: z.string(),
    message: z.string(),
    param: z.string().optional().openapi({ example: 'calculations[3][args][rate]' }),
  })
  .openapi('CalculationItemError');

export const MAX_BATCH = 10_000;

/** A batch item that failed validation: kept in place so it is answered alone, in order. */
export class InvalidCalculation {
  constructor(readonly issues: readonly z.core.$ZodIssue[]) {}
}

export const CalculationBatchRequestSchema = z
  .object({
    calculations: z
      .array(
        // Invalid items do not fail the batch: `catch` keeps each one's issues in its place.
        // The cast is the one place the output type widens; the handler narrows it again.
        CalculationRequestSchema.catch(
          (ctx) => new InvalidCalculation(ctx.error.issues) as unknown as CalculationRequest,
        ).openapi({
          type: 'object',
          allOf: [{ $ref: '#/components/schemas/CalculationRequest' }],
        }),
      )
      .min(1)
      .max(MAX_BATCH),
  })
  .strict()
  .openapi('CalculationBatchRequest');

export const CalculationBatchSchema = z
  .object({
    object: z.literal('calculation_batch'),
    data: z
      .array(z.union([CalculationSchema, CalculationItemErrorSchema]))
      .openapi({ description: 'One entry per request item, in order.' }),
    succeeded: z
      .number()
      .int()
      .openapi({ description: 'Items answered with a result or an Excel error value.' }),
    failed: z.number().int().openapi({ description: 'Items refused for invalid arguments.' }),
  })
  .openapi('CalculationBatch');
