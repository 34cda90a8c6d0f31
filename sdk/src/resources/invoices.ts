import type { Core, IdempotentRequestOptions, RequestOptions } from '../core.js';
import {
  createInvoice,
  finalizeInvoice,
  listInvoices,
  payInvoice,
  retrieveInvoice,
  voidInvoice,
} from '../generated/sdk.gen.js';
import type {
  CreateInvoiceRequest,
  Invoice,
  ListInvoicesData,
  PayInvoiceRequest,
} from '../generated/types.gen.js';
import type { ListPromise } from '../pagination.js';

/**
 * Parameters of `fin.invoices.list()`: cursors plus optional `status` and `customer_id`.
 *
 * @example
 * ```ts
 * const params: InvoiceListParams = { status: 'open', customer_id: 'cus_01jd8x2q3m4n5p6r7s8t9v0w1x' };
 * ```
 */
export type InvoiceListParams = NonNullable<ListInvoicesData['query']>;

/**
 * Invoices: draft → open (finalize posts it to the ledger) → paid, or void.
 *
 * @example
 * ```ts
 * const draft = await fin.invoices.create({
 *   customer_id: customer.id,
 *   currency: 'USD',
 *   lines: [{ description: 'Consulting', quantity: 10, unit_amount: 15_000, tax_rate_bps: 2000 }],
 * });
 * const open = await fin.invoices.finalize(draft.id);
 * const paid = await fin.invoices.pay(open.id, { amount: open.amount_due });
 * ```
 */
export class Invoices {
  readonly #core: Core;

  constructor(core: Core) {
    this.#core = core;
  }

  /**
   * Creates a draft invoice; totals are computed from the lines.
   *
   * @example
   * ```ts
   * const draft = await fin.invoices.create({
   *   customer_id: customer.id,
   *   currency: 'USD',
   *   due_date: '2026-12-31',
   *   lines: [{ description: 'Widgets', quantity: 3, unit_amount: 2_500 }],
   * });
   * ```
   */
  create(params: CreateInvoiceRequest, options?: IdempotentRequestOptions): Promise<Invoice> {
    return this.#core.request(options, (call) => createInvoice({ ...call, body: params }));
  }

  /**
   * Lists invoices, newest first.
   *
   * @example
   * ```ts
   * for await (const invoice of fin.invoices.list({ status: 'open' })) console.log(invoice.amount_due);
   * ```
   */
  list(params: InvoiceListParams = {}, options?: RequestOptions): ListPromise<Invoice> {
    return this.#core.list(params, options, (query, call) => listInvoices({ ...call, query }));
  }

  /**
   * Retrieves an invoice with its lines and payments.
   *
   * @example
   * ```ts
   * const invoice = await fin.invoices.retrieve('inv_01jd8x2q3m4n5p6r7s8t9v0w1x');
   * ```
   */
  retrieve(id: string, options?: RequestOptions): Promise<Invoice> {
    return this.#core.request(options, (call) => retrieveInvoice({ ...call, path: { id } }));
  }

  /**
   * Finalizes a draft: it becomes `open` and its receivable, revenue and tax are posted.
   *
   * @example
   * ```ts
   * const open = await fin.invoices.finalize(draft.id);
   * console.log(open.finalized_entry_id);
   * ```
   */
  finalize(id: string, options?: IdempotentRequestOptions): Promise<Invoice> {
    return this.#core.request(options, (call) => finalizeInvoice({ ...call, path: { id } }));
  }

  /**
   * Records a payment of at most `amount_due`; the invoice is `paid` once nothing is due.
   *
   * @example
   * ```ts
   * await fin.invoices.pay(invoice.id, { amount: 5_000, date: '2026-12-01' });
   * ```
   */
  pay(id: string, params: PayInvoiceRequest, options?: IdempotentRequestOptions): Promise<Invoice> {
    return this.#core.request(options, (call) =>
      payInvoice({ ...call, path: { id }, body: params }),
    );
  }

  /**
   * Voids an invoice; an open one has its posting reversed.
   *
   * @example
   * ```ts
   * const voided = await fin.invoices.void(invoice.id);
   * ```
   */
  void(id: string, options?: IdempotentRequestOptions): Promise<Invoice> {
    return this.#core.request(options, (call) => voidInvoice({ ...call, path: { id } }));
  }
}
