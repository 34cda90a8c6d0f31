import type { Core, IdempotentRequestOptions, RequestOptions } from '../core.js';
import {
  createCustomer,
  deleteCustomer,
  listCustomers,
  retrieveCustomer,
  updateCustomer,
} from '../generated/sdk.gen.js';
import type {
  CreateCustomerRequest,
  Customer,
  DeletedCustomer,
  ListCustomersData,
  UpdateCustomerRequest,
} from '../generated/types.gen.js';
import type { ListPromise } from '../pagination.js';

/**
 * Parameters of `fin.customers.list()`.
 *
 * @example
 * ```ts
 * const params: CustomerListParams = { limit: 50 };
 * ```
 */
export type CustomerListParams = NonNullable<ListCustomersData['query']>;

/**
 * The people and companies you invoice.
 *
 * @example
 * ```ts
 * const customer = await fin.customers.create({ name: 'Globex', email: 'ap@globex.example' });
 * ```
 */
export class Customers {
  readonly #core: Core;

  constructor(core: Core) {
    this.#core = core;
  }

  /**
   * Creates a customer.
   *
   * @example
   * ```ts
   * const customer = await fin.customers.create({ name: 'Globex', metadata: { crm_id: '42' } });
   * ```
   */
  create(params: CreateCustomerRequest, options?: IdempotentRequestOptions): Promise<Customer> {
    return this.#core.request(options, (call) => createCustomer({ ...call, body: params }));
  }

  /**
   * Lists customers, newest first.
   *
   * @example
   * ```ts
   * for await (const customer of fin.customers.list({ limit: 50 })) console.log(customer.name);
   * ```
   */
  list(params: CustomerListParams = {}, options?: RequestOptions): ListPromise<Customer> {
    return this.#core.list(params, options, (query, call) => listCustomers({ ...call, query }));
  }

  /**
   * Retrieves a customer.
   *
   * @example
   * ```ts
   * const customer = await fin.customers.retrieve('cus_01jd8x2q3m4n5p6r7s8t9v0w1x');
   * ```
   */
  retrieve(id: string, options?: RequestOptions): Promise<Customer> {
    return this.#core.request(options, (call) => retrieveCustomer({ ...call, path: { id } }));
  }

  /**
   * Changes the name, email (null clears it) or metadata.
   *
   * @example
   * ```ts
   * await fin.customers.update(customer.id, { email: null });
   * ```
   */
  update(id: string, params: UpdateCustomerRequest, options?: RequestOptions): Promise<Customer> {
    return this.#core.request(options, (call) =>
      updateCustomer({ ...call, path: { id }, body: params }),
    );
  }

  /**
   * Deletes a customer; it no longer appears in lists or retrieves.
   *
   * @example
   * ```ts
   * const { deleted } = await fin.customers.del(customer.id);
   * ```
   */
  del(id: string, options?: RequestOptions): Promise<DeletedCustomer> {
    return this.#core.request(options, (call) => deleteCustomer({ ...call, path: { id } }));
  }
}
