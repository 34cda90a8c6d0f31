import type { Core, IdempotentRequestOptions } from '../core.js';
import { createAmortizationSchedule, createDepreciationSchedule } from '../generated/sdk.gen.js';
import type {
  AmortizationSchedule,
  AmortizationScheduleRequest,
  DepreciationSchedule,
  DepreciationScheduleRequest,
} from '../generated/types.gen.js';

/**
 * Loan amortization and asset depreciation schedules in exact decimals.
 *
 * @example
 * ```ts
 * const loan = await fin.schedules.amortization({
 *   principal: '200000.00',
 *   annual_rate: '0.06',
 *   periods: 360,
 *   currency: 'USD',
 * });
 * console.log(loan.regular_amount); // '1199.10'
 * ```
 */
export class Schedules {
  readonly #core: Core;

  constructor(core: Core) {
    this.#core = core;
  }

  /**
   * Every period of a loan: interest rounded to the minor unit each period, the last payment
   * absorbing every remainder so the principal column sums exactly to the loan.
   *
   * @example
   * ```ts
   * const loan = await fin.schedules.amortization({
   *   principal: '250000.00',
   *   annual_rate: '0.045',
   *   periods: 120,
   *   interest_only_periods: 12,
   *   balloon: '100000.00',
   *   start_date: '2026-01-31',
   *   day_count: 'ACT/365',
   *   currency: 'EUR',
   * });
   * for (const row of loan.periods) console.log(row.date, row.payment, row.balance);
   * ```
   */
  amortization(
    params: AmortizationScheduleRequest,
    options?: IdempotentRequestOptions,
  ): Promise<AmortizationSchedule> {
    return this.#core.request(options, (call) =>
      createAmortizationSchedule({ ...call, body: params }),
    );
  }

  /**
   * Every period of an asset's depreciation by SLN, DB, DDB, SYD or VDB (Excel's formulas),
   * rounded to the minor unit without drift.
   *
   * @example
   * ```ts
   * const asset = await fin.schedules.depreciation({
   *   cost: '2400.00',
   *   salvage: '300.00',
   *   life: 10,
   *   method: 'DDB',
   *   currency: 'USD',
   * });
   * console.log(asset.periods[0]?.depreciation); // '480.00'
   * ```
   */
  depreciation(
    params: DepreciationScheduleRequest,
    options?: IdempotentRequestOptions,
  ): Promise<DepreciationSchedule> {
    return this.#core.request(options, (call) =>
      createDepreciationSchedule({ ...call, body: params }),
    );
  }
}
