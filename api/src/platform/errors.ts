export type ErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'conflict_error'
  | 'idempotency_error'
  | 'rate_limit_error'
  | 'api_error';

const statusByType: Record<ErrorType, number> = {
  invalid_request_error: 400,
  authentication_error: 401,
  permission_error: 403,
  not_found_error: 404,
  conflict_error: 409,
  idempotency_error: 409,
  rate_limit_error: 429,
  api_error: 500,
};

export interface AppErrorOptions {
  param?: string;
  status?: number;
  headers?: Record<string, string>;
}

/**
 * The one error the API renders. `message` is shown to clients, so it must never carry
 * SQL, stack traces or secrets. Modules narrow `Code` to their own closed union.
 */
export class AppError<Code extends string = string> extends Error {
  override name = 'AppError';
  readonly status: number;
  readonly param: string | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(
    readonly type: ErrorType,
    readonly code: Code,
    message: string,
    options: AppErrorOptions = {},
  ) {
    super(message);
    this.status = options.status ?? statusByType[type];
    this.param = options.param;
    this.headers = options.headers;
  }
}

export type KernelErrorCode =
  | 'parameter_invalid'
  | 'parameter_missing'
  | 'parameter_unknown'
  | 'invalid_json'
  | 'json_too_deep'
  | 'body_too_large'
  | 'unsupported_media_type'
  | 'missing_api_key'
  | 'invalid_api_key'
  | 'token_expired'
  | 'secret_key_in_browser'
  | 'origin_not_allowed'
  | 'scope_not_embeddable'
  | 'scope_exceeds_key'
  | 'api_key_in_query'
  | 'insufficient_permissions'
  | 'partner_key_required'
  | 'tenant_required'
  | 'resource_missing'
  | 'route_not_found'
  | 'idempotency_key_in_use'
  | 'idempotency_key_reused'
  | 'rate_limited'
  | 'internal_error';

export const notFound = (resource: string, id: string) =>
  new AppError<KernelErrorCode>(
    'not_found_error',
    'resource_missing',
    `No such ${resource}: '${id}'`,
    {
      param: 'id',
    },
  );

export interface ErrorBody {
  error: { type: ErrorType; code: string; message: string; param?: string; request_id: string };
}

export function errorBody(err: AppError, requestId: string): ErrorBody {
  return {
    error: {
      type: err.type,
      code: err.code,
      message: err.message,
      ...(err.param === undefined ? {} : { param: err.param }),
      request_id: requestId,
    },
  };
}
