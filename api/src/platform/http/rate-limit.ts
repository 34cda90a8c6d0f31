import type { Context, MiddlewareHandler, Next } from 'hono';
import type { AppEnv } from '../context.js';
import { AppError, type KernelErrorCode } from '../errors.js';
import type { TakeResult } from '../rate-limit.js';
import { withAnswerHeaders } from './headers.js';

/** Token buckets per tenant (or per partner outside a tenant) and per key. */
export const rateLimit: MiddlewareHandler<AppEnv> = (c, next) => {
  const auth = c.get('auth');
  if (!auth) return next();
  const { config, rateLimiter } = c.get('deps');
  const scope = rateLimiter.take(`t:${auth.tenantId ?? auth.partnerId}`, {
    rate: config.FIN_RATE_LIMIT_TENANT_PER_SECOND,
    burst: config.FIN_RATE_LIMIT_TENANT_BURST,
  });
  const key = rateLimiter.take(`k:${auth.keyId}`, {
    rate: config.FIN_RATE_LIMIT_KEY_PER_SECOND,
    burst: config.FIN_RATE_LIMIT_KEY_BURST,
  });
  // Not async itself: the in-process limiter answers at once, and every request passes here.
  if (scope instanceof Promise || key instanceof Promise) {
    return Promise.all([scope, key]).then(([s, k]) => limit(c, next, s, k));
  }
  return limit(c, next, scope, key);
};

function limit(c: Context<AppEnv>, next: Next, scope: TakeResult, key: TakeResult) {
  const denied = !scope.allowed ? scope : !key.allowed ? key : undefined;
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
  // Report the tighter of the two buckets, on every answer.
  const tight = scope.remaining / scope.limit <= key.remaining / key.limit ? scope : key;
  return withAnswerHeaders(c, next, {
    'RateLimit-Limit': String(tight.limit),
    'RateLimit-Remaining': String(tight.remaining),
    'RateLimit-Reset': String(tight.resetSeconds),
  });
}
