import { FinAPIError } from '@finaceverse/sdk';

/**
 * What the elements show and report about a failed call.
 *
 * @example
 * ```ts
 * const info: FinErrorInfo = {
 *   message: 'This embed token does not allow invoices:write',
 *   type: 'permission_error',
 *   code: 'insufficient_scope',
 *   status: 403,
 *   requestId: 'req_01jd8x2q3m4n5p6r7s8t9v0w1x',
 *   param: undefined,
 * };
 * ```
 */
export interface FinErrorInfo {
  /** The API's message, or the connection failure's. */
  message: string;
  /** The API's `error.type`, or `connection_error` when no response came. */
  type: string;
  /** The API's `error.code`, when there was a response. */
  code: string | undefined;
  /** HTTP status, when there was a response. */
  status: number | undefined;
  /** The `Request-Id` to quote to support. */
  requestId: string | undefined;
  /** The offending parameter, for validation errors. */
  param: string | undefined;
}

/** Describes any thrown value as a {@link FinErrorInfo}. */
export function describeError(error: unknown): FinErrorInfo {
  if (error instanceof FinAPIError) {
    return {
      message: error.message,
      type: error.type,
      code: error.code,
      status: error.status,
      requestId: error.requestId,
      param: error.param,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return {
    message: message || 'Something went wrong',
    type: 'connection_error',
    code: undefined,
    status: undefined,
    requestId: undefined,
    param: undefined,
  };
}

/** Whether `error` is the rejection of a call this element aborted itself. */
export function isAbort(error: unknown, signal: AbortSignal): boolean {
  return signal.aborted && (error === signal.reason || (error as Error)?.name === 'AbortError');
}
