import { type FetchLike, FinACEverse } from '@finaceverse/sdk';
import { ContextProvider } from '@lit/context';
import { css, html, LitElement, type PropertyDeclarations, type PropertyValues } from 'lit';
import { type FinConfig, finConfigContext } from './internal/context.js';
import { parseScopes } from './internal/scopes.js';

/** Whether a 401 says the embed token expired (and not, say, that it was revoked). */
async function isTokenExpired(response: Response): Promise<boolean> {
  if (response.status !== 401) return false;
  try {
    const body: unknown = await response.clone().json();
    const error = typeof body === 'object' && body !== null && 'error' in body ? body.error : null;
    return (
      typeof error === 'object' &&
      error !== null &&
      'code' in error &&
      error.code === 'token_expired'
    );
  } catch {
    return false;
  }
}

function bearerOf(request: Request): string | undefined {
  return request.headers.get('authorization')?.replace(/^Bearer\s+/i, '');
}

/**
 * Connects the FinACEverse elements inside it to the API: it holds the base URL, the embed
 * token and the default locale, and gives every descendant element the SDK client through
 * Lit context. Set `fetchToken` to refresh an expiring token: when a call answers 401
 * `token_expired`, the provider asks for a new token, swaps the client and retries the call
 * once, so the elements never see the error.
 *
 * Mint the token on your server (`fin.embedTokens.create(...)`) and never put a secret key
 * in a page.
 *
 * @summary Supplies the API URL, embed token, scopes and locale to the elements inside it.
 * @tagname fin-provider
 * @slot - The FinACEverse elements (and anything else) this provider configures.
 *
 * @cssproperty --fin-color-primary - Set on the provider (or any ancestor) to theme every element inside: custom properties inherit through shadow roots. See each element for the full list.
 * @cssproperty --fin-font-family - Font of every element inside.
 *
 * @example
 * ```html
 * <fin-provider base-url="https://api.example.com" token="ek_…" scopes="invoices:write customers:read" locale="en-GB">
 *   <fin-invoice-list></fin-invoice-list>
 * </fin-provider>
 * <script type="module">
 *   document.querySelector('fin-provider').fetchToken = async () =>
 *     (await (await fetch('/embed-token', { method: 'POST' })).json()).token;
 * </script>
 * ```
 */
export class FinProvider extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
    :host([hidden]) {
      display: none;
    }
  `;

  static override properties: PropertyDeclarations = {
    baseUrl: { type: String, attribute: 'base-url' },
    token: { type: String },
    locale: { type: String },
    scopes: { type: String },
    fetchToken: { attribute: false },
  };

  /** The API's base URL, e.g. `https://api.example.com` (default `http://localhost:4000`). */
  declare baseUrl: string | undefined;
  /** The embed token (`ek_…`) every call is made with. A refresh replaces it. */
  declare token: string | undefined;
  /** Default locale (BCP 47) of the elements inside; default `navigator.language`. */
  declare locale: string | undefined;
  /**
   * What the token allows, space- or comma-separated as minted (e.g.
   * `invoices:write customers:read`). Elements hide or disable actions the token cannot
   * do; without it they show every action and let the API answer 403.
   */
  declare scopes: string | undefined;
  /**
   * Called for a fresh token when the current one has expired (and at start when there is
   * no `token` yet). Resolve with the new `ek_…` token, minted by your server.
   */
  declare fetchToken: (() => Promise<string>) | undefined;

  // Present from the start, so a descendant can tell "inside a provider, no token yet".
  readonly #context = new ContextProvider(this, {
    context: finConfigContext,
    initialValue: {
      baseUrl: undefined,
      token: undefined,
      locale: undefined,
      scopes: undefined,
      client: undefined,
    },
  });
  #refreshing: Promise<string | undefined> | undefined;

  /** The SDK's `fetch`: the browser's, plus one transparent retry after a token refresh. */
  readonly #fetch: FetchLike = async (request) => {
    const spare = this.fetchToken ? request.clone() : undefined;
    const response = await globalThis.fetch(request);
    if (!spare || !(await isTokenExpired(response))) return response;
    const token = await this.#freshToken(bearerOf(request));
    if (!token) return response;
    const headers = new Headers(spare.headers);
    headers.set('authorization', `Bearer ${token}`);
    return globalThis.fetch(new Request(spare, { headers }));
  };

  /**
   * A token newer than `expired`: the current one if another call already refreshed it,
   * else one from `fetchToken` (one request however many calls failed at once).
   */
  #freshToken(expired: string | undefined): Promise<string | undefined> {
    if (this.token && this.token !== expired) return Promise.resolve(this.token);
    this.#refreshing ??= this.#callFetchToken().finally(() => {
      this.#refreshing = undefined;
    });
    return this.#refreshing;
  }

  async #callFetchToken(): Promise<string | undefined> {
    const fetchToken = this.fetchToken;
    if (!fetchToken) return undefined;
    try {
      const token = await fetchToken();
      if (typeof token !== 'string' || token === '') return undefined;
      this.token = token;
      return token;
    } catch (error) {
      console.error('fin-provider: fetchToken failed', error);
      return undefined;
    }
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (
      changed.has('baseUrl') ||
      changed.has('token') ||
      changed.has('locale') ||
      changed.has('scopes')
    ) {
      this.#context.setValue(this.#configuration(changed));
    }
    if (!this.token && this.fetchToken && !this.#refreshing) void this.#freshToken(undefined);
  }

  #configuration(changed: PropertyValues<this>): FinConfig {
    const previous = this.#context.value;
    const connectionChanged = changed.has('baseUrl') || changed.has('token');
    const client =
      connectionChanged || !previous?.client
        ? this.token
          ? new FinACEverse({
              apiKey: this.token,
              baseUrl: this.baseUrl || undefined,
              fetch: this.#fetch,
            })
          : undefined
        : previous.client;
    return {
      baseUrl: this.baseUrl || undefined,
      token: this.token || undefined,
      locale: this.locale || undefined,
      scopes: parseScopes(this.scopes),
      client,
    };
  }

  protected override render() {
    return html`<slot></slot>`;
  }
}

if (!customElements.get('fin-provider')) customElements.define('fin-provider', FinProvider);

declare global {
  interface HTMLElementTagNameMap {
    'fin-provider': FinProvider;
  }
}
