import type { Core, IdempotentRequestOptions, RequestOptions } from '../core.js';
import {
  createAccount,
  listAccounts,
  retrieveAccount,
  updateAccount,
} from '../generated/sdk.gen.js';
import type {
  Account,
  CreateAccountRequest,
  ListAccountsData,
  UpdateAccountRequest,
} from '../generated/types.gen.js';
import type { ListPromise } from '../pagination.js';

/**
 * Parameters of `fin.accounts.list()`: cursors plus an optional account `type`.
 *
 * @example
 * ```ts
 * const params: AccountListParams = { type: 'asset', limit: 100 };
 * ```
 */
export type AccountListParams = NonNullable<ListAccountsData['query']>;

/**
 * The chart of accounts. New tenants start with a standard chart (1000 Cash, 1100 Bank,
 * 1200 Accounts Receivable, 3000 Owner's Equity, 4000 Sales Revenue, 6000 Operating
 * Expenses, …).
 *
 * @example
 * ```ts
 * const assets = await fin.accounts.list({ type: 'asset', limit: 100 });
 * const cash = assets.data.find((a) => a.code === '1000');
 * ```
 */
export class Accounts {
  readonly #core: Core;

  constructor(core: Core) {
    this.#core = core;
  }

  /**
   * Adds an account. `code` is unique within the tenant; code, type and currency are fixed
   * once created.
   *
   * @example
   * ```ts
   * const petty = await fin.accounts.create({ code: '1010', name: 'Petty cash', type: 'asset', currency: 'USD' });
   * ```
   */
  create(params: CreateAccountRequest, options?: IdempotentRequestOptions): Promise<Account> {
    return this.#core.request(options, (call) => createAccount({ ...call, body: params }));
  }

  /**
   * Lists accounts, newest first.
   *
   * @example
   * ```ts
   * for await (const account of fin.accounts.list({ type: 'expense' })) console.log(account.code);
   * ```
   */
  list(params: AccountListParams = {}, options?: RequestOptions): ListPromise<Account> {
    return this.#core.list(params, options, (query, call) => listAccounts({ ...call, query }));
  }

  /**
   * Retrieves an account with its posted balance.
   *
   * @example
   * ```ts
   * const { balance, currency } = await fin.accounts.retrieve('acct_01jd8x2q3m4n5p6r7s8t9v0w1x');
   * ```
   */
  retrieve(id: string, options?: RequestOptions): Promise<Account> {
    return this.#core.request(options, (call) => retrieveAccount({ ...call, path: { id } }));
  }

  /**
   * Changes the name, description or metadata.
   *
   * @example
   * ```ts
   * await fin.accounts.update(account.id, { name: 'Operating cash', description: null });
   * ```
   */
  update(id: string, params: UpdateAccountRequest, options?: RequestOptions): Promise<Account> {
    return this.#core.request(options, (call) =>
      updateAccount({ ...call, path: { id }, body: params }),
    );
  }
}
