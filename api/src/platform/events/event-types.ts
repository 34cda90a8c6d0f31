/**
 * The catalogue of event types: what each means and which OpenAPI component its
 * `data.object` follows. Every type the platform emits is listed here (a test checks that
 * each emitted type is), so integrators can subscribe knowingly and endpoints can refuse
 * a type that does not exist.
 */
export interface EventTypeInfo {
  description: string;
  /** Name of the OpenAPI component schema of `data.object`. */
  schema: string;
}

export const eventTypes = {
  'tenant.created': { description: 'A tenant was created.', schema: 'Tenant' },
  'api_key.created': { description: 'A tenant API key was created.', schema: 'ApiKey' },
  'api_key.revoked': { description: 'A tenant API key was revoked.', schema: 'ApiKey' },
  'embed_token.created': {
    description: 'An embed token was minted for browser use (the token itself is never in events).',
    schema: 'EmbedToken',
  },
  'account.created': { description: 'An account was added to the chart.', schema: 'Account' },
  'account.updated': { description: "An account's name or details changed.", schema: 'Account' },
  'journal_entry.posted': {
    description: 'A journal entry was posted and balances moved.',
    schema: 'JournalEntry',
  },
  'journal_entry.reversed': {
    description: 'A journal entry was reversed; `reversed_by` names the mirror entry.',
    schema: 'JournalEntry',
  },
  'customer.created': { description: 'A customer was created.', schema: 'Customer' },
  'customer.updated': { description: 'A customer changed.', schema: 'Customer' },
  'customer.deleted': {
    description: 'A customer was deleted (`deleted: true`).',
    schema: 'DeletedCustomer',
  },
  'invoice.created': { description: 'A draft invoice was created.', schema: 'Invoice' },
  'invoice.finalized': {
    description: 'An invoice was finalized (receivable posted); it is now open.',
    schema: 'Invoice',
  },
  'invoice.payment_succeeded': {
    description: 'A payment was recorded against an invoice.',
    schema: 'Invoice',
  },
  'invoice.paid': { description: 'An invoice was paid in full.', schema: 'Invoice' },
  'invoice.voided': { description: 'An open invoice was voided.', schema: 'Invoice' },
  'webhook_endpoint.created': {
    description: 'A webhook endpoint was registered.',
    schema: 'WebhookEndpoint',
  },
  'webhook_endpoint.updated': {
    description: 'A webhook endpoint changed (URL, events, enabled state).',
    schema: 'WebhookEndpoint',
  },
  'webhook_endpoint.deleted': {
    description: 'A webhook endpoint was deleted.',
    schema: 'DeletedWebhookEndpoint',
  },
  'webhook_endpoint.disabled': {
    description:
      'The platform disabled a webhook endpoint: it answered 410 Gone, or failed every attempt for days.',
    schema: 'WebhookEndpoint',
  },
} as const satisfies Record<string, EventTypeInfo>;

export type EventType = keyof typeof eventTypes;

export const isEventType = (type: string): type is EventType => Object.hasOwn(eventTypes, type);
