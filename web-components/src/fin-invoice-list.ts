import type { FinACEverse, Invoice, List } from '@finaceverse/sdk';
import { html, type PropertyDeclarations } from 'lit';
import './fin-provider.js';
import { FinInvoiceSelectEvent } from './events.js';
import { CustomerNames } from './internal/customer-names.js';
import { formatDate, formatMoney } from './internal/format.js';
import { INVOICE_STATUSES, type InvoiceStatus, statusLabel } from './internal/invoice-status.js';
import { FinListElement, type PageParams } from './internal/list-element.js';
import type { Page } from './internal/pager.js';
import { emptyState } from './internal/states.js';

function isStatus(value: string | undefined): value is InvoiceStatus {
  return (INVOICE_STATUSES as readonly string[]).includes(value ?? '');
}

/**
 * A paginated table of invoices, newest first, with a status filter. Activating a row
 * (click, or Enter/Space on the invoice number) fires `fin-invoice-select`. Needs
 * `invoices:read`; with `customers:read` it shows customer names instead of ids.
 *
 * @summary Table of invoices with a status filter, pagination and row selection.
 * @tagname fin-invoice-list
 *
 * @fires {FinInvoiceSelectEvent} fin-invoice-select - A row was activated; `invoiceId` (also `detail.invoiceId`).
 * @fires {FinErrorEvent} fin-error - A call failed; `detail` has the message and request id.
 *
 * @csspart toolbar - The bar holding the status filter.
 * @csspart filter - The status `<select>`.
 * @csspart table - The `<table>`.
 * @csspart header - Each column header cell.
 * @csspart row - Each invoice row.
 * @csspart row-button - The button on each invoice number.
 * @csspart status - The status badge of each row.
 * @csspart pagination - The `<nav>` around Previous / Next.
 * @csspart button - Every button (Previous, Next, Try again).
 * @csspart loading - The loading state.
 * @csspart empty - The "no invoices" state.
 * @csspart error - The error state (`role="alert"`): message and request id.
 *
 * @cssproperty --fin-color-primary - Buttons, links and focus ring. Default `#1d4ed8`.
 * @cssproperty --fin-color-on-primary - Text on primary buttons. Default `#ffffff`.
 * @cssproperty --fin-color-text - Text. Default `#1f2937`.
 * @cssproperty --fin-color-muted - Secondary text. Default `#4b5563`.
 * @cssproperty --fin-color-background - Background. Default `#ffffff`.
 * @cssproperty --fin-color-surface - Table header and row hover. Default `#f3f4f6`.
 * @cssproperty --fin-color-border - Table rules. Default `#d1d5db`.
 * @cssproperty --fin-color-input-border - Form control borders. Default `#6b7280`.
 * @cssproperty --fin-color-danger - Error text and border. Default `#b91c1c`.
 * @cssproperty --fin-color-danger-background - Error background. Default `#fef2f2`.
 * @cssproperty --fin-font-family - Font. Default `system-ui, sans-serif`.
 * @cssproperty --fin-font-size - Base font size. Default `0.9375rem`.
 * @cssproperty --fin-radius - Corner radius. Default `6px`.
 * @cssproperty --fin-space - Spacing unit. Default `0.5rem`.
 *
 * @example
 * ```html
 * <fin-provider base-url="https://api.example.com" token="ek_…">
 *   <fin-invoice-list status="open"></fin-invoice-list>
 * </fin-provider>
 * <script type="module">
 *   document.addEventListener('fin-invoice-select', (e) => console.log(e.invoiceId));
 * </script>
 * ```
 */
export class FinInvoiceList extends FinListElement<Invoice> {
  static override properties: PropertyDeclarations = {
    status: { type: String, reflect: true },
    customerId: { type: String, attribute: 'customer-id' },
  };

  /** Only invoices in this status: `draft`, `open`, `paid` or `void` (default: all). */
  declare status: InvoiceStatus | undefined;
  /** Only invoices of this customer (`cus_…`). */
  declare customerId: string | undefined;

  protected override filterProperties = ['status', 'customerId', 'limit'];
  readonly #names = new CustomerNames();

  protected override filterKey(): string {
    return `${isStatus(this.status) ? this.status : ''}|${this.customerId ?? ''}`;
  }

  protected override fetchPage(
    client: FinACEverse,
    params: PageParams,
    signal: AbortSignal,
  ): Promise<List<Invoice>> {
    return client.invoices.list(
      {
        ...params,
        ...(isStatus(this.status) ? { status: this.status } : {}),
        ...(this.customerId ? { customer_id: this.customerId } : {}),
      },
      { signal },
    );
  }

  protected override async load(client: FinACEverse, signal: AbortSignal): Promise<Page<Invoice>> {
    const page = await super.load(client, signal);
    if (this.can('customers:read')) {
      // Names fill in after the rows render; the ids show until then.
      const ids = page.data.map((invoice) => invoice.customer_id);
      void this.#names.resolve(client, ids, signal).then((added) => {
        if (added) this.requestUpdate();
      });
    }
    return page;
  }

  #onFilter(event: Event): void {
    const value = (event.target as HTMLSelectElement).value;
    this.status = isStatus(value) ? value : undefined;
  }

  #select(invoice: Invoice): void {
    this.dispatchEvent(new FinInvoiceSelectEvent(invoice.id));
  }

  #renderFilter() {
    const current = isStatus(this.status) ? this.status : '';
    return html`<div class="toolbar" part="toolbar">
      <label>
        <span class="label">Status</span>
        <select part="filter" @change=${this.#onFilter}>
          <option value="" ?selected=${current === ''}>All statuses</option>
          ${INVOICE_STATUSES.map(
            (status) =>
              html`<option value=${status} ?selected=${current === status}>${statusLabel(status)}</option>`,
          )}
        </select>
      </label>
    </div>`;
  }

  #renderRow(invoice: Invoice, locale: string) {
    const customer = this.#names.get(invoice.customer_id);
    return html`<tr part="row" class="selectable" @click=${() => this.#select(invoice)}>
      <th scope="row">
        <button type="button" class="link mono" part="row-button">${invoice.id}</button>
      </th>
      <td>${customer ?? html`<span class="mono">${invoice.customer_id}</span>`}</td>
      <td><span part="status" class="badge ${invoice.status}">${statusLabel(invoice.status)}</span></td>
      <td class="num">${formatMoney(invoice.total, invoice.currency, locale)}</td>
      <td class="num">${formatMoney(invoice.amount_due, invoice.currency, locale)}</td>
      <td>${formatDate(invoice.created_at, locale)}</td>
    </tr>`;
  }

  #renderTable() {
    const status = this.renderStatus('Loading invoices…');
    if (status) return status;
    const page = this._data;
    if (!page || page.data.length === 0) {
      return emptyState(isStatus(this.status) ? `No ${this.status} invoices.` : 'No invoices yet.');
    }
    const locale = this.localeTag;
    return html`
      ${this.renderBusy('Loading invoices…')}
      <div class="scroll">
        <table part="table" aria-busy=${this._status === 'loading' ? 'true' : 'false'}>
          <caption class="sr-only">Invoices</caption>
          <thead>
            <tr>
              <th scope="col" part="header">Invoice</th>
              <th scope="col" part="header">Customer</th>
              <th scope="col" part="header">Status</th>
              <th scope="col" part="header" class="num">Total</th>
              <th scope="col" part="header" class="num">Amount due</th>
              <th scope="col" part="header">Date</th>
            </tr>
          </thead>
          <tbody>
            ${page.data.map((invoice) => this.#renderRow(invoice, locale))}
          </tbody>
        </table>
      </div>
      ${this.renderPagination('Invoice pages')}
    `;
  }

  protected override render() {
    return html`${this.config ? this.#renderFilter() : ''}${this.#renderTable()}`;
  }
}

// The element's events, so importing just this element also types its listeners.
export { FinErrorEvent, FinInvoiceSelectEvent } from './events.js';

if (!customElements.get('fin-invoice-list')) {
  customElements.define('fin-invoice-list', FinInvoiceList);
}

declare global {
  interface HTMLElementTagNameMap {
    'fin-invoice-list': FinInvoiceList;
  }
}
