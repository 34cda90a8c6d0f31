import type { Core, IdempotentRequestOptions } from '../core.js';
import { createTaxCalculation } from '../generated/sdk.gen.js';
import type { TaxCalculation, TaxCalculationRequest } from '../generated/types.gen.js';

/**
 * Tax on a document's lines: basis-point rates, exclusive or inclusive amounts, compound
 * taxes, rounding per line or per document.
 *
 * @example
 * ```ts
 * const tax = await fin.taxCalculations.create({
 *   currency: 'CAD',
 *   taxes: [{ code: 'GST', rate_bps: 500 }, { code: 'QST', rate_bps: 950, compound: true }],
 *   lines: [{ amount: '100.00' }],
 * });
 * console.log(tax.totals.gross); // '114.98'
 * ```
 */
export class TaxCalculations {
  readonly #core: Core;

  constructor(core: Core) {
    this.#core = core;
  }

  /**
   * Calculates net, taxes and gross for every line and the document; every line satisfies
   * net + tax = gross exactly and the totals are exact sums of the lines.
   *
   * @example
   * ```ts
   * const tax = await fin.taxCalculations.create({
   *   currency: 'GBP',
   *   taxes: [{ code: 'VAT', rate_bps: 2000 }],
   *   lines: [{ amount: '9.99' }, { amount: '-1.00' }],
   *   tax_behavior: 'inclusive',
   *   rounding: 'per_document',
   * });
   * ```
   */
  create(
    params: TaxCalculationRequest,
    options?: IdempotentRequestOptions,
  ): Promise<TaxCalculation> {
    return this.#core.request(options, (call) => createTaxCalculation({ ...call, body: params }));
  }
}
