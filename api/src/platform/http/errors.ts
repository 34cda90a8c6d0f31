import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from '../context.js';
import { NulCharacterError } from '../db/inline.js';
import { AppError, errorBody, type KernelErrorCode } from '../errors.js';
import { KeyInactiveError } from '../tx.js';

function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof KeyInactiveError) {
    return new AppError<KernelErrorCode>(
      'authentication_error',
      'invalid_api_key',
      'Invalid API key provided.',
    );
  }
  if (err instanceof NulCharacterError) {
    return new AppError<KernelErrorCode>('invalid_request_error', 'parameter_invalid', err.message);
  }
  if (err instanceof HTTPException) {
    const status = err.status;
    if (status === 413) {
      return new AppError<KernelErrorCode>(
        'invalid_request_error',
        'body_too_large',
        'Request body too large.',
        {
          status,
        },
      );
    }
    if (status < 500) {
      return new AppError<KernelErrorCode>(
        'invalid_request_error',
        'parameter_invalid',
        'Invalid request.',
        {
          status,
        },
      );
    }
  }
  return new AppError<KernelErrorCode>(
    'api_error',
    'internal_error',
    'An unexpected error occurred. The request id identifies it in our logs.',
  );
}

/** Renders every error as DESIGN §4's body; only unexpected errors are logged in detail. */
export const onError: ErrorHandler<AppEnv> = (err, c) => {
  if (err instanceof KeyInactiveError) c.get('deps')?.keyCache.evictKey(err.keyId);
  const appError = toAppError(err);
  const requestId = c.get('requestId') ?? 'req_unknown';
  if (appError.status >= 500) {
    // Name, message and driver code only: stack traces stay out of logs as well as responses.
    const e = err instanceof Error ? err : new Error(String(err));
    const code = (e as { code?: unknown }).code;
    c.get('deps')?.logger.error(
      { request_id: requestId, error: { name: e.name, message: e.message, code } },
      'unhandled error',
    );
  }
  for (const [k, v] of Object.entries(appError.headers ?? {})) c.header(k, v);
  return c.json(errorBody(appError, requestId), appError.status as 400);
};

export const onNotFound: NotFoundHandler<AppEnv> = (c: Context<AppEnv>) =>
  c.json(
    errorBody(
      new AppError<KernelErrorCode>(
        'not_found_error',
        'route_not_found',
        `Unrecognized request URL (${c.req.method}: ${new URL(c.req.url).pathname}).`,
      ),
      c.get('requestId') ?? 'req_unknown',
    ),
    404,
  );
