/**
 * The SDK for browsers: everything of the package but webhook verification, which needs
 * `node:crypto` and belongs on a server anyway. Bundlers pick this build through the
 * `browser` export condition, so no `crypto` shim is ever needed.
 *
 * @example
 * ```ts
 * import { FinACEverse } from '@finaceverse/sdk'; // resolves here in a browser bundle
 *
 * const fin = new FinACEverse({ apiKey: embedToken });
 * const invoices = await fin.invoices.list({ status: 'open' });
 * ```
 *
 * @packageDocumentation
 */

export { FinACEverse, type FinACEverseOptions } from './client.js';
export type { IdempotentRequestOptions, RequestOptions } from './core.js';
export {
  APIError,
  AuthenticationError,
  ConflictError,
  errorFromResponse,
  FinAPIError,
  type FinAPIErrorInit,
  FinConnectionError,
  FinError,
  type FinErrorType,
  FinTimeoutError,
  FinWebhookVerificationError,
  type FinWebhookVerificationReason,
  IdempotencyError,
  InvalidRequestError,
  NotFoundError,
  PermissionError,
  RateLimitError,
} from './errors.js';
export type { EventStreamOptions } from './event-stream.js';
export { type List, type ListParams, ListPromise } from './pagination.js';
export type { AccountListParams } from './resources/accounts.js';
export type { ApiKeyListParams } from './resources/api-keys.js';
export type { AuditLogListParams } from './resources/audit-logs.js';
export type { CustomerListParams } from './resources/customers.js';
export type { EventListParams, EventRedeliverParams } from './resources/events.js';
export type { InvoiceListParams } from './resources/invoices.js';
export type { JournalEntryListParams } from './resources/journal-entries.js';
export type { TrialBalanceParams } from './resources/reports.js';
export type { TenantListParams } from './resources/tenants.js';
export type {
  WebhookAttemptListParams,
  WebhookEndpointListParams,
  WebhookEndpointRecoverParams,
} from './resources/webhook-endpoints.js';
export type { FetchLike } from './transport.js';
export type * from './types.js';
