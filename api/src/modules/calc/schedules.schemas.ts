import { z } from '@hono/zod-openapi';
import { currencySchema, dateSchema } from '../ledger/ledger.schemas.js';
import { DAY_COUNT_CONVENTIONS } from './day-count.js';
import { ROUNDING_MODES } from './money.js';
import { FREQUENCIES, MAX_PERIODS } from './schedules/amortization.js';
import { DEPRECIATION_METHODS, MAX_LIFE } from './schedules/depreciation.js';

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)$/;

/** Money and rates travel as decimal strings so no float ever touches them. */
export const decimalString = (example: string, description: string) =>
  z
    .string()
    .max(64)
    .regex(DECIMAL, 'must be a decimal written as a string, such as "1234.56"')
    .openapi({ example, description });

const roundingMode = z.enum(ROUNDING_MODES).optional().openapi({
  description:
    "`half_up` (default; ties away from zero), `half_even` (banker's), `half_down`, `down` (towards zero), `up` (away from zero), `ceiling`, `floor`.",
});

export const AmortizationRequestSchema = z
  .object({
    principal: decimalString('200000.00', 'The amount lent, in whole minor units of `currency`.'),
    annual_rate: decimalString(
      '0.06',
      'Nominal annual rate as a fraction: "0.06" is 6 %; up to 12 decimals.',
    )
      // Each digit of the rate widens every period's exact product: 12 covers any quoted rate.
      .refine((s) => (s.split('.')[1] ?? '').length <= 12, 'must have at most 12 decimal places'),
    periods: z
      .number()
      .int()
      .min(1)
      .max(MAX_PERIODS)
      .openapi({ description: 'Number of payments.' }),
    frequency: z
      .enum(Object.keys(FREQUENCIES) as [keyof typeof FREQUENCIES])
      .optional()
      .openapi({
        description: 'Payment frequency; default `monthly`. Give this or `periods_per_year`.',
      }),
    periods_per_year: z.number().int().min(1).max(365).optional(),
    type: z.enum(['fixed_payment', 'fixed_principal']).optional().openapi({
      description:
        '`fixed_payment` (default): level payments. `fixed_principal`: equal principal plus interest.',
    }),
    interest_only_periods: z.number().int().min(0).optional().openapi({
      description: 'The first periods pay interest only; the loan amortizes over the rest.',
    }),
    balloon: decimalString(
      '50000.00',
      'Principal left at the end and paid with the last payment.',
    ).optional(),
    start_date: dateSchema
      .optional()
      .openapi({ description: 'The loan start; rows then carry payment dates.' }),
    day_count: z.enum(DAY_COUNT_CONVENTIONS).optional().openapi({
      description: 'Interest by this convention over the actual period dates; needs `start_date`.',
    }),
    currency: currencySchema,
    rounding_mode: roundingMode,
  })
  .strict()
  .openapi('AmortizationScheduleRequest');

const money = (description: string) => z.string().openapi({ example: '1199.10', description });

export const AmortizationScheduleSchema = z
  .object({
    object: z.literal('amortization_schedule'),
    currency: currencySchema,
    regular_amount: money(
      'The level payment (fixed_payment) or level principal (fixed_principal).',
    ),
    balloon: money('The balloon included in the last payment.'),
    periods: z.array(
      z.object({
        period: z.number().int(),
        date: z.string().optional(),
        payment: money('interest + principal'),
        interest: money('Rounded to the minor unit.'),
        principal: money('Principal repaid by this payment.'),
        balance: money('Principal outstanding after this payment.'),
      }),
    ),
    totals: z
      .object({ payments: z.string(), interest: z.string(), principal: z.string() })
      .openapi({
        description:
          'Exact sums of the columns: principal equals the loan, payments equal principal + interest.',
      }),
  })
  .openapi('AmortizationSchedule');

export const DepreciationRequestSchema = z
  .object({
    cost: decimalString('10000.00', "The asset's cost, in whole minor units of `currency`."),
    salvage: decimalString('1000.00', 'The value at the end of its life.'),
    life: z.number().int().min(1).max(MAX_LIFE).openapi({ description: 'Life in periods.' }),
    method: z.enum(DEPRECIATION_METHODS).openapi({
      description:
        "SLN (straight line), DB (fixed declining balance), DDB (double declining), SYD (sum of years' digits), VDB (declining balance switching to straight line).",
    }),
    factor: z
      .number()
      .positive()
      .max(1000)
      .optional()
      .openapi({ description: 'DDB and VDB: rate of decline; default 2.' }),
    month: z.number().int().min(1).max(12).optional().openapi({
      description:
        'DB: months in the first year; default 12. Below 12 the schedule has life + 1 periods, as in Excel.',
    }),
    no_switch: z
      .boolean()
      .optional()
      .openapi({ description: 'VDB: true never switches to straight line.' }),
    currency: currencySchema,
    rounding_mode: roundingMode,
  })
  .strict()
  .openapi('DepreciationScheduleRequest');

export const DepreciationScheduleSchema = z
  .object({
    object: z.literal('depreciation_schedule'),
    method: z.enum(DEPRECIATION_METHODS),
    currency: currencySchema,
    cost: z.string(),
    salvage: z.string(),
    periods: z.array(
      z.object({
        period: z.number().int(),
        depreciation: money('Depreciation in this period.'),
        accumulated: money('Depreciation up to the end of this period.'),
        book_value: money('cost − accumulated.'),
      }),
    ),
    total_depreciation: z.string(),
  })
  .openapi('DepreciationSchedule');
