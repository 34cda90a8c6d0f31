/**
 * The typed DOM events of the FinACEverse elements. Each is a `CustomEvent` subclass (so
 * `event.detail` works in any framework) that also carries its fields as properties, and
 * each bubbles and is composed, so a listener on `document` hears it.
 *
 * @packageDocumentation
 */
import type { Invoice, JournalEntry } from '@finaceverse/sdk';
import type { FinErrorInfo } from './internal/errors.js';

export type { FinErrorInfo } from './internal/errors.js';

const init = <T>(detail: T): CustomEventInit<T> => ({ bubbles: true, composed: true, detail });

/**
 * A customer row was activated (click, or Enter/Space on its name).
 *
 * @example
 * ```ts
 * list.addEventListener('fin-customer-select', (e) => openCustomer(e.customerId));
 * ```
 */
export class FinCustomerSelectEvent extends CustomEvent<{ customerId: string }> {
  readonly customerId: string;
  constructor(customerId: string) {
    super('fin-customer-select', init({ customerId }));
    this.customerId = customerId;
  }
}

/**
 * An invoice row was activated (click, or Enter/Space on its number).
 *
 * @example
 * ```ts
 * list.addEventListener('fin-invoice-select', (e) => detail.setAttribute('invoice-id', e.invoiceId));
 * ```
 */
export class FinInvoiceSelectEvent extends CustomEvent<{ invoiceId: string }> {
  readonly invoiceId: string;
  constructor(invoiceId: string) {
    super('fin-invoice-select', init({ invoiceId }));
    this.invoiceId = invoiceId;
  }
}

/**
 * A draft invoice was created by `<fin-invoice-form>`.
 *
 * @example
 * ```ts
 * form.addEventListener('fin-invoice-created', (e) => console.log(e.invoice.id, e.invoice.total));
 * ```
 */
export class FinInvoiceCreatedEvent extends CustomEvent<{ invoice: Invoice }> {
  readonly invoice: Invoice;
  constructor(invoice: Invoice) {
    super('fin-invoice-created', init({ invoice }));
    this.invoice = invoice;
  }
}

/**
 * A draft invoice was finalized (it is now `open` and posted to the ledger).
 *
 * @example
 * ```ts
 * detail.addEventListener('fin-invoice-finalized', (e) => list.refresh());
 * ```
 */
export class FinInvoiceFinalizedEvent extends CustomEvent<{ invoice: Invoice }> {
  readonly invoice: Invoice;
  constructor(invoice: Invoice) {
    super('fin-invoice-finalized', init({ invoice }));
    this.invoice = invoice;
  }
}

/**
 * A payment was recorded on an invoice; `amount` is in minor units.
 *
 * @example
 * ```ts
 * detail.addEventListener('fin-invoice-paid', (e) => console.log(e.amount, e.invoice.amount_due));
 * ```
 */
export class FinInvoicePaidEvent extends CustomEvent<{ invoice: Invoice; amount: number }> {
  readonly invoice: Invoice;
  readonly amount: number;
  constructor(invoice: Invoice, amount: number) {
    super('fin-invoice-paid', init({ invoice, amount }));
    this.invoice = invoice;
    this.amount = amount;
  }
}

/**
 * An invoice was voided.
 *
 * @example
 * ```ts
 * detail.addEventListener('fin-invoice-voided', (e) => console.log(e.invoice.voided_at));
 * ```
 */
export class FinInvoiceVoidedEvent extends CustomEvent<{ invoice: Invoice }> {
  readonly invoice: Invoice;
  constructor(invoice: Invoice) {
    super('fin-invoice-voided', init({ invoice }));
    this.invoice = invoice;
  }
}

/**
 * A journal entry was posted by `<fin-journal-entry-form>`.
 *
 * @example
 * ```ts
 * form.addEventListener('fin-journal-entry-created', (e) => console.log(e.journalEntry.id));
 * ```
 */
export class FinJournalEntryCreatedEvent extends CustomEvent<{ journalEntry: JournalEntry }> {
  readonly journalEntry: JournalEntry;
  constructor(journalEntry: JournalEntry) {
    super('fin-journal-entry-created', init({ journalEntry }));
    this.journalEntry = journalEntry;
  }
}

/**
 * A call failed; the element also shows the error. `detail` is plain data (message, type,
 * code, status, request id, param); `error` is what the SDK threw.
 *
 * @example
 * ```ts
 * document.addEventListener('fin-error', (e) => report(e.detail.requestId, e.detail.message));
 * ```
 */
export class FinErrorEvent extends CustomEvent<FinErrorInfo> {
  readonly error: unknown;
  constructor(detail: FinErrorInfo, error: unknown) {
    super('fin-error', init(detail));
    this.error = error;
  }
}

/**
 * Every event the elements fire, by name: the shape of `HTMLElementEventMap` and
 * `DocumentEventMap` entries, so `addEventListener('fin-…')` is typed on elements and on
 * `document`.
 *
 * @example
 * ```ts
 * type Selected = FinEventMap['fin-invoice-select']; // FinInvoiceSelectEvent
 * ```
 */
export interface FinEventMap {
  'fin-customer-select': FinCustomerSelectEvent;
  'fin-invoice-select': FinInvoiceSelectEvent;
  'fin-invoice-created': FinInvoiceCreatedEvent;
  'fin-invoice-finalized': FinInvoiceFinalizedEvent;
  'fin-invoice-paid': FinInvoicePaidEvent;
  'fin-invoice-voided': FinInvoiceVoidedEvent;
  'fin-journal-entry-created': FinJournalEntryCreatedEvent;
  'fin-error': FinErrorEvent;
}

declare global {
  interface HTMLElementEventMap extends FinEventMap {}
  interface DocumentEventMap extends FinEventMap {}
}
