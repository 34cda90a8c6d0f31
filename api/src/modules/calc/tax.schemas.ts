import { z } from '@hono/zod-openapi';
import { currencySchema } from '../ledger/ledger.schemas.js';
import { ROUNDING_MODES } from './money.js';
import { decimalString } from './schedules.schemas.js';
import { MAX_RATE_BPS } from './tax.js';

export const MAX_TAX_LINES = 1_000;

const taxCode = z.string().min(1).max(40).openapi({ example: 'GST' });

export const TaxCalculationRequestSchema = z
  .object({
    currency: currencySchema,
    taxes: z
      .array(
        z
          .object({
            code: taxCode,
            rate_bps: z.number().int().min(0).max(MAX_RATE_BPS).openapi({
              description: 'The rate in basis points: 1 bp = 0.01 %, so 20 % is 2000.',
              example: 500,
            }),
            compound: z.boolean().optional().openapi({
              description:
                'Charged on the amount plus the taxes listed before it (as rounded on the line). Default false.',
            }),
          })
          .strict(),
      )
      .min(1)
      .max(20)
      .openapi({ description: 'The taxes of the document, in the order they apply.' }),
    lines: z
      .array(
        z
          .object({
            amount: decimalString(
              '100.00',
              'Net of tax, or gross with `tax_behavior: inclusive`; whole minor units, may be negative (discounts).',
            ),
            taxes: z.array(taxCode).max(20).optional().openapi({
              description: 'Codes of the taxes charged on this line; omitted means every tax.',
            }),
          })
          .strict(),
      )
      .min(1)
      .max(MAX_TAX_LINES),
    tax_behavior: z.enum(['exclusive', 'inclusive']).optional().openapi({
      description: 'Whether line amounts exclude tax (default) or include it.',
    }),
    rounding: z.enum(['per_line', 'per_document']).optional().openapi({
      description:
        "`per_line` (default): each line's tax is rounded and the document's is their sum. `per_document`: each tax is summed exactly and rounded once, then spread back over the lines so they still add up.",
    }),
    rounding_mode: z.enum(ROUNDING_MODES).optional(),
  })
  .strict()
  .openapi('TaxCalculationRequest');

const figures = z.object({
  net: z.string(),
  taxes: z.array(z.object({ code: z.string(), amount: z.string() })),
  tax: z.string(),
  gross: z.string().openapi({ description: 'net + tax, exactly.' }),
});

export const TaxCalculationSchema = z
  .object({
    object: z.literal('tax_calculation'),
    currency: currencySchema,
    tax_behavior: z.enum(['exclusive', 'inclusive']),
    rounding: z.enum(['per_line', 'per_document']),
    lines: z.array(figures),
    totals: figures.openapi({ description: 'Exact sums of the lines.' }),
  })
  .openapi('TaxCalculation');
