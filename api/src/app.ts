import { Scalar } from '@scalar/hono-api-reference';
import type { MiddlewareHandler } from 'hono';
import { sql } from 'kysely';
import { registerModules } from './modules.js';
import { authenticate } from './platform/auth/authenticate.js';
import type { AppEnv, Deps } from './platform/context.js';
import { bodyMethods, limitBody, parseJsonBody } from './platform/http/body.js';
import { cors } from './platform/http/cors.js';
import { onError, onNotFound } from './platform/http/errors.js';
import { createMetrics, type Metrics, observe } from './platform/http/observe.js';
import { createRouter } from './platform/http/openapi.js';
import { healthzRoute, metricsRoute, readyzRoute } from './platform/http/operations.js';
import { rateLimit } from './platform/http/rate-limit.js';
import { idempotency } from './platform/idempotency.js';

export const API_VERSION = '2026-11-22';

export const openApiInfo = {
  openapi: '3.1.0',
  info: {
    title: 'FinACEverse API',
    version: API_VERSION,
    description:
      'Headless multi-tenant finance and operations platform. Authenticate with `Authorization: Bearer <key>`; partner keys act inside one of their tenants with `Fin-Tenant: ten_…`.',
  },
  servers: [{ url: 'http://localhost:4000', description: 'Local (npm start)' }],
};

/**
 * Middleware only requests with a body reach (registered per method, not for every
 * request): a read skips three of the ten handlers Hono would otherwise compose for it,
 * about 5 % of the API's CPU per read (api/bench/README.md). Not operations.
 */
export const bodyMiddleware = [limitBody, parseJsonBody, idempotency] as const;

/**
 * CORS, authentication and rate limiting for every /v1 request, as one step of Hono's chain
 * instead of three: each step Hono composes is an async call with its own closure and await,
 * and its compose was the largest allocation of a read (~4 KB of 45; api/bench/README.md).
 * Each still receives the next as `next`. An error from any of them, or from the route,
 * propagates back through the ones before it to Hono, which answers it with the headers
 * they had set (withAnswerHeaders sets them before going on), as when Hono ran them apart.
 * Authentication and rate limiting refuse by throwing, never by returning an answer: Hono
 * would have kept an answer returned by its own step, but cors does not pass one on.
 */
const v1Kernel: MiddlewareHandler<AppEnv> = (c, next) => {
  // Hono types `next` as answering nothing; what the rest of the chain answers still
  // reaches Hono through the three, as before. The arrows are inline: tsx would wrap a named
  // one in `__name(…)` (esbuild's keepNames), an Object.defineProperty per request.
  return cors(c, () => authenticate(c, () => rateLimit(c, next) as Promise<void>) as Promise<void>);
};

export function createApp(deps: Deps, metrics: Metrics = createMetrics()) {
  const app = createRouter();
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description:
      'A partner key (psk_…) or a tenant key (sk_…) on servers; an embed token (ek_…) in browsers.',
  });

  app.use('*', observe(metrics, deps));

  app.openapi(healthzRoute, (c) => c.json({ status: 'ok' as const }, 200));
  app.openapi(readyzRoute, async (c) => {
    try {
      await sql`SELECT 1`.execute(deps.db);
      return c.json({ status: 'ok' as const }, 200);
    } catch {
      return c.json({ status: 'unavailable' as const }, 503);
    }
  });
  app.openapi(metricsRoute, async (c) =>
    c.text(await metrics.registry.metrics(), 200, { 'content-type': metrics.registry.contentType }),
  );
  app.get('/openapi.json', (c) => c.json(openApiDocument(app)));
  app.get('/docs', Scalar({ url: '/openapi.json', pageTitle: 'FinACEverse API reference' }));

  app.use('/v1/*', v1Kernel);
  app.on(bodyMethods, '/v1/*', ...bodyMiddleware);
  registerModules(app, () => openApiDocument(app).components?.schemas ?? {});

  app.notFound(onNotFound);
  app.onError(onError);
  return app;
}

export type App = ReturnType<typeof createApp>;

export function openApiDocument(app: ReturnType<typeof createRouter>) {
  return app.getOpenAPI31Document(openApiInfo);
}
