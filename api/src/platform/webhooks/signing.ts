import { Webhook } from 'svix';

export interface SignedHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
  'svix-id': string;
  'svix-timestamp': string;
  'svix-signature': string;
}

/**
 * Standard Webhooks headers (and the same values under Svix's names) for one delivery.
 * `secrets` are the endpoint's live secrets: during a rotation the old one signs too, and
 * the signatures are space-separated so receivers holding either secret verify.
 */
export function signDelivery(
  messageId: string,
  payload: string,
  secrets: readonly string[],
  at: Date = new Date(),
): SignedHeaders {
  // Standard Webhooks timestamps are whole seconds; the signature covers that value.
  const timestamp = new Date(Math.floor(at.getTime() / 1000) * 1000);
  const signature = secrets
    .map((s) => new Webhook(s).sign(messageId, timestamp, payload))
    .join(' ');
  const seconds = String(timestamp.getTime() / 1000);
  return {
    'webhook-id': messageId,
    'webhook-timestamp': seconds,
    'webhook-signature': signature,
    'svix-id': messageId,
    'svix-timestamp': seconds,
    'svix-signature': signature,
  };
}
