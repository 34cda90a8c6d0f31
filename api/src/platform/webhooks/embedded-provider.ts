import type { DeliveryJob, WebhookProvider } from './provider.js';
import { signDelivery } from './signing.js';
import type { Resolver } from './ssrf.js';
import { postWebhook } from './transport.js';

/** The default: sign per Standard Webhooks and POST from this process. Endpoint changes
 * need no mirroring: the database is the only copy. */
export class EmbeddedProvider implements WebhookProvider {
  readonly name = 'embedded' as const;

  constructor(
    private readonly options: { timeoutMs: number; allowPrivate: boolean; resolve?: Resolver },
  ) {}

  deliver(job: DeliveryJob) {
    return postWebhook({
      url: job.url,
      headers: { ...signDelivery(job.eventId, job.payload, job.secrets) },
      body: job.payload,
      timeoutMs: this.options.timeoutMs,
      allowPrivate: this.options.allowPrivate,
      ...(this.options.resolve ? { resolve: this.options.resolve } : {}),
    });
  }

  async endpointCreated(): Promise<void> {}
  async endpointUpdated(): Promise<void> {}
  async endpointDeleted(): Promise<void> {}
  async secretRotated(): Promise<void> {}
}
