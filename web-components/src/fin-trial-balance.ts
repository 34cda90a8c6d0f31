import type { FinACEverse, TrialBalance } from '@finaceverse/sdk';
import { html, type PropertyDeclarations } from 'lit';
import './fin-provider.js';
import { FinElement } from './internal/fin-element.js';
import { formatDate, formatMoney } from './internal/format.js';
import { emptyState } from './internal/states.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The trial balance: every account with posted entries up to `as-of` (inclusive; default
 * today), its debit or credit balance, and debit and credit totals per currency (which are
 * always equal). Needs `reports:read`.
 *
 * @summary Accounts with debit/credit columns and per-currency totals as of a date.
 * @tagname fin-trial-balance
 *
 * @fires {FinErrorEvent} fin-error - A call failed; `detail` has the message and request id.
 *
 * @csspart table - The `<table>`.
 * @csspart header - Each column header cell.
 * @csspart row - Each account row.
 * @csspart total - Each per-currency totals row.
 * @csspart button - The "Try again" button of the error state.
 * @csspart loading - The loading state.
 * @csspart empty - Shown when nothing is posted yet.
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
 *   <fin-trial-balance as-of="2026-12-31" locale="de-DE"></fin-trial-balance>
 * </fin-provider>
 * ```
 */
export class FinTrialBalance extends FinElement<TrialBalance> {
  static override properties: PropertyDeclarations = {
    asOf: { type: String, attribute: 'as-of' },
  };

  /** The date (`YYYY-MM-DD`, inclusive) to report at; default today (the API's). */
  declare asOf: string | undefined;

  protected override loadKey(): string {
    return this.asOf ?? '';
  }

  protected override load(client: FinACEverse, signal: AbortSignal): Promise<TrialBalance> {
    const asOf = this.asOf && DATE.test(this.asOf) ? this.asOf : undefined;
    return client.reports.trialBalance(asOf ? { as_of: asOf } : {}, { signal });
  }

  protected override render() {
    const status = this.renderStatus('Loading trial balance…');
    if (status) return status;
    const tb = this._data as TrialBalance;
    const locale = this.localeTag;
    const asOf = formatDate(tb.as_of, locale);
    if (tb.accounts.length === 0) return emptyState(`Nothing posted as of ${asOf}.`);
    const several = tb.totals.length > 1;
    return html`<div class="scroll">
      <table part="table">
        <caption>Trial balance as of ${asOf}</caption>
        <thead>
          <tr>
            <th scope="col" part="header">Code</th>
            <th scope="col" part="header">Account</th>
            <th scope="col" part="header" class="num">Debit</th>
            <th scope="col" part="header" class="num">Credit</th>
          </tr>
        </thead>
        <tbody>
          ${tb.accounts.map(
            (row) => html`<tr part="row">
              <td>${row.code}</td>
              <th scope="row">${row.name}</th>
              <td class="num">${row.debit ? formatMoney(row.debit, row.currency, locale) : ''}</td>
              <td class="num">${row.credit ? formatMoney(row.credit, row.currency, locale) : ''}</td>
            </tr>`,
          )}
        </tbody>
        <tfoot>
          ${tb.totals.map(
            (total) => html`<tr part="total">
              <th scope="row" colspan="2">Total${several ? ` ${total.currency}` : ''}</th>
              <td class="num">${formatMoney(total.debit, total.currency, locale)}</td>
              <td class="num">${formatMoney(total.credit, total.currency, locale)}</td>
            </tr>`,
          )}
        </tfoot>
      </table>
    </div>`;
  }
}

// The element's events, so importing just this element also types its listeners.
export { FinErrorEvent } from './events.js';

if (!customElements.get('fin-trial-balance')) {
  customElements.define('fin-trial-balance', FinTrialBalance);
}

declare global {
  interface HTMLElementTagNameMap {
    'fin-trial-balance': FinTrialBalance;
  }
}
