import { errorFromResponse, FinConnectionError } from './errors.js';
import { type Client, createClient, createConfig } from './generated/client/index.js';
import type { ClientOptions as GeneratedClientOptions } from './generated/types.gen.js';
import { type Cursor, type List, type ListParams, ListPromise } from './pagination.js';
import { type FetchLike, retryingFetch } from './transport.js';

/**
 * Options accepted by every method as its last argument; they override the client's
 * defaults for that one call.
 *
 * @example
 * ```ts
 * const controller = new AbortController();
 * await fin.customers.retrieve('cus_123', { timeoutMs: 5_000, maxRetries: 0, signal: controller.signal });
 * ```
 */
export interface RequestOptions {
  /** Retries after the first attempt; overrides the client's `maxRetries`. */
  maxRetries?: number;
  /** Per-attempt timeout in milliseconds; overrides the client's `timeoutMs`. */
  timeoutMs?: number;
  /** Aborts the call, including any pending retry; the call rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Extra headers for this call. */
  headers?: Record<string, string>;
}

/**
 * {@link RequestOptions} for POST methods, which also take an `Idempotency-Key`.
 *
 * @example
 * ```ts
 * await fin.invoices.pay(invoice.id, { amount: 1500 }, { idempotencyKey: `pay-${orderId}` });
 * ```
 */
export interface IdempotentRequestOptions extends RequestOptions {
  /**
   * Sent as `Idempotency-Key`. Defaults to a fresh UUID per call, reused by that call's
   * retries. Pass your own to make a call safe to repeat across processes: a replay answers
   * the stored result instead of acting twice.
   */
  idempotencyKey?: string;
}

/**
 * The client settings every request starts from; `FinACEverse` fills in the defaults.
 *
 * @example
 * ```ts
 * const config: CoreConfig = {
 *   apiKey: 'sk_…',
 *   baseUrl: 'http://localhost:4000',
 *   tenant: undefined,
 *   maxRetries: 2,
 *   timeoutMs: 60_000,
 *   fetch: (request) => fetch(request),
 * };
 * ```
 */
export interface CoreConfig {
  apiKey: string;
  baseUrl: string;
  tenant: string | undefined;
  maxRetries: number;
  timeoutMs: number;
  fetch: FetchLike;
}

/**
 * What each generated operation is called with, besides its own path, query and body.
 *
 * @example
 * ```ts
 * core.request(options, (call: CallOptions) => retrieveCustomer({ ...call, path: { id } }));
 * ```
 */
export interface CallOptions {
  client: Client;
  fetch: typeof fetch;
  headers: Record<string, string>;
}

/** The shape every generated operation resolves to (`responseStyle: 'fields'`). */
type GeneratedResult<T> = { data: T | undefined; error: unknown; response: Response | undefined };

function unwrap<T>(result: GeneratedResult<T>): T {
  if (result.error === undefined && result.data !== undefined) return result.data;
  // The generated client resolves with no response when fetch itself threw.
  if (!result.response) {
    if (result.error instanceof Error) throw result.error;
    throw new FinConnectionError('Request failed without a response', { cause: result.error });
  }
  throw errorFromResponse(result.response.status, result.error, result.response.headers);
}

/**
 * The shared machinery under every resource: one generated client plus retries, timeouts,
 * idempotency keys and typed errors. Resources call {@link Core.request} and
 * {@link Core.list}.
 *
 * @example
 * ```ts
 * const core = new Core({ apiKey, baseUrl, tenant: undefined, maxRetries: 2, timeoutMs: 60_000, fetch });
 * const customer = await core.request(undefined, (o) => retrieveCustomer({ ...o, path: { id } }));
 * ```
 */
export class Core {
  readonly config: CoreConfig;
  readonly #client: Client;

  constructor(config: CoreConfig) {
    this.config = config;
    this.#client = createClient(
      createConfig<GeneratedClientOptions>({
        baseUrl: config.baseUrl.replace(/\/+$/, ''),
        auth: config.apiKey,
        headers: config.tenant === undefined ? {} : { 'Fin-Tenant': config.tenant },
      }),
    );
  }

  /** Runs one generated operation and returns its data, or throws the typed error. */
  async request<T>(
    options: IdempotentRequestOptions | undefined,
    operation: (call: CallOptions) => Promise<GeneratedResult<T>>,
  ): Promise<T> {
    const headers: Record<string, string> = { ...options?.headers };
    if (options?.idempotencyKey !== undefined) headers['Idempotency-Key'] = options.idempotencyKey;
    const fetch = retryingFetch({
      fetch: this.config.fetch,
      maxRetries: options?.maxRetries ?? this.config.maxRetries,
      timeoutMs: options?.timeoutMs ?? this.config.timeoutMs,
      signal: options?.signal,
    });
    return unwrap(await operation({ client: this.#client, fetch, headers }));
  }

  /**
   * Wraps a generated list operation in a {@link ListPromise}: `params` apply to every page,
   * the cursor moves from page to page.
   */
  list<T extends { id: string }, P extends ListParams>(
    params: P,
    options: RequestOptions | undefined,
    operation: (query: P, call: CallOptions) => Promise<GeneratedResult<List<T>>>,
  ): ListPromise<T> {
    const { starting_after, ending_before, ...filters } = params;
    const start: Cursor = ending_before !== undefined ? { ending_before } : { starting_after };
    return new ListPromise<T>(
      (cursor) =>
        this.request(options, (call) =>
          operation({ ...filters, ...withoutUndefined(cursor) } as P, call),
        ),
      withoutUndefined(start),
    );
  }
}

function withoutUndefined(cursor: Cursor): Cursor {
  return Object.fromEntries(Object.entries(cursor).filter(([, v]) => v !== undefined));
}
