import type { Customer, FinACEverse } from '@finaceverse/sdk';
import { html, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import './fin-provider.js';
import { FinInvoiceCreatedEvent } from './events.js';
import type { FinErrorInfo } from './internal/errors.js';
import { FinElement } from './internal/fin-element.js';
import { formStyles } from './internal/form-styles.js';
import { formatMoney } from './internal/format.js';
import {
  type CheckedLine,
  checkLine,
  type DraftLine,
  draftTotals,
  emptyLine,
  hasProblems,
  type LineProblems,
  requestLines,
} from './internal/invoice-draft.js';
import { errorState } from './internal/states.js';

const CURRENCY = /^[A-Z]{3}$/;

/**
 * A form that creates a draft invoice: the customer (a list loaded from the API, unless
 * `customer-id` is set), an optional due date, and lines of description, quantity, unit
 * price (in major units, e.g. `12.50`, parsed exactly to minor units) and tax rate in
 * percent. Subtotal, tax and total update as you type, with the API's rounding (each line's
 * tax rounded half up to the minor unit). Submitting creates the draft and fires
 * `fin-invoice-created`. Needs `invoices:write` (and `customers:read` for the customer list).
 *
 * @summary Create a draft invoice with lines and live totals.
 * @tagname fin-invoice-form
 *
 * @fires {FinInvoiceCreatedEvent} fin-invoice-created - The draft was created; `invoice` (also `detail.invoice`).
 * @fires {FinErrorEvent} fin-error - A call failed; `detail` has the message and request id.
 *
 * @csspart form - The `<form>`.
 * @csspart customer - The customer `<select>`.
 * @csspart line - Each line's `<fieldset>`.
 * @csspart input - Every text, number and date input.
 * @csspart totals - The live subtotal / tax / total.
 * @csspart total - Each live figure.
 * @csspart button - Every button (add line, remove line, submit).
 * @csspart submit - The submit button.
 * @csspart notice - The confirmation after a draft is created (a live region).
 * @csspart loading - Shown while the customers load.
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
 * <fin-provider base-url="https://api.example.com" token="ek_…" scopes="invoices:write customers:read">
 *   <fin-invoice-form currency="EUR"></fin-invoice-form>
 * </fin-provider>
 * <script type="module">
 *   document.addEventListener('fin-invoice-created', (e) => console.log(e.invoice.id, e.invoice.total));
 * </script>
 * ```
 */
export class FinInvoiceForm extends FinElement<Customer[] | null> {
  static override styles = [...FinElement.styles, formStyles];

  static override properties: PropertyDeclarations = {
    customerId: { type: String, attribute: 'customer-id' },
    currency: { type: String },
    _customer: { state: true },
    _dueDate: { state: true },
    _lines: { state: true },
    _submitted: { state: true },
    _submitting: { state: true },
    _submitError: { state: true },
    _notice: { state: true },
  };

  /** The customer to invoice (`cus_…`); without it the form shows a customer list. */
  declare customerId: string | undefined;
  /** ISO 4217 currency of the invoice (default `USD`). */
  declare currency: string;
  declare private _customer: string;
  declare private _dueDate: string;
  declare private _lines: DraftLine[];
  declare private _submitted: boolean;
  declare private _submitting: boolean;
  declare private _submitError: FinErrorInfo | undefined;
  declare private _notice: string | undefined;

  constructor() {
    super();
    this.currency = 'USD';
    this._customer = '';
    this._dueDate = '';
    this._lines = [emptyLine()];
    this._submitted = false;
    this._submitting = false;
  }

  protected override loadKey(): string {
    return this.customerId ? '' : 'customers';
  }

  protected override load(client: FinACEverse, signal: AbortSignal): Promise<Customer[] | null> {
    if (this.customerId) return Promise.resolve(null);
    return client.customers.list({ limit: 100 }, { signal }).toArray({ limit: 500 });
  }

  get #currency(): string {
    const code = (this.currency || 'USD').toUpperCase();
    return CURRENCY.test(code) ? code : 'USD';
  }

  #setLine(key: number, field: keyof Omit<DraftLine, 'key'>, value: string): void {
    this._lines = this._lines.map((line) =>
      line.key === key ? { ...line, [field]: value } : line,
    );
    this._notice = undefined;
  }

  #addLine(): void {
    this._lines = [...this._lines, emptyLine()];
    void this.updateComplete.then(() => {
      this.renderRoot.querySelector<HTMLInputElement>('[part~="line"]:last-of-type input')?.focus();
    });
  }

  #removeLine(key: number): void {
    const index = this._lines.findIndex((line) => line.key === key);
    this._lines = this._lines.filter((line) => line.key !== key);
    void this.updateComplete.then(() => {
      const buttons = this.renderRoot.querySelectorAll<HTMLButtonElement>('button.remove');
      (
        buttons[Math.min(index, buttons.length - 1)] ??
        this.renderRoot.querySelector<HTMLElement>('button.add')
      )?.focus();
    });
  }

  async #submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this._submitting) return;
    this._submitted = true;
    this._notice = undefined;
    const currency = this.#currency;
    const checked = this._lines.map((line) => checkLine(line, currency, this.localeTag));
    const customerId = this.customerId || this._customer;
    const client = this.client;
    if (!customerId || checked.some(hasProblems) || !client) {
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    this._submitting = true;
    this._submitError = undefined;
    try {
      const invoice = await client.invoices.create({
        customer_id: customerId,
        currency,
        lines: requestLines(this._lines, checked),
        ...(this._dueDate ? { due_date: this._dueDate } : {}),
      });
      this._lines = [emptyLine()];
      this._dueDate = '';
      this._submitted = false;
      this._notice = `Draft invoice ${invoice.id} created.`;
      this.dispatchEvent(new FinInvoiceCreatedEvent(invoice));
    } catch (error) {
      this._submitError = this.reportError(error);
    } finally {
      this._submitting = false;
    }
  }

  /** A field's error, shown once the form was submitted or the field holds something. */
  #problem(problems: LineProblems, field: keyof LineProblems, value: string): string | undefined {
    return this._submitted || value.trim() !== '' ? problems[field] : undefined;
  }

  #renderInput(
    line: DraftLine,
    field: 'description' | 'quantity' | 'unitPrice' | 'taxRate',
    label: string,
    problem: string | undefined,
    extra: { inputmode?: string; wide?: boolean } = {},
  ): TemplateResult {
    const errorId = `line-${line.key}-${field}-error`;
    return html`<label class=${extra.wide ? 'wide' : ''}>
      <span class="label">${label}</span>
      <input
        part="input"
        name=${field}
        autocomplete="off"
        inputmode=${extra.inputmode ?? nothing}
        .value=${line[field]}
        aria-invalid=${problem ? 'true' : 'false'}
        aria-describedby=${problem ? errorId : nothing}
        @input=${(e: Event) => this.#setLine(line.key, field, (e.target as HTMLInputElement).value)}
      />
      ${problem ? html`<span class="field-error" id=${errorId}>${problem}</span>` : nothing}
    </label>`;
  }

  #renderLine(line: DraftLine, checked: CheckedLine, index: number, count: number): TemplateResult {
    const { problems, figures } = checked;
    const amount = figures ? figures.quantity * figures.unitAmount : undefined;
    const number = index + 1;
    return html`<fieldset part="line">
      <legend>Line ${number}</legend>
      <div class="line">
        ${this.#renderInput(line, 'description', 'Description', this.#problem(problems, 'description', line.description), { wide: true })}
        ${this.#renderInput(line, 'quantity', 'Quantity', this.#problem(problems, 'quantity', line.quantity), { inputmode: 'numeric' })}
        ${this.#renderInput(line, 'unitPrice', `Unit price (${this.#currency})`, this.#problem(problems, 'unitPrice', line.unitPrice), { inputmode: 'decimal' })}
        ${this.#renderInput(line, 'taxRate', 'Tax rate (%)', this.#problem(problems, 'taxRate', line.taxRate), { inputmode: 'decimal' })}
        <div class="field">
          <span class="label" id="line-${line.key}-amount">Amount</span>
          <output aria-labelledby="line-${line.key}-amount"
            >${amount === undefined ? '—' : formatMoney(amount, this.#currency, this.localeTag)}</output
          >
        </div>
        <button
          type="button"
          class="remove end"
          part="button remove-line"
          aria-label="Remove line ${number}"
          ?disabled=${count === 1}
          @click=${() => this.#removeLine(line.key)}
        >
          Remove
        </button>
      </div>
    </fieldset>`;
  }

  #renderCustomer(): TemplateResult | typeof nothing {
    if (this.customerId) return nothing;
    const customers = this._data ?? [];
    const problem = this._submitted && !this._customer ? 'Choose a customer' : undefined;
    return html`<label>
      <span class="label">Customer</span>
      <select
        part="customer"
        name="customer"
        aria-invalid=${problem ? 'true' : 'false'}
        aria-describedby=${problem ? 'customer-error' : nothing}
        @change=${(e: Event) => {
          this._customer = (e.target as HTMLSelectElement).value;
        }}
      >
        <option value="" ?selected=${this._customer === ''}>
          ${customers.length === 0 ? 'No customers yet' : 'Choose a customer'}
        </option>
        ${customers.map(
          (c) =>
            html`<option value=${c.id} ?selected=${this._customer === c.id}>
              ${c.email ? `${c.name} (${c.email})` : c.name}
            </option>`,
        )}
      </select>
      ${problem ? html`<span class="field-error" id="customer-error">${problem}</span>` : nothing}
    </label>`;
  }

  protected override render() {
    const status = this.renderStatus('Loading customers…');
    if (status) return status;
    const currency = this.#currency;
    const locale = this.localeTag;
    const checked = this._lines.map((line) => checkLine(line, currency, locale));
    const totals = draftTotals(checked);
    const canWrite = this.can('invoices:write');
    const money = (minor: bigint) => formatMoney(minor, currency, locale);
    return html`<form part="form" novalidate aria-label="New invoice" @submit=${this.#submit}>
      <div class="row">
        ${this.#renderCustomer()}
        <label>
          <span class="label">Due date (optional)</span>
          <input
            part="input"
            type="date"
            name="due_date"
            .value=${this._dueDate}
            @input=${(e: Event) => {
              this._dueDate = (e.target as HTMLInputElement).value;
            }}
          />
        </label>
      </div>
      <div class="lines">
        ${repeat(
          this._lines,
          (line) => line.key,
          (line, i) => this.#renderLine(line, checked[i] as CheckedLine, i, this._lines.length),
        )}
      </div>
      <div>
        <button type="button" class="add" part="button add-line" @click=${this.#addLine}>Add line</button>
      </div>
      <dl part="totals">
        <div part="total subtotal"><dt>Subtotal</dt><dd>${money(totals.subtotal)}</dd></div>
        <div part="total tax"><dt>Tax</dt><dd>${money(totals.tax)}</dd></div>
        <div part="total total-amount"><dt>Total</dt><dd>${money(totals.total)}</dd></div>
      </dl>
      ${this._submitError ? errorState(this._submitError) : nothing}
      <div class="submit">
        ${
          canWrite
            ? nothing
            : html`<p class="hint" part="read-only">This token cannot create invoices.</p>`
        }
        <div part="notice" role="status">${this._notice ?? ''}</div>
        <button
          type="submit"
          class="primary"
          part="button submit"
          ?disabled=${!canWrite || this._submitting}
        >
          ${this._submitting ? 'Creating…' : 'Create draft invoice'}
        </button>
      </div>
    </form>`;
  }
}

// The element's events, so importing just this element also types its listeners.
export { FinErrorEvent, FinInvoiceCreatedEvent } from './events.js';

if (!customElements.get('fin-invoice-form')) {
  customElements.define('fin-invoice-form', FinInvoiceForm);
}

declare global {
  interface HTMLElementTagNameMap {
    'fin-invoice-form': FinInvoiceForm;
  }
}
