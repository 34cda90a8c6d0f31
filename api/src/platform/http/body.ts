import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from '../context.js';
import { AppError, type KernelErrorCode } from '../errors.js';

export const MAX_BODY_BYTES = 1024 * 1024;
export const MAX_JSON_DEPTH = 20;

const invalid = (code: KernelErrorCode, message: string, status?: number) =>
  new AppError<KernelErrorCode>('invalid_request_error', code, message, status ? { status } : {});

const bodyLimitOf = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: () => {
    throw invalid('body_too_large', `Request bodies are limited to ${MAX_BODY_BYTES} bytes.`, 413);
  },
});

const bodiless = new Set(['GET', 'HEAD', 'OPTIONS']);

/** 413 past MAX_BODY_BYTES; skipped where a body is never read (it costs a request copy). */
export const limitBody: MiddlewareHandler<AppEnv> = (c, next) =>
  bodiless.has(c.req.method) ? next() : bodyLimitOf(c, next);

function depthOf(value: unknown, limit: number): number {
  let max = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (d > max) max = d;
    if (max > limit) return max;
    for (const child of Object.values(v)) stack.push([child, d + 1]);
  }
  return max;
}

/**
 * Parses a JSON body once, before any handler: malformed JSON, a non-JSON content type or
 * nesting deeper than MAX_JSON_DEPTH are refused with a 4xx naming the problem.
 */
export const parseJsonBody: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.method === 'OPTIONS')
    return next();
  const text = await c.req.text();
  if (text.trim() === '') return next();
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/([a-z.+-]+\+)?json\b/i.test(type)) {
    throw invalid(
      'unsupported_media_type',
      'Send request bodies as JSON with `Content-Type: application/json`.',
      415,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw invalid('invalid_json', 'The request body is not valid JSON.');
  }
  if (depthOf(parsed, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    throw invalid('json_too_deep', `JSON bodies may nest at most ${MAX_JSON_DEPTH} levels deep.`);
  }
  c.req.bodyCache.json = Promise.resolve(parsed);
  await next();
};
