import type { Core, IdempotentRequestOptions, RequestOptions } from '../core.js';
import { createTenant, listTenants, retrieveTenant } from '../generated/sdk.gen.js';
import type {
  CreateTenantRequest,
  ListTenantsData,
  Tenant,
  TenantWithKey,
} from '../generated/types.gen.js';
import type { ListPromise } from '../pagination.js';

/**
 * Parameters of `fin.tenants.list()`.
 *
 * @example
 * ```ts
 * const params: TenantListParams = { limit: 100 };
 * ```
 */
export type TenantListParams = NonNullable<ListTenantsData['query']>;

/**
 * Tenants owned by the calling partner. Needs a partner key (`psk_…`).
 *
 * @example
 * ```ts
 * const partner = new FinACEverse({ apiKey: process.env.FIN_PARTNER_KEY! });
 * const tenant = await partner.tenants.create({ name: 'Acme Ltd' });
 * const acme = new FinACEverse({ apiKey: tenant.api_key.secret! });
 * ```
 */
export class Tenants {
  readonly #core: Core;

  constructor(core: Core) {
    this.#core = core;
  }

  /**
   * Creates a tenant with the standard chart of accounts. The response carries its first
   * admin key; `api_key.secret` is shown only here.
   *
   * @example
   * ```ts
   * const tenant = await fin.tenants.create({ name: 'Acme Ltd', metadata: { crm_id: '42' } });
   * console.log(tenant.id, tenant.api_key.secret);
   * ```
   */
  create(params: CreateTenantRequest, options?: IdempotentRequestOptions): Promise<TenantWithKey> {
    return this.#core.request(options, (call) => createTenant({ ...call, body: params }));
  }

  /**
   * Lists the partner's tenants, newest first.
   *
   * @example
   * ```ts
   * for await (const tenant of fin.tenants.list({ limit: 100 })) console.log(tenant.name);
   * ```
   */
  list(params: TenantListParams = {}, options?: RequestOptions): ListPromise<Tenant> {
    return this.#core.list(params, options, (query, call) => listTenants({ ...call, query }));
  }

  /**
   * Retrieves one of the partner's tenants.
   *
   * @example
   * ```ts
   * const tenant = await fin.tenants.retrieve('ten_01jd8x2q3m4n5p6r7s8t9v0w1x');
   * ```
   */
  retrieve(id: string, options?: RequestOptions): Promise<Tenant> {
    return this.#core.request(options, (call) => retrieveTenant({ ...call, path: { id } }));
  }
}
