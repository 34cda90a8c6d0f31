import type { Core, IdempotentRequestOptions } from '../core.js';
import { createEmbedToken } from '../generated/sdk.gen.js';
import type { CreateEmbedTokenRequest, EmbedToken } from '../generated/types.gen.js';

/**
 * Short-lived tokens (`ek_…`) for browsers, e.g. for `@finaceverse/web-components`. Mint
 * them on your server with a secret key; never put a secret key in a page.
 *
 * @example
 * ```ts
 * const { token, expires_at } = await fin.embedTokens.create({
 *   scopes: ['invoices:read', 'customers:read'],
 *   allowed_origins: ['https://app.example.com'],
 *   ttl_seconds: 600,
 * });
 * ```
 */
export class EmbedTokens {
  readonly #core: Core;

  constructor(core: Core) {
    this.#core = core;
  }

  /**
   * Mints a token limited to `scopes` (never more than this key may do), usable from
   * `allowed_origins` (any when omitted) for at most 15 minutes.
   *
   * @example
   * ```ts
   * // In your server's route that the page calls for a fresh token:
   * const embed = await fin.embedTokens.create({
   *   scopes: ['invoices:write', 'customers:read', 'reports:read'],
   *   allowed_origins: ['https://app.example.com'],
   *   subject: currentUser.id,
   * });
   * res.json({ token: embed.token, expires_at: embed.expires_at });
   * ```
   */
  create(params: CreateEmbedTokenRequest, options?: IdempotentRequestOptions): Promise<EmbedToken> {
    return this.#core.request(options, (call) => createEmbedToken({ ...call, body: params }));
  }
}
