import type { Context } from 'hono';
import { sql } from 'kysely';
import type { AppEnv } from '../../platform/context.js';
import { apiRoute, createRouter } from '../../platform/http/openapi.js';
import { read } from '../../platform/http/respond.js';
import { jsonBody, jsonContent } from '../../platform/http/schemas.js';
import {
  CalculationBatchRequestSchema,
  CalculationBatchSchema,
  CalculationRequestSchema,
  CalculationSchema,
  MAX_BATCH,
} from './calc.schemas.js';
import { calculate, calculateItem } from './calculate.js';

/**
 * Calculations touch no data, but a revoked key must stop working at once on every node
 * (authentication may be served from a node's cache): one round trip re-checks the key in
 * the database, as every other request's transaction does.
 */
export async function keyStillActive(c: Context<AppEnv>): Promise<void> {
  await read(c, (tx) => sql`SELECT 1`.execute(tx.trx));
}

/**
 * Calculations change nothing, so an Idempotency-Key only ever replays the stored answer:
 * the request counts as started once its arguments are valid.
 */
export function computed(c: Context<AppEnv>): void {
  const claim = c.var.idempotency;
  if (claim) claim.started = true;
}

const calculateRoute = apiRoute({
  method: 'post',
  path: '/calculations',
  operationId: 'createCalculation',
  summary: 'Evaluate a financial function',
  description:
    "Evaluates one Excel-compatible function (PMT, IPMT, PPMT, CUMIPMT, CUMPRINC, NPER, RATE, PV, FV, NPV, XNPV, IRR, XIRR, MIRR, EFFECT, NOMINAL, SLN, SYD, DB, DDB, VDB) with Excel's argument order, defaults and error values. An Excel error such as `#NUM!` is a 200 with `error` set; arguments of the wrong type or unknown arguments are a 400 naming the argument (`args[rate]`).",
  tags: ['Calculations'],
  access: 'calculations:read',
  request: { body: jsonBody(CalculationRequestSchema) },
  responses: { 200: jsonContent(CalculationSchema, 'The result or the Excel error value') },
});

const batchRoute = apiRoute({
  method: 'post',
  path: '/calculations/batch',
  operationId: 'createCalculationBatch',
  summary: 'Evaluate many financial functions',
  description: `Evaluates up to ${MAX_BATCH.toLocaleString('en-US')} calculations in one call (the whole body stays within the 1 MiB request limit). Each item is answered or refused on its own, in order: an invalid item becomes an \`error\` object naming its parameter (\`calculations[3][args][rate]\`) and the rest are still evaluated.`,
  tags: ['Calculations'],
  access: 'calculations:read',
  request: { body: jsonBody(CalculationBatchRequestSchema) },
  responses: { 200: jsonContent(CalculationBatchSchema, 'One answer per item, in order') },
});

export const calculationRoutes = createRouter()
  .openapi(calculateRoute, async (c) => {
    const request = c.req.valid('json');
    await keyStillActive(c);
    computed(c);
    return c.json(calculate(request), 200);
  })
  .openapi(batchRoute, async (c) => {
    const { calculations } = c.req.valid('json');
    await keyStillActive(c);
    computed(c);
    const data = calculations.map(calculateItem);
    const failed = data.reduce((n, d) => (d.object === 'error' ? n + 1 : n), 0);
    return c.json(
      { object: 'calculation_batch' as const, data, succeeded: data.length - failed, failed },
      200,
    );
  });
