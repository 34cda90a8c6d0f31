import type { Core, IdempotentRequestOptions, RequestOptions } from '../core.js';
import { createApiKey, listApiKeys, revokeApiKey } from '../generated/sdk.gen.js';
import type { ApiKey, CreateApiKeyRequest, ListApiKeysData } from '../generated/types.gen.js';
import type { ListPromise } from '../pagination.js';

/**
 * Parameters of `fin.apiKeys.list()`.
 *
 * @example
 * ```ts
 * const params: ApiKeyListParams = { limit: 20 };
 * ```
 */
export type ApiKeyListParams = NonNullable<ListApiKeysData['query']>;

/**
 * The tenant's secret keys (`sk_…`), each with a role: admin > manager > operator > viewer.
 * Needs an admin key.
 *
 * @example
 * ```ts
 * const key = await fin.apiKeys.create({ role: 'viewer', name: 'Dashboard' });
 * const dashboard = new FinACEverse({ apiKey: key.secret! });
 * ```
 */
export class ApiKeys {
  readonly #core: Core;

  constructor(core: Core) {
    this.#core = core;
  }

  /**
   * Creates a key. Its `secret` is returned only in this response.
   *
   * @example
   * ```ts
   * const key = await fin.apiKeys.create({ role: 'operator', name: 'Billing worker' });
   * ```
   */
  create(params: CreateApiKeyRequest, options?: IdempotentRequestOptions): Promise<ApiKey> {
    return this.#core.request(options, (call) => createApiKey({ ...call, body: params }));
  }

  /**
   * Lists the tenant's keys, newest first, secrets redacted.
   *
   * @example
   * ```ts
   * const keys = await fin.apiKeys.list().toArray({ limit: 100 });
   * ```
   */
  list(params: ApiKeyListParams = {}, options?: RequestOptions): ListPromise<ApiKey> {
    return this.#core.list(params, options, (query, call) => listApiKeys({ ...call, query }));
  }

  /**
   * Revokes a key at once; every later request with it fails with an AuthenticationError.
   *
   * @example
   * ```ts
   * const revoked = await fin.apiKeys.revoke('key_01jd8x2q3m4n5p6r7s8t9v0w1x');
   * console.log(revoked.revoked_at);
   * ```
   */
  revoke(id: string, options?: RequestOptions): Promise<ApiKey> {
    return this.#core.request(options, (call) => revokeApiKey({ ...call, path: { id } }));
  }
}
