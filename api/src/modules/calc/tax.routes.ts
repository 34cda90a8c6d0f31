import { apiRoute, createRouter } from '../../platform/http/openapi.js';
import { jsonBody, jsonContent } from '../../platform/http/schemas.js';
import { computed, keyStillActive } from './calc.routes.js';
import { exponentOf } from './money.js';
import { calculateTax, type TaxFigures } from './tax.js';
import { TaxCalculationRequestSchema, TaxCalculationSchema } from './tax.schemas.js';

const taxRoute = apiRoute({
  method: 'post',
  path: '/tax_calculations',
  operationId: 'createTaxCalculation',
  summary: 'Calculate tax on a document',
  description:
    "Net, taxes and gross for every line and the document: rates in basis points, tax-exclusive or tax-inclusive amounts, compound taxes, rounding per line or per document, in the currency's minor unit. Every line satisfies net + tax = gross exactly and the totals are exact sums of the lines.",
  tags: ['Calculations'],
  access: 'calculations:read',
  request: { body: jsonBody(TaxCalculationRequestSchema) },
  responses: { 200: jsonContent(TaxCalculationSchema, 'The figures') },
});

export const taxRoutes = createRouter().openapi(taxRoute, async (c) => {
  const input = c.req.valid('json');
  await keyStillActive(c);
  const result = calculateTax(input);
  computed(c);
  const places = exponentOf(input.currency);
  const render = (f: TaxFigures) => ({
    net: f.net.toFixed(places),
    taxes: f.taxes.map((t) => ({ code: t.code, amount: t.amount.toFixed(places) })),
    tax: f.tax.toFixed(places),
    gross: f.gross.toFixed(places),
  });
  return c.json(
    {
      object: 'tax_calculation' as const,
      currency: input.currency,
      tax_behavior: input.tax_behavior ?? 'exclusive',
      rounding: input.rounding ?? 'per_line',
      lines: result.lines.map(render),
      totals: render(result.totals),
    },
    200,
  );
});
