import { createRoute, z } from '@hono/zod-openapi';

/** Probes and metrics: no key, no tenant data; operators restrict them at the network edge. */
const tags = ['Operations'];
const Status = z.object({ status: z.enum(['ok', 'unavailable']) }).openapi('HealthStatus');

export const healthzRoute = createRoute({
  method: 'get',
  path: '/healthz',
  operationId: 'healthz',
  summary: 'Liveness probe',
  description: 'Answers 200 while the process is up.',
  tags,
  security: [],
  'x-permission': 'public',
  responses: {
    200: { description: 'The process is up', content: { 'application/json': { schema: Status } } },
  },
});

export const readyzRoute = createRoute({
  method: 'get',
  path: '/readyz',
  operationId: 'readyz',
  summary: 'Readiness probe',
  description: 'Answers 200 when the database answers, 503 otherwise.',
  tags,
  security: [],
  'x-permission': 'public',
  responses: {
    200: { description: 'Ready to serve', content: { 'application/json': { schema: Status } } },
    503: {
      description: 'The database is unreachable',
      content: { 'application/json': { schema: Status } },
    },
  },
});

export const metricsRoute = createRoute({
  method: 'get',
  path: '/metrics',
  operationId: 'metrics',
  summary: 'Prometheus metrics',
  description: 'Request counts and latency histograms by method, route pattern and status.',
  tags,
  security: [],
  'x-permission': 'public',
  responses: {
    200: {
      description: 'Prometheus text exposition format',
      content: { 'text/plain': { schema: z.string() } },
    },
  },
});
