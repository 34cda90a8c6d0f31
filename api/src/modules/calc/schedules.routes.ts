import { AppError } from '../../platform/errors.js';
import { apiRoute, createRouter } from '../../platform/http/openapi.js';
import { jsonBody, jsonContent } from '../../platform/http/schemas.js';
import { computed, keyStillActive } from './calc.routes.js';
import { exponentOf } from './money.js';
import { amortizationSchedule } from './schedules/amortization.js';
import { depreciationSchedule } from './schedules/depreciation.js';
import {
  AmortizationRequestSchema,
  AmortizationScheduleSchema,
  DepreciationRequestSchema,
  DepreciationScheduleSchema,
} from './schedules.schemas.js';

const amortizationRoute = apiRoute({
  method: 'post',
  path: '/schedules/amortization',
  operationId: 'createAmortizationSchedule',
  summary: 'Loan amortization schedule',
  description:
    "Every period of a loan in exact decimals: fixed payment or fixed principal, interest-only periods, a balloon, and day-count conventions (30/360, ACT/360, ACT/365, ACT/ACT) over real dates. Interest is rounded to the currency's minor unit each period and the last payment absorbs every remainder, so the principal column sums exactly to the loan and the payments to principal plus interest.",
  tags: ['Calculations'],
  access: 'calculations:read',
  request: { body: jsonBody(AmortizationRequestSchema) },
  responses: { 200: jsonContent(AmortizationScheduleSchema, 'The schedule') },
});

const depreciationRoute = apiRoute({
  method: 'post',
  path: '/schedules/depreciation',
  operationId: 'createDepreciationSchedule',
  summary: 'Depreciation schedule',
  description:
    "Every period of an asset's depreciation by SLN, DB, DDB, SYD or VDB, with Excel's formulas, rounded to the currency's minor unit without drift (the accumulated amount is rounded and each period is the difference). Methods that depreciate to salvage end exactly at salvage.",
  tags: ['Calculations'],
  access: 'calculations:read',
  request: { body: jsonBody(DepreciationRequestSchema) },
  responses: { 200: jsonContent(DepreciationScheduleSchema, 'The schedule') },
});

export const scheduleRoutes = createRouter()
  .openapi(amortizationRoute, async (c) => {
    const input = c.req.valid('json');
    await keyStillActive(c);
    const schedule = amortizationSchedule(input);
    computed(c);
    return c.json({ object: 'amortization_schedule' as const, ...schedule }, 200);
  })
  .openapi(depreciationRoute, async (c) => {
    const { currency, ...input } = c.req.valid('json');
    await keyStillActive(c);
    const exponent = exponentOf(currency);
    const outcome = depreciationSchedule({ ...input, exponent });
    if (!outcome.ok) {
      throw new AppError('invalid_request_error', 'parameter_invalid', outcome.message, {
        ...('param' in outcome ? { param: outcome.param } : {}),
      });
    }
    computed(c);
    const s = outcome.schedule;
    const fixed = (d: { toFixed(places: number): string }) => d.toFixed(exponent);
    return c.json(
      {
        object: 'depreciation_schedule' as const,
        method: s.method,
        currency,
        cost: fixed(s.cost),
        salvage: fixed(s.salvage),
        periods: s.periods.map((p) => ({
          period: p.period,
          depreciation: fixed(p.depreciation),
          accumulated: fixed(p.accumulated),
          book_value: fixed(p.book_value),
        })),
        total_depreciation: fixed(s.total_depreciation),
      },
      200,
    );
  });
