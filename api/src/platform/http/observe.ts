import type { MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { Counter, Histogram, Registry } from 'prom-client';
import type { AppEnv, Deps } from '../context.js';
import { newId } from '../ids.js';
import { withAnswerHeaders } from './headers.js';

export interface Metrics {
  registry: Registry;
  latency: Histogram<'method' | 'route' | 'status'>;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  const latency = new Histogram({
    name: 'fin_http_request_duration_seconds',
    help: 'HTTP request latency by method, route pattern and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  // Registered, not returned: nothing increments it (see collect).
  new Counter({
    name: 'fin_http_requests_total',
    help: 'HTTP requests by method, route pattern and status',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
    // The histogram counts every request it observes: the counter is read from those counts
    // when scraped, so a request updates one metric (prom-client hashes the labels on each
    // update), not two.
    async collect() {
      this.reset();
      for (const { metricName, labels, value } of (await latency.get()).values) {
        if (metricName === 'fin_http_request_duration_seconds_count') this.inc(labels, value);
      }
    },
  });
  return { registry, latency };
}

/** The pattern of the handler that answered, so metric labels stay bounded. */
function routeOf(c: Parameters<MiddlewareHandler<AppEnv>>[0]): string {
  const routes = matchedRoutes(c);
  for (let i = routes.length - 1; i >= 0; i--) {
    const route = routes[i];
    if (route && route.method !== 'ALL') return route.path;
  }
  return 'unmatched';
}

/** The request's dependencies, request id on every response, one structured log line and
 * metrics per request. */
export function observe(metrics: Metrics, deps: Deps): MiddlewareHandler<AppEnv> {
  const { logger } = deps;
  return async (c, next) => {
    c.set('deps', deps);
    const started = performance.now();
    const requestId = newId('request');
    c.set('requestId', requestId);
    await withAnswerHeaders(c, next, { 'Request-Id': requestId });
    const seconds = (performance.now() - started) / 1000;
    const status = c.res.status;
    const labels = { method: c.req.method, route: routeOf(c), status: String(status) };
    metrics.latency.observe(labels, seconds);
    // A silent logger must not pay for the URL parse and the line's object on every request.
    if (!logger.isLevelEnabled('info')) return;
    const auth = c.get('auth');
    // The path never carries secrets (keys in the URL are refused); the query string is not logged.
    logger.info(
      {
        request_id: requestId,
        tenant_id: auth?.tenantId ?? undefined,
        key_id: auth?.keyId,
        method: c.req.method,
        path: new URL(c.req.url).pathname,
        status,
        latency_ms: Math.round(seconds * 100_000) / 100,
      },
      'request',
    );
  };
}
