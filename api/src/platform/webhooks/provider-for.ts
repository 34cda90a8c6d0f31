import type { Config } from '../../config.js';
import { EmbeddedProvider } from './embedded-provider.js';
import type { WebhookProvider } from './provider.js';
import { SvixProvider } from './svix-provider.js';

/** Svix when `SVIX_API_KEY` is set (scale adapter), else the embedded dispatcher's own HTTP. */
export function webhookProviderFor(config: Config): WebhookProvider {
  if (config.SVIX_API_KEY) {
    return new SvixProvider({
      apiKey: config.SVIX_API_KEY,
      ...(config.SVIX_SERVER_URL ? { serverUrl: config.SVIX_SERVER_URL } : {}),
      timeoutMs: Math.max(1000, Math.floor(config.FIN_WEBHOOK_TIMEOUT_MS / 2)),
    });
  }
  return new EmbeddedProvider({
    timeoutMs: config.FIN_WEBHOOK_TIMEOUT_MS,
    allowPrivate: config.FIN_WEBHOOK_ALLOW_PRIVATE,
  });
}
