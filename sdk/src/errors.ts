/**
 * Every `error.type` the API answers with.
 *
 * @example
 * ```ts
 * const retryable: FinErrorType[] = ['rate_limit_error', 'api_error'];
 * ```
 */
export type FinErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'conflict_error'
  | 'idempotency_error'
  | 'rate_limit_error'
  | 'api_error';

/**
 * Base class of every error this SDK throws, so one `instanceof` check catches them all.
 *
 * @example
 * ```ts
 * try {
 *   await fin.customers.retrieve('cus_missing');
 * } catch (err) {
 *   if (err instanceof FinError) console.error(err.message);
 * }
 * ```
 */
export class FinError extends Error {
  override readonly name: string = 'FinError';
}

/**
 * What the SDK knows about an error response: its status, parsed body and headers.
 *
 * @example
 * ```ts
 * const init: FinAPIErrorInit = {
 *   status: 404,
 *   type: 'not_found_error',
 *   code: 'resource_missing',
 *   message: "No such customer: 'cus_123'",
 *   param: 'id',
 *   requestId: 'req_123',
 *   headers: new Headers(),
 * };
 * ```
 */
export interface FinAPIErrorInit {
  status: number;
  type: FinErrorType;
  code: string;
  message: string;
  param?: string | undefined;
  requestId?: string | undefined;
  headers: Headers;
}

/**
 * An error response from the API (`{"error": {type, code, message, param?, request_id}}`).
 * The SDK throws the subclass matching `type`; catch this class to handle them all.
 *
 * @example
 * ```ts
 * try {
 *   await fin.journalEntries.create({ date: '2026-11-22', lines });
 * } catch (err) {
 *   if (err instanceof FinAPIError) {
 *     console.error(err.status, err.type, err.code, err.param, err.requestId);
 *   }
 * }
 * ```
 */
export class FinAPIError extends FinError {
  override readonly name: string = 'FinAPIError';
  /** HTTP status of the response. */
  readonly status: number;
  /** The error family, e.g. `invalid_request_error`. */
  readonly type: FinErrorType;
  /** The specific reason, e.g. `unbalanced_entry` or `resource_missing`. */
  readonly code: string;
  /** The offending parameter, e.g. `lines` or `lines[0][amount]`, when there is one. */
  readonly param: string | undefined;
  /** The `Request-Id` of the failed request; quote it when asking for support. */
  readonly requestId: string | undefined;
  /** Response headers, e.g. `Retry-After` on a rate-limit error. */
  readonly headers: Headers;

  constructor(init: FinAPIErrorInit) {
    super(init.message);
    this.status = init.status;
    this.type = init.type;
    this.code = init.code;
    this.param = init.param;
    this.requestId = init.requestId;
    this.headers = init.headers;
  }
}

/**
 * A parameter is missing or invalid, or the request breaks a business rule (status 400).
 *
 * @example
 * ```ts
 * if (err instanceof InvalidRequestError && err.code === 'unbalanced_entry') showLines(err.param);
 * ```
 */
export class InvalidRequestError extends FinAPIError {
  override readonly name: string = 'InvalidRequestError';
}

/**
 * The API key is missing, malformed or revoked (status 401).
 *
 * @example
 * ```ts
 * if (err instanceof AuthenticationError) promptForNewKey();
 * ```
 */
export class AuthenticationError extends FinAPIError {
  override readonly name: string = 'AuthenticationError';
}

/**
 * The key's role or scope does not allow this operation (status 403).
 *
 * @example
 * ```ts
 * if (err instanceof PermissionError) console.error('ask an admin:', err.message);
 * ```
 */
export class PermissionError extends FinAPIError {
  override readonly name: string = 'PermissionError';
}

/**
 * No such object in this tenant, or no such route (status 404).
 *
 * @example
 * ```ts
 * const customer = await fin.customers.retrieve(id).catch((err) => {
 *   if (err instanceof NotFoundError) return undefined;
 *   throw err;
 * });
 * ```
 */
export class NotFoundError extends FinAPIError {
  override readonly name: string = 'NotFoundError';
}

/**
 * The request conflicts with the object's state, e.g. paying a void invoice (status 409).
 *
 * @example
 * ```ts
 * if (err instanceof ConflictError) await refreshInvoice();
 * ```
 */
export class ConflictError extends FinAPIError {
  override readonly name: string = 'ConflictError';
}

/**
 * An `Idempotency-Key` was reused with another body (`idempotency_key_reused`) or is still
 * in flight (`idempotency_key_in_use`, which the SDK retries on its own) (status 409).
 *
 * @example
 * ```ts
 * if (err instanceof IdempotencyError && err.code === 'idempotency_key_reused') useFreshKey();
 * ```
 */
export class IdempotencyError extends FinAPIError {
  override readonly name: string = 'IdempotencyError';
}

/**
 * Too many requests for the tenant or key (status 429); thrown once retries are spent.
 *
 * @example
 * ```ts
 * if (err instanceof RateLimitError) console.log('retry after', err.headers.get('retry-after'));
 * ```
 */
export class RateLimitError extends FinAPIError {
  override readonly name: string = 'RateLimitError';
}

/**
 * The API failed unexpectedly (status 5xx); thrown once retries are spent.
 *
 * @example
 * ```ts
 * if (err instanceof APIError) report(err.requestId);
 * ```
 */
export class APIError extends FinAPIError {
  override readonly name: string = 'APIError';
}

/**
 * The request never got a response: DNS, refused or reset connection. Thrown once retries
 * are spent; the original failure is in `cause`.
 *
 * @example
 * ```ts
 * if (err instanceof FinConnectionError) console.error('is the API up?', err.cause);
 * ```
 */
export class FinConnectionError extends FinError {
  override readonly name: string = 'FinConnectionError';
}

/**
 * An attempt took longer than `timeoutMs`. Thrown once retries are spent.
 *
 * @example
 * ```ts
 * const fin = new FinACEverse({ apiKey, timeoutMs: 5_000 });
 * await fin.reports.trialBalance().catch((err) => {
 *   if (err instanceof FinTimeoutError) return undefined;
 *   throw err;
 * });
 * ```
 */
export class FinTimeoutError extends FinConnectionError {
  override readonly name: string = 'FinTimeoutError';
}

/**
 * Why a webhook delivery failed verification:
 * - `missing_headers`: no complete `webhook-id`/`-timestamp`/`-signature` set (nor
 *   `svix-*`), or the timestamp is not Unix seconds;
 * - `bad_signature`: no `v1` signature matches any of the secrets;
 * - `stale_timestamp`: signed correctly, but older or newer than the tolerance;
 * - `bad_payload`: signed correctly, but the body is not an event's JSON.
 *
 * @example
 * ```ts
 * const answerable: FinWebhookVerificationReason[] = ['missing_headers', 'bad_signature'];
 * ```
 */
export type FinWebhookVerificationReason =
  | 'missing_headers'
  | 'bad_signature'
  | 'stale_timestamp'
  | 'bad_payload';

/**
 * Thrown by {@link verifyWebhook} when a delivery cannot be trusted; answer it with a 400 and
 * do not act on the body. `reason` says which check failed.
 *
 * @example
 * ```ts
 * try {
 *   const event = verifyWebhook(rawBody, req.headers, process.env.FIN_WEBHOOK_SECRET!);
 * } catch (err) {
 *   if (err instanceof FinWebhookVerificationError) {
 *     res.writeHead(400).end(err.reason);
 *     return;
 *   }
 *   throw err;
 * }
 * ```
 */
export class FinWebhookVerificationError extends FinError {
  override readonly name: string = 'FinWebhookVerificationError';
  /** Which check failed. */
  readonly reason: FinWebhookVerificationReason;

  constructor(reason: FinWebhookVerificationReason, message: string, options?: ErrorOptions) {
    super(message, options);
    this.reason = reason;
  }
}

const errorClasses = {
  invalid_request_error: InvalidRequestError,
  authentication_error: AuthenticationError,
  permission_error: PermissionError,
  not_found_error: NotFoundError,
  conflict_error: ConflictError,
  idempotency_error: IdempotencyError,
  rate_limit_error: RateLimitError,
  api_error: APIError,
} as const satisfies Record<FinErrorType, typeof FinAPIError>;

const isErrorType = (value: unknown): value is FinErrorType =>
  typeof value === 'string' && Object.hasOwn(errorClasses, value);

/** For bodies that are not ours (a proxy's HTML page, an empty 502): the family by status. */
function typeForStatus(status: number): FinErrorType {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 409) return 'conflict_error';
  if (status === 429) return 'rate_limit_error';
  if (status >= 400 && status < 500) return 'invalid_request_error';
  return 'api_error';
}

interface ErrorDetail {
  type?: unknown;
  code?: unknown;
  message?: unknown;
  param?: unknown;
  request_id?: unknown;
}

function detailOf(body: unknown): ErrorDetail | undefined {
  if (typeof body !== 'object' || body === null || !('error' in body)) return undefined;
  const detail = body.error;
  return typeof detail === 'object' && detail !== null ? detail : undefined;
}

const stringOr = <F extends string | undefined>(value: unknown, fallback: F): string | F =>
  typeof value === 'string' ? value : fallback;

/**
 * Builds the typed error for an error response. `body` is the parsed JSON body, or the raw
 * text when the body was not JSON.
 *
 * @example
 * ```ts
 * const res = await fetch(url, { headers });
 * if (!res.ok) throw errorFromResponse(res.status, await res.json(), res.headers);
 * ```
 */
export function errorFromResponse(status: number, body: unknown, headers: Headers): FinAPIError {
  const detail = detailOf(body);
  const type = isErrorType(detail?.type) ? detail.type : typeForStatus(status);
  const ErrorClass = errorClasses[type];
  return new ErrorClass({
    status,
    type,
    code: stringOr(detail?.code, detail ? 'unknown' : 'unexpected_response'),
    message: stringOr(
      detail?.message,
      `Unexpected ${status} response${typeof body === 'string' && body ? `: ${body.slice(0, 200)}` : ''}`,
    ),
    param: stringOr(detail?.param, undefined),
    requestId: stringOr(detail?.request_id, headers.get('request-id') ?? undefined),
    headers,
  });
}
