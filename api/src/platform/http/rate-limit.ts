import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context.js';
import { AppError, type KernelErrorCode } from '../errors.js';
import type { TakeResult } from '../rate-limit.js';

function setHeaders(headers: Headers, r: TakeResult): void {
  headers.set('RateLimit-Limit', String(r.limit));
  headers.set('RateLimit-Remaining', String(r.remaining));
  headers.set('RateLimit-Reset', String(r.resetSeconds));
}

/** Token buckets per tenant (or per partner outside a tenant) and per key. */
export const rateLimit: MiddlewareHandler<AppEnv> = async (c, next) => {
  const auth = c.var.auth;
  if (!auth) return next();
  const { config, rateLimiter } = c.var.deps;
  const tenantScope = auth.tenantId ?? auth.partnerId;
  const [scope, key] = await Promise.all([
    rateLimiter.take(`t:${tenantScope}`, {
      rate: config.FIN_RATE_LIMIT_TENANT_PER_SECOND,
      burst: config.FIN_RATE_LIMIT_TENANT_BURST,
    }),
    rateLimiter.take(`k:${auth.keyId}`, {
      rate: config.FIN_RATE_LIMIT_KEY_PER_SECOND,
      burst: config.FIN_RATE_LIMIT_KEY_BURST,
    }),
  ]);
  // Report the tighter of the two buckets.
  const tight = scope.remaining / scope.limit <= key.remaining / key.limit ? scope : key;
  const denied = [scope, key].find((r) => !r.allowed);
  if (denied) {
    const retryAfter = Math.max(scope.retryAfterSeconds, key.retryAfterSeconds);
    throw new AppError<KernelErrorCode>(
      'rate_limit_error',
      'rate_limited',
      `Too many requests for this ${denied === key ? 'API key' : 'tenant'}; retry after ${retryAfter} s.`,
      {
        headers: {
          'Retry-After': String(retryAfter),
          'RateLimit-Limit': String(denied.limit),
          'RateLimit-Remaining': '0',
          'RateLimit-Reset': String(denied.resetSeconds),
        },
      },
    );
  }
  await next();
  setHeaders(c.res.headers, tight);
};
