import type { Customer, FinACEverse, List } from '@finaceverse/sdk';
import { html } from 'lit';
import './fin-provider.js';
import { FinCustomerSelectEvent } from './events.js';
import { formatDate } from './internal/format.js';
import { FinListElement, type PageParams } from './internal/list-element.js';
import { emptyState } from './internal/states.js';

/**
 * A paginated table of the tenant's customers, newest first. Activating a row (click, or
 * Enter/Space on the customer's name) fires `fin-customer-select`. Needs `customers:read`.
 *
 * @summary Table of customers with pagination and row selection.
 * @tagname fin-customer-list
 *
 * @fires {FinCustomerSelectEvent} fin-customer-select - A row was activated; `customerId` (also `detail.customerId`).
 * @fires {FinErrorEvent} fin-error - A call failed; `detail` has the message and request id.
 *
 * @csspart table - The `<table>`.
 * @csspart header - Each column header cell.
 * @csspart row - Each customer row.
 * @csspart row-button - The button on each customer's name.
 * @csspart pagination - The `<nav>` around Previous / Next.
 * @csspart button - Every button (Previous, Next, Try again).
 * @csspart loading - The loading state.
 * @csspart empty - The "no customers" state.
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
 *   <fin-customer-list limit="20"></fin-customer-list>
 * </fin-provider>
 * <script type="module">
 *   document.addEventListener('fin-customer-select', (e) => console.log(e.customerId));
 * </script>
 * ```
 */
export class FinCustomerList extends FinListElement<Customer> {
  protected override fetchPage(
    client: FinACEverse,
    params: PageParams,
    signal: AbortSignal,
  ): Promise<List<Customer>> {
    return client.customers.list(params, { signal });
  }

  #select(customer: Customer): void {
    this.dispatchEvent(new FinCustomerSelectEvent(customer.id));
  }

  protected override render() {
    const status = this.renderStatus('Loading customers…');
    if (status) return status;
    const page = this._data;
    if (!page || page.data.length === 0) return emptyState('No customers yet.');
    const locale = this.localeTag;
    return html`
      ${this.renderBusy('Loading customers…')}
      <div class="scroll">
        <table part="table" aria-busy=${this._status === 'loading' ? 'true' : 'false'}>
          <caption class="sr-only">Customers</caption>
          <thead>
            <tr>
              <th scope="col" part="header">Name</th>
              <th scope="col" part="header">Email</th>
              <th scope="col" part="header">Created</th>
            </tr>
          </thead>
          <tbody>
            ${page.data.map(
              (
                customer,
              ) => html`<tr part="row" class="selectable" @click=${() => this.#select(customer)}>
                <th scope="row">
                  <button type="button" class="link" part="row-button">${customer.name}</button>
                </th>
                <td>${customer.email ?? '—'}</td>
                <td>${formatDate(customer.created_at, locale)}</td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
      ${this.renderPagination('Customer pages')}
    `;
  }
}

// The element's events, so importing just this element also types its listeners.
export { FinCustomerSelectEvent, FinErrorEvent } from './events.js';

if (!customElements.get('fin-customer-list')) {
  customElements.define('fin-customer-list', FinCustomerList);
}

declare global {
  interface HTMLElementTagNameMap {
    'fin-customer-list': FinCustomerList;
  }
}
