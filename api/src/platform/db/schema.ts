import type { ColumnType } from 'kysely';

/** Timestamps are written as Date or ISO strings and read back as Date. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** int8 columns come back from pg as strings. */
type BigIntColumn = ColumnType<string, string | number | bigint, string | number | bigint>;
/** A timestamp with a database default: optional on insert. */
type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** An int8 with a database default: optional on insert. */
type DefaultBigInt = ColumnType<
  string,
  string | number | bigint | undefined,
  string | number | bigint
>;
type Json<T> = ColumnType<T, string, string>;

export type Metadata = Record<string, string>;

export interface PartnersTable {
  id: string;
  name: string;
  created_at: DefaultTimestamp;
}

export interface PartnerKeysTable {
  id: string;
  partner_id: string;
  name: string | null;
  key_hash: string;
  last4: string;
  created_at: DefaultTimestamp;
  revoked_at: Timestamp | null;
}

export interface TenantsTable {
  id: string;
  partner_id: string;
  name: string;
  metadata: Json<Metadata>;
  created_at: DefaultTimestamp;
}

export interface TenantHeadsTable {
  tenant_id: string;
  event_seq: BigIntColumn;
  audit_seq: BigIntColumn;
  audit_hash: string;
}

export interface ApiKeysTable {
  id: string;
  tenant_id: string;
  name: string | null;
  role: string;
  key_hash: string;
  last4: string;
  created_by: string | null;
  created_at: DefaultTimestamp;
  revoked_at: Timestamp | null;
}

export interface EmbedTokensTable {
  id: string;
  tenant_id: string;
  minted_by_kind: 'partner' | 'tenant';
  minted_by_key_id: string;
  token_hash: string;
  role: string;
  scopes: string[];
  allowed_origins: string[];
  subject: string | null;
  expires_at: Date;
  created_at: DefaultTimestamp;
}

export interface EventsTable {
  id: string;
  tenant_id: string;
  sequence: BigIntColumn;
  type: string;
  data: Json<{ object: unknown }>;
  request_id: string | null;
  created_at: Timestamp;
}

export interface AuditLogsTable {
  id: string;
  tenant_id: string;
  seq: BigIntColumn;
  actor_type: string;
  actor_id: string;
  action: string;
  object_type: string;
  object_id: string;
  request_id: string;
  created_at: Timestamp;
  hash: string;
}

export interface IdempotencyKeysTable {
  partner_id: string;
  tenant_id: string | null;
  scope: string;
  key: string;
  request_hash: string;
  state: 'in_flight' | 'done';
  response_status: number | null;
  response_body: string | null;
  created_at: DefaultTimestamp;
  locked_at: Timestamp;
}

export interface AccountsTable {
  id: string;
  tenant_id: string;
  code: string;
  name: string;
  type: 'asset' | 'liability' | 'equity' | 'income' | 'expense';
  currency: string;
  description: string | null;
  system_role: string | null;
  metadata: Json<Metadata>;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface AccountBalancesTable {
  tenant_id: string;
  account_id: string;
  slot: number;
  debits: DefaultBigInt;
  credits: DefaultBigInt;
}

export interface JournalEntriesTable {
  id: string;
  tenant_id: string;
  date: ColumnType<string, string, string>;
  description: string | null;
  reverses_id: string | null;
  source_type: string | null;
  source_id: string | null;
  metadata: Json<Metadata>;
  created_at: Timestamp;
}

export interface JournalLinesTable {
  id: string;
  tenant_id: string;
  journal_entry_id: string;
  line_no: number;
  account_id: string;
  direction: 'debit' | 'credit';
  amount: BigIntColumn;
  currency: string;
}

export interface CustomersTable {
  id: string;
  tenant_id: string;
  name: string;
  email: string | null;
  metadata: Json<Metadata>;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
  deleted_at: Timestamp | null;
}

export interface InvoicesTable {
  id: string;
  tenant_id: string;
  customer_id: string;
  currency: string;
  status: 'draft' | 'open' | 'paid' | 'void';
  due_date: ColumnType<string | null, string | null | undefined, string | null>;
  subtotal: BigIntColumn;
  tax: BigIntColumn;
  total: BigIntColumn;
  amount_paid: DefaultBigInt;
  finalized_entry_id: string | null;
  void_entry_id: string | null;
  metadata: Json<Metadata>;
  created_at: DefaultTimestamp;
  finalized_at: Timestamp | null;
  paid_at: Timestamp | null;
  voided_at: Timestamp | null;
}

export interface InvoiceLinesTable {
  id: string;
  tenant_id: string;
  invoice_id: string;
  line_no: number;
  description: string;
  quantity: BigIntColumn;
  unit_amount: BigIntColumn;
  tax_rate_bps: number;
  amount: BigIntColumn;
  tax: BigIntColumn;
}

export interface PaymentsTable {
  id: string;
  tenant_id: string;
  invoice_id: string;
  amount: BigIntColumn;
  currency: string;
  date: ColumnType<string, string, string>;
  journal_entry_id: string;
  created_at: DefaultTimestamp;
}

export interface WebhookEndpointsTable {
  id: string;
  tenant_id: string;
  url: string;
  description: string | null;
  enabled_events: string[];
  disabled: ColumnType<boolean, boolean | undefined, boolean>;
  disabled_reason: 'requested' | 'gone' | 'failing' | null;
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: Timestamp | null;
  metadata: Json<Metadata>;
  failing_since: Timestamp | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
  deleted_at: Timestamp | null;
}

export type DeliveryStatus = 'pending' | 'succeeded' | 'failed';

export interface WebhookDeliveriesTable {
  tenant_id: string;
  endpoint_id: string;
  event_id: string;
  status: DeliveryStatus;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: Timestamp | null;
  locked_until: Timestamp | null;
  last_attempt_at: Timestamp | null;
  redelivery: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface WebhookAttemptsTable {
  id: string;
  tenant_id: string;
  endpoint_id: string;
  event_id: string;
  attempt: number;
  succeeded: boolean;
  response_status: number | null;
  response_body: string | null;
  error: string | null;
  duration_ms: number;
  next_retry_at: Timestamp | null;
  created_at: DefaultTimestamp;
}

export interface Database {
  partners: PartnersTable;
  partner_keys: PartnerKeysTable;
  tenants: TenantsTable;
  tenant_heads: TenantHeadsTable;
  api_keys: ApiKeysTable;
  events: EventsTable;
  audit_logs: AuditLogsTable;
  idempotency_keys: IdempotencyKeysTable;
  accounts: AccountsTable;
  account_balances: AccountBalancesTable;
  journal_entries: JournalEntriesTable;
  journal_lines: JournalLinesTable;
  customers: CustomersTable;
  invoices: InvoicesTable;
  invoice_lines: InvoiceLinesTable;
  payments: PaymentsTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
  embed_tokens: EmbedTokensTable;
}
