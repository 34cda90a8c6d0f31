/**
 * Framework-free web components for the FinACEverse API. Importing this module defines
 * every element; import `@finaceverse/web-components/<tag>` to define just one.
 *
 * @example
 * ```ts
 * import '@finaceverse/web-components';
 * document.body.innerHTML = `
 *   <fin-provider base-url="https://api.example.com" token="${token}">
 *     <fin-invoice-list></fin-invoice-list>
 *   </fin-provider>`;
 * ```
 *
 * @packageDocumentation
 */

export {
  FinCustomerSelectEvent,
  FinErrorEvent,
  type FinErrorInfo,
  type FinEventMap,
  FinInvoiceCreatedEvent,
  FinInvoiceFinalizedEvent,
  FinInvoicePaidEvent,
  FinInvoiceSelectEvent,
  FinInvoiceVoidedEvent,
  FinJournalEntryCreatedEvent,
} from './events.js';
export { FinCustomerList } from './fin-customer-list.js';
export { FinInvoiceDetail } from './fin-invoice-detail.js';
export { FinInvoiceForm } from './fin-invoice-form.js';
export { FinInvoiceList } from './fin-invoice-list.js';
export { FinJournalEntryForm } from './fin-journal-entry-form.js';
export { FinProvider } from './fin-provider.js';
export { FinTrialBalance } from './fin-trial-balance.js';
export { type FinConfig, finConfigContext } from './internal/context.js';
