import type { FinACEverse } from '@finaceverse/sdk';
import { createContext } from '@lit/context';

/**
 * What `<fin-provider>` gives the elements inside it.
 *
 * @example
 * ```ts
 * const config: FinConfig = {
 *   baseUrl: 'http://localhost:4000',
 *   token: 'ek_…',
 *   locale: 'en-GB',
 *   scopes: ['invoices:write'],
 *   client: new FinACEverse({ apiKey: 'ek_…' }),
 * };
 * ```
 */
export interface FinConfig {
  /** The API's base URL; `undefined` means the SDK's default. */
  baseUrl: string | undefined;
  /** The current embed token (a refresh replaces it). */
  token: string | undefined;
  /** Default locale of the elements inside the provider. */
  locale: string | undefined;
  /** What the token allows, as the host told the provider; `undefined` when not told. */
  scopes: readonly string[] | undefined;
  /** The SDK client every call goes through; `undefined` until there is a token. */
  client: FinACEverse | undefined;
}

/**
 * The Lit context key of {@link FinConfig}. `Symbol.for` keeps one key even when the ESM
 * build and the bundle both end up on a page.
 *
 * @example
 * ```ts
 * new ContextConsumer(this, { context: finConfigContext, subscribe: true });
 * ```
 */
export const finConfigContext = createContext<FinConfig | undefined>(
  Symbol.for('@finaceverse/web-components:config'),
);
