import type { FinACEverse, Invoice } from '@finaceverse/sdk';
import { css, html, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import './fin-provider.js';
import { FinInvoiceFinalizedEvent, FinInvoicePaidEvent, FinInvoiceVoidedEvent } from './events.js';
import { CustomerNames } from './internal/customer-names.js';
import type { FinErrorInfo } from './internal/errors.js';
import { FinElement } from './internal/fin-element.js';
import {
  formatAmountInput,
  formatDate,
  formatInteger,
  formatMoney,
  formatRate,
} from './internal/format.js';
import { statusLabel } from './internal/invoice-status.js';
import { parseMoney } from './internal/money.js';
import { emptyState, errorState } from './internal/states.js';

type Action = 'finalize' | 'pay' | 'void';

const detailStyles = css`
  .head {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space);
    margin-block-end: var(--_space);
  }
  .title {
    margin: 0;
    font-size: 1.125em;
    font-weight: 600;
  }
  dl {
    margin: 0;
  }
  [part~='summary'] {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr));
    gap: var(--_space);
    margin-block-end: calc(var(--_space) * 2);
  }
  [part~='summary'] dt,
  [part~='totals'] dt {
    color: var(--_muted);
    font-size: 0.875em;
  }
  [part~='summary'] dd {
    margin: 0;
  }
  [part~='totals'] {
    margin-inline-start: auto;
    margin-block: var(--_space) calc(var(--_space) * 2);
    max-width: 20rem;
  }
  [part~='totals'] div {
    display: flex;
    justify-content: space-between;
    gap: calc(var(--_space) * 2);
    padding-block: calc(var(--_space) / 4);
  }
  [part~='totals'] dd {
    margin: 0;
    font-variant-numeric: tabular-nums;
  }
  [part~='totals'] .grand {
    border-block-start: 2px solid var(--_border);
    font-weight: 600;
  }
  [part~='totals'] .grand dt {
    color: var(--_text);
    font-size: 1em;
  }
  section {
    margin-block-end: calc(var(--_space) * 2);
  }
  [part~='actions'] {
    display: flex;
    flex-wrap: wrap;
    align-items: end;
    gap: var(--_space);
  }
  [part~='actions'] form {
    display: flex;
    align-items: end;
    gap: var(--_space);
  }
`;

/**
 * One invoice: its lines, subtotal, tax and total, payments and amount due, with the
 * actions its status allows — Finalize (draft), Pay (open; the amount defaults to the
 * amount due) and Void (draft or open). Actions show only when the provider's `scopes`
 * include `invoices:write` (or when the provider was not told the scopes); a call the token
 * may not make still shows the API's 403 as an error. Needs `invoices:read`; with
 * `customers:read` it shows the customer's name.
 *
 * `finalize()`, `pay()` and `void()` do what the buttons do and fire the same events.
 *
 * @summary An invoice with lines, totals, payments and finalize/pay/void actions.
 * @tagname fin-invoice-detail
 *
 * @fires {FinInvoiceFinalizedEvent} fin-invoice-finalized - The draft was finalized; `invoice` (also `detail.invoice`).
 * @fires {FinInvoicePaidEvent} fin-invoice-paid - A payment was recorded; `invoice` and `amount` in minor units.
 * @fires {FinInvoiceVoidedEvent} fin-invoice-voided - The invoice was voided; `invoice`.
 * @fires {FinErrorEvent} fin-error - A call failed; `detail` has the message and request id.
 *
 * @csspart invoice - The wrapper of the whole invoice.
 * @csspart status - The status badge.
 * @csspart summary - Customer and dates.
 * @csspart table - The lines and payments tables.
 * @csspart header - Each column header cell.
 * @csspart row - Each line and payment row.
 * @csspart totals - The subtotal / tax / total / paid / due list.
 * @csspart total - Each figure of the totals list.
 * @csspart actions - The action buttons and the payment amount form.
 * @csspart pay-amount - The payment amount input.
 * @csspart button - Every button.
 * @csspart notice - The confirmation after an action (a live region).
 * @csspart loading - The loading state.
 * @csspart empty - Shown when no `invoice-id` is set.
 * @csspart error - The error state (`role="alert"`): message and request id, for a failed load or action.
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
 * <fin-provider base-url="https://api.example.com" token="ek_…" scopes="invoices:write customers:read">
 *   <fin-invoice-detail invoice-id="inv_01jd8x2q3m4n5p6r7s8t9v0w1x"></fin-invoice-detail>
 * </fin-provider>
 * <script type="module">
 *   document.addEventListener('fin-invoice-paid', (e) => console.log(e.amount, e.invoice.status));
 * </script>
 * ```
 */
export class FinInvoiceDetail extends FinElement<Invoice | null> {
  static override styles = [...FinElement.styles, detailStyles];

  static override properties: PropertyDeclarations = {
    invoiceId: { type: String, attribute: 'invoice-id' },
    _busy: { state: true },
    _actionError: { state: true },
    _payText: { state: true },
    _payError: { state: true },
    _notice: { state: true },
  };

  /** The invoice to show (`inv_…`). */
  declare invoiceId: string | undefined;
  declare private _busy: Action | undefined;
  declare private _actionError: FinErrorInfo | undefined;
  declare private _payText: string | undefined;
  declare private _payError: string | undefined;
  declare private _notice: string | undefined;
  readonly #names = new CustomerNames();

  protected override loadKey(): string {
    return this.invoiceId ?? '';
  }

  protected override async load(client: FinACEverse, signal: AbortSignal): Promise<Invoice | null> {
    this.#resetActions();
    if (!this.invoiceId) return null;
    const invoice = await client.invoices.retrieve(this.invoiceId, { signal });
    if (this.can('customers:read')) {
      void this.#names.resolve(client, [invoice.customer_id], signal).then((added) => {
        if (added) this.requestUpdate();
      });
    }
    return invoice;
  }

  #resetActions(): void {
    this._actionError = undefined;
    this._payText = undefined;
    this._payError = undefined;
    this._notice = undefined;
  }

  /**
   * Finalizes the draft invoice, as the Finalize button does. Resolves with the updated
   * invoice, or `undefined` when the call failed (the error state and `fin-error` report it).
   *
   * @example
   * ```ts
   * const open = await document.querySelector('fin-invoice-detail')!.finalize();
   * ```
   */
  finalize(): Promise<Invoice | undefined> {
    return this.#act(
      'finalize',
      'Invoice finalized.',
      (client, id) => client.invoices.finalize(id),
      (invoice) => new FinInvoiceFinalizedEvent(invoice),
    );
  }

  /**
   * Records a payment of `amount` minor units (default: the amount in the payment field,
   * which starts at the amount due), as the Pay button does. Resolves with the updated
   * invoice, or `undefined` when the amount is invalid or the call failed.
   *
   * @example
   * ```ts
   * await document.querySelector('fin-invoice-detail')!.pay(5_000); // $50.00
   * ```
   */
  pay(amount?: number): Promise<Invoice | undefined> {
    const minor = amount ?? this.#amountFromField();
    if (minor === undefined) return Promise.resolve(undefined);
    return this.#act(
      'pay',
      'Payment recorded.',
      (client, id) => client.invoices.pay(id, { amount: minor }),
      (invoice) => new FinInvoicePaidEvent(invoice, minor),
    );
  }

  /**
   * Voids the invoice, as the Void button does. Resolves with the updated invoice, or
   * `undefined` when the call failed.
   *
   * @example
   * ```ts
   * await document.querySelector('fin-invoice-detail')!.void();
   * ```
   */
  void(): Promise<Invoice | undefined> {
    return this.#act(
      'void',
      'Invoice voided.',
      (client, id) => client.invoices.void(id),
      (invoice) => new FinInvoiceVoidedEvent(invoice),
    );
  }

  /** The payment field's amount in minor units, or `undefined` (with the reason shown). */
  #amountFromField(): number | undefined {
    const invoice = this._data;
    if (!invoice) return undefined;
    const text =
      this._payText ?? formatAmountInput(invoice.amount_due, invoice.currency, this.localeTag);
    const parsed = parseMoney(text, invoice.currency, this.localeTag);
    if (!parsed.ok) {
      this._payError = parsed.reason;
    } else if (parsed.value <= 0n) {
      this._payError = 'Enter an amount greater than zero';
    } else if (parsed.value > BigInt(invoice.amount_due)) {
      this._payError = `Enter at most ${formatMoney(invoice.amount_due, invoice.currency, this.localeTag)}`;
    } else {
      this._payError = undefined;
      return Number(parsed.value);
    }
    return undefined;
  }

  async #act(
    action: Action,
    notice: string,
    call: (client: FinACEverse, invoiceId: string) => Promise<Invoice>,
    event: (invoice: Invoice) => Event,
  ): Promise<Invoice | undefined> {
    const client = this.client;
    const invoiceId = this._data?.id ?? this.invoiceId;
    if (!client || !invoiceId || this._busy) return undefined;
    // The pressed button turns disabled while the call runs, and may be gone after it.
    const focused = this.shadowRoot?.activeElement ?? null;
    this._busy = action;
    this._actionError = undefined;
    this._notice = undefined;
    try {
      const invoice = await call(client, invoiceId);
      this._data = invoice;
      this._payText = undefined;
      this._payError = undefined;
      this._notice = notice;
      this.dispatchEvent(event(invoice));
      return invoice;
    } catch (error) {
      this._actionError = this.reportError(error);
      return undefined;
    } finally {
      this._busy = undefined;
      void this.#keepFocus(focused);
    }
  }

  /**
   * After an action, if focus was on one of this element's controls and is not anymore (its
   * button was disabled or removed), put it on the next action, else on the title.
   */
  async #keepFocus(focused: Element | null): Promise<void> {
    if (!focused) return;
    await this.updateComplete;
    const now = this.shadowRoot?.activeElement;
    if (now && now === focused && focused.isConnected) return;
    if (now && now !== focused) return;
    const next = this.renderRoot.querySelector<HTMLElement>(
      '[part~="actions"] button:not([disabled])',
    );
    (next ?? this.renderRoot.querySelector<HTMLElement>('.title'))?.focus();
  }

  #onPaySubmit(event: SubmitEvent): void {
    event.preventDefault();
    void this.pay();
  }

  #renderActions(invoice: Invoice, locale: string): TemplateResult | typeof nothing {
    const canAct = invoice.status === 'draft' || invoice.status === 'open';
    if (!canAct) return nothing;
    if (!this.can('invoices:write')) {
      return html`<p class="hint" part="read-only">This view is read-only: the token cannot change invoices.</p>`;
    }
    const busy = this._busy !== undefined;
    const payText =
      this._payText ?? formatAmountInput(invoice.amount_due, invoice.currency, locale);
    return html`<div part="actions" role="group" aria-label="Invoice actions">
      ${
        invoice.status === 'draft'
          ? html`<button type="button" class="primary" part="button finalize" ?disabled=${busy} @click=${() => this.finalize()}>
              ${this._busy === 'finalize' ? 'Finalizing…' : 'Finalize'}
            </button>`
          : nothing
      }
      ${
        invoice.status === 'open'
          ? html`<form @submit=${this.#onPaySubmit} novalidate>
              <label>
                <span class="label">Payment amount (${invoice.currency})</span>
                <input
                  part="pay-amount"
                  inputmode="decimal"
                  autocomplete="off"
                  .value=${payText}
                  aria-invalid=${this._payError ? 'true' : 'false'}
                  aria-describedby=${this._payError ? 'pay-error' : nothing}
                  @input=${(e: Event) => {
                    this._payText = (e.target as HTMLInputElement).value;
                  }}
                />
              </label>
              <button type="submit" class="primary" part="button pay" ?disabled=${busy}>
                ${this._busy === 'pay' ? 'Recording…' : 'Pay'}
              </button>
            </form>`
          : nothing
      }
      <button type="button" class="danger" part="button void" ?disabled=${busy} @click=${() => this.void()}>
        ${this._busy === 'void' ? 'Voiding…' : 'Void'}
      </button>
    </div>
    ${this._payError ? html`<p class="field-error" id="pay-error">${this._payError}</p>` : nothing}`;
  }

  #renderLines(invoice: Invoice, locale: string): TemplateResult {
    const money = (minor: number) => formatMoney(minor, invoice.currency, locale);
    return html`<section class="scroll">
      <table part="table">
        <caption>Lines</caption>
        <thead>
          <tr>
            <th scope="col" part="header">Description</th>
            <th scope="col" part="header" class="num">Quantity</th>
            <th scope="col" part="header" class="num">Unit price</th>
            <th scope="col" part="header" class="num">Tax rate</th>
            <th scope="col" part="header" class="num">Amount</th>
            <th scope="col" part="header" class="num">Tax</th>
          </tr>
        </thead>
        <tbody>
          ${invoice.lines.map(
            (line) => html`<tr part="row">
              <td>${line.description}</td>
              <td class="num">${formatInteger(line.quantity, locale)}</td>
              <td class="num">${money(line.unit_amount)}</td>
              <td class="num">${formatRate(line.tax_rate_bps, locale)}</td>
              <td class="num">${money(line.amount)}</td>
              <td class="num">${money(line.tax)}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    </section>`;
  }

  #renderTotals(invoice: Invoice, locale: string): TemplateResult {
    const row = (label: string, minor: number, name: string, grand = false) =>
      html`<div part="total ${name}" class=${grand ? 'grand' : ''}>
        <dt>${label}</dt>
        <dd>${formatMoney(minor, invoice.currency, locale)}</dd>
      </div>`;
    return html`<dl part="totals">
      ${row('Subtotal', invoice.subtotal, 'subtotal')} ${row('Tax', invoice.tax, 'tax')}
      ${row('Total', invoice.total, 'total-amount', true)} ${row('Amount paid', invoice.amount_paid, 'amount-paid')}
      ${row('Amount due', invoice.amount_due, 'amount-due', true)}
    </dl>`;
  }

  #renderPayments(invoice: Invoice, locale: string): TemplateResult {
    if (invoice.payments.length === 0) {
      return html`<section><p class="hint">No payments recorded.</p></section>`;
    }
    return html`<section class="scroll">
      <table part="table">
        <caption>Payments</caption>
        <thead>
          <tr>
            <th scope="col" part="header">Date</th>
            <th scope="col" part="header" class="num">Amount</th>
            <th scope="col" part="header">Payment</th>
          </tr>
        </thead>
        <tbody>
          ${invoice.payments.map(
            (payment) => html`<tr part="row">
              <td>${formatDate(payment.date, locale)}</td>
              <td class="num">${formatMoney(payment.amount, payment.currency, locale)}</td>
              <td class="mono">${payment.id}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    </section>`;
  }

  protected override render() {
    const status = this.renderStatus('Loading invoice…');
    if (status) return status;
    const invoice = this._data;
    if (!invoice) return emptyState('Choose an invoice to see its details.');
    const locale = this.localeTag;
    const customer = this.#names.get(invoice.customer_id);
    return html`<article part="invoice" aria-labelledby="title">
      <div class="head">
        <p class="title" id="title" tabindex="-1">Invoice <span class="mono">${invoice.id}</span></p>
        <span part="status" class="badge ${invoice.status}">${statusLabel(invoice.status)}</span>
      </div>
      <dl part="summary">
        <div>
          <dt>Customer</dt>
          <dd>${customer ?? html`<span class="mono">${invoice.customer_id}</span>`}</dd>
        </div>
        <div><dt>Created</dt><dd>${formatDate(invoice.created_at, locale)}</dd></div>
        <div><dt>Due</dt><dd>${invoice.due_date ? formatDate(invoice.due_date, locale) : '—'}</dd></div>
        <div><dt>Currency</dt><dd>${invoice.currency}</dd></div>
      </dl>
      ${this.#renderLines(invoice, locale)} ${this.#renderTotals(invoice, locale)}
      ${this.#renderPayments(invoice, locale)} ${this.#renderActions(invoice, locale)}
      <div part="notice" role="status">${this._notice ?? ''}</div>
      ${this._actionError ? errorState(this._actionError) : nothing}
    </article>`;
  }
}

// The element's events, so importing just this element also types its listeners.
export {
  FinErrorEvent,
  FinInvoiceFinalizedEvent,
  FinInvoicePaidEvent,
  FinInvoiceVoidedEvent,
} from './events.js';

if (!customElements.get('fin-invoice-detail')) {
  customElements.define('fin-invoice-detail', FinInvoiceDetail);
}

declare global {
  interface HTMLElementTagNameMap {
    'fin-invoice-detail': FinInvoiceDetail;
  }
}
