import type { Core, IdempotentRequestOptions } from '../core.js';
import { createCalculation, createCalculationBatch } from '../generated/sdk.gen.js';
import type { Calculation, CalculationBatch, CalculationRequest } from '../generated/types.gen.js';

/**
 * Excel-compatible financial functions: PMT, IPMT, PPMT, CUMIPMT, CUMPRINC, NPER, RATE, PV,
 * FV, NPV, XNPV, IRR, XIRR, MIRR, EFFECT, NOMINAL, SLN, SYD, DB, DDB, VDB. Arguments take
 * Excel's names and order; numbers travel as decimal strings, dates as `YYYY-MM-DD`.
 *
 * @example
 * ```ts
 * const { result } = await fin.calculations.create({
 *   function: 'PMT',
 *   args: { rate: '0.005', nper: 360, pv: '200000' },
 * });
 * // result === '-1199.101050305505'
 * ```
 */
export class Calculations {
  readonly #core: Core;

  constructor(core: Core) {
    this.#core = core;
  }

  /**
   * Evaluates one function. An Excel error value is a result, not an exception:
   * `{ error: '#NUM!' }`. Solvers (IRR, XIRR, RATE) also return `npv_at_rate` and
   * `iterations`, and warn when cash flows change sign more than once.
   *
   * @example
   * ```ts
   * const irr = await fin.calculations.create({
   *   function: 'XIRR',
   *   args: {
   *     values: ['-10000', '2750', '4250', '3250', '2750'],
   *     dates: ['2008-01-01', '2008-03-01', '2008-10-30', '2009-02-15', '2009-04-01'],
   *   },
   * });
   * if (irr.error) console.log('no rate:', irr.error);
   * else console.log(irr.result, irr.warnings);
   * ```
   */
  create(params: CalculationRequest, options?: IdempotentRequestOptions): Promise<Calculation> {
    return this.#core.request(options, (call) => createCalculation({ ...call, body: params }));
  }

  /**
   * Evaluates up to 10,000 calculations in one call. Each item is answered on its own and in
   * order: a calculation, or an `error` object naming the bad argument
   * (`calculations[3][args][rate]`) while the others are still evaluated.
   *
   * @example
   * ```ts
   * const batch = await fin.calculations.batch([
   *   { function: 'PMT', args: { rate: '0.005', nper: 360, pv: '200000' } },
   *   { function: 'SLN', args: { cost: '30000', salvage: '7500', life: 10 } },
   * ]);
   * for (const item of batch.data) {
   *   if (item.object === 'error') console.error(item.param, item.message);
   *   else console.log(item.function, item.result ?? item.error);
   * }
   * ```
   */
  batch(
    calculations: CalculationRequest[],
    options?: IdempotentRequestOptions,
  ): Promise<CalculationBatch> {
    return this.#core.request(options, (call) =>
      createCalculationBatch({ ...call, body: { calculations } }),
    );
  }
}
