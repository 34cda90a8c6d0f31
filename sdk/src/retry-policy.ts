/** First backoff ceiling; doubles per retry up to {@link MAX_DELAY_MS}. */
const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 8_000;
/** A server asking for a longer pause than this gets its error passed to the caller. */
const MAX_RETRY_AFTER_MS = 60_000;

/**
 * Whether a response is worth another attempt: the idempotency key still in flight, rate
 * limits and server errors. Other 4xx answers would only repeat themselves.
 *
 * @example
 * ```ts
 * isRetryableStatus(503, undefined); // true
 * isRetryableStatus(409, 'idempotency_key_in_use'); // true
 * isRetryableStatus(409, 'idempotency_key_reused'); // false
 * ```
 */
export function isRetryableStatus(status: number, errorCode: string | undefined): boolean {
  if (status === 409) return errorCode === 'idempotency_key_in_use';
  return status === 429 || status >= 500;
}

/**
 * Milliseconds the `Retry-After` header asks for (delta seconds or an HTTP date; a date in
 * the past is 0), or `undefined` when it is absent or unparseable.
 *
 * @example
 * ```ts
 * retryAfterMs('2'); // 2000
 * retryAfterMs(null); // undefined
 * ```
 */
export function retryAfterMs(header: string | null, now: number = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - now;
  return Number.isFinite(ms) ? Math.max(0, ms) : undefined;
}

/**
 * Capped exponential backoff with full jitter: a uniform draw in
 * `[0, min(8 s, 0.5 s × 2^retry))`, so many clients failing together spread out.
 *
 * @example
 * ```ts
 * backoffMs(0); // somewhere in [0, 500)
 * backoffMs(4, () => 0.5); // 4000
 * ```
 */
export function backoffMs(retry: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** retry);
  return Math.floor(random() * ceiling);
}

/**
 * How long to wait before retry number `retry` (0-based): what `Retry-After` asks for, else
 * {@link backoffMs}. `undefined` when the server asks for more than a minute: waiting that
 * long inside one call helps nobody, so the error goes to the caller instead.
 *
 * @example
 * ```ts
 * retryDelayMs(0, '0'); // 0
 * retryDelayMs(1, null); // somewhere in [0, 1000)
 * retryDelayMs(0, '3600'); // undefined
 * ```
 */
export function retryDelayMs(
  retry: number,
  retryAfter: string | null,
  random: () => number = Math.random,
): number | undefined {
  const asked = retryAfterMs(retryAfter);
  if (asked === undefined) return backoffMs(retry, random);
  return asked <= MAX_RETRY_AFTER_MS ? asked : undefined;
}
