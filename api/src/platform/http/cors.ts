import type { Context, MiddlewareHandler, Next } from 'hono';
import type { AppEnv } from '../context.js';
import { withAnswerHeaders } from './headers.js';

const ALLOWED_HEADERS = 'authorization, content-type, idempotency-key, last-event-id';
const EXPOSED_HEADERS =
  'request-id, ratelimit-limit, ratelimit-remaining, ratelimit-reset, retry-after, idempotent-replayed';

/**
 * CORS for browsers calling /v1 with embed tokens. A preflight carries no credentials, so
 * it is answered for any origin; the real request is checked once its token is known
 * (authenticate: secret keys are refused with an Origin, embed tokens only from their
 * allowed origins). Every answer to a browser carries the CORS headers, errors included,
 * so a page can read why it was refused. No cookies are involved: no credentials mode.
 */
export const cors: MiddlewareHandler<AppEnv> = (c, next) => {
  const origin = c.req.header('origin');
  return origin === undefined ? next() : corsAnswer(c, next, origin);
};

async function corsAnswer(c: Context<AppEnv>, next: Next, origin: string) {
  if (c.req.method === 'OPTIONS') {
    return c.body(null, 204, {
      'Access-Control-Allow-Origin': origin,
      'Access-Control-Allow-Methods': 'GET, POST, PATCH, DELETE',
      'Access-Control-Allow-Headers': ALLOWED_HEADERS,
      'Access-Control-Max-Age': '600',
      Vary: 'Origin',
    });
  }
  await withAnswerHeaders(c, next, {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Expose-Headers': EXPOSED_HEADERS,
    Vary: 'Origin',
  });
}
