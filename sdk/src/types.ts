/**
 * The API's objects and request bodies, as generated from the OpenAPI document and named
 * for the SDK's public surface. Fields are snake_case, exactly as on the wire.
 */
import type * as api from './generated/types.gen.js';

/**
 * An account in the chart of accounts, with its posted balance in minor units.
 *
 * @example
 * ```ts
 * const account: Account = await fin.accounts.retrieve('acct_01jd8x2q3m4n5p6r7s8t9v0w1x');
 * console.log(account.code, account.balance);
 * ```
 */
export type Account = api.Account;

/**
 * A tenant API key. `secret` is present only in the response that created it.
 *
 * @example
 * ```ts
 * const key: ApiKey = await fin.apiKeys.create({ role: 'viewer' });
 * ```
 */
export type ApiKey = api.ApiKey;

/**
 * One entry of the hash-chained audit log.
 *
 * @example
 * ```ts
 * const [latest]: AuditLog[] = (await fin.auditLogs.list({ limit: 1 })).data;
 * ```
 */
export type AuditLog = api.AuditLog;

/**
 * The result of recomputing the audit log's hash chain.
 *
 * @example
 * ```ts
 * const check: AuditLogVerification = await fin.auditLogs.verify();
 * ```
 */
export type AuditLogVerification = api.AuditLogVerification;

/**
 * Parameters of `fin.accounts.create()`.
 *
 * @example
 * ```ts
 * const params: CreateAccountRequest = { code: '1010', name: 'Petty cash', type: 'asset', currency: 'USD' };
 * ```
 */
export type CreateAccountRequest = api.CreateAccountRequest;

/**
 * Parameters of `fin.apiKeys.create()`.
 *
 * @example
 * ```ts
 * const params: CreateApiKeyRequest = { role: 'operator', name: 'Billing worker' };
 * ```
 */
export type CreateApiKeyRequest = api.CreateApiKeyRequest;

/**
 * Parameters of `fin.customers.create()`.
 *
 * @example
 * ```ts
 * const params: CreateCustomerRequest = { name: 'Globex', email: 'ap@globex.example' };
 * ```
 */
export type CreateCustomerRequest = api.CreateCustomerRequest;

/**
 * Parameters of `fin.invoices.create()`. Amounts are integers in minor units.
 *
 * @example
 * ```ts
 * const params: CreateInvoiceRequest = {
 *   customer_id: 'cus_01jd8x2q3m4n5p6r7s8t9v0w1x',
 *   currency: 'USD',
 *   lines: [{ description: 'Consulting', quantity: 2, unit_amount: 15_000, tax_rate_bps: 2000 }],
 * };
 * ```
 */
export type CreateInvoiceRequest = api.CreateInvoiceRequest;

/**
 * Parameters of `fin.journalEntries.create()`: at least two lines, balanced per currency.
 *
 * @example
 * ```ts
 * const params: CreateJournalEntryRequest = {
 *   date: '2026-11-22',
 *   lines: [
 *     { account_id: bank.id, direction: 'debit', amount: 1_500 },
 *     { account_id: revenue.id, direction: 'credit', amount: 1_500 },
 *   ],
 * };
 * ```
 */
export type CreateJournalEntryRequest = api.CreateJournalEntryRequest;

/**
 * Parameters of `fin.tenants.create()`.
 *
 * @example
 * ```ts
 * const params: CreateTenantRequest = { name: 'Acme Ltd', metadata: { crm_id: '42' } };
 * ```
 */
export type CreateTenantRequest = api.CreateTenantRequest;

/**
 * Parameters of `fin.webhookEndpoints.create()`.
 *
 * @example
 * ```ts
 * const params: CreateWebhookEndpointRequest = { url: 'https://example.com/hooks', enabled_events: ['*'] };
 * ```
 */
export type CreateWebhookEndpointRequest = api.CreateWebhookEndpointRequest;

/**
 * A customer you invoice.
 *
 * @example
 * ```ts
 * const customer: Customer = await fin.customers.create({ name: 'Globex' });
 * ```
 */
export type Customer = api.Customer;

/**
 * What `fin.customers.del()` returns.
 *
 * @example
 * ```ts
 * const { id, deleted }: DeletedCustomer = await fin.customers.del(customer.id);
 * ```
 */
export type DeletedCustomer = api.DeletedCustomer;

/**
 * What `fin.webhookEndpoints.del()` answers.
 *
 * @example
 * ```ts
 * const gone: DeletedWebhookEndpoint = await fin.webhookEndpoints.del(endpoint.id);
 * ```
 */
export type DeletedWebhookEndpoint = api.DeletedWebhookEndpoint;

/**
 * The body of every API error response; the SDK turns it into a `FinAPIError`.
 *
 * @example
 * ```ts
 * const body: ErrorResponse = await response.json();
 * console.log(body.error.code, body.error.request_id);
 * ```
 */
export type ErrorResponse = api.ErrorResponse;

/**
 * Something that happened in the tenant, with a snapshot of the object in `data.object`.
 *
 * @example
 * ```ts
 * const event: Event = await fin.events.retrieve('evt_01jd8x2q3m4n5p6r7s8t9v0w1x');
 * ```
 */
export type Event = api.Event;

/**
 * One entry of the event type catalogue: the `type`, what it means and the JSON Schema of
 * its `data.object`.
 *
 * @example
 * ```ts
 * const [first]: EventType[] = (await fin.eventTypes.list()).data;
 * ```
 */
export type EventType = api.EventType;

/**
 * Every event type, in one response (`has_more` is always false).
 *
 * @example
 * ```ts
 * const catalogue: EventTypeList = await fin.eventTypes.list();
 * ```
 */
export type EventTypeList = api.EventTypeList;

/**
 * An invoice with its lines, totals and payments. Amounts are in minor units.
 *
 * @example
 * ```ts
 * const invoice: Invoice = await fin.invoices.retrieve('inv_01jd8x2q3m4n5p6r7s8t9v0w1x');
 * console.log(invoice.status, invoice.amount_due);
 * ```
 */
export type Invoice = api.Invoice;

/**
 * One line of an invoice with its computed `amount` and `tax`.
 *
 * @example
 * ```ts
 * const lines: InvoiceLine[] = invoice.lines;
 * ```
 */
export type InvoiceLine = api.InvoiceLine;

/**
 * A posted, immutable journal entry.
 *
 * @example
 * ```ts
 * const entry: JournalEntry = await fin.journalEntries.retrieve('je_01jd8x2q3m4n5p6r7s8t9v0w1x');
 * ```
 */
export type JournalEntry = api.JournalEntry;

/**
 * One debit or credit line of a journal entry.
 *
 * @example
 * ```ts
 * const debits: JournalLine[] = entry.lines.filter((l) => l.direction === 'debit');
 * ```
 */
export type JournalLine = api.JournalLine;

/**
 * Parameters of `fin.invoices.pay()`.
 *
 * @example
 * ```ts
 * const params: PayInvoiceRequest = { amount: 1_500, date: '2026-11-22' };
 * ```
 */
export type PayInvoiceRequest = api.PayInvoiceRequest;

/**
 * A payment recorded against an invoice.
 *
 * @example
 * ```ts
 * const [first]: Payment[] = invoice.payments;
 * ```
 */
export type Payment = api.Payment;

/**
 * What `fin.webhookEndpoints.recover()` answers: how many failed deliveries were queued again.
 *
 * @example
 * ```ts
 * const { requeued }: Recovery = await fin.webhookEndpoints.recover(endpoint.id, { since });
 * ```
 */
export type Recovery = api.Recovery;

/**
 * What `fin.events.redeliver()` answers: the endpoints the event was queued for.
 *
 * @example
 * ```ts
 * const { endpoint_ids }: Redelivery = await fin.events.redeliver(event.id);
 * ```
 */
export type Redelivery = api.Redelivery;

/**
 * Parameters of `fin.journalEntries.reverse()`.
 *
 * @example
 * ```ts
 * const params: ReverseJournalEntryRequest = { date: '2026-11-30', description: 'Posted twice' };
 * ```
 */
export type ReverseJournalEntryRequest = api.ReverseJournalEntryRequest;

/**
 * A tenant: one isolated set of books.
 *
 * @example
 * ```ts
 * const tenant: Tenant = await fin.tenants.retrieve('ten_01jd8x2q3m4n5p6r7s8t9v0w1x');
 * ```
 */
export type Tenant = api.Tenant;

/**
 * A new tenant together with its first admin key (the only time its secret is shown).
 *
 * @example
 * ```ts
 * const created: TenantWithKey = await fin.tenants.create({ name: 'Acme Ltd' });
 * const acme = new FinACEverse({ apiKey: created.api_key.secret! });
 * ```
 */
export type TenantWithKey = api.TenantWithKey;

/**
 * Net posted amounts per account as of a date, with per-currency totals.
 *
 * @example
 * ```ts
 * const tb: TrialBalance = await fin.reports.trialBalance({ as_of: '2026-12-31' });
 * ```
 */
export type TrialBalance = api.TrialBalance;

/**
 * Parameters of `fin.accounts.update()`.
 *
 * @example
 * ```ts
 * const params: UpdateAccountRequest = { name: 'Operating cash', description: null };
 * ```
 */
export type UpdateAccountRequest = api.UpdateAccountRequest;

/**
 * Parameters of `fin.customers.update()`; `email: null` clears it.
 *
 * @example
 * ```ts
 * const params: UpdateCustomerRequest = { email: null };
 * ```
 */
export type UpdateCustomerRequest = api.UpdateCustomerRequest;

/**
 * Parameters of `fin.webhookEndpoints.update()`; `disabled` stops and resumes deliveries.
 *
 * @example
 * ```ts
 * const params: UpdateWebhookEndpointRequest = { enabled_events: ['invoice.paid'], disabled: false };
 * ```
 */
export type UpdateWebhookEndpointRequest = api.UpdateWebhookEndpointRequest;

/**
 * One attempt to deliver an event to an endpoint, with the response or the error.
 *
 * @example
 * ```ts
 * const [latest]: WebhookAttempt[] = (await fin.webhookEndpoints.listAttempts(endpoint.id)).data;
 * ```
 */
export type WebhookAttempt = api.WebhookAttempt;

/**
 * A URL that receives the tenant's events. Its secret is not included after creation.
 *
 * @example
 * ```ts
 * const endpoint: WebhookEndpoint = await fin.webhookEndpoints.retrieve('we_01jd8x2q3m4n5p6r7s8t9v0w1x');
 * ```
 */
export type WebhookEndpoint = api.WebhookEndpoint;

/**
 * An endpoint with its signing `secret` (`whsec_…`), as answered by create and rotation only.
 *
 * @example
 * ```ts
 * const { secret }: WebhookEndpointWithSecret = await fin.webhookEndpoints.rotateSecret(endpoint.id);
 * ```
 */
export type WebhookEndpointWithSecret = api.WebhookEndpointWithSecret;

/**
 * One Excel-compatible function call: `function` picks the function and `args` are typed
 * for it (Excel's argument names, decimal strings, `YYYY-MM-DD` dates).
 *
 * @example
 * ```ts
 * const request: CalculationRequest = { function: 'NPER', args: { rate: '0.01', pmt: '-100', pv: '-1000', fv: '10000' } };
 * ```
 */
export type CalculationRequest = api.CalculationRequest;

/**
 * The answer to one calculation: `result` as a decimal string, or Excel's `error` value.
 *
 * @example
 * ```ts
 * const calc: Calculation = await fin.calculations.create({ function: 'EFFECT', args: { nominal_rate: '0.0525', npery: 4 } });
 * ```
 */
export type Calculation = api.Calculation;

/**
 * The answers to a batch, one per item and in order; refused items are `error` objects.
 *
 * @example
 * ```ts
 * const batch: CalculationBatch = await fin.calculations.batch([{ function: 'SLN', args: { cost: '1000', salvage: '0', life: 4 } }]);
 * ```
 */
export type CalculationBatch = api.CalculationBatch;

/**
 * A batch item refused for invalid arguments; `param` names the argument.
 *
 * @example
 * ```ts
 * const failed = batch.data.filter((d): d is CalculationItemError => d.object === 'error');
 * ```
 */
export type CalculationItemError = api.CalculationItemError;

/**
 * A warning from a solver, e.g. `multiple_sign_changes`.
 *
 * @example
 * ```ts
 * const codes = calc.warnings.map((w: CalculationWarning) => w.code);
 * ```
 */
export type CalculationWarning = api.CalculationWarning;

/**
 * Parameters of `fin.schedules.amortization()`.
 *
 * @example
 * ```ts
 * const params: AmortizationScheduleRequest = { principal: '200000.00', annual_rate: '0.06', periods: 360, currency: 'USD' };
 * ```
 */
export type AmortizationScheduleRequest = api.AmortizationScheduleRequest;

/**
 * Every period of a loan with exact column totals.
 *
 * @example
 * ```ts
 * const loan: AmortizationSchedule = await fin.schedules.amortization(params);
 * ```
 */
export type AmortizationSchedule = api.AmortizationSchedule;

/**
 * Parameters of `fin.schedules.depreciation()`.
 *
 * @example
 * ```ts
 * const params: DepreciationScheduleRequest = { cost: '10000.00', salvage: '1000.00', life: 5, method: 'SYD', currency: 'USD' };
 * ```
 */
export type DepreciationScheduleRequest = api.DepreciationScheduleRequest;

/**
 * Every period of an asset's depreciation.
 *
 * @example
 * ```ts
 * const asset: DepreciationSchedule = await fin.schedules.depreciation(params);
 * ```
 */
export type DepreciationSchedule = api.DepreciationSchedule;

/**
 * Parameters of `fin.taxCalculations.create()`.
 *
 * @example
 * ```ts
 * const params: TaxCalculationRequest = { currency: 'USD', taxes: [{ code: 'ST', rate_bps: 825 }], lines: [{ amount: '19.99' }] };
 * ```
 */
export type TaxCalculationRequest = api.TaxCalculationRequest;

/**
 * Net, taxes and gross per line and for the document, as decimal strings.
 *
 * @example
 * ```ts
 * const tax: TaxCalculation = await fin.taxCalculations.create(params);
 * ```
 */
export type TaxCalculation = api.TaxCalculation;

/**
 * A short-lived browser token; `token` (`ek_…`) is present only when minted.
 *
 * @example
 * ```ts
 * const embed: EmbedToken = await fin.embedTokens.create({ scopes: ['invoices:read'] });
 * ```
 */
export type EmbedToken = api.EmbedToken;

/**
 * Parameters of `fin.embedTokens.create()`.
 *
 * @example
 * ```ts
 * const params: CreateEmbedTokenRequest = { scopes: ['reports:read'], ttl_seconds: 300 };
 * ```
 */
export type CreateEmbedTokenRequest = api.CreateEmbedTokenRequest;
