import { FinConnectionError, FinTimeoutError } from './errors.js';
import { isRetryableStatus, retryDelayMs } from './retry-policy.js';
import { anySignal, sleep, whenAborted } from './signals.js';

/**
 * The part of `fetch` the SDK uses: one `Request` in, one `Response` out. `globalThis.fetch`
 * fits, and so does any wrapper (for logging, proxies or tests).
 *
 * @example
 * ```ts
 * const logged: FetchLike = async (request) => {
 *   console.log(request.method, request.url);
 *   return fetch(request);
 * };
 * const fin = new FinACEverse({ apiKey, fetch: logged });
 * ```
 */
export type FetchLike = (request: Request) => Promise<Response>;

/**
 * Settings for one logical request, however many attempts it takes.
 *
 * @example
 * ```ts
 * const options: TransportOptions = { fetch, maxRetries: 2, timeoutMs: 60_000, signal: undefined };
 * ```
 */
export interface TransportOptions {
  fetch: FetchLike;
  maxRetries: number;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
}

type Attempt = { response: Response } | { failure: FinConnectionError };

const nullBodyStatuses = new Set([101, 204, 205, 304]);

/**
 * Reads the whole body inside the attempt so `timeoutMs` covers it and a retry decision can
 * look at the error code.
 */
async function buffered(response: Response): Promise<Response> {
  const body = nullBodyStatuses.has(response.status) ? null : await response.arrayBuffer();
  return new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}

async function attempt(template: Request, options: TransportOptions): Promise<Attempt> {
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), options.timeoutMs);
  const combined = anySignal([options.signal, timeout.signal]);
  try {
    const request = new Request(template.clone(), { signal: combined.signal });
    // Racing the signal also bounds a custom fetch that ignores it.
    const pending = options.fetch(request).then(buffered);
    return { response: await Promise.race([pending, whenAborted(combined.signal)]) };
  } catch (cause) {
    if (options.signal?.aborted) throw options.signal.reason;
    if (timeout.signal.aborted) {
      return { failure: new FinTimeoutError(`Request timed out after ${options.timeoutMs} ms`) };
    }
    const reason = cause instanceof Error ? cause.message : String(cause);
    return { failure: new FinConnectionError(`Connection failed: ${reason}`, { cause }) };
  } finally {
    clearTimeout(timer);
    combined.dispose();
  }
}

async function errorCodeOf(response: Response): Promise<string | undefined> {
  if (response.status !== 409) return undefined;
  try {
    const body: unknown = await response.clone().json();
    const error = typeof body === 'object' && body !== null && 'error' in body ? body.error : null;
    const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : null;
    return typeof code === 'string' ? code : undefined;
  } catch {
    return undefined;
  }
}

/** The pause before retry number `retry`, or `undefined` when the outcome is final. */
async function delayBeforeRetry(retry: number, outcome: Attempt): Promise<number | undefined> {
  if ('failure' in outcome) return retryDelayMs(retry, null);
  const { status, headers } = outcome.response;
  if (!isRetryableStatus(status, await errorCodeOf(outcome.response))) return undefined;
  return retryDelayMs(retry, headers.get('retry-after'));
}

/**
 * Sends `request`, retrying connection errors, timeouts, 429, 5xx and a 409
 * `idempotency_key_in_use` up to `maxRetries` times. Every POST carries an `Idempotency-Key`
 * (the caller's, or a fresh UUID) that stays the same across its retries, so a retry can
 * never apply a write twice. Resolves with the final response, error statuses included;
 * rejects with {@link FinConnectionError} or {@link FinTimeoutError} when no attempt got one.
 *
 * @example
 * ```ts
 * const response = await sendWithRetries(new Request(url, { method: 'POST', body }), {
 *   fetch: globalThis.fetch,
 *   maxRetries: 2,
 *   timeoutMs: 60_000,
 * });
 * ```
 */
export async function sendWithRetries(
  request: Request,
  options: TransportOptions,
): Promise<Response> {
  const headers = new Headers(request.headers);
  if (request.method === 'POST' && !headers.has('idempotency-key')) {
    headers.set('Idempotency-Key', globalThis.crypto.randomUUID());
  }
  const template = new Request(request, { headers });
  for (let retry = 0; ; retry++) {
    const outcome = await attempt(template, options);
    const delay = retry < options.maxRetries ? await delayBeforeRetry(retry, outcome) : undefined;
    if (delay === undefined) {
      if ('failure' in outcome) throw outcome.failure;
      return outcome.response;
    }
    await sleep(delay, options.signal);
  }
}

/**
 * Adapts {@link sendWithRetries} to the `fetch` signature the generated client calls.
 *
 * @example
 * ```ts
 * const fetchWithRetries = retryingFetch({ fetch, maxRetries: 2, timeoutMs: 60_000 });
 * await fetchWithRetries('http://localhost:4000/healthz');
 * ```
 */
export function retryingFetch(options: TransportOptions): typeof fetch {
  return (input, init) => sendWithRetries(new Request(input, init), options);
}
