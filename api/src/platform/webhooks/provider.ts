import type { WebhookEndpoint } from './endpoints.js';
import type { DeliveryOutcome } from './transport.js';

/** One delivery the dispatcher has claimed: an event for one endpoint of one tenant. */
export interface DeliveryJob {
  tenantId: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  /** The event JSON exactly as the receiver gets it. */
  payload: string;
  url: string;
  /** Live signing secrets, the newest first (two during a rotation). */
  secrets: string[];
  /** Queued again by redeliver or recover: the event was (maybe) handed over before. */
  redelivery: boolean;
}

/**
 * Where deliveries go. The embedded default POSTs them itself (sign + postWebhook); with
 * `SVIX_API_KEY` they are handed to Svix, which fans out, signs and retries on its side.
 * Endpoint changes are mirrored so the provider knows every endpoint and secret.
 */
export interface WebhookProvider {
  readonly name: 'embedded' | 'svix';
  deliver(job: DeliveryJob): Promise<DeliveryOutcome>;
  endpointCreated(tenantId: string, endpoint: WebhookEndpoint, secret: string): Promise<void>;
  endpointUpdated(tenantId: string, endpoint: WebhookEndpoint): Promise<void>;
  endpointDeleted(tenantId: string, endpointId: string): Promise<void>;
  secretRotated(tenantId: string, endpointId: string, secret: string): Promise<void>;
}
