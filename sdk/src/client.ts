import { Core } from './core.js';
import { Accounts } from './resources/accounts.js';
import { ApiKeys } from './resources/api-keys.js';
import { AuditLogs } from './resources/audit-logs.js';
import { Calculations } from './resources/calculations.js';
import { Customers } from './resources/customers.js';
import { EmbedTokens } from './resources/embed-tokens.js';
import { EventTypes } from './resources/event-types.js';
import { Events } from './resources/events.js';
import { Invoices } from './resources/invoices.js';
import { JournalEntries } from './resources/journal-entries.js';
import { Reports } from './resources/reports.js';
import { Schedules } from './resources/schedules.js';
import { TaxCalculations } from './resources/tax-calculations.js';
import { Tenants } from './resources/tenants.js';
import { WebhookEndpoints } from './resources/webhook-endpoints.js';
import type { FetchLike } from './transport.js';

/**
 * Options of `new FinACEverse(...)`.
 *
 * @example
 * ```ts
 * const options: FinACEverseOptions = {
 *   apiKey: process.env.FIN_API_KEY!,
 *   baseUrl: 'https://api.finaceverse.example',
 *   maxRetries: 3,
 *   timeoutMs: 30_000,
 * };
 * ```
 */
export interface FinACEverseOptions {
  /** A tenant key (`sk_…`) or a partner key (`psk_…`). */
  apiKey: string;
  /** Default `http://localhost:4000`. */
  baseUrl?: string;
  /** Sent as `Fin-Tenant`: lets a partner key act inside one of its tenants. */
  tenant?: string;
  /** Retries after the first attempt of each request. Default 2. */
  maxRetries?: number;
  /** Per-attempt timeout in milliseconds. Default 60000. */
  timeoutMs?: number;
  /** A `fetch` to send requests with. Default `globalThis.fetch`. */
  fetch?: FetchLike;
}

const DEFAULT_BASE_URL = 'http://localhost:4000';

function integerAtLeast(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) {
    throw new TypeError(`${name} must be an integer of at least ${min}, got ${value}`);
  }
  return value;
}

/**
 * The FinACEverse API client. Methods return the API's objects (snake_case, as on the
 * wire) and throw a typed {@link FinAPIError} subclass on error responses. Requests are
 * retried with backoff on connection errors, timeouts, 429 and 5xx; every POST carries an
 * `Idempotency-Key` so a retry never applies twice.
 *
 * @example
 * ```ts
 * import { FinACEverse } from '@finaceverse/sdk';
 *
 * const fin = new FinACEverse({ apiKey: process.env.FIN_API_KEY! });
 * const customer = await fin.customers.create({ name: 'Globex' });
 * for await (const invoice of fin.invoices.list({ customer_id: customer.id })) {
 *   console.log(invoice.id, invoice.status);
 * }
 * ```
 */
export class FinACEverse {
  /** Tenants of the calling partner (partner keys only). */
  readonly tenants: Tenants;
  /** The tenant's API keys (admin only). */
  readonly apiKeys: ApiKeys;
  /** The chart of accounts. */
  readonly accounts: Accounts;
  /** Double-entry journal entries. */
  readonly journalEntries: JournalEntries;
  /** Financial reports. */
  readonly reports: Reports;
  /** Customers. */
  readonly customers: Customers;
  /** Invoices. */
  readonly invoices: Invoices;
  /** Events. */
  readonly events: Events;
  /** The catalogue of event types. */
  readonly eventTypes: EventTypes;
  /** Webhook endpoints and their delivery attempts (manager keys and above). */
  readonly webhookEndpoints: WebhookEndpoints;
  /** The hash-chained audit log. */
  readonly auditLogs: AuditLogs;
  /** Short-lived browser tokens for the web components. */
  readonly embedTokens: EmbedTokens;
  /** Excel-compatible financial functions, one at a time or in batches. */
  readonly calculations: Calculations;
  /** Loan amortization and depreciation schedules. */
  readonly schedules: Schedules;
  /** Tax on a document's lines. */
  readonly taxCalculations: TaxCalculations;
  readonly #options: FinACEverseOptions;

  constructor(options: FinACEverseOptions) {
    if (typeof options.apiKey !== 'string' || options.apiKey.trim() === '') {
      throw new TypeError('apiKey is required: pass a tenant key (sk_…) or a partner key (psk_…)');
    }
    this.#options = { ...options };
    const core = new Core({
      apiKey: options.apiKey,
      baseUrl: options.baseUrl ?? DEFAULT_BASE_URL,
      tenant: options.tenant,
      maxRetries: integerAtLeast('maxRetries', options.maxRetries ?? 2, 0),
      timeoutMs: integerAtLeast('timeoutMs', options.timeoutMs ?? 60_000, 1),
      fetch: options.fetch ?? ((request) => globalThis.fetch(request)),
    });
    this.tenants = new Tenants(core);
    this.apiKeys = new ApiKeys(core);
    this.accounts = new Accounts(core);
    this.journalEntries = new JournalEntries(core);
    this.reports = new Reports(core);
    this.customers = new Customers(core);
    this.invoices = new Invoices(core);
    this.events = new Events(core);
    this.eventTypes = new EventTypes(core);
    this.webhookEndpoints = new WebhookEndpoints(core);
    this.auditLogs = new AuditLogs(core);
    this.embedTokens = new EmbedTokens(core);
    this.calculations = new Calculations(core);
    this.schedules = new Schedules(core);
    this.taxCalculations = new TaxCalculations(core);
  }

  /**
   * The tenant this client acts in via `Fin-Tenant`, if any.
   *
   * @example
   * ```ts
   * partner.withTenant('ten_01jd8x2q3m4n5p6r7s8t9v0w1x').tenant; // 'ten_01jd8x2q3m4n5p6r7s8t9v0w1x'
   * ```
   */
  get tenant(): string | undefined {
    return this.#options.tenant;
  }

  /**
   * A new client with the same options that acts inside `tenantId` (`Fin-Tenant`), for a
   * partner key working across its tenants.
   *
   * @example
   * ```ts
   * const partner = new FinACEverse({ apiKey: process.env.FIN_PARTNER_KEY! });
   * const { id } = await partner.tenants.create({ name: 'Acme Ltd' });
   * const acme = partner.withTenant(id);
   * await acme.customers.create({ name: 'First customer' });
   * ```
   */
  withTenant(tenantId: string): FinACEverse {
    return new FinACEverse({ ...this.#options, tenant: tenantId });
  }
}
