import type { Core, RequestOptions } from '../core.js';
import { retrieveTrialBalance } from '../generated/sdk.gen.js';
import type { RetrieveTrialBalanceData, TrialBalance } from '../generated/types.gen.js';

/**
 * Parameters of `fin.reports.trialBalance()`.
 *
 * @example
 * ```ts
 * const params: TrialBalanceParams = { as_of: '2026-12-31' };
 * ```
 */
export type TrialBalanceParams = NonNullable<RetrieveTrialBalanceData['query']>;

/**
 * Financial reports.
 *
 * @example
 * ```ts
 * const tb = await fin.reports.trialBalance({ as_of: '2026-12-31' });
 * ```
 */
export class Reports {
  readonly #core: Core;

  constructor(core: Core) {
    this.#core = core;
  }

  /**
   * Posted debit and credit totals per account as of a date (inclusive, default today).
   * `totals` has one row per currency, where debits always equal credits.
   *
   * @example
   * ```ts
   * const tb = await fin.reports.trialBalance();
   * for (const row of tb.accounts) console.log(row.code, row.name, row.debit, row.credit);
   * ```
   */
  trialBalance(params: TrialBalanceParams = {}, options?: RequestOptions): Promise<TrialBalance> {
    return this.#core.request(options, (call) => retrieveTrialBalance({ ...call, query: params }));
  }
}
